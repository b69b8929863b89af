"""Pagefind's index made byte-stable: the same pages give the same files, run after run.

Pagefind (1.5) writes the values of each filter, and the list of filters in its meta
file, in hash-map order, which changes from run to run; every other file is already
stable. This module puts those lists in sorted order and renames the files after their
new content, so two builds of the same sources stay byte-identical.

Only what Pagefind writes is understood here (`cbor.read` checks that every file decodes
and re-encodes to exactly its own bytes); anything else is left as Pagefind wrote it.
"""

from __future__ import annotations

import json
from pathlib import Path

from aze_site.search.cbor import SIGNATURE, Unknown, content_name, encode, read, write


def stabilise(bundle: Path) -> bool:
    """Sort the filter values and the filter list of every language, and the languages;
    False: left as it was."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plan = []
        for language, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = read(meta_path)
            filters = meta[3]  # [version, pages, index chunks, filters, sorts, ...]
            if not all(isinstance(f, list) and len(f) == 2 for f in filters):
                raise Unknown("unexpected filter list")
            chunks = {name: read(bundle / "filter" / f"{chunk}.pf_filter")
                      for name, chunk in filters}
            plan.append((language, info, meta_path, meta, chunks))
    except (OSError, ValueError, KeyError, IndexError, TypeError):  # Unknown included
        return False
    for language, info, meta_path, meta, chunks in plan:
        for _, chunk in meta[3]:
            (bundle / "filter" / f"{chunk}.pf_filter").unlink()
        renamed = []
        for name in sorted(chunks, key=str):
            content = chunks[name]
            content[1].sort(key=lambda v: str(v[0]))
            new = content_name(language, SIGNATURE + encode(content), 7)
            write(bundle / "filter" / f"{new}.pf_filter", content)
            renamed.append([name, new])
        meta[3] = renamed
        meta_path.unlink()
        body = SIGNATURE + encode(meta)
        info["hash"] = content_name(language, body, 10)
        write(bundle / f"pagefind.{info['hash']}.pf_meta", meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind's order varies
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True
