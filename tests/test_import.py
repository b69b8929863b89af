"""`aze-site import`: WDKBA exports and AZE trigger-species tables into content/sites/.

No real data set ships with the project (their licences forbid it): every CSV here is
made by the test itself.
"""

from __future__ import annotations

import csv
import io
import os
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import MakeSite, deadline, own

from aze_site.build import BuildOptions, build
from aze_site.cli import main
from aze_site.content.countries import country_code
from aze_site.content.fields import map_group, red_list_code
from aze_site.errors import BuildFailed, Report
from aze_site.importer import import_dataset
from aze_site.importer import sites as site_files
from aze_site.importer.frontmatter import SITE_ORDER, Op, edit_lines, guess_indent
from aze_site.importer.table import decode, parse_number, sniff_separator, yaml_float
from aze_site.importer.wdkba import criteria_parts, is_aze, parse_date

WDKBA = ["SitRecID", "Region", "Country", "ISO3", "NatName", "IntName", "SitLat", "SitLong",
         "SitAreaKM2", "KbaStatus", "KbaClass", "IbaStatus", "LegacyKba", "AzeStatus",
         "LastUpdate", "Source", "DelTxt", "RepAreaKM2"]
ARARIPE = "content/sites/chapada-do-araripe.md"

Run = Callable[..., tuple[int, str, str]]


# -- helpers -------------------------------------------------------------------------------


def kba(sitrecid: object, name: str, iso3: str = "BRA", lat: object = "-7.25",
        lon: object = "-39.45", **more: object) -> dict[str, str]:
    row = {"SitRecID": str(sitrecid), "IntName": name, "ISO3": iso3, "SitLat": str(lat),
           "SitLong": str(lon), "Region": "Test region", "KbaStatus": "confirmed",
           "KbaClass": "Global"}
    row.update({key: str(value) for key, value in more.items()})
    return row


def table(rows: Sequence[dict[str, str]], columns: Sequence[str] = WDKBA, sep: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def write_csv(folder: Path, text: str, name: str = "kbas.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def sites(root: Path) -> dict[str, bytes]:
    """Every file under content/sites/ (hidden ones too), by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted((root / "content/sites").iterdir())}


def site_text(root: Path, slug: str) -> str:
    return (root / "content/sites" / f"{slug}.md").read_text(encoding="utf-8")


def check(root: Path, drafts: bool = False) -> Report:
    """Validate the project as `aze-site check` does; fail the test on any error."""
    try:
        report = build(BuildOptions(root=root, jobs=1, dry_run=True, drafts=drafts)).report
    except BuildFailed as failed:
        pytest.fail("\n".join(str(d) for d in failed.report.errors))
    assert not report.errors
    return report


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Run:
    """Run `aze-site import ...` from tmp_path (so CSV paths are short, as typed)."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(["import", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


# -- WDKBA: create, filter, idempotence --------------------------------------------------------


def test_a_wdkba_row_becomes_a_draft_site_file(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(7001, "Montseny massif", "ESP", "41.7700", "2.40",
                                   SitAreaKM2="311.5", AzeStatus="confirmed",
                                   LastUpdate="2018-11-13")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert out == "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n"
    assert err == "kbas.csv:2: warning: montseny-massif: no trigger species yet; written as a draft\n"
    assert site_text(root, "montseny-massif") == (
        "---\n"
        "name: Montseny massif\n"
        "iso3: ESP\n"
        "location: {lat: 41.77, lon: 2.4}\n"
        "area_km2: 311.5\n"
        "wdkba_id: 7001\n"
        "criteria: [A1e]\n"
        "species: []  # one or more trigger species, then remove draft\n"
        "updated: 2018-11-13\n"
        "draft: true  # set to false once its trigger species are added\n"
        "---\n"
        "## Why it matters\n"
        "\n"
        "What makes Montseny massif the last refuge of its trigger species.\n"
        "\n"
        "## Threats\n"
        "\n"
        "## What is being done\n"
    )
    report = check(root)
    assert own([str(d) for d in report.warnings]) == [
        "content/sites/montseny-massif.md:8:10: warning: species: draft site has no trigger "
        "species yet"]


AZE_YES = ["confirmed", "Confirmed AZE", "AZE", "Yes", "1", "true"]
AZE_NO = ["", "No", "0", "not AZE", "candidate"]


def test_aze_only_keeps_the_rows_that_mark_an_aze_site(make_site: MakeSite, run: Run,
                                                       tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(100 + i, f"Site {i}", AzeStatus=value) for i, value in enumerate(AZE_YES + AZE_NO)]
    write_csv(tmp_path, table(rows))
    code, out, _ = run("wdkba", "kbas.csv", "--aze-only", "--root", str(root))
    assert code == 0
    assert out == ("import: 6 created, 0 updated, 0 unchanged, 0 skipped, "
                   "5 not AZE (left out by --aze-only)\n")
    made = sorted(name for name in sites(root) if name.startswith("site-"))
    assert made == [f"site-{i}.md" for i in range(len(AZE_YES))]
    assert all("criteria: [A1e]\n" in site_text(root, f"site-{i}") for i in range(len(AZE_YES)))


def test_without_aze_only_only_aze_rows_get_criterion_a1e(make_site: MakeSite, run: Run,
                                                          tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(100 + i, f"Site {i}", AzeStatus=value) for i, value in enumerate(AZE_YES + AZE_NO)]
    write_csv(tmp_path, table(rows))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    for i, value in enumerate(AZE_YES + AZE_NO):
        assert ("criteria: [A1e]\n" in site_text(root, f"site-{i}")) == (value in AZE_YES), value


@pytest.mark.parametrize("value", AZE_YES)
def test_aze_status_values_seen_in_the_wild(value: str) -> None:
    assert is_aze(value) and is_aze(value.upper()) and is_aze(f" {value} ")


@pytest.mark.parametrize("value", [*AZE_NO, "Proposed", "unconfirmed"])
def test_other_aze_status_values_are_not_aze(value: str) -> None:
    assert not is_aze(value)


@pytest.mark.parametrize("value", [
    "CR", "cr", "CR(PE)", "CR (PE)", "CR(PEW)", "Critically Endangered",
    "Critically Endangered (Possibly Extinct)", "critically endangered (possibly extinct)",
    " Critically  Endangered(Possibly  Extinct) ", "Critically Endangered (Possibly Extinct in the Wild)",
    "CRITICALLY ENDANGERED ( POSSIBLY EXTINCT IN THE WILD )"])
def test_critically_endangered_and_its_tags_read_as_cr(value: str) -> None:
    """CR(PE) and CR(PEW) are tags of CR, written as codes or spelled out."""
    assert red_list_code(value) == "CR"


def test_other_status_cells_read_as_their_code_or_as_written() -> None:
    assert [red_list_code(v) for v in ("Extinct in the Wild", "en", "Possibly Extinct", "XX",
                                       "Endangered", "EN (PE)", "Endangered (Possibly Extinct)")
            ] == ["EW", "EN", "POSSIBLY EXTINCT", "XX", "EN", "EN (PE)",
                  "ENDANGERED (POSSIBLY EXTINCT)"]


def generated_export(count: int, seed: int = 7) -> str:
    """A WDKBA-shaped export: some names repeat (in other countries), some areas are empty."""
    rnd = random.Random(seed)
    syllables = ["ka", "ra", "mon", "sen", "ta", "lu", "bi", "no", "ve", "zu", "ar", "ip", "é"]
    countries = ["BRA", "ECU", "ESP", "JAM", "ITA", "ETH", "IDN", "MDG", "CHL", "MEX", "ZAF"]
    rows: list[dict[str, str]] = []
    for i in range(count):
        name = " ".join("".join(rnd.choice(syllables) for _ in range(3)).title() for _ in range(2))
        if i % 50 == 7:
            name = rows[-3]["IntName"]  # the same name again: another KBA elsewhere
        rows.append(kba(
            10_000 + i, name, rnd.choice(countries), f"{rnd.uniform(-60, 70):.4f}",
            f"{rnd.uniform(-179, 179):.4f}",
            SitAreaKM2="" if i % 9 == 0 else f"{rnd.uniform(0.1, 5000):.2f}",
            AzeStatus=rnd.choice(["confirmed", "", "No"]), LastUpdate="2019-06-30"))
    return table(rows)


def test_importing_the_same_file_twice_changes_no_byte(make_site: MakeSite, run: Run,
                                                        tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, generated_export(500))
    code, out, _ = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0 and out == "import: 500 created, 0 updated, 0 unchanged, 0 skipped\n"
    first = sites(root)
    stamps = {p.name: p.stat().st_mtime_ns for p in (root / "content/sites").iterdir()}
    code, out, _ = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0 and out == "import: 0 created, 0 updated, 500 unchanged, 0 skipped\n"
    assert sites(root) == first
    assert {p.name: p.stat().st_mtime_ns for p in (root / "content/sites").iterdir()} == stamps
    check(root)  # 500 drafts and the two sites of the fixture: valid


def test_names_that_repeat_get_the_sitrecid_in_their_file_name(make_site: MakeSite, run: Run,
                                                               tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Table Mountain", "ZAF", lat="-33.96", lon="18.4"),
                               kba(2, "Table Mountain", "USA", lat="38.6", lon="-104.7"),
                               kba(3, "Chapada do Araripe", "PER", lat="-9.2", lon="-75.0")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "wdkba_id: 1\n" in site_text(root, "table-mountain")
    assert "wdkba_id: 2\n" in site_text(root, "table-mountain-2")
    # the fixture's Chapada do Araripe is in Brazil: a namesake in Peru is another site
    assert "iso3: PER\n" in site_text(root, "chapada-do-araripe-3")
    assert "wdkba_id" not in site_text(root, "chapada-do-araripe")
    check(root, drafts=True)  # namesakes at other places: other sites, to the build too


# -- merge, never clobber -----------------------------------------------------------------------


def test_an_editors_text_survives_a_re_import(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    row = kba(19540, "Araripe plateau", "BRA", "-7.25", "-39.45", SitAreaKM2="28",
              AzeStatus="Yes", LastUpdate="2018-11-13")
    write_csv(tmp_path, table([row]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    path = root / "content/sites/araripe-plateau.md"
    edited = path.read_text(encoding="utf-8").replace(
        "iso3: BRA\n", "iso3: BRA      # Ceará, Pernambuco, Piauí\n# the manakin's springs\n"
    ).replace("criteria: [A1e]\n", "criteria: [A1e]\nprotection: partial\nhero: hero.jpg\n"
              ).replace("## Threats\n", "## Threats\n\nForest clearing near the *springs*.\n")
    path.write_text(edited, encoding="utf-8")

    write_csv(tmp_path, table([{**row, "SitAreaKM2": "31,5"}], sep=";"))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (0, "")
    assert out == "import: 0 created, 1 updated, 0 unchanged, 0 skipped\n"
    assert path.read_text(encoding="utf-8") == edited.replace("area_km2: 28\n", "area_km2: 31.5\n")


def test_a_new_user_loses_nothing_across_imports(make_site: MakeSite, run: Run,
                                                 tmp_path: Path) -> None:
    """The issue's 'done when': dry run, import, species, edit, re-import an updated export."""
    root = make_site()
    export = [kba(301, "Xichu", "MEX", "21.3", "-100.06", AzeStatus="AZE"),
              kba(302, "Ujung Kulon", "IDN", "-6.75", "105.35", SitAreaKM2="1206",
                  AzeStatus="AZE", LastUpdate="2018-11-13")]
    write_csv(tmp_path, table(export))
    assert run("wdkba", "kbas.csv", "--dry-run", "--root", str(root))[1].endswith(
        "import: 1 created, 1 updated, 0 unchanged, 0 skipped\n")
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    write_csv(tmp_path, table([
        {"SitRecID": "302", "Species": "Rhinoceros sondaicus", "Common name": "Javan rhinoceros",
         "Group": "Mammalia", "Status": "CR"},
        {"SitRecID": "301", "Species": "Mammillaria marcosii", "Status": "EN"},
    ], ["SitRecID", "Species", "Common name", "Group", "Status"]), "species.csv")
    assert run("aze-species", "species.csv", "--root", str(root))[:2] == (
        0, "import: 0 created, 2 updated, 0 unchanged, 0 skipped\n")
    ujung = root / "content/sites/ujung-kulon.md"
    edited = ujung.read_text(encoding="utf-8").replace(
        "    status: CR\n", "    status: CR  # assessed 2020\n    sensitive: false\n").replace(
        "draft: true  # set to false once its trigger species are added\n", "draft: false\n"
    ) + "\nThe last Javan rhinoceroses live here.\n"
    ujung.write_text(edited, encoding="utf-8")
    xichu = site_text(root, "xichu")
    assert "  - name: Mammillaria marcosii\n    group: plants\n    status: EN\n    sensitive: true\n" \
        in xichu  # the fixture's group and sensitive flag stay; the status is the table's

    export[1].update(SitAreaKM2="1207,5", LastUpdate="2024-05-01", IntName="Ujung Kulon NP")
    write_csv(tmp_path, table(export, sep=";"))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err, out) == (0, "", "import: 0 created, 1 updated, 1 unchanged, 0 skipped\n")
    assert ujung.read_text(encoding="utf-8") == edited.replace(
        "name: Ujung Kulon\n", "name: Ujung Kulon NP\n").replace(
        "area_km2: 1206\n", "area_km2: 1207.5\n").replace(
        "updated: 2018-11-13\n", "updated: 2024-05-01\n")
    assert site_text(root, "xichu") == xichu
    check(root)


def test_possibly_extinct_on_another_category_is_refused(make_site: MakeSite, run: Run,
                                                         tmp_path: Path) -> None:
    """Possibly Extinct is a tag of CR only: 'EN (PE)' is a mistake in the table, said as one,
    not read as EN."""
    root = make_site()
    write_csv(tmp_path, table([kba(301, "Xichu", "MEX", "21.3", "-100.06", AzeStatus="AZE")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    write_csv(tmp_path, table([
        {"SitRecID": "301", "Species": "Mammillaria marcosii", "Status": "EN (PE)"},
        {"SitRecID": "301", "Species": "Mammillaria sanchez-mejoradae",
         "Status": "Critically Endangered (Possibly Extinct)"},
        # no category with the tag: that is what is wrong, not the tag
        {"SitRecID": "301", "Species": "Mammillaria mathildae", "Status": "XX (PE)"},
        {"SitRecID": "301", "Species": "Mammillaria herrerae", "Status": "(PE)"},
    ], ["SitRecID", "Species", "Status"]), "species.csv")
    code, _, err = run("aze-species", "species.csv", "--root", str(root))
    assert code == 1
    assert err.splitlines() == ["species.csv:2:26: error: Status 'EN (PE)': Possibly Extinct is "
                                "a tag of Critically Endangered (CR) only",
                                "species.csv:4:27: error: Status 'XX (PE)' is not an IUCN Red "
                                "List category for an AZE trigger (expected CR, EN or EW)",
                                "species.csv:5:26: error: Status '(PE)' is not an IUCN Red "
                                "List category for an AZE trigger (expected CR, EN or EW)"]
    assert "  - name: Mammillaria sanchez-mejoradae\n    status: CR\n" in site_text(root, "xichu")


def test_an_existing_file_is_matched_by_slug_and_keeps_its_species(make_site: MakeSite, run: Run,
                                                                   tmp_path: Path) -> None:
    root = make_site()
    before = (root / ARARIPE).read_text(encoding="utf-8")
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe", SitAreaKM2="30",
                                   AzeStatus="confirmed", LastUpdate="2010-01-01")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (0, "")
    # area updated, wdkba_id added in its place; `updated` never goes back in time
    assert (root / ARARIPE).read_text(encoding="utf-8") == before.replace(
        "area_km2: 28\n", "area_km2: 30\nwdkba_id: 19540\n")
    check(root)


def test_crlf_files_and_other_indentation_keep_their_style(make_site: MakeSite, run: Run,
                                                           tmp_path: Path) -> None:
    text = ("---\r\nname: 'Chapada do Araripe'\r\niso3: [BRA]\r\nlocation:\r\n  lat: -7.25\r\n"
            "  lon: -39.45\r\nspecies:\r\n- name: Antilophia bokermanni\r\n  status: CR\r\n"
            "---\r\nBody.\r\n")
    root = make_site({ARARIPE: text})
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe", lat="-7.3")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert (root / ARARIPE).read_bytes() == text.replace(
        "lat: -7.25\r\n", "lat: -7.3\r\n").replace(
        "species:\r\n", "wdkba_id: 19540\r\nspecies:\r\n").encode()
    assert guess_indent("species:\n- name: x\n") == (2, 2, 0)
    assert guess_indent("a:\n    b: 1\nc:\n    -   x\n") == (4, 8, 4)


@pytest.mark.parametrize(("line", "value", "expected"), [
    ("name: Côte d'Ivoire   # the KBA\n", "Côte d'Ivoire forests",
     "name: Côte d'Ivoire forests   # the KBA\n"),
    ('name: "a # b"  # c\n', 'x "y"', 'name: "x \\"y\\""  # c\n'),
    ("name: 'it''s'\n", "it's new", "name: 'it''s new'\n"),
    ("name: plain#hash\n", "Yes", "name: 'Yes'\n"),
    ("area_km2: 28 # km2\r\n", 30, "area_km2: 30 # km2\r\n"),
    ("iso3: BRA\n", ["GIN", "CIV"], "iso3: [GIN, CIV]\n"),
    ("location: {lat: 1, lon: 2}  # centroid\n", {"lat": 1.5, "lon": 2.0},
     "location: {lat: 1.5, lon: 2.0}  # centroid\n"),
])
def test_one_line_values_are_edited_in_place(line: str, value: object, expected: str) -> None:
    key = line.split(":")[0]
    assert edit_lines(line, [("set", (), key, value, SITE_ORDER)], {key: value}, "\n") == expected


@pytest.mark.parametrize("text", ["name: &a X\n", "name: a\n  b\n", "? name\n: X\n",
                                  "name: 'open\n"])
def test_anything_but_a_one_line_value_goes_through_ruamel(text: str) -> None:
    assert edit_lines(text, [("set", (), "name", "Y", SITE_ORDER)], {"name": "Y"}, "\n") is None


def test_new_keys_go_after_the_keys_before_them() -> None:
    text = "name: A\n# about the place\nlocation:\n  lat: 1\n  lon: 2\n\nspecies: []\nextra: 1\n"
    ops: list[Op] = [("set", (), "wdkba_id", 7, SITE_ORDER),
                                ("set", (), "updated", "x", SITE_ORDER)]
    assert edit_lines(text, ops, {"wdkba_id": 7, "updated": "x"}, "\n") == (
        "name: A\n# about the place\nlocation:\n  lat: 1\n  lon: 2\nwdkba_id: 7\n\nspecies: []\n"
        "updated: x\nextra: 1\n")


def test_when_the_fast_edit_would_not_read_back_ruamel_does_it(
        make_site: MakeSite, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site()
    before = (root / ARARIPE).read_text(encoding="utf-8")
    monkeypatch.setattr(site_files, "edit_lines", lambda *args: "name: [broken\n")
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe", SitAreaKM2="30")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[:2] == (
        0, "import: 0 created, 1 updated, 0 unchanged, 0 skipped\n")
    assert (root / ARARIPE).read_text(encoding="utf-8") == before.replace(
        "area_km2: 28\n", "area_km2: 30\nwdkba_id: 19540\n")


def test_a_site_is_also_found_by_the_name_in_its_file(make_site: MakeSite, run: Run,
                                                      tmp_path: Path) -> None:
    text = ("---\nname: Champion and Gardner-by-Floreana islets\niso3: ECU\n"
            "location: {lat: -1.24, lon: -90.39}\nspecies: []\ndraft: true\n---\nIslets.\n")
    root = make_site({"content/sites/floreana-islets.md": text})
    write_csv(tmp_path, table([kba(88, "Champion and Gardner-by-Floreana Islets", "ECU",
                                   "-1.24", "-90.39", SitAreaKM2="0.9")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[:2] == (
        0, "import: 0 created, 1 updated, 0 unchanged, 0 skipped\n")
    assert site_text(root, "floreana-islets") == text.replace(
        "name: Champion and Gardner-by-Floreana islets\n",
        "name: Champion and Gardner-by-Floreana Islets\n").replace(
        "species: []\n", "area_km2: 0.9\nwdkba_id: 88\nspecies: []\n")


def test_values_yaml_would_misread_are_quoted(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Yes"), kba(2, "2018-11-13"), kba(19540, "On", "BRA"),
                               kba(4, "null"), kba(5, "Lake: #1 & 'co'")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "name: 'Yes'\n" in site_text(root, "yes")
    assert "name: '2018-11-13'\n" in site_text(root, "2018-11-13")
    assert "name: 'null'\n" in site_text(root, "null")
    assert "name: 'On'\n" in site_text(root, "on")
    assert "name: 'Lake: #1 & ''co'''\n" in site_text(root, "lake-1-co")
    check(root)


# -- --dry-run -------------------------------------------------------------------------------------


def test_dry_run_prints_the_diff_and_touches_nothing(make_site: MakeSite, run: Run,
                                                     tmp_path: Path) -> None:
    root = make_site()
    before = sites(root)
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe", SitAreaKM2="30"),
                               kba(2, "Hellshire Hills", "JAM", "17.9", "-76.95")]))
    code, out, err = run("wdkba", "kbas.csv", "--dry-run", "--root", str(root))
    assert code == 0
    assert err == "kbas.csv:3: warning: hellshire-hills: no trigger species yet; written as a draft\n"
    assert out.startswith(
        "--- a/content/sites/chapada-do-araripe.md\n"
        "+++ b/content/sites/chapada-do-araripe.md\n"
        "@@ -2,7 +2,8 @@\n"
        " name: Chapada do Araripe\n"
        " iso3: BRA\n"
        " location: {lat: -7.25, lon: -39.45}\n"
        "-area_km2: 28\n"
        "+area_km2: 30\n"
        "+wdkba_id: 19540\n")
    assert ("--- /dev/null\n+++ b/content/sites/hellshire-hills.md\n@@ -0,0 +1,15 @@\n+---\n"
            "+name: Hellshire Hills\n") in out
    assert out.endswith("+## What is being done\n"
                        "import: 1 created, 1 updated, 0 unchanged, 0 skipped\n")
    assert sites(root) == before


def test_dry_run_on_a_project_without_a_sites_folder_creates_none(make_site: MakeSite, run: Run,
                                                                  tmp_path: Path) -> None:
    root = make_site({ARARIPE: None, "content/sites/xichu.md": None})
    write_csv(tmp_path, table([kba(1, "Hellshire Hills", "JAM")]))
    assert run("wdkba", "kbas.csv", "--dry-run", "--root", str(root))[0] == 0
    assert not (root / "content/sites").exists()
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert (root / "content/sites/hellshire-hills.md").is_file()


# -- rows with problems --------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_skipped_and_the_good_rows_import(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    rows = [
        kba(1, "Good One"),                                   # line 2
        kba(2, "Far North", lat="95.3"),                      # 3
        kba(3, "Nowhere Land", "XXX"),                        # 4
        kba(1, "Good Again"),                                 # 5
        kba(4, ""),                                           # 6
        kba(5, "Odd Area", SitAreaKM2="abc"),                 # 7
        kba(6, "Far East", lon="-180.5"),                     # 8
        kba(7, "Lost", lat="12°N"),                           # 9
        kba("x7", "No Id"),                                   # 10
        kba(8, "Two Wrongs", "bra/XX", lat="", SitAreaKM2="1.2.3"),  # 11
        kba(9, "Good Two", NatName="Bom Dois"),               # 12
    ]
    write_csv(tmp_path, table(rows))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1  # the good rows are imported, and the skipped ones make the status 1
    assert out == "import: 3 created, 0 updated, 0 unchanged, 8 skipped\n"
    assert err.splitlines() == [
        "kbas.csv:2: warning: good-one: no trigger species yet; written as a draft",
        "kbas.csv:3:31: error: SitLat '95.3' is out of range (-90 to 90)",
        "kbas.csv:4:16: error: ISO3 'XXX' is not an ISO 3166-1 alpha-3 country code",
        "kbas.csv:5:1: error: SitRecID 1 appears again (first on line 2)",
        "kbas.csv:6: error: no site name (IntName and NatName are empty)",
        "kbas.csv:7:43: warning: SitAreaKM2 'abc' is not a number: area left out",  # optional
        "kbas.csv:7: warning: odd-area: no trigger species yet; written as a draft",
        "kbas.csv:8:36: error: SitLong '-180.5' is out of range (-180 to 180)",
        "kbas.csv:9:26: error: SitLat '12°N' reads as 12° north: write decimal degrees, 12",
        "kbas.csv:10:1: error: SitRecID 'x7' is not a positive whole number",
        "kbas.csv:11:16: error: ISO3 'XX' is not an ISO 3166-1 alpha-3 country code",
        "kbas.csv:11:35: error: SitLat is empty",
        "kbas.csv:12: warning: good-two: no trigger species yet; written as a draft",
    ]
    made = set(sites(root)) - {"chapada-do-araripe.md", "xichu.md"}
    assert made == {"good-one.md", "good-two.md", "odd-area.md"}
    check(root)


def test_a_site_given_twice_under_two_ids_is_refused_at_the_second_row(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """Two files with one name at one place are one site twice, which the build refuses:
    the import skips the row that would make the second (in whole degrees where a site
    marks a species sensitive, as the build compares them)."""
    root = make_site()
    rows = [kba(1, "Twin Peak", lat="-7.1"),                  # line 2
            kba(2, "twin  PEAK", lat="-7.1"),                 # 3: the same site again
            kba(3, "Twin Peak", lat="-8.1"),                  # 4: a namesake elsewhere
            kba(4, "Xichu", "USA", lat="21.4", lon="-100.2")]  # 5: xichu.md, rounded
    write_csv(tmp_path, table(rows))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 2 created, 0 updated, 0 unchanged, 2 skipped\n"
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == [
        "kbas.csv:3:21: error: 'twin PEAK' at -7.1, -39.45 has the name and place of line 2 of "
        "this file, content/sites/twin-peak.md: the same site twice? Keep one row, or correct "
        "the name or the coordinates (a site has one file); this row is skipped",
        "kbas.csv:5:21: error: 'Xichu' at 21.4, -100.2 has the name and place of "
        "content/sites/xichu.md: the same site twice? Keep one row, or correct the name or "
        "the coordinates (a site has one file); this row is skipped",
    ]
    check(root, drafts=True)


def test_when_every_row_fails_the_status_is_1(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "A", "XXX"), kba(2, "B", lat="-91")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 0 created, 0 updated, 0 unchanged, 2 skipped\n"
    assert len(err.splitlines()) == 2


def test_a_file_that_is_not_a_wdkba_export_is_refused(make_site: MakeSite, run: Run,
                                                      tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "Name,Lat,Lon\nA,1,2\n")
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert err == ("kbas.csv:1: warning: unknown column 'Name' ignored\n"
                   "kbas.csv:1: warning: unknown column 'Lat' ignored\n"
                   "kbas.csv:1: warning: unknown column 'Lon' ignored\n"
                   "kbas.csv:1: error: no column 'SitRecID', 'ISO3', 'SitLat', 'SitLong', 'IntName': "
                   "is this a World Database of KBAs export? (columns: Name, Lat, Lon)\n")
    assert out == "import: 0 created, 0 updated, 0 unchanged, 0 skipped\n"


def test_usage_errors_exit_2(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    assert run("wdkba", "missing.csv", "--root", str(root)) == (
        2, "", "aze-site: error: missing.csv: no such file\n")
    (tmp_path / "tables").mkdir()  # not "no such file", and a pipe is never opened
    assert run("wdkba", "tables", "--root", str(root)) == (
        2, "", "aze-site: error: tables: this is a folder: give the path of the table's file\n")
    os.mkfifo(tmp_path / "piped.csv")
    assert run("wdkba", "piped.csv", "--root", str(root)) == (
        2, "", "aze-site: error: piped.csv: not a regular file (a pipe or a device): save the "
        "table as a file and give its path\n")
    write_csv(tmp_path, table([kba(1, "A")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(tmp_path / "nowhere"))
    assert code == 2 and "not found (is --root right?)" in err
    with pytest.raises(SystemExit) as exc:
        main(["import", "gbif", "kbas.csv"])
    assert exc.value.code == 2


def test_empty_and_header_only_files(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "")
    assert run("wdkba", "kbas.csv", "--root", str(root))[:3:2] == (
        1, "kbas.csv:1: error: the file is empty: expected a header line and one row per site\n")
    write_csv(tmp_path, table([]))
    assert run("wdkba", "kbas.csv", "--root", str(root)) == (
        0, "import: 0 created, 0 updated, 0 unchanged, 0 skipped\n",
        "kbas.csv:1: warning: the file has a header but no rows\n")


def test_a_title_above_the_header_is_read_past(make_site: MakeSite, run: Run,
                                              tmp_path: Path) -> None:
    """People put a title or notes above a table; the header is the first row with the
    columns the import needs (its separator too), and the line numbers stay the file's."""
    root = make_site()
    rows = table([kba(1, "Serra Nova"), kba(2, "Serra Velha", lat="x")], sep=";")
    write_csv(tmp_path, "AZE sites exported 2024-05-01\r\n\r\n;;\r\nNotes: draft\r\n" + rows)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert err.splitlines() == [
        "kbas.csv:1: warning: the header is on line 5: the lines above it (a title, notes) are "
        "not read",
        "kbas.csv:6: warning: serra-nova: no trigger species yet; written as a draft",
        "kbas.csv:7:33: error: SitLat 'x' is not a number",
    ]
    check(root, drafts=True)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_title_with_a_comma_does_not_decide_the_separator(make_site: MakeSite, run: Run,
                                                          tmp_path: Path, sep: str) -> None:
    """The separator is the header's: the title above it is no row of the table."""
    root = make_site()
    rows = table([kba(1, "Serra Nova", lat="-7,25", lon="-39,45")], sep=sep)
    write_csv(tmp_path, "AZE sites, exported 2024-05-01\r\n" + rows)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert err.splitlines()[0] == ("kbas.csv:1: warning: the header is on line 2: the lines "
                                   "above it (a title, notes) are not read")
    assert "location: {lat: -7.25, lon: -39.45}\n" in site_text(root, "serra-nova")


def test_a_file_without_the_columns_is_one_error_not_one_for_each_row(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "Sites\r\n" + table([kba(1, "A"), kba(2, "B")], WDKBA[:3]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert err == ("kbas.csv:1: warning: unknown column 'Sites' ignored\n"
                   "kbas.csv:1: error: no column 'SitRecID', 'ISO3', 'SitLat', 'SitLong', "
                   "'IntName': is this a World Database of KBAs export? (columns: Sites)\n")
    assert set(sites(root)) == {"chapada-do-araripe.md", "xichu.md"}


def test_a_row_with_more_values_than_columns_is_skipped(make_site: MakeSite, run: Run,
                                                        tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "SitRecID,IntName,ISO3,SitLat,SitLong\n1,A,BRA,1,2\n2,B,BRA,1,2,3\n")
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1 and out == "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n"
    assert "kbas.csv:3: error: the row has 6 values but the header has 5 columns\n" in err


# -- files as exported in the wild -------------------------------------------------------------------


def test_utf8_with_a_bom(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "\ufeff" + table([kba(1, "São Tomé Obô", "STP", "0.2", "6.6")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0 and "unknown column" not in err
    assert "name: São Tomé Obô\n" in site_text(root, "sao-tome-obo")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(make_site: MakeSite, run: Run, tmp_path: Path, encoding: str) -> None:
    """Its NULs (every other byte) show it; binary data whose NULs fall so is still refused."""
    root = make_site()
    write_csv(tmp_path, table([kba(1, "São Tomé Obô", "STP", "0.2", "6.6")], sep="\t"),
              encoding=encoding)
    code, out, _ = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert "name: São Tomé Obô\n" in site_text(root, "sao-tome-obo")
    (tmp_path / "numbers.csv").write_bytes(b"".join(n.to_bytes(2, "little") for n in range(1, 33)) * 40)
    assert run("wdkba", "numbers.csv", "--root", str(root))[::2] == (
        1, "numbers.csv:1: error: this is not a CSV file (it holds binary data): export the "
        "table as CSV\n")


@pytest.mark.parametrize("bom", [True, False])
def test_a_utf16_file_cut_short_is_one_error_nothing_imported(make_site: MakeSite, run: Run,
                                                              tmp_path: Path, bom: bool) -> None:
    """An odd number of bytes (an interrupted download or copy) was read as Windows-1252:
    a NUL error for each row. Its last row may be cut to another value: refused whole."""
    root = make_site()
    before = sites(root)
    text = table([kba(1, "Serra Nova"), kba(2, "Serra Velha", lat="-7.251")], sep="\t")
    data = ("\ufeff" * bom + text).encode("utf-16-le")[:-3]  # '-7.251\t...' cut in its line
    (tmp_path / "kbas.csv").write_bytes(data)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (1, "kbas.csv:3: error: the file ends halfway through a character: "
                           "it looks cut short (by a download or copy that did not finish); "
                           "export or copy it again (nothing was imported)\n")
    (tmp_path / "kbas.csv").write_bytes(data[:-1] + b"\x3d\xd8")  # half of a character pair
    assert run("wdkba", "kbas.csv", "--root", str(root))[::2] == (1, err)
    lines = ("\ufeff" * bom + text).encode("utf-16-le").split("\n".encode("utf-16-le"))
    lines[2] = b"\x00\xdc" + lines[2]  # the second half of a character pair, alone
    (tmp_path / "kbas.csv").write_bytes("\n".encode("utf-16-le").join(lines))
    assert run("wdkba", "kbas.csv", "--root", str(root))[::2] == (
        1, "kbas.csv:3: error: the file cannot be read as UTF-16 (as its first bytes say it is) "
        "from this line on: it looks damaged; export it again (nothing was imported)\n")
    assert sites(root) == before


def test_windows_1252(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(1, "São Tomé", "STP", "0.2", "6.6"),
            kba(2, "Côte d’Ivoire forests", "CIV", "6.5", "-7.5",  # noqa: RUF001 (a cp1252 quote on purpose)
                NatName="Forêts de Côte d'Ivoire")]
    write_csv(tmp_path, table(rows), encoding="cp1252")
    code, _, _ = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert "name: São Tomé\n" in site_text(root, "sao-tome")
    assert "name: Côte d’Ivoire forests\n" in site_text(root, "cote-divoire-forests")  # noqa: RUF001 (as above)
    assert decode("Côte".encode("latin-1") + b"\x81") == ("Côte\u0081", "latin-1")


def test_semicolons_and_decimal_commas(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Hellshire Hills", "JAM", "17,9", "-76,95",
                                   SitAreaKM2="12,5")], sep=";"))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    text = site_text(root, "hellshire-hills")
    assert "location: {lat: 17.9, lon: -76.95}\narea_km2: 12.5\n" in text


def test_a_file_separated_by_bars(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Hellshire Hills", "JAM", "17.9", "-76.95")], sep="|"))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "location: {lat: 17.9, lon: -76.95}\n" in site_text(root, "hellshire-hills")


def test_quoted_newlines_keep_the_line_numbers_right(make_site: MakeSite, run: Run,
                                                     tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(1, "Lake\nTiticaca shores", "BOL", DelTxt="first line\nsecond line\nthird"),
            kba(2, "Bad", "XXX")]
    write_csv(tmp_path, table(rows))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1  # the second row is skipped
    assert "name: Lake Titicaca shores\n" in site_text(root, "lake-titicaca-shores")
    # the first row spans lines 2 to 5 (three newlines in quoted cells)
    assert "kbas.csv:6:16: error: ISO3 'XXX' is not an ISO 3166-1 alpha-3 country code\n" in err


def cell_at(text: str, line: int, col: int) -> str:
    """What the file holds from line `line`, column `col` (both from 1) on."""
    return io.StringIO(text, newline="").readlines()[line - 1][col - 1:]


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_message_about_a_cell_points_at_that_cell(make_site: MakeSite, run: Run,
                                                    tmp_path: Path, sep: str) -> None:
    root = make_site()
    rows = [kba(1, 'A "quoted"\nname', DelTxt="one\ntwo", SitAreaKM2="abc"),  # lines 2-3
            kba(2, "Bad", "XXX", lat="95", lon="x", LastUpdate="soon"),      # 4
            kba("x9", "Lost", SitAreaKM2="-1"),                              # 5
            kba(3, "Wide", "BRA;XX" if sep == "," else "BRA,XX")]             # 6
    text = table(rows, sep=sep)
    write_csv(tmp_path, text)
    _, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    pointed = 0
    for said in err.splitlines():
        _, line, col, rest = said.split(":", 3)
        quoted = rest.split("'")[1] if rest.count("'") >= 2 else ""
        if not col.isdigit() or not quoted:
            continue
        pointed += 1
        held = cell_at(text, int(line), int(col)).lstrip('"')
        assert held.startswith(quoted) or held.startswith(quoted.split(sep)[0]) or \
            quoted in held.split(sep)[0], said
    assert pointed == 6, err  # abc (lines 2 to 4); XXX, 95, x; x9; XX


@pytest.mark.parametrize(("area", "said"), [
    ("12,5", "has a decimal comma: in a file separated by commas, write decimals with a point, "
     "12.5"),
    ("1,234", "may be 1234 or 1.234: in a file separated by commas, write 1234 if the comma "
     "groups thousands, or 1.234 if it is a decimal comma"),  # never a guess
    ("1,234,567", "groups its thousands with commas: in a file separated by commas, write "
     "1234567"),
])
def test_an_area_written_with_a_comma_in_a_csv_says_what_to_write(
        make_site: MakeSite, run: Run, tmp_path: Path, area: str, said: str) -> None:
    """As a coordinate's '-9,2' is told to write -9.2: not only 'is not a number'."""
    _area_left_out(make_site(), run, tmp_path, table([kba(1, "Serra Nova", SitAreaKM2=area)]),
                   area, said, f'"{area}"')


def _area_left_out(root: Path, run: Run, tmp_path: Path, text: str, area: str, said: str,
                   cell: str) -> None:
    """The import of `text` says of its area `area` one warning, `said`, at the cell."""
    write_csv(tmp_path, text)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    [said_once] = [line for line in err.splitlines() if "draft" not in line]
    where, message = said_once.split(" warning: ")
    assert (code, message) == (0, f"SitAreaKM2 '{area}' {said}; area left out")
    _, line, col, _ = where.split(":")
    assert cell_at(text, int(line), int(col)).startswith(cell)
    assert "area_km2" not in site_text(root, "serra-nova")


@pytest.mark.parametrize(("lat", "area", "said"), [
    ("-7.25", "1,234", "groups its thousands with a comma: this file writes its decimals with "
     "a point (line 2: '-7.25'), write 1234"),
    ("-7.25", "12,345,678", "groups its thousands with commas: this file writes its decimals "
     "with a point (line 2: '-7.25'), write 12345678"),
    ("-7", "1,234,567", "groups its thousands with commas: write 1234567"),  # no decimal
    ("-7", "1,234.5", "groups its thousands with a comma: write 1234.5"),  # its point settles it
])
def test_an_area_written_with_thousands_in_a_tab_separated_file_says_what_to_write(
        make_site: MakeSite, run: Run, tmp_path: Path, lat: str, area: str, said: str) -> None:
    """As a CSV's '1,234' is told what to write: not only 'is not a number'."""
    text = table([kba(1, "Serra Nova", lat=lat, lon=lat.replace("7", "39"), SitAreaKM2=area)],
                 sep="\t")
    _area_left_out(make_site(), run, tmp_path, text, area, said, area)


def test_a_tab_separated_area_whose_comma_the_file_does_not_settle_gives_both_readings(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """No decimal in the file says how it writes them: '1,234' is 1234 or 1.234."""
    root = make_site()
    rows = [kba(1, "Serra Nova", lat="-7", lon="-39", SitAreaKM2="1,234"),
            kba(2, "Serra Velha", lat="-8", lon="-39", SitAreaKM2="5.678")]
    write_csv(tmp_path, table(rows, sep="\t"))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert "kbas.csv:2:39: warning: SitAreaKM2 '1,234' may be 1234 or 1.234: write 1234 if the " \
        "comma groups thousands, or 1.234 if it is a decimal comma; area left out" in \
        err.splitlines()


def test_a_value_that_is_no_number_or_no_area_is_said_so_on_one_line(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(1, "Infinite", SitAreaKM2="1e400"),
            kba(2, "Too Big", SitAreaKM2="1e300"),
            kba(12345678901234567, "Long Id"),
            kba("1e3", "Exponent Id"),
            kba("96\n01", "Broken Id", lat="1\n2")]
    write_csv(tmp_path, table(rows))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 2 created, 0 updated, 0 unchanged, 3 skipped\n")
    assert [line for line in err.splitlines() if "draft" not in line] == [
        "kbas.csv:2:43: warning: SitAreaKM2 '1e400' is not a number: area left out",
        "kbas.csv:3:42: warning: SitAreaKM2 '1e300' is larger than the Earth's surface "
        "(510,072,000 km²): area left out",
        "kbas.csv:4:1: error: SitRecID '12345678901234567' is not a positive whole number",
        "kbas.csv:5:1: error: SitRecID '1e3' is not a positive whole number",
        "kbas.csv:6:1: error: SitRecID '96 01' is not a positive whole number",
        "kbas.csv:7:33: error: SitLat '1 2' is not a number",
    ]
    assert "area_km2" not in site_text(root, "too-big")
    check(root, drafts=True)


@pytest.mark.parametrize(("lat", "lon", "said"), [
    ("7°15'S", "-39.45", "SitLat '7°15'S' reads as 7° 15' south: write decimal degrees, -7.25 "
     "(south is negative)"),
    ("7°15′00″ S", "-39.45", "SitLat '7°15′00″ S' reads as 7° 15' 00\" south: write decimal "  # noqa: RUF001 (primes on purpose)
     "degrees, -7.25 (south is negative)"),
    ("7.25 S", "-39.45", "SitLat '7.25 S' reads as 7.25° south: write decimal degrees, -7.25 "
     "(south is negative)"),
    ("S7.25", "-39.45", "SitLat 'S7.25' reads as 7.25° south: write decimal degrees, -7.25 "
     "(south is negative)"),
    ("-7 15 00", "-39.45", "SitLat '-7 15 00' reads as 7° 15' 00\" south: write decimal degrees, "
     "-7.25"),
    ("-7.25°", "-39.45", "SitLat '-7.25°' reads as 7.25° south: write decimal degrees, -7.25"),
    ("7,25", "-39.45", "SitLat '7,25' has a decimal comma: in a file separated by commas, write "
     "decimals with a point, 7.25"),
    ("-7.25", "39º27'W", "SitLong '39º27'W' reads as 39° 27' west: write decimal degrees, -39.45 "
     "(west is negative)"),
    # never more digits than the cell shows: a second is four decimals, 7.25833... is not
    ("7°15'30\"S", "-39.45", "SitLat '7°15'30\"S' reads as 7° 15' 30\" south: write decimal "
     "degrees, -7.2583 (south is negative)"),
    # where the cell does not settle the value, both are given, or none
    ("7°15'", "-39.45", "SitLat '7°15'' reads as 7° 15', without N or S: write decimal degrees, "
     "7.25 if north or -7.25 if south"),
    ("-7.25 S", "-39.45", "SitLat '-7.25 S' has both a sign and S (south): write decimal degrees, "
     "-7.25 for south or 7.25 for north"),
    ("-7.25", "7.25 S", "SitLong '7.25 S' has S (south), which gives a latitude: are the latitude "
     "and longitude columns swapped?"),
    ("7°75'S", "-39.45", "SitLat '7°75'S' reads as degrees and minutes, but minutes and seconds go "
     "from 0 to 59: check the value"),
    ("95°S", "-39.45", "SitLat '95°S' is out of range (-90 to 90)"),
])
def test_coordinates_in_other_forms_say_the_decimal_degrees_to_write(
        make_site: MakeSite, run: Run, tmp_path: Path, lat: str, lon: str, said: str) -> None:
    """Refused, never converted (a scientist checks the value), one error at the cell."""
    root = make_site()
    text = table([kba(1, "Serra Nova", lat=lat, lon=lon)])
    write_csv(tmp_path, text)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 1 skipped\n")
    where, message = err.split(" error: ")
    assert message == said + "\n"
    _, line, col, _ = where.split(":")
    assert cell_at(text, int(line), int(col)).lstrip('"').startswith(said.split("'")[1][:2])


def test_a_spreadsheet_date_number_is_said_to_be_one_with_its_date(make_site: MakeSite, run: Run,
                                                                   tmp_path: Path) -> None:
    """A date column formatted as numbers exports 43831 for 2020-01-01 (1900 date system);
    four digits may be a year, and are not read as such a number."""
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Serra Nova", LastUpdate="43831"),
                               kba(2, "Serra Velha", LastUpdate="2018")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert [line for line in err.splitlines() if "draft" not in line] == [
        "kbas.csv:2:66: warning: LastUpdate '43831' is a spreadsheet's date number: 2020-01-01 "
        "(in the 1900 date system Excel uses); format the column as dates (YYYY-MM-DD) before "
        "saving as CSV, or write 2020-01-01; 'updated' left as it was",
        "kbas.csv:3:67: warning: LastUpdate '2018' is not a date such as 2018-11-13: 'updated' "
        "left as it was",
    ]
    assert "updated:" not in site_text(root, "serra-nova")


def test_a_review_date_far_ahead_is_a_warning_and_imported_as_written(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """The build publishes any date; the written file must not depend on the day of the
    import, only the warning may."""
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Serra Nova", LastUpdate="9999-12-31")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert [line for line in err.splitlines() if "draft" not in line] == [
        "kbas.csv:2:66: warning: LastUpdate '9999-12-31' is more than a year from today: is it "
        "a slip? It is imported as written; an import never moves 'updated' back, so correct it "
        "in the site's file too"]
    assert "updated: 9999-12-31\n" in site_text(root, "serra-nova")
    check(root, drafts=True)


def test_a_header_cannot_send_control_characters_to_the_terminal(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "SitRecID,IntName,ISO3,SitLat,SitLong,\x1b[31mRED\x1b[0m\x07\r\n"
                        "1,Manas,IND,26.72,90.95,x\r\n")
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert "kbas.csv:1: warning: unknown column '\\x1b[31mRED\\x1b[0m\\x07' ignored\n" in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize(("second_row", "said"), [
    ("2,A\x00B,BRA,1,1\r\n3,Good,BRA,1,1\r\n",  # a stray NUL in a small file: its row alone
     "kbas.csv:2:3: error: column 'IntName' holds a NUL byte (\\0): the file is damaged or was "
     "exported from another program's binary format; this row is skipped"),
    ('2,Good,BRA,1,1\r\n3,"Open,BRA,1,1\r\n',  # in the last row, nothing else shows it
     "kbas.csv:3: error: a quote opened on line 3 is not closed: close the quote; this row is "
     "skipped"),
])
def test_a_damaged_row_costs_that_row_alone(make_site: MakeSite, run: Run, tmp_path: Path,
                                            second_row: str, said: str) -> None:
    root = make_site()
    write_csv(tmp_path, "SitRecID,IntName,ISO3,SitLat,SitLong\r\n" + second_row)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert [line for line in err.splitlines() if "draft" not in line] == [said]


def test_trailing_empty_columns_are_ignored(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    text = ("SitRecID,IntName,ISO3,SitLat,SitLong,,,\r\n1,Manas,IND,26.72,90.95,,,\r\n"
            "2,Kaziranga,IND,26.6,93.4\r\n")
    write_csv(tmp_path, text)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 2 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert "warning: column" not in err and "unknown" not in err


def test_an_unknown_column_is_reported_once(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    rows = [{**kba(i, f"Site {i}"), "Notes": "x"} for i in range(1, 4)]
    write_csv(tmp_path, table(rows, [*WDKBA, "Notes"]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert err.count("unknown column") == 1
    assert "kbas.csv:1: warning: unknown column 'Notes' ignored\n" in err


def test_column_names_match_loosely(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "sitrecid;INTNAME;iso3;Sit_Lat;SitLong\n1;Manas;ind;26,72;90,95\n")
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err.count("unknown")) == (0, 0)
    assert "iso3: IND\nlocation: {lat: 26.72, lon: 90.95}\n" in site_text(root, "manas")


@pytest.mark.parametrize(("text", "comma", "expected"), [
    ("12.5", False, 12.5), ("12,5", True, 12.5), ("12,5", False, None), (" -7.25 ", False, -7.25),
    ("1e3", False, 1000.0), ("nan", False, None), ("inf", False, None), ("", False, None),
    ("1,234.5", True, None), ("\u22127.5", False, -7.5), (".5", False, 0.5),
    ("1.234.567", True, 1234567.0),
])
def test_parse_number(text: str, comma: bool, expected: float | None) -> None:
    assert parse_number(text, comma) == expected


def test_number_and_date_formats() -> None:
    assert [yaml_float(v) for v in (-7.25, 7.0, 1e-05, 1e16, 0.1 + 0.2)] == [
        "-7.25", "7.0", "0.00001", "10000000000000000.0", "0.30000000000000004"]
    assert sniff_separator("a;b;c,d\n1;2;3") == ";" and sniff_separator("abc\n") == ","
    assert parse_date("2018-11-13") == parse_date("2018/11/13 00:00:00") is not None
    assert parse_date("13/11/2018") is None and parse_date("2018") is None
    assert parse_date("2018-02-30") is None


# -- aze-species ------------------------------------------------------------------------------------


WIDE = ["Country", "Site", "AZE.trigger.species", "AZE.trigger.species2", "AZE.trigger.species3",
        *[f"AZE.trigger.species{i}" for i in range(4, 21)]]


def test_wide_shape_merges_species_and_keeps_existing_fields(make_site: MakeSite, run: Run,
                                                             tmp_path: Path) -> None:
    """A table of names alone: a draft's species may wait for their status (each a warning
    in the build, the species left out until it has one)."""
    root = make_site()
    (root / ARARIPE).write_text((root / ARARIPE).read_text(encoding="utf-8").replace(
        "\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")
    before = (root / ARARIPE).read_text(encoding="utf-8")
    rows = [{"Country": "Brazil", "Site": "Chapada do Araripe",
             "AZE.trigger.species": "Antilophia bokermanni", "AZE.trigger.species3": "Hylaeus novus",
             "AZE.trigger.species20": "Araripe  minor"}]
    write_csv(tmp_path, table(rows, WIDE), "aze.csv")
    code, out, err = run("aze-species", "aze.csv", "--root", str(root))
    assert code == 0
    assert out == "import: 0 created, 1 updated, 0 unchanged, 0 skipped\n"
    assert err == ("aze.csv:2: warning: chapada-do-araripe: species without Red List status: add "
                   "status before publishing (Hylaeus novus, Araripe minor)\n")
    assert (root / ARARIPE).read_text(encoding="utf-8") == before.replace(
        "    status: CR\n", "    status: CR\n  - name: Hylaeus novus\n  - name: Araripe minor\n")
    result = build(BuildOptions(root=root, jobs=1, dry_run=True))
    assert [d.message for d in result.report.warnings if "status" in d.message] == [
        f"species[{n}]: no Red List 'status' yet (CR, EN or EW): the species is left out until it "
        "has one, and the site cannot be published without it" for n in (1, 2)]
    code, out, _ = run("aze-species", "aze.csv", "--root", str(root))
    assert out == "import: 0 created, 0 updated, 1 unchanged, 0 skipped\n"


def test_species_without_a_status_are_refused_for_a_published_site(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """The build would refuse the site: the row is reported and skipped, the file kept."""
    root = make_site()
    before = (root / ARARIPE).read_text(encoding="utf-8")
    rows = [{"Country": "Brazil", "Site": "Chapada do Araripe",
             "AZE.trigger.species": "Antilophia bokermanni", "AZE.trigger.species2": "Hylaeus novus"}]
    write_csv(tmp_path, table(rows, WIDE), "aze.csv")
    code, out, err = run("aze-species", "aze.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert err == ("aze.csv:2: error: chapada-do-araripe is published, so each of its trigger "
                   "species needs a Red List status, and none is given for Hylaeus novus: give "
                   "each one (CR, EN or EW, in a Status column), or set 'draft: true' in "
                   f"{ARARIPE}\n")
    assert (root / ARARIPE).read_text(encoding="utf-8") == before
    build(BuildOptions(root=root, jobs=1, dry_run=True))  # still builds


@pytest.mark.parametrize(("species", "said"), [
    ('=HYPERLINK("https://x.org";"Bufo novus")', "a formula, not its value: export the values"),
    ("<i>Bufo</i> novus", "HTML tags in a name: write the name alone, as text"),
])
def test_a_formula_or_html_in_a_name_cell_is_refused(
        make_site: MakeSite, run: Run, tmp_path: Path, species: str, said: str) -> None:
    root = make_site()
    before = (root / ARARIPE).read_text(encoding="utf-8")
    columns = ["Country", "Site name", "Scientific name", "Red List", "Class"]
    write_csv(tmp_path, table([{"Country": "Brazil", "Site name": "Chapada do Araripe",
                                "Scientific name": species, "Red List": "CR",
                                "Class": "amphibians"}], columns), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert err.startswith("species.csv:2:") and said in err and len(err.splitlines()) == 1
    assert (root / ARARIPE).read_text(encoding="utf-8") == before


@pytest.mark.parametrize("column", ["IntName", "NatName"])
def test_html_in_a_wdkba_name_cell_is_refused(make_site: MakeSite, run: Run, tmp_path: Path,
                                              column: str) -> None:
    """The national name is written into a new site's text: tags there are no name."""
    root = make_site()
    row = kba(1, "Serra Nova", NatName="Serra Nova do Sul")
    row[column] = "<b>Serra</b> Nova"
    write_csv(tmp_path, table([row]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 1 skipped\n")
    at = {"IntName": 38, "NatName": 20}[column]
    assert err == f"kbas.csv:2:{at}: error: HTML tags in a name: write the name alone, as text\n"
    assert set(sites(root)) == {"chapada-do-araripe.md", "xichu.md"}


def test_a_formula_in_any_cell_read_is_one_error_at_that_cell(make_site: MakeSite, run: Run,
                                                             tmp_path: Path) -> None:
    """Not 'not a number', nor an error for each part of a formula read as a list of codes."""
    root = make_site()
    rows = [kba(1, "Serra Um", "=VLOOKUP(B2, Sheet2!A:B, 2, FALSE)"),  # line 2
            kba(2, "Serra Dois", lat="=C3*1"),                          # 3
            kba(3, "Serra Tres", Source="=1+1")]                        # 4: a column not read
    write_csv(tmp_path, table(rows))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 2 skipped\n")
    values = "export the values (in the spreadsheet, copy the cells and paste them as values)"
    assert err.splitlines()[:2] == [
        f"kbas.csv:2:16: error: column 'ISO3' holds a formula, not its value: {values}",
        f"kbas.csv:3:32: error: column 'SitLat' holds a formula, not its value: {values}"]


def test_country_names_in_iso3_are_one_error_that_gives_the_codes(make_site: MakeSite, run: Run,
                                                                  tmp_path: Path) -> None:
    root = make_site()
    rows = [kba(1, "Serra Um", "United Kingdom"), kba(2, "Serra Dois", "Brazil; Peru"),
            kba(3, "Serra Tres", "BRA XX YY")]
    write_csv(tmp_path, table(rows))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 3 skipped\n")
    assert err.splitlines() == [
        "kbas.csv:2:16: error: ISO3 'United Kingdom' is not written in ISO 3166-1 alpha-3 "
        "country codes: write GBR",
        "kbas.csv:3:16: error: ISO3 'Brazil; Peru' is not written in ISO 3166-1 alpha-3 "
        "country codes: write BRA, PER",
        "kbas.csv:4:16: error: ISO3 'XX' and 'YY' are not ISO 3166-1 alpha-3 country codes"]


def test_a_site_file_that_cannot_be_read_is_named_with_its_mistake(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """Not "no site ... import the WDKBA export first": the file is there, and broken."""
    root = make_site()
    path = root / ARARIPE
    broken = path.read_text(encoding="utf-8").replace("name: Chapada do Araripe",
                                                      'name: "Chapada do Araripe')
    path.write_text(broken, encoding="utf-8")
    columns = ["Country", "Site name", "Scientific name", "Red List", "Class"]
    write_csv(tmp_path, table([{"Country": "Brazil", "Site name": "Chapada do Araripe",
                                "Scientific name": "Bufo novus", "Red List": "CR",
                                "Class": "amphibians"}], columns), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert err == (f"species.csv:2:8: error: {ARARIPE} cannot be read (line 2, column 7: a "
                   'quoted value is not closed: add the closing " at its end): fix it, then '
                   "import again\n")
    assert path.read_text(encoding="utf-8") == broken


def test_long_shape_by_sitrecid_and_by_name(make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(501, "Montseny massif", "ESP", "41.77", "2.4", AzeStatus="1"),
                               kba(502, "Mount Nimba", "GIN;CIV", "7.59", "-8.43")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    columns = ["SitRecID", "Country", "Site name", "Scientific name", "Common name", "Class",
               "Red List"]
    rows = [
        {"SitRecID": "501", "Scientific name": "Calotriton arnoldi",
         "Common name": "Montseny brook newt", "Class": "AMPHIBIA", "Red List": "CR"},
        {"Country": "Guinea", "Site name": "Mount Nimba",
         "Scientific name": "Nimbaphrynoides occidentalis", "Class": "Frogs",
         "Red List": "Critically Endangered"},
        {"Country": "Brazil", "Site name": "Chapada do Araripe",
         "Scientific name": "Antilophia bokermanni", "Red List": "EN", "Class": "Aves"},
        {"Country": "Côte d'Ivoire", "Site name": "Nowhere Hills", "Scientific name": "A b"},
        {"SitRecID": "999", "Scientific name": "A b"},
        {"Country": "Brazil", "Site name": "Chapada do Araripe", "Scientific name": "Bufo c",
         "Red List": "VU"},
        {"Country": "Brazil", "Site name": "Chapada do Araripe", "Scientific name": "Bufo d",
         "Red List": "XX"},
        {"Country": "Atlantis", "Site name": "Chapada do Araripe", "Scientific name": "Bufo e"},
        {"Country": "Brazil", "Site name": "Chapada do Araripe", "Scientific name": "Bufo f",
         "Class": "Weirdos", "Red List": "CR(PE)"},
        {"Country": "Brazil", "Site name": "Chapada do Araripe", "Scientific name": ""},
    ]
    write_csv(tmp_path, table(rows, columns, sep=";"), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert code == 1  # six rows skipped
    assert out == "import: 0 created, 3 updated, 0 unchanged, 6 skipped\n"
    assert err.splitlines() == [
        "species.csv:2: warning: montseny-massif: has its trigger species now: the draft flag the "
        "import set is removed, it will be published",
        "species.csv:3: warning: mount-nimba: has its trigger species now: the draft flag the "
        "import set is removed, it will be published",
        "species.csv:5:16: error: no site 'Nowhere Hills' in CIV: import the WDKBA export first",
        "species.csv:6:1: error: no site with SitRecID 999: import the WDKBA export first",
        "species.csv:7:37: error: Red List 'VU' (Vulnerable) does not qualify a species as an AZE "
        "trigger (expected CR, EN or EW)",
        "species.csv:8:37: error: Red List 'XX' is not an IUCN Red List category for an AZE trigger "
        "(expected CR, EN or EW)",
        "species.csv:9:2: error: Country 'Atlantis' is not a country name or ISO 3166-1 alpha-3 code",
        "species.csv:10:36: warning: Class 'Weirdos' is not a taxonomic group aze-site knows "
        "(amphibians, birds, mammals, reptiles, fishes, corals, crustaceans, insects, molluscs, "
        "other-invertebrates, plants, fungi); group left unset",
        "species.csv:11:28: error: no species name (Scientific name is empty)",
    ]
    assert "\nspecies:\n" \
           "  - name: Calotriton arnoldi\n    common_name: Montseny brook newt\n" \
           "    group: amphibians\n    status: CR\n" in site_text(root, "montseny-massif")
    assert "  - name: Nimbaphrynoides occidentalis\n    group: amphibians\n    status: CR\n" \
        in site_text(root, "mount-nimba")
    araripe = site_text(root, "chapada-do-araripe")
    assert ("  - name: Antilophia bokermanni\n    common_name: Araripe manakin\n    group: birds\n"
            "    status: EN\n  - name: Bufo f\n    status: CR\n") in araripe
    check(root, drafts=True)
    code, out, _ = run("aze-species", "species.csv", "--root", str(root))
    assert out == "import: 0 created, 0 updated, 3 unchanged, 6 skipped\n"


def test_species_import_refuses_a_table_without_species(make_site: MakeSite, run: Run,
                                                        tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, "Country,Site\nBrazil,Chapada do Araripe\n", "aze.csv")
    code, _, err = run("aze-species", "aze.csv", "--root", str(root))
    assert code == 1
    assert "aze.csv:1: error: no column 'AZE.trigger.species': is this an AZE trigger-species " \
           "table? (columns: Country, Site)\n" in err


def test_two_sites_of_one_name_in_one_country_need_a_sitrecid(make_site: MakeSite, run: Run,
                                                              tmp_path: Path) -> None:
    root = make_site({"content/sites/araripe.md": "---\nname: Chapada do Araripe\niso3: BRA\n"
                      "location: {lat: -7.3, lon: -39.5}\ndraft: true\n---\n"})
    write_csv(tmp_path, table([{"Country": "BRA", "Site": "Chapada do Araripe",
                                "AZE.trigger.species": "A b"}], WIDE), "aze.csv")
    code, _, err = run("aze-species", "aze.csv", "--root", str(root))
    assert code == 1
    assert err == ("aze.csv:2:5: error: site 'Chapada do Araripe' in BRA matches "
                   "content/sites/araripe.md, content/sites/chapada-do-araripe.md: add a SitRecID "
                   "column to tell them apart\n")


@pytest.mark.parametrize(("source", "group"), [
    ("Amphibia", "amphibians"), ("AMPHIBIA", "amphibians"), ("Frogs", "amphibians"),
    ("Aves", "birds"), ("Mammalia", "mammals"), ("Reptilia", "reptiles"),
    ("Actinopterygii", "fishes"), ("Magnoliopsida", "plants"), ("Plantae", "plants"),
    ("Anthozoa", "corals"), ("Malacostraca", "crustaceans"), ("Insecta", "insects"),
    ("Gastropoda", "molluscs"), ("Arachnida", "other-invertebrates"),
    ("Other invertebrates", "other-invertebrates"), ("fungi", "fungi"), ("Birds", "birds"),
    ("Dragons", None), ("", None),
])
def test_group_mapping(source: str, group: str | None) -> None:
    assert map_group(source) == group


@pytest.mark.parametrize(("text", "code"), [
    ("Brazil", "BRA"), ("BRA", "BRA"), ("bra", "BRA"), ("Côte d'Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"), ("São Tomé and Príncipe", "STP"), ("Bolivia", "BOL"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Russia", "RUS"), ("Venezuela", "VEN"),
    ("The Bahamas", "BHS"), ("Narnia", None),
])
def test_country_names(text: str, code: str | None) -> None:
    assert country_code(text) == code


# -- writes are atomic ---------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_file_as_it_was_and_no_temporary_file(
        make_site: MakeSite, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site()
    before = (root / ARARIPE).read_bytes()
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == "chapada-do-araripe.md":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe", SitAreaKM2="30"),
                               kba(2, "Hellshire Hills", "JAM")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n"
    assert err.endswith("content/sites/chapada-do-araripe.md: error: cannot write: No space left "
                        "on device; the file is as it was\n")
    assert (root / ARARIPE).read_bytes() == before
    assert sorted(sites(root)) == ["chapada-do-araripe.md", "hellshire-hills.md", "xichu.md"]


def test_unreadable_front_matter_is_reported_and_left_alone(make_site: MakeSite, run: Run,
                                                            tmp_path: Path) -> None:
    broken = "---\nname: [Chapada\n---\nBody.\n"
    root = make_site({ARARIPE: broken})
    write_csv(tmp_path, table([kba(1, "Chapada do Araripe"), kba(2, "Manas", "IND")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1  # the row of the broken file is skipped
    assert err.startswith("kbas.csv:2: error: content/sites/chapada-do-araripe.md cannot be "
                          "read (line 2, column 7: ")
    assert (root / ARARIPE).read_text(encoding="utf-8") == broken


def test_the_api_reports_without_printing(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    path = write_csv(tmp_path, table([kba(1, "Manas", "IND")]))
    result = import_dataset("wdkba", str(path), root, dry_run=True)
    assert (result.created, result.failed, len(result.diffs)) == (1, False, 1)
    assert [d.level for d in result.diagnostics] == ["warning"]


# -- importers never write markup -------------------------------------------------------------------


def test_names_from_the_file_are_text_on_the_published_page(make_site: MakeSite, run: Run,
                                                              tmp_path: Path) -> None:
    from aze_site.publish.blobs import MemoryWriter

    root = make_site()
    hostile = "Massís *x* [y](javascript:alert(1)) & x<y"  # a tag in a name cell is refused (below)
    write_csv(tmp_path, table([kba(1, hostile, "ESP", "41.7", "2.4", AzeStatus="yes",
                                   NatName="[*Massís*](javascript:alert(2)) & <b co")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    text = site_text(root, "massis-x-y-javascript-alert-1-x-y")
    assert f"name: {hostile}\n" in text  # YAML reads it back as that text
    assert text.split("---\n", 2)[2] == (
        "National name: \\[\\*Massís\\*\\]\\(javascript:alert\\(2\\)\\) &amp; &lt;b co\n"
        "\n"
        "## Why it matters\n"
        "\n"
        "What makes Massís \\*x\\* \\[y\\]\\(javascript:alert\\(1\\)\\) &amp; x&lt;y the last refuge "
        "of its trigger species.\n"
        "\n"
        "## Threats\n"
        "\n"
        "## What is being done\n")
    memory = MemoryWriter()
    build(BuildOptions(root=root, jobs=1, drafts=True), memory=memory)
    page = memory.files["sites/massis-x-y-javascript-alert-1-x-y/index.html"].decode()
    assert ("<p>What makes Massís *x* [y](javascript:alert(1)) &amp; x&lt;y the last refuge"
            in page)
    assert "<p>National name: [*Massís*](javascript:alert(2)) &amp; &lt;b co</p>" in page
    assert "javascript:alert(1)\"" not in page and "<em>x" not in page and "<b co" not in page


# -- conflicting rows, rows that cannot be read --------------------------------------------------------


SPECIES_LONG = ["SitRecID", "Scientific name", "Common name", "Class", "Red List"]


def test_conflicting_rows_are_reported_and_the_first_row_is_kept(make_site: MakeSite, run: Run,
                                                                  tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(501, "Montseny massif", "ESP", "41.77", "2.4"),
                               kba(502, "Montseny foothills", "ESP", "41.6", "2.3")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    rows = [
        {"SitRecID": "501", "Scientific name": "Calotriton arnoldi",                   # line 2
         "Common name": "Montseny brook newt", "Class": "AMPHIBIA", "Red List": "CR"},
        {"SitRecID": "501", "Scientific name": "Calotriton arnoldi", "Red List": "Endangered"},  # 3
        {"SitRecID": "501", "Scientific name": "calotriton  arnoldi", "Class": "Frogs",  # 4: agrees
         "Red List": "Critically Endangered"},
        {"SitRecID": "501", "Scientific name": "Calotriton arnoldi",                   # 5
         "Common name": "Brook newt", "Class": "Aves"},
        {"SitRecID": "502", "Scientific name": "Calotriton arnoldi", "Red List": "EN"},  # 6: another site
    ]
    write_csv(tmp_path, table(rows, SPECIES_LONG), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 0 created, 2 updated, 0 unchanged, 2 skipped\n"
    assert err.splitlines() == [
        "species.csv:2: warning: montseny-massif: has its trigger species now: the draft flag the "
        "import set is removed, it will be published",
        "species.csv:3:26: error: Calotriton arnoldi at montseny-massif: Red List 'EN' conflicts with "
        "'CR' on line 2; the first row is kept",
        "species.csv:5:24: error: Calotriton arnoldi at montseny-massif: Common name 'Brook newt' "
        "conflicts with 'Montseny brook newt' on line 2; the first row is kept",
        "species.csv:5:35: error: Calotriton arnoldi at montseny-massif: Class 'birds' conflicts with "
        "'amphibians' on line 2; the first row is kept",
        "species.csv:6: warning: montseny-foothills: has its trigger species now: the draft flag "
        "the import set is removed, it will be published",
    ]
    assert "  - name: Calotriton arnoldi\n    common_name: Montseny brook newt\n" \
           "    group: amphibians\n    status: CR\n" in site_text(root, "montseny-massif")
    assert "  - name: Calotriton arnoldi\n    status: EN\n" in site_text(root, "montseny-foothills")
    # the same file again: the same report, and nothing changes
    code, out, again = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 2 unchanged, 2 skipped\n")
    assert [line for line in again.splitlines() if "error" in line] == err.splitlines()[1:4]


def test_a_row_with_an_oversized_cell_is_skipped_and_the_others_import(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    huge = "x" * 200_000
    write_csv(tmp_path, table([kba(1, "Good One"), kba(2, "Too Long", DelTxt=huge),
                               kba(3, "Good Two")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 2 created, 0 updated, 0 unchanged, 1 skipped\n"
    assert "kbas.csv:3:66: error: column 'DelTxt' holds 200,000 characters, more than the 131,072 a " \
           "cell may hold\n" in err
    assert {"good-one.md", "good-two.md"} <= set(sites(root)) and "too-long.md" not in sites(root)
    assert csv.field_size_limit() == 131_072  # the module's limit is as it was


def test_a_quote_left_open_costs_the_rows_it_swallows_not_the_file(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    text = table([kba(1, "Good One")]) + '2,"Open quote,BRA,-7,-39\r\n' + \
        "".join(f"{i},Swallowed {i},BRA,-7,-39,{'y' * 60}\r\n" for i in range(3, 2503))
    write_csv(tmp_path, text, "short.csv")
    code, out, err = run("wdkba", "short.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n"
    assert err.endswith("short.csv:3:3: error: column 'Region' holds 230,321 characters, more than the "
                        "131,072 a cell may hold (the value runs from line 3 to line 2503: is a "
                        "quote (\") left open?)\n")


# -- the species import publishes the drafts the WDKBA import made --------------------------------------


def test_the_draft_flag_the_import_set_goes_and_an_editors_stays(make_site: MakeSite, run: Run,
                                                                 tmp_path: Path) -> None:
    editors = ("---\nname: Table Mountain\niso3: ZAF\nlocation: {lat: -33.96, lon: 18.4}\n"
               "wdkba_id: 3\nspecies: []\ndraft: true   # until the text is written\n---\nText.\n")
    root = make_site({"content/sites/table-mountain.md": editors})
    write_csv(tmp_path, table([kba(1, "Manas", "IND", "26.72", "90.95", AzeStatus="yes"),
                               kba(2, "Socorro Island", "MEX", "18.79", "-110.97")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    socorro = site_text(root, "socorro-island")
    write_csv(tmp_path, table([
        {"SitRecID": "1", "Scientific name": "Porcula salvania", "Class": "Mammalia", "Red List": "EN"},
        {"SitRecID": "2", "Scientific name": "Puffinus auricularis"},  # no status yet: stays a draft
        {"SitRecID": "3", "Scientific name": "Heleophryne rosei", "Red List": "CR"},
    ], SPECIES_LONG), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (0, "import: 0 created, 3 updated, 0 unchanged, 0 skipped\n")
    assert err.splitlines() == [
        "species.csv:2: warning: manas: has its trigger species now: the draft flag the import set "
        "is removed, it will be published",
        "species.csv:3:26: warning: socorro-island: species without Red List status: add status "
        "before publishing (Puffinus auricularis)",
    ]
    manas = site_text(root, "manas")
    assert "\ndraft:" not in manas
    assert manas.startswith("---\nname: Manas\niso3: IND\nlocation: {lat: 26.72, lon: 90.95}\n"
                            "wdkba_id: 1\ncriteria: [A1e]\n"
                            "species:\n"  # the note on it went with the draft flag
                            "  - name: Porcula salvania\n    group: mammals\n    status: EN\n---\n")
    assert "draft: true  # set to false once its trigger species are added\n" in \
        site_text(root, "socorro-island")
    assert socorro != site_text(root, "socorro-island")
    assert site_text(root, "table-mountain") == editors.replace(
        "species: []\n", "species:\n  - name: Heleophryne rosei\n    status: CR\n")
    (root / "content/sites/socorro-island.md").unlink()  # its species has no status: an error
    report = check(root)
    assert [str(d) for d in report.warnings if d.path == "content/sites/manas.md"] == [
        "content/sites/manas.md:14:1: warning: the placeholder text of 'aze-site new' is still "
        "here: write the page's own text"]  # published now: the imported text is a placeholder


def test_the_draft_flag_goes_in_place_when_no_species_list_is_rewritten() -> None:
    text = "name: A\nspecies: [{name: A b, status: CR}]\ndraft: true  # set to false once its " \
           "trigger species are added\nhero: x.jpg\n"
    assert edit_lines(text, [("delete", (), "draft", None, ())], {"name": "A"}, "\n") == \
        "name: A\nspecies: [{name: A b, status: CR}]\nhero: x.jpg\n"


# -- criteria and the national name from a WDKBA export ------------------------------------------------


@pytest.mark.parametrize(("cell", "parts"), [
    ("A1a, B1", ["A1a", "B1"]),
    ("a1e;B3(a)", ["a1e", "B3(a)"]),
    ("A1 e; B1 c", ["A1 e", "B1 c"]),  # not criteria C and E: a sub-criterion written apart
    ("A1 (e) / C, E", ["A1 (e)", "C", "E"]),
    ("c A1", ["c", "A1"]),
])
def test_a_criteria_cell_is_cut_into_codes(cell: str, parts: list[str]) -> None:
    assert criteria_parts(cell) == parts


def test_criteria_and_the_national_name_are_imported(make_site: MakeSite, run: Run,
                                                     tmp_path: Path) -> None:
    root = make_site()
    columns = ["SitRecID", "IntName", "NatName", "ISO3", "SitLat", "SitLong", "AzeStatus",
               "KBA_Criteria"]
    write_csv(tmp_path, table([
        {"SitRecID": "1", "IntName": "Montseny massif", "NatName": "Massís del Montseny",
         "ISO3": "ESP", "SitLat": "41.77", "SitLong": "2.4", "AzeStatus": "yes",
         "KBA_Criteria": "a1a; A1e, B9"},
        {"SitRecID": "2", "IntName": "Manas", "NatName": "manas", "ISO3": "IND", "SitLat": "26.7",
         "SitLong": "90.9", "KBA_Criteria": "A1a"},
        {"SitRecID": "19540", "IntName": "Chapada do Araripe", "ISO3": "BRA", "SitLat": "-7.25",
         "SitLong": "-39.45", "AzeStatus": "yes", "KBA_Criteria": "A1a"},
    ], columns))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert "kbas.csv:2:57: warning: KBA_Criteria 'B9' is not a criterion of content/criteria.yaml; " \
           "left out\n" in err
    montseny = site_text(root, "montseny-massif")
    assert "criteria: [A1a, A1e]\n" in montseny
    assert montseny.split("---\n", 2)[2].startswith(
        "National name: Massís del Montseny\n\n## Why it matters\n")
    manas = site_text(root, "manas")
    assert "criteria: [A1a]\n" in manas and "National name" not in manas  # same name, other case
    assert "criteria: [A1e, A1a]\n" in (root / ARARIPE).read_text(encoding="utf-8")  # added to
    check(root)


def test_without_criteria_yaml_the_standards_codes_are_known(tmp_path: Path) -> None:
    from aze_site.importer.wdkba import STANDARD_CRITERIA, known_criteria

    assert known_criteria(tmp_path) == (STANDARD_CRITERIA, "the KBA standard")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/criteria.yaml").write_text("- code: A\n  criteria:\n    - code: A1e\n")
    assert known_criteria(tmp_path) == (("A1e",), "content/criteria.yaml")


# -- --help lists what each importer reads --------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["wdkba", "aze-species"])
def test_help_lists_every_column_each_importer_reads(dataset: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from aze_site.importer import columns, species, wdkba

    with pytest.raises(SystemExit) as exc:
        main(["import", dataset, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    described: tuple[columns.Column, ...]
    if dataset == "wdkba":
        described = columns.WDKBA_COLUMNS
        bind = wdkba.binder([])
        assert ("  SitLat\n      latitude of the site's centroid, WGS84 decimal degrees (south "
                "negative) (required)\n") in out
        assert "  KbaCriteria, Criteria, KbaCriteriaMet, CriteriaMet, GlobalCriteria, KbaQual\n" in out
        assert "  Region, Country, KbaStatus, KbaClass, IbaStatus, LegacyKba, Source, DelTxt, " \
               "RepAreaKM2\n      known, and not imported\n" in out
        for name in columns.WDKBA_IGNORED:
            assert bind(columns.norm(name)) == name
    else:
        described = columns.SPECIES_SITE_COLUMNS + columns.SPECIES_LONG_COLUMNS
        bind = species.binder(["Species"])
        assert "  AZE.trigger.species, AZE.trigger.species2, ..., AZE.trigger.species20\n" in out
        assert "  Status, Red List, IUCN, Red List category, Red List status, IUCN status, " \
               "IUCN category\n" in out
        assert species.binder(["AZE.trigger.species"])("azetriggerspecies20") == "species:020"
    for column in described:  # what --help lists is what the importer binds: one list
        assert ", ".join(column.names) in out
        for name in column.names:
            assert bind(columns.norm(name)) == column.name, name


def test_a_row_with_a_nul_byte_is_skipped_and_nothing_carries_it_into_content(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(1, "Good One"), kba(2, "Bad\x00Name"), kba(3, "Good Two")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 1
    assert out == "import: 2 created, 0 updated, 0 unchanged, 1 skipped\n"
    assert "kbas.csv:3:21: error: column 'IntName' holds a NUL byte (\\0): the file is damaged or " \
           "was exported from another program's binary format; this row is skipped\n" in err
    assert not [p for p in (root / "content").rglob("*.md") if b"\x00" in p.read_bytes()]


@pytest.mark.parametrize(("data", "problem"), [
    (b"PK\x03\x04" + bytes(300), "this is a spreadsheet workbook, not a CSV file: save it as CSV "
     "(in Excel: File, Save As, 'CSV UTF-8')"),
    (b"\x7fELF\x02\x01" + bytes(200) + b"SitRecID,IntName\n\x01\x02\x00\x00",
     "this is not a CSV file (it holds binary data): export the table as CSV"),
], ids=["workbook", "binary"])
def test_a_file_that_is_not_csv_gets_one_error(make_site: MakeSite, run: Run, tmp_path: Path,
                                               data: bytes, problem: str) -> None:
    root = make_site()
    (tmp_path / "kbas.csv").write_bytes(data)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert err.splitlines() == [f"kbas.csv:1: error: {problem}"]


def test_a_translation_is_never_taken_for_the_site_a_row_names(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """`x.es.md` holds no facts: a row matching its name creates its own site file."""
    translation = "---\nname: Isla Socorro\n---\nTexto.\n"
    root = make_site({"content/sites/socorro-island.es.md": translation})
    write_csv(tmp_path, table([kba(7, "Isla Socorro", "MEX", "18.79", "-110.97")]))
    code, out, _ = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert site_text(root, "socorro-island.es") == translation
    assert "wdkba_id: 7" in site_text(root, "isla-socorro")


def test_a_sensitive_column_makes_a_species_sensitive_and_never_the_reverse(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    rows = [{"SitRecID": "9", "Scientific name": "Secretus maximus", "Red List": "CR",
             "Sensitive": "yes"},
            {"SitRecID": "9", "Scientific name": "Apertus minor", "Red List": "EN",
             "Sensitive": "no"},
            {"SitRecID": "9", "Scientific name": "Dubius", "Red List": "EN", "Sensitive": "maybe"}]
    write_csv(tmp_path, table([kba(9, "Serra do Teste", "BRA", "-12.5", "-45.25")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    write_csv(tmp_path, table(rows, [*SPECIES_LONG, "Sensitive"]), "species.csv")
    code, _, err = run("aze-species", "species.csv", "--root", str(root))
    assert code == 1
    assert "species.csv:4:15: error: Sensitive 'maybe' is not yes or no" in err.splitlines()
    text = site_text(root, "serra-do-teste")
    assert "  - name: Secretus maximus\n    status: CR\n    sensitive: true\n" in text
    assert "  - name: Apertus minor\n    status: EN\n" in text and text.count("sensitive") == 1
    check(root)  # and the build publishes the site's position rounded (test_build)


def test_a_spreadsheet_error_value_in_the_sensitive_column_is_no_no(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """Error values are empty cells elsewhere; here '#N/A' (a lookup that found nothing) or
    '#REF!' was read as 'not sensitive', and the species' site published exactly."""
    root = make_site()
    write_csv(tmp_path, table([kba(9, "Serra do Teste", "BRA", "-12.5", "-45.25")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    rows = [{"SitRecID": "9", "Scientific name": "Secretus maximus", "Red List": "CR",
             "Sensitive": "#N/A"},
            {"SitRecID": "9", "Scientific name": "Apertus minor", "Red List": "EN",
             "Sensitive": "#REF!"},
            {"SitRecID": "9", "Scientific name": "Tertius", "Red List": "EN", "Sensitive": "N/A"}]
    write_csv(tmp_path, table(rows, [*SPECIES_LONG, "Sensitive"]), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 1 updated, 0 unchanged, 2 skipped\n")
    assert [line for line in err.splitlines() if "draft" not in line] == [
        f"species.csv:{line}:{col}: error: Sensitive '{value}' is a spreadsheet's error value (a "
        "formula or lookup that failed), not yes or no: write yes or no, so that no location "
        "that must be rounded is published exactly"
        for line, col, value in ((2, 25, "#N/A"), (3, 22, "#REF!"))]
    written = table(rows, [*SPECIES_LONG, "Sensitive"])
    assert cell_at(written, 2, 25) + cell_at(written, 3, 22) == "#N/A\r\n#REF!\r\n"
    text = site_text(root, "serra-do-teste")
    assert "Secretus" not in text and "Apertus" not in text and "  - name: Tertius\n" in text


def test_a_row_skipped_for_another_value_still_marks_its_species_sensitive(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """The row's other values are reported and left out, as any conflicting or wrong row's,
    but not its 'yes': the mark lost, the site's position would be published exactly."""
    root = make_site()
    write_csv(tmp_path, table([kba(501, "Montseny massif", "ESP", "41.77", "2.4")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    columns = ["SitRecID", "Scientific name", "Red List", "Sensitive"]
    rows = [{"SitRecID": "501", "Scientific name": "Calotriton arnoldi", "Red List": "CR",
             "Sensitive": "no"},
            {"SitRecID": "501", "Scientific name": "Calotriton arnoldi", "Red List": "EN",
             "Sensitive": "yes"},                                       # line 3: conflicts
            {"SitRecID": "501", "Scientific name": "Rana nova", "Red List": "CR"},
            {"SitRecID": "501", "Scientific name": "Rana nova", "Red List": "VU",
             "Sensitive": "x"},                                         # line 5: no AZE status
            {"SitRecID": "501", "Scientific name": "Rana alia", "Red List": "VU",
             "Sensitive": "x"}]                                         # line 6: not listed
    write_csv(tmp_path, table(rows, columns), "species.csv")
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 1 updated, 0 unchanged, 3 skipped\n")
    assert err.splitlines() == [
        "species.csv:2: warning: montseny-massif: has its trigger species now: the draft flag the "
        "import set is removed, it will be published",
        "species.csv:3:24: error: Calotriton arnoldi at montseny-massif: Red List 'EN' conflicts "
        "with 'CR' on line 2; the first row is kept",
        "species.csv:3:27: warning: Calotriton arnoldi at montseny-massif is marked sensitive all "
        "the same: this row is skipped, but its Sensitive 'yes' is never left out",
        "species.csv:5:15: error: Red List 'VU' (Vulnerable) does not qualify a species as an AZE "
        "trigger (expected CR, EN or EW)",
        "species.csv:5:18: warning: Rana nova at montseny-massif is marked sensitive all the same: "
        "this row is skipped, but its Sensitive 'x' is never left out",
        "species.csv:6:15: error: Red List 'VU' (Vulnerable) does not qualify a species as an AZE "
        "trigger (expected CR, EN or EW)"]
    text = site_text(root, "montseny-massif")
    assert "  - name: Calotriton arnoldi\n    status: CR\n    sensitive: true\n" in text
    assert "  - name: Rana nova\n    status: CR\n    sensitive: true\n" in text
    assert "Rana alia" not in text
    check(root)
    before = sites(root)
    code, out, err = run("aze-species", "species.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 1 unchanged, 3 skipped\n")
    assert "marked sensitive" not in err and sites(root) == before


def test_a_no_leaves_a_sensitive_species_sensitive_and_says_so(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """Only an editor makes a species not sensitive: a table that says otherwise is told."""
    root = make_site()
    before = sites(root)
    columns = ["Site", "Country", "Species", "Status", "Sensitive"]
    write_csv(tmp_path, table([{"Site": "Xichu", "Country": "Mexico",
                                "Species": "Mammillaria marcosii", "Status": "CR",
                                "Sensitive": "No"}], columns), "sp.csv")
    for _ in range(2):
        code, out, err = run("aze-species", "sp.csv", "--root", str(root))
        assert (code, out) == (0, "import: 0 created, 0 updated, 1 unchanged, 0 skipped\n")
        assert err == ("sp.csv:2:38: warning: Mammillaria marcosii at xichu stays sensitive: "
                       "Sensitive 'No' changes nothing, as only an editor makes a species not "
                       "sensitive (in content/sites/xichu.md)\n")
        assert sites(root) == before


def test_a_very_long_name_gives_a_file_name_cut_after_a_word(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(11, "Word " * 1000)]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[:2] == \
        (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    made = [p.stem for p in (root / "content/sites").glob("word-*.md")]
    assert made == ["-".join(["word"] * 16)]
    assert run("wdkba", "kbas.csv", "--root", str(root))[1] == \
        "import: 0 created, 0 updated, 1 unchanged, 0 skipped\n"


@pytest.mark.parametrize("first", ["\r\n", "sep=;\r\n"], ids=["blank-line", "excel-sep-line"])
def test_a_line_before_the_header_is_read_past(make_site: MakeSite, run: Run, tmp_path: Path,
                                              first: str) -> None:
    root = make_site()
    text = first + table([kba(12, "Serra Semicolon", lat="-1,5", Bogus="x")],
                         [*WDKBA, "Bogus"], sep=";")
    write_csv(tmp_path, text)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert "kbas.csv:2: warning: unknown column 'Bogus' ignored" in err.splitlines()
    assert "location: {lat: -1.5, lon: -39.45}" in site_text(root, "serra-semicolon")


def test_an_area_or_a_date_that_cannot_be_used_is_a_warning_at_its_line(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(21, "Dd", SitAreaKM2="-3", LastUpdate="13/11/2018"),
                               kba(22, "Ee", LastUpdate="2018-02-30")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert [line for line in err.splitlines() if "draft" not in line] == [
        "kbas.csv:2:38: warning: SitAreaKM2 '-3' is not an area (it must be above 0): area left out",
        "kbas.csv:2:61: warning: LastUpdate '13/11/2018' is not a date such as 2018-11-13: "
        "'updated' left as it was",
        "kbas.csv:3:59: warning: LastUpdate '2018-02-30' is not a date such as 2018-11-13: "
        "'updated' left as it was"]


def test_a_quote_left_open_is_one_error_naming_the_rows_it_swallowed(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    text = table([kba(31, "Good one"), kba(32, "Open"), kba(33, "Next"), kba(34, "Last")])
    write_csv(tmp_path, text.replace(",Open,", ',"Open,'))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert "kbas.csv:3: error: a quote opened on line 3 is not closed, so lines 3 to 5 were read " \
           "as one value: close the quote; these rows are skipped" in err.splitlines()


def test_a_tab_separated_file_reads_a_comma_as_a_decimal_only_if_it_writes_them_so(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    points = table([kba(41, "Tab Points", lat="-1.5", SitAreaKM2="1,234")], sep="\t")
    write_csv(tmp_path, points)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err.splitlines()[0]) == (
        0, "kbas.csv:2:45: warning: SitAreaKM2 '1,234' groups its thousands with a comma: this "
        "file writes its decimals with a point (line 2: '-1.5'), write 1234; area left out")
    commas = table([kba(42, "Tab Commas", lat="-1,5", lon="-39,45", SitAreaKM2="12,5")], sep="\t")
    write_csv(tmp_path, commas)
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    text = site_text(root, "tab-commas")
    assert "location: {lat: -1.5, lon: -39.45}" in text and "area_km2: 12.5" in text


def test_a_tab_separated_file_s_decimals_follow_what_the_file_writes_as_a_whole(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """One cell written with a point ('1.234', a thousands group there) switched the
    whole file's decimal commas off: every comma decimal was 'not a number'. A cell
    written the other way than the file is an error at the cell, saying so."""
    root = make_site()
    rows = [kba(43, "Tab Uno", lat="-9,1", lon="-75,1", SitAreaKM2="3,5"),
            kba(44, "Tab Dos", lat="-9,2", lon="-75,2", SitAreaKM2="1.234"),
            kba(45, "Tab Tres", lat="-9.3", lon="-75,3")]
    write_csv(tmp_path, table(rows, sep="\t"))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 2 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "kbas.csv:4:31: error: SitLat '-9.3': this file writes its decimals with a comma (line "
        "2: '-9,1'), and this cell with a point: write it -9,3"]
    assert "location: {lat: -9.1, lon: -75.1}\narea_km2: 3.5\n" in site_text(root, "tab-uno")
    assert "location: {lat: -9.2, lon: -75.2}\narea_km2: 1234\n" in site_text(root, "tab-dos")
    points = [kba(46, "Tab Cuatro", lat="-9.4", lon="-75.4"),
              kba(47, "Tab Cinco", lat="-9,5", lon="-75.5")]
    write_csv(tmp_path, table(points, sep="\t"))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "kbas.csv:3:32: error: SitLat '-9,5': this file writes its decimals with a point (line "
        "2: '-9.4'), and this cell with a comma: write it -9.5"]


def test_a_species_added_to_a_windows_file_keeps_its_comments_lines_as_they_were(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    text = ("---\r\n# a note\r\nname: Serra do Teste  # the official name\r\niso3: BRA\r\n"
            "location: {lat: -12.5, lon: -45.25}\r\nwdkba_id: 51\r\ncriteria: [A1e]\r\n"
            "species:\r\n  # first\r\n  - name: Testus primus  # seen 2021\r\n    status: CR\r\n"
            "updated: 2020-05-01  # reviewed\r\n---\r\nText.\r\n")
    root = make_site({"content/sites/serra-do-teste.md": None})
    (root / "content/sites/serra-do-teste.md").write_bytes(text.encode())
    write_csv(tmp_path, table([{"SitRecID": "51", "Scientific name": "Secundus alter",
                                "Red List": "EN"}], SPECIES_LONG), "species.csv")
    assert run("aze-species", "species.csv", "--root", str(root))[0] == 0
    assert (root / "content/sites/serra-do-teste.md").read_bytes() == text.replace(
        "    status: CR\r\n", "    status: CR\r\n  - name: Secundus alter\r\n    status: EN\r\n"
    ).encode()


def test_a_new_file_beside_a_site_file_that_cannot_be_read_says_so_once(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """The broken file may be the row's site under another name: its SitRecID is unknown."""
    root = make_site({"content/sites/serra-bahia.md": "---\nname: Serra\niso3: [BRA\n---\nText.\n"})
    write_csv(tmp_path, table([kba(61, "Serra do Teste"), kba(62, "Lago Prueba", "MEX")]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0
    assert [line for line in err.splitlines() if "cannot be read" in line] == [
        "kbas.csv:2: warning: serra-do-teste: a new file, while content/sites/serra-bahia.md "
        "cannot be read: if one of them is this site, fix it, delete the new file and import "
        "again"]


def test_named_pipes_in_content_are_never_opened(make_site: MakeSite, run: Run,
                                                tmp_path: Path) -> None:
    """Reading a named pipe waits for a writer: the import hung on one at criteria.yaml."""
    root = make_site({"content/criteria.yaml": None})
    os.mkfifo(root / "content/criteria.yaml")
    os.mkfifo(root / "content/sites/serra-bahia.md")
    write_csv(tmp_path, table([kba(61, "Serra do Teste", AzeStatus="confirmed")]))
    with deadline(60):
        code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert "kbas.csv:2: warning: serra-do-teste: a new file, while content/sites/serra-bahia.md " \
           "cannot be read: if one of them is this site, fix it, delete the new file and import " \
           "again" in err.splitlines()
    assert "criteria: [A1e]" in site_text(root, "serra-do-teste")


def test_a_c1_control_character_skips_its_row(make_site: MakeSite, run: Run,
                                              tmp_path: Path) -> None:
    """Bytes that are no Windows-1252 character, read as Latin-1: the file is damaged."""
    root = make_site()
    write_csv(tmp_path, table([kba(71, "Bad\u0081Name"), kba(72, "Good Name")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n")
    assert "kbas.csv:2:22: error: column 'IntName' holds a control character (U+0081)" in err


# -- what spreadsheets write besides the data ---------------------------------------------------


def test_a_sensitive_column_under_another_name_is_read_or_stops_the_import(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """A location that must be rounded must never be published exactly because its
    column was named in another way."""
    root = make_site()
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    columns = ["SitRecID", "Scientific name", "Red List", "Sensitive (Y/N)"]
    write_csv(tmp_path, table([{"SitRecID": "19540", "Scientific name": "Testus secundus",
                                "Red List": "EN", "Sensitive (Y/N)": "Y"}], columns), "sp.csv")
    assert run("aze-species", "sp.csv", "--root", str(root))[0] == 0
    assert "  - name: Testus secundus\n    status: EN\n    sensitive: true\n" in \
        site_text(root, "chapada-do-araripe")
    before = sites(root)
    columns[3] = "Location sensitivity flag"
    write_csv(tmp_path, table([{"SitRecID": "19540", "Scientific name": "Testus tertius",
                                "Red List": "EN", columns[3]: "Y"}], columns), "sp.csv")
    code, _, err = run("aze-species", "sp.csv", "--root", str(root))
    assert (code, err) == (1, "sp.csv:1:4: error: column 'Location sensitivity flag' seems to "
                           "say which species' locations are sensitive, but it is not a column "
                           "the import reads: name it 'Sensitive'. Nothing is imported until "
                           "then, so that no location that must be rounded is published "
                           "exactly\n")
    assert sites(root) == before


@pytest.mark.parametrize(("columns", "row", "at", "said"), [
    (["Site", "Country", "AZE.trigger.species", "Sensitive"],
     {"Site": "Chapada do Araripe", "Country": "BRA", "AZE.trigger.species": "Testus secundus",
      "Sensitive": "yes"}, "1:4",
     "column 'Sensitive' seems to say which species' locations are sensitive, but a table with "
     "one row per site (AZE.trigger.species columns) cannot say which of its species: give each "
     "species a row of its own, with Species, Status and Sensitive columns, or mark the species "
     "'sensitive: true' in their site files and leave the column out"),
    (["SitRecID", "Scientific name", "Red List", "HIDE_LOCATION"],
     {"SitRecID": "19540", "Scientific name": "Testus secundus", "Red List": "EN",
      "HIDE_LOCATION": "x"}, "1:4",
     "column 'HIDE_LOCATION' seems to say which species' locations are sensitive, but it is not "
     "a column the import reads: name it 'Sensitive'"),
    (["SitRecID", "Scientific name", "Red List", "Sensitive", "Sensitivity"],
     {"SitRecID": "19540", "Scientific name": "Testus secundus", "Red List": "EN",
      "Sensitivity": "yes"}, "1:5",
     "column 'Sensitivity' says which species' locations are sensitive, as column 'Sensitive' "
     "does: keep one, with every mark in it"),
    (["SitRecID", "Scientific name", "Red List", "Sensitive", "Confidential"],
     {"SitRecID": "19540", "Scientific name": "Testus secundus", "Red List": "EN",
      "Confidential": "yes"}, "1:5",
     "column 'Confidential' seems to say which species' locations are sensitive, but column "
     "'Sensitive' already says so: keep one, with every mark in it"),
], ids=["one row per site", "another name", "twice", "twice by another name"])
def test_a_sensitivity_column_the_table_cannot_read_stops_the_import(
        make_site: MakeSite, run: Run, tmp_path: Path, columns: list[str], row: dict[str, str],
        at: str, said: str) -> None:
    """A mark is never ignored as an unknown column: in a table with one row per site it
    cannot say which species it marks, and a second column of marks is not read."""
    root = make_site()
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    before = sites(root)
    write_csv(tmp_path, table([row], columns), "sp.csv")
    code, out, err = run("aze-species", "sp.csv", "--root", str(root))
    assert (code, out) == (1, "import: 0 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert err == (f"sp.csv:{at}: error: {said}. Nothing is imported until then, so that no "
                   "location that must be rounded is published exactly\n")
    assert sites(root) == before


@pytest.mark.parametrize("name", ["Data restrictions", "Access restrictions", "Orchidee",
                                  "Secretariat", "Secretary bird", "Restricted range"])
def test_a_column_whose_name_only_looks_like_a_mark_is_another_column(name: str) -> None:
    """Read by its words: these are not about where a species may be found."""
    from aze_site.importer.columns import marks_sensitivity

    assert not marks_sensitivity(name)
    assert marks_sensitivity(f"{name.split()[0]} withheld")


def test_a_wdkba_export_with_a_sensitivity_column_is_refused(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """Its sites have no species to carry the mark: the file is refused, nothing written,
    rather than a draft written whose position `build --drafts` would publish exactly."""
    root = make_site()
    before = sites(root)
    write_csv(tmp_path, table([kba(7001, "Montseny massif", "ESP", Confidential="yes")],
                              [*WDKBA, "Confidential"]))
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, sites(root)) == (1, before)
    assert err.startswith("kbas.csv:1:19: error: column 'Confidential' seems to say which "
                          "sites' locations are sensitive, but a WDKBA export names no species "
                          "to mark: leave the column out")
    assert err.count("\n") == 1
    write_csv(tmp_path, table([kba(7001, "Montseny massif", "ESP", **{"Range restricted": "y"})],
                              [*WDKBA, "Range restricted"]))  # a range, not a mark
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0


def test_missing_value_markers_are_empty_cells(make_site: MakeSite, run: Run,
                                               tmp_path: Path) -> None:
    """Excel's #N/A and R's NA are no species name, and no common name."""
    root = make_site()
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    rows = [{"SitRecID": "19540", "Scientific name": "#N/A", "Common name": "#N/A",
             "Red List": "EN"},
            {"SitRecID": "19540", "Scientific name": "Testus secundus", "Common name": "NA",
             "Red List": "EN"}]
    write_csv(tmp_path, table(rows, SPECIES_LONG), "sp.csv")
    code, _, err = run("aze-species", "sp.csv", "--root", str(root))
    assert (code, err) == (1, "sp.csv:2:7: error: no species name (Scientific name holds '#N/A', "
                           "a spreadsheet's mark for no value)\n")
    text = site_text(root, "chapada-do-araripe")
    assert "  - name: Testus secundus\n    status: EN\n" in text and "N/A" not in text
    assert "NA" not in text.replace("NATIONAL", "")


def test_a_required_cell_holding_a_missing_value_mark_is_said_to_hold_it(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """'SitLat is empty' pointed at a cell that shows '#VALUE!': the editor sees no empty
    cell there."""
    root = make_site()
    text = table([kba(1, "Serra Nova", lat="#VALUE!"), kba(2, "Serra Velha", "n/a"),
                  kba(3, "Serra Azul", lat="")])
    write_csv(tmp_path, text)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (1, "kbas.csv:2:32: error: SitLat holds '#VALUE!', a spreadsheet's mark "
                           "for no value\nkbas.csv:3:16: error: ISO3 holds 'n/a', a spreadsheet's "
                           "mark for no value\nkbas.csv:4:32: error: SitLat is empty\n")
    assert [cell_at(text, *at)[:3] for at in ((2, 32), (3, 16), (4, 32))] == ["#VA", "n/a", ",-3"]


def test_invisible_characters_at_a_cells_ends_are_read_past(make_site: MakeSite, run: Run,
                                                            tmp_path: Path) -> None:
    """A zero-width space, a direction mark or a BOM pasted with a value: '-7.25' was
    'not a number' (the message showing nothing wrong) and a name kept it unseen."""
    root = make_site()
    write_csv(tmp_path, table([kba("\ufeff7", "Serra Nova\u200b", "BRA\u2060", "-7.25\u200b",
                                   "\u200e-39.45", SitAreaKM2="12.5\u00ad")]))
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (0, "import: 1 created, 0 updated, 0 unchanged, 0 skipped\n")
    assert [line for line in err.splitlines() if "draft" not in line] == []
    assert "name: Serra Nova\niso3: BRA\nlocation: {lat: -7.25, lon: -39.45}\narea_km2: 12.5\n" \
           "wdkba_id: 7\n" in site_text(root, "serra-nova")


def test_a_sitrecid_that_names_another_site_is_refused(make_site: MakeSite, run: Run,
                                                       tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(19540, "Chapada do Araripe")]))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    columns = ["SitRecID", "Site", "Country", "Scientific name", "Red List"]
    rows = [{"SitRecID": "19540", "Site": "Montseny massif", "Country": "Spain",
             "Scientific name": "Calotriton arnoldi", "Red List": "CR"},
            {"SitRecID": "19540", "Site": "Araripe", "Country": "Brazil",
             "Scientific name": "Testus secundus", "Red List": "EN"}]
    write_csv(tmp_path, table(rows, columns), "sp.csv")
    code, _, err = run("aze-species", "sp.csv", "--root", str(root))
    assert (code, err.splitlines()) == (1, [
        "sp.csv:2:1: error: SitRecID 19540 is Chapada do Araripe (BRA, "
        "content/sites/chapada-do-araripe.md), but this row names the country 'Spain': check "
        "the id or the site",
        "sp.csv:3:1: warning: SitRecID 19540 is Chapada do Araripe (BRA, "  # another name alone
        "content/sites/chapada-do-araripe.md), but this row names 'Araripe': check the id or "
        "the site (imported)"])
    text = site_text(root, "chapada-do-araripe")
    assert "Calotriton" not in text and "Testus secundus" in text


@pytest.mark.parametrize(("cell", "area"), [("1.234", "1234"), ("2.200,5", "2200.5"),
                                            ("12 500", "12500"), ("12\u00a0500,5", "12500.5")])
def test_thousands_separators_of_a_decimal_comma_file(make_site: MakeSite, run: Run,
                                                      tmp_path: Path, cell: str,
                                                      area: str) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(41, "Lago Azul", lat="-7,5", lon="-39,45", SitAreaKM2=cell)],
                              sep=";"))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert f"area_km2: {area}\n" in site_text(root, "lago-azul")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_coordinate_with_a_point_in_a_decimal_comma_file_is_never_read_a_thousand_times_off(
        make_site: MakeSite, run: Run, tmp_path: Path, sep: str) -> None:
    """'7.250' where the file writes '-7,25' was read as 7250 and said to be 'out of
    range': a point groups thousands there, which no coordinate reaches, or it is a
    decimal point; the cell is refused with both, and what to write."""
    root = make_site()
    text = table([kba(41, "Lago Azul", lat="-7,25", lon="-39,45"),
                  kba(42, "Lago Verde", lat="-7.250", lon="-39,45")], sep=sep)
    write_csv(tmp_path, text)
    code, out, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, out) == (1, "import: 1 created, 0 updated, 0 unchanged, 1 skipped\n")
    said = [line for line in err.splitlines() if "draft" not in line]
    assert said == [
        "kbas.csv:3:33: error: SitLat '-7.250': this file writes its decimals with a comma "
        "(line 2: '-7,25'), so its point groups thousands, but -7250 is out of range (-90 to "
        "90): if the point is a decimal point, write -7,250"]
    assert cell_at(text, 3, 33).startswith("-7.250")


def test_a_point_the_file_writes_as_a_decimal_point_elsewhere_is_read_so(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    """A ';' file whose coordinates write decimals with a point too ('-39.41') settles a
    coordinate's '7.250' (7250 is none); an area's '1.234' may still be either: left out,
    both said."""
    root = make_site()
    text = table([kba(41, "Lago Azul", lat="-7,25", lon="-39,45"),
                  kba(42, "Lago Verde", lat="7.250", lon="-39.41", SitAreaKM2="1.234")], sep=";")
    write_csv(tmp_path, text)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert code == 0 and cell_at(text, 3, 46).startswith("1.234")
    assert [line for line in err.splitlines() if "draft" not in line] == [
        "kbas.csv:3:46: warning: SitAreaKM2 '1.234' may be 1234 or 1.234: this file writes its "
        "decimals with a comma (line 2: '-7,25'), where a point groups thousands, but also "
        "with a point (line 3: '-39.41'); write 1234 or 1,234: area left out"]
    text = site_text(root, "lago-verde")
    assert "location: {lat: 7.25, lon: -39.41}\n" in text and "area_km2" not in text
    # the coordinates' own cells say how they are written: an area's '12,5' is no thousands
    write_csv(tmp_path, table([kba(43, "Lago Rojo", lat="-7.250", lon="-39.450",
                                   SitAreaKM2="12,5")], sep=";"))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "location: {lat: -7.25, lon: -39.45}\narea_km2: 12.5\n" in site_text(root, "lago-rojo")


def test_in_a_file_with_decimal_points_1_234_is_one_and_a_bit(make_site: MakeSite, run: Run,
                                                              tmp_path: Path) -> None:
    root = make_site()
    write_csv(tmp_path, table([kba(41, "Lago Azul", lat="-7.5", SitAreaKM2="1.234")], sep=";"))
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "area_km2: 1.234\n" in site_text(root, "lago-azul")


def test_a_file_in_another_encoding_is_refused_not_imported_garbled(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    root = make_site()
    before = sites(root)
    write_csv(tmp_path, table([kba(50010, "Słowiński Park Narodowy", "POL")]),
              encoding="cp1250")
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (1, "kbas.csv:2: error: 'S³owiñski' looks garbled: the file was read "
                           "as Windows-1252 (Western European), but seems to be in another "
                           "encoding; save it as 'CSV UTF-8' and import it again (nothing was "
                           "imported)\n")
    mixed = (table([kba(50020, "Serranía de Perijá", "COL")]).encode()
             + table([kba(50021, "Réserve de Tsingy", "MDG")]).split("\r\n", 1)[1].encode("cp1252"))
    (tmp_path / "kbas.csv").write_bytes(mixed)
    code, _, err = run("wdkba", "kbas.csv", "--root", str(root))
    assert (code, err) == (1, "kbas.csv:3: error: line 3 is not in UTF-8, as the rest of the "
                           "file is (line 2): it was probably pasted from a file in another "
                           "encoding; save the whole file as 'CSV UTF-8' and import it again "
                           "(nothing was imported)\n")
    assert sites(root) == before


def test_a_western_file_with_symbols_after_words_is_no_garbled_one(
        make_site: MakeSite, run: Run, tmp_path: Path) -> None:
    write_csv(tmp_path, table([kba(50030, "Réserve du Lac", "FRA", NatName="Lac 12 km²")]),
              encoding="cp1252")
    root = make_site()
    assert run("wdkba", "kbas.csv", "--root", str(root))[0] == 0
    assert "name: Réserve du Lac\n" in site_text(root, "reserve-du-lac")
