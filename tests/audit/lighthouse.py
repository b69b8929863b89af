"""Lighthouse on the shipped site: the home page, the site index and a factsheet.

    python tests/audit/lighthouse.py [--site public/] [--runs 3] [--json FILE]

builds the shipped site into a temporary folder (or takes a built one with --site),
serves it on loopback (tests/audit/server.py: gzip like any static host), runs
Lighthouse 12 (tests/audit/node_modules, installed by tests/run.sh) in Debian's chromium
with its default mobile settings (a mid-range phone on a throttled 4G connection), and
prints the four category scores as a Markdown table. tests/test_audit_lighthouse.py
runs the same and asserts that every score is at least 95.

The map's tile server is the one request of these pages to another origin; this closed
network cannot reach it, so Lighthouse blocks it (a blocked request is not an error in
the console, a failed one is). Everything else is loaded and measured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audit.server import serve
from audit.shipped import LIGHTHOUSE_JS, build_site

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best Practices", "seo": "SEO"}
PAGES = {"Home": "/", "Site index": "/sites/", "Factsheet": "/sites/chapada-do-araripe/",
         "Factsheet (es)": "/es/sites/socorro-island/"}
MINIMUM = 95


def other_origins(site: Path) -> list[str]:
    """URL patterns of the map tile servers the built pages name (data-tiles)."""
    found = set()
    for html in (site / "sites" / "index.html",):
        for template in re.findall(r'data-tiles="([^"]+)"', html.read_text(encoding="utf-8")):
            parts = urlsplit(template.replace("{s}", "*"))
            found.add(f"{parts.scheme}://{parts.netloc}/*")
    return sorted(found)


def lighthouse(url: str, blocked: list[str], report: Path | None = None) -> dict[str, int]:
    """One Lighthouse run; the four category scores out of 100."""
    with tempfile.TemporaryDirectory(prefix="aze-lighthouse-") as tmp:
        out = report or Path(tmp) / "report.json"
        command = ["node", str(LIGHTHOUSE_JS), url, "--quiet", "--output=json",
                   f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
                   f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                   *(f"--blocked-url-patterns={p}" for p in blocked)]
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-3000:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {result['runtimeError']}")
    return {key: round(100 * (result["categories"][key]["score"] or 0)) for key in CATEGORIES}


def audit(site: Path, runs: int = 1, reports: Path | None = None) -> dict[str, dict[str, int]]:
    """Scores per page. With runs > 1, or when a first run falls below MINIMUM, each
    score is the median of five or more runs (Lighthouse's variability notes: the median
    of five runs about halves the spread of one, most of it the machine's own load)."""
    blocked = other_origins(site)
    scores: dict[str, dict[str, int]] = {}
    with serve(site) as base:
        for name, path in PAGES.items():
            report = None
            if reports:
                reports.mkdir(parents=True, exist_ok=True)
                report = reports / f"lighthouse-{name.lower().replace(' ', '-')}.json"
            samples = [lighthouse(base + path, blocked, report) for _ in range(runs)]
            if runs < 5 and min(min(s.values()) for s in samples) < MINIMUM:
                samples += [lighthouse(base + path, blocked) for _ in range(5 - runs)]
            scores[name] = {key: int(statistics.median(s[key] for s in samples)) for key in CATEGORIES}
    return scores


def table(scores: dict[str, dict[str, int]]) -> str:
    lines = ["| page | " + " | ".join(CATEGORIES.values()) + " |",
             "| --- |" + " ---: |" * len(CATEGORIES)]
    for name, page in scores.items():
        lines.append(f"| {name} (`{PAGES[name]}`) | " + " | ".join(str(page[k]) for k in CATEGORIES) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aze-audit-") as tmp:
        site = args.site or build_site(Path(tmp) / "public")
        scores = audit(site, args.runs)
    print(table(scores))
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    low = [f"{name} {CATEGORIES[k]} {v}"
           for name, page in scores.items() for k, v in page.items() if v < MINIMUM]
    if low:
        print(f"below {MINIMUM}: " + ", ".join(low), file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
