"""Every kind of bad input gives exactly the diagnostic line(s) a user should see.

Each expectation is the complete `path:line:col: level: message` line, pointing at the
offending value (or key, for an unknown key) in the fixture text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IMAGES_YAML, SITE_MD, SITE_YAML, MakeSite

from aze_site.build import BuildOptions, build
from aze_site.cli import main
from aze_site.errors import BuildFailed
from aze_site.publish.blobs import MemoryWriter

SITE = "content/sites/chapada-do-araripe.md"
XICHU = "content/sites/xichu.md"
NOT_TRIGGER = "is not an IUCN Red List category for an AZE trigger (expected CR, EN or EW)"
NO_CREDIT = "no photo is published without its credit and alt text"


def edit(old: str, new: str, text: str = SITE_MD) -> str:
    """`text` with its one occurrence of `old` replaced (the fixture must contain it)."""
    assert text.count(old) == 1, f"{old!r} is not in the fixture exactly once"
    return text.replace(old, new)


def site(old: str, new: str) -> dict[str, str | None]:
    """Files overriding the Chapada do Araripe site with one edit."""
    return {SITE: edit(old, new)}


def diagnostics(make_site: MakeSite, files: dict[str, str | None]) -> list[str]:
    """Build a site that must fail; return every diagnostic line it reports, sorted."""
    root = make_site(files)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False, jobs=1),
              memory=MemoryWriter())
    return sorted(str(d) for d in failed.value.report.items)


CASES: dict[str, tuple[dict[str, str | None], list[str]]] = {
    # -- YAML syntax ------------------------------------------------------------------
    "yaml-mapping-in-value": (
        site("protection: partial", "protection: partial: x"),
        [f"{SITE}:7:20: error: YAML syntax error: mapping values are not allowed in this context"],
    ),
    "yaml-unclosed-list": (
        site("iso3: BRA", "iso3: [BRA"),
        [f"{SITE}:4:9: error: YAML syntax error: did not find expected ',' or ']' "
         "(while parsing a flow sequence at line 3)"],
    ),
    # -- unknown keys -----------------------------------------------------------------
    "unknown-key-near-miss": (
        site("protection: partial", "protecton: partial"),
        [f"{SITE}:7:1: error: protecton: unknown key 'protecton' (did you mean 'protection'?)"],
    ),
    "unknown-key": (
        site("area_km2: 28", "area_km2: 28\ncolour: red"),
        [f"{SITE}:6:1: error: colour: unknown key 'colour'"],
    ),
    "unknown-key-in-site-yaml": (
        {"content/site.yaml": edit("language: en", "language: en\nlanguge: en", SITE_YAML)},
        ["content/site.yaml:4:1: error: languge: unknown key 'languge' (did you mean 'language'?)"],
    ),
    # -- wrong types ------------------------------------------------------------------
    "number-as-text": (
        site("area_km2: 28", "area_km2: big"),
        [f"{SITE}:5:11: error: area_km2: expected a number, got 'big'"],
    ),
    "boolean-as-text": (
        site("area_km2: 28", "area_km2: 28\ndraft: maybe"),
        [f"{SITE}:6:8: error: draft: expected true or false, got 'maybe'"],
    ),
    # -- country codes ----------------------------------------------------------------
    "iso3-unknown": (
        site("iso3: BRA", "iso3: XXX"),
        [f"{SITE}:3:7: error: iso3: 'XXX' is not an ISO 3166-1 alpha-3 country code"],
    ),
    "iso3-lower-case": (
        site("iso3: BRA", "iso3: bra"),
        [f"{SITE}:3:7: error: iso3: 'bra' is not an ISO 3166-1 alpha-3 country code "
         "(did you mean 'BRA'?)"],
    ),
    # -- Red List status --------------------------------------------------------------
    "status-not-a-category": (
        site("status: CR", "status: XX"),
        [f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}"],
    ),
    "status-not-a-trigger": (
        site("status: CR", "status: VU"),
        [f"{SITE}:12:13: error: species[0].status: 'VU' (Vulnerable) does not qualify a species "
         "as an AZE trigger (expected CR, EN or EW)"],
    ),
    # -- coordinates ------------------------------------------------------------------
    "lat-out-of-range": (
        site("lat: -7.25", "lat: -97.25"),
        [f"{SITE}:4:17: error: location.lat: -97.25 is out of range (-90 to 90)"],
    ),
    "lon-out-of-range": (
        site("lon: -39.45", "lon: -239.45"),
        [f"{SITE}:4:29: error: location.lon: -239.45 is out of range (-180 to 180)"],
    ),
    # -- required fields --------------------------------------------------------------
    "site-name-missing": (
        site("name: Chapada do Araripe\n", ""),
        [f"{SITE}:2:1: error: name: is required"],
    ),
    "species-name-missing": (
        site("  - name: Antilophia bokermanni\n    common_name", "  - common_name"),
        [f"{SITE}:9:5: error: species[0].name: is required"],
    ),
    # -- references to other content ---------------------------------------------------
    "criterion-not-in-criteria-yaml": (
        site("criteria: [A1e]", "criteria: [A1e, B9]"),
        [f"{SITE}:6:17: error: criteria[1]: 'B9' is not a known KBA criterion in criteria.yaml "
         "(expected A1a, A1e)"],
    ),
    # -- Markdown links (the body starts on line 15; the added line is line 19) --------
    "link-to-missing-file": (
        {SITE: SITE_MD + "\nSee [the act](../pages/nothere.md).\n"},
        [f"{SITE}:19:15: error: link '../pages/nothere.md': content/pages/nothere.md does not exist"],
    ),
    "link-to-missing-anchor": (
        {SITE: SITE_MD + "\nSee [policy](../pages/act.md#nope).\n"},
        [f"{SITE}:19:14: error: link '../pages/act.md#nope': no anchor #nope on /act/"],
    ),
    "link-to-missing-url": (
        {SITE: SITE_MD + "\nSee [x](/nowhere/).\n"},
        [f"{SITE}:19:9: error: link '/nowhere/': no page at /nowhere/"],
    ),
    # -- output collisions --------------------------------------------------------------
    "page-collides-with-site-index": (
        {"content/pages/sites.md": "---\ntitle: Sites\n---\nText.\n"},
        ["content/pages/sites.md:1: error: output file sites/index.html is also produced by "
         "the sites page"],
    ),
    # -- photos: the error is where the photo is used (site.yaml hero.image) -------------
    "photo-without-credit": (
        {"content/images/images.yaml": edit("  credit: Test Illustrator\n", "", IMAGES_YAML)},
        [f"content/site.yaml:5:15: error: hero.image: photo 'hero.jpg' has no credit in "
         f"content/images/images.yaml: {NO_CREDIT}"],
    ),
    "photo-without-alt": (
        {"content/images/images.yaml": edit("  alt: A drawn landscape\n", "", IMAGES_YAML)},
        [f"content/site.yaml:5:15: error: hero.image: photo 'hero.jpg' has no alt in "
         f"content/images/images.yaml: {NO_CREDIT}"],
    ),
    # -- sites without trigger species ---------------------------------------------------
    "site-without-species": (
        {XICHU: "---\nname: Xichu\niso3: MEX\nlocation: {lat: 21, lon: -100}\n---\nText.\n"},
        [f"{XICHU}:2:1: error: species: a site without trigger species is published only as a "
         "draft: add its species or set 'draft: true'"],
    ),
    "site-with-empty-species": (
        {XICHU: "---\nname: Xichu\niso3: MEX\nlocation: {lat: 21, lon: -100}\nspecies: []\n---\n"},
        [f"{XICHU}:5:10: error: species: a site without trigger species is published only as a "
         "draft: add its species or set 'draft: true'"],
    ),
    # -- file names ------------------------------------------------------------------------
    "news-without-date": (
        {"content/news/update.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/update.md:1:1: error: news files are named content/news/YYYY-MM-DD-slug.md"],
    ),
    "news-slug-not-a-slug": (
        {"content/news/2018-11-13-Bad_Slug.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/2018-11-13-Bad_Slug.md:1:1: error: 'Bad_Slug' is not a valid name for a "
         "URL: use lower-case letters, digits and hyphens (e.g. 'bad-slug')"],
    ),
    "site-file-name-not-a-slug": (
        {"content/sites/Bad_Name.md": SITE_MD},
        ["content/sites/Bad_Name.md:1:1: error: 'Bad_Name' is not a valid name for a URL: use "
         "lower-case letters, digits and hyphens (e.g. 'bad-name')"],
    ),
}


@pytest.mark.parametrize(("files", "expected"), list(CASES.values()), ids=list(CASES))
def test_exact_diagnostic(make_site: MakeSite, files: dict[str, str | None],
                          expected: list[str]) -> None:
    assert diagnostics(make_site, files) == sorted(expected)


# -- every problem in one run ----------------------------------------------------------------

MANY_PROBLEMS = edit("protection: partial", "protecton: partial",
                     edit("iso3: BRA", "iso3: XXX",
                          edit("lat: -7.25", "lat: 97.25",
                               edit("status: CR", "status: XX"))))
MANY_EXPECTED = [
    f"{SITE}:3:7: error: iso3: 'XXX' is not an ISO 3166-1 alpha-3 country code",
    f"{SITE}:4:17: error: location.lat: 97.25 is out of range (-90 to 90)",
    f"{SITE}:7:1: error: protecton: unknown key 'protecton' (did you mean 'protection'?)",
    f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}",
    "content/news/update.md:1:1: error: news files are named content/news/YYYY-MM-DD-slug.md",
    "content/pages/act.md:4:8: error: link 'missing.md': content/pages/missing.md does not exist",
]
MANY_FILES: dict[str, str | None] = {
    SITE: MANY_PROBLEMS,
    "content/news/update.md": "---\ntitle: An update\n---\nText.\n",
    "content/pages/act.md": "---\ntitle: Act\n---\n[more](missing.md)\n",
}


def test_every_problem_of_every_file_is_reported_in_one_run(make_site: MakeSite) -> None:
    assert diagnostics(make_site, MANY_FILES) == sorted(MANY_EXPECTED)


def test_body_link_is_checked_even_when_front_matter_has_errors(make_site: MakeSite) -> None:
    """One run reports every problem: a broken link must not hide behind a bad field."""
    files = {SITE: edit("status: CR", "status: XX") + "\nSee [x](../pages/nothere.md).\n"}
    assert diagnostics(make_site, files) == sorted([
        f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}",
        f"{SITE}:19:9: error: link '../pages/nothere.md': content/pages/nothere.md does not exist",
    ])


# -- the command line ------------------------------------------------------------------------


def test_cli_prints_every_diagnostic_and_a_summary_and_exits_1(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(MANY_FILES)
    status = main(["build", "--root", str(root), "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.splitlines()
    assert sorted(lines[:-1]) == sorted(MANY_EXPECTED)
    assert lines[-1] == "build failed: 6 errors, 0 warnings; nothing was published"
    assert "Traceback" not in captured.err
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "args",
    [["build", "--jobs", "0"], ["build", "--jobs", "many"], ["build", "--no-such-option"], []],
    ids=["jobs-zero", "jobs-not-a-number", "unknown-option", "no-command"],
)
def test_cli_wrong_usage_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert "usage: aze-site" in capsys.readouterr().err


def test_cli_bad_out_exits_2(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    status = main(["build", "--root", str(root), "--out", str(root / "content")])
    assert status == 2
    content = Path(root / "content").resolve()
    assert capsys.readouterr().err == (
        f"aze-site: error: --out {content} overlaps the project's content/ folder\n")
