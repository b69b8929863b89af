"""Fixtures: small site projects written inline, with the shipped theme."""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium
from PIL import Image

from aze_site.build import search

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test Alliance
base_url: https://test.example.org/
language: en
description: A small test site.
hero: {image: hero.jpg}
nav:
  - {title: Sites, url: /sites/}
forms:
  submit_url: https://forms.example.net/submit
  update_url: https://forms.example.net/update?site={slug}
"""

CRITERIA_YAML = """\
- code: A
  title: Threatened biodiversity
  criteria:
    - code: A1a
      title: Threatened species
      description: Part of the population of a CR or EN species.
    - code: A1e
      title: Entire population
      description: Effectively the entire population of a CR or EN species.
"""

PARTNERS_YAML = """\
- name: Test Partner
  short_name: TP
  url: https://partner.example.org
"""

AUDIENCES_YAML = """\
- audience: Policy makers
  action: Include AZE sites in strategies
  link_text: Government resources
  page: pages/act.md
"""

IMAGES_YAML = """\
hero.jpg:
  alt: A drawn landscape
  credit: Test Illustrator
  license: CC0 1.0
"""

SITE_MD = """\
---
name: Chapada do Araripe
iso3: BRA
location: {lat: -7.25, lon: -39.45}
area_km2: 28
criteria: [A1e]
protection: partial
species:
  - name: Antilophia bokermanni
    common_name: Araripe manakin
    group: birds
    status: CR
updated: 2018-11-13
---
## Why it matters

The only home of the manakin. See [the criteria](../pages/criteria.md#a1e).
"""

SENSITIVE_MD = """\
---
name: Xichu
iso3: MEX
location: {lat: 21.2987, lon: -100.0577}
criteria: [A1e]
protection: none
species:
  - name: Mammillaria marcosii
    group: plants
    status: CR
    sensitive: true
---
A cactus site.
"""

FILES: dict[str, str] = {
    "content/site.yaml": SITE_YAML,
    "content/criteria.yaml": CRITERIA_YAML,
    "content/partners.yaml": PARTNERS_YAML,
    "content/audiences.yaml": AUDIENCES_YAML,
    "content/images/images.yaml": IMAGES_YAML,
    "content/pages/index.md": "---\ntitle: Home\n---\nWelcome to the [sites](/sites/).\n",
    "content/pages/act.md": "---\ntitle: Act\ndescription: Act now.\n---\n## Policy\n\nText.\n",
    "content/pages/criteria.md": "---\ntitle: KBA criteria\nlayout: criteria\n---\nIntro.\n",
    "content/pages/partners.md": "---\ntitle: Partners\nlayout: partners\n---\nIntro.\n",
    "content/sites/chapada-do-araripe.md": SITE_MD,
    "content/sites/xichu.md": SENSITIVE_MD,
    "content/news/2018-11-13-update.md": "---\ntitle: The 2018 update\n---\n853 sites.\n",
}


# The fixture is warned about on purpose (see test_diagnostics): its addresses are reserved
# example ones, so that nothing a test builds can point at a real site, and it states no
# data licence. Tests that compare every diagnostic leave these out (`own`).
FIXTURE_WARNINGS = [
    "content/partners.yaml:3:8: warning: partner[0].url: 'https://partner.example.org' is a "
    "reserved example address (example.org), not a real one: write the partner's real website",
    "content/site.yaml:1:1: warning: data: 'license' is missing, so the downloads say \"See the "
    "site's terms\": add data: {license: ...} saying on what terms the data may be reused",
    "content/site.yaml:2:11: warning: base_url: 'https://test.example.org/' is a reserved example "
    "address (example.org), not a real one: write the address the site is published at (feeds, "
    "the sitemap and link previews use it)",
    "content/site.yaml:9:15: warning: forms.submit_url: 'https://forms.example.net/submit' is a "
    "reserved example address (example.net), not a real one: write the address of the real form, "
    "or the path of a page of this site that explains what to do (e.g. /nominate/ for "
    "content/pages/nominate.md)",
    "content/site.yaml:10:15: warning: forms.update_url: 'https://forms.example.net/update?site="
    "{slug}' is a reserved example address (example.net), not a real one: write the address of "
    "the real form, or the path of a page of this site that explains what to do (e.g. /nominate/ "
    "for content/pages/nominate.md)",
]


# The fixture without those warnings: real-looking addresses that lead nowhere real, form
# addresses that are pages of the site, and a stated data licence.
QUIET: dict[str, str | None] = {
    "content/site.yaml": SITE_YAML.replace("https://test.example.org/", "https://zero-test.org/")
    .replace("https://forms.example.net/submit", "/act/")
    .replace("https://forms.example.net/update?site={slug}", "/act/")
    + "data: {license: CC BY 4.0}\n",
    "content/partners.yaml": PARTNERS_YAML.replace("https://partner.example.org",
                                                   "https://partner.zero-test.org"),
}


def own(lines: list[str]) -> list[str]:
    """Diagnostic lines without the fixture's own warnings (FIXTURE_WARNINGS; errors under
    --strict)."""
    return [line for line in lines
            if line.replace(": error: ", ": warning: ", 1) not in FIXTURE_WARNINGS]


def jpeg(width: int = 64, height: int = 48, color: tuple[int, int, int] = (40, 120, 80)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG", quality=80)
    return buf.getvalue()


MakeSite = Callable[..., Path]


class Hung(BaseException):  # no OSError (TimeoutError is one): no `except OSError` takes it
    pass


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, when what runs inside takes longer (reading a named pipe
    waits for a writer forever): the alarm interrupts the wait with Hung."""
    def expired(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s: it hangs")

    before = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def files_of(root: Path, **options: object) -> dict[str, bytes]:
    """Every file a build of `root` publishes, built in memory."""
    from aze_site.build import BuildOptions, build
    from aze_site.publish.blobs import MemoryWriter

    memory = MemoryWriter()
    build(BuildOptions(root=root, jobs=1, **options), memory=memory)  # type: ignore[arg-type]
    return memory.files


def errors_of(root: Path) -> list[str]:
    """The diagnostics of a build of `root` that fails (the test's own lines only)."""
    from aze_site.build import BuildOptions, build
    from aze_site.errors import BuildFailed
    from aze_site.publish.blobs import MemoryWriter

    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    return own([str(d) for d in failed.value.report.items])


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write a small valid site; `files` overrides (None removes) files by path."""

    def make(files: dict[str, str | None] | None = None, name: str = "site") -> Path:
        root = tmp_path / name
        shutil.copytree(REPO / "templates", root / "templates")  # the files below may replace
        shutil.copytree(REPO / "static", root / "static")
        merged: dict[str, str | None] = {**FILES, **(files or {})}
        for rel, text in merged.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        (root / "content/images/hero.jpg").write_bytes(jpeg())
        return root

    return make


@pytest.fixture(autouse=True, scope="session")
def _search_jobs_finish() -> Iterator[None]:
    """Incremental builds leave the search index to a background job: let those finish."""
    yield
    search.wait_children(120)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, one for each test module that asks for it (see browser.py)."""
    with chromium() as launched:
        yield launched
