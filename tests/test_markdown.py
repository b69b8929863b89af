"""HTML in Markdown: the allow-list sanitiser, its warnings, and the raw_html setting."""

from __future__ import annotations

import html
import html as html_lib
import re
import string
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE_YAML, MakeSite, deadline, own
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aze_site.build import BuildOptions, build
from aze_site.content.loader import Loader
from aze_site.content.skeleton import MARKDOWN_ESCAPES, escape_markdown
from aze_site.errors import BuildFailed, Report
from aze_site.images.planner import PictureView
from aze_site.render.markdown import MarkdownRenderer, Rendered

HELP = '(see README, "HTML in Markdown")'


@pytest.fixture(scope="module")
def md() -> MarkdownRenderer:
    return MarkdownRenderer()


def render(md: MarkdownRenderer, body: str, raw_html: bool = False, body_line: int = 5) -> Rendered:
    urls = {"pages/about.md": "/about/"}
    return md.render("pages/act.md", "/act/", body, body_line, urls, raw_html=raw_html,
                     picture=lambda key: PICTURE)


PICTURE = PictureView(
    key="newt.jpg", alt="A brook newt", credit="A. Painter", caption="Calotriton arnoldi",
    license="CC BY 4.0", src="/images/newt-800.jpg", srcset="/images/newt-400.jpg 400w, "
    "/images/newt-800.jpg 800w", sources=(("image/avif", "/images/newt-400.avif 400w"),),
    sizes="(min-width: 60rem) 50rem, 100vw", width=800, height=600, color="#4a6b3c")

EVERYTHING_MARKDOWN_MAKES = """\
[TOC]

## Why it matters {: #why .lead }

The "only" home -- of the manakin... See [about](about.md#team) and [IUCN](https://iucn.org)
and [mail](mailto:aze@example.org), the HTML[^note] way.

*[HTML]: Hyper Text Markup Language

| left | right | centre |
|:-----|------:|:------:|
| 1    | 2     | 3      |

![A brook newt](../images/newt.jpg)

A paragraph with a class.
{: .callout #callout }

[^note]: A footnote with `code` and **bold**.
"""


def test_everything_the_markdown_extensions_make_is_kept_byte_for_byte(md: MarkdownRenderer) -> None:
    sanitised = render(md, EVERYTHING_MARKDOWN_MAKES)
    trusted = render(md, EVERYTHING_MARKDOWN_MAKES, raw_html=True)
    assert sanitised.html == trusted.html
    assert sanitised.warnings == sanitised.problems == ()
    for kept in ('<div class="toc">', '<h2 class="lead" id="why">', '<abbr title="Hyper Text Markup',
                 '<th style="text-align: start;">', '<sup id="fnref:note"><a class="footnote-ref"',
                 '<li id="fn:note">', 'class="footnote-backref" href="#fnref:note"',
                 '<figure class="photo photo-content"><picture><source sizes=',
                 'srcset="/images/newt-400.jpg 400w, /images/newt-800.jpg 800w"',
                 'decoding="async" height="600" loading="lazy"', 'style="background-color:#4a6b3c"',
                 '<p class="callout" id="callout">', 'href="mailto:aze@example.org"',
                 'href="/about/#team"', "&ldquo;only&rdquo; home &ndash;"):
        assert kept in sanitised.html, kept


def test_a_table_column_is_aligned_to_the_start_or_end_of_the_line(md: MarkdownRenderer) -> None:
    """`--:` is the end of the line: the right in English, the left in Arabic (Python-Markdown
    writes left and right, which stay put in a page written right to left)."""
    table = render(md, "| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |").html
    assert ('<tr>\n<td style="text-align: start;">1</td>\n<td style="text-align: end;">2</td>\n'
            '<td style="text-align: center;">3</td>\n<td>4</td>\n</tr>') in table
    assert "left" not in table and "right" not in table and "align=" not in table


UNSAFE = """\
Intro.

<script>alert("body")</script>
<style>body { display: none }</style>

Text <img src=//x.png onerror=alert(1)> and <b onmouseover="steal()">bold</b>.

[click](javascript:alert(2)) and ![pixel](data:image/png;base64,AAAA)

<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q"></form>
<object data="x.swf"></object>

A paragraph that runs code.
{: onclick="alert(3)" }

<a href="JaVa&#x09;Script:alert(4)">tabbed</a> <img srcset="data:image/png;base64,AAAA 1x">
"""


def test_scripts_handlers_and_unsafe_urls_are_removed_each_with_a_warning_at_its_line(
        md: MarkdownRenderer) -> None:
    result = render(md, UNSAFE)
    assert list(result.warnings) == [
        (7, 1, f"raw HTML removed: <script> {HELP}"),
        (8, 1, f"raw HTML removed: <style> {HELP}"),
        (10, 23, f'raw HTML removed: onerror="alert(1)" in <img> {HELP}'),
        (10, 48, f'raw HTML removed: onmouseover="steal()" in <b> {HELP}'),
        (12, 9, f'raw HTML removed: href="javascript:alert(2)" in <a> {HELP}'),
        (12, 43, f'raw HTML removed: src="data:image/png;base64,AAAA" in <img> {HELP}'),
        (14, 1, f"raw HTML removed: <iframe> {HELP}"),
        (15, 1, f"raw HTML removed: <form> {HELP}"),
        (15, 38, f"raw HTML removed: <input> {HELP}"),
        (16, 1, f"raw HTML removed: <object> {HELP}"),
        (19, 4, f'raw HTML removed: onclick="alert(3)" in <p> {HELP}'),
        (21, 10, f'raw HTML removed: href="JaVa Script:alert(4)" in <a> {HELP}'),
        (21, 61, f'raw HTML removed: srcset="data:image/png;base64,AAAA 1x" in <img> {HELP}'),
    ]
    assert result.problems == ()  # warnings only, each once
    out = result.html.lower()
    for gone in ("<script", "alert", "<style", "display", "onerror", "onmouseover", "steal",
                 "javascript", "data:", "<iframe", "<form", "<input", "<object", "onclick"):
        assert gone not in out, gone
    assert "<p>intro.</p>" in out and "<b>bold</b>" in out and ">click</a>" in out
    assert "<p>a paragraph that runs code.</p>" in out


def test_a_removed_url_that_begins_an_earlier_one_is_found_at_its_own_line(
        md: MarkdownRenderer) -> None:
    result = render(md, "![x](data:image/png;base64,AAAA)\n\n"
                        '<img src="data:image/png;base64,AA" alt="y">\n\n'
                        "[a](javascript:void) and <a href=\"javascript:vo\">b</a>\n")
    assert [(line, col) for line, col, _ in result.warnings] == [
        (5, 6), (7, 11), (9, 5), (9, 35)]


def test_a_link_is_found_at_its_own_line_not_inside_a_longer_one_before_it(
        md: MarkdownRenderer) -> None:
    result = render(md, "See [a](../pages/about.md#team).\n\n"
                        "Then [b](../pages/about.md) and [c](/act/#x).\n\n"
                        '<a href="/act/">d</a> [e][r]\n\n[r]: /act/\n')
    assert [(link.href, link.line, link.col) for link in result.links] == [
        ("../pages/about.md#team", 5, 9), ("../pages/about.md", 7, 10), ("/act/#x", 7, 37),
        ("/act/", 11, 6), ("/act/", 9, 10)]


@pytest.mark.parametrize("body", ['<!--><img src="/a.svg" onerror="alert(1)">-->\n',
                                  '<!---><img src="/a.svg" onerror="alert(1)">-->\n',
                                  '<!-- x --!><img src="/a.svg" onerror="alert(1)">\n'])
def test_a_handler_after_a_comment_a_browser_ends_early_is_removed_with_a_warning(
        md: MarkdownRenderer, body: str) -> None:
    """A browser ends `<!-->` and `<!--->` at once, and a comment at `--!>`: the image
    after them is real. Its handler was removed, but Python's parser read it as a comment,
    so nothing was said."""
    result = render(md, body)
    assert "onerror" not in result.html and '<img src="/a.svg">' in result.html
    assert [message for _, _, message in result.warnings] == [
        f'raw HTML removed: onerror="alert(1)" in <img> {HELP}']


def test_an_e_mail_address_in_angle_brackets_is_a_mail_link(md: MarkdownRenderer) -> None:
    """Python-Markdown writes `<name@example.org>` in entities; it was checked as a link to a
    page, with those entities in the message."""
    result = render(md, "Write to <info@zeroextinction.org>.\n")
    assert (result.problems, result.warnings) == ((), ())
    href = html.unescape(re.search(r'href="([^"]+)"', result.html).group(1))  # type: ignore[union-attr]
    assert href == "mailto:info@zeroextinction.org"


def test_rel_opener_is_removed_with_a_warning(md: MarkdownRenderer) -> None:
    """With `rel="opener"` the page opened in a new tab could steer this one elsewhere
    (reverse tabnabbing); other `rel` values stay."""
    result = render(md, '<a href="https://x.example/" target="_blank" rel="opener">a</a> '
                        '<a href="https://y.example/" target="_blank" rel="noopener nofollow">b</a>\n')
    assert 'rel="opener"' not in result.html
    assert 'rel="noopener nofollow"' in result.html
    assert [message for _, _, message in result.warnings] == [
        f'raw HTML removed: rel="opener" in <a> {HELP}']


def test_a_removed_attribute_is_found_with_its_value_not_at_its_name_in_other_text(
        md: MarkdownRenderer) -> None:
    result = render(md, 'See [a](#top "onclick=here").\n\nPara\n{: onclick="alert(1)" }\n')
    assert [(line, col) for line, col, _ in result.warnings] == [(8, 4)]


def test_raw_html_is_published_as_written_when_the_site_trusts_it(md: MarkdownRenderer) -> None:
    result = render(md, UNSAFE, raw_html=True)
    assert result.warnings == ()
    assert '<script>alert("body")</script>' in result.html
    assert 'onerror=alert(1)' in result.html


def test_safe_raw_html_stays_and_comments_go_quietly(md: MarkdownRenderer) -> None:
    result = render(md, "Press <kbd aria-label=\"Control\">Ctrl</kbd>+<kbd>S</kbd>.<!-- editor's note -->\n\n"
                        '<details open><summary>More</summary>\n\nText.\n\n</details>\n')
    assert result.warnings == ()
    assert result.html == ("<p>Press <kbd aria-label=\"Control\">Ctrl</kbd>+<kbd>S</kbd>.</p>\n"
                           "<details open=\"\"><summary>More</summary>\n\nText.\n\n</details>")


def test_a_body_without_html_is_not_rewritten(md: MarkdownRenderer) -> None:
    body = "It's 5 < 6 & \"quoted\" -- fine\u00a0here.\n"
    assert render(md, body).html == render(md, body, raw_html=True).html == \
        "<p>It&rsquo;s 5 &lt; 6 &amp; &ldquo;quoted&rdquo; &ndash; fine\u00a0here.</p>"


# -- site.yaml `markdown: {raw_html: true}` ----------------------------------------------------


@pytest.mark.parametrize(("extra", "expected"), [
    ("", False), ("markdown: {raw_html: true}\n", True), ("markdown: {raw_html: false}\n", False),
    ("markdown: {}\n", False),
])
def test_site_yaml_turns_the_sanitiser_off(make_site: MakeSite, extra: str, expected: bool) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + extra})
    report = Report()
    loader = Loader(root, report)
    loader.load_images()
    config = loader.load_config()
    assert [d for d in report.items if d.level == "error"] == []
    assert config is not None and config.raw_html is expected


def test_a_typo_in_the_markdown_setting_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + "markdown: {raw_htlm: true}\n"})
    report = Report()
    loader = Loader(root, report)
    loader.load_images()
    assert loader.load_config() is None
    assert [str(d) for d in report.errors] == [
        "content/site.yaml:11:12: error: markdown: unknown key 'raw_htlm' "
        "(did you mean 'raw_html'?)"]


# -- text written into a body by the importers -------------------------------------------------


def test_the_escapes_are_those_the_renderer_reads(md: MarkdownRenderer) -> None:
    assert set(md.md.ESCAPED_CHARS) == MARKDOWN_ESCAPES


@pytest.mark.parametrize("text", [
    "<img src=x onerror=alert(1)>", "Côte d'Ivoire -- \"the\" forests...", "*a* _b_ `c` ~~d~~",
    "[link](javascript:alert(1)) ![i](x.jpg) <https://example.org>", "&amp; &copy; &#60; <!-- c -->",
    "x {: #id onclick=y } *[HTML]: z [^1]", "a | b", "1. one", "# not a heading", "- not a list",
    "> not a quote", "back\\slash", string.punctuation,
])
def test_escaped_text_renders_as_exactly_that_text(md: MarkdownRenderer, text: str) -> None:
    result = render(md, f"{escape_markdown(text)}\n\nWhat makes {escape_markdown(text)} unique.\n")
    assert result.warnings == result.problems == ()
    paragraphs = re.findall(r"<p>(.*?)</p>", result.html)
    assert "<" not in "".join(paragraphs)  # no element at all: only text
    assert [html_lib.unescape(p) for p in paragraphs] == [text, f"What makes {text} unique."]


# -- the same, through a whole build -------------------------------------------------------------


def _published(root: Path, strict: bool = False) -> tuple[list[str], str]:
    """Every diagnostic line, and every page, feed, sitemap and download as one text."""
    try:
        result = build(BuildOptions(root=root, jobs=1, search=False, strict=strict))
        report = result.report
    except BuildFailed as failed:
        report = failed.report
    public = root / "public"
    text = "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(public.rglob("*"))
                   if p.suffix in {".html", ".xml", ".json", ".csv", ".txt"}) if public.is_dir() else ""
    return own([str(d) for d in report.items]), text


ACT_PAGE = "---\ntitle: Act\ndescription: Act now.\n---\n"  # the body starts at line 5


def test_a_build_publishes_hostile_html_inert_and_warns_at_each_line(make_site: MakeSite) -> None:
    root = make_site({"content/pages/act.md": ACT_PAGE + UNSAFE})
    lines, published = _published(root)
    assert lines == [f"content/pages/act.md:{line}:{col}: warning: {text}"
                     for line, col, text in render(MarkdownRenderer(), UNSAFE).warnings]
    assert len(lines) == 13
    for gone in ("alert(", "onerror", "onmouseover", "steal()", "javascript:", "<iframe",
                 "evil.example", "onclick", "display: none", "base64,aaaa"):
        assert gone not in published.lower(), gone
    act = (root / "public/act/index.html").read_text()
    assert "<b>bold</b>" in act and "<p>A paragraph that runs code.</p>" in act
    # --strict: a removed piece of HTML stops the build, and nothing is published
    (root / "content/pages/act.md").write_text(ACT_PAGE + UNSAFE.replace("Intro.", "Intro 2."))
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1, search=False, strict=True))
    assert own([str(d) for d in failed.value.report.items]) == [
        line.replace(": warning: ", ": error: ", 1) for line in lines]
    assert "Intro 2." not in (root / "public/act/index.html").read_text()


def test_a_site_that_trusts_its_html_publishes_it_as_written(make_site: MakeSite) -> None:
    root = make_site({"content/pages/act.md": ACT_PAGE + UNSAFE,
                      "content/site.yaml": SITE_YAML + "markdown: {raw_html: true}\n"})
    lines, _ = _published(root)
    assert lines == []
    act = (root / "public/act/index.html").read_text()
    assert '<script>alert("body")</script>' in act
    assert "<img src=//x.png onerror=alert(1)>" in act


# Markdown alone (no raw HTML) that tries to carry what the allow-list removes: attribute
# lists, link and image URLs, entities in them, styles.
MARKDOWN_ONLY_HOSTILE = [
    "A paragraph.\n{: onclick=\"alert(1)\" }",
    "[a link](javascript:alert(1)) and [b](JaVa%20Script:x) and [c](java&#115;cript:alert(2))",
    "![an image](data:image/png;base64,AAAA)",
    "[link](https://example.org \"a & b\") and <https://example.org/?a=1&b=2>",
    "## A heading {: style=\"color: red\" }",
    "## Another {: style=\"text-align: center\" data-x=\"1\" }",
    "Text {: #id .class lang=fr }\n\n*[HTML]: Hyper & Text",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "[mail](mailto:aze@example.org) [tel](tel:+12345) [rel](../pages/about.md) [/x](/sites/)",
    "Footnote[^1].\n\n[^1]: The note, with [a link](vbscript:msgbox).",
    "`code &amp; <b>` and &copy; &#169; &nbsp; entities",
]


@pytest.mark.parametrize("body", MARKDOWN_ONLY_HOSTILE)
def test_the_quick_check_of_a_markdown_tree_concludes_as_the_sanitiser(
        md: MarkdownRenderer, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = render(md, body)
    monkeypatch.setattr("aze_site.render.markdown.tree_is_clean", lambda root: False)
    thorough = render(md, body)
    assert quick == thorough


def test_the_quick_check_passes_ordinary_bodies_as_the_sanitiser_does(
        md: MarkdownRenderer, monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
              for path in sorted((Path(__file__).resolve().parent.parent / "content").rglob("*.md"))]
    from aze_site.render import markdown as pipeline
    from aze_site.render.sanitize import tree_is_clean as check

    verdicts: list[bool] = []

    def recorded(root: Any) -> bool:
        verdicts.append(check(root))
        return verdicts[-1]

    monkeypatch.setattr(pipeline, "tree_is_clean", recorded)
    quick = [render(md, body) for body in bodies]
    assert sum(verdicts) > len(bodies) * 0.9  # the quick way is the usual one
    monkeypatch.setattr(pipeline, "tree_is_clean", lambda root: False)
    assert quick == [render(md, body) for body in bodies]


# -- the quick inline processor (render/inline.py) ---------------------------------------

INLINE_PIECES = [
    "word", "two words", " ", "\n", "  \n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]",
    "(", ")", "![", "[^note]", "[link](about.md)", "[ref][id]", "[id]", "<", ">", "<b>", "</b>",
    "<https://iucn.org>", "<aze@example.org>", "&", "&amp;", "&#169;", "&copy", "HTML", "--",
    "...", '"', "'", "{: .x }", "#", "1.", "- ", "> ", "|", ":", "é", "Ñandú",
]
inline_text = st.lists(st.sampled_from(INLINE_PIECES), max_size=40).map("".join)
REFERENCES = "\n\n[id]: https://example.org\n*[HTML]: Hyper Text Markup Language\n[^note]: A note.\n"


@pytest.fixture(scope="module")
def stock_md() -> MarkdownRenderer:
    from markdown.treeprocessors import InlineProcessor

    renderer = MarkdownRenderer()
    renderer.md.treeprocessors.register(InlineProcessor(renderer.md), "inline", 20)
    return renderer


def test_the_renderer_uses_the_quick_inline_processor(md: MarkdownRenderer) -> None:
    from aze_site.render.inline import QuickInlineProcessor

    assert isinstance(md.md.treeprocessors["inline"], QuickInlineProcessor)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inline_text, inline_text)
@example("*a* [b](about.md) `c` \\* &amp; <b>d</b> <https://x.org>  \nHTML[^note] **e** _f_", "")
def test_the_quick_inline_processor_makes_the_same_html_as_python_markdowns(
        md: MarkdownRenderer, stock_md: MarkdownRenderer, first: str, second: str) -> None:
    body = f"{first}\n\n{second}{REFERENCES}"
    for raw_html in (False, True):
        assert render(md, body, raw_html) == render(stock_md, body, raw_html)


@pytest.fixture(scope="module")
def stock_toc_md() -> MarkdownRenderer:
    from markdown.extensions.attr_list import AttrListTreeprocessor
    from markdown.extensions.toc import TocExtension

    renderer = MarkdownRenderer()
    TocExtension(slugify=renderer._heading_id).extendMarkdown(renderer.md)  # Python-Markdown's own
    renderer.md.treeprocessors.register(AttrListTreeprocessor(renderer.md), "attr_list", 8)
    return renderer


TOC_PIECES = ["[TOC]", "## Why", "### How", "# Top", "text", "\n\n", "\n", "`[TOC]`", "    [TOC]",
              "> [TOC]", "- [TOC]", "Why", "{: #why }", "{: .lead }", "{", "}", "[^note]",
              "*a*", "| a | b |\n|---|---|\n| 1 | 2 |", "[TO\x02C]", "\x03"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOC_PIECES), max_size=20).map("".join))
@example("[TOC]\n\n## Why\n\ntext\n\n## Why\n")
@example("## Why {: #why }\n\ntext\n{: .lead }\n")
@example("[TOC\x03]\n\n## A\n")
def test_headings_toc_markers_and_attribute_lists_come_out_as_python_markdown_makes_them(
        md: MarkdownRenderer, stock_toc_md: MarkdownRenderer, body: str) -> None:
    from markdown.extensions.attr_list import AttrListTreeprocessor
    from markdown.extensions.toc import TocTreeprocessor

    assert type(stock_toc_md.md.treeprocessors["toc"]) is TocTreeprocessor
    assert type(stock_toc_md.md.treeprocessors["attr_list"]) is AttrListTreeprocessor
    body += REFERENCES
    assert render(md, body) == render(stock_toc_md, body)


@pytest.fixture(scope="module")
def stock_blocks_md() -> MarkdownRenderer:
    renderer = MarkdownRenderer()
    for processor in renderer.md.parser.blockprocessors:  # the guards are instance attributes
        vars(processor).pop("test", None)
        vars(processor).pop("run", None)
    vars(renderer.md.preprocessors["html_block"]).pop("run")
    return renderer


BLOCK_PIECES = ["# Title", "## Why #", "#hash", "text", "Why", "\n", "\n\n", "===", "---", "- - -",
                "***", "* * *", "___", "-", "*", "> quote", ">", " > ", "| a | b |", "|---|---|",
                "a | b", "|", "[^note]: A note.", "[^note]", "*[HTML]: Hyper Text", "HTML",
                "[id]: https://example.org", "[id]", "[x]:", "    code", "1. one", "- item",
                "  ", "`x`", "&#169;", "&#xd", "&#", "&copy", "&copy;", "&amp;", "&", "<b>", "</b>",
                "<div>", "</div>", "<!-- c -->"]


def test_tags_left_open_by_the_thousand_are_one_error_not_minutes_of_work(
        md: MarkdownRenderer) -> None:
    """Python's HTML parser looks for the end of each tag left open to the end of the text:
    20,000 '<a href=' took two minutes. Past a thousand before any '>', the body is refused
    at the first of them; tags that close cost nothing."""
    rendered = render(md, "Intro.\n\nSee <b>this</b> " + "<a href=" * 20_000 + "\n", body_line=5)
    assert rendered.problems == ((7, 17, "20,000 tags are opened with '<' and not closed with "
                                  "'>', which would take Markdown minutes to read: close each "
                                  "tag, or write '&lt;' for a '<' that is text"),)
    closed = render(md, "<b>x</b> " * 1_500)
    assert not closed.problems and closed.html.count("<b>") == 1_500


def test_the_block_guards_are_in_place(md: MarkdownRenderer) -> None:
    from aze_site.render.blocks import RUN_NEEDS, TEST_NEEDS

    processors = md.md.parser.blockprocessors
    for name in TEST_NEEDS:
        assert "test" in vars(processors[name]), name
    for name in RUN_NEEDS:
        assert "run" in vars(processors[name]), name


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(BLOCK_PIECES), max_size=30).map("".join))
@example("Title\n===\n\ntext\n---\n\n> q\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
         "[^n]: note\n*[HTML]: Hyper\n[id]: https://example.org\n\n***\n\n# End #\n")
def test_guarded_block_processors_make_the_same_html_as_python_markdowns(
        md: MarkdownRenderer, stock_blocks_md: MarkdownRenderer, body: str) -> None:
    for raw_html in (False, True):
        assert render(md, body, raw_html) == render(stock_blocks_md, body, raw_html)


def test_a_paragraph_crowded_with_brackets_is_one_error_not_minutes_of_work(
        md: MarkdownRenderer) -> None:
    """Python-Markdown's time grows with the square of the '[' in a paragraph (20,000 took
    a minute): past a thousand, the body is refused at once, at the first of them."""
    rendered = render(md, "Intro.\n\nSee x " + "[" * 20_000 + "\n\nAfter.", body_line=5)
    assert rendered.problems == ((7, 7, "this paragraph holds 20,000 '[' characters, which "
                                  "would take Markdown minutes to read: write them as '\\[', "
                                  "or split the paragraph"),)
    escaped = render(md, "Many " + "\\[" * 1_500 + " and a [link](../pages/about.md).")
    assert not escaped.problems and 'href="/about/"' in escaped.html


def test_a_note_the_text_never_refers_to_is_said_at_its_definition(md: MarkdownRenderer) -> None:
    """Python-Markdown lists it with a link back to a call that is not there: that link
    (a broken one, blamed on the body's first line) is taken out, and the note is said."""
    out = render(md, "Text with a note.[^a]\n\n[^a]: Cited.\n\n[^1]: Never called.\n")
    assert out.warnings == ((9, 1, "the note [^1] is never referred to in the text: write [^1] "
                                   "where it belongs, or delete the note"),)
    assert 'href="#fnref:1"' not in out.html and '<li id="fn:1">' in out.html
    assert 'href="#fnref:a"' in out.html  # a note that is called keeps its way back
    assert [link.href for link in out.links if "fnref" in link.href] == ["#fnref:a"]


@pytest.mark.parametrize(("body", "label", "line"), [
    ("Text.[^a]\n\n[^a]: A.\n\n[^x&y]: Never called.\n", "x&y", 9),  # escaped in the html
    ("Text.[^a]\n\n[^a]: A.\n\n[^n]: Intro\n\n    - one\n    - two\n", "n", 9),  # back in a <p>
    ("Text.[^a]\n\n[^a]: A.\n\n> [^q]: In a quote.\n", "q", 9),
])
def test_every_note_never_called_loses_its_way_back(md: MarkdownRenderer, body: str, label: str,
                                                     line: int) -> None:
    out = render(md, body)
    assert [w[:2] for w in out.warnings] == [(line, 1)] and f"[^{label}]" in out.warnings[0][2]
    assert out.html.count('class="footnote-backref"') == 1 and "<p></p>" not in out.html
    assert [link.href for link in out.links if "fnref" in link.href] == ["#fnref:a"]


def test_many_notes_never_called_are_said_in_time_proportional_to_the_body(
        md: MarkdownRenderer) -> None:
    """The page and the body were read once for each note never called: 2,000 of them
    (30 KB) took 16 s, 8,000 over five minutes."""
    body = "Text.[^a]\n\n[^a]: A.\n\n" + "".join(f"[^n{i}]: Never called.\n\n" for i in range(3_000))
    with deadline(10):  # (some 0.3 s; read once for each note, over half a minute)
        out = render(md, body)
    assert [w[:2] for w in out.warnings] == [(9 + 2 * i, 1) for i in range(3_000)]
    assert out.html.count('class="footnote-backref"') == 1


def test_many_notes_called_are_numbered_in_time_proportional_to_the_body(
        md: MarkdownRenderer) -> None:
    """Python-Markdown listed every note again at each call: 20,000 notes took a minute.
    The numbers stay its own: the order the notes are defined in, a note called twice once."""
    import markdown
    from markdown.extensions.footnotes import FootnoteExtension

    small = "B[^b] a[^a] b again[^b] none[^z].\n\n[^a]: A.\n\n[^b]: B.\n\n[^c]: C.\n"
    stock = markdown.Markdown(extensions=[FootnoteExtension()], output_format="html")
    assert render(md, small).html.split('<div class="footnote">')[0] == \
        stock.convert(small).split('<div class="footnote">')[0]
    body = "".join(f"t[^n{i}]\n\n" for i in range(30_000)) + \
        "".join(f"[^n{i}]: Note.\n\n" for i in range(30_000))
    with deadline(30):  # (some 4 s; every note listed at each call, over a minute)
        out = render(md, body)
    assert '<a class="footnote-ref" href="#fn:n29999">30000</a>' in out.html


def test_the_links_between_notes_and_their_calls_are_not_looked_for_in_the_body(
        md: MarkdownRenderer) -> None:
    """Python-Markdown writes them; each was searched for through the whole body, where it
    is never written: 20,000 notes took 20 s."""
    body = "Text.[^a]\n\n[^a]: A.\n\n" + "".join(f"[^n{i}]: Never called.\n\n" for i in range(20_000))
    with deadline(10):  # (some 2 s; each searched for through the body, 20 s)
        out = render(md, body)
    assert [(link.href, link.url, link.fragment, link.line, link.col) for link in out.links] == [
        ("#fn:a", "/act/", "fn:a", 5, 0), ("#fnref:a", "/act/", "fnref:a", 5, 0)]


def test_a_link_written_with_the_class_of_a_note_s_is_found_where_it_is_written(
        md: MarkdownRenderer) -> None:
    """`{.footnote-ref}` on a link of the body's own to no note: said at its place, not at
    the body's first line without a column as the links Python-Markdown writes."""
    out = render(md, "Text.[^a]\n\n[^a]: A.\n\nSee [this](#fn:zz){.footnote-ref}.\n")
    assert [(link.href, link.line, link.col) for link in out.links if "zz" in link.href] == [
        ("#fn:zz", 9, 12)]


def test_a_body_with_many_links_is_read_in_time_proportional_to_its_length(
        md: MarkdownRenderer) -> None:
    """Each link's line was counted from the body's start: 10,000 links in 3 MB took 11 s
    (an 18 MB page, hours); now about one."""
    body = ("x " * 150 + "[a](/sites/)\n\n") * 15_000
    with deadline(10):  # (some 1 s; counted from the start for each link, 25 s)
        result = render(md, body)
    assert [(link.line, link.col) for link in result.links[:2]] == [(5, 305), (7, 305)]
    assert (result.links[-1].line, result.links[-1].col) == (5 + 2 * 14_999, 305)


# -- Markdown written as other editors read it, shown as text here: said where it is -------

LIST = ("a list right after a line of text is shown as part of that text: put an empty line "
        "before the list")


@pytest.mark.parametrize(("body", "said"), [
    ("Threats:\n- poaching\n- logging\n", (6, 1, LIST)),
    ("Steps:\n1. Write\n2. Check\n", (6, 1, LIST)),
    ("Intro.\n\nThe threats\n  * fire\n", (8, 3, LIST)),
    ("Rates:\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
     (6, 1, "a table right after a line of text is shown as part of that text: put an empty "
      "line before the table")),
    ("Intro.\n\n| a | b |\n| 1 | 2 |\n",
     (7, 1, "a table needs a line of dashes under its first row (| --- | --- |): without it, it "
      "is shown as text")),
    ("See [the list] (../pages/about.md#top) for more.\n",
     (5, 5, "a space between ']' and '(' shows this link as text: write it with none, "
      "[the list](../pages/about.md#top)")),
    ("Counted in 2018.[^c] Again.[^c]\n",
     (5, 17, "the note [^c] has no text: add a line '[^c]: ...' (its text) after the "
      "paragraph, or delete the call")),
    ("<div>\n\nBoxed.\n\n</div>\nThreats:\n- fire\n", (11, 1, LIST)),  # after raw HTML
])
def test_markdown_other_editors_read_otherwise_is_said_where_it_is(
        md: MarkdownRenderer, body: str, said: tuple[int, int, str]) -> None:
    """GitHub and CommonMark read these as a list, a table, a link or a note; Python-Markdown
    publishes them as the characters written. Said once, as a warning: the page is built."""
    assert render(md, body).warnings == (said,)


@pytest.mark.parametrize("body", [
    "- one\nlazy continuation\n- two\n",  # a list already
    "Intro.\n\n- one\n- two\n",
    "# Threats\n- poaching\n",  # a heading is a block of its own
    "Text\n---\n", "Text\n* * *\n",  # a heading underlined, a rule
    "Wrapped in\n2018. The update\n",  # a year, not a list
    "> quoted\n- lazily\n",
    "Code:\n\n    - not a list\n    [a] (b.md)\n",
    "| a | b |\n| :-- | --: |\n| 1 | 2 |\n",
    "Said `[x] (y.md)` and `[^n]` as code.\n",
    "[ref] (an aside)\n\n[ref]: ../pages/about.md\n",  # a reference link, then text
    "Smith et al. [1] (https://doi.org/10.1/x), Lee [2, 3] (https://a.org) and [4\u20136] (/b)\n",
    "A note.[^n]\n\n[^n]: Its text.\n",
    "Not \\[^n] a call, not \\[a] (/b) a link.\n",
    "Threats\n=======\n- fire\n", "Threats\n-------  \n- fire\n",  # headings underlined
    "<!--\n\nTo do:\n- fix this\n| a | b |\n-->\n\nText.\n",  # comments are not shown
    "<details>\n<summary>More</summary>\n\nThreats:\n- fire\n\n</details>\n",  # raw HTML
    "Text <!-- [^n] and [a] (https://a.org) --> said.\n",
    "Intro\r\n\r\n| a | b |\r\n| --- | --- |\r\n| 1 | 2 |\r\n\r\nText\r\n* * *\r\n",  # Windows
])
def test_markdown_read_as_written_is_not_said(md: MarkdownRenderer, body: str) -> None:
    assert render(md, body).warnings == ()


@pytest.mark.parametrize("opened", ["- ", "> ", ">", "1. ", "* "])
def test_a_line_opening_a_hundred_lists_or_quotes_is_refused_whatever_the_markdown_version(
        md: MarkdownRenderer, opened: str) -> None:
    """Some versions of Python-Markdown give up on them, others cut them at a depth of
    their own: one error at the line, the same with every version."""
    out = render(md, "Intro.\n\n" + opened * 100 + "deep\n")
    assert out.problems == ((7, 1, "this text nests emphasis, links, lists or quotes too deeply "
                             "to be read: look for a long run of '*', '_', '[', '>' or '- ' "
                             "characters"),) and out.html == ""
    assert render(md, "Intro.\n\n" + opened * 20 + "deep\n").problems == ()


@pytest.mark.parametrize(("body", "ids"), [
    ("## Main\n\ntext", ["main_1"]),
    ("## Site map\n\n## Site map\n\n## Why", ["site-map_1", "site-map_2", "why"]),
    ("## Main\n\n## Main 1\n\n## Main", ["main_1", "main-1", "main_2"]),
])
def test_a_heading_takes_no_id_the_layout_gives_an_element_of_its_own(
        md: MarkdownRenderer, body: str, ids: list[str]) -> None:
    """`## Site map` in a factsheet made `<h2 id="site-map">` beside the map's own element:
    the map was drawn into the heading (the first of the two); `## Main` took the skip
    link's target."""
    urls = {"pages/about.md": "/about/"}
    done = md.render("pages/act.md", "/act/", body, 5, urls, picture=lambda key: PICTURE,
                     layout_ids=frozenset({"main", "site-map"}))
    assert re.findall(r'<h2 id="([^"]+)"', done.html) == ids
    assert [h.id for h in done.toc] == ids
    assert '<h2 id="main">' in render(md, "## Main\n\ntext").html  # a body on its own


def test_a_link_to_a_heading_that_gave_way_is_warned_of(md: MarkdownRenderer) -> None:
    """`[below](#main)` beside `## Main` (whose anchor is #main_1) would take the reader to
    the page's main content, not to the heading."""
    body = "See [below](#main), [here](/act/#main) and [why](#why).\n\n## Main\n\n## Why\n"
    done = md.render("pages/act.md", "/act/", body, 5, {}, picture=lambda key: PICTURE,
                     layout_ids=frozenset({"main"}))
    assert done.warnings == tuple(
        (5, col, f"link '{href}' leads to the element the templates give the id 'main', not "
                 f"to the heading 'Main': to reach the heading, link '{href}_1'")
        for col, href in ((13, "#main"), (28, "/act/#main")))
    # a heading whose own words make `main_1` gave nothing way: `#main` is the element's
    own = "See [top](#main).\n\n## Main_1\n"
    assert md.render("pages/act.md", "/act/", own, 5, {}, picture=lambda key: PICTURE,
                     layout_ids=frozenset({"main"})).warnings == ()
    assert render(md, body).warnings == ()  # a body on its own: the heading is #main


@pytest.mark.parametrize(("body", "line", "col", "example"), [
    ("## Principal {#main}\n\ntext", 5, 14, "{#main_1}"),  # a translation keeping an old anchor
    ("A paragraph.\n{: #site-map }\n", 6, 1, "{#site-map_1}"),
    ('Intro.\n\n<div id="main">x</div>\n', 7, 6, 'id="main_1"'),
    ('<p>A <span ID="main">word</span></p>\n', 5, 12, 'id="main_1"'),  # as HTML reads it
])
def test_an_anchor_written_in_the_body_that_the_layout_takes_is_an_error_at_it(
        md: MarkdownRenderer, body: str, line: int, col: int, example: str) -> None:
    """An id the body gives itself does not give way as one made from a heading's words
    does: the skip link, or the map, would still go into it."""
    urls = {"pages/about.md": "/about/"}
    done = md.render("pages/act.md", "/act/", body, 5, urls, picture=lambda key: PICTURE,
                     layout_ids=frozenset({"main", "site-map"}))
    [(at_line, at_col, message)] = done.problems
    assert (at_line, at_col) == (line, col)
    assert message.startswith("the templates already give the id ") and message.endswith(
        f"give this one another, e.g. {example}")
    assert render(md, body).problems == ()  # a body on its own


@pytest.mark.parametrize(("template", "ids"), [
    ('<main id="main">', {"main"}), ("<main id='main'>", {"main"}),
    ("<main id=main>", {"main"}), ('<main ID = "main" class="x">', {"main"}),
    ('{# <div id="old-map"> #}<div id="site-map">', {"site-map"}),
    ('<div data-id="x" aria-labelledby="y" id="{{ p.anchor }}" id={{ q }}>', set()),
])
def test_the_ids_a_template_writes_are_read_as_html_reads_them(
        template: str, ids: set[str]) -> None:
    import jinja2

    from aze_site.render.template_ids import OUTSIDE, template_ids

    assert template_ids(jinja2.Environment(autoescape=True).parse(template)).ids[OUTSIDE] == ids


def _page_ids(templates: dict[str, str], name: str) -> frozenset[str]:
    import jinja2

    from aze_site.render.template_ids import page_ids, template_ids

    jinja = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    return page_ids(name, {n: template_ids(jinja.parse(t)) for n, t in templates.items()})


MACROS = ('{% macro hero() %}<header id="hero">{{ title() }}</header>{% endmacro %}'
          '{% macro title() %}<h1 id="title">x</h1>{% endmacro %}'
          '{% macro site_map() %}<figure id="site-map"></figure>{% endmacro %}')


@pytest.mark.parametrize(("page", "ids"), [
    ('{% extends "base.html" %}{% from "_macros.html" import hero, site_map %}'
     '{% block main %}{{ hero() }}{% endblock %}', {"main", "hero", "title"}),
    ('{% extends "base.html" %}{% from "_macros.html" import site_map as m %}'
     '{% block main %}{% call m() %}x{% endcall %}{% endblock %}', {"main", "site-map"}),
    ('{% import "_macros.html" as all %}{{ all.hero() }}', {"hero", "title", "site-map"}),
    ('{% include "base.html" %}<p id="own">', {"main", "own"}),
    ('{% include name %}', {"main", "hero", "title", "site-map"}),  # may be any of them
])
def test_a_pages_ids_are_those_of_the_macros_its_templates_call(page: str,
                                                                ids: set[str]) -> None:
    """`## Site map` on a page that shows no map keeps its anchor: the ids of the macros a
    template imports and does not call are not the page's (`_macros.html` holds the map's
    and the site table's for all the pages that import any of it)."""
    templates = {"_macros.html": MACROS, "page.html": page,
                 "base.html": '<main id="main">{% block main %}{% endblock %}</main>'}
    assert _page_ids(templates, "page.html") == ids


@pytest.mark.parametrize(("templates", "ids"), [
    # a macro including a template: what that writes
    ({"_m.html": '{% macro box() %}{% include "_box.html" %}{% endmacro %}',
      "_box.html": '<div id="box"></div>',
      "page.html": '{% from "_m.html" import box %}{{ box() }}'}, {"box"}),
    # a template included or extended calls a macro of the template pulling it in
    ({"_m.html": '{% macro box() %}<div id="box"></div>{% endmacro %}',
      "_footer.html": "{{ box() }}",
      "page.html": '{% from "_m.html" import box %}{% include "_footer.html" %}'}, {"box"}),
    ({"_header.html": "{{ nav() }}",
      "page.html": '{% macro nav() %}<nav id="nav"></nav>{% endmacro %}'
                   '{% include "_header.html" %}'}, {"nav"}),
    ({"base.html": '<main id="main">{{ box() }}</main>',
      "_m.html": '{% macro box() %}<div id="box"></div>{% endmacro %}',
      "page.html": '{% extends "base.html" %}{% from "_m.html" import box %}'}, {"main", "box"}),
    # an element written in the text of a {% trans %}, or in a string printed as markup
    ({"page.html": '{% trans %}<p id="note">Note</p>{% endtrans %}'
                   "{{ '<p id=\"lit\">'|safe }}"}, {"note", "lit"}),
])
def test_a_pages_ids_include_those_written_where_its_templates_call_them(
        templates: dict[str, str], ids: set[str]) -> None:
    """The page's element keeps its id: a heading of the same words gives way to it."""
    assert _page_ids(templates, "page.html") == ids


def test_the_shipped_pages_ids() -> None:
    """A factsheet or a page shows no site map or site table; the list of sites does."""
    folder = Path(__file__).parent.parent / "templates"
    templates = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    for name in ("site.html", "page.html", "news.html"):
        assert {"main"} <= _page_ids(templates, name)
        assert not {"site-map", "site-table"} & _page_ids(templates, name)
    assert {"main", "site-map", "site-table"} <= _page_ids(templates, "sites.html")
