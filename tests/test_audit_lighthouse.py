"""Lighthouse on the home page, the site index and a factsheet of the shipped site: each
of Performance, Accessibility, Best Practices and SEO at least 95 (mobile settings).

The same run as `python tests/audit/lighthouse.py`, whose table is in the README; the
scores and the full reports are written to artifacts/lighthouse/.
"""

from __future__ import annotations

import json
import shutil

import pytest
from audit.lighthouse import CATEGORIES, CHROMIUM, MINIMUM, PAGES, audit, table
from audit.shipped import ARTIFACTS, LIGHTHOUSE_JS, shipped


@pytest.mark.browser
def test_lighthouse_scores_are_at_least_95() -> None:
    assert LIGHTHOUSE_JS.exists(), "Lighthouse is missing: run tests/run.sh (npm ci in tests/audit/)"
    assert shutil.which("node"), "Node.js is missing: tests/run.sh installs Debian's nodejs"
    if not shutil.which(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    out = ARTIFACTS / "lighthouse"
    scores = audit(shipped(), reports=out)
    (out / "scores.md").write_text(table(scores) + "\n", encoding="utf-8")
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    assert set(scores) == set(PAGES)
    low = {f"{page} {CATEGORIES[key]}": value for page, found in scores.items()
           for key, value in found.items() if value < MINIMUM}
    assert low == {}, f"below {MINIMUM}:\n{table(scores)}\nreports: {out}"
