"""PyYAML's syntax errors, said for people: where the mistake really is (often lines
above where the parser stopped) and what to do about it, in an editor's words.

`explain` tries each rule in turn on the parser's complaint; the first that recognises
it says it. `shorten` cuts a value echoed in any message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml


def shorten(text: str, at: int = 60) -> str:
    """`text` as echoed in a message: cut at `at` characters with an ellipsis (a line break
    in it stays, for the message to show: a diagnostic writes control characters out)."""
    return text if len(text) <= at else text[:at - 1].rstrip() + "…"


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)*(?P<key>[^\s:#'\"\-][^:#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s+|$)")


# A value's opening quote, after its key or a list's '- ' (not a line of block text)
_VALUE_QUOTE = re.compile(
    r"""^\s*(?:-\s+(?:(?:[^\s:#'"\-][^:#]*?|"[^"]*"|'[^']*')\s*:\s+)?|"""
    r"""(?:-\s+)*(?:[^\s:#'"\-][^:#]*?|"[^"]*"|'[^']*')\s*:\s+)(["'])""")


def _closing(text: str, start: int, quote: str) -> int | None:
    """Where the quoted value that goes on at `start` ends (its closing quote), if here."""
    i = start
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":  # '' is a quote inside ''
                i += 2
                continue
            return i
        i += 1
    return None


def _open_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The quote (line, column, character) of a value left open on an earlier line whose
    reading ends on line `upto`: YAML reads on to the next quote, often in a comment or a
    key lines below, and its error there says nothing of the quote really missing."""
    opened: tuple[int, int, str] | None = None
    for i, line in enumerate(lines[:upto + 1]):
        if opened is None:
            found = _VALUE_QUOTE.match(line)
            if found and _closing(line, found.end(), found[1]) is None:
                opened = (i, found.start(1), found[1])
        elif (end := _closing(line, 0, opened[2])) is not None:
            # "closed" by the quote that opens a key or a value, or one in a comment: the
            # value never ended (a value that goes on over lines ends after its text)
            value = _VALUE_QUOTE.match(line)
            if i == upto and (line.lstrip()[:1] in (opened[2], "#")
                              or (value is not None and value.start(1) == end)):
                return opened
            opened = None
    return None


def line_at(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _quoted(key: str, value: str) -> str:
    """`key: value` with the value quoted, as an example of the fix."""
    if '"' not in value:
        return f'{key}: "{value}"'
    if "'" not in value:
        return f"{key}: '{value}'"
    doubled = value.replace("'", "''")
    return f"{key}: '{doubled}' (each ' inside it written twice)"


def _no_colon(text: str) -> str:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return (f"'{shown}' has no ':' after a key: write it as 'key: value', or indent it if it "
            "continues the value above")


@dataclass
class _Syntax:
    """A syntax error of PyYAML, with what the rules below look at."""

    lines: list[str]
    problem: str
    where: str
    context: Any  # the mark where the construct began, if known
    line_no: int  # 0-based
    col: int  # 0-based
    line_offset: int

    @property
    def line(self) -> str:
        return line_at(self.lines, self.line_no)

    @property
    def char(self) -> str:
        return self.line[self.col] if self.col < len(self.line) else ""

    @property
    def indent(self) -> int:
        return len(self.line) - len(self.line.lstrip(" \t"))


Explained = tuple[int, int, str] | None  # 0-based line, 1-based column, message


def _unclosed(e: _Syntax) -> Explained:
    found = _open_quote(e.lines, e.line_no)
    if found is None:
        return None
    line, col, quote = found
    return line, col + 1, f"a quoted value is not closed: add the closing {quote} at its end"


def _tabs(e: _Syntax) -> Explained:
    line, problem = e.line, e.problem
    if "\t" in line[:e.indent] and ("tab" in problem or "indent" in problem or "token" in problem
                                     or "expected" in problem or "mapping values" in problem):
        return e.line_no, line.index("\t") + 1, "a tab character: indent with spaces, not tabs"
    if e.char == "\t" or "tab character" in problem:
        tab = line.find("\t")
        return e.line_no, (tab if tab >= 0 else e.col) + 1, "a tab character: use spaces, not tabs"
    return None


def _bad_start(e: _Syntax) -> Explained:
    """A value starting with a character YAML reserves (@, `, *, &, ?, ], }, '- ')."""
    reserved = ("mapping keys are not allowed" in e.problem
                or ("node content" in e.problem and e.char.strip() != ""
                    and e.where in ("while parsing a block node", "while parsing a flow node")))
    if "cannot start any token" not in e.problem and not reserved and e.where not in (
            "while scanning an alias", "while scanning an anchor", "while scanning a tag"):
        return None
    line, context = e.line, e.context
    start = context.column if context and context.line == e.line_no and not reserved else e.col
    first = line[start:start + 1] or e.char
    found = _KEY_VALUE.match(line)
    example = (f", e.g. {_quoted(found['key'], line[found.end():].strip())}"
               if found and found.end() == start else "")
    return e.line_no, start + 1, (f"a value cannot start with '{first}': put the value in "
                                  f"quotes{example}")


def _colon(e: _Syntax) -> Explained:
    if not e.problem.startswith("mapping values are not allowed"):
        return None
    line, lines = e.line, e.lines
    found = _KEY_VALUE.match(line)
    if found and found.end() <= e.col:
        value = line[found.end():]
        comment = re.search(r"\s#", value)
        value = (value[:comment.start()] if comment else value).strip()
        return e.line_no, e.col + 1, (f"a colon in a value: put the value in quotes, e.g. "
                                      f"{_quoted(found['key'], value)}")
    above = e.line_no - 1
    while above >= 0 and (not line_at(lines, above).strip()
                          or line_at(lines, above).lstrip().startswith("#")):
        above -= 1
    before = line_at(lines, above)
    glued = _GLUED.match(before)
    if glued:  # `title:About`: without the space, YAML reads on into the next line's key
        key, value = glued["key"], before[glued.end():].strip()
        return above, glued.end(), (f"a space must follow the ':' after '{key}': write "
                                    f"'{key}: {shorten(value, 40)}'")
    item = re.match(r"\s*-\s+", before)
    if above >= 0 and ":" not in before and (not item or e.indent == item.end()):
        # a key of a list item lined up below an item without its ':' (`- name Araripe`)
        start = item.end() if item else len(before) - len(before.lstrip())
        return above, start + 1, _no_colon(before[start:])
    if above >= 0 and e.indent > len(before) - len(before.lstrip()):
        key = line.strip().split(":", 1)[0]
        return e.line_no, e.indent + 1, (f"'{key}' is indented more than the line above: keys "
                                         "of the same group start in the same column")
    return None


# a key glued to its value, `title:About` (not an address, `https://...`)
_GLUED = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"\-][^\s:#'\"]*):(?=[^\s/])")


def _item_after_key(e: _Syntax) -> Explained:
    """`description: - a`: a list item where the key's value starts."""
    if "sequence entries are not allowed" not in e.problem:
        return None
    return e.line_no, e.col + 1, ("a list item ('- ') on the same line as its key: start each "
                                  "item on a line of its own below the key, or put the value "
                                  "in quotes if it is text")


def _directive(e: _Syntax) -> Explained:
    """`%YAML 1.1` or any line starting with '%': a directive, which content never needs."""
    if "directive" in e.where or "directive" in e.problem:
        return (e.context.line if e.context else e.line_no), 1, DIRECTIVE
    if "<document start>" not in e.problem:
        return None
    for number, text in enumerate(e.lines[:e.line_no + 1]):
        if text.startswith("%"):
            return number, 1, DIRECTIVE
    return None


DIRECTIVE = ("a line starting with '%' is a YAML directive, which content does not use: "
             "delete it, or put the text in quotes")


def _indented_start(e: _Syntax) -> Explained:
    """The first key indented, a later one not: YAML ends the document at the later one."""
    if "<document start>" not in e.problem:
        return None
    for number, text in enumerate(e.lines[:e.line_no]):
        if text.strip() and not text.lstrip().startswith("#"):
            indent = len(text) - len(text.lstrip(" "))
            if indent == 0 or e.indent >= indent:
                return None
            where = "front matter" if e.line_offset else "file"
            return number, 1, (f"this line is indented, but it is the first of the {where}: "
                               "start it at the line's beginning (keys of a group start in the same column)")
    return None


def _open_at_end(e: _Syntax) -> Explained:
    """A '[' or '{' the file ends inside, its value never written."""
    if e.where != "while parsing a flow node" or (e.line_no < len(e.lines) - 2
                                                   and e.line.strip()):
        return None
    for number in range(min(e.line_no, len(e.lines) - 1), -1, -1):
        text = e.lines[number]
        at = max(text.rfind("["), text.rfind("{"))
        if at >= 0:
            what, closing = ("list", "]") if text[at] == "[" else ("group of 'key: value' "
                                                                   "entries", "}")
            return number, at + 1, (f"a {what} opened with '{text[at]}' is not closed: add "
                                    f"'{closing}' at its end")
    return None


def _scalars(e: _Syntax) -> Explained:
    context, line, col = e.context, e.line, e.col
    if "while scanning a quoted scalar" in e.where and context is not None \
            and "end of stream" in e.problem:
        quote = line_at(e.lines, context.line)[context.column:context.column + 1] or '"'
        return context.line, context.column + 1, (f"a quoted value is not closed: add the "
                                                  f"closing {quote} at its end")
    hexadecimal = "hexadecimal" in e.problem or "hexdecimal" in e.problem  # libyaml's spelling
    if "unknown escape" in e.problem or hexadecimal:
        col = line.rfind("\\", 0, col + 1) if hexadecimal else col
        at = col - 1 if e.char != "\\" and col > 0 and line[col - 1] == "\\" else col
        return e.line_no, at + 1, ("a backslash in a double-quoted value starts an escape: write "
                                   "\\\\ for a backslash, or use single quotes")
    if "invalid Unicode" in e.problem:
        at = line.rfind("\\", 0, col + 1)
        code = re.match(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", line[at:]) if at >= 0 else None
        shown = f"'{code.group()}' is" if code else "this code is"
        return e.line_no, max(at, 0) + 1, (f"{shown} not the code of a character: write the "
                                           "character itself")
    if "while scanning a block scalar" in e.where and context is not None:
        return context.line, context.column + 1, ("text after '|' or '>' on the same line: start "
                                                  "the text on the next line, indented")
    if "while scanning a simple key" in e.where and context is not None:
        return context.line, context.column + 1, _no_colon(line_at(e.lines, context.line))
    return None


def _flow(e: _Syntax) -> Explained:
    flow = {"while parsing a flow sequence": ("list", "[", "]"),
            "while parsing a flow mapping": ("group of 'key: value' entries", "{", "}")}.get(e.where)
    if not flow or e.context is None:
        return None
    what, opening, closing = flow
    if e.line_no > e.context.line or "stream end" in e.problem:
        return e.context.line, e.context.column + 1, (f"a {what} opened with '{opening}' is not "
                                                      f"closed: add '{closing}' at its end")
    return e.line_no, e.col + 1, (f"expected ',' or '{closing}' here: separate the items "
                                  f"with commas")


def _blocks(e: _Syntax) -> Explained:
    if e.where not in ("while parsing a block mapping", "while parsing a block collection"):
        return None
    line, col, indent = e.line, e.col, e.indent
    before = line[:col].rstrip()
    if before.endswith(("'", '"')) and (before.lstrip(" -").count(":")
                                        or _closes_above(e.lines, e.line_no, before[-1])):
        found = _KEY_VALUE.match(line)
        value = line[found.end():].strip() if found else ""
        if found and len(value) > 1 and value[0] == value[-1] == '"':  # "A "quoted" word"
            return e.line_no, col + 1, ("a double quote inside a value in double quotes: put the "
                                        "value in single quotes, e.g. "
                                        f"{_quoted(found['key'], value[1:-1])}")
        return e.line_no, col + 1, ("text after the closing quote: put the whole value inside the "
                                    "quotes")
    found = _KEY_VALUE.match(line)
    item = line.lstrip(" -")
    value = item if item[:1] in ("[", "{") or not found else line[found.end():]  # an item's,
    if before.endswith(("]", "}")) and value.lstrip()[:1] in ("[", "{"):  # or a key's value
        return e.line_no, col + 1, (f"text after the closing '{before[-1]}': put it inside "
                                    f"the brackets, or the whole value in quotes")
    start = (e.context.line if e.context else 0) + 1 + e.line_offset
    if line.lstrip().startswith("-"):
        items = [item for item in e.lines[:e.line_no] if item.lstrip().startswith("- ")]
        column = len(items[-1]) - len(items[-1].lstrip()) + 1 if items else 1
        return e.line_no, indent + 1, ("bad indentation: start this item in the same column as "
                                       f"the item above it (column {column})")
    if e.where == "while parsing a block collection":
        return e.line_no, indent + 1, ("bad indentation: line this up with the other keys of its "
                                       f"list item (the list starts on line {start}), or start a "
                                       "new item with '- '")
    return e.line_no, indent + 1, ("bad indentation: line this up with the keys above it (they "
                                   f"start on line {start})")


def _closes_above(lines: list[str], line_no: int, quote: str) -> bool:
    """The quote ending this line's text closes a value opened on a line above: the nearest
    line above holding that quote holds an odd number of them."""
    for above in range(line_no - 1, -1, -1):
        count = line_at(lines, above).count(quote)
        if count:
            return count % 2 == 1
    return False


_RULES = (_unclosed, _tabs, _bad_start, _colon, _item_after_key, _directive, _indented_start,
          _open_at_end,
          _scalars, _flow, _blocks)


def explain(exc: yaml.MarkedYAMLError, text: str, line_offset: int = 0) -> tuple[int, int, str]:
    """The 0-based line (in `text`), 1-based column and a message saying what to do, for a
    syntax error of PyYAML (C or Python parser, whose texts differ): the first rule that
    recognises it says it; else PyYAML's own words."""
    mark = exc.problem_mark or exc.context_mark
    line_no, col = (mark.line, mark.column) if mark else (0, 0)
    found = _Syntax(text.split("\n"), exc.problem or "", exc.context or "", exc.context_mark,
                    line_no, col, line_offset)
    for rule in _RULES:
        said = rule(found)
        if said is not None:
            return said
    message = found.problem or found.where or "invalid YAML"
    context = exc.context_mark
    if exc.context and context and mark and context.line != mark.line:
        message += f" ({exc.context} at line {context.line + 1 + line_offset})"
    return line_no, col + 1, f"YAML syntax error: {message}"
