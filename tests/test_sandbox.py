"""Templates run in Jinja's sandbox (its verdicts remembered per type), and the gettext
callables give what jinja2.ext.i18n's own give."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from aze_site.render.environment import ProjectSandbox, make_environment
from aze_site.render.i18n import Messages, Translator, template_gettext


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
    expected = stock.from_string(source).render(**values)
    assert "output_text(" in env.compile(source, raw=True)
    assert _render(env, source, **values) == expected
    assert "&lt;a href=&#34;x&#34;&gt;Bale &amp; &#39;Manas&#39;&lt;/a&gt;" in expected


def test_output_of_an_undefined_value_is_still_an_error(env: ProjectSandbox) -> None:
    with pytest.raises(jinja2.UndefinedError):
        _render(env, "{{ missing }}")
