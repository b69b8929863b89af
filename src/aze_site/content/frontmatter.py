"""Front matter: the `---` fenced YAML at the top of a Markdown file, split from its body,
with one error where the fences are missing, misplaced or doubled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aze_site.content.yamlsyntax import line_at, shorten
from aze_site.errors import Report


@dataclass(frozen=True)
class FrontMatter:
    yaml_text: str
    yaml_line: int  # line number (0-based offset) where the YAML starts
    body: str
    body_line: int  # 1-based line of the body's first line


def split_front_matter(text: str, path: str, report: Report) -> FrontMatter | None:
    """Split `---` fenced YAML front matter from a Markdown body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.error(path, *_no_front_matter(lines))
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            more = _more_front_matter(lines, i)
            if more is not None:
                report.error(path, i + 1, 1, f"this '---' ends the front matter early: the "
                             f"lines after it (up to line {more}) are front matter too; "
                             "remove it")
                return None
            yaml_text = "\n".join(lines[1:i]) + "\n"
            body = "\n".join(lines[i + 1 :])
            return FrontMatter(yaml_text, 1, body, i + 2)
    for i in range(1, len(lines)):
        if _FENCE_LIKE.fullmatch(lines[i].strip()):
            report.error(path, i + 1, 1, "the front matter ends with a line of three hyphens "
                         f"alone, '---': this line is '{shorten(lines[i].strip(), 20)}'")
            return None
    report.error(path, 1, 1, "front matter is not closed: add a '---' line after it")
    return None


# A line meant as the closing fence: hyphens alone ('--', '----'), or '---' and more.
_FENCE_LIKE = re.compile(r"-{2,}|---\s+\S.*")
# The keys of a page's, news post's, site's or translation's front matter: a body whose
# first line is one of them, up to another '---', is front matter a stray '---' cut off
# (a body may well start 'note: ...' or 'email: ...').
FRONT_MATTER_KEYS = frozenset({
    "title", "description", "hero", "updated", "draft", "aliases", "layout", "name", "iso3",
    "location", "area_km2", "wdkba_id", "criteria", "protection", "species",
    "translated_from", "common_names"})
_FIELD = re.compile(r"([a-z][a-z0-9_]*):(?:\s|$)")


def _more_front_matter(lines: list[str], fence: int) -> int | None:
    """The next '---' line (0-based) when the lines between it and the closing fence at
    `fence` are front matter too (`key: value`, indented or commented), as when a stray
    '---' splits the front matter: Markdown would publish them as a heading."""
    if not _keyline_at(line_at(lines, fence + 1)):
        return None
    for i in range(fence + 2, len(lines)):
        text = lines[i].rstrip()
        if text == "---":
            return i
        if text and not (_keyline_at(text) or text[0] in " \t#"):
            return None
    return None


def _keyline_at(text: str) -> bool:
    found = _FIELD.match(text)
    return found is not None and found.group(1) in FRONT_MATTER_KEYS


def _no_front_matter(lines: list[str]) -> tuple[int, int, str]:
    """Where and why a file does not start with its '---' line."""
    if lines and lines[0].startswith("---\r") and lines[0].rstrip("\r") != "---":
        return 1, 4, ("the lines end with a carriage return only (old Mac line endings): save "
                      "the file with Unix (LF) or Windows (CRLF) line endings")
    blank = 0
    while blank < len(lines) and not lines[blank].strip():
        blank += 1
    if 0 < blank < len(lines) and lines[blank].rstrip() == "---":
        return 1, 1, (f"the file must start with its '---' line: delete the {blank} empty "
                      f"line{'s' if blank > 1 else ''} before it")
    if blank == len(lines):
        return 1, 1, ("the file is empty: a content file starts with its front matter between "
                      "two '---' lines (`aze-site new` writes one to start from)")
    return 1, 1, "missing front matter: the file must start with a '---' line"
