"""The shipped site for the audits: built once per test process, the page types to audit,
and the paths of the audit tools that tests/run.sh installs with npm (tests/audit/)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
AUDIT = Path(__file__).resolve().parent
NODE_MODULES = AUDIT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_JS = NODE_MODULES / "lighthouse" / "cli" / "index.js"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
ARTIFACTS = REPO / "artifacts"

# Every page type of the shipped site, one page of each (the search page with a query).
PAGE_TYPES = {
    "home": "/",
    "about": "/about/",
    "about-nested": "/about/kbas/",
    "criteria": "/criteria/",
    "partners": "/partners/",
    "act": "/act/policy-makers/",
    "sites": "/sites/",
    "factsheet": "/sites/chapada-do-araripe/",
    "factsheet-sensitive": "/sites/xichu-guanajuato/",
    "species-index": "/species/",
    "species": "/species/antilophia-bokermanni/",
    "countries": "/countries/",
    "country": "/countries/bra/",
    "categories": "/red-list/",
    "category": "/red-list/cr/",
    "groups": "/groups/",
    "group": "/groups/birds/",
    "news-index": "/news/",
    "news": "/news/aze-2018-update/",
    "search": "/search/?q=newt",
    "credits": "/credits/",
    "404": "/404.html",
    # The same pages in the other languages: translated, and one whose text is not yet.
    "es-home": "/es/",
    "es-factsheet": "/es/sites/socorro-island/",
    "es-sites": "/es/sites/",
    "fr-factsheet-untranslated": "/fr/sites/manas/",
    "fr-criteria": "/fr/criteria/",
    "pt-act": "/pt/act/policy-makers/",
    "pt-search": "/pt/search/?q=soldadinho",
    # long labels: "Categoria da Lista Vermelha" must wrap, not widen the page
    "pt-species": "/pt/species/calotriton-arnoldi/",
    "fr-species": "/fr/species/crocidura-harenna/",
}


def build_site(out: Path, base_url: str | None = None) -> Path:
    """Build the shipped site (with its search index) into `out`."""
    from aze_site.build import BuildOptions, build

    result = build(BuildOptions(root=REPO, out=out, jobs=2, base_url=base_url))
    assert result.search.error is None, result.search.error
    return out


@functools.cache
def shipped() -> Path:
    """The shipped site, built once per process into a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="aze-audit-"))
    atexit.register(shutil.rmtree, tmp, True)
    return build_site(tmp / "public")


def watch_problems(page: Any) -> list[str]:
    """Collect console errors and warnings, page errors, failed requests and HTTP errors."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and not r.url.endswith("/404.html") else None)
    return problems
