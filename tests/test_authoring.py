"""`aze-site check` and `aze-site new`: what editors run before publishing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_WARNINGS, QUIET, REPO, MakeSite, own

from aze_site.cli import main

BROKEN_STATUS = "content/sites/chapada-do-araripe.md"


def broken(make_site: MakeSite) -> Path:
    from conftest import SITE_MD

    return make_site({BROKEN_STATUS: SITE_MD.replace("status: CR", "status: XX"),
                      "content/pages/act.md": "---\ntitle: Act\n---\nSee [x](nothere.md).\n"})


def test_check_passes_a_good_site_and_writes_nothing(make_site: MakeSite,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    assert main(["check", "--root", str(root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [*FIXTURE_WARNINGS, "check: 0 errors, 5 warnings"]  # printed in file order
    assert not (root / "public").exists() and not (root / ".aze-cache").exists()


def test_check_json_matches_the_text_output(make_site: MakeSite,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = broken(make_site)
    assert main(["check", "--root", str(root)]) == 1
    text = [line for line in capsys.readouterr().err.splitlines()
            if not line.startswith("check:")]
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [f"{i['path']}:{i['line']}:{i['column']}: {i['level']}: {i['message']}"
            for i in items] == text
    assert own(text) == [
        "content/pages/act.md:4:9: error: link 'nothere.md': content/pages/nothere.md does not exist",
        "content/sites/chapada-do-araripe.md:12:13: error: species[0].status: 'XX' is not an "
        "IUCN Red List category for an AZE trigger (expected CR, EN or EW)",
    ]
    assert not (root / "public").exists()


def test_new_site_is_a_valid_draft_and_never_overwrites(make_site: MakeSite,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    argv = ["new", "site", "São Tomé", "--iso3", "stp", "--species", "Lanius newtoni",
            "--status", "CR", "--group", "birds", "--root", str(root)]
    assert main(argv) == 0
    path = root / "content/sites/sao-tome.md"
    text = path.read_text()
    assert 'name: "São Tomé"' in text and "iso3: STP" in text and "draft: true" in text
    assert main(["check", "--root", str(root)]) == 0
    path.write_text(text + "\nEdited by hand.\n")
    assert main(argv) == 2
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert path.read_text().endswith("Edited by hand.\n")


def test_a_site_named_in_another_script_gets_a_readable_address(make_site: MakeSite) -> None:
    """Transliterated: the name gave no slug at all (only letters a to z were kept)."""
    root = make_site()
    assert main(["new", "site", "Кроноцкий заповедник", "--iso3", "RUS", "--root",
                 str(root)]) == 0
    assert 'name: "Кроноцкий заповедник"' in (
        root / "content/sites/kronotskiy-zapovednik.md").read_text(encoding="utf-8")


def test_the_shipped_site_passes_check_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing unfinished in content/: real addresses, a data licence, no placeholder."""
    assert main(["check", "--root", str(REPO), "--strict"]) == 0
    assert capsys.readouterr().err.splitlines() == ["check: 0 errors, 0 warnings"]


def test_check_leaves_a_store_of_another_version_alone(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` changes nothing: a store it cannot use stays for the next build to replace,
    and the check says nothing of it."""
    root = make_site()
    store = root / ".aze-cache" / "engine" / "public.sqlite"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"not a store of this version")
    assert main(["check", "--root", str(root)]) == 0
    assert capsys.readouterr().err.splitlines() == [*FIXTURE_WARNINGS, "check: 0 errors, 5 warnings"]
    assert store.read_bytes() == b"not a store of this version"


def test_a_new_site_published_as_it_was_made_is_warned_about(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    assert main(["new", "site", "Ilhéu", "--iso3", "STP", "--species", "Lanius newtoni",
                 "--root", str(root)]) == 0
    path = root / "content/sites/ilheu.md"
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 0
    assert own(capsys.readouterr().err.splitlines()) == [
        "content/sites/ilheu.md:4:11: warning: location: 0, 0 is the placeholder position of "
        "'aze-site new' (a point in the ocean off West Africa): write the site's centroid, in "
        "WGS84 degrees",
        "content/sites/ilheu.md:20:1: warning: the placeholder text of 'aze-site new' is still "
        "here: write the page's own text",
        "check: 0 errors, 7 warnings",
    ]
    assert main(["check", "--root", str(root), "--strict"]) == 1


@pytest.mark.parametrize("kind, args, made", [
    ("page", ["Our Team"], "content/pages/our-team.md"),
    ("news", ["Big news", "--date", "2026-11-20"], "content/news/2026-11-20-big-news.md"),
])
def test_new_page_and_news_pass_check(make_site: MakeSite, kind: str, args: list[str],
                                      made: str) -> None:
    root = make_site()
    assert main(["new", kind, *args, "--root", str(root)]) == 0
    assert (root / made).is_file()
    assert main(["check", "--root", str(root), "--drafts"]) == 0


@pytest.mark.parametrize("path", ["sites/manas.md", "interface"])
def test_new_translation_outside_a_project_says_to_check_root(
        tmp_path: Path, path: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Not 'content/sites/manas.md is not a file of content/', which sent the editor
    looking for the file, nor 'templates/locales/messages.pot is missing'."""
    assert main(["new", "translation", path, "--lang", "es", "--root", str(tmp_path)]) == 2
    assert capsys.readouterr().err == \
        f"aze-site: error: {tmp_path / 'content'} not found (is --root right?)\n"
    assert list(tmp_path.iterdir()) == []


def test_new_site_refuses_an_unknown_country(make_site: MakeSite,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    assert main(["new", "site", "X", "--iso3", "XXX", "--root", str(root)]) == 2
    assert "--iso3 'XXX' is not an ISO 3166-1 alpha-3 country code" in capsys.readouterr().err
    assert main(["new", "site", "X", "--iso3", "mx", "--root", str(root)]) == 2
    assert ("--iso3 'mx' is not an ISO 3166-1 alpha-3 country code ('mx' is the 2-letter code "
            "of Mexico: write MEX)") in capsys.readouterr().err


def test_new_site_takes_several_species(make_site: MakeSite) -> None:
    root = make_site()
    assert main(["new", "site", "Mount Nimba", "--iso3", "GIN", "--species", "Nimbaphrynoides "
                 "occidentalis", "--species", "Afrixalus nigeriensis", "--status", "CR", "--status",
                 "EN", "--group", "amphibians", "--root", str(root)]) == 0
    text = (root / "content/sites/mount-nimba.md").read_text()
    assert text.split("species:\n", 1)[1].split("updated:")[0] == (
        '  - name: "Nimbaphrynoides occidentalis"\n'
        "    # common_name: English name\n"
        "    group: amphibians\n"
        "    status: CR                   # CR, EN or EW\n"
        "    sensitive: false             # true: publish the position only rounded\n"
        '  - name: "Afrixalus nigeriensis"\n'
        "    # common_name: English name\n"
        "    group: amphibians\n"
        "    status: EN                   # CR, EN or EW\n"
        "    sensitive: false             # true: publish the position only rounded\n")
    assert main(["check", "--root", str(root), "--drafts"]) == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--species", "A b", "--species", "C d", "--status", "CR", "--status", "EN", "--status", "EW"],
     "aze-site: error: --status is given 3 times for 2 --species: give it once (for every species) "
     "or once per --species, in the same order\n"),
    (["--species", "A b", "--species", "C d", "--species", "E f", "--group", "birds", "--group",
      "fishes"],
     "aze-site: error: --group is given 2 times for 3 --species: give it once (for every species) "
     "or once per --species, in the same order\n"),
    (["--species", "A b", "--species", "A b"], "aze-site: error: --species 'A b' is given twice\n"),
    (["--species", "A b", "--species", "C d", "--group", "birds", "--group", "dragons"],
     "aze-site: error: --group 'dragons' is not one of: amphibians, birds, mammals, reptiles, "
     "fishes, corals, crustaceans, insects, molluscs, other-invertebrates, plants, fungi\n"),
])
def test_new_site_says_how_to_pair_species_with_their_values(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    root = make_site()
    assert main(["new", "site", "X", "--iso3", "BRA", *args, "--root", str(root)]) == 2
    assert capsys.readouterr().err == message
    assert not (root / "content/sites/x.md").exists()


def test_new_refuses_a_name_on_two_lines_and_writes_markup_as_text(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    """A skeleton is always valid: a line break would end its front matter, and a name
    holding markup is written so that it renders as those characters."""
    root = make_site()
    assert main(["new", "site", "Line\n---\nlayout: x", "--iso3", "BRA", "--root", str(root)]) == 2
    assert "the name holds a line break or another control character (U+000A)" in \
        capsys.readouterr().err
    assert main(["new", "page", "Tab\there", "--root", str(root)]) == 2
    assert not (root / "content/pages/tab-here.md").exists()
    assert main(["new", "site", "<b>Bold</b> *site*", "--iso3", "BRA", "--species", "Aa bb",
                 "--root", str(root)]) == 0
    text = (root / "content/sites/b-bold-b-site.md").read_text()
    assert "What makes &lt;b\\>Bold&lt;/b\\> \\*site\\* the last refuge" in text
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 0
    assert "raw HTML" not in capsys.readouterr().err


def test_a_base_url_that_is_not_an_http_address_is_wrong_usage(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    with pytest.raises(SystemExit) as exited:
        main(["build", "--root", str(root), "--base-url", "javascript:alert(1)"])
    assert exited.value.code == 2
    assert "--base-url: expected an absolute http(s) URL" in capsys.readouterr().err
    assert not (root / "public").exists()


@pytest.mark.parametrize(("url", "said"), [
    ("https://zeroextinction.org/aze/?x=1", "a site's address has no query ('?x=1')"),
    ("https://zeroextinction.org/aze/#top", "a site's address has no fragment ('#top')"),
    ("https://zeroextinction.org/aze//", "has an empty folder ('//') in its path"),
    ("https://ana:secret@zeroextinction.org/aze/",  # published in every page, the feed...
     "a site's address has no user name or password ('ana:secret@'): it would be published "
     "in every page; write it without, e.g. 'https://zeroextinction.org/aze/'"),
    ("https://zeroextinction.org:99999/", "has a port that cannot be ('99999'): a port is a "
     "number from 1 to 65535"),
    ("https://zeroextinction.org:0/", "has a port that cannot be ('0')"),
    ("https://zeroextinction.org:/aze/", "has a ':' with no port after it: remove the ':' for "
     "the usual port, or write the port after it, a number from 1 to 65535"),
    ("https://zeroextinction.org/aze/../", "has a folder '..' in its path, which browsers "
     "take out: write the address of the folder it leads to"),
    ("https://zeroextinction.org/./aze/", "has a folder '.' in its path"),
    ("https://zeroextinction.org/a%zz/", "has a '%' that starts no escape ('%zz'): write %25 "
     "for a percent sign"),
])
def test_a_base_url_is_a_sites_address(make_site: MakeSite, url: str, said: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Every address of the site is written after it: no query, fragment, empty folder,
    password, impossible port, `..` (browsers take it out of every link) or broken `%`
    escape, given on the command line (wrong usage) or in site.yaml (an error at its line)."""
    root = make_site()
    with pytest.raises(SystemExit) as exited:
        main(["build", "--root", str(root), "--base-url", url])
    assert exited.value.code == 2
    assert said in capsys.readouterr().err
    yaml = (root / "content/site.yaml").read_text(encoding="utf-8")
    (root / "content/site.yaml").write_text(
        re.sub(r"(?m)^base_url: .*$", f"base_url: {url}", yaml), encoding="utf-8")
    assert main(["check", "--root", str(root)]) == 1
    assert re.search(rf"content/site.yaml:\d+:11: error: base_url: .*{re.escape(said)}",
                     capsys.readouterr().err)


@pytest.mark.parametrize(("url", "said"), [
    ("https://zeroextinction.org/aze/%2e%2e/", "has a folder '%2e%2e' in its path"),  # '..'
    ("https://zeroextinction.org/%2E/aze/", "has a folder '%2E' in its path"),
    ("http://[::1/", "has a host that cannot be ('[::1'): an IPv6 address is written whole "
     "in brackets, e.g. http://[2001:db8::1]:8000/"),  # not "a port that cannot be ('1')"
    ("http://[::1]x/", "has a host that cannot be ('[::1]x')"),
    ("https://zeroextinction.org:8000:90/", "has a port that cannot be ('8000:90')"),
    ("https://:8000/",
     "has no host name: write the website's name after the '//', e.g. https://zeroextinction.org/"),
    ("http://[::1]:99999/", "has a port that cannot be ('99999')"),
    ("https://zeroextinction.org:+80/", "has a port that cannot be ('+80')"),
    ("http://[::1]:/", "has a ':' with no port after it"),
])
def test_a_base_url_s_host_port_and_folders_are_read_as_browsers_read_them(
        url: str, said: str) -> None:
    from aze_site.content.schema import site_address_problem

    assert said in (site_address_problem(url) or "")


@pytest.mark.parametrize("url", [
    "http://[::1]:8000/", "http://[::1]/", "HTTPS://ZEROEXTINCTION.ORG:8443/Aze/",
    "https://zeroextinction.org/a%2Fb/", "https://zeroextinction.org/%2e%2ex/"])
def test_a_base_url_with_an_ipv6_host_a_port_or_escapes_is_taken(url: str) -> None:
    from aze_site.content.schema import site_address_problem

    assert site_address_problem(url) is None


@pytest.mark.parametrize("where", ["site.yaml", "--base-url"])
def test_a_base_url_in_capitals_is_published_in_small_letters(
        make_site: MakeSite, where: str) -> None:
    """`HTTPS://ZEROEXTINCTION.ORG/Aze/` is the address `https://zeroextinction.org/Aze/` to
    every browser: taken, and written as browsers show it (its path as written)."""
    root = make_site()
    url, argv = "HTTPS://ZeroExtinction.ORG/Aze/", ["--no-search", "-q"]
    if where == "site.yaml":
        yaml = (root / "content/site.yaml").read_text(encoding="utf-8")
        (root / "content/site.yaml").write_text(
            re.sub(r"(?m)^base_url: .*$", f"base_url: {url}", yaml), encoding="utf-8")
    else:
        argv += ["--base-url", url]
    assert main(["build", "--root", str(root), *argv]) == 0
    home = (root / "public/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://zeroextinction.org/Aze/">' in home
    assert "ZeroExtinction" not in home and "HTTPS" not in home


def test_addresses_of_other_sites_in_capitals_are_published_in_small_letters(
        make_site: MakeSite) -> None:
    """A partner's website, a social account, a menu entry, a footer link and the forms'
    addresses are taken with their scheme and host in capitals, as base_url is, and
    published as browsers show them: scheme and host in small letters, the rest as written."""
    site_yaml = QUIET["content/site.yaml"] or ""
    root = make_site({
        "content/site.yaml": site_yaml.replace("url: /sites/", "url: HTTPS://Menu.Zero-Test.ORG/Menu")
        .replace("submit_url: /act/", "submit_url: HTTPS://Forms.Zero-Test.ORG/Submit")
        .replace("update_url: /act/", "update_url: HTTP://Forms.Zero-Test.ORG/Up?Site={slug}")
        + "footer:\n  contact: HTTPS://Contact.Zero-Test.ORG/Write\n  social:\n"
        "    - {name: Aze, url: HTTPS://Social.Zero-Test.ORG/@Aze}\n",
        "content/partners.yaml": (QUIET["content/partners.yaml"] or "").replace(
            "https://partner.zero-test.org", "HTTPS://Partner.Zero-Test.ORG/Home"),
    })
    assert main(["build", "--root", str(root), "--strict", "--no-search", "-q"]) == 0
    published = "".join(p.read_text(encoding="utf-8") for p in (root / "public").rglob("*.html"))
    for url in ("https://menu.zero-test.org/Menu", "https://forms.zero-test.org/Submit",
                "http://forms.zero-test.org/Up?Site=chapada-do-araripe",
                "https://contact.zero-test.org/Write", "https://social.zero-test.org/@Aze",
                "https://partner.zero-test.org/Home"):
        assert f'href="{url}"' in published, url
    assert "Zero-Test" not in published and "HTTP" not in published


@pytest.mark.parametrize(("url", "published"), [
    ("HTTPS://Partner.ORG/Aze?Q=A#Top", "https://partner.org/Aze?Q=A#Top"),
    ("https://Partner.ORG?Site=Aze", "https://partner.org?Site=Aze"),
    ("https://Me@Partner.ORG/Aze", "https://Me@partner.org/Aze"),
    # a backslash starts the path to browsers (https://partner.org/Aze): its folders kept
    ("https://Partner.ORG\\Aze/Page", "https://partner.org\\Aze/Page"),
])
def test_only_the_scheme_and_host_of_an_address_are_put_in_small_letters(
        url: str, published: str) -> None:
    from aze_site.content.schema import address_of, host_problem

    assert host_problem(url) is None
    assert address_of(url) == published


def test_a_reserved_base_url_is_warned_about_and_refused_when_strict(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    argv = ["build", "--root", str(root), "-q", "--no-search", "--base-url",
            "https://example.org/aze/"]
    assert main([*argv, "--strict"]) == 1
    assert capsys.readouterr().err.startswith(
        "--base-url: error: 'https://example.org/aze/' is a reserved example address")
    assert not (root / "public").exists()
    assert main(argv) == 0
    assert capsys.readouterr().err.startswith("--base-url: warning: ")
    assert main([a for a in argv if a != "-q"] + ["--no-cache"]) == 0  # the summary counts it
    printed = capsys.readouterr()
    said = sum(": warning: " in line for line in printed.err.splitlines())
    assert f"  warnings  {said:>6}\n" in printed.out, printed
