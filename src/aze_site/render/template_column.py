"""The column of a template diagnostic. Jinja gives only a line, but most messages quote
what that line writes (a filter, a field, a tag, a template's name): it is looked for
there as such a thing is written, so that `|uper` is found and not the `upper` meant."""

from __future__ import annotations

import re
from string import Template

_NAME = r"(?<![\w.])"  # a name's start: not the tail of another name, nor a field
_TAG = r"\{%[-+]?\s*"
_PREFIX = re.compile(r"^template (?:syntax )?error: ")

# What a message quotes (`name`, and `owner` for a field), and how a template writes it:
# the column is that of the group `at`. A message not here quotes nothing written so
# ("parameter 'title' was not provided": it is missing from the line)
_WRITTEN = tuple((re.compile(said), Template(written)) for said, written in (
    (r"^(?:unknown|the) filter '(?P<name>\w+)'",  # `|uper`, or a filter named to |map
     rf"(?:\|\s*|{_TAG}filter\s+|\bmap\(\s*[\"'])(?P<at>$name)\b"),
    (r"^(?:unknown|the) test '(?P<name>\w+)'",  # `is evn`, or a test named to |select
     r"(?:\bis\s+(?:not\s+)?|[\"'])(?P<at>$name)\b"),
    (r"^(?:unknown tag |the )?'\{% (?P<name>\w+) %\}'", rf"{_TAG}(?P<at>$name)\b"),
    (r" has no block '(?P<name>\w+)' for", rf"{_TAG}block\s+(?P<at>$name)\b"),
    (r"^\S+ \(imported as '(?P<owner>\w+)'\) has no macro '(?P<name>\w+)'",
     rf"{_NAME}$owner\s*\.\s*(?P<at>$name)\b"),
    (r" has no macro '(?P<name>\w+)' to import", rf"{_TAG}from\s.*?\bimport\b[^%]*?\b(?P<at>$name)\b"),
    (r"^'(?P<owner>[\w.]+)' has no field '(?P<name>\w+)'", rf"{_NAME}$owner\.(?P<at>$name)\b"),
    (r"^this \w+ has no field '(?P<name>\w+)'", r"\.(?P<at>$name)\b"),
    (r"^a template cannot change a \w+ \('(?P<name>\w+)'\)", r"\.(?P<at>$name)\b"),
    (r"^a template cannot read '(?P<name>\w+)' here", r"\.(?P<at>$name)\b"),
    (r"^range\(\) may count", rf"{_NAME}(?P<at>range)\s*\("),
    (r"^'(?P<owner>\w+)\.(?P<name>\w+)' cannot be set", rf"{_NAME}(?P<at>$owner)\s*\.\s*$name\b"),
    # the second time, where the first is on the line too
    (r" names its argument '(?P<name>\w+)' twice",
     r"(?:[(,]\s*$name\b.*?)?[(,]\s*(?P<at>$name)\b"),
    (r"^'(?P<name>[\w.]+)' has no key ", rf"{_NAME}(?P<at>$name)\s*\["),
    (r"^'?(?P<name>\w+)\(\)'? takes ", rf"{_NAME}(?P<at>$name)\s*\("),
    (r"^'(?P<name>\w+)' is undefined$", rf"{_NAME}(?P<at>$name)\b"),
    (r"^(?:template|static file|this \w+ of) '(?P<name>[^']+)'", r"(?P<at>[\"'])$name(?P=at)"),
    (r"^'(?P<name>%.)' in the format text", r"(?<!%)(?P<at>$name)"),  # not the '%d' of '%%d'
    (r"^'(?P<name>\*\*?)' would make", r"(?<!\*)(?P<at>$name)(?!\*)"),
))


def written_column(text: str, message: str, nth: int = 0) -> int:
    """The column (1-based, in characters) where the template line `text` writes what
    `message` quotes (the first time, or the time after `nth` others); 0 where the line
    does not write it so."""
    said = _PREFIX.sub("", message, count=1)
    for pattern, written in _WRITTEN:
        quoted = pattern.search(said)
        if quoted:
            names = {key: re.escape(value) for key, value in quoted.groupdict().items() if value}
            found = list(re.finditer(written.substitute(names), text))
            return found[nth].start("at") + 1 if nth < len(found) else 0
    return 0


def line_of(source: str, line: int) -> str:
    """Line `line` (1-based) of a template's text; '' where there is none."""
    lines = source.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""
