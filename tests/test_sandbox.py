"""Templates run in Jinja's sandbox (its verdicts remembered per type), and the gettext
callables give what jinja2.ext.i18n's own give."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pytest
from conftest import REPO, MakeSite, errors_of, files_of
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from aze_site.render.environment import ProjectSandbox, make_environment
from aze_site.render.i18n import Messages, Translator, template_gettext
from aze_site.render.kinds import KINDS, OTHER_KINDS
from aze_site.render.printed import Unprinted


@dataclass(frozen=True)
class Page:
    title: str

    def shout(self) -> str:
        return self.title.upper()


def _generator() -> Iterator[int]:
    yield 1


@pytest.fixture
def env(tmp_path: Path) -> ProjectSandbox:
    environment = make_environment(tmp_path)
    assert isinstance(environment, ProjectSandbox)
    return environment


def _render(env: jinja2.Environment, source: str, **values: Any) -> str:
    return env.from_string(source).render(**values)


@pytest.mark.parametrize("source", [
    "{{ page.__class__ }}",
    "{{ page.__class__.__mro__ }}",
    "{{ page.shout.__func__ }}",
    "{{ page.shout.__self__ }}",
    "{{ function.__globals__ }}",
    "{{ function.__code__ }}",
    "{{ generator.gi_frame }}",
    "{{ generator.gi_code }}",
    "{{ page_type.mro }}",
    "{{ '{0.__class__}'.format(page) }}",
    "{{ '{x.__class__}'.format_map({'x': page}) }}",
])
def test_python_internals_stay_out_of_reach(env: ProjectSandbox, source: str) -> None:
    values = {"page": Page("Bale"), "function": _render, "generator": _generator(),
              "page_type": Page}
    # each twice: the second time the verdict is the remembered one
    warm = "{{ page.title }}{{ page.shout() }}{{ function.__name__ is defined }}"
    for _ in range(2):
        with pytest.raises(SecurityError):
            _render(env, warm + source, **values)


def test_what_the_sandbox_allows_it_still_allows_when_remembered(env: ProjectSandbox) -> None:
    source = "{{ page.title }} {{ page.shout() }} {{ data.name }} {{ '{}!'.format(page.title) }}"
    for title in ("Bale", "Manas"):
        assert _render(env, source, page=Page(title), data={"name": "AZE"}) == (
            f"{title} {title.upper()} AZE {title}!")


def test_the_gettext_callables_answer_as_jinjas_own(tmp_path: Path) -> None:
    source = (
        "{{ _('Sites') }}|{{ _('100%% sure') }}|{{ _('%(n)s sites', n=3) }}|"
        "{{ _('<b>%(name)s</b>', name='<i>x</i>') }}|"
        "{% trans %}Plain{% endtrans %}|{% trans n=2 %}Only %(n)s{% endtrans %}|"
        "{% trans count=1 %}{{ count }} site{% pluralize %}{{ count }} sites{% endtrans %}|"
        "{% trans count=5 %}{{ count }} site{% pluralize %}{{ count }} sites{% endtrans %}|"
        "{{ ngettext('%(num)s species', '%(num)s species', 4) }}|"
        "{{ pgettext('menu', 'Act') }}|{{ npgettext('menu', 'one', '%(num)s more', 2) }}"
    )
    messages = Messages("es", {"Sites": "Sitios", "100%% sure": "100%% seguro",
                               "Plain": "Sencillo"},
                        {"%(num)s site": ("%(num)s sitio", "%(num)s sitios")}, "(n != 1)")
    translator = Translator(messages)
    jinjas = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinjas.install_gettext_callables(  # type: ignore[attr-defined]
        translator.gettext, translator.ngettext, newstyle=True,
        pgettext=translator.pgettext, npgettext=translator.npgettext)
    ours = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    ours.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    ours.globals.update(template_gettext(lambda: translator))
    expected = jinjas.from_string(source).render()
    assert ours.from_string(source).render() == expected
    assert expected.startswith("Sitios|100% seguro|3 sites|<b>&lt;i&gt;x&lt;/i&gt;</b>|Sencillo|")



def test_a_string_not_translated_is_marked_english_where_an_element_may_go(
        env: ProjectSandbox) -> None:
    """Read out with the page's voice, English words are garbled: between tags they are
    marked; in an attribute, a title, an option, a `{% set %}` block or a macro writing no
    element (its text may end up in an attribute) there is no place for a span."""
    translator = Translator(Messages("es", {"Site": "Sitio"}), "es")
    env.globals.update(template_gettext(lambda: translator))
    source = (
        "<title>{{ _('Map') }}</title><p title=\"{{ _('Map') }}\">{{ _('Map') }} {{ _('Site') }}"
        "</p><option>{{ _('Map') }}</option>{% trans %}Hi <b>x</b>{% endtrans %}"
        "{% macro words() %}{{ _('Map') }}{% endmacro %}<a href='x'{{ words() }}>{{ words() }}</a>"
        "{% set kept %}{{ _('Map') }}{% endset %}{{ kept }}|{{ _('On %(d)s', d='<1>') }}"
        "<svg><text>{{ _('Map') }}</text></svg>{{ _('Map') }}")  # a span would end the svg
    assert _render(env, source) == (
        '<title>Map</title><p title="Map"><span lang="en">Map</span> Sitio</p>'
        '<option>Map</option><span lang="en">Hi <b>x</b></span><a href=\'x\'Map>Map</a>'
        'Map|<span lang="en">On &lt;1&gt;</span><svg><text>Map</text></svg>'
        '<span lang="en">Map</span>')
    english = Translator(None, "en")
    env.globals.update(template_gettext(lambda: english))
    assert "span" not in _render(env, source)


class _Html:
    def __html__(self) -> str:
        return "<b>trusted</b>"


def test_output_is_written_as_jinjas_own_escape_writes_it(env: ProjectSandbox) -> None:
    """`{{ }}` goes through output_text, not markupsafe.escape: the page is the same."""
    source = (
        "{{ text }}|{{ number }}|{{ none }}|{{ markup }}|{{ html }}|{{ items }}|{{ text ~ markup }}|"
        "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(text) }}|{{ m(markup) }}|"
        "{% set block %}{{ text }}{% endset %}{{ block }}|{{ block|upper }}|"
        "{% filter upper %}{{ text }}{% endfilter %}|{{ text|e }}|{{ text|safe }}|"
        "{% autoescape false %}{{ text }}{% endautoescape %}|{{ quote }}")
    values = {"text": "<a href=\"x\">Bale & 'Manas'</a>", "number": 3.5, "none": None,
              "markup": markupsafe.Markup("<em>ok</em>"), "html": _Html(),
              "items": ["<b>", 1], "quote": "'\"&<>"}
    stock = SandboxedEnvironment(autoescape=True)
    expected = stock.from_string(source).render(**values).replace("|None|", "||")  # nothing
    assert "output_text(" in env.compile(source, raw=True)
    assert _render(env, source, **values) == expected
    assert "&lt;a href=&#34;x&#34;&gt;Bale &amp; &#39;Manas&#39;&lt;/a&gt;" in expected


@pytest.mark.parametrize("source", [
    "[{{ none }}]", "[{{ value }}]", '<p title="{{ value }}">[{{ value }}]</p>',
    "{% autoescape false %}[{{ value }}]{% endautoescape %}", "[{{ {'a': none}.a }}]",
    "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(none) }}"])
def test_a_value_that_is_none_prints_nothing(env: ProjectSandbox, source: str) -> None:
    """A field left empty (`{{ page.hero_caption }}`) prints nothing, as in Hugo, not
    Python's word "None", whether known when the template is compiled or as it runs, and
    in a text to translate as outside one."""
    for translator, said in ((Translator(None, "en"), "[Photo: ]"), (Translator(Messages(
            "es", {"Photo: %(x)s": "Foto: %(x)s"}), "es"), "[Foto: ]")):
        env.globals.update(template_gettext(partial(lambda t: t, translator)))
        assert _render(env, "[{% trans x=value %}Photo: {{ x }}{% endtrans %}]",
                       value=None) == said
    assert "None" not in _render(env, source, value=None)
    assert "[]" in _render(env, source, value=None)


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ 'Photo: ' ~ none }}", "Photo: "),  # known when compiled
    ("{{ 'Photo: ' ~ value }}", "Photo: "),  # as the page is made
    ("{{ ('a' ~ none ~ 'b')|reverse }}|{{ 'a' ~ value ~ 'b' == 'ab' }}", "ba|True"),
    ("{% set s = 'a' ~ none %}{% set t = value ~ 'b' %}{{ s }}{{ t }}", "ab"),
    ("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m('a' ~ none) }}{{ m(value ~ 1) }}", "[a][1]"),
    ("{% trans x='Photo: ' ~ value %}{{ x }}{% endtrans %}", "Photo: "),
    ("{% autoescape false %}{{ value ~ '<b>' }}|{{ '<a>' ~ none }}{% endautoescape %}",
     "<b>|<a>"),
    ("{% autoescape off %}{{ value ~ '<b>' ~ markup }}{% endautoescape %}",  # known as it runs
     "<b><em>ok</em>"),
    # markup stays markup, and plain text joined to it is escaped, as before
    ("{{ markup ~ value ~ '<i>' }}|{{ '<i>' ~ markup ~ value }}|{{ (markup ~ value)|e }}",
     "<em>ok</em>&lt;i&gt;|&lt;i&gt;<em>ok</em>|<em>ok</em>"),
    ("{{ value|string }}|{{ none|string }}|{{ markup|string }}|{{ '<i>'|string }}",
     "||<em>ok</em>|&lt;i&gt;"),
    ("{{ ['<a>', value, markup]|join('|') }}|{{ [1, none]|join(none) }}|"
     "{{ [{'a': value}, {'a': 'b'}]|join(',', attribute='a') }}", "&lt;a&gt;||<em>ok</em>|1|,b"),
    ("{{ '%s km'|format(value) }}|{{ '%s-%s'|format(none, '<i>') }}|{{ '%(a)s!'|format(a=value) }}",
     " km|-&lt;i&gt;|!"),
])
def test_none_joined_or_made_text_is_nothing(env: ProjectSandbox, source: str,
                                            expected: str) -> None:
    """`'Photo: ' ~ page.hero_caption` with no caption is "Photo: ", not "Photo: None", as
    `{{ }}` prints none; so are `|string`, `|join` and `|format` of none. Otherwise `~`
    joins as Jinja's does (stock Jinja gives the same with "None" in its places)."""
    values = {"value": None, "markup": markupsafe.Markup("<em>ok</em>"), "off": False}
    assert _render(env, source, **values) == expected
    if "trans" not in source and "==" not in source:
        stock = SandboxedEnvironment(autoescape=True).from_string(source).render(**values)
        assert "None" in stock
        assert stock.replace("None", "") == expected


@pytest.mark.parametrize("source", [
    "{{ ('<b>'|safe) ~ '<i>' ~ none }}",  # known when compiled: Jinja's fold escaped it whole
    "{{ ('<b>'|safe) ~ '<i>' ~ value }}",  # as the page is made
])
def test_markup_joined_when_compiled_stays_markup(env: ProjectSandbox, source: str) -> None:
    assert _render(env, source, value=None) == "<b>&lt;i&gt;"


@pytest.mark.parametrize(("on", "expected"), [
    (True, "<em>ok</em>&lt;i&gt;|<em>ok</em>&lt;i&gt;"), (False, "<em>ok</em><i>|<em>ok</em><i>"),
])
def test_markup_joined_where_escaping_is_known_as_the_page_is_made(
        env: ProjectSandbox, on: bool, expected: str) -> None:
    """`{% autoescape on %}`, `on` a value: markup joined by `~` stays markup, as where
    escaping is known when compiled (it was escaped again, `&lt;em&gt;`)."""
    source = "{% autoescape on %}{{ markup ~ '<i>' }}|{{ markup ~ value ~ '<i>' }}{% endautoescape %}"
    assert _render(env, source, on=on, markup=markupsafe.Markup("<em>ok</em>"),
                   value=None) == expected


def test_a_format_text_that_takes_a_number_given_none_is_still_refused(
        env: ProjectSandbox) -> None:
    with pytest.raises(TypeError, match="not NoneType"):  # said as given none
        _render(env, "{{ '%d sites'|format(none) }}")


@pytest.mark.parametrize(("source", "said"), [
    ("{{ ['a']|map('upper') }}", "a sequence made on the fly"),
    ("{{ [1, 2]|select('odd') }}", "a sequence made on the fly"),
    ("{{ [1, 2]|reject('odd') }}", "a sequence made on the fly"),
    ("{{ [1, 2]|slice(2) }}", "a sequence made on the fly"),  # made when compiled
    ("{{ items|batch(2) }}", "a sequence made on the fly"),
    ("{{ {'a': 1}|items }}", "a sequence made on the fly"),
    ("{{ {'a': 1}.items() }}", "a sequence made on the fly"),  # dict_items([...])
    ("{{ range(3) }}", "a sequence made on the fly"),  # range(0, 3)
    ("{{ items|reverse }}", "a sequence made on the fly"),
    ("{{ range }}", "a function or macro itself"),
    ("{{ 'a'.upper }}", "a function or macro itself"),
    ("{% macro m() %}{% endmacro %}{{ m }}", "a function or macro itself"),
    ("{{ cycler }}", "a function or macro itself"),  # a class
    ("{{ joiner() }}", "a function or macro itself"),
    ("{{ cycler(1) }}", "a value of Python's own workings"),
    ("{{ namespace(a=1) }}", "a namespace()"),
    ("{% for x in items %}{{ loop }}{% endfor %}", "the loop itself"),
    ("{% autoescape false %}{{ items|map('upper') }}{% endautoescape %}",
     "a sequence made on the fly"),
])
def test_a_value_with_no_text_of_its_own_is_not_printed(env: ProjectSandbox, source: str,
                                                        said: str) -> None:
    """Python's text for it ('<generator object sync_do_map at 0x7f...>', another on each
    build) is refused, as the page is made."""
    with pytest.raises(Unprinted) as refused:
        _render(env, source, items=["a", "b"])
    assert str(refused.value).startswith(f"this '{{{{ }}}}' prints {said}")
    assert "0x" not in env.compile(source, raw=True)


def test_ordinary_values_are_printed_as_before(env: ProjectSandbox) -> None:
    source = ("{{ 1 }}|{{ 1.5 }}|{{ true }}|{{ none }}|{{ [1, 'a'] }}|{{ pair }}|{{ {'a': 1} }}|"
              "{{ day }}|{{ items|list }}|{{ items|join(', ') }}|{{ undefined is defined }}")
    import datetime as dt

    values = {"day": dt.date(2018, 11, 13), "items": ["a", "b"], "pair": (1, "a")}
    assert _render(env, source, **values) == SandboxedEnvironment(autoescape=True).from_string(
        source).render(**values).replace("|None|", "||")  # none prints nothing


def test_output_of_an_undefined_value_is_still_an_error(env: ProjectSandbox) -> None:
    with pytest.raises(jinja2.UndefinedError):
        _render(env, "{{ missing }}")


# What no template may reach from what it is given: the file system, the engine, the
# renderer and Jinja's own environment (from which a template could read or write files).
_OUT_OF_REACH = ("pathlib.", "aze_site.engine.", "aze_site.publish.", "aze_site.build.",
                 "aze_site.queries.", "aze_site.render.pages.PageRenderer",
                 "aze_site.render.environment.", "jinja2.environment.Environment",
                 "jinja2.loaders.", "jinja2.bccache.", "io.", "_io.", "builtins.module")
_LEAVES = (str, bytes, int, float, bool, type(None))


def _reachable(values: dict[str, Any], found: dict[str, str]) -> None:
    """The type of every value reachable from `values` through public attributes, items and
    elements (what a template can write), with one path to it."""
    seen: set[int] = set()
    todo = [(name, value, 0) for name, value in values.items()]
    while todo:
        path, value, depth = todo.pop()
        if isinstance(value, _LEAVES) or id(value) in seen or depth > 8:
            continue
        seen.add(id(value))
        kind = type(value)
        found.setdefault(f"{kind.__module__}.{kind.__qualname__}", path)
        if isinstance(value, dict):
            todo += [(f"{path}[{k!r}]", v, depth + 1) for k, v in list(value.items())[:40]]
        elif isinstance(value, (list, tuple, set, frozenset)):
            todo += [(f"{path}[{i}]", v, depth + 1) for i, v in enumerate(list(value)[:40])]
        for name in dir(value):
            if not name.startswith("_"):
                try:
                    todo.append((f"{path}.{name}", getattr(value, name), depth + 1))
                except Exception:  # noqa: BLE001, S112 (a property that fails: not reachable)
                    continue


@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The type of every value the shipped site's pages give their templates, with a path
    to it (`module.Type`: 'page.hero')."""
    from aze_site.build import BuildOptions, build
    from aze_site.render import pages

    root = tmp_path_factory.mktemp("given") / "site"
    for part in ("content", "templates", "static"):
        shutil.copytree(REPO / part, root / part)
    found: dict[str, str] = {}
    render = pages.PageRenderer.render

    def watched(self: pages.PageRenderer, view: Any, spec: Any) -> Any:
        self.start(view, spec.lang)
        _reachable({**self.env.globals, **self.context(spec)}, found)
        return render(self, view, spec)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages.PageRenderer, "render", watched)
        build(BuildOptions(root=root, jobs=1, dry_run=True))
    return found


def test_nothing_a_template_is_given_leads_to_files_or_the_engine(
        given: dict[str, str]) -> None:
    kinds = {kind.split(".")[-1] for kind in given}
    assert {"AzeSite", "Species", "PageMeta", "SiteConfig", "Partner"} <= kinds  # every kind
    assert [(kind, path) for kind, path in given.items() if kind.startswith(_OUT_OF_REACH)] == []


def test_every_kind_a_template_is_given_is_named_in_its_words(given: dict[str, str]) -> None:
    """A message says what a value is ('page' is a page), not its Python class (PageMeta)."""
    unnamed = {kind: path for kind, path in given.items()
               if kind.split(".")[-1] not in KINDS.keys() | OTHER_KINDS.keys()}
    assert unnamed == {}


def test_a_template_cannot_change_what_it_is_given(make_site: Any) -> None:
    site_html = (REPO / "templates/site.html").read_text(encoding="utf-8")
    root = make_site({"templates/site.html": site_html.replace(
        "\n", '\n{% set done = RED_LIST.update({"EN": "Endangered!!"}) %}\n', 1)})
    assert errors_of(root) == [
        "templates/site.html:2:24: error: template error: a template cannot change a dict "
        "('update'): what it is given is shared by every page; make a new one instead, e.g. "
        "{% set d = dict(d, key=value) %} or {% set l = l + [item] %}, kept in a namespace() "
        "to set it inside a loop"]


def test_a_set_block_changes_no_dict_it_is_given(env: ProjectSandbox) -> None:
    """Jinja checks `{% set d.x = ... %}` sets a namespace(), and not the block form."""
    given = {"title": "Bale"}
    with pytest.raises(jinja2.TemplateRuntimeError, match=r"'given\.title' cannot be set"):
        _render(env, "{% set given.title %}Changed{% endset %}", given=given)
    with pytest.raises(jinja2.TemplateRuntimeError, match=r"'given\.title' cannot be set"):
        _render(env, "{% set ns = namespace(a=1) %}{% set ns.a, given.title = 1, 2 %}",
                given=given)
    assert given == {"title": "Bale"}
    assert _render(env, "{% set ns = namespace(a=1) %}{% set ns.a %}2{% endset %}{{ ns.a }}") \
        == "2"


def test_ordinary_products_and_powers_are_made(env: ProjectSandbox) -> None:
    assert _render(env, '{{ "ab" * 3 }} {{ 3 * "ab" }} {{ [1] * 2 }} {{ 2 ** 10 }} {{ 1.5 * 2 }}') \
        == "ababab ababab [1, 1] 1024 3.0"
    with pytest.raises(SecurityError):
        _render(env, "{{ 10 ** 200000 }}")


@pytest.mark.parametrize("source", [
    "{{ dict.update(RED_LIST, {'EN': 'changed'}) }}",  # the class's own method, on any dict
    "{{ dict.clear(PROTECTION) }}",
    "{{ cycler.reset(stats) }}",  # writes an attribute on what it is given
    "{{ day.today() }}",  # the clock: no two builds would agree
    "{{ RED_LIST['update']({'EN': 'changed'}) }}",
])
def test_what_every_page_shares_cannot_be_changed_or_read_from_the_clock(
        env: ProjectSandbox, source: str) -> None:
    import datetime as dt

    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        _render(env, source, day=dt.date(2018, 11, 13))
    assert env.globals["RED_LIST"]["EN"] == "Endangered"  # type: ignore[index]


def test_nothing_random_is_given_to_templates(env: ProjectSandbox) -> None:
    assert "lipsum" not in env.globals and "random" not in env.filters


def test_a_power_that_is_no_real_number_is_refused(env: ProjectSandbox) -> None:
    with pytest.raises(SecurityError):
        _render(env, "{{ (-8) ** 0.5 }}")  # Python's complex number, (1.7e-16+2.8j)
    assert _render(env, "{{ (-8) ** 2 }} {{ 9 ** 0.5 }} {{ (-2) ** -1 }}") == "64 3.0 -0.5"


def test_filters_whose_arguments_are_checked_still_take_what_they_took(
        env: ProjectSandbox) -> None:
    """Rounding to the hundreds, groups of a division's 2.0, and a text wider than it is
    to be centred in (left as it is), as Jinja makes them."""
    assert _render(env, "{{ 1234|round(-2) }} {{ 1250.5|round(-2, 'floor') }} "
                        "{{ [1, 2, 3, 4]|batch(4 / 2)|list }} {{ 'ab'|center(2 - 3) }}") == \
        "1200 1200.0 [[1, 2], [3, 4]] ab"


def test_a_product_of_numbers_too_large_to_hold_is_refused(env: ProjectSandbox) -> None:
    with pytest.raises(SecurityError):
        _render(env, "{% set a = 2 ** 99999 - 1 %}{{ a * a }}")
    assert _render(env, "{{ 12 * 12 }}") == "144"


def test_an_imported_template_holds_nothing_from_page_to_page(tmp_path: Path) -> None:
    """A namespace() set outside the macros of an imported template was made once per
    process: a count kept in it ran on from page to page."""
    (tmp_path / "_count.html").write_text(
        "{% set shared = namespace(n=0) %}"
        "{% macro bump() %}{% set shared.n = shared.n + 1 %}{{ shared.n }}{% endmacro %}",
        encoding="utf-8")
    (tmp_path / "page.html").write_text('{% from "_count.html" import bump %}{{ bump() }}',
                                        encoding="utf-8")
    env = make_environment(tmp_path)
    assert [env.get_template("page.html").render() for _ in range(3)] == ["1", "1", "1"]


def test_a_page_s_deadline_ends_with_the_page(make_site: MakeSite, env: ProjectSandbox,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """What renders after a build (a test, a tool), once the 10 s of the last page have
    passed, was stopped as a template that 'ran on for more than 10 s'."""
    import time

    files_of(make_site())  # pages rendered in this process
    later = time.monotonic() + 60
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert _render(env, "{% for x in [1, 2] %}{{ x }}{% endfor %}") == "12"


@pytest.mark.parametrize("script", [
    "<script>function f(a){if(!a){return}}</script>",
    "<script>function f() { init() }}</script>",
    "<script>mount({ props: { page }})</script>",
    '<script type="module">\nfunction f() {\n  if (ok) { el.remove() }}\n</script>',
    "<STYLE>a { b }}</STYLE>",
])
def test_braces_of_a_script_or_style_are_not_a_value_opened_with_one_brace(script: str) -> None:
    """Code's braces close as a value's do (`{ init() }}`, object shorthand `{ page }}`):
    no warning there, but a slip after the element still is."""
    from aze_site.render.template_shape import half_opened

    env = make_environment(REPO / "templates")
    text = script + "\n<p>{ page.title }}</p>"
    line = script.count("\n") + 2
    assert [(at, col) for at, col, _said in half_opened(env, text, "x.html")] == [(line, 4)]
