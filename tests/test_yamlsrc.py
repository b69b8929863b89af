"""YAML as editors write it: every common mistake is one error, at its line and column,
saying what to do; hostile input (a "billion laughs", thousands of nested brackets, NUL
bytes) is refused at once, in a few MB, with one error at its line.

The same messages come from libyaml (C) and from PyYAML's own parser, whose texts differ.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
import yaml

from aze_site.content import yamlsrc
from aze_site.content.frontmatter import split_front_matter
from aze_site.content.schema import dotted
from aze_site.errors import Report

PARSERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}
ANCHORS = ("YAML anchors and aliases (&name, *name) are not allowed in content: write the value "
           "out in full (or, if it is text starting with & or *, put it in quotes)")
DEEP = ("values nested more than 50 levels deep: content needs only a few (look for brackets "
        "that are not closed, or runaway indentation)")
NUL = ("this file contains a NUL byte (\\0): delete it (it comes from a damaged file or from text "
       "copied out of a binary one)")


@pytest.fixture(params=list(PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    loader = PARSERS[request.param]
    if loader is None:
        pytest.skip("PyYAML without libyaml")
    monkeypatch.setattr(yamlsrc, "_Loader", loader)
    yield request.param


def problems(text: str, line_offset: int = 0) -> list[str]:
    report = Report()
    yamlsrc.parse_yaml(text, "f.yaml", report, line_offset)
    return [str(d) for d in report.items]


MISTAKES = {
    "tab-indent": ("species:\n\t- name: x\n",
                   "f.yaml:2:1: error: a tab character: indent with spaces, not tabs"),
    "tab-in-mapping": ("a:\n  b: 1\n\tc: 2\n",
                       "f.yaml:3:1: error: a tab character: indent with spaces, not tabs"),
    "colon-in-value": ("title: Threats: an overview\n",
                       'f.yaml:1:15: error: a colon in a value: put the value in quotes, e.g. '
                       'title: "Threats: an overview"'),
    "colon-in-list-item": ("species:\n  - name: A: b  # a comment\n",
                           'f.yaml:2:12: error: a colon in a value: put the value in quotes, e.g. '
                           'name: "A: b"'),
    "colon-after-quotes": ('title: "a": b\n',
                           "f.yaml:1:11: error: a colon in a value: put the value in quotes, e.g. "
                           "title: '\"a\": b'"),
    "double-quote-and-apostrophe-in-double-quotes": (  # the example keeps the apostrophe
        'title: "L\'Alliance: a "b" c"\n',
        "f.yaml:1:24: error: a double quote inside a value in double quotes: put the value in "
        "single quotes, e.g. title: 'L''Alliance: a \"b\" c' (each ' inside it written twice)"),
    "text-after-a-closing-bracket": ("a: 1\ncriteria: [A1e] B1\n",  # not "bad indentation"
                                     "f.yaml:2:17: error: text after the closing ']': put it "
                                     "inside the brackets, or the whole value in quotes"),
    "text-after-a-closing-brace": ("location: {lat: 1, lon: 2} word\n",
                                   "f.yaml:1:28: error: text after the closing '}': put it "
                                   "inside the brackets, or the whole value in quotes"),
    "text-after-a-list-item-s-brace": ("x:\n  - {a: 1} z\n",
                                       "f.yaml:2:12: error: text after the closing '}': put it "
                                       "inside the brackets, or the whole value in quotes"),
    "text-after-a-list-item-s-bracket": ("- [a] b\n",
                                         "f.yaml:1:7: error: text after the closing ']': put it "
                                         "inside the brackets, or the whole value in quotes"),
    "unclosed-double-quote": ('title: "About us\ndescription: x\n',
                              'f.yaml:1:8: error: a quoted value is not closed: add the closing " '
                              "at its end"),
    "unclosed-single-quote": ("title: 'About us\ndescription: x\n",
                              "f.yaml:1:8: error: a quoted value is not closed: add the closing ' "
                              "at its end"),
    "unclosed-list": ("iso3: [BRA\nname: x\n",
                      "f.yaml:1:7: error: a list opened with '[' is not closed: add ']' at its end"),
    "unclosed-list-at-end": ("iso3: [BRA\n",
                             "f.yaml:1:7: error: a list opened with '[' is not closed: add ']' at "
                             "its end"),
    "unclosed-mapping": ("location: {lat: 1, lon: 2\nname: x\n",
                         "f.yaml:1:11: error: a group of 'key: value' entries opened with '{' is "
                         "not closed: add '}' at its end"),
    "indented-key": ("name: x\n  iso3: BRA\n",
                     "f.yaml:2:3: error: 'iso3' is indented more than the line above: keys of the "
                     "same group start in the same column"),
    "list-item-key-out-of-line": ("species:\n  - name: x\n    status: CR\n   group: birds\n",
                                  "f.yaml:4:4: error: bad indentation: line this up with the other "
                                  "keys of its list item (the list starts on line 2), or start a new "
                                  "item with '- '"),
    "list-item-out-of-line": ("nav:\n- {title: A, url: /a/}\n - {title: B, url: /b/}\n",
                              "f.yaml:3:2: error: bad indentation: start this item in the same "
                              "column as the item above it (column 1)"),
    "text-after-quotes": ('title: "About" us\n',
                          "f.yaml:1:16: error: text after the closing quote: put the whole value "
                          "inside the quotes"),
    "text-after-quotes-over-lines": ('title: "About\n  all" of us\nhero: x\n',
                                     "f.yaml:2:8: error: text after the closing quote: put the "
                                     "whole value inside the quotes"),
    "text-after-quotes-in-item": ("species:\n  - name: 'Porcula\n      salvania' (hog)\n",
                                  "f.yaml:3:17: error: text after the closing quote: put the "
                                  "whole value inside the quotes"),
    "no-colon": ("title: x\ndescription\nhero: y\n",
                 "f.yaml:2:1: error: 'description' has no ':' after a key: write it as 'key: "
                 "value', or indent it if it continues the value above"),
    "continued-value": ("description: a long sentence\nthat continues here\nhero: x\n",
                        "f.yaml:2:1: error: 'that continues here' has no ':' after a key: write it "
                        "as 'key: value', or indent it if it continues the value above"),
    "at-sign": ("title: @home\n", "f.yaml:1:8: error: a value cannot start with '@': put the "
                'value in quotes, e.g. title: "@home"'),
    "star": ("title: *bold* text\n", "f.yaml:1:8: error: a value cannot start with '*': put the "
             'value in quotes, e.g. title: "*bold* text"'),
    "backslash": ('title: "C:\\path"\n', "f.yaml:1:11: error: a backslash in a double-quoted value "
                  "starts an escape: write \\\\ for a backslash, or use single quotes"),
    "text-after-pipe": ("title: | x\n", "f.yaml:1:8: error: text after '|' or '>' on the same "
                        "line: start the text on the next line, indented"),
    "second-document": ("a: 1\n---\nb: 2\n", "f.yaml:2:1: error: a second YAML document starts "
                        "here: a content file holds one; delete this '---' line"),
    "duplicate-key": ("a: 1\na: 2\n", "f.yaml:2:1: error: 'a' is already listed at line 1: "
                      "delete one of the two (or rename this one, if it is another)"),
    # an entry's lines pasted twice: one line, not one for each
    "duplicate-keys-in-a-run": ("x:\n  a: 1\n  b: 2\n  a: 1\n  b: 2\n",
                                "f.yaml:4:3: error: 'a' and the key after it are already "
                                "listed, from line 2: delete this copy of them"),
    "python-tag": ("a: !!python/object/apply:os.system [ls]\n",
                   "f.yaml:1:4: error: YAML tags such as '!!python/object/apply:os.system' are not "
                   "allowed in content: write the value without it"),
    "control-character": ("title: a\x01b\n", "f.yaml:1:9: error: a control character (U+0001) "
                          "that YAML does not allow: delete it (it often comes from text copied "
                          "out of another program)"),
    "nul": ("title: a\x00b\n", f"f.yaml:1:9: error: {NUL}"),
    "item-after-key": ("title: x\ndescription: - a\n", "f.yaml:2:14: error: a list item ('- ') on "
                       "the same line as its key: start each item on a line of its own below "
                       "the key, or put the value in quotes if it is text"),
    "list-open-at-end": ("title: x\niso3: [\n", "f.yaml:2:7: error: a list opened with '[' is "
                         "not closed: add ']' at its end"),
    "group-open-at-end": ("title: x\nlocation: {lat: 1\n", "f.yaml:2:11: error: a group of "
                          "'key: value' entries opened with '{' is not closed: add '}' at its end"),
    "hex-escape": ('title: "C:\\Users\\Anna"\n', "f.yaml:1:11: error: a backslash in a "
                   "double-quoted value starts an escape: write \\\\ for a backslash, or use "
                   "single quotes"),
    "question-mark": ("title: ? x\n", "f.yaml:1:8: error: a value cannot start with '?': put the "
                      'value in quotes, e.g. title: "? x"'),
    "closing-bracket": ("title: ]\n", "f.yaml:1:8: error: a value cannot start with ']': put "
                        'the value in quotes, e.g. title: "]"'),
    "directive": ("%YAML 1.1\ntitle: x\n", "f.yaml:1:1: error: a line starting with '%' is a "
                  "YAML directive, which content does not use: delete it, or put the text in "
                  "quotes"),
    "decimal-comma": ("location: {lat: -7,25, lon: -39.45}\n", "f.yaml:1:17: error: '-7,25': "
                      "write decimals with a point, not a comma (-7.25)"),
    "no-break-space-after-colon": ("status:\u00a0CR\n", "f.yaml:1:8: error: an invisible "
                                   "character here (U+00A0, no-break space): replace it with a "
                                   "plain space (it often comes from text copied out of another "
                                   "program)"),
    "no-break-space-indent": ("species:\n  - name: x\n\u00a0   status: CR\n", "f.yaml:3:1: "
                              "error: an invisible character here (U+00A0, no-break space): "
                              "replace it with a plain space (it often comes from text copied "
                              "out of another program)"),
    "line-separator": ("name: Harenna\u2028shrew\ngroup: mammals\n", "f.yaml:1:14: error: an "
                       "invisible character here (U+2028, line separator): delete it (it often "
                       "comes from text copied out of another program)"),
    "zero-width-space-in-key": ("title\u200b: x\n", "f.yaml:1:6: error: an invisible character "
                                "here (U+200B, zero-width space): delete it (it often comes from "
                                "text copied out of another program)"),
    "byte-order-mark-in-a-quoted-key": ("'hero\ufeff.jpg':\n  alt: x\n", "f.yaml:1:6: error: an "
                                        "invisible character here (U+FEFF, zero-width no-break "
                                        "space): delete it (it often comes from text copied out "
                                        "of another program)"),
    "anchor": ("a: &x 1\n", f"f.yaml:1:4: error: {ANCHORS}"),
    "alias": ("a: [1]\nb: *x\n", f"f.yaml:2:4: error: {ANCHORS}"),
    "merge-key": ("a: {x: 1}\nb:\n  <<: *a\n", f"f.yaml:3:7: error: {ANCHORS}"),
}


@pytest.mark.parametrize(("text", "expected"), list(MISTAKES.values()), ids=list(MISTAKES))
def test_each_mistake_is_one_error_saying_what_to_do(parser: str, text: str, expected: str) -> None:
    assert problems(text) == [expected]


@pytest.mark.parametrize(("text", "said"), [
    ("---\rtitle: x\r---\rText.\r", "p.md:1:4: error: the lines end with a carriage return "
     "only (old Mac line endings): save the file with Unix (LF) or Windows (CRLF) line endings"),
    ("\n---\ntitle: x\n---\nText.\n", "p.md:1:1: error: the file must start with its '---' "
     "line: delete the 1 empty line before it"),
    ("title: x\n", "p.md:1:1: error: missing front matter: the file must start with a '---' "
     "line"),
])
def test_a_file_without_its_front_matter_line_says_why(text: str, said: str) -> None:
    report = Report()
    assert split_front_matter(text, "p.md", report) is None
    assert [str(d) for d in report.items] == [said]


def test_a_byte_order_mark_at_the_start_is_read_as_windows_editors_save_it(parser: str) -> None:
    """Notepad saves UTF-8 with one: a Markdown file was read, a YAML file refused."""
    report = Report()
    doc = yamlsrc.parse_yaml("\ufefftitle: x\nlanguage: en\n", "f.yaml", report)
    assert report.items == [] and doc is not None and doc.data == {"title": "x", "language": "en"}


def test_invisible_spaces_inside_values_are_text(parser: str) -> None:
    """French typography puts a no-break space before a colon; a value may hold any."""
    assert problems('description: "Le site\u00a0: une forêt de 10\u00a0km\u200b"\n'
                    "title: A\u00a0B\n") == []


def test_lines_count_from_the_top_of_the_file_in_front_matter(parser: str) -> None:
    """Front matter starts on line 2 of a Markdown file: every line said is the file's."""
    assert problems("name: x\nspecies:\n  - name: y\n    status: CR\n   group: z\n", 1) == [
        "f.yaml:6:4: error: bad indentation: line this up with the other keys of its list item "
        "(the list starts on line 4), or start a new item with '- '"]
    assert problems('title: "About\n', 1) == [
        'f.yaml:2:8: error: a quoted value is not closed: add the closing " at its end']


AGAIN = "is already listed at line {}: delete one of the two (or rename this one, if it is another)"
COPY = "and the key after it are already listed, from line {}: delete this copy of them"


@pytest.mark.parametrize(("text", "said"), [
    ("a: 1\na: 2\na: 3\n", [f"2:1: error: 'a' {AGAIN.format(1)}",
                            f"3:1: error: 'a' {AGAIN.format(1)}"]),
    ("a: 1\nb: 2\nc: 3\nc: 4\na: 5\n", [f"4:1: error: 'c' {AGAIN.format(3)}",
                                       f"5:1: error: 'a' {AGAIN.format(1)}"]),
    ("a: 1\nb: 2\nb: 3\na: 4\n", [f"3:1: error: 'b' {AGAIN.format(2)}",
                                f"4:1: error: 'a' {AGAIN.format(1)}"]),
    ("a: 1\nb: 2\na: 1\nb: 2\na: 1\nb: 2\n", [f"3:1: error: 'a' {COPY.format(1)}",
                                            f"5:1: error: 'a' {COPY.format(1)}"]),
])
def test_keys_given_again_out_of_their_first_order_are_each_said_at_their_line(
        parser: str, text: str, said: list[str]) -> None:
    """Only a run in the order of the first keys is an entry's lines pasted again: a key
    given a third time, or repeats in another order, are not 'from line N' of one copy."""
    assert sorted(problems(text)) == [f"f.yaml:{line}" for line in said]
    assert sorted(problems(text, 1))[0].startswith(f"f.yaml:{int(said[0][0]) + 1}:")


def test_what_nothing_better_is_known_for_keeps_the_parser_text(parser: str) -> None:
    [line] = problems("a: {b: 1, c: 2\n")
    assert line.startswith("f.yaml:1:4: error: a group of 'key: value' entries opened with '{' is not closed")
    [line] = problems("- a\n- b\nc: d\n")
    assert line.startswith("f.yaml:3:1: error: bad indentation")


def test_good_yaml_still_reads_as_before(parser: str) -> None:
    text = ("name: Chapada do Araripe\niso3: [BRA]\nlocation: {lat: -7.25, lon: -39.45}\n"
            "updated: 2018-11-13\ndraft: false\nspecies:\n  - name: 'A b'\n    status: CR\n"
            "tags: !!str 12\nnothing:\n")
    report = Report()
    doc = yamlsrc.parse_yaml(text, "f.yaml", report)
    assert report.items == [] and doc is not None
    assert doc.data == yaml.load(text, Loader=yaml.SafeLoader)
    assert doc.pos(("species", 0, "status")) == (8, 13)
    assert doc.key_pos(("location",)) == (3, 1)


# -- hostile input ---------------------------------------------------------------------------

def billion_laughs() -> str:
    """The classic: nine levels of nine aliases, 9**9 (387 million) strings once expanded
    (the front matter of the issue, 642 bytes, was this with longer names)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def measured(text: str) -> tuple[list[str], int]:
    """What parsing `text` reports and its peak of memory. How soon it stops is shown by
    where the error is (the first anchor, the 51st bracket), not timed: CPU time depends
    on the machine, and speed is measured by the benchmarks in bench/."""
    tracemalloc.start()
    try:
        found = problems(text, 1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return found, peak


def test_a_billion_laughs_is_refused_at_once_in_a_few_mb(parser: str) -> None:
    text = billion_laughs()
    assert len(text.encode()) < 700
    found, peak = measured(text)
    assert found == [f"f.yaml:2:4: error: {ANCHORS}"]
    assert peak < 4_000_000, peak


@pytest.mark.parametrize(("shape", "depth"), [
    ("flow", 51), ("flow", 500), ("flow", 999), ("flow", 10_000), ("flow", 1_000_000),
    ("block", 51), ("block", 500), ("block", 999),  # (10,000 indented levels take 50 MB of text)
])
def test_deep_nesting_is_one_error_at_its_line(parser: str, depth: int, shape: str) -> None:
    """The file's own mapping is the first level: the 50th bracket, or the key that starts
    the 51st mapping, opens the 51st."""
    if shape == "flow":
        text = "name: x\narea: " + "[" * depth + "]" * depth + "\n"
        where = "3:56"
    else:
        text = "name: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(depth))
        where = "53:51"
    found, peak = measured(text)
    assert found == [f"f.yaml:{where}: error: {DEEP}"]
    assert peak < 4_000_000, peak


def test_fifty_levels_are_still_read(parser: str) -> None:
    report = Report()
    doc = yamlsrc.parse_yaml("a: " + "[" * 49 + "]" * 49 + "\n", "f.yaml", report)
    assert report.items == [] and doc is not None


def test_todo_notes_are_found_in_comments_and_in_text() -> None:
    report = Report()
    doc = yamlsrc.parse_yaml("a: 1  # TODO: check\n# a note\nb: 2 #TODO\nc: '# TODO not a comment'\n"
                             "d: |\n  #TODO in text\ne: a#TODO\n", "f.yaml", report, 1)
    assert doc is not None and doc.todos == [(2, 7, True), (4, 6, True), (5, 5, False),
                                             (7, 3, False), (8, 5, False)]


# -- paths in messages -----------------------------------------------------------------------

@pytest.mark.parametrize(("where", "item", "said"), [
    (("species", 1, "status"), "item", "species[1].status"),
    (("species", 0), "item", "species[0]"),
    (("location", "lat"), "item", "location.lat"),
    (("nav", 2, "url"), "item", "nav[2].url"),
    (("criteria", 1), "item", "criteria[1]"),
    ((0, "criteria", 1, "code"), "category", "category[0].criteria[1].code"),
    ((3, "url"), "partner", "partner[3].url"),
    (("iso3", 1), "item", "iso3[1]"),
    (("hero.jpg", "focal_point", 0), "item", "hero.jpg.focal_point[0]"),
    ((), "item", ""),
])
def test_list_items_are_written_by_their_index_from_zero(where: tuple[str | int, ...], item: str,
                                                  said: str) -> None:
    assert dotted(where, item) == said


@pytest.mark.parametrize("text", [
    "---\ntitle: T\n---\nnote: read this first.\n\n# Heading\n\n---\nText\n",
    "---\ntitle: Contacts\n---\nemail: x@y.org\nphone: 1\n\n---\nMore\n",
])
def test_a_body_opening_like_yaml_before_a_rule_is_a_body(text: str) -> None:
    """Only the keys of a front matter, after a '---', mean the '---' cut it short."""
    report = Report()
    assert split_front_matter(text, "p.md", report) is not None and report.items == []


def test_front_matter_never_closed_is_said_so_not_blamed_on_a_dash_line() -> None:
    report = Report()
    assert split_front_matter("---\ntitle: T\n\n-- John Smith\n--verbose\n", "p.md", report) is None
    assert [str(d) for d in report.items] == [
        "p.md:1:1: error: front matter is not closed: add a '---' line after it"]
