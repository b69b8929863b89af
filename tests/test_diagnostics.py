"""Every kind of bad input gives exactly the diagnostic line(s) a user should see.

Each expectation is the complete `path:line:col: level: message` line, pointing at the
offending value (or key, for an unknown key) in the fixture text.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from conftest import (
    AUDIENCES_YAML,
    CRITERIA_YAML,
    FIXTURE_WARNINGS,
    IMAGES_YAML,
    PARTNERS_YAML,
    REPO,
    SENSITIVE_MD,
    SITE_MD,
    SITE_YAML,
    MakeSite,
    errors_of,
    jpeg,
    own,
)

from aze_site.build import BuildOptions, build
from aze_site.cli import main
from aze_site.errors import BuildFailed, one_line
from aze_site.publish.blobs import MemoryWriter
from aze_site.queries.redirects import versions

SITE = "content/sites/chapada-do-araripe.md"
XICHU = "content/sites/xichu.md"
SAME_AUDIENCE = "audience[0] has the same name: list each audience once (or correct one of the two)"
NOT_TRIGGER = "is not an IUCN Red List category for an AZE trigger (expected CR, EN or EW)"
HEBREW_WORD = "\u05e2\u05d1\u05e8\u05d9\u05ea"  # a heading's words, its id 'vryt'
NO_CREDIT = "no photo is published without its credit and alt text"
SITE_KEYS = ("(the keys allowed here: aliases, area_km2, criteria, description, draft, hero, "
             "iso3, location, name, protection, species, updated, wdkba_id)")
LIST_FIX = ("write each item on a line of its own starting with '- ' (a dash and a space), or "
            "all of them in brackets: [first, second]")


def edit(old: str, new: str, text: str = SITE_MD) -> str:
    """`text` with its one occurrence of `old` replaced (the fixture must contain it)."""
    assert text.count(old) == 1, f"{old!r} is not in the fixture exactly once"
    return text.replace(old, new)


def site(old: str, new: str) -> dict[str, str | None]:
    """Files overriding the Chapada do Araripe site with one edit."""
    return {SITE: edit(old, new)}


def diagnostics(make_site: MakeSite, files: Mapping[str, str | bytes | None],
                strict: bool = False, name: str = "site") -> list[str]:
    """Build a site that must fail; return every diagnostic line it reports, sorted, but
    the fixture's own warnings (conftest.FIXTURE_WARNINGS). Files given as bytes are
    written as they are."""
    root = make_site({rel: text for rel, text in files.items() if not isinstance(text, bytes)}, name)
    for rel, data in files.items():
        if isinstance(data, bytes):
            (root / rel).write_bytes(data)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=strict, jobs=1),
              memory=MemoryWriter())
    return own(sorted(str(d) for d in failed.value.report.items))


def menu_with_a_translation(url: str) -> dict[str, str | None]:
    """The menu's one address changed to `url` in site.yaml, its French title still under
    /sites/."""
    return {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n")
            .replace("url: /sites/", f"url: {url}"),
            "content/site.fr.yaml": 'nav:\n  "/sites/": "Sites"\n'}


ANCHORS = ("YAML anchors and aliases (&name, *name) are not allowed in content: write the value "
           "out in full (or, if it is text starting with & or *, put it in quotes)")
NUL = ("this file contains a NUL byte (\\0): delete it (it comes from a damaged file or from text "
       "copied out of a binary one)")
BILLION_LAUGHS = "".join(
    [f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
     for prev, name in zip("abcdefgh", "bcdefghi", strict=True)])

ON_THE_FLY = ("this '{{ }}' prints a sequence made on the fly, which has no text of its own: "
              "join it (|join(', ')) or list it (|list) to print it")
DEEP = ("this is nested too deeply to be made into a page ({}): move the inner part into a "
        "macro, or build it up in steps with '{{% set %}}'")
BODY = "{{ rendered(doc) }}"  # page.html's line that a case's template line follows


def in_page(text: str, said: str, col: int, kind: str = "template error", line: int = 0,
            more: Sequence[tuple[str, int]] = ()
            ) -> tuple[dict[str, str | bytes | None], list[str]]:
    """A case of a template mistake: `text` on a line of its own after page.html's BODY,
    and what is said at that line (or at its line `line`, counted from 0), at column `col`
    of that line (0: none); `more`: what else is said there, at which column."""
    page = (REPO / "templates/page.html").read_text(encoding="utf-8")
    line += page[:page.index(BODY)].count("\n") + 2
    return ({"templates/page.html": page.replace(BODY, BODY + "\n" + text)},
            [f"templates/page.html:{line}{f':{at}' if at else ''}: error: {kind}: {message}"
             for message, at in ((said, col), *more)])


CASES: dict[str, tuple[Mapping[str, str | bytes | None], list[str]]] = {
    "unknown-filter-in-a-branch-no-page-takes": in_page(  # said by no page
        "{% if false %}{{ page.title|nosuchfilter }}{% endif %}", "unknown filter 'nosuchfilter'",
        29),
    "unknown-test-in-a-branch-no-page-takes": in_page(
        "{% if false %}{{ page.title is evn }}{% endif %}",
        "unknown test 'evn' (did you mean 'even'?)", 32),
    "unknown-filters-and-tests-each-where-named": in_page(  # a page takes the last branch
        "{% if false %}{% filter lowr %}x{% endfilter %}{{ [1]|select('evn')|map('uper')|list }}"
        "{{ [page]|rejectattr('title', 'od')|list }}{% else %}{{ page.title|uper|uper }}{% endif %}",
        "unknown filter 'lowr' (did you mean 'lower'?)", 25, more=(
            ("unknown test 'evn' (did you mean 'even'?)", 63),
            ("unknown filter 'uper' (did you mean 'upper'?)", 74),
            ("unknown test 'od' (did you mean 'odd'?)", 119),
            ("unknown filter 'uper' (did you mean 'upper'?)", 155),
            ("unknown filter 'uper' (did you mean 'upper'?)", 160))),
    # Python's limits on the code a template compiles to: one line at the template's line,
    # not one in Python's words for each template extending it ("too many statically
    # nested blocks"), nor "calls itself without end" for Jinja's parser and code writer
    "loops-nested-deeper-than-python-compiles": in_page(
        "\n".join(f"{{% for a{i} in [1] %}}" for i in range(21)) + "x" + "{% endfor %}" * 21,
        DEEP.format("more than 20 loops or filter blocks inside one another"), 0,
        "template syntax error", 20),
    "tags-nested-deeper-than-python-compiles": in_page(
        "{% if page %}\n" + "{% if page %}" * 99 + "x" + "{% endif %}" * 100,
        DEEP.format("too many tags inside one another"), 0, "template syntax error", 1),
    "brackets-nested-deeper-than-the-parser-goes": in_page(
        "{{ " + "(" * 90 + "1" + ")" * 90 + " }}",
        DEEP.format("too many brackets inside one another"), 0, "template syntax error"),
    "an-expression-of-too-many-parts-to-write": in_page(
        "{{ " + " + ".join(["1"] * 700) + " }}",
        DEEP.format("an expression of too many parts"), 0, "template syntax error"),
    "an-expression-of-too-many-parts-to-walk": in_page(
        "{{ " + " + ".join(["1"] * 3000) + " }}",
        DEEP.format("an expression of too many parts"), 0, "template syntax error"),
    "an-expression-of-too-many-parts-over-many-lines": in_page(  # once, at its last '+'
        "{{ 1 +\n" + "1 +\n" * 3000 + "1 }}", DEEP.format("an expression of too many parts"),
        0, "template syntax error", 3000),
    "set-on-a-namespace-misspelt": in_page(  # not "'nss.x' cannot be set: only a namespace..."
        "{% set ns = namespace(x=1) %}{% set nss.x = 2 %}", "'nss' is undefined", 37),
    # Python's words for a value of the wrong kind ("unsupported operand type(s) for +:
    # 'int' and 'str'", "eq expected 2 arguments, got 1", "'x'"...), in the template's
    "a-test-given-too-few-arguments": in_page(
        "{{ [1]|reject('equalto')|list }}", "the test 'equalto' takes 1 argument, and was given none",
        16),
    "a-method-of-text-given-arguments": in_page(
        "{{ page.title.upper(1) }}{{ page.title.replace('a') }}",
        "'upper()' takes no arguments, and was given 1", 0),
    "a-method-of-text-given-too-few": in_page(
        "{{ page.title.replace('a') }}", "'replace()' takes at least 2 arguments, and was given 1",
        0),
    "text-for-a-whole-number": in_page(
        "{{ 1.5|round(page.title) }}", "the filter 'round' takes the number of decimals to "
        "keep, a whole number, and was given text", 8),
    "a-format-name-not-given": in_page(
        "{{ '{x} sites'.format(y=1) }}",
        "'{x}' in the format text has no value: give it by name, format(x=...)", 0),
    "text-and-a-number-compared": in_page(
        "{{ [3, 'a']|sort|list }}", "text cannot be compared with a whole number ('<')", 0),
    "text-and-a-number-added": in_page(
        "{{ 1 + page.title }}", "'+' cannot add a whole number and text: join text to anything "
        "with '~' ({{ count ~ ' sites' }})", 0),
    "text-less-a-number": in_page(
        "{{ page.title - 1 }}", "'-' cannot be used on text and a whole number", 0),
    "a-list-and-text-added": in_page(
        "{{ [1] + 'a' }}", "'+' adds a list only to a list, and was given text", 0),
    "in-a-number": in_page(
        "{{ 'a' in 1 }}", "'in' looks inside text, a list or a dict, and was given a whole number",
        0),
    "text-called": in_page(
        "{{ page.title() }}", "text is not a function or macro: it cannot be called with '()'", 0),
    "python-s-workings-read": in_page(  # access to attribute 'update' of 'type' object is unsafe.
        "{{ dict.update }}", "a template cannot read 'update' here: it belongs to Python's own "
        "workings (of a class), not to the values pages show", 9),
    "python-s-workings-of-a-page-read": in_page(  # not "(of a PageMeta)"
        "{{ page.__class__ }}", "a template cannot read '__class__' here: it belongs to "
        "Python's own workings (of this value), not to the values pages show", 9),
    "python-s-workings-of-a-list-read": in_page(  # not "a template cannot change a list"
        "{{ [1].__class__ }}", "a template cannot read '__class__' here: it belongs to "
        "Python's own workings (of a list), not to the values pages show", 8),
    "a-range-too-long": in_page(  # Range too big. The sandbox blocks ranges larger than MAX_RANGE
        "{{ range(10**9)|list }}", "range() may count at most 100,000 numbers in a template", 4),
    "macro-naming-an-argument-twice": in_page(  # duplicate argument 'l_1_a' in function ...
        "{% macro f(a, a) %}x{% endmacro %}",  # said once, not again for criteria.html
        "the macro 'f' names its argument 'a' twice", 15, "template syntax error"),
    "call-naming-an-argument-twice": in_page(
        "{% call(a,\n  b, a) hero(page.hero, page.title) %}{{ a }}{% endcall %}",
        "this '{% call %}' names its argument 'a' twice", 6, "template syntax error", 1),
    "tag-not-closed": in_page(  # expected token 'end of statement block', got ... (next line)
        "<p>{% if page.updated", "'{% if ...' here is not closed: end it with '%}'", 4,
        "template syntax error"),
    "value-not-closed": in_page(  # expected token 'end of print statement', got ... (next line)
        "{{ page.title", "'{{ ...' here is not closed: end it with '}}'", 1, "template syntax error"),
    # where Jinja's parser or lexer stopped, at that column, in the template's own signs
    # (it said "unexpected 'end of print statement'", with no column)
    "bracket-left-open-before-the-end-of-a-value": in_page(
        "{{ hero(page.hero, page.title }}", "')' is missing before this '}'", 31,
        "template syntax error"),
    "value-missing-after-an-operator": in_page(
        "<p>{{ page.title ~ }}</p>", "a value is missing before '}}'", 20,
        "template syntax error"),
    "value-missing-in-a-tag": in_page(
        "{% for x in %}{% endfor %}", "a value is missing before '%}'", 13,
        "template syntax error"),
    "two-values-side-by-side": in_page(
        "{{ page.title page.lang }}", "expected '}}' here, not 'page'", 15,
        "template syntax error"),
    "liquid-filter-values": in_page(  # as Liquid (Jekyll) writes them
        "{{ page.title | truncate: 5 }}",
        "expected '}}' here, not ':': a filter takes its values in brackets, |truncate(...)", 25,
        "template syntax error"),
    "equals-to-compare": in_page(
        "{% if page.title = 'About' %}a{% endif %}",
        "expected '%}' here, not '=': two values are compared with '=='", 18,
        "template syntax error"),
    "triple-equals": in_page(  # as JavaScript writes it
        "{{ page.title === 'About' }}",
        "a value is missing before '=': two values are compared with '==' ('===' is written "
        "'==')", 17, "template syntax error"),
    "double-bar-for-or": in_page(
        "{{ page.title || 'About' }}", "expected a name here, not '|': '||' is written 'or'", 16,
        "template syntax error"),
    "double-ampersand-for-and": in_page(
        "{{ page.title && page.lang }}", "'&' cannot be written inside '{{ }}' or '{% %}': '&&' is "
        "written 'and', and text is joined with '~'", 15, "template syntax error"),
    "question-mark-for-if": in_page(
        "{{ page.hero ? 'a' : 'b' }}", "'?' cannot be written inside '{{ }}' or '{% %}': "
        "'a ? b : c' is written 'b if a else c'", 14, "template syntax error"),
    "else-if-for-elif": in_page(  # as Python and JavaScript write it
        "{% if page.hero %}a{% else if page.title %}b{% endif %}",
        "expected '%}' here, not 'if': 'else if' is written '{% elif ... %}'", 28,
        "template syntax error"),
    "a-sign-templates-do-not-write": in_page(
        "{{ page.title $ }}", "'$' cannot be written inside '{{ }}' or '{% %}'", 15,
        "template syntax error"),
    "a-backslash": in_page(  # Jinja quotes it as Python writes it: doubled
        "{{ page.title \\ 2 }}", "'\\' cannot be written inside '{{ }}' or '{% %}'", 15,
        "template syntax error"),
    "a-typographic-quote": in_page(  # a word processor's, for a straight one
        "{{ page.title|default(\u201cx\u201d) }}", "'\u201c' is a typographic quote, which "
        "cannot be written inside '{{ }}' or '{% %}': write a straight quote, ' or \"", 23,
        "template syntax error"),
    "an-invisible-character": in_page(  # a zero-width space pasted with a name
        "{{ page.title\u200b }}", "an invisible character (U+200B) cannot be written inside "
        "'{{ }}' or '{% %}': delete it", 14, "template syntax error"),
    "a-text-left-open": in_page(  # unexpected char "'" at 52
        "{{ 'Act }}", "this quote begins a text that is never closed: end the text with the "
        "same quote", 4, "template syntax error"),
    "a-bracket-closing-none": in_page(
        "{{ page.title) }}", "this ')' closes no bracket opened before it", 14,
        "template syntax error"),
    "a-tag-without-its-name": in_page(
        "x {% %}", "a tag's name is missing after '{%'", 6, "template syntax error"),
    "a-field-s-name-missing-after-a-dot": in_page(
        "{{ page.title. }}", "a field's name is missing after '.'", 16, "template syntax error"),
    "a-value-after-one-given-by-name": in_page(
        "{{ hero(page.hero, compact=true, page.title) }}",
        "in a call, values come first, then values given by name (size=2), then *list and "
        "**dict", 34, "template syntax error"),
    "a-macro-argument-without-a-default-after-one-with": in_page(
        "{% macro m(a=1, b) %}{% endmacro %}",
        "an argument without a default value cannot follow one with a default (a=1): put it "
        "first, or give it a default", 17, "template syntax error"),
    "raw-not-closed": in_page(
        "<p>{% raw %}{{ x }}", "'{% raw %}' here is not closed: add '{% endraw %}' where its "
        "text ends", 4, "template syntax error"),
    "a-pair-printed": in_page(  # it wrote "(..., )" into every page: no anchor found there
        "<p>{{ page.title, }}</p>", "a comma inside '{{ }}' writes its values as Python shows "
        "them, in brackets: write each in its own '{{ }}', or join them with '~'", 17,
        "template syntax error"),
    "a-pair-in-brackets-printed": in_page(  # the comma is inside brackets: at none
        "<p>{{ (page.title, 1) }}</p>", "a comma inside '{{ }}' writes its values as Python "
        "shows them, in brackets: write each in its own '{{ }}', or join them with '~'", 7,
        "template syntax error"),
    "a-pair-printed-after-a-call-with-commas": in_page(  # not at the commas of the calls
        "{{ f(g(1, 2), 3), x }}", "a comma inside '{{ }}' writes its values as Python shows "
        "them, in brackets: write each in its own '{{ }}', or join them with '~'", 17,
        "template syntax error"),
    # Python's text for a value with none of its own ('<generator object sync_do_map at
    # 0x7f...>', another on each build), at the `{{` printing it
    "a-sequence-made-on-the-fly-printed": in_page(
        '<p title="{{ page.title }}">{{ ["a", "b"]|map("upper") }}</p>', ON_THE_FLY, 29),
    "a-sequence-made-when-compiled-printed-after-a-trans": in_page(  # the trans's {{ counts
        "{% trans n=1 %}{{ n }}{% endtrans %}{{ [1, 2]|slice(2) }}", ON_THE_FLY, 37),
    "a-sequence-printed-after-braces-in-raw-text-a-string-and-a-comment": in_page(  # none
        "<p>{% raw %}{{ x }}{% endraw %}{{ '{{' }}{# {{ #}{{ [1]|map('upper') }}</p>",  # print
        ON_THE_FLY, 50),
    "a-method-printed-uncalled": in_page(
        "<h1>{{ page.title.upper }}</h1>", "this '{{ }}' prints a function or macro itself, "
        "which has no text of its own: call it, with what it takes in brackets, name(...)", 5),
    "a-cycler-given-nothing": in_page(  # Python's RuntimeError: an internal error
        "{% set row = cycler() %}", "'cycler()' takes the values to go through in turn, and "
        "was given none", 14),
    "a-joiner-given-two-values": in_page(  # 'Joiner.__init__() takes from 1 to 2 ...'
        "<p>{% set comma = joiner(', ', ' and ') %}{{ comma() }}</p>", "'joiner()' takes 1 "
        "value at most, the text to put between the others (', '), and was given 2", 19),
    "a-macro-given-too-many-values": in_page(  # 'takes not more than 1 argument(s)': where?
        "{% macro m(a) %}{% endmacro %}<p>{{ m(1, 2) }}</p>", "the macro 'm' takes 1 value "
        "('a'), and was given 2", 37),
    "an-imported-macro-given-a-value-by-a-name-it-has-not": in_page(  # not where defined
        "{{ hero(page.hero, page.title, subtitle='x') }}", "the macro 'hero' has no argument "
        "'subtitle': it takes 'img', 'title', 'lede', 'compact', 'italic', 'lang', 'lede_lang'",
        4),
    "a-macro-given-a-value-twice": in_page(
        "{% import '_macros.html' as m %}{{ m.badge('CR', code='EN') }}", "the macro 'badge' "
        "was given its argument 'code' twice, by position and by name", 38),
    "a-negative-number-to-a-fractional-power": in_page(  # (1.7e-16+2.8j) in the page
        "<p>{{ (-8) ** 0.5 }}</p>", "'**' would make no number a page can show: a negative "
        "number cannot be raised to a power that is a fraction", 12),
    "a-field-of-a-value-that-is-empty": in_page(  # 'None' has no attribute 'key'
        "{{ page.hero.key }}", "'page.hero' is empty here (none), so it has no field 'key': "
        "test it first, {% if page.hero %}", 14),
    "a-field-in-brackets-of-a-value-that-is-empty": in_page(  # 'None' has no attribute 'key'
        "{{ page.hero['key'] }}", "'page.hero' is empty here (none), so it has no field 'key': "
        "test it first, {% if page.hero %}", 15),
    "an-item-of-a-value-that-is-empty": in_page(  # None has no element 0
        "{{ page.hero[0] }}", "'page.hero' is empty here (none), so it has no item 0: "
        "test it first, {% if page.hero %}", 14),
    "a-field-of-an-empty-value-among-others-of-that-name": in_page(  # 'page' was blamed
        "{{ page.title }}: {{ page.hero.title }}", "'page' or 'page.hero' is empty here (none), "
        "so it has no field 'title': test it first with {% if %}", 0),
    "a-field-of-a-value-made-on-the-line": in_page(  # the number's, not 'a' has no field
        "{{ dict(a=1).a.b }}", "'dict(a=1).a' is a whole number, which has no field 'b'", 16),
    "a-field-a-filter-reads-of-each-item": in_page(  # 'this int has no field'
        "{{ [1, 2]|sum(attribute='x') }}", "the filter 'sum' reads the field 'x' of each item, "
        "and an item here is a whole number, which has none", 11),
    "slice-into-no-columns": in_page(  # integer division or modulo by zero
        "{{ [1, 2]|slice(0)|list }}", "the filter 'slice' takes the number of columns to split "
        "into, a whole number of at least 1, and was given 0", 11),
    "batch-of-no-items": in_page(  # an empty group first, quietly
        "{{ [1, 2]|batch(0)|list }}", "the filter 'batch' takes the number of items in each "
        "group, a whole number of at least 1, and was given 0", 11),
    "truncate-shorter-than-its-end": in_page(  # an assertion: the build stopped, 'internal error'
        "{{ page.title|truncate(-1) }}", "the filter 'truncate' takes the length to cut the "
        "text to (with its end '...'), a whole number of at least 3, and was given -1", 15),
    "batch-by-a-decimal-number": in_page(  # not said as 2, a whole number, nor 2.0 refused
        "{{ [1, 2]|batch(2.5)|list }}", "the filter 'batch' takes the number of items in each "
        "group, a whole number of at least 1, and was given 2.5", 11),
    "slice-into-a-decimal-number-of-columns": in_page(  # not 'was given 2', a whole number
        "{{ [1, 2]|slice(4 / 2)|list }}", "the filter 'slice' takes the number of columns to "
        "split into, a whole number of at least 1, and was given 2.0", 11),
    "round-in-no-known-way": in_page(  # method must be common, ceil or floor
        "{{ 2.5|round(0, 'up') }}", "the filter 'round' rounds in the way 'common', 'ceil' (up) "
        "or 'floor' (down), and was given text", 8),
    "tojson-given-a-page": in_page(  # Object of type PageMeta is not JSON serializable
        "{{ page|tojson }}", "'tojson' writes text, numbers, true or false, lists and dicts, "
        "and was given something else: give it the fields it needs, e.g. dict(title=page.title)",
        0),
    "dictsort-given-text": in_page(  # 'str' object has no attribute 'items'
        "{{ page.title|dictsort }}", "the filter 'dictsort' takes a dict, and was given text",
        15),
    "xmlattr-given-text": in_page(  # at the filter, not at the other one
        "<p{{ page.title|upper|xmlattr }}>", "the filter 'xmlattr' takes a dict, and was given "
        "text", 23),
    "a-template-named-by-each-page-s-value": (  # one line, not one for each page
        in_page("{% include page.title %}", "", 0)[0],
        [in_page("", "", 0)[1][0].replace(
            "template error: ", "template 'Act' not found: there is no templates/Act (and 2 "
            "more like it, on other pages)")]),
    "comment-not-closed": in_page(  # Missing end of comment tag
        "<p>{# a note", "'{# ...' here is not closed: end it with '#}'", 4, "template syntax error"),
    "tag-start-written-in-a-string-is-text": in_page(  # not a '{{' left without its end
        "{{ '{%' ~ \"{{\" }}{% endfor %}",
        "'{% endfor %}' has no '{% for %}' open here to go with it", 21, "template syntax error"),
    "tag-left-open-above-text-with-apostrophes": in_page(  # don't ... 'x': no string of it
        "{% if page.updated\n<p>don't</p>\n{% include 'footer.html' %}\n{% endif %}",
        "'{% if ...' here is not closed: end it with '%}'", 1, "template syntax error"),
    "field-set-on-what-is-not-a-namespace": in_page(  # cannot assign attribute on non-...
        '{% set site.title = "x" %}',  # was said at the line above
        "'site.title' cannot be set: only a namespace() made in the template can have its "
        "fields set, e.g. {% set ns = namespace(title=...) %} and then {% set ns.title = ... %}",
        8),
    "field-set-by-a-block-on-what-is-not-a-namespace": in_page(  # Jinja checks none
        "{% set site.title %}x{% endset %}",
        "'site.title' cannot be set: only a namespace() made in the template can have its "
        "fields set, e.g. {% set ns = namespace(title=...) %} and then {% set ns.title = ... %}",
        8),
    "stylesheet-asks-for-a-file-that-is-not-there": (  # not what is commented out, a
        # fragment, a data: address or another website's file
        {"static/css/extra.css": ".a { background: url(../img/bg.png) } /* url(x.png) */\n"
                                 ".b { mask: url(#m); background: url('data:image/png;base64,A=') }"
                                 "\n@import 'base.css';\n.c { background: url(\"../favicon.svg\"),"
                                 " url(https://cdn.example.org/x.png) }\n"
                                 ".d { background: url(../../x.png) url(../favicon.svgg) }\n"},
        ["static/css/extra.css:1:18: error: '../img/bg.png': there is no file static/img/bg.png",
         "static/css/extra.css:3:1: error: 'base.css': there is no file static/css/base.css",
         "static/css/extra.css:5:18: error: '../../x.png': this leads out of the website: write "
         "the address of a file in static/",
         "static/css/extra.css:5:35: error: '../favicon.svgg': there is no file "
         "static/favicon.svgg (did you mean '../favicon.svg'?)"]),
    "stylesheet-address-from-the-host-s-root-on-a-site-under-a-path": (
        {"content/site.yaml": SITE_YAML.replace("base_url: https://test.example.org/",
                                                "base_url: https://zero-test.org/aze/"),
         "static/css/extra.css": ".a { background: url(/favicon.svg) }\n"
                                 ".b { background: url(/aze/favicon.svg) url(/aze/no.svg) }\n"
                                 "@import '../pagefind/pagefind-ui.css';\n"},
        ["static/css/extra.css:1:18: error: '/favicon.svg': the website is published at /aze/, "
         "where an address from the host's root misses it: write it from this stylesheet, "
         "'../favicon.svg'",
         "static/css/extra.css:2:40: error: '/aze/no.svg': there is no file static/no.svg"]),
    "sensitive-draft-site-position-in-a-news-post-and-a-photo-s-licence": (
        # a site not yet published keeps its place too; a licence is published text
        {"content/sites/xichu.md": SENSITIVE_MD.replace(
            "protection: none\n", "protection: none\ndraft: true\n").replace(
            "A cactus site.", "A cactus site, [unfinished](../pages/nope.md)."),  # a draft's
         "content/news/2018-11-13-update.md": "---\ntitle: The 2018 update\n---\nThe cactus "
         "grows at 21.2987\u00b0 N.\n",
         "content/images/images.yaml": IMAGES_YAML.replace("license: CC0 1.0",
                                                           "license: CC0 1.0 (at 21.2987 N)"),
         # a byte order mark is no column
         "content/site.yaml": "\ufeff" + SITE_YAML.replace("title: Test Alliance",
                                                          "title: Test Alliance (21.2987 N)")},
        [f"content/{rel}: error: {what} is content/sites/xichu.md's precise {axis}, which "
         "stays unpublished since a species there is sensitive: give the position in whole "
         "degrees at most, or leave it out" for rel, what, axis in (
             ("images/images.yaml:4:12", "hero.jpg: license: '21.2987'", "latitude"),
             ("news/2018-11-13-update.md:4:21", "'21.2987'", "latitude"),
             ("site.yaml:1:23", "'21.2987'", "latitude"))]),
    "sensitive-site-position-written-elsewhere-as-a-position": (
        # in other files a number counts where it is written as one: with a degree sign, a
        # hemisphere's letter, or beside the position's other half ('21.30 dollars' is a
        # price, and so is '100.06 days' further on)
        {"content/news/2018-11-13-update.md": "---\ntitle: The 2018 update\n---\nThe cactus "
         "grows at 21.2987\u00b0 N; a budget of 21.30 dollars.\n",
         "content/pages/act.md": "---\ntitle: Act\ndescription: Act now.\n---\nSee (21.30, "
         "-100.06).\n",
         "content/pages/criteria.md": "---\ntitle: KBA criteria\nlayout: criteria\n---\n"
         "21.30 dollars, 100.06 days apart; [map](https://osm.example/#map=17/21.30/-100.06)\n",
         "content/sites/chapada-do-araripe.md": SITE_MD.replace(
             "## Why it matters", "Far from the cactus at 21\u00b017\u203255\u2033 N.\n\n"
             "## Why it matters"),
         "content/images/images.yaml": IMAGES_YAML.replace("credit: Test Illustrator",
                                                           "credit: Test Illustrator\n"
                                                           "  caption: Seen from N 21 17.9")},
        [f"content/{rel}: error: {what} is content/sites/xichu.md's precise {axis}, which "
         "stays unpublished since a species there is sensitive: give the position in whole "
         "degrees at most, or leave it out" for rel, what, axis in (
             ("images/images.yaml:4:12", "hero.jpg: caption: '21 17.9'", "latitude"),
             ("news/2018-11-13-update.md:4:21", "'21.2987'", "latitude"),
             ("pages/act.md:5:6", "'21.30'", "latitude"),
             ("pages/act.md:5:13", "'-100.06'", "longitude"),
             ("pages/criteria.md:5:69", "'21.30'", "latitude"),
             ("pages/criteria.md:5:75", "'-100.06'", "longitude"),
             ("sites/chapada-do-araripe.md:15:24", "'21\u00b017\u2032'", "latitude"))]),
    "sensitive-site-position-in-utm": (
        # an easting and a northing within 5 km of the site (21.2987, -100.0577: 14Q 390290
        # 2355574), in its own text and elsewhere; a budget and a count are none
        {"content/sites/xichu.md": SENSITIVE_MD.replace(
            "A cactus site.", "A cactus site, surveyed at UTM 14Q 390290E 2355574N."),
         "content/news/2018-11-13-update.md": "---\ntitle: The 2018 update\n---\nPlot 3: "
         "E 390.120 N 2.356.002; a budget of 2,355,574 pesos for 390290 plants.\n"},
        ["content/news/2018-11-13-update.md:4:11: error: '390.120 N 2.356.002' is "
         "content/sites/xichu.md's precise position in UTM (zone 14), which stays unpublished "
         "since a species there is sensitive: give the position in whole degrees at most, or "
         "leave it out",
         "content/sites/xichu.md:13:36: error: '390290E 2355574N' is the site's precise position "
         "in UTM (zone 14), which stays unpublished since a species here is sensitive: give "
         "the position in whole degrees at most, or leave it out"]),
    # -- template mistakes: in the template's words, not Python's, at their line ---------
    "filter-given-too-many-arguments": in_page(  # sync_do_join() takes from 2 to 4 ...
        '{{ page.title|join(", ", "x", "y", "z") }}',
        "the filter 'join' takes at most 2 arguments (d, attribute), and was given 4", 15),
    "filter-given-too-few-arguments": in_page(  # do_replace() missing 1 required ...
        '{{ page.title|replace("a") }}',
        "the filter 'replace' takes 2 to 3 arguments (old, new, count), and was given 1", 15),
    "filter-given-an-argument-it-does-not-have": in_page(
        '{{ page.title|join(sep=", ") }}',
        "the filter 'join' has no argument 'sep': it takes at most 2 arguments (d, attribute)", 15),
    "own-filter-given-too-few-arguments": in_page(  # PageRenderer.degrees() missing ...
        "{{ 3|degrees }}",
        "the filter 'degrees' takes 1 to 2 arguments (axis, other), and was given none", 6),
    "test-given-too-many-arguments": in_page(
        "{% if 3 is not divisibleby(1, 2) %}x{% endif %}",
        "the test 'divisibleby' takes 1 argument (num), and was given 2", 16),
    "unknown-test-in-an-if": in_page(  # No test named 'evn' found. (when run)
        "{% if page.title is evn %}x{% endif %}", "unknown test 'evn' (did you mean 'even'?)", 21),
    "unknown-test-in-an-expression": in_page(  # No test named 'evn'. (when compiled)
        "{{ page.title is evn }}", "unknown test 'evn' (did you mean 'even'?)", 18),
    "unknown-filter-in-an-if": in_page(
        "{% if page.title|uper %}x{% endif %}", "unknown filter 'uper' (did you mean 'upper'?)", 18),
    "round-of-text": in_page(  # type str doesn't define __round__ method
        "{{ page.title|round }}", "the filter 'round' takes a number, and was given text", 15),
    "format-number-given-text": in_page(  # %d format: a real number is required, not str
        '{{ "%d"|format("x") }}', "'%d' in the format text takes a number, and was given text", 5),
    "format-with-a-place-too-many": in_page(  # not enough arguments for format string
        '{{ "%s of %s"|format(3) }}',
        "the format text has more places to fill (%s, %d...) than values given to fill them", 0),
    "format-with-a-percent-sign-alone": in_page(  # unsupported format character ',' (0x2c)
        '{{ "%d%, then %s"|format(3, "x") }}',
        "'%,' in the format text is not a place to fill: write %% for a % sign itself", 7),
    "filter-given-arguments-through-map": in_page(  # do_truncate() takes from 2 to 6 ...
        "{{ ['ab', 'cd']|map('truncate', 1, 2, 3, 4, 5)|list }}",
        "the filter 'truncate' takes at most 4 arguments (length, killwords, end, leeway), "
        "and was given 5", 22),
    "test-without-its-argument-through-select": in_page(  # test_divisibleby() missing 1 ...
        "{{ [1, 2]|select('divisibleby')|list }}",
        "the test 'divisibleby' takes 1 argument (num), and was given none", 19),
    "filter-block-given-an-argument": in_page(  # do_upper() takes 1 positional argument ...
        "{% filter upper(1) %}x{% endfilter %}",
        "the filter 'upper' takes no arguments, and was given 1", 11),
    "format-with-a-percent-sign-before-a-space": in_page(  # unsupported ... '%' (0x25)
        '{{ "50% %s"|format("x") }}',
        "a '%' in the format text begins no place to fill (%s, %d...): write %% for a % sign "
        "itself", 0),
    "format-with-a-percent-sign-before-a-letter": in_page(  # %o format: an integer is ...
        '{{ "50% of %s"|format("x") }}',
        "'%o' in the format text takes a number, and was given text (a % sign itself is "
        "written %%)", 0),
    "format-method-with-a-place-too-many": in_page(  # Replacement index 1 out of range
        '{{ "{} {}".format("x") }}',
        "the format text has more places to fill ({}) than values given to fill them", 0),
    "format-ending-with-a-percent-sign": in_page(  # incomplete format
        '{{ "%d%"|format(3) }}',
        "a '%' ends the format text, where a place to fill (%s, %d...) should begin: write %% "
        "for a % sign itself", 0),
    "format-method-code-given-text": in_page(  # Unknown format code 'd' for ... 'str'
        '{{ "{:d}".format("x") }}', "the format code 'd' cannot be used on text", 0),
    "sensitive-site-position-in-its-translation-and-its-photos": (  # published with its page
        {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, es]\n"),
         "content/sites/xichu.md": SENSITIVE_MD.replace("criteria:", "hero: hero.jpg\ncriteria:"),
         "content/sites/xichu.es.md": "---\nname: Xichú\ndescription: Un sitio a 21.2987 N\n"
                                      "common_names:\n  Mammillaria marcosii: Biznaga de 21.30\n"
                                      "---\nUn cactus en 21\u00b017\u2032 N.\n",
         "content/images/images.yaml": IMAGES_YAML.replace("credit: Test Illustrator",
                                                           "credit: Test Illustrator\n"
                                                           "  caption: A stream at 100.06 W"),
         "content/images/images.es.yaml": "hero.jpg:\n  alt: Un paisaje en 21,30 N\n"},
        [f"content/{rel}: error: {what} is content/sites/xichu.md's precise {axis}, which "
         "stays unpublished since a species there is sensitive: give the position in whole "
         "degrees at most, or leave it out" for rel, what, axis in (
             ("images/images.es.yaml:2:8", "hero.jpg: alt: '21,30'", "latitude"),
             ("images/images.yaml:4:12", "hero.jpg: caption: '100.06'", "longitude"),
             ("sites/xichu.es.md:3:14", "description: '21.2987'", "latitude"),
             ("sites/xichu.es.md:5:3", "common_names.Mammillaria marcosii: '21.30'", "latitude"),
             ("sites/xichu.es.md:7:14", "'21\u00b017\u2032'", "latitude"))]),
    "sensitive-site-showing-a-photo-with-no-entry": (  # its texts are not there to read
        {"content/sites/xichu.md": SENSITIVE_MD.replace("A cactus site.",
                                                        "![A cactus](../images/cactus.jpg)")},
        ["content/sites/xichu.md:13:13: error: photo 'cactus.jpg' has no entry in "
         "content/images/images.yaml"]),
    "sensitive-site-position-in-its-name-common-name-and-alias": (  # all published as text
        {"content/sites/xichu.md": SENSITIVE_MD.replace("name: Xichu", "name: Xichu (21\u00ba17\u2032 N)")
         .replace("    group: plants", "    common_name: Cactus of 21.29 N\n    group: plants")
         .replace("protection: none", "protection: none\naliases: [/old/xichu-21.2987-n/]")},
        ["content/sites/xichu.md:2:7: error: name: '21\u00ba17\u2032' is the site's precise "
         "latitude, which stays unpublished since a species here is sensitive: give the "
         "position in whole degrees at most, or leave it out",
         "content/sites/xichu.md:7:11: error: aliases[0]: '-21.2987' is the site's precise "
         "latitude, which stays unpublished since a species here is sensitive: give the "
         "position in whole degrees at most, or leave it out",
         "content/sites/xichu.md:10:18: error: species[0].common_name: '21.29' is the site's "
         "precise latitude, which stays unpublished since a species here is sensitive: give "
         "the position in whole degrees at most, or leave it out"],
    ),
    "images-yaml-not-a-mapping-says-it-once": (  # the pages using photos say nothing more
        {"content/images/images.yaml": "- hero.jpg\n"},
        ["content/images/images.yaml:1:1: error: expected one entry per photo: its file name, "
         "a colon, then its details indented below it"],
    ),
    # -- YAML syntax: what to do, at the line and column that caused it -----------------
    "yaml-colon-in-value": (
        site("protection: partial", "protection: partial: x"),
        [f'{SITE}:7:20: error: a colon in a value: put the value in quotes, e.g. '
         'protection: "partial: x"'],
    ),
    "no-home-page": (
        {"content/pages/index.md": None},
        ["content/pages/index.md: error: the website has no home page: write "
         "content/pages/index.md (every page links to it)"],
    ),
    "home-page-a-draft": (
        {"content/pages/index.md": "---\ntitle: Home\ndraft: true\n---\nWelcome.\n"},
        ["content/pages/index.md: error: content/pages/index.md is a draft, and every page "
         "links to the home page: publish it (draft: false)"],
    ),
    "criterion-listed-twice": (
        site("criteria: [A1e]", "criteria: [A1e, A1e]"),
        [f"{SITE}:6:17: error: criteria[1]: 'A1e' is listed twice: delete one of the two"],
    ),
    "country-listed-twice": (  # said at the repeat, by its code
        site("iso3: BRA", "iso3: [BRA, PER, BRA]"),
        [f"{SITE}:3:18: error: iso3[2]: 'BRA' is listed twice: delete one of the two"],
    ),
    "yaml-colon-in-a-page-title": (
        {"content/pages/about.md": "---\ntitle: Threats: an overview\n---\nText.\n"},
        ['content/pages/about.md:2:15: error: a colon in a value: put the value in quotes, e.g. '
         'title: "Threats: an overview"'],
    ),
    "yaml-quote-left-open-until-a-later-quote": (
        {SITE: SITE_MD.replace("name: Chapada do Araripe", 'name: "Chapada do Araripe')
         .replace("common_name: Araripe manakin", 'common_name: "Araripe manakin"')},
        [f'{SITE}:2:7: error: a quoted value is not closed: add the closing " at its end'],
    ),
    "yaml-quote-left-open-until-a-comment": (
        {"content/pages/about.md": '---\ntitle: "About us\n# "Submit a site" leads here\n---\nText.\n'},
        ['content/pages/about.md:2:8: error: a quoted value is not closed: add the closing " at '
         'its end'],
    ),
    "yaml-quotes-inside-quotes": (
        {"content/pages/about.md": '---\ntitle: "A new "AZE" website"\n---\nText.\n'},
        ['content/pages/about.md:2:16: error: a double quote inside a value in double quotes: put '
         "the value in single quotes, e.g. title: 'A new \"AZE\" website'"],
    ),
    "yaml-list-item-without-its-colon": (
        site("  - name: Antilophia", "  - name Antilophia"),
        [f"{SITE}:9:5: error: 'name Antilophia bokermanni' has no ':' after a key: write it as "
         "'key: value', or indent it if it continues the value above"],
    ),
    "yaml-unclosed-list": (
        site("iso3: BRA", "iso3: [BRA"),
        [f"{SITE}:3:7: error: a list opened with '[' is not closed: add ']' at its end"],
    ),
    "yaml-unclosed-quote": (
        site("name: Chapada do Araripe", 'name: "Chapada do Araripe'),
        [f'{SITE}:2:7: error: a quoted value is not closed: add the closing " at its end'],
    ),
    "yaml-tab": (
        site("    common_name: Araripe manakin", "\tcommon_name: Araripe manakin"),
        [f"{SITE}:10:1: error: a tab character: indent with spaces, not tabs"],
    ),
    "yaml-bad-indentation": (
        site("    group: birds", "  group: birds"),
        [f"{SITE}:11:3: error: bad indentation: line this up with the other keys of its list item "
         "(the list starts on line 9), or start a new item with '- '"],
    ),
    "yaml-no-colon": (
        site("area_km2: 28", "area_km2 28"),
        [f"{SITE}:5:1: error: 'area_km2 28' has no ':' after a key: write it as 'key: value', or "
         "indent it if it continues the value above"],
    ),
    "yaml-empty-file": (
        {"content/partners.yaml": ""},
        ["content/partners.yaml:1:1: error: the file is empty: it should list the partners"],
    ),
    "yaml-first-key-indented": (  # YAML reports the next line, where the document ends
        {"content/pages/about.md": "---\n title: About\ndescription: Us.\n---\nText.\n"},
        ["content/pages/about.md:2:1: error: this line is indented, but it is the first of the "
         "front matter: start it at the line's beginning (keys of a group start in the same "
         "column)"],
    ),
    "yaml-first-key-indented-in-a-yaml-file": (
        {"content/site.yaml": " " + SITE_YAML},
        ["content/site.yaml:1:1: error: this line is indented, but it is the first of the file: "
         "start it at the line's beginning (keys of a group start in the same column)"],
    ),
    "yaml-no-space-after-a-keys-colon": (  # YAML reads on, and reports the next key's colon
        site("name: Chapada do Araripe", "name:Chapada do Araripe"),
        [f"{SITE}:2:5: error: a space must follow the ':' after 'name': write 'name: Chapada "
         "do Araripe'"],
    ),
    "yaml-value-starting-with-a-comma": (
        {"content/partners.yaml": edit("short_name: TP", "short_name: ,TP", PARTNERS_YAML)},
        ['content/partners.yaml:2:15: error: a value cannot start with \',\': put the value in '
         'quotes, e.g. short_name: ",TP"'],
    ),
    "yaml-two-colons-in-a-group": (
        site("{lat: -7.25,", "{lat: : -7.25,"),
        [f"{SITE}:4:17: error: a value cannot start with ':': put the value in quotes"],
    ),
    "yaml-value-starting-with-an-exclamation-mark": (
        site("protection: partial", 'protection: !"partial"'),
        [f"{SITE}:7:13: error: a value cannot start with '!': put the value in quotes, e.g. "
         "protection: '!\"partial\"'"],
    ),
    "yaml-line-starting-with-a-percent-sign": (
        site("protection: partial", "%protection: partial"),
        [f"{SITE}:7:1: error: a line starting with '%' is a YAML directive, which content does "
         "not use: delete it, or put the text in quotes"],
    ),
    "yaml-escape-of-no-character": (
        site("name: Chapada do Araripe", 'name: "Chapada \\uD800"'),
        [f"{SITE}:2:16: error: '\\uD800' is not the code of a character: write the character "
         "itself"],
    ),
    "front-matter-split-by-a-stray-fence": (  # else the rest is published as a heading
        {"content/pages/about.md": "---\ntitle: About\n---\ndescription: Us.\n---\nText.\n"},
        ["content/pages/about.md:3:1: error: this '---' ends the front matter early: the lines "
         "after it (up to line 4) are front matter too; remove it"],
    ),
    "site-front-matter-split-by-a-stray-fence": (
        site("iso3: BRA\n", "iso3: BRA\n---\n"),
        [f"{SITE}:4:1: error: this '---' ends the front matter early: the lines after it (up to "
         "line 14) are front matter too; remove it"],
    ),
    "front-matter-closed-by-four-hyphens": (
        {"content/pages/about.md": "---\ntitle: About\n----\nText.\n"},
        ["content/pages/about.md:3:1: error: the front matter ends with a line of three hyphens "
         "alone, '---': this line is '----'"],
    ),
    "front-matter-closed-by-a-fence-with-text": (
        {"content/pages/about.md": "---\ntitle: About\n--- x\nText.\n"},
        ["content/pages/about.md:3:1: error: the front matter ends with a line of three hyphens "
         "alone, '---': this line is '--- x'"],
    ),
    "front-matter-not-key-value": (
        {"content/pages/about.md": "---\njust text\n---\nText.\n"},
        ["content/pages/about.md:2:1: error: expected 'key: value' lines, got text"],
    ),
    # -- hostile input: one error at its line, nothing published -------------------------
    "yaml-billion-laughs": (
        site("area_km2: 28\n", 'area_km2: 28\na: &a ["lol","lol","lol","lol","lol","lol","lol",'
             '"lol","lol"]\n' + BILLION_LAUGHS),
        [f"{SITE}:6:4: error: {ANCHORS}"],
    ),
    "yaml-10000-levels": (
        site("area_km2: 28", "area_km2: " + "[" * 10_000 + "]" * 10_000),
        [f"{SITE}:5:60: error: values nested more than 50 levels deep: content needs only a few "
         "(look for brackets that are not closed, or runaway indentation)"],
    ),
    "yaml-10000-levels-in-a-translated-file": (  # its translation's digest read it too
        {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n"),
         "content/audiences.yaml": edit("action: Include AZE sites in strategies", "action: "
                                        + "[" * 5_000 + "]" * 5_000, AUDIENCES_YAML),
         "content/audiences.fr.yaml": "pages/act.md:\n  audience: Décideurs\n"},
        ["content/audiences.yaml:2:59: error: values nested more than 50 levels deep: content "
         "needs only a few (look for brackets that are not closed, or runaway indentation)"],
    ),
    "yaml-key-that-looks-like-a-date-but-is-none": (
        site("area_km2: 28\n", "area_km2: 28\n2018-13-45: x\n"),
        [f"{SITE}:6:1: error: unknown key '2018-13-45' {SITE_KEYS}"],
    ),
    "yaml-tag-that-does-not-fit-a-key": (
        site("area_km2: 28\n", "area_km2: 28\n!!int abc: x\n"),
        [f"{SITE}:6:1: error: the tag !!int does not fit 'abc': remove the tag"],
    ),
    "yaml-bool-tag-on-text": (
        site("name: Chapada do Araripe", "name: !!bool Chapada do Araripe"),
        [f"{SITE}:2:7: error: the tag !!bool does not fit 'Chapada do Araripe': remove the tag"],
    ),
    "yaml-null-tag-on-text": (  # PyYAML read it as nothing, without a word
        site("protection: partial", "protection: !!null partial"),
        [f"{SITE}:7:13: error: the tag !!null does not fit 'partial': remove the tag"],
    ),
    "yaml-list-tag-on-text": (
        site("status: CR", "status: !!seq CR"),
        [f"{SITE}:12:13: error: the tag !!seq does not fit 'CR': remove the tag"],
    ),
    "yaml-equals-sign-as-a-value": (  # YAML 1.1 reads a lone '=' as its 'value' tag
        site("protection: partial", "protection: ="),
        [f"{SITE}:7:13: error: protection: '=' is not a known protection level (expected full, "
         "none, partial)"],
    ),
    "nul-in-markdown-body": (
        {SITE: SITE_MD + "\nA NUL\0here.\n"},
        [f"{SITE}:19:6: error: {NUL}"],
    ),
    "control-character-in-markdown-body": (  # a feed that held it would not be XML
        {SITE: SITE_MD + "\nA form feed\fhere.\n"},
        [f"{SITE}:19:12: error: a control character (U+000C) in the text: delete it (it often "
         "comes from text copied out of another program)"],
    ),
    "control-character-in-a-translation-s-body": (  # not published: an escape sequence
        {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n"),
         "content/sites/chapada-do-araripe.fr.md": "---\nname: Chapada\n---\nUn \x1b[31mparc.\n"},
        ["content/sites/chapada-do-araripe.fr.md:4:4: error: a control character (U+001B) in the "
         "text: delete it (it often comes from text copied out of another program)"],
    ),
    "a-site-translation-s-front-matter-not-fields": (
        {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n"),
         "content/sites/chapada-do-araripe.fr.md": "---\njust some text\n---\nUn parc.\n"},
        ["content/sites/chapada-do-araripe.fr.md:2:1: error: expected the translation's fields "
         "(name, description, common_names) between the --- lines, each as 'key: value'"],
    ),
    "nul-in-yaml-file": (
        {"content/partners.yaml": PARTNERS_YAML.replace("Test Partner", "Test\0Partner")},
        [f"content/partners.yaml:1:13: error: {NUL}"],
    ),
    # -- text that is not UTF-8: the first bad byte, and how to fix it -------------------
    "windows-1252-markdown": (
        {SITE: edit("name: Chapada do Araripe", "name: Chapada do Araripé").encode("cp1252")},
        [f"{SITE}:2:24: error: this file is not UTF-8 text (byte 0xe9): save it as UTF-8 (in most "
         "editors: Save As, Encoding: UTF-8)"],
    ),
    "latin-1-yaml-after-a-utf8-bom": (
        {"content/partners.yaml": b"\xef\xbb\xbf" + PARTNERS_YAML.replace(
            "Test Partner", "Test Partn\xe9r").encode("latin-1")},
        ["content/partners.yaml:1:19: error: this file is not UTF-8 text (byte 0xe9): save it as "
         "UTF-8 (in most editors: Save As, Encoding: UTF-8)"],
    ),
    # -- unknown keys: the message names the key, the prefix where it is ------------------
    "unknown-key-near-miss": (
        site("protection: partial", "protecton: partial"),
        [f"{SITE}:7:1: error: unknown key 'protecton' (did you mean 'protection'?)"],
    ),
    "unknown-key-holding-a-right-to-left-override": (  # written out: it would turn the line
        site("protection: partial", "protec\u202etion: partial"),
        [f"{SITE}:7:1: error: unknown key 'protec\\u202etion' (did you mean 'protection'?)"],
    ),
    "required-key-misspelt": (  # one problem, one line: not also "'name' is required"
        site("name: Chapada do Araripe", "nmae: Chapada do Araripe"),
        [f"{SITE}:2:1: error: unknown key 'nmae' (did you mean 'name'?)"],
    ),
    "required-key-missing-beside-an-unknown-one": (
        site("name: Chapada do Araripe", "colour: red"),
        [f"{SITE}:2:1: error: 'name' is missing: add 'name: ...' with the site's name",
         f"{SITE}:2:1: error: unknown key 'colour' {SITE_KEYS}"],
    ),
    "unknown-key-in-a-news-item": (  # a field it does not have: the ones it has
        {"content/news/2018-11-13-update.md": "---\ntitle: The 2018 update\nauthor: Ana\n---\n"
                                              "853 sites.\n"},
        ["content/news/2018-11-13-update.md:3:1: error: unknown key 'author' (the keys allowed "
         "here: aliases, description, draft, hero, title, updated)"],
    ),
    "unknown-key-alone-in-a-news-item": (  # not taken for its title: a front matter has more
        {"content/news/2018-11-13-update.md": "---\nauthor: Ana\n---\n853 sites.\n"},
        ["content/news/2018-11-13-update.md:2:1: error: unknown key 'author' (the keys allowed "
         "here: aliases, description, draft, hero, title, updated)",
         "content/news/2018-11-13-update.md:2:1: error: 'title' is missing: add 'title: ...' "
         "with the page's title"],
    ),
    "key-written-in-the-translation-s-language": (  # as a translator writes it
        {"content/pages/about.md": "---\nT\u00edtulo: Acerca\n---\nTexto.\n"},
        ["content/pages/about.md:2:1: error: unknown key 'T\u00edtulo' (did you mean 'title'? Keys "
         "stay in English)"],
    ),
    "key-written-in-the-translation-s-language-for-the-other-kind": (  # a site has a name
        {"content/pages/about.md": "---\nnombre: Acerca\n---\nTexto.\n",
         SITE: SITE_MD.replace("name: Chapada", "titulo: Chapada")},
        ["content/pages/about.md:2:1: error: unknown key 'nombre' (did you mean 'title'? Keys "
         "stay in English)",
         f"{SITE}:2:1: error: unknown key 'titulo' (did you mean 'name'? Keys stay in English)"],
    ),
    "key-in-british-english": (  # English already: not told to write English
        {"content/images/images.yaml": IMAGES_YAML.replace("  license:", "  licence:")},
        ["content/images/images.yaml:4:3: error: hero.jpg: unknown key 'licence' (did you "
         "mean 'license'?)"],
    ),
    "key-written-with-an-accent": (
        {"content/images/images.yaml": IMAGES_YAML.replace("  credit:", "  cr\u00e9dit:")},
        ["content/images/images.yaml:3:3: error: hero.jpg: unknown key 'cr\u00e9dit' (did you "
         "mean 'credit'?)"],
    ),
    "unknown-key-in-place-of-a-menu-entry-s-url": (  # one line, not also "'url' is required"
        {"content/site.yaml": SITE_YAML.replace("url: /sites/", "link: /sites/")},
        ["content/site.yaml:7:20: error: nav[0]: unknown key 'link' (did you mean 'url'?)"],
    ),
    "null-key-in-place-of-a-menu-entry-s-title": (  # one line, not also the two required
        {"content/site.yaml": SITE_YAML.replace("{title: Sites, url: /sites/}", "{null: Sites}")},
        ["content/site.yaml:7:6: error: a key cannot be empty or null: a key is a name, such as "
         "title"],
    ),
    "menu-entry-written-as-its-title-and-address": (
        {"content/site.yaml": SITE_YAML.replace("{title: Sites, url: /sites/}", "Sites: /sites/")},
        ["content/site.yaml:7:5: error: nav[0]: unknown key 'Sites' ('title' and 'url' are "
         "required here)"],
    ),
    "unknown-key": (
        site("area_km2: 28", "area_km2: 28\ncolour: red"),
        [f"{SITE}:6:1: error: unknown key 'colour' {SITE_KEYS}"],
    ),
    "unknown-key-in-site-yaml": (
        {"content/site.yaml": SITE_YAML + "languge: en\n"},
        ["content/site.yaml:11:1: error: unknown key 'languge' (did you mean 'language'?)"],
    ),
    "control-character-written-as-an-escape": (  # it was published in <title> and headings
        site("name: Chapada do Araripe", 'name: "Chapada \\x1b[31m do Araripe"'),
        [f"{SITE}:2:7: error: name: a control character (U+001B) in the text, which no page "
         "can show: delete it (or the escape that writes it)"],
    ),
    "unknown-key-abbreviating-a-required-one": (  # one line, not also "'language' is missing"
        {"content/site.yaml": SITE_YAML.replace("language: en", "lang: en")},
        ["content/site.yaml:3:1: error: unknown key 'lang' (did you mean 'language'?)"],
    ),
    "unknown-key-abbreviating-a-site-field": (
        site("protection:", "prot:"),
        [f"{SITE}:7:1: error: unknown key 'prot' (did you mean 'protection'?)"],
    ),
    "unknown-key-of-the-second-species": (
        site("    status: CR\n", "    status: CR\n  - name: Araripe minor\n    comon_name: x\n"
             "    status: EN\n"),
        [f"{SITE}:14:5: error: species[1]: unknown key 'comon_name' (did you mean 'common_name'?)"],
    ),
    "nav-item-url": (
        {"content/site.yaml": edit("nav:\n  - {title: Sites, url: /sites/}",
                                   "nav: [{title: Sites, url: /sites/},\n  {title: Bad, url: 'ftp://x'}]",
                                   SITE_YAML)},
        ["content/site.yaml:7:21: error: nav[1].url: expected an http(s) URL or a path "
         "starting with '/', got 'ftp://x'"],
    ),
    # -- wrong types ------------------------------------------------------------------
    "number-as-text": (
        site("area_km2: 28", "area_km2: big"),
        [f"{SITE}:5:11: error: area_km2: expected a number, got 'big'"],
    ),
    "area-beyond-the-earth": (  # a number Babel cannot format would fail in a template
        site("area_km2: 28", "area_km2: 1.0e+300"),
        [f"{SITE}:5:11: error: area_km2: 1e+300 is more than 510,072,000 km², the Earth's surface"],
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
        [f"{SITE}:2:1: error: 'name' is missing: add 'name: ...' with the site's name"],
    ),
    "site-position-missing": (
        site("location: {lat: -7.25, lon: -39.45}\n", ""),
        [f"{SITE}:2:1: error: 'location' is missing: add 'location: ...' with the site's "
         "position in degrees, e.g. {lat: -7.25, lon: -39.45}"],
    ),
    "site-longitude-missing": (
        site("location: {lat: -7.25, lon: -39.45}", "location: {lat: -7.25}"),
        [f"{SITE}:4:11: error: location: 'lon' is missing: add 'lon: ...' with the longitude "
         "in degrees, e.g. -39.45"],
    ),
    "site-yaml-description-missing": (
        {"content/site.yaml": SITE_YAML.replace("description: A small test site.",
                                                 "# the description is to come")},
        ["content/site.yaml:1:1: error: 'description' is missing: add 'description: ...' with "
         "one sentence on what the site is about, shown in its footer and to search engines"],
    ),
    "menu-entry-without-its-address": (
        {"content/site.yaml": SITE_YAML.replace("{title: Sites, url: /sites/}", "{title: Sites}")},
        ["content/site.yaml:7:5: error: nav[0]: 'url' is missing: add 'url: ...' with the "
         "address it leads to, e.g. /about/"],
    ),
    "species-name-missing": (
        site("  - name: Antilophia bokermanni\n    common_name", "  - common_name"),
        [f"{SITE}:9:5: error: species[0]: 'name' is missing: add 'name: ...' "
         "with the species' scientific name"],
    ),
    "species-status-missing": (  # a published site's species each need one
        site("    status: CR\n", ""),
        [f"{SITE}:9:5: error: species[0]: 'status' is missing: add 'status: ...' "
         "with its IUCN Red List category (CR, EN or EW)"],
    ),
    "species-status-misspelt": (  # one problem, one line
        site("    status: CR", "    statsu: CR"),
        [f"{SITE}:12:5: error: species[0]: unknown key 'statsu' (did you mean 'status'?)"],
    ),
    "species-listed-twice": (  # a row of the spreadsheet pasted twice
        site("    status: CR\n", "    status: CR\n  - name: Antilophia  bokermanni\n"
             "    status: CR\n"),
        [f"{SITE}:13:11: error: species[1].name: 'Antilophia bokermanni' is already listed as "
         "species[0]: list each species once"],
    ),
    "species-listed-twice-written-two-ways": (  # one page, /species/antilophia-bokermanni/
        site("    status: CR\n", "    status: CR\n  - name: Antilophia Bokermanni\n"
             "    status: CR\n"),
        [f"{SITE}:13:11: error: species[1].name: 'Antilophia Bokermanni' is already listed as "
         "species[0] ('Antilophia bokermanni'): list each species once"],
    ),
    "species-written-two-ways-at-two-sites": (  # said at its line, not at a page of no file
        {"content/sites/other.md": edit("Antilophia bokermanni", "Antilophia bokermánni",
                                        SITE_MD.replace("Chapada do Araripe", "Other"))},
        ["content/sites/other.md:9:11: error: species[0].name: 'Antilophia bokermánni' is "
         f"written 'Antilophia bokermanni' at {SITE}, and both would be the page "
         "/species/antilophia-bokermanni/: write the name the same way in both"],
    ),
    "species-sensitive-at-one-site-written-two-ways-at-another": (
        {XICHU: SENSITIVE_MD,
         "content/sites/other.md": edit("Mammillaria marcosii", "Mammillaria Marcosii",
                                        SENSITIVE_MD.replace("Xichu", "Other")
                                        .replace("    sensitive: true\n", "")
                                        .replace("lat: 21.2987", "lat: 25.2987"))},
        [f"{XICHU}:8:11: error: species[0].name: 'Mammillaria marcosii' is written "
         "'Mammillaria Marcosii' at content/sites/other.md, and both would be the page "
         "/species/mammillaria-marcosii/: write the name the same way in both",
         "content/sites/other.md:8:11: error: species[0].name: 'Mammillaria Marcosii' is "
         f"sensitive at {XICHU}: add 'sensitive: true' here too, or this site's exact "
         "position would be published"],
    ),
    # -- one problem does not hide another: each said in one run, once, and nothing more --
    "species-status-missing-beside-another-species-bad-status": (
        site("    status: CR\n", "  - name: Araripe minor\n    status: VU\n"),
        [f"{SITE}:9:5: error: species[0]: 'status' is missing: add 'status: ...' "
         "with its IUCN Red List category (CR, EN or EW)",
         f"{SITE}:13:13: error: species[1].status: 'VU' (Vulnerable) does not qualify a "
         "species as an AZE trigger (expected CR, EN or EW)"],
    ),
    "draft-species-without-status-beside-another-species-bad-group": (
        {SITE: edit("    status: CR\n", "  - name: Araripe minor\n    group: bugs\n"
                    "    status: CR\n", SITE_MD).replace("---\n## Why", "draft: true\n---\n## Why")},
        [f"{SITE}:9:5: warning: species[0]: no Red List 'status' yet (CR, EN or EW): the "
         "species is left out until it has one, and the site cannot be published without it",
         f"{SITE}:13:12: error: species[1].group: 'bugs' is not a known taxonomic group "
         "(expected amphibians, birds, corals, crustaceans, fishes, fungi, insects, mammals, "
         "molluscs, other-invertebrates, plants, reptiles)"],
    ),
    "species-listed-twice-beside-another-species-without-status": (
        site("    status: CR\n", "    status: CR\n  - name: Antilophia bokermanni\n"
             "    status: CR\n  - name: Araripe minor\n"),
        [f"{SITE}:13:11: error: species[1].name: 'Antilophia bokermanni' is already listed as "
         "species[0]: list each species once",
         f"{SITE}:15:5: error: species[2]: 'status' is missing: add 'status: ...' "
         "with its IUCN Red List category (CR, EN or EW)"],
    ),
    "criterion-listed-twice-beside-an-unknown-one": (
        site("criteria: [A1e]", "criteria: [A1e, A1e, B9]"),
        [f"{SITE}:6:17: error: criteria[1]: 'A1e' is listed twice: delete one of the two",
         f"{SITE}:6:22: error: criteria[2]: 'B9' is not a known KBA criterion of "
         "content/criteria.yaml (expected A1a, A1e)"],
    ),
    "placeholder-text-of-a-page-beside-a-bad-date": (
        {"content/pages/about.md": "---\ntitle: About\nupdated: 2018-13-45\n---\n"
         "Write the text here, in Markdown.\n"},
        ["content/pages/about.md:3:10: error: updated: '2018-13-45' is no date: there is no "
         "month 13 (months go from 01 to 12)",
         "content/pages/about.md:5:1: warning: the placeholder text of 'aze-site new' is still "
         "here: write the page's own text"],
    ),
    "sensitive-site-position-in-its-text-beside-a-bad-group": (
        {"content/sites/xichu.md": SENSITIVE_MD.replace("group: plants", "group: cacti")
         .replace("A cactus site.", "A cactus site at 21.2987.")},
        ["content/sites/xichu.md:9:12: error: species[0].group: 'cacti' is not a known "
         "taxonomic group (expected amphibians, birds, corals, crustaceans, fishes, fungi, "
         "insects, mammals, molluscs, other-invertebrates, plants, reptiles)",
         "content/sites/xichu.md:13:18: error: '21.2987' is the site's precise latitude, which "
         "stays unpublished since a species here is sensitive: give the position in whole "
         "degrees at most, or leave it out"],
    ),
    # a value not read says nothing more: a species whose misspelt 'status' is not also
    # missing, a site whose misspelt 'draft' does not make it a published site without
    # species, a position not said to be far from a list of countries one of which is unknown
    "misspelt-status-beside-another-species-bad-status": (
        site("    status: CR\n", "    statsu: CR\n  - name: Araripe minor\n    status: VU\n"),
        [f"{SITE}:12:5: error: species[0]: unknown key 'statsu' (did you mean 'status'?)",
         f"{SITE}:14:13: error: species[1].status: 'VU' (Vulnerable) does not qualify a "
         "species as an AZE trigger (expected CR, EN or EW)"],
    ),
    "misspelt-draft-of-a-site-without-species": (
        {XICHU: "---\nname: Xichu\niso3: MEX\nlocation: {lat: 21, lon: -100}\ndrfat: true\n"
         "---\nText.\n"},
        [f"{XICHU}:5:1: error: unknown key 'drfat' (did you mean 'draft'?)"],
    ),
    "position-far-from-a-list-of-countries-with-an-unknown-one": (
        site("iso3: BRA\nlocation: {lat: -7.25, lon: -39.45}",
             "iso3: [BRA, XXX]\nlocation: {lat: -7.25, lon: 39.45}"),
        [f"{SITE}:3:13: error: iso3[1]: 'XXX' is not an ISO 3166-1 alpha-3 country code"],
    ),
    # the same in site.yaml and the data files: their checks beyond the schema run on
    # what could be read, and say nothing of a misspelt key or an unknown value
    "site-yaml-bad-menu-address-beside-data-without-licence": (
        {"content/site.yaml": edit("url: /sites/", "url: 'ftp://x'", SITE_YAML)
         + "data: {citation: Test Alliance}\n"},
        ["content/site.yaml:7:25: error: nav[0].url: expected an http(s) URL or a path "
         "starting with '/', got 'ftp://x'",
         "content/site.yaml:11:7: warning: data: 'license' is missing, so the downloads say \"See "
         "the site's terms\": add data: {license: ...} saying on what terms the data may be "
         "reused"],
    ),
    "site-yaml-bad-title-beside-a-language-listed-twice-and-tiles-without-attribution": (
        {"content/site.yaml": edit("language: en\n", "languages: [en, fr, fr]\n",
                                   edit("title: Test Alliance", "title: [Test]", SITE_YAML))
         + "map: {tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'}\n"},
        ["content/site.yaml:1:8: error: title: expected text, got a list",
         "content/site.yaml:3:21: error: languages[2]: 'fr' is listed twice: delete one of the "
         "two",
         "content/site.yaml:11:14: warning: map.tiles: a tile source without 'attribution': "
         "most tile licences require one"],
    ),
    "site-yaml-language-not-first-beside-a-bad-language": (
        {"content/site.yaml": edit("language: en", "language: fr", SITE_YAML)
         + "languages: [en, 42x]\n"},
        ["content/site.yaml:3:11: error: language: 'fr' is not the first of 'languages' (en): "
         "keep one of the two, the default language first",
         "content/site.yaml:11:17: error: languages[1]: expected a language tag such as 'en' or "
         "'pt-BR', got '42x'"],
    ),
    "site-yaml-menu-entry-pasted-twice": (  # said once, at the address
        {"content/site.yaml": edit("  - {title: Sites, url: /sites/}",
                                   "  [{title: Sites, url: /sites/}, {title: sites, url: /sites}]",
                                   SITE_YAML)},
        ["content/site.yaml:7:54: error: nav[1].url: nav[0] has this address too: list each "
         "link once in the menu (or correct one of the two)"],
    ),
    "site-yaml-menu-title-given-twice": (
        {"content/site.yaml": edit("  - {title: Sites, url: /sites/}",
                                   "  [{title: Sites, url: /sites/}, {title: Sites, url: /news/}]",
                                   SITE_YAML)},
        ["content/site.yaml:7:42: error: nav[1].title: nav[0] has this title too: list each "
         "link once in the menu (or correct one of the two)"],
    ),
    "site-yaml-social-account-given-twice": (
        {"content/site.yaml": SITE_YAML + "footer:\n  social:\n"
         "    - {name: Mastodon, url: 'https://mastodon.social/@aze'}\n"
         "    - {name: Bluesky, url: 'https://mastodon.social/@aze'}\n"},
        ["content/site.yaml:14:28: error: footer.social[1].url: footer.social[0] has this "
         "address too: list each link once in the footer (or correct one of the two)"],
    ),
    "site-yaml-menu-address-with-a-space": (  # it starts with '/': the space is said
        {"content/site.yaml": edit("url: /sites/", "url: /our sites/", SITE_YAML)},
        ["content/site.yaml:7:25: error: nav[0].url: '/our sites/' has a space, a quote or an "
         "angle bracket in it, which no address can hold: remove it (or write a space as %20)"],
    ),
    "site-yaml-form-address-with-a-space": (
        {"content/site.yaml": edit("https://forms.example.net/submit",
                                   "'https://forms.zero-test.org/sub mit'", SITE_YAML)},
        ["content/site.yaml:9:15: error: forms.submit_url: 'https://forms.zero-test.org/sub "
         "mit' has a space, a quote or an angle bracket in it, which no address can hold: "
         "remove it (or write a space as %20)"],
    ),
    "site-yaml-data-written-datum": (  # its licence is not said missing too: see below
        {"content/site.yaml": SITE_YAML + "datum:\n  license: CC BY 4.0\n"},
        ["content/site.yaml:11:1: error: unknown key 'datum' (did you mean 'data'?)"],
    ),
    "site-yaml-misspelt-language-and-licence": (
        {"content/site.yaml": edit("language: en", "langauge: en", SITE_YAML)
         + "data: {licence: CC0 1.0}\n"},
        ["content/site.yaml:3:1: error: unknown key 'langauge' (did you mean 'language'?)",
         "content/site.yaml:11:8: error: data: unknown key 'licence' (did you mean 'license'?)"],
    ),
    "site-yaml-no-language-listed": (
        {"content/site.yaml": edit("language: en", "languages: []", SITE_YAML)},
        ["content/site.yaml:3:12: error: languages: lists no language: give at least one"],
    ),
    "site-yaml-menu-written-as-key-value-entries": (
        {"content/site.yaml": edit("  - {title: Sites, url: /sites/}", "  Sites: /sites/",
                                   SITE_YAML)},
        [f"content/site.yaml:7:3: error: nav: expected a list, got 'key: value' entries: "
         f"{LIST_FIX}"],
    ),
    "site-yaml-update-url-with-a-misspelt-placeholder": (  # not 'has no {slug} placeholder'
        {"content/site.yaml": edit("site={slug}", "site={slg}", SITE_YAML)},
        ["content/site.yaml:10:15: error: forms.update_url: '{slg}' is not a placeholder "
         "aze-site fills in: write '{slug}', the one allowed here (each site's link has it "
         "replaced by the site's name in its address, e.g. chapada-do-araripe)"],
    ),
    "site-yaml-update-url-with-another-placeholder-beside-slug": (  # not 'write {slug}'
        {"content/site.yaml": edit("site={slug}", "site={slug}&lang={lang}", SITE_YAML)},
        ["content/site.yaml:10:15: error: forms.update_url: '{lang}' is not a placeholder "
         "aze-site fills in: take it out, '{slug}' is the one allowed here (each site's link "
         "has it replaced by the site's name in its address, e.g. chapada-do-araripe)"],
    ),
    "site-yaml-social-account-in-the-footer-as-a-link": (
        {"content/site.yaml": SITE_YAML + "footer:\n  facebook: https://www.facebook.com/aze\n"},
        ["content/site.yaml:12:3: error: footer: unknown key 'facebook': social accounts go in "
         "the list under 'social:' (social: [{name: Facebook, url: https://...}])"],
    ),
    "site-yaml-social-account-in-the-footer-in-capitals": (  # as the network writes its name
        {"content/site.yaml": SITE_YAML + "footer:\n  Facebook: https://www.facebook.com/aze\n"},
        ["content/site.yaml:12:3: error: footer: unknown key 'Facebook': social accounts go in "
         "the list under 'social:' (social: [{name: Facebook, url: https://...}])"],
    ),
    "site-yaml-social-account-outside-the-footer-in-capitals": (
        {"content/site.yaml": SITE_YAML + "LinkedIn: https://www.linkedin.com/company/aze\n"},
        ["content/site.yaml:11:1: error: unknown key 'LinkedIn': social accounts go under "
         "'footer:', in its list 'social:' (footer: {social: [{name: LinkedIn, url: "
         "https://...}]})"],
    ),
    "site-yaml-social-accounts-outside-the-footer": (  # not "did you mean 'social_cards'?"
        {"content/site.yaml": SITE_YAML + "social: [{name: X, url: 'https://x.com/aze'}]\n"},
        ["content/site.yaml:11:1: error: unknown key 'social': social accounts go under "
         "'footer:', in its list 'social:' (footer: {social: [{name: Facebook, url: "
         "https://...}]})"],
    ),
    "site-yaml-misspelt-attribution-of-tiles": (
        {"content/site.yaml": SITE_YAML + "map:\n  tiles: https://tile.openstreetmap.org/"
         "{z}/{x}/{y}.png\n  atribution: OSM\n"},
        ["content/site.yaml:13:3: error: map: unknown key 'atribution' (did you mean "
         "'attribution'?)"],
    ),
    "criterion-code-repeated-beside-a-bad-title": (
        {"content/criteria.yaml": edit("code: A1e\n      title: Entire population",
                                       "code: A1a\n      title: [Entire population]",
                                       CRITERIA_YAML)},
        ["content/criteria.yaml:7:13: error: category[0].criteria[1].code: duplicate criterion "
         "code 'A1a': each criterion is defined once, so delete one of the two or give it a "
         "code of its own",
         "content/criteria.yaml:8:14: error: category[0].criteria[1].title: expected text, got "
         "a list"],
    ),
    "site-yaml-menu-leading-nowhere-beside-a-bad-title": (  # the menu was said after a fix
        {"content/site.yaml": SITE_YAML.replace("title: Test Alliance", "title: [Test]")
         .replace("url: /sites/}", "url: /sits/}") + "footer:\n  privacy: /privacy/\n"},
        ["content/site.yaml:1:8: error: title: expected text, got a list",
         "content/site.yaml:7:25: error: nav[0].url: /sits/ leads nowhere: no page has this "
         "address (did you mean '/sites/'?)",
         "content/site.yaml:12:12: error: footer.privacy: /privacy/ leads nowhere: no page has "
         "this address: write the address of one of the site's pages, e.g. /about/ for "
         "content/pages/about.md"],
    ),
    "site-yaml-menu-in-another-language-beside-a-bad-title": (  # its pages are not made
        {"content/site.yaml": SITE_YAML.replace("title: Test Alliance", "title: [Test]")
         .replace("language: en", "languages: [en, es]")
         .replace("url: /sites/}", "url: /es/sites/}")},
        ["content/site.yaml:1:8: error: title: expected text, got a list"],
    ),
    "site-yaml-menu-unchecked-beside-a-bad-language": (  # its addresses depend on them
        {"content/site.yaml": SITE_YAML.replace("language: en", "language: zz")
         .replace("url: /sites/}", "url: /sits/}")},
        ["content/site.yaml:3:11: error: language: 'zz' is not a language aze-site can publish "
         "in (it has no dates, numbers or names for it): use a language tag such as 'es', 'fr' "
         "or 'pt-BR'"],
    ),
    "criterion-code-repeated-in-other-letters": (  # both were published, at one anchor
        {"content/criteria.yaml": edit("code: A1e", "code: A1A", CRITERIA_YAML)},
        ["content/criteria.yaml:7:13: error: category[0].criteria[1].code: duplicate criterion "
         "code 'A1A' (the same as 'A1a': codes differ by more than case): each criterion is "
         "defined once, so delete one of the two or give it a code of its own"],
    ),
    "category-code-repeated": (  # both were published, at one anchor
        {"content/criteria.yaml": CRITERIA_YAML + CRITERIA_YAML.replace("A1a", "B1")
         .replace("A1e", "B2")},
        ["content/criteria.yaml:10:9: error: category[1].code: duplicate category code 'A': "
         "each category is defined once, so delete one of the two or give it a code of its own"],
    ),
    "criterion-code-misspelt-before-the-same-code": (
        {"content/criteria.yaml": edit("- code: A1e", "- cod: A1a", CRITERIA_YAML)
         .replace("- code: A1a", "- code: A1e", 1)},
        ["content/criteria.yaml:7:7: error: category[0].criteria[1]: unknown key 'cod' (did you "
         "mean 'code'?)"],
    ),
    "partners-sharing-an-anchor-beside-a-bad-address": (
        {"content/partners.yaml": PARTNERS_YAML + "- name: Two Partners\n  short_name: TP\n"
         "  url: https://partner.example.org\n- name: Third\n  url: ftp://x\n"},
        ["content/partners.yaml:5:15: error: partner[1].short_name: partner[0] has the same short "
         "name (both would be #tp on the partners page): give each partner its own",
         "content/partners.yaml:6:8: warning: partner[1].url: 'https://partner.example.org' is a "
         "reserved example address (example.org), not a real one: write the partner's real "
         "website",
         "content/partners.yaml:8:8: error: partner[2].url: expected an absolute http(s) URL, "
         "got 'ftp://x'"],
    ),
    "partner-given-twice-with-its-short-name-once": (  # not published twice
        {"content/partners.yaml": PARTNERS_YAML + "- name: Test  partner\n"
         "  url: https://test-partner.org\n"},
        ["content/partners.yaml:4:9: error: partner[1].name: partner[0] has the same name: "
         "list each partner once (or correct one of the two)"],
    ),
    "partner-website-given-twice": (
        {"content/partners.yaml": "- name: One\n  url: https://test-partner.org\n"
         "- name: Two\n  url: https://test-partner.org/\n"},
        ["content/partners.yaml:4:8: error: partner[1].url: partner[0] has the same website: "
         "list each partner once (or correct one of the two)"],
    ),
    "partner-pasted-twice-is-said-once": (
        {"content/partners.yaml": 2 * "- name: One\n  short_name: O\n  url: https://one.org\n"},
        ["content/partners.yaml:4:9: error: partner[1].name: partner[0] has the same name: "
         "list each partner once (or correct one of the two)"],
    ),
    "photo-entry-pasted-twice": (  # one line at the repeat, saying where the first is
        {"content/images/images.yaml": 2 * IMAGES_YAML},
        ["content/images/images.yaml:5:1: error: 'hero.jpg' is already listed at line 1: "
         "delete one of the two (or rename this one, if it is another)"],
    ),
    "lines-of-a-photo-entry-pasted-twice": (  # one line for them all, not one for each
        {"content/images/images.yaml": IMAGES_YAML + IMAGES_YAML.partition("\n")[2]},
        ["content/images/images.yaml:5:3: error: 'alt' and the 2 keys after it are already "
         "listed, from line 2: delete this copy of them"],
    ),
    "images-yaml-emptied-beside-photos": (  # said once, not at every page using a photo
        {"content/images/images.yaml": "# to do\n"},
        ["content/images/images.yaml:1:1: error: the file is empty: it should give each photo "
         "of content/images/ (hero.jpg) its alt text and credit (restore it, e.g. from the "
         "project's history)"],
    ),
    "images-yaml-deleted-beside-photos-and-its-translation": (
        {"content/images/images.yaml": None, "content/site.yaml": edit(
            "language: en", "languages: [en, es]", SITE_YAML),
         "content/images/images.es.yaml": "hero.jpg:\n  alt: Un paisaje\n"},
        ["content/images/images.yaml: error: file is missing: it should give each photo of "
         "content/images/ (hero.jpg) its alt text and credit (restore it, e.g. from the "
         "project's history)"],
    ),
    "site-address-without-its-scheme": (
        {"content/site.yaml": SITE_YAML.replace("https://test.example.org/", "test.example.org/")},
        ["content/site.yaml:2:11: error: base_url: expected an absolute http(s) URL, got "
         "'test.example.org/': write https://test.example.org/"],
    ),
    "partner-address-without-its-scheme": (
        {"content/partners.yaml": PARTNERS_YAML + "- name: Third\n  url: //www.third.org/aze\n"},
        ["content/partners.yaml:5:8: error: partner[1].url: expected an absolute http(s) URL, "
         "got '//www.third.org/aze': write https://www.third.org/aze"],
    ),
    "addresses-with-a-colon-and-no-port": (  # as base_url's, in every field of an address
        {"content/site.yaml": edit("https://test.example.org/", "https://zero-test.org:/",
                                   SITE_YAML)
         .replace("url: /sites/", "url: HTTPS://Sites.Zero-Test.ORG:/")
         .replace("https://forms.example.net/submit", "https://forms.zero-test.org:/submit"),
         "content/partners.yaml": PARTNERS_YAML.replace("https://partner.example.org",
                                                        "HTTP://Partner.Zero-Test.ORG:/Aze")},
        ["content/partners.yaml:3:8: error: partner[0].url: 'HTTP://Partner.Zero-Test.ORG:/Aze' "
         "has a ':' with no port after it: remove the ':' for the usual port, or write the port "
         "after it, a number from 1 to 65535",
         "content/site.yaml:2:11: error: base_url: 'https://zero-test.org:/' has a ':' with no "
         "port after it: remove the ':' for the usual port, or write the port after it, a number "
         "from 1 to 65535",
         "content/site.yaml:7:25: error: nav[0].url: 'HTTPS://Sites.Zero-Test.ORG:/' has a ':' "
         "with no port after it: remove the ':' for the usual port, or write the port after it, "
         "a number from 1 to 65535",
         "content/site.yaml:9:15: error: forms.submit_url: 'https://forms.zero-test.org:/submit' "
         "has a ':' with no port after it: remove the ':' for the usual port, or write the port "
         "after it, a number from 1 to 65535"],
    ),
    "default-hero-written-as-a-page-s": (
        {"content/site.yaml": SITE_YAML.replace("hero: {image: hero.jpg}", "hero: hero.jpg")},
        ["content/site.yaml:5:7: error: hero: in site.yaml the photo is given as image: write "
         "hero: {image: hero.jpg}"],
    ),
    "partner-short-name-misspelt-as-anothers": (
        {"content/partners.yaml": PARTNERS_YAML.replace("short_name: TP", "shortname: TP")
         + "- name: TP\n  url: https://tp.example.org\n"},  # its own website
        ["content/partners.yaml:2:3: error: partner[0]: unknown key 'shortname' (did you mean "
         "'short_name'?)",
         "content/partners.yaml:5:8: warning: partner[1].url: 'https://tp.example.org' is a "
         "reserved example address (example.org), not a real one: write the partner's real "
         "website"],
    ),
    "audiences-leading-to-the-same-page-beside-an-empty-link-text": (
        {"content/audiences.yaml": AUDIENCES_YAML + AUDIENCES_YAML.replace(
            "Government resources", "''").replace("Policy makers", "Scientists")},
        ["content/audiences.yaml:7:14: error: audience[1].link_text: must not be empty",
         "content/audiences.yaml:8:9: error: audience[1].page: audience[0] leads to this page "
         "too: each call to action leads to a page of its own"],
    ),
    "audiences-of-the-same-name-leading-to-other-pages": (  # the home page would show both
        {"content/audiences.yaml": AUDIENCES_YAML + edit("pages/act.md", "pages/partners.md",
                                                         AUDIENCES_YAML)},
        [f"content/audiences.yaml:5:13: error: audience[1].audience: {SAME_AUDIENCE}"],
    ),
    "audience-pasted-twice-is-said-once": (  # at its name, not its page as well
        {"content/audiences.yaml": 2 * AUDIENCES_YAML},
        [f"content/audiences.yaml:5:13: error: audience[1].audience: {SAME_AUDIENCE}"],
    ),
    "audiences-leading-to-the-same-unknown-page": (
        {"content/audiences.yaml": (AUDIENCES_YAML * 2).replace("pages/act.md", "pages/nope.md")},
        ["content/audiences.yaml:4:9: error: audience[0].page: 'pages/nope.md' is not a page "
         "(did you mean 'pages/index.md'?)",
         f"content/audiences.yaml:5:13: error: audience[1].audience: {SAME_AUDIENCE}",
         "content/audiences.yaml:8:9: error: audience[1].page: 'pages/nope.md' is not a page "
         "(did you mean 'pages/index.md'?)"],
    ),
    # -- references to other content ---------------------------------------------------
    "criterion-not-in-criteria-yaml": (
        site("criteria: [A1e]", "criteria: [A1e, B9]"),
        [f"{SITE}:6:17: error: criteria[1]: 'B9' is not a known KBA criterion of content/criteria.yaml "
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
    "link-to-an-anchor-in-other-letters": (  # anchors are made in small letters
        {SITE: SITE_MD + "\nSee [policy](../pages/act.md#Policy).\n"},
        [f"{SITE}:19:14: error: link '../pages/act.md#Policy': no anchor #Policy on /act/ (did "
         "you mean #policy?)"],
    ),
    "link-to-a-file-in-other-letters": (  # a computer that ignores letters' case finds it
        {SITE: SITE_MD + "\nSee [the act](../pages/Act.md).\n"},
        [f"{SITE}:19:15: error: link '../pages/Act.md': content/pages/Act.md does not exist "
         "(did you mean '../pages/act.md'?)"],
    ),
    "link-to-a-file-in-other-letters-escaped": (  # the hint as it is read, not as written
        {SITE: SITE_MD + "\nSee [the act](../pages/%41ct.md).\n"},
        [f"{SITE}:19:15: error: link '../pages/%41ct.md': content/pages/Act.md does not exist "
         "(did you mean '../pages/act.md'?)"],
    ),
    "link-to-a-translation-in-other-letters": (  # not named: a link to it is an error too
        {SITE: SITE_MD + "\nSee [the act](../pages/Act.FR.md).\n",
         "content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n"),
         "content/pages/act.fr.md": "---\ntitle: Agir\n---\nTexte.\n"},
        [f"{SITE}:19:15: error: link '../pages/Act.FR.md': content/pages/Act.FR.md does not "
         "exist"],
    ),
    "link-to-a-page-by-its-file-without-md": (
        {SITE: SITE_MD + "\nSee [the act](../pages/act) or [it](../pages/act/).\n"},
        [f"{SITE}:19:15: error: link '../pages/act': link content files by their .md path, or "
         "other pages by a URL starting with '/' (did you mean '../pages/act.md'?)",
         f"{SITE}:19:37: error: link '../pages/act/': link content files by their .md path, or "
         "other pages by a URL starting with '/' (did you mean '../pages/act.md'?)"],
    ),
    "link-to-a-mistyped-anchor": (  # a heading's anchor, a letter out
        {SITE: SITE_MD + "\nSee [why](#why-it-maters).\n"},
        [f"{SITE}:19:11: error: link '#why-it-maters': no anchor #why-it-maters on "
         "/sites/chapada-do-araripe/ (did you mean #why-it-matters?)"],
    ),
    "link-to-a-heading-in-another-script-by-its-words": (  # its id is in ASCII
        {SITE: SITE_MD + f"\n## {HEBREW_WORD}\n\nSee [it](#{HEBREW_WORD}).\n"},
        [f"{SITE}:21:10: error: link '#{HEBREW_WORD}': no anchor #{HEBREW_WORD} on "
         "/sites/chapada-do-araripe/ (did you mean #vryt?)"],
    ),
    "link-to-missing-url": (
        {SITE: SITE_MD + "\nSee [x](/nowhere/).\n"},
        [f"{SITE}:19:9: error: link '/nowhere/': no page at /nowhere/"],
    ),
    "link-to-a-mistyped-url": (  # a letter slipped: the address meant is named
        {SITE: SITE_MD + "\nSee [all](/sitez/) and [it](/sites/chapada-do-ararpe).\n"},
        [f"{SITE}:19:11: error: link '/sitez/': no page at /sitez/ (did you mean '/sites/'?)",
         f"{SITE}:19:29: error: link '/sites/chapada-do-ararpe': no page at "
         "/sites/chapada-do-ararpe (did you mean '/sites/chapada-do-araripe/'?)"],
    ),
    "link-to-an-old-address": (  # the page renamed, its old address kept as an alias
        {SITE: SITE_MD + "\nSee [Xichu](/sites/xichu-old/) and [it](/es/sites/xichu-old).\n",
         "content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, es]\n"),
         XICHU: SENSITIVE_MD.replace("protection: none", "protection: none\n"
                                     "aliases: [/sites/xichu-old/]")},
        [f"{SITE}:19:13: error: link '/sites/xichu-old/': /sites/xichu-old/ is an old address "
         "(alias) of content/sites/xichu.md, which only sends readers on: link its page, "
         "/sites/xichu/",
         f"{SITE}:19:41: error: link '/es/sites/xichu-old': /es/sites/xichu-old is an old "
         "address (alias) of content/sites/xichu.md, which only sends readers on: link its "
         "page, /es/sites/xichu/"],
    ),
    "menu-entry-to-an-old-address": (
        {"content/site.yaml": SITE_YAML.replace("url: /sites/", "url: /sites/xichu-old/"),
         XICHU: SENSITIVE_MD.replace("protection: none", "protection: none\n"
                                     "aliases: [/sites/xichu-old/]")},
        ["content/site.yaml:7:25: error: nav[0].url: /sites/xichu-old/ leads nowhere: this is "
         "an old address (alias) of content/sites/xichu.md: write its page's, /sites/xichu/"],
    ),
    "link-to-a-draft": (
        {SITE: SITE_MD + "\nSee [the act](../pages/act.md).\n",
         "content/pages/act.md": "---\ntitle: Act\ndraft: true\n---\nText.\n"},
        [f"{SITE}:19:15: error: link '../pages/act.md': content/pages/act.md is a draft, not "
         "published: publish it (draft: false) or remove the link",
         "content/audiences.yaml:4:9: warning: audience[0].page: content/pages/act.md is a "
         "draft: published without --drafts, this call to action shows no button until the "
         "page is (draft: false)"],  # the fixture's call to action leads there too
    ),
    "footnote-labels-with-markup-characters-are-not-broken-links": (
        {SITE: SITE_MD + '\nA[^a&b] and[^c"d] and[^e<f].\n\n[^a&b]: One.\n[^c"d]: Two.\n'
         "[^e<f]: Three.\n\nSee [x](/nowhere/).\n"},
        [f"{SITE}:25:9: error: link '/nowhere/': no page at /nowhere/"],
    ),
    "raw-html-links-are-checked-at-their-line": (
        {SITE: SITE_MD + '\n<a href="/nowhere/">a</a> <a href="act/">b</a> '
         '<img src="../images/hero.jpg" alt="c"> <a href="#nope">d</a>\n'},
        [f"{SITE}:19:10: error: link '/nowhere/': no page at /nowhere/",
         f"{SITE}:19:36: error: link 'act/' in HTML: link pages by their address starting with "
         "'/', or write the link in Markdown, [text](../sites/name.md)",
         f"{SITE}:19:58: error: photo '../images/hero.jpg' in HTML: show photos in Markdown, "
         "![text](../images/photo.jpg), so they are shown with their credit",
         f"{SITE}:19:96: error: link '#nope': no anchor #nope on /sites/chapada-do-araripe/"],
    ),
    "lists-nested-too-deeply": (
        {SITE: SITE_MD + "\nText " + "*" * 2000 + "a" + "*" * 2000 + "\n\n" + "- " * 2000 + "b\n"},
        [f"{SITE}:21:1: error: this text nests emphasis, links, lists or quotes too deeply to be "
         "read: look for a long run of '*', '_', '[', '>' or '- ' characters"],
    ),
    "template-error-at-run-time": (
        {"templates/page.html": "{% extends 'base.html' %}{% block main %}{{ 1/0 }}"
         "{% block after_body %}{% endblock %}{% endblock %}"},
        ["templates/page.html:1: error: template error: division by zero"],
    ),
    "nav-item-of-another-site-without-its-scheme": (
        {"content/site.yaml": edit("nav:\n  - {title: Sites, url: /sites/}",
                                   "nav: [{title: Sites, url: /sites/},\n  "
                                   "{title: Elsewhere, url: '//example.org/x'}]", SITE_YAML)},
        ["content/site.yaml:7:27: error: nav[1].url: '//example.org/x' leads to another "
         "site: write it in full, starting with https://"],
    ),
    "yaml-merge-key": (
        site("area_km2: 28", "<<: {area_km2: 28}"),
        [f"{SITE}:5:1: error: '<<' (merging in another entry) is not supported: write each key out"],
    ),
    "yaml-null-key": (
        site("area_km2: 28", "null: 28"),
        [f"{SITE}:5:1: error: a key cannot be empty or null: a key is a name, such as title"],
    ),
    "yaml-list-key": (
        site("area_km2: 28", "? [a, b]\n: 28"),
        [f"{SITE}:5:3: error: a key cannot be a list: a key is a name, such as title"],
    ),
    "yaml-mapping-key": (
        site("area_km2: 28", "? {a: b}\n: 28"),
        [f"{SITE}:5:3: error: a key cannot be 'key: value' entries: a key is a name, such as title"],
    ),
    "number-yaml-reads-as-text": (  # YAML 1.1 wants 1.0e+3
        site("area_km2: 28", "area_km2: 1e3"),
        [f"{SITE}:5:11: error: area_km2: '1e3' is read as text, not a number: write it with its "
         "digits (1000), or as a decimal with a signed exponent (1.0e+3)"],
    ),
    "a-long-value-is-cut-in-its-message": (
        site("area_km2: 28", "area_km2: " + "x" * 100_000),
        [f"{SITE}:5:11: error: area_km2: expected a number, got '{'x' * 59}…'"],
    ),
    "number-in-quotes": (
        site("area_km2: 28", 'area_km2: "28"'),
        [f"{SITE}:5:11: error: area_km2: expected a number without quotes, got '28'"],
    ),
    # -- output collisions --------------------------------------------------------------
    "page-collides-with-site-index": (  # a link to the index's anchor says nothing more
        {"content/pages/sites.md": "---\ntitle: Sites\n---\nText.\n",
         "content/pages/more.md": "---\ntitle: More\n---\nThe [tables](/sites/#downloads).\n"},
        ["content/pages/sites.md:1:1: error: this is published as sites/index.html, which is also "
         "published from the sites page: rename this file"],
    ),
    "page-collides-with-the-credits-page-in-every-language": (  # one error, not eight
        {"content/pages/credits.md": "---\ntitle: Credits\n---\nText.\n",
         "content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, es]\n")},
        ["content/pages/credits.md:1:1: error: this is published as credits/index.html, which is "
         "also published from the credits page: rename this file"],
    ),
    # -- photos: an entry that keeps its photo from being published, once, at the entry,
    # with the files that use it (however many they are) --------------------------------
    "photo-without-credit": (
        {"content/images/images.yaml": edit("  credit: Test Illustrator\n", "", IMAGES_YAML)},
        [f"content/images/images.yaml:1:1: error: photo 'hero.jpg' has no credit: {NO_CREDIT} "
         "(used in content/site.yaml)"],
    ),
    "photo-without-alt": (
        {"content/images/images.yaml": edit("  alt: A drawn landscape\n", "", IMAGES_YAML)},
        [f"content/images/images.yaml:1:1: error: photo 'hero.jpg' has no alt: {NO_CREDIT} "
         "(used in content/site.yaml)"],
    ),
    "photo-without-credit-used-in-four-files": (
        {"content/images/images.yaml": edit("  credit: Test Illustrator\n", "", IMAGES_YAML),
         SITE: edit("updated: 2018-11-13\n", "updated: 2018-11-13\nhero: hero.jpg\n"),
         "content/pages/about.md": "---\ntitle: About\nhero: hero.jpg\n---\nText.\n",
         "content/pages/more.md": "---\ntitle: More\n---\n![](../images/hero.jpg)\n"},
        [f"content/images/images.yaml:1:1: error: photo 'hero.jpg' has no credit: {NO_CREDIT} "
         "(used in content/pages/about.md, content/pages/more.md and 2 more files)"],
    ),
    "photo-name-mistyped-in-its-entry": (  # not also at the site.yaml that uses hero.jpg
        {"content/images/images.yaml": edit("hero.jpg:", "heor.jpg:", IMAGES_YAML),
         "content/images/heor.jpg.bak": "a backup the build never reads: never the one meant"},
        ["content/images/images.yaml:1:1: error: heor.jpg: photo file content/images/heor.jpg does "
         "not exist (did you mean 'hero.jpg'?)"],
    ),
    "photo-file-named-with-accents-as-separate-marks": (  # as some Macs save names
        {"content/images/images.yaml": IMAGES_YAML + "caf\u00e9.jpg:\n  alt: A caf\u00e9\n"
         "  credit: Test Illustrator\n  license: CC0 1.0\n",
         "content/images/cafe\u0301.jpg": jpeg()},
        ["content/images/images.yaml:5:1: error: caf\u00e9.jpg: photo file content/images/"
         "caf\u00e9.jpg does not exist under this name: the file's name and this entry write "
         "its accents differently (one as separate marks, as some Macs save names), which look "
         "the same: rename the file, typing its name again"],
    ),
    "photo-focal-point-in-percent": (
        {"content/images/images.yaml": IMAGES_YAML + "  focal_point: [45, 62]\n"},
        ["content/images/images.yaml:5:16: error: hero.jpg: focal_point: [45, 62] is not a point: "
         "write [x, y], two numbers from 0 to 1 (0.5 is the middle), e.g. focal_point: "
         "[0.45, 0.62]"],
    ),
    # -- a menu address mistyped: once, not again in each translation of site.yaml ------
    "menu-address-mistyped-with-a-translation": (
        menu_with_a_translation("/stes/"),
        ["content/site.yaml:7:25: error: nav[0].url: /stes/ leads nowhere: no page has this "
         "address (did you mean '/sites/'?)"],
    ),
    "menu-address-changed-and-a-translation-not": (
        menu_with_a_translation("/act/"),
        ["content/site.fr.yaml:2:3: error: '/sites/' is not an entry of content/site.yaml, so its "
         "text would never be shown: name it as the original does (/act/)"],
    ),
    # -- a value in other capitals, a page's path mistyped: what was meant -------------
    "criterion-in-other-capitals": (
        site("criteria: [A1e]", "criteria: [A1E]"),
        [f"{SITE}:6:12: error: criteria[0]: 'A1E' is not a known KBA criterion of "
         "content/criteria.yaml (did you mean 'A1e'?)"],
    ),
    "status-in-small-letters": (
        site("status: CR", "status: cr"),
        [f"{SITE}:12:13: error: species[0].status: 'cr' is not an IUCN Red List category for an "
         "AZE trigger (did you mean 'CR'?)"],
    ),
    "audience-page-mistyped": (
        {"content/audiences.yaml": edit("pages/act.md", "pages/actt.md", AUDIENCES_YAML)},
        ["content/audiences.yaml:4:9: error: audience[0].page: 'pages/actt.md' is not a page (did "
         "you mean 'pages/act.md'?)"],
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
    "site-given-a-title": (
        site("name: Chapada do Araripe", "title: Chapada do Araripe"),
        [f"{SITE}:2:1: error: unknown key 'title' (did you mean 'name'?)"]),
    "position-written-as-a-pair": (
        site("location: {lat: -7.25, lon: -39.45}", "location: -7.25, -39.45"),
        [f"{SITE}:4:11: error: location: a position is written with the names of its halves: "
         "location: {lat: -7.25, lon: -39.45} if the latitude comes first"]),
    "position-written-as-geojson-does": (  # longitude first: beyond 90, it can only be that
        site("location: {lat: -7.25, lon: -39.45}", "location: [-139.45, -7.25]"),
        [f"{SITE}:4:11: error: location: a position is written with the names of its halves: "
         "location: {lat: -7.25, lon: -139.45}"]),
    "position-halves-named-in-full": (
        site("location: {lat: -7.25, lon: -39.45}", "location: {latitude: -7.25, longitude: -39.45}"),
        [f"{SITE}:4:12: error: location: unknown key 'latitude' (did you mean 'lat'?)",
         f"{SITE}:4:29: error: location: unknown key 'longitude' (did you mean 'lon'?)"]),
    "latitude-with-its-hemisphere": (
        site("location: {lat: -7.25, lon: -39.45}", "location: {lat: 7.25S, lon: -39.45}"),
        [f"{SITE}:4:17: error: location.lat: '7.25S' reads as 7.25° south: write decimal "
         "degrees, -7.25 (south is negative)"]),
    "country-written-as-its-name": (
        site("iso3: BRA", "iso3: Brazil"),
        [f"{SITE}:3:7: error: iso3: 'Brazil' is not an ISO 3166-1 alpha-3 country code (Brazil's "
         "code is BRA: write it)"]),
    "countries-written-in-one-text": (
        site("iso3: BRA", "iso3: Brazil, Peru"),
        [f"{SITE}:3:7: error: iso3: 'Brazil, Peru' is not an ISO 3166-1 alpha-3 country code: "
         "several countries are written as a list, iso3: [BRA, PER]"]),
    "status-written-in-words": (
        site("status: CR", "status: Critically Endangered"),
        [f"{SITE}:12:13: error: species[0].status: 'Critically Endangered' is not an IUCN Red "
         "List category for an AZE trigger (did you mean 'CR'?)"]),
    "status-with-its-possibly-extinct-tag": (
        site("status: CR", "status: CR (PE)"),
        [f"{SITE}:12:13: error: species[0].status: 'CR (PE)' is not an IUCN Red List category "
         "for an AZE trigger (did you mean 'CR'?)"]),
    "status-in-words-that-is-no-trigger": (
        site("status: CR", "status: Vulnerable"),
        [f"{SITE}:12:13: error: species[0].status: 'Vulnerable' (VU) does not qualify a species "
         "as an AZE trigger (expected CR, EN or EW)"]),
    "group-named-by-its-class": (  # as scientists write it
        site("group: birds", "group: Aves"),
        [f"{SITE}:11:12: error: species[0].group: 'Aves' is not a known taxonomic group (did you "
         "mean 'birds'?)"]),
    "group-in-the-singular": (
        site("group: birds", "group: bird"),
        [f"{SITE}:11:12: error: species[0].group: 'bird' is not a known taxonomic group (did you "
         "mean 'birds'?)"]),
    "date-written-as-a-number": (
        site("updated: 2018-11-13", "updated: 20181113"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got 20181113: write "
         "2018-11-13"]),
    "date-written-day-first": (
        site("updated: 2018-11-13", "updated: 13/11/2018"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got '13/11/2018': write "
         "2018-11-13"]),
    "date-written-day-first-or-month-first": (
        site("updated: 2018-11-13", "updated: 3.11.2018"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got '3.11.2018': write "
         "2018-11-03 if it is 3 November or 2018-03-11 if it is 11 March"]),
    "date-in-words": (
        site("updated: 2018-11-13", "updated: Nov 13, 2018"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got 'Nov 13, 2018': write "
         "2018-11-13"]),
    "date-without-its-day": (
        site("updated: 2018-11-13", "updated: November 2018"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got 'November 2018': a "
         "date has its day too: write 2018-11-DD"]),
    "date-with-a-time": (
        site("updated: 2018-11-13", "updated: 2018-11-13T10:00"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got '2018-11-13T10:00': "
         "write the day alone, 2018-11-13"]),
    "date-that-is-no-date-at-all": (
        site("updated: 2018-11-13", "updated: soon"),
        [f"{SITE}:13:10: error: updated: expected a date as YYYY-MM-DD, got 'soon'"]),
    "latitude-in-degrees-minutes-seconds": (
        site("lat: -7.25,", "lat: -7:15:00,"),
        [f"{SITE}:4:17: error: location.lat: '-7:15:00' reads as degrees, minutes and seconds: "
         "write decimal degrees (-7.25)"]),
    "area-written-with-a-colon": (  # YAML 1.1 reads it as 90, in base 60: not degrees here
        site("area_km2: 28", "area_km2: 1:30"),
        [f"{SITE}:5:11: error: area_km2: '1:30' is not a number: write it with its digits, "
         "without ':'"]),
    "whole-number-written-with-a-colon": (  # read as 1194 (base 60), a WDKBA ID it is not
        site("area_km2: 28", "area_km2: 28\nwdkba_id: 19:54"),
        [f"{SITE}:6:11: error: wdkba_id: '19:54' is not a number: write it with its digits, "
         "without ':'"]),
    "iso3-written-as-the-two-letter-code": (
        site("iso3: BRA", "iso3: 'NO'"),
        [f"{SITE}:3:7: error: iso3: 'NO' is not an ISO 3166-1 alpha-3 country code ('NO' is the "
         "2-letter code of Norway: write NOR)"]),
    "iso3-that-yaml-reads-as-false": (
        site("iso3: BRA", "iso3: NO"),
        [f"{SITE}:3:7: error: iso3: 'NO' is not an ISO 3166-1 alpha-3 country code ('NO' is the "
         "2-letter code of Norway: write NOR)"]),
    # YAML 1.1 reads yes, no, on, off as true or false: a code is read, and echoed, as written
    "iso3-in-a-list-that-yaml-reads-as-false": (
        site("iso3: BRA", "iso3: [BRA, NO]"),
        [f"{SITE}:3:13: error: iso3[1]: 'NO' is not an ISO 3166-1 alpha-3 country code ('NO' "
         "is the 2-letter code of Norway: write NOR)"]),
    "status-that-yaml-reads-as-false": (
        site("status: CR", "status: no"),
        [f"{SITE}:12:13: error: species[0].status: 'no' {NOT_TRIGGER}"]),
    "protection-that-yaml-reads-as-false": (
        site("protection: partial", "protection: off"),
        [f"{SITE}:7:13: error: protection: 'off' is not a known protection level (expected "
         "full, none, partial)"]),
    "group-that-yaml-reads-as-true": (
        site("group: birds", "group: yes"),
        [f"{SITE}:11:12: error: species[0].group: 'yes' is not a known taxonomic group "
         "(expected amphibians, birds, corals, crustaceans, fishes, fungi, insects, mammals, "
         "molluscs, other-invertebrates, plants, reptiles)"]),
    # ... and 010 as 8 (octal), 0x1F as 31, 1_000 as 1000: a number field refuses another
    # base, a code is echoed as written
    "number-that-yaml-reads-in-another-base": (
        site("area_km2: 28", "area_km2: 010"),
        [f"{SITE}:5:11: error: area_km2: '010' is read as 8, not as written (YAML reads it in "
         "another base): write the number with its digits alone, without a leading 0"]),
    "number-too-large": (  # not "write it with its digits (inf)"
        site("area_km2: 28", "area_km2: 2e400"),
        [f"{SITE}:5:11: error: area_km2: '2e400' is too large a number"]),
    "group-that-yaml-reads-as-a-number": (
        site("group: birds", "group: 1_000"),
        [f"{SITE}:11:12: error: species[0].group: '1_000' is not a known taxonomic group "
         "(expected amphibians, birds, corals, crustaceans, fishes, fungi, insects, mammals, "
         "molluscs, other-invertebrates, plants, reptiles)"]),
    "a-date-that-is-no-day": (  # written as YYYY-MM-DD: not "expected a date as YYYY-MM-DD"
        site("updated: 2018-11-13", "updated: 2018-02-30"),
        [f"{SITE}:13:10: error: updated: '2018-02-30' is no date: February 2018 has days 01 to "
         "28"]),
    "a-date-of-no-month": (
        site("updated: 2018-11-13", "updated: 2018-13-01"),
        [f"{SITE}:13:10: error: updated: '2018-13-01' is no date: there is no month 13 (months "
         "go from 01 to 12)"]),
    "no-country-listed": (
        site("iso3: BRA", "iso3: []"),
        [f"{SITE}:3:7: error: iso3: lists no country code: give at least one"]),
    "a-list-that-yaml-reads-as-false": (  # not "expected a list, got true/false"
        site("criteria: [A1e]", "criteria: no"),
        [f"{SITE}:6:11: error: criteria: expected a list, got 'no': {LIST_FIX}"]),
    "criterion-that-yaml-reads-as-true": (
        site("criteria: [A1e]", "criteria: [A1e, On]"),
        [f"{SITE}:6:17: error: criteria[1]: 'On' is not a known KBA criterion of "
         "content/criteria.yaml (expected A1a, A1e)"]),
    "layout-that-yaml-reads-as-false": (
        {"content/pages/about.md": "---\ntitle: About\nlayout: off\n---\nText.\n"},
        ["content/pages/about.md:3:9: error: layout: 'off' is not a known layout (expected "
         "criteria, home, page, partners)"]),
    "number-date-and-address-that-yaml-reads-as-false": (
        {SITE: edit("area_km2: 28", "area_km2: no\naliases: [Off]",
                    edit("updated: 2018-11-13", "updated: NO")),
         "content/site.yaml": edit("url: /sites/", "url: off", SITE_YAML)},
        [f"{SITE}:5:11: error: area_km2: expected a number, got 'no'",
         f"{SITE}:6:11: error: aliases[0]: expected an old address of this page: a path "
         "starting with '/', such as '/sites/old-name/', got 'Off'",
         f"{SITE}:14:10: error: updated: expected a date as YYYY-MM-DD, got 'NO'",
         "content/site.yaml:7:25: error: nav[0].url: expected an http(s) URL or a path "
         "starting with '/', got 'off'"]),
    "static-file-in-the-search-index-folder": (
        {"static/pagefind/pagefind.js": "x\n"},
        ["static/pagefind/pagefind.js: error: /pagefind/ holds the search index, which the "
         "build writes whole: move this file out of static/pagefind/"]),
    "static-file-where-the-site-has-a-folder": (
        {"static/img": "x\n", "static/sites": "x\n"},
        ["static/img: error: the site has a folder /img/ here: a file cannot take its place, "
         "rename this one",
         "static/sites: error: the site has a folder /sites/ here: a file cannot take its "
         "place, rename this one"]),
    "static-file-inside-a-file-of-the-site": (
        {"static/robots.txt/x": "x\n"},
        ["static/robots.txt/x: error: /robots.txt is a file of the site (robots.txt): it "
         "cannot also be a folder, rename this one's folder"]),
    "sensitive-mark-on-a-species-without-a-status-yet": (
        {"content/sites/xichu.md": SENSITIVE_MD.replace("---\nname:", "---\ndraft: true\nname:")
         .replace("    status: CR\n", ""),
         "content/sites/xichu-east.md": SENSITIVE_MD.replace("name: Xichu", "name: Xichu East")
         .replace("21.2987", "21.31").replace("    sensitive: true\n", "")},
        ["content/sites/xichu-east.md:8:11: error: species[0].name: 'Mammillaria marcosii' is "
         "sensitive at content/sites/xichu.md: add 'sensitive: true' here too, or this site's "
         "exact position would be published",
         "content/sites/xichu.md:9:5: warning: species[0]: no Red List 'status' yet (CR, EN or "
         "EW): the species is left out until it has one, and the site cannot be published "
         "without it"]),
    "sensitive-mark-in-a-draft-of-the-same-wdkba-site": (
        {"content/sites/xichu.md": SENSITIVE_MD.replace("---\nname:", "---\ndraft: true\n"
                                                          "wdkba_id: 999\nname:"),
         "content/sites/xichu-east.md": SENSITIVE_MD.replace("---\nname:", "---\nwdkba_id: 999\n"
                                                               "name:")
         .replace("    sensitive: true\n", "")},
        ["content/sites/xichu-east.md:9:11: error: species[0].name: 'Mammillaria marcosii' is "
         "sensitive at content/sites/xichu.md: add 'sensitive: true' here too, or this site's "
         "exact position would be published"]),
    "sensitive-site-position-written-in-its-text": (
        {"content/sites/xichu.md": SENSITIVE_MD.replace(
            "A cactus site.", "A cactus site at 21.2987, -100.06 (21\u00b017\u2032 N); 1.50 ha, "
            "since 2018.05; 2,100 plants, 21,300 m\u00b2, 21.30% (doi 10.1111/x), 21\u00b000\u2032.")},
        ["content/sites/xichu.md:13:18: error: '21.2987' is the site's precise latitude, which "
         "stays unpublished since a species here is sensitive: give the position in whole "
         "degrees at most, or leave it out",
         "content/sites/xichu.md:13:27: error: '-100.06' is the site's precise longitude, which "
         "stays unpublished since a species here is sensitive: give the position in whole "
         "degrees at most, or leave it out",
         "content/sites/xichu.md:13:36: error: '21\u00b017\u2032' is the site's precise latitude, "
         "which stays unpublished since a species here is sensitive: give the position in "
         "whole degrees at most, or leave it out"]),
    "sensitive-species-unmarked-at-a-second-site": (
        {"content/sites/xichu-east.md": SENSITIVE_MD.replace("name: Xichu", "name: Xichu East")
         .replace("21.2987", "21.31").replace("    sensitive: true\n", "")},
        ["content/sites/xichu-east.md:8:11: error: species[0].name: 'Mammillaria marcosii' is "
         "sensitive at content/sites/xichu.md: add 'sensitive: true' here too, or this site's "
         "exact position would be published",
         "content/sites/xichu.md:8:11: warning: species[0].name: 'Mammillaria marcosii' is also "
         "a trigger species at content/sites/xichu-east.md: an AZE trigger species occurs at "
         "one site only"],
    ),
    # -- file names ------------------------------------------------------------------------
    "news-without-date": (
        {"content/news/update.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/update.md:1:1: error: news files are named content/news/YYYY-MM-DD-slug.md, "
         "after the day of the news: rename it YYYY-MM-DD-update.md, with that day"],
    ),
    "news-date-written-otherwise": (
        {"content/news/13_11_2018_update.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/13_11_2018_update.md:1:1: error: news files are named "
         "content/news/YYYY-MM-DD-slug.md, after the day of the news: rename it "
         "2018-11-13-update.md"],
    ),
    "news-date-without-slug": (
        {"content/news/2018-11-13.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/2018-11-13.md:1:1: error: news files are named "
         "content/news/YYYY-MM-DD-slug.md, after the day of the news: add the end of its address "
         "after the date, e.g. 2018-11-13-launch.md for /news/launch/"],
    ),
    "news-in-a-folder": (
        {"content/news/2018/2018-11-13-update.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/2018/2018-11-13-update.md:1:1: error: news files are in content/news/ "
         "itself, not in a folder inside it: move it there (named YYYY-MM-DD-slug.md, after the "
         "day of the news)"],
    ),
    "empty-file": (
        {"content/pages/plan.md": "\n \n"},
        ["content/pages/plan.md:1:1: error: the file is empty: a content file starts with its "
         "front matter between two '---' lines (`aze-site new` writes one to start from)"],
    ),
    "news-slug-not-a-slug": (
        {"content/news/2018-11-13-Bad_Slug.md": "---\ntitle: An update\n---\nText.\n"},
        ["content/news/2018-11-13-Bad_Slug.md:1:1: error: 'Bad_Slug' is not a valid name for a "
         "URL: use lower-case letters, digits and hyphens (e.g. 'bad-slug')"],
    ),
    "link-written-in-entities": (
        {SITE: SITE_MD + "\nSee [x](&#47;nope&#47;).\n"},
        [f"{SITE}:19:9: error: link '&#47;nope&#47;': no page at /nope/"],
    ),
    "link-to-a-misnamed-file-percent-encoded": (
        {"content/pages/Terms Of Use.md": "---\ntitle: Terms\n---\nText.\n",
         SITE: SITE_MD + "\nSee [the terms](../pages/Terms%20Of%20Use.md).\n"},
        ["content/pages/Terms Of Use.md:1:1: error: 'Terms Of Use' is not a valid name for a "
         "URL: use lower-case letters, digits and hyphens (e.g. 'terms-of-use')"],
    ),
    "link-in-another-unicode-form-to-a-misnamed-file": (  # é as e + U+0301 in the file's name
        {"content/pages/se\u0301ance.md": "---\ntitle: Séance\n---\nText.\n",
         SITE: SITE_MD + "\nSee [it](../pages/s\u00e9ance.md).\n"},
        ["content/pages/se\u0301ance.md:1:1: error: 'se\u0301ance' is not a valid name for a URL: "
         "use lower-case letters, digits and hyphens (e.g. 'seance')"],
    ),
    "invisible-character-in-a-file-name": (
        {"content/pages/ab\u200bout.md": "---\ntitle: About\n---\nText.\n"},
        ["content/pages/ab\\u200bout.md:1:1: error: 'ab\\u200bout' holds an invisible "
         "character (U+200B): rename it (e.g. 'about')"],  # written out, as it shows nothing
    ),
    "site-file-name-not-a-slug": (
        {"content/sites/Bad_Name.md": SITE_MD},
        ["content/sites/Bad_Name.md:1:1: error: 'Bad_Name' is not a valid name for a URL: use "
         "lower-case letters, digits and hyphens (e.g. 'bad-name')"],
    ),
}


@pytest.mark.parametrize(("files", "expected"), list(CASES.values()), ids=list(CASES))
def test_exact_diagnostic(make_site: MakeSite, files: Mapping[str, str | bytes | None],
                          expected: list[str]) -> None:
    assert diagnostics(make_site, files) == sorted(expected)


# -- nothing unfinished is published unnoticed: warnings, errors with --strict ---------------

def warnings_of(make_site: MakeSite, files: Mapping[str, str | None], name: str = "site") -> list[str]:
    """The warnings of a build that passes (but the fixture's own)."""
    root = make_site(files, name)
    result = build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False,
                                jobs=1), memory=MemoryWriter())
    assert result.report.errors == []
    return own(sorted(str(d) for d in result.report.warnings))


def test_a_species_name_typed_with_two_spaces_is_one_species(make_site: MakeSite) -> None:
    """Two spaces between genus and species at one site: the same name as at the other
    (it was the error of a name written two ways, whose two names looked the same)."""
    files = {"content/sites/other.md": edit("Antilophia bokermanni", "Antilophia  bokermanni",
                                            SITE_MD.replace("Chapada do Araripe", "Other"))}
    assert warnings_of(make_site, files) == [
        "content/sites/other.md:9:11: warning: species[0].name: 'Antilophia bokermanni' is "
        f"also a trigger species at {SITE}: an AZE trigger species occurs at one site only"]


def test_a_species_name_in_two_unicode_forms_is_one_species(make_site: MakeSite) -> None:
    """'á' typed as one character at one site and as 'a' and its accent at another: the
    same name, so the same species (a warning, as for any species at two sites), not two
    that would both be its page."""
    files = {SITE: edit("Antilophia bokermanni", "Antilophia bokerm\u00e1nni"),
             "content/sites/other.md": edit("Antilophia bokermanni", "Antilophia bokerma\u0301nni",
                                            SITE_MD.replace("Chapada do Araripe", "Other"))}
    assert warnings_of(make_site, files) == [
        "content/sites/other.md:9:11: warning: species[0].name: 'Antilophia bokerm\u00e1nni' is "
        f"also a trigger species at {SITE}: an AZE trigger species occurs at one site only"]


def test_yes_and_no_are_text_where_text_is_expected(make_site: MakeSite) -> None:
    """YAML reads `name: On` as true: where text is expected, the text as written."""
    assert warnings_of(make_site, site("common_name: Araripe manakin", "common_name: On")) == []


def test_a_number_where_text_is_expected_is_the_text_as_written(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    """YAML reads `name: 010` as 8 and `12.50` as 12.5: a page shows what was written."""
    root = make_site(site("name: Chapada do Araripe", "name: 010")
                     | {"content/sites/xichu.md": SENSITIVE_MD.replace("Xichu", "12.50")})
    build(BuildOptions(root=root, out=tmp_path / "out", base_url=None, drafts=False,
                       strict=False, jobs=1))
    assert ">010</h1>" in (tmp_path / "out/sites/chapada-do-araripe/index.html").read_text()
    assert ">12.50</h1>" in (tmp_path / "out/sites/xichu/index.html").read_text()


def test_a_number_with_a_leading_zero_in_no_other_base_is_read(make_site: MakeSite) -> None:
    """07 is 7 in any base: only where YAML reads another number (010 as 8) is it refused."""
    assert warnings_of(make_site, site("area_km2: 28", "area_km2: 07")) == []


def test_joiners_stay_in_a_message_and_what_shows_nothing_is_written_out() -> None:
    """Persian and the scripts of India write U+200C and U+200D inside words."""
    assert one_line("'\u0645\u06cc\u200c\u0634\u0648\u062f' a\u200bb \u202e") == \
        "'\u0645\u06cc\u200c\u0634\u0648\u062f' a\\u200bb \\u202e"


def test_no_as_a_language_is_norwegian(make_site: MakeSite) -> None:
    """YAML reads `language: no` as false: a language tag is a code, taken as written."""
    assert warnings_of(make_site, {"content/site.yaml": edit("language: en", "language: no",
                                                             SITE_YAML)}) == []


def test_a_position_with_a_sign_left_out_is_told_which(make_site: MakeSite) -> None:
    """Chapada do Araripe at 39.45° E lies in the Indian Ocean; at 39.45° W in Brazil."""
    assert warnings_of(make_site, site("lon: -39.45", "lon: 39.45")) == [
        "content/sites/chapada-do-araripe.md:4:11: warning: location: this position is far "
        "from Brazil; with the longitude's sign changed it lies in Brazil (west of Greenwich "
        "a longitude is negative)"]
    assert warnings_of(make_site, site("{lat: -7.25, lon: -39.45}", "{lat: -39.45, lon: -7.25}"),
                       "swapped") == [
        "content/sites/chapada-do-araripe.md:4:11: warning: location: this position is far "
        "from Brazil; with 'lat' and 'lon' swapped it lies in Brazil ('lat' is the north-south "
        "position, 'lon' the east-west one)"]
    india = site("iso3: BRA\nlocation: {lat: -7.25, lon: -39.45}",
                 "iso3: IND\nlocation: {lat: 26.72, lon: -90.95}")
    assert warnings_of(make_site, india, "east") == [
        "content/sites/chapada-do-araripe.md:4:11: warning: location: this position is far "
        "from India; with the longitude's sign changed it lies in India (east of Greenwich a "
        "longitude is positive)"]


def test_a_species_marked_sensitive_at_both_its_sites_is_only_warned_about(
        make_site: MakeSite) -> None:
    second = SENSITIVE_MD.replace("name: Xichu", "name: Xichu East").replace("21.2987", "21.31")
    assert warnings_of(make_site, {"content/sites/xichu-east.md": second}) == [
        "content/sites/xichu.md:8:11: warning: species[0].name: 'Mammillaria marcosii' is also "
        "a trigger species at content/sites/xichu-east.md: an AZE trigger species occurs at "
        "one site only"]


def test_the_fixture_is_warned_about_its_example_addresses_and_missing_licence(
        make_site: MakeSite) -> None:
    root = make_site()
    result = build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    assert sorted(str(d) for d in result.report.items) == sorted(FIXTURE_WARNINGS)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1, strict=True), memory=MemoryWriter())
    assert sorted(str(d) for d in failed.value.report.items) == sorted(  # --strict: errors
        line.replace(": warning: ", ": error: ", 1) for line in FIXTURE_WARNINGS)


def test_real_addresses_and_a_licence_give_no_warning(make_site: MakeSite) -> None:
    real = (SITE_YAML.replace("https://test.example.org/", "https://zeroextinction.org/")
            .replace("https://forms.example.net/submit", "/act/")
            .replace("https://forms.example.net/update?site={slug}", "/act/#policy")
            + "data: {license: CC BY 4.0}\n")
    root = make_site({"content/site.yaml": real,
                      "content/partners.yaml": PARTNERS_YAML.replace("partner.example.org",
                                                                     "www.iucn.org")})
    memory = MemoryWriter()
    result = build(BuildOptions(root=root, jobs=1, strict=True), memory=memory)
    assert result.report.items == []
    act = 'href="/act/#policy">Update this site</a>'
    assert act in memory.files["sites/chapada-do-araripe/index.html"].decode()


SKELETON_SITE = ("---\nname: \"São Tomé\"\niso3: STP\n"
                 "location: {lat: 0.0, lon: 0.0}   # TODO: the site's centroid, WGS84 degrees\n"
                 "criteria: [A1e]\nspecies:\n  - name: \"Lanius newtoni\"\n    status: CR\n"
                 "draft: true                      # set to false once location and species are right\n"
                 "---\n## Why it matters\n\nWhat makes São Tomé the last refuge of its trigger species.\n")
SKELETON_PAGE = ('---\ntitle: "Our team"\ndescription: "TODO: one sentence for search engines"\n'
                 "draft: true\n---\nWrite the text here, in Markdown.\n")
NEW_SITE = "content/sites/sao-tome.md"
NEW_PAGE = "content/pages/our-team.md"
PLACEHOLDER = "the placeholder text of 'aze-site new' is still here: write the page's own text"


def test_the_skeletons_text_is_a_warning_once_the_draft_flag_goes(make_site: MakeSite) -> None:
    from aze_site.content.skeleton import page_skeleton, site_skeleton

    assert SKELETON_SITE.split("\n")[3] == site_skeleton("São Tomé", "STP", [], [], []).split("\n")[3]
    assert page_skeleton("Our team") == SKELETON_PAGE
    drafts = {NEW_SITE: SKELETON_SITE, NEW_PAGE: SKELETON_PAGE}
    assert warnings_of(make_site, drafts, "drafts") == []
    published: dict[str, str | None] = {rel: text.replace("draft: true", "draft: false")
                                         for rel, text in drafts.items()}
    assert warnings_of(make_site, published, "published") == [
        f"{NEW_PAGE}:3:14: warning: description: still a placeholder ('TODO: one sentence for "
        "search engines'): write the real text",
        f"{NEW_PAGE}:6:1: warning: {PLACEHOLDER}",
        f"{NEW_SITE}:13:1: warning: {PLACEHOLDER}",
        f"{NEW_SITE}:4:11: warning: location: 0, 0 is the placeholder position of 'aze-site new' (a "
        "point in the ocean off West Africa): write the site's centroid, in WGS84 degrees",
    ]
    assert diagnostics(make_site, {**published}, strict=True, name="strict") == [
        line.replace(": warning: ", ": error: ", 1)
        for line in warnings_of(make_site, published, "again")]


def test_a_todo_note_left_in_a_comment_is_a_warning(make_site: MakeSite) -> None:
    files: dict[str, str | None] = {
        "content/site.yaml": SITE_YAML + "social_cards: false  # TODO: turn back on\n",
        SITE: edit("area_km2: 28", "area_km2: 28  # TODO check the area\n"
                   "description: >\n  Plot # TODO 4, published text, as is"),
        "content/pages/about.md": "---\ntitle: 'About # TODO, text too'\n---\nAbout.\n",
    }
    in_text = "a TODO note is left in this text, which is published: do what it says, then delete"
    assert warnings_of(make_site, files) == [
        f"content/pages/about.md:2:15: warning: {in_text} the note",
        "content/site.yaml:11:22: warning: a TODO note is left in this comment: do what it says, "
        "then delete the note",
        f"{SITE}:5:15: warning: a TODO note is left in this comment: do what it says, then delete "
        "the note",
        f"{SITE}:7:8: warning: {in_text} the note",
    ]


@pytest.mark.parametrize(("setting", "expected"), [
    ("  tiles: https://tiles.test/{z}/{x}/{y}.png\n  attribution: T\n",
     "content/site.yaml:12:10: warning: map.tiles: 'https://tiles.test/{z}/{x}/{y}.png' is a "
     "reserved example address (.test), not a real one: write the address of a real tile server, "
     "or remove 'tiles' to draw the map from the built-in outlines"),
    ("  attribution_url: http://localhost:8000/licence\n",
     "content/site.yaml:12:20: warning: map.attribution_url: 'http://localhost:8000/licence' is a "
     "reserved example address (localhost), not a real one: write the real address of the tiles' "
     "licence"),
])
def test_example_addresses_of_map_tiles_are_warnings(make_site: MakeSite, setting: str,
                                                     expected: str) -> None:
    assert warnings_of(make_site, {"content/site.yaml": SITE_YAML + "map:\n" + setting}) == [expected]


def test_the_base_url_given_to_the_build_is_not_warned_about(tmp_path: Path) -> None:
    from aze_site.content.loader import Loader
    from aze_site.errors import Report

    (tmp_path / "content").mkdir()
    (tmp_path / "content/site.yaml").write_text(
        "title: T\nbase_url: https://aze.example.org/\nlanguage: en\ndescription: D\n"
        "data: {license: CC0 1.0}\n", encoding="utf-8")
    given = Loader(tmp_path, Report(), base_url="https://zeroextinction.org/")
    assert given.load_config() is not None and given.report.items == []
    plain = Loader(tmp_path, Report())
    assert plain.load_config() is not None
    assert [d.message[:20] for d in plain.report.items] == ["base_url: 'https://a"]


@pytest.mark.parametrize(("url", "domain"), [
    ("https://example.org/", "example.org"), ("https://forms.example.net/x", "example.net"),
    ("http://a.b.example.com", "example.com"), ("https://site.test/", ".test"),
    ("https://x.invalid", ".invalid"), ("https://aze.example", ".example"),
    ("http://localhost:8000/", "localhost"), ("http://127.0.0.1/", "127.0.0.1"),
    ("https://EXAMPLE.ORG./", "example.org"), ("http://[::1]/", "::1"),
    ("https://zeroextinction.org/", None), ("https://notexample.org/", None),
    ("https://example.org.uk/", None), ("https://www.iucn.org", None),
])
def test_reserved_domains(url: str, domain: str | None) -> None:
    from aze_site.content.fields import reserved_domain

    assert reserved_domain(url) == domain


@pytest.mark.parametrize(("submit", "expected"), [
    ("/nominate/", ["content/site.yaml:9:15: error: forms.submit_url: no page at /nominate/: a "
                    "path here must be the URL of a page of content/pages/ (e.g. /nominate/ for "
                    "content/pages/nominate.md)"]),
    ("/act/#nope", ["content/site.yaml:9:15: error: forms.submit_url: /act/#nope: no anchor "
                    "#nope on /act/"]),
    ("//evil.example/", ["content/site.yaml:9:15: error: forms.submit_url: expected an http(s) URL "
                         "or the path of a page of this site (starting with '/'), got "
                         "'//evil.example/'"]),
])
def test_a_form_path_must_lead_to_a_page(make_site: MakeSite, submit: str,
                                         expected: list[str]) -> None:
    files: dict[str, str | bytes | None] = {
        "content/site.yaml": SITE_YAML.replace("https://forms.example.net/submit", submit)}
    found = diagnostics(make_site, files)
    assert [line for line in found if "submit_url" in line] == expected
    assert [line for line in found if "templates/" in line] == []  # not again at each page


# -- every problem in one run ----------------------------------------------------------------

MANY_PROBLEMS = edit("protection: partial", "protecton: partial",
                     edit("iso3: BRA", "iso3: XXX",
                          edit("lat: -7.25", "lat: 97.25",
                               edit("status: CR", "status: XX"))))
MANY_EXPECTED = [
    f"{SITE}:3:7: error: iso3: 'XXX' is not an ISO 3166-1 alpha-3 country code",
    f"{SITE}:4:17: error: location.lat: 97.25 is out of range (-90 to 90)",
    f"{SITE}:7:1: error: unknown key 'protecton' (did you mean 'protection'?)",
    f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}",
    "content/news/update.md:1:1: error: news files are named content/news/YYYY-MM-DD-slug.md, "
    "after the day of the news: rename it YYYY-MM-DD-update.md, with that day",
    "content/pages/act.md:4:8: error: link 'missing.md': content/pages/missing.md does not exist",
]
MANY_FILES: dict[str, str | None] = {
    SITE: MANY_PROBLEMS,
    "content/news/update.md": "---\ntitle: An update\n---\nText.\n",
    "content/pages/act.md": "---\ntitle: Act\n---\n[more](missing.md)\n",
}


def test_a_missing_template_is_one_line_whatever_the_pages_made_with_it(make_site: MakeSite) -> None:
    root = make_site()
    (root / "templates/site.html").unlink()

    def failed() -> list[str]:
        with pytest.raises(BuildFailed) as caught:
            build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
        return own(sorted(str(d) for d in caught.value.report.items))

    assert failed() == ["templates: error: template 'site.html' not found: there is no "
                        "templates/site.html"]
    shutil.rmtree(root / "templates")  # moved away while `serve` runs
    (root / "templates").mkdir()
    assert failed() == ["templates: error: the templates/ folder is missing or empty: every "
                        "page is made with a template from it"]


def test_every_problem_of_every_file_is_reported_in_one_run(make_site: MakeSite) -> None:
    assert diagnostics(make_site, MANY_FILES) == sorted(MANY_EXPECTED)


def test_body_link_is_checked_even_when_front_matter_has_errors(make_site: MakeSite) -> None:
    """One run reports every problem: a broken link must not hide behind a bad field."""
    files = {SITE: edit("status: CR", "status: XX") + "\nSee [x](../pages/nothere.md).\n"}
    assert diagnostics(make_site, files) == sorted([
        f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}",
        f"{SITE}:19:9: error: link '../pages/nothere.md': content/pages/nothere.md does not exist",
    ])


def test_the_old_addresses_are_gathered_once_for_every_link_that_is_broken(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken link names the page whose old address it is: every page's aliases, gathered
    once, not again for each broken link (4,000 pages each linking a page gone took six
    times as long to build)."""
    from aze_site.queries import checks

    gathered: list[str] = []

    def counted(alias: str, url: str, languages: tuple[str, ...]) -> list[tuple[str, str, str]]:
        gathered.append(alias)
        return versions(alias, url, languages)

    monkeypatch.setattr(checks, "versions", counted)
    pages = {f"content/pages/p{i}.md": f"---\ntitle: P{i}\n---\nSee [x](/gone/).\n"
             for i in range(3)}
    act = "---\ntitle: Act\naliases: [/old-act/]\n---\nText.\n"
    assert diagnostics(make_site, {**pages, "content/pages/act.md": act}) == [
        f"content/pages/p{i}.md:4:9: error: link '/gone/': no page at /gone/" for i in range(3)]
    assert len(gathered) == 1  # the one alias, once


# -- the command line ------------------------------------------------------------------------


def test_cli_prints_every_diagnostic_and_a_summary_and_exits_1(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(MANY_FILES)
    status = main(["build", "--root", str(root), "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.splitlines()
    assert sorted(own(lines[:-1])) == sorted(MANY_EXPECTED)
    assert lines[-1] == "build failed: 6 errors, 5 warnings; nothing was published"
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


@pytest.mark.parametrize("folder", ["public", "www"])
def test_a_folder_aze_site_did_not_make_is_not_replaced(
        make_site: MakeSite, tmp_path: Path, folder: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Not even public/, and not a web root with a home page and a sitemap of its own."""
    root = make_site()
    out = root / folder
    (out / "blog").mkdir(parents=True)
    for rel in ("index.html", "sitemap.xml", "blog/post.html"):
        (out / rel).write_text("mine", encoding="utf-8")
    argv = ["build", "--root", str(root), "--no-search", "-q"]
    status = main([*argv, "--out", str(out)] if folder != "public" else argv)
    assert status == 2
    assert capsys.readouterr().err == (
        f"aze-site: error: {out.resolve()} is a folder that aze-site did not make, and a "
        "build replaces its output folder with all it holds: move its files away, or build "
        "into an empty or new folder with --out\n")
    assert (out / "blog/post.html").read_text(encoding="utf-8") == "mine"


def test_an_output_folder_that_cannot_be_made_is_wrong_usage(
        make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = tmp_path / "a-file" / "site"
    assert main(["build", "--root", str(root), "-q", "--no-search", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"aze-site: error: --out {out}: no folder can be made in "
                          f"{out.parent} (")
    assert "staging" not in err


def test_a_folder_aze_site_made_is_known_as_its_own(make_site: MakeSite) -> None:
    from aze_site.build.options import SITES_CSV_HEAD, made_by_aze_site
    from aze_site.render.downloads import CSV_COLUMNS

    assert ",".join(CSV_COLUMNS).startswith(SITES_CSV_HEAD)
    root = make_site()
    assert main(["build", "--root", str(root), "--no-search", "-q"]) == 0
    assert made_by_aze_site(root / "public")
    assert main(["build", "--root", str(root), "--no-search", "-q", "--no-cache"]) == 0


def test_a_site_is_readable_by_everyone_whatever_the_umask(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from aze_site.build import search
    from aze_site.publish import modes

    root = make_site()
    monkeypatch.setattr(modes, "UMASK", 0o077)
    monkeypatch.setattr(search, "UMASK", 0o077)
    before = os.umask(0o077)
    try:
        assert main(["build", "--root", str(root), "-q", "--wait-for-search"]) == 0
        (root / "content/pages/act.md").write_text(
            (root / "content/pages/act.md").read_text(encoding="utf-8") + "\nMore.\n",
            encoding="utf-8")
        assert main(["build", "--root", str(root), "-q", "--wait-for-search"]) == 0
    finally:
        os.umask(before)
    public = root / "public"
    modes_of = {(p.is_dir(), p.stat().st_mode & 0o777) for p in public.rglob("*")}
    assert modes_of == {(True, 0o755), (False, 0o644)}
    assert any(public.glob("pagefind/*"))


def test_the_command_line_exits_with_mains_code_its_objects_frozen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from aze_site import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as exited:
            cli.run()
        assert exited.value.code == 3
        assert gc.get_freeze_count() > 0  # the collection on the way out skips them
    finally:
        gc.unfreeze()


def test_a_drafts_species_may_wait_for_their_status(make_site: MakeSite) -> None:
    """As `import aze-species` leaves a table of names: a warning, the species left out."""
    root = make_site(site("    status: CR\nupdated: 2018-11-13\n",
                          "updated: 2018-11-13\ndraft: true\n"))
    result = build(BuildOptions(root=root, jobs=1, drafts=True, dry_run=True))
    assert [str(d) for d in result.report.items if "status" in d.message] == [
        f"{SITE}:9:5: warning: species[0]: no Red List 'status' yet (CR, EN or EW): the species "
        "is left out until it has one, and the site cannot be published without it"]


def test_a_new_draft_passes_a_strict_build_with_its_warnings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`aze-site new site` writes a draft without species, which CI's `--strict` must not
    fail on: a draft publishes nothing. Once it is no longer a draft, it is an error."""
    root = tmp_path / "shipped"
    for part in ("content", "templates", "static"):
        shutil.copytree(REPO / part, root / part)
    assert main(["new", "site", "Test Hill", "--iso3", "BRA", "--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["check", "--strict", "--root", str(root)]) == 0
    assert "content/sites/test-hill.md:9:10: warning: species: draft site has no trigger " \
        "species yet" in capsys.readouterr().err
    new = root / "content/sites/test-hill.md"
    new.write_text(new.read_text(encoding="utf-8").replace("draft: true", "draft: false"),
                   encoding="utf-8")
    assert main(["check", "--strict", "--root", str(root)]) == 1


def test_a_diagnostic_is_one_line_whatever_its_path_and_message_hold() -> None:
    """A line break, a line separator or an escape sequence from content is written out: it
    would otherwise break the line, or drive the terminal."""
    from aze_site.errors import Diagnostic

    shown = str(Diagnostic("content/pages/a\nb.md", 3, 4, "error", "link '/x/\u2028y\x1b[31m'"))
    assert shown == "content/pages/a\\nb.md:3:4: error: link '/x/\\u2028y\\x1b[31m'"


def test_a_data_block_misspelt_is_not_said_to_have_no_licence(make_site: MakeSite) -> None:
    """`datum:` for `data:` is one line, at it (CASES): the licence it gives is not said
    missing as well (a line the fixture has, which `diagnostics` leaves out)."""
    root = make_site({"content/site.yaml": SITE_YAML + "datum:\n  license: CC BY 4.0\n"})
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    assert [str(d) for d in failed.value.report.items if "license" in str(d)] == []


def test_a_photo_without_a_licence_is_warned_about_once_at_its_entry(make_site: MakeSite) -> None:
    files = {"content/images/images.yaml": edit("  license: CC0 1.0\n", "", IMAGES_YAML)}
    assert warnings_of(make_site, files) == [
        "content/images/images.yaml:1:1: warning: photo 'hero.jpg' has no license: add the "
        "licence it is published under (license: CC BY 4.0, ...)"]


PAGE_HTML = (REPO / "templates/page.html").read_text(encoding="utf-8")


def _line_of(text: str, marker: str) -> int:
    assert text.count(marker) == 1, f"{marker!r} is not in templates/page.html exactly once"
    return text[:text.index(marker)].count("\n") + 1


def test_a_value_with_one_opening_brace_is_one_warning_at_its_column(
        make_site: MakeSite) -> None:
    """`{ page.title }}` is written into every page as it is: one warning, at the template's
    place, not at each page; single braces of CSS, JSON or script, and `{% raw %}`, are not."""
    marker = "{{ rendered(doc) }}"
    text = ("<style>a{color:red}}@media x { b { c: d }}</style>\n"
            '<script>var a = {"b": {"c": 1}}; function f() { return a }}</script>\n'
            "{% raw %}{ page.title }}{% endraw %}{{ page.title }}\n"
            "{{ page.title }} {page.title|upper}} and { page.title }}\n"
            "{{ 1 // 0 }}")  # an error, for the build to fail
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    line = _line_of(PAGE_HTML, marker) + 4
    said = "is written into pages as it is, braces and all: to show the value, open it with two"
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{line}:18: warning: '{{page.title|upper}}}}' {said} braces, "
        "'{{ page.title|upper }}'",
        f"templates/page.html:{line}:42: warning: '{{ page.title }}}}' {said} braces, "
        "'{{ page.title }}'",
        f"templates/page.html:{line + 1}: error: template error: division by zero"]


@pytest.mark.parametrize(("text", "said"), [
    ("{{ page.titel }}", "'page' has no field 'titel' (did you mean 'title'?)"),
    ("{% for s in sites %}{{ s.name }}{% endfor %}",  # a site's name: is its title here
     "'s' has no field 'name' (did you mean 'title'?)"),
    ("{% for s in sites %}{% for sp in s.species %}{{ sp.comon_name }}{% endfor %}{% endfor %}",
     "'sp' has no field 'comon_name' (did you mean 'common_name'?)"),
])
def test_a_field_of_a_page_site_or_species_with_a_letter_slipped_names_the_one_meant(
        make_site: MakeSite, text: str, said: str) -> None:
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert [line.partition(": error: template error: ")[2]
            for line in diagnostics(make_site, files)] == [said]


def test_a_template_names_an_unknown_field_as_it_writes_it(make_site: MakeSite) -> None:
    """Not as the Python class behind it ('aze_site.render.pages.PageMeta object')."""
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "{{ page.subtitel }}")}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker)}:32: error: template error: 'page' "
        "has no field 'subtitel'"]


@pytest.mark.parametrize("after", ["", "\n{% raw %}<code>{% if x %}</code>{% endraw %}"])
def test_a_block_left_open_in_a_template_is_reported_where_it_opens(make_site: MakeSite,
                                                                   after: str) -> None:
    """Not at the `{% endblock %}` lines below, where the parser noticed, nor at a tag
    written as text in `{% raw %}`."""
    marker = "</p>{% endif %}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, "</p>" + after)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker)}:8: error: template syntax error: "
        "the '{% if %}' on this line is not closed: add '{% endif %}' where it ends"]


@pytest.mark.parametrize(("template", "old", "new", "said"), [
    ("page.html", "{% block main %}", "{% block mian %}",
     "base.html has no block 'mian' for this one to fill, so nothing in it is shown (did you "
     "mean 'main'?)"),
    ("criteria.html", "{% block after_body %}", "{% block notes %}",
     "page.html has no block 'notes' for this one to fill, so nothing in it is shown (its "
     "blocks: after_body, head, main)"),
])
def test_a_block_its_parent_does_not_have_is_one_line_where_it_opens(
        make_site: MakeSite, template: str, old: str, new: str, said: str) -> None:
    """Jinja leaves such a block out without a word: the page would lose its text (and every
    link to an anchor in it would be reported instead)."""
    text = (REPO / "templates" / template).read_text(encoding="utf-8")
    assert diagnostics(make_site, {f"templates/{template}": text.replace(old, new)}) == [
        f"templates/{template}:{_line_of(text, old)}:10: error: {said}"]


def test_a_macro_imported_that_its_template_does_not_define_is_an_error_where_imported(
        make_site: MakeSite) -> None:
    """Jinja says nothing of it until the name is called, and then at the call, in its own
    words ('does not export the requested name'); each name at its column."""
    old = "import hero, toc_nav"
    page_html = PAGE_HTML.replace(old, "import hero, toc_nav, heor, footer")
    assert diagnostics(make_site, {"templates/page.html": page_html}) == [
        f"templates/page.html:{_line_of(PAGE_HTML, old)}:46: error: _macros.html has no macro "
        "'heor' to import (did you mean 'hero'?)",
        f"templates/page.html:{_line_of(PAGE_HTML, old)}:52: error: _macros.html has no macro "
        "'footer' to import"]


@pytest.mark.parametrize(("used", "said"), [
    ("{% if false %}{{ m.heor() }}{% endif %}{% if m.footer is defined %}{{ m.footer() }}"
     "{% endif %}", ["68: error: _macros.html (imported as 'm') has no macro 'heor' (did you "
                     "mean 'hero'?)"]),
    ("{% for m in [page] %}{{ m.title }}{% endfor %}{{ page.title|uper }}",  # `m` is another
     ["109: error: template error: unknown filter 'uper' (did you mean 'upper'?)"]),
    ("{{ m.heor|default('') }}{{ page.title|uper }}",  # given a default: it may well not be
     ["87: error: template error: unknown filter 'uper' (did you mean 'upper'?)"]),
    # `m` is another template in the macro, which defines what is used of it there
    ("{% macro z() %}{% import 'page.html' as m %}{{ m.toc_nav }}{% endmacro %}"
     "{{ m.badge('CR') }}{{ page.title|uper }}",
     ["155: error: template error: unknown filter 'uper' (did you mean 'upper'?)"]),
])
def test_a_macro_used_from_a_template_imported_whole_that_does_not_define_it_is_an_error(
        make_site: MakeSite, used: str, said: list[str]) -> None:
    """`{% import "x.html" as m %}` and `m.name`: Jinja says nothing of a name `x.html` does
    not define until a page takes the branch that uses it. Not where `m` may be something
    else, nor where the template asks whether it is defined."""
    old = "{% block main %}"
    page_html = PAGE_HTML.replace(old, old + '{% import "_macros.html" as m %}' + used, 1)
    assert diagnostics(make_site, {"templates/page.html": page_html}) == [
        f"templates/page.html:{_line_of(PAGE_HTML, old)}:{line}" for line in said]


@pytest.mark.parametrize(("template", "said"), [
    ("base.html", "this template is empty, yet 404.html, categories.html, category.html and 14 "
                  "more are made with it: their pages would lose what it held"),
    ("page.html", "this template is empty, yet criteria.html and partners.html are made with it: "
                  "their pages would lose what it held"),
    ("home.html", "this template writes nothing: the pages made with it would be blank"),
])
def test_an_empty_template_is_one_line_at_its_file(make_site: MakeSite, template: str,
                                                    said: str) -> None:
    """Not a blank page published (home.html), nor a line at every link to an anchor of the
    pages made with it."""
    assert diagnostics(make_site, {f"templates/{template}": "\n"}) == [
        f"templates/{template}: error: {said} (was its text deleted by mistake?)"]


@pytest.mark.parametrize(("gone", "first"), [
    ("base.html", "templates/404.html:1:12"), ("_macros.html", "templates/404.html:2:9")])
def test_a_template_others_name_missing_is_one_line(make_site: MakeSite, gone: str,
                                                    first: str) -> None:
    """Said where the first template names it, not once at each template that does."""
    others = sum(f'"{gone}"' in p.read_text(encoding="utf-8")
                 for p in (REPO / "templates").glob("*.html")) - 1
    assert others > 3
    root = make_site()
    (root / "templates" / gone).unlink()
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False, jobs=1))
    assert own(sorted(str(d) for d in failed.value.report.items)) == [
        f"{first}: error: template '{gone}' not found: there is no templates/{gone} "
        f"({others} other templates name it too)"]


def test_an_unknown_filter_is_named_with_the_one_meant(make_site: MakeSite) -> None:
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n{{ page.title|uper }}"
                                                      "{{ page.title|thousnds }}")}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}:{col}: error: template error: "
        f"unknown filter '{name}' (did you mean '{meant}'?)"
        for col, name, meant in ((15, "uper", "upper"), (36, "thousnds", "thousands"))]


def test_a_macro_given_a_wrong_value_is_said_where_it_is_called(make_site: MakeSite) -> None:
    """Not in _macros.html, where the value is used."""
    page = (REPO / "templates/countries.html").read_text(encoding="utf-8")
    call = "{{ hero(None, page.title, page.description, compact=True) }}"
    line = _line_of(page, call)
    files = {"templates/countries.html": page.replace(call, call.replace("title", "titel")),
             "templates/categories.html": (REPO / "templates/categories.html").read_text(
                 encoding="utf-8").replace(call, "{{ hero(None) }}")}
    at = _line_of((REPO / "templates/categories.html").read_text(encoding="utf-8"), call)
    assert diagnostics(make_site, files) == [
        f"templates/categories.html:{at}: error: template error: parameter 'title' was not "
        "provided",
        f"templates/countries.html:{line}:20: error: template error: 'page' has no field 'titel' "
        "(did you mean 'title'?)"]


def test_valid_templates_are_not_taken_for_mistakes(make_site: MakeSite) -> None:
    """A name written with './', a block the template shows itself, a parent chosen by an
    {% if %}: Jinja makes each as it should."""
    page = (REPO / "templates/page.html").read_text(encoding="utf-8")
    page = page.replace('{% extends "base.html" %}', '{% if page %}{% extends "base.html" %}'
                        '{% else %}{% extends "_alt.html" %}{% endif %}', 1)
    page = page.replace("{{ rendered(doc) }}", "{{ rendered(doc) }}{{ self.aside() }}"
                        '{% include "./_box.html" %}', 1)
    files = {"templates/_box.html": "<aside>box</aside>\n",
             "templates/_alt.html": "{% extends 'base.html' %}\n",
             "templates/page.html": page + "{% block aside %}<aside>side</aside>{% endblock %}\n"}
    root = make_site(files)
    result = build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False,
                                jobs=1))
    assert not [d for d in result.report.items if d.path.startswith("templates")]
    html = (root / "public/act/index.html").read_text(encoding="utf-8")
    assert "<aside>side</aside>" in html and "<aside>box</aside>" in html


def test_a_template_no_page_uses_is_checked_too(make_site: MakeSite) -> None:
    """A mistake in a template left over after a change is said as in one in use."""
    assert diagnostics(make_site, {"templates/old.html": "<p>{% if x %}</p>\n"}) == [
        "templates/old.html:1:7: error: template syntax error: the '{% if %}' on this line is "
        "not closed: add '{% endif %}' where it ends"]
    assert diagnostics(make_site, {"templates/old.html": "{% extends 'base.html' %}"
                                                         "{% block mian %}{% endblock %}"},
                       name="block") == [
        "templates/old.html:1:35: error: base.html has no block 'mian' for this one to fill, "
        "so nothing in it is shown (did you mean 'main'?)"]


def test_text_before_extends_is_an_error_at_its_line(make_site: MakeSite) -> None:
    """Jinja writes it above the parent's doctype: the page would be read in quirks mode."""
    text = (REPO / "templates/page.html").read_text(encoding="utf-8")
    assert diagnostics(make_site, {"templates/page.html": "<!-- notes -->\n<p>Draft</p>\n" + text}) == [
        "templates/page.html:2: error: this is written before '{% extends %}', above the page "
        "base.html makes (before its <!doctype html>): move it into a block, or delete it"]


def test_a_template_saved_with_a_bom_writes_none_and_a_nul_byte_is_an_error(
        make_site: MakeSite) -> None:
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    root = make_site({"templates/base.html": "\ufeff" + base})
    build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False, jobs=1))
    assert (root / "public/index.html").read_bytes().startswith(b"<!doctype html>")
    nul = base.replace("<body", "\0<body", 1)
    line = nul[:nul.index("\0")].count("\n") + 1
    col = nul.index("\0") - nul.rfind("\n", 0, nul.index("\0"))
    assert diagnostics(make_site, {"templates/base.html": nul}, name="nul") == [
        f"templates/base.html:{line}:{col}: error: this file contains a NUL byte (\\0): delete "
        "it (it comes from a damaged file or from text copied out of a binary one)"]


@pytest.mark.parametrize(("text", "said", "col"), [
    ('{% includ "x.html" %}', "unknown tag '{% includ %}' (did you mean '{% include %}'?)", 4),
    ("<p>x</p>{% endif %}", "'{% endif %}' has no '{% if %}' open here to go with it", 12),
    ("{% if doc %}a{% esle %}b{% endif %}", "unknown tag '{% esle %}' (did you mean '{% else %}'?)",
     17),
    ("{% if doc %}a{% elseif x %}b{% endif %}",
     "unknown tag '{% elseif %}' (did you mean '{% elif %}'?)", 17),
    ("{% assign x = 1 %}", "unknown tag '{% assign %}' (a value is named with "
     "'{% set name = ... %}' here)", 4),  # Liquid's
    ("{% unless doc %}a{% endunless %}", "unknown tag '{% unless %}' (written '{% if not ... %}' "
     "here)", 4),
    ("{% for x in [1] %}a{% endfro %}", "unknown tag '{% endfro %}' (did you mean '{% endfor %}'?)",
     23),
    ("{% for x in [1] %}a{% end %}", "unknown tag '{% end %}' (did you mean '{% endfor %}'?)", 23),
    # in the page's {% block main %}: the end of the block open there, not any end
    ("{% endwhile %}", "unknown tag '{% endwhile %}' (did you mean '{% endblock %}'?)", 4),
])
def test_an_unknown_or_stray_tag_is_named_at_its_line(make_site: MakeSite, text: str,
                                                      said: str, col: int) -> None:
    """Not taken for the `{% block %}` around it left open."""
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}:{col}: error: template syntax "
        f"error: {said}"]


@pytest.mark.parametrize(("text", "at"), [
    ("{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}", "here"),
    ('{% include "page.html" %}', "here"),
    ('{% extends "page.html" %}', 1),
])
def test_a_template_that_calls_itself_without_end_is_one_line_where_it_starts_again(
        make_site: MakeSite, text: str, at: str | int) -> None:
    """Not where the depth ran out (base.html), nor in two wordings."""
    marker = "{{ rendered(doc) }}"
    page_html = PAGE_HTML.replace(marker, marker + "\n" + text) if at == "here" else \
        PAGE_HTML.replace(PAGE_HTML.split("\n", 1)[0], text, 1)
    line = f"{_line_of(PAGE_HTML, marker) + 1}" if at == "here" else f"{at}:12"
    said = ("this extends of 'page.html' leads back here without end (page.html → page.html): "
            "put it inside an {% if %} that stops it, or take it out") if "extends" in text \
        else "template error: a macro or template calls itself without end"
    assert diagnostics(make_site, {"templates/page.html": page_html}) == [
        f"templates/page.html:{line}: error: {said}"]


def test_a_template_always_loaded_again_is_one_line_before_any_page(make_site: MakeSite) -> None:
    """Every page went round until Python's recursion ran out: minutes of a build, and a
    line that depended on where it did."""
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    looped = base.replace("\n", '\n{% include "base.html" %}\n', 1)
    assert diagnostics(make_site, {"templates/base.html": looped}) == [
        "templates/base.html:2:12: error: this include of 'base.html' leads back here without "
        "end (base.html → base.html): put it inside an {% if %} that stops it, or take it out"]
    two = {"templates/base.html": base.replace("\n", '\n{% include "_a.html" %}\n', 1),
           "templates/_a.html": '<p>a</p>\n{% include "_b.html" %}\n',
           "templates/_b.html": '{% include "_a.html" %}\n'}
    assert diagnostics(make_site, two, name="two") == [
        "templates/_a.html:2:12: error: this include of '_b.html' leads back here without end "
        "(_a.html → _b.html → _a.html): put it inside an {% if %} that stops it, or take it out"]


@pytest.mark.parametrize("text", [
    '{% if depth < 3 %}{% include "_tree.html" %}{% endif %}',  # stopped: not a loop
    '{% for child in [] %}{% include "_tree.html" %}{% endfor %}'])
def test_a_template_loaded_again_under_a_condition_is_not_a_loop(make_site: MakeSite,
                                                                  text: str) -> None:
    root = make_site({"templates/_tree.html": "{% set depth = (depth or 0) + 1 %}" + text})
    result = build(BuildOptions(root=root, out=None, base_url=None, drafts=False, strict=False,
                                jobs=1))
    assert not [d for d in result.report.items if "_tree.html" in str(d)]


@pytest.mark.parametrize(("text", "said", "col"), [
    ('{{ ("x" * 10**12)|length }}', "'*' would make 1,000,000,000,000 characters or items, "
                                    "more than the 10,000,000 a template may make", 9),
    ("{{ 2 ** 10000000 }}", "'**' would make a number of more than 100 digits", 6),
    ("{{ 2 ** 10000 }}", "'**' would make a number of more than 100 digits", 6),  # 3,011
    ("{{ 10.0 ** 400 }}", "'**' would make a number of more than 100 digits", 9),  # overflow
    ("{{ 10 ** 60 * 10 ** 60 }}", "'*' would make a number of more than 100 digits", 13),
])
def test_a_value_too_large_to_make_is_an_error_at_its_line(make_site: MakeSite, text: str,
                                                           said: str, col: int) -> None:
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}:{col}: error: template error: "
        f"{said}"]


@pytest.mark.parametrize("loops", [
    "{% for i in range(90000) %}{% for j in range(90000) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% for x in range(2) recursive %}{% if loop.depth < 40 %}{{ loop(range(2)) }}{% endif %}"
    "{% endfor %}",
])
def test_a_template_that_runs_on_is_stopped_at_its_line(make_site: MakeSite, loops: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops inside loops, a macro calling itself twice at each depth, a recursive loop: one
    line once the page's deadline passes (here half a second), and at once on the next
    pages, not a build that never ends."""
    from aze_site.render import environment

    monkeypatch.setattr(environment, "RENDER_LIMIT", 0.5)
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + loops)}
    started = time.monotonic()
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}: error: template error: the "
        "page's template ran on for more than 0.5 s here: a loop over too many items, loops "
        "inside loops, or a macro that calls itself too often"]
    assert time.monotonic() - started < 30


def test_a_page_that_waits_its_turn_is_not_said_to_run_on(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    """The limit is the page's own processor time: on a busy machine (--jobs 1000 on two
    cores) pages waited for seconds without a fault of their templates, and the build
    failed with its templates' loops said to run on. A template that works on is stopped."""
    from aze_site.render import environment

    monkeypatch.setattr(environment, "RENDER_LIMIT", 0.2)
    template = environment.make_environment(tmp_path).from_string(
        "{% for i in range(3) %}{{ wait() }}{% for j in range(2) %}{% endfor %}{% endfor %}")

    def work() -> None:
        begun = time.thread_time()
        while time.thread_time() - begun < 0.15:
            pass

    try:
        environment.DEADLINE.start()
        template.render(wait=lambda: time.sleep(0.15))  # as a process waits for a core
        environment.DEADLINE.start()
        with pytest.raises(environment.TooSlow):
            template.render(wait=work)
    finally:
        environment.DEADLINE.stop()


def test_a_template_that_cannot_be_read_is_one_line_at_its_file(make_site: MakeSite) -> None:
    """Not a line at each template that pulls it in (criteria.html and partners.html extend
    page.html), nor 'not found' for the pages made with it."""
    marker = "{{ rendered(doc) }}"
    latin1 = PAGE_HTML.replace(marker, marker + "\n<p>caf\u00e9</p>").encode("latin-1")
    line = _line_of(PAGE_HTML, marker) + 1
    assert diagnostics(make_site, {"templates/page.html": latin1}) == [
        f"templates/page.html:{line}:7: error: not UTF-8 text (byte 0xe9): save the file as UTF-8"]


def test_a_template_that_is_a_link_is_one_line_at_the_link(make_site: MakeSite,
                                                            tmp_path: Path) -> None:
    root = make_site()
    outside = tmp_path / "outside.html"
    shutil.move(root / "templates/page.html", outside)
    (root / "templates/page.html").symlink_to(outside)
    assert errors_of(root) == [
        "templates/page.html: error: this template is a symbolic link, which is not allowed in "
        "templates/ (it may lead outside the project): copy the file itself here"]


def test_a_template_line_that_fails_with_each_pages_values_is_one_line(
        make_site: MakeSite) -> None:
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n{{ RED_LIST[page.title] }}")}
    found = diagnostics(make_site, files)
    assert len(found) == 1
    assert re.fullmatch(
        rf"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}:4: error: template error: "
        r"'RED_LIST' has no key '[^']+' \(and \d+ more like it, on other pages\)", found[0])


def test_one_per_line_keeps_other_diagnostics_as_they_are() -> None:
    from aze_site.errors import Diagnostic, one_per_line

    items = [Diagnostic("templates/a.html", 3, 0, "error", "template error: x 1"),
             Diagnostic("templates/a.html", 3, 0, "error", "template error: x 2"),
             Diagnostic("templates/a.html", 4, 0, "error", "template error: y"),
             Diagnostic("templates/a.html", 5, 4, "error", "template error: z"),
             Diagnostic("templates/a.html", 5, 9, "error", "template error: w"),
             Diagnostic("content/a.md", 3, 1, "error", "one"),
             Diagnostic("content/a.md", 3, 1, "error", "two")]
    assert [str(d) for d in one_per_line(items)] == [
        "content/a.md:3:1: error: one", "content/a.md:3:1: error: two",
        "templates/a.html:3: error: template error: x 1 (and 1 more like it, on other pages)",
        "templates/a.html:4: error: template error: y",
        "templates/a.html:5:4: error: template error: z",
        "templates/a.html:5:9: error: template error: w"]


@pytest.mark.parametrize(("text", "said", "col"), [
    ("{{ a|join(',') }}{{ b|join(1, 2, 3) }}", "the filter 'join' takes at most 2", 6),  # first
    ("{{ a|upper }}{{ a|uper }}", "template error: unknown filter 'uper' (did you mean 'upper'?)",
     19),  # not the 'upper' meant
    ("{{ hero(None, page.title) }}", "template error: parameter 'title' was not provided", 0),
    ("{{ x.subtitel }}", "'page' has no field 'subtitel'", 0),  # another owner's field
    ("{{ page.title }}", "template 'x.html' not found: there is no templates/x.html", 0),
    ("{{ x }}", "template error: division by zero", 0),  # names nothing
])
def test_a_template_diagnostics_column_is_where_its_line_writes_what_it_names(
        text: str, said: str, col: int) -> None:
    from aze_site.render.template_column import written_column

    assert written_column(text, said) == col


@pytest.mark.parametrize(("text", "said", "at"), [
    ("{{ page.title|long_date(1, 2) }}",
     "template error: the filter 'long_date' takes no arguments, and was given 2", ":15"),
    ('{{ asset("a", "b") }}', "template error: 'asset()' takes 1 argument (path), and was given "
     "2", ":4"),
    ("{{ _('Sites', 5) }}", "template error: '_()' takes 1 argument (message), and was given 2",
     ":4"),  # template_gettext.<locals>.gettext() takes 1 positional argument but 2 were given
    ("{{ ngettext('site', 'sites') }}", "template error: 'ngettext()' takes 3 arguments "
     "(singular, plural, num), and was given 2", ":4"),  # missing 1 required positional argument
    ("{{ _(5) }}", "template error: the words to translate are written as text in quotes, "
     "_('...'), and were given a whole number", ""),  # only text ... has a length
    ("{{ _(page.subtitel) }}", "template error: 'page' has no field 'subtitel'", ":11"),
    ("{{ 5|long_date }}", "template error: the filter 'long_date' takes a date, such as "
     "page.updated, and was given a whole number ('5')", ":6"),  # got int '5'
    ("{{ rendered(5) }}", "template error: rendered() takes a page, site or news post the "
     "template was given (doc, s, an item of sites or news), not a whole number", ":4"),
    ("{% trans %}Hello {{ page.title }}{% endtrans %}", "template syntax error: expected '}}' "
     "here, not '.': inside '{% trans %}' a '{{ }}' holds a name alone; give the value a name "
     "in the tag, {% trans title=page.title %}...{{ title }}...{% endtrans %}", ":25"),
    ("{% for x in none %}{% endfor %}",
     "template error: a loop over a value that is empty here (none): test it first, "
     "{% if ... %}", ""),
    ("{% for x in 5 %}{% endfor %}", "template error: this goes over the items of text, a "
     "list or a dict, and was given a whole number", ""),  # 'int' object is not iterable
    ("{% set a, b = 1 %}", "template error: a whole number cannot be split into several names "
     "({% for a, b in ... %}, {% set a, b = ... %})", ""),  # cannot unpack non-iterable int
    ("{{ page.title|length }}{{ 5|length }}", "template error: only text, a list or a dict "
     "has a length (a number of items), and this is a whole number", ""),  # has no len()
    ("{{ page|count }}", "template error: only text, a list or a dict has a length (a number "
     "of items), and this is a page", ""),  # not 'a PageMeta', its Python class
    ("{{ site|first }}", "template error: this goes over the items of text, a list or a dict, "
     "and was given the site's settings", ""),  # not 'a SiteConfig'
    ("{{ -page.title }}", "template error: '-' cannot be used on text", ""),  # bad operand type
    ("{{ range(1, 9, 0)|list }}", "template error: range() cannot count in steps of 0", ":4"),
    ("{{ 1 // 0 }}", "template error: division by zero", ""),  # integer division or modulo
    ("{{ []|first }}", "template error: the list is empty here, so it has no first item: test "
     "it first, {% if ... %}", ""),  # No first item, sequence was empty.
    ("{{ []|max }}", "template error: the list is empty here, so it has no largest or smallest "
     "item: test it first, {% if ... %}", ""),  # No aggregated item, sequence was empty.
    ("{{ [1, 2][5] }}", "template error: a list here has no item 5 (items count from 0)", ""),
    ("{{ page.title.split(1) }}", "template error: text is needed here, and was given a whole "
     "number", ""),  # must be str or None, not int
    ("{{ page.title[1:2:0] }}", "template error: a slice ([start:end:step]) cannot go in steps "
     "of 0", ""),
    ("{{ page.title|attr(5) }}", "template error: the filter 'attr' takes the name of a field, "
     "as text, and was given a whole number", ":15"),
    ("{{ 'x'|filesizeformat }}", "template error: the filter 'filesizeformat' takes a number of "
     "bytes, and was given text ('x')", ":8"),  # could not convert string to float: 'x'
    ("{{ page.title is divisibleby('a') }}", "template error: the test 'divisibleby' takes whole "
     "numbers, and was given something else", ":18"),  # 'Act' % 'a': a format text
    ("{{ page.title * 1.5 }}", "template error: '*' repeats text or a list a whole number of "
     "times, and was given a decimal number", ""),  # can't multiply sequence by non-int
    ("{{ page.title }}{{ page.hero|upper }}", "template error: the filter 'upper' takes text, "
     "and was given none (an empty value) here: test it first, {% if ... %}", ":30"),  # NONE
    ("{{ page.hero|truncate(5) }}", "template error: the filter 'truncate' takes text, and was "
     "given none (an empty value) here: test it first, {% if ... %}", ":14"),  # no len()
    ("{% include page.hero %}", "a template's name is needed here, as text (e.g. "
     "'_card.html'), and was given none (an empty value)", ":4"),  # template 'None' not found
    ("{% include page %}", "a template's name is needed here, as text (e.g. '_card.html'), "
     "and was given a page", ":4"),  # this goes over the items of text, a list or a dict
    ("{% from none import x %}", "a template's name is needed here, as text (e.g. "
     "'_card.html'), and was given none (an empty value)", ":4"),  # no attribute 'split'
    ("{% include [none] %}", "a template's name is needed here, as text (e.g. "
     "'_card.html'), and was given none (an empty value)", ":4"),  # no attribute 'split'
    ('{% include "" %}', "a template's name is needed here, as text (e.g. '_card.html'), and "
     "was given empty text", ":4"),  # and not also "template '' not found" from the scan
    ('{% include "../content/site.yaml" %}',
     "template '../content/site.yaml': a template names another inside templates/, from there "
     "('..' is not allowed)", ":12"),
])
def test_a_template_mistake_is_said_in_the_templates_words(make_site: MakeSite, text: str,
                                                           said: str, at: str) -> None:
    """Not in Python's: 'PageRenderer.long_date() takes 2 positional arguments but 4 were
    given', 'NoneType' object is not iterable."""
    marker = "{{ rendered(doc) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}{at}: error: {said}"]


def test_a_name_with_fields_in_a_trans_block_opened_lines_before_gets_the_hint(
        make_site: MakeSite) -> None:
    marker = "{{ rendered(doc) }}"
    text = "{% trans %}Hello,\n{{ page.title }}{% endtrans %}{{ page.title }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 2}:8: error: template syntax "
        "error: expected '}}' here, not '.': inside '{% trans %}' a '{{ }}' holds a name alone; "
        "give the value a name in the tag, {% trans title=page.title %}...{{ title }}..."
        "{% endtrans %}"]


def test_a_name_with_fields_after_a_trans_block_gets_no_trans_hint(make_site: MakeSite) -> None:
    marker = "{{ rendered(doc) }}"
    text = "{% trans %}Hello{% endtrans %}{{ page.title page }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + text)}
    assert [line.partition(": error: ")[2] for line in diagnostics(make_site, files)] == [
        "template syntax error: expected '}}' here, not 'page'"]


def test_check_quiet_prints_only_the_problems(make_site: MakeSite,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({SITE: SITE_MD.replace("status: CR", "status: XX")})
    assert main(["check", "-q", "--root", str(root)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert own(captured.err.splitlines()) == [
        f"{SITE}:12:13: error: species[0].status: 'XX' {NOT_TRIGGER}"]


def test_rendered_takes_only_a_document_the_template_was_given(make_site: MakeSite) -> None:
    """A look-alike naming another file (a draft) would publish its text."""
    marker = "{{ rendered(doc) }}"
    fake = "{{ rendered(namespace(source=namespace(path='content/pages/act.md'))) }}"
    files = {"templates/page.html": PAGE_HTML.replace(marker, marker + "\n" + fake)}
    assert diagnostics(make_site, files) == [
        f"templates/page.html:{_line_of(PAGE_HTML, marker) + 1}:4: error: template error: "
        "rendered() takes a page, site or news post the template was given (doc, s, an item "
        "of sites or news), not a namespace()"]


@pytest.mark.parametrize("body", ["", "\n   \n"])
def test_a_translation_without_text_where_its_original_has_some_is_warned_about(
        make_site: MakeSite, body: str) -> None:
    """Its page would show a title alone; a draft, or an original without text, is left be."""
    langs = {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n")}
    begun = {**langs, "content/sites/chapada-do-araripe.fr.md": "---\nname: Chapada\n---\n" + body}
    assert warnings_of(make_site, begun) == [
        "content/sites/chapada-do-araripe.fr.md:3:1: warning: this translation has no text below "
        "its fields, while content/sites/chapada-do-araripe.md has: its page in 'fr' would show "
        "none; translate the text, or mark the translation 'draft: true' until it is"]
    draft = {**langs, "content/sites/chapada-do-araripe.fr.md":
             "---\nname: Chapada\ndraft: true\n---\n" + body}
    assert warnings_of(make_site, draft, "draft") == []


def test_a_translation_without_text_of_a_draft_is_a_draft_s_warning(make_site: MakeSite) -> None:
    """Neither is published: --strict leaves it a warning, as it does a draft's."""
    files = {"content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, fr]\n"),
             "content/sites/chapada-do-araripe.md":
                 SITE_MD.replace("updated: 2018-11-13", "updated: 2018-11-13\ndraft: true"),
             "content/sites/chapada-do-araripe.fr.md": "---\nname: Chapada\n---\n"}
    result = build(BuildOptions(root=make_site(files), out=None, base_url=None, drafts=True,
                                strict=False, jobs=1), memory=MemoryWriter())
    said = [d for d in result.report.strict().items if "no text below" in d.message]
    assert [(d.path, d.level, d.draft) for d in said] == [
        ("content/sites/chapada-do-araripe.fr.md", "warning", True)]


def test_a_link_to_a_draft_shown_with_drafts_is_warned_about(make_site: MakeSite) -> None:
    """`serve --drafts` and `build --drafts` show the draft, and the link works there; the
    build that publishes without them refuses it: said as a draft's warning (not an error
    under --strict), and not for a draft linking another."""
    draft_site = SITE_MD.replace("updated: 2018-11-13", "updated: 2018-11-13\ndraft: true")
    link = "See [the site](../sites/chapada-do-araripe.md).\n"
    root = make_site({"content/sites/chapada-do-araripe.md": draft_site,
                      "content/pages/more.md": f"---\ntitle: More\n---\n{link}",
                      "content/pages/later.md": f"---\ntitle: Later\ndraft: true\n---\n{link}"})
    result = build(BuildOptions(root=root, out=None, base_url=None, drafts=True, strict=False,
                                jobs=1), memory=MemoryWriter())
    said = [d for d in result.report.items if str(d) in own([str(d)])]
    assert all(d.draft for d in said)  # --strict leaves it a warning
    assert [str(d) for d in said] == [
        "content/pages/more.md:4:16: warning: link '../sites/chapada-do-araripe.md': "
        "content/sites/chapada-do-araripe.md is a draft, shown here with --drafts; published "
        "without them, this link is an error: publish it (draft: false) or remove the link"]
    assert diagnostics(make_site, {"content/sites/chapada-do-araripe.md": draft_site,
                                   "content/pages/more.md": f"---\ntitle: More\n---\n{link}"},
                       name="published") == [
        "content/pages/more.md:4:16: error: link '../sites/chapada-do-araripe.md': "
        "content/sites/chapada-do-araripe.md is a draft, not published: publish it (draft: "
        "false) or remove the link"]


def test_a_call_to_action_leading_to_a_draft_is_warned_about(make_site: MakeSite) -> None:
    """Its card showed no button, silently; a draft's warning (not an error under
    --strict), said with --drafts too, where the button is there."""
    files = {"content/pages/act.md": "---\ntitle: Act\ndraft: true\n---\nText.\n"}
    said = ("content/audiences.yaml:4:9: warning: audience[0].page: content/pages/act.md is a "
            "draft: published without --drafts, this call to action shows no button until the "
            "page is (draft: false)")
    assert warnings_of(make_site, files) == [said]
    result = build(BuildOptions(root=make_site(files, "drafts"), out=None, base_url=None,
                                drafts=True, strict=False, jobs=1), memory=MemoryWriter())
    assert [str(d) for d in result.report.items if d.draft and "audience" in str(d)] == [said]


@pytest.mark.parametrize(("url", "rel", "text"), [
    ("/more/", "content/pages/more.md", "---\ntitle: More\ndraft: true\n---\nText.\n"),
    ("/sites/cactus-hill/", "content/sites/cactus-hill.md", "---\nname: Cactus Hill\n"
     "iso3: MEX\nlocation: {lat: 23, lon: -102}\nspecies:\n  - name: Mammillaria x\n"
     "    status: CR\ndraft: true\n---\nText.\n"),
    ("/news/more/", "content/news/2020-01-01-more.md",
     "---\ntitle: More\ndraft: true\n---\nText.\n"),
])
def test_a_menu_entry_leading_to_a_draft_shown_with_drafts_is_warned_about(
        make_site: MakeSite, url: str, rel: str, text: str) -> None:
    """As a link in a text is: the entry works with --drafts, and leads nowhere without,
    whether the draft is a page, a site or a news item."""
    files = {"content/site.yaml": SITE_YAML.replace("url: /sites/", f"url: {url}"), rel: text}
    result = build(BuildOptions(root=make_site(files), out=None, base_url=None, drafts=True,
                                strict=False, jobs=1), memory=MemoryWriter())
    assert [str(d) for d in result.report.items if d.draft and "site.yaml" in d.path] == [
        f"content/site.yaml:7:25: warning: nav[0].url: {url} leads to {rel}, a "
        "draft, shown here with --drafts; published without them, this entry leads nowhere: "
        "publish it (draft: false) or remove this entry"]
    assert diagnostics(make_site, files, name="published") == [
        f"content/site.yaml:7:25: error: nav[0].url: {url} leads nowhere: {rel} "
        "is a draft: publish it (draft: false) or remove this entry"]
