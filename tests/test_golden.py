"""Golden output: the fixture site builds to exactly the committed files.

After an intended change to templates or rendering, regenerate with:
    AZE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import MakeSite

from aze_site.build import BuildOptions, build
from aze_site.publish.blobs import MemoryWriter

GOLDEN = Path(__file__).resolve().parent / "golden"
TEXT = (".html", ".xml", ".txt")


def test_fixture_site_matches_golden_output(make_site: MakeSite) -> None:
    memory = MemoryWriter()
    build(BuildOptions(root=make_site(), jobs=1), memory=memory)
    produced = {rel: data for rel, data in memory.files.items() if rel.endswith(TEXT)}
    if os.environ.get("AZE_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes()
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(produced) == sorted(expected)
    for rel, data in produced.items():
        assert data.decode() == expected[rel].decode(), f"{rel} differs from tests/golden/{rel}"
