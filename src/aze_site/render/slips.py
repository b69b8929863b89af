"""Markdown written as other editors read it (GitHub's, CommonMark's) that Python-Markdown
publishes as plain text: a list or a table right after a line of text, a table without
its line of dashes, a space between a link's text and its address, a note called that
has no text. Each is found in the source, where it is, with what to write instead; the
page is still built (a warning), as the text is what the editor wrote.

Pure functions of a body's text: what they find is cached with the page it is part of.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

LIST_AFTER_TEXT = ("a list right after a line of text is shown as part of that text: put an "
                   "empty line before the list")
TABLE_AFTER_TEXT = ("a table right after a line of text is shown as part of that text: put an "
                    "empty line before the table")
NO_DASHES = ("a table needs a line of dashes under its first row (| --- | --- |): without it, "
             "it is shown as text")
LINK_SPACE = ("a space between ']' and '(' shows this link as text: write it with none, "
              "[{text}]({href})")
NO_NOTE = ("the note [^{label}] has no text: add a line '[^{label}]: ...' (its text) after the "
           "paragraph, or delete the call")

_LIST_OR_ROW = re.compile(r"\n {0,3}(?:[-*+][ \t]|1[.][ \t]|\|)")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_BULLET = re.compile(r" {0,3}(?:[-*+]|1[.])[ \t]+\S")  # 2018. in a wrapped line: no list
_ROW = re.compile(r" {0,3}\|")
_DASHES = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\Z")
_UNDERLINE = re.compile(r"(?:=+|-+) *\Z")  # under a block's first line: a heading
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")
_OTHER = re.compile(r" {0,3}(?:#|>|<|\[[^\]\n]*\]:|\*\[|\{:|[-*+][ \t]|\d+[.][ \t])")
_HTML = re.compile(r" {0,3}<(!--|[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9-]))")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"(`+)[^`].*?\1|`+")
_SPACED_LINK = re.compile(r"(?<!\\)\[([^\]\[\n]+)\][ \t]+\(((?:https?://|mailto:|\.{0,2}/|#)[^()\s]*"
                          r"|[^()\s]+\.md(?:#[^()\s]*)?)\)")
_CALL = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")
NOTE_DEFINED = re.compile(r"^[ >]*\[\^([^\]\n]+)\]:", re.M)  # a note's text (in a quote too)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)
_CITATION = re.compile(r"\d+(?:[ \t]*[-\u2013,][ \t]*\d+)*\Z")  # [1], [2, 3], [4-6]


def slips(body: str) -> list[tuple[int, str]]:
    """Each slip in `body`: the index where it is, and what to say."""
    found: list[tuple[int, str]] = []
    if "<" in body:
        body = _without_html(body)
    if _may_slip(body):  # most bodies' lists follow an empty line: not read line by line
        found += _block_slips(body)
    if "] (" in body:
        found += _spaced_links(body)
    if "[^" in body:
        found += _notes_without_text(body)
    return sorted(found)


def _may_slip(body: str) -> bool:
    """Whether a line of a list follows a line of text, or a table is there (to be read
    line by line for what they are); False for most bodies, at the cost of a search."""
    for found in _LIST_OR_ROW.finditer(body):
        end = found.start()  # the line break before the list's or table's line
        before = body[body.rfind("\n", 0, end) + 1:end]
        if found.group().endswith("|") or (before.strip() and not _OTHER.match(before)):
            return True
    return False


def _block_slips(body: str) -> list[tuple[int, str]]:
    """Lists and tables that do not start a block of their own, and tables without their
    line of dashes (blocks are separated by empty lines; code is passed over)."""
    found: list[tuple[int, str]] = []
    first = ""  # what the block's first line is: text, table, other (code, a list...)
    rows = 0  # the lines of the block so far
    fenced = False
    at = block = 0  # where the line and its block start
    for line in body.split("\n"):
        start, at = at, at + len(line) + 1
        line = line.removesuffix("\r")  # (a file saved with Windows line endings)
        if _FENCE.match(line):
            fenced, first = not fenced, "other"
            continue
        if fenced:
            continue
        if not line.strip():
            first, rows = "", 0
            continue
        if not first:
            first, block, rows = _kind(line), start, 1
            if first == "heading":  # a heading is a block of one line
                first = ""
            continue
        rows += 1
        if first == "text" and rows == 2 and _UNDERLINE.match(line):
            first = ""  # the text above is a heading: a block of its own
        elif first == "text" and (_BULLET.match(line) or _ROW.match(line)) and not _RULE.match(line):
            found.append((start + len(line) - len(line.lstrip()),
                          TABLE_AFTER_TEXT if _ROW.match(line) else LIST_AFTER_TEXT))
            first = "other"  # said once a block
        elif first == "table" and rows == 2 and not _DASHES.match(line):
            found.append((block, NO_DASHES))
            first = "other"
    return found


def _kind(line: str) -> str:
    """What a line starting a block makes of it."""
    if len(line) - len(line.lstrip(" ")) >= 4 or line.startswith("\t"):
        return "other"  # code
    if _ROW.match(line):
        return "table"
    if line.lstrip().startswith("#"):
        return "heading"
    if _OTHER.match(line) or _RULE.match(line):
        return "other"
    return "text"


def _spaced_links(body: str) -> list[tuple[int, str]]:
    references = {label.casefold() for label in _REFERENCE.findall(body)}
    found = []
    for link in _SPACED_LINK.finditer(_without_code(body)):
        label = link.group(1)
        if label.casefold() in references or _CITATION.match(label):
            continue  # [ref] (an aside): a link, then text; Smith [2] (doi): a citation
        found.append((link.start(), LINK_SPACE.format(text=label, href=link.group(2))))
    return found


def _notes_without_text(body: str) -> list[tuple[int, str]]:
    defined = set(NOTE_DEFINED.findall(body))
    found, said = [], set()
    for call in _CALL.finditer(_without_code(body)):
        label = call.group(1)
        if label not in defined and label not in said:
            said.add(label)
            found.append((call.start(), NO_NOTE.format(label=label)))
    return found


def _without_html(body: str) -> str:
    """The body with its comments and raw HTML blocks blanked out, at the same length:
    Python-Markdown passes them as written, empty lines and all (a block from a line
    starting with a block tag up to the tag that closes it)."""
    lines, fenced, tag, depth = body.split("\n"), False, "", 0
    for i, line in enumerate(lines):
        if not tag:
            fenced ^= _FENCE.match(line) is not None
            opened = None if fenced else _HTML.match(line)
            if opened is None or opened[1].lower() not in {"!--", *BLOCK_LEVEL_ELEMENTS}:
                continue
            tag, depth = opened[1].lower(), 0
        if tag == "!--":
            ended = "-->" in line[line.find("<!--") + 4 if depth == 0 else 0:]
            depth = 1
        else:  # (hr and <div/> open none: a line of their own)
            depth += len(re.findall(rf"<{tag}(?![\w-])", line, re.I)) - len(re.findall(
                rf"<{tag}(?![\w-])[^>]*/>|</{tag}\s*>", line, re.I)) - (tag == "hr")
            ended = depth <= 0
        lines[i] = " " * len(line)
        if ended:
            tag = ""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), "\n".join(lines))


def _without_code(body: str) -> str:
    """The body with its code blanked out, at the same length (indices stay): code spans,
    fenced lines, and lines indented as code after an empty line (or a list's paragraph
    indented so: passed over too, which costs a warning at most, never a false one)."""
    if "`" not in body and "~~~" not in body and "\n    " not in body and "\n\t" not in body:
        return body
    lines, fenced, code = body.split("\n"), False, True
    for i, line in enumerate(lines):
        fence = _FENCE.match(line) is not None
        fenced ^= fence
        blank = not line.strip()
        code = blank or (line.startswith(("    ", "\t")) and code)
        if fence or fenced or (code and not blank):
            lines[i] = " " * len(line)
    return _CODE.sub(lambda m: " " * len(m.group()), "\n".join(lines))
