"""The one-pass typography gives byte for byte the HTML of Python-Markdown's `smarty`.

`smarty` (of the Python-Markdown installed) is the reference: the same bodies through the
same extensions, one pipeline with `smarty`, the other with `Typography`.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aze_site.render.typography import Typography

REPO = Path(__file__).resolve().parent.parent
EXTENSIONS = ["tables", "footnotes", "attr_list", "abbr"]

# Pieces that the quote, dash and ellipsis rules look at, and the markup around them.
PIECES = ["'", '"', "-", "--", "---", "----", ".", "..", "...", "....", " ", "\n", "\t", "a",
          "s", "word", "80s", "1990s", "9", "*", "**", "_", "`", "(", ")", "[", "]", "{", "}",
          "\\'", '\\"', "&nbsp;", "&mdash;", "&#8211;", "\u2013", "\u2014", "<b>", "</b>", "<em>x</em>",
          "[link](u)", "![alt](i.png)", "!", ",", ";", "?", "# ", "> ", "- ", "1. ", "| a |",
          "[^1]", "\n\n[^1]: note", "*[HTML]: markup", "HTML", "<<", ">>", "é"]


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    reference = markdown.Markdown(extensions=[*EXTENSIONS, "smarty", "toc"], output_format="html")
    ours = markdown.Markdown(extensions=[*EXTENSIONS, Typography(), "toc"], output_format="html")
    return reference, ours


REFERENCE, OURS = _pair()


def _both(text: str) -> tuple[str, str]:
    REFERENCE.reset()
    OURS.reset()
    return REFERENCE.convert(text), OURS.convert(text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
def test_generated_text_as_smarty_writes_it(text: str) -> None:
    reference, ours = _both(text)
    assert ours == reference


@pytest.mark.parametrize("text", [
    "He said, \"'Quoted' words in a larger quote.\"",
    "The '80s and the 1990's -- or was it---the ... end?",
    "'Tis the season. \"'Twas\" it? 'a' \"b\" ''double'' \"\"",
    "Don't -- stop... ----  'quoted'. \"Quoted\".",
    "`code 'stays' \"straight\" -- ...` and \\\"escaped\\\" quotes",
    "    indented 'code' block -- ...",
    "| 'a' | \"b\" |\n|---|---|\n| -- | ... |",
])
def test_known_cases(text: str) -> None:
    reference, ours = _both(text)
    assert ours == reference


def test_every_shipped_markdown_file() -> None:
    files = sorted((REPO / "content").rglob("*.md"))
    assert files
    for path in files:
        reference, ours = _both(path.read_text(encoding="utf-8"))
        assert ours == reference, path


def test_it_does_educate() -> None:
    _, ours = _both("\"Only\" here -- the site's last... population---for now.")
    assert ours == ("<p>&ldquo;Only&rdquo; here &ndash; the site&rsquo;s last&hellip; "
                    "population&mdash;for now.</p>")
