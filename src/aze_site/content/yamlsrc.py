"""YAML parsing that keeps the line and column of every key and value.

Validation points at the offending value, so each parsed document comes with a map
from a value's path (``("species", 0, "status")``) to its 1-based position.

Content comes from anyone with write access to a folder, so what a parser would let
explode is refused first, each with one error at its line: anchors and aliases (a
"billion laughs" of 642 bytes took 3.9 GB), nesting deeper than MAX_DEPTH (PyYAML's
composer recurses), NUL bytes and the other characters YAML refuses. Syntax errors are
said for people, with what to do (`explain`), not in the parser's words.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from aze_site.errors import Report

Path = tuple[str | int, ...]
Pos = tuple[int, int]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A parsed YAML document with the positions of its values and keys."""

    path: str
    data: Any
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)
    todos: list[Pos] = field(default_factory=list)  # '# TODO' notes left in comments
    # YAML reads yes, no, on, off (any case) as true or false, and 6:40:12 as a number in
    # base 60: the text as written, where text is expected (`iso3: NO`) and for messages
    written: dict[Path, str] = field(default_factory=dict)

    def pos(self, where: Path) -> Pos:
        """Position of the value at `where`, or of its nearest located ancestor."""
        while where not in self.values and where:
            where = where[:-1]
        return self.values.get(where, (1, 1))

    def key_pos(self, where: Path) -> Pos:
        return self.keys.get(where) or self.pos(where)


def _pos(node: yaml.Node, line_offset: int) -> Pos:
    mark = node.start_mark
    return (mark.line + 1 + line_offset, mark.column + 1)


class _Walker:
    def __init__(self, doc: Located, report: Report, line_offset: int) -> None:
        self.doc = doc
        self.report = report
        self.offset = line_offset
        self.constructor = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, where: Path) -> Any:
        self.doc.values[where] = _pos(node, self.offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            before: yaml.Node | None = None  # the value before this key
            for key_node, value_node in node.value:
                if before is not None and _decimal_comma(before, key_node, value_node):
                    line, col = _pos(before, self.offset)
                    whole, part = before.value, key_node.value
                    self.report.error(self.doc.path, line, col, f"'{whole},{part}': write "
                                      f"decimals with a point, not a comma ({whole}.{part})")
                    continue
                before = value_node
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if isinstance(key, _Misfit):
                    raise _Refused(key_node.start_mark, key.message)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    line, col = _pos(key_node, self.offset)
                    self.report.error(self.doc.path, line, col, _key_problem(key, key_node))
                    continue
                key = str(key)
                if key in result:
                    line, col = _pos(key_node, self.offset)
                    self.report.error(self.doc.path, line, col, f"duplicate key '{key}'")
                    continue
                self.doc.keys[(*where, key)] = _pos(key_node, self.offset)
                result[key] = self.walk(value_node, (*where, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*where, i)) for i, item in enumerate(node.value)]
        value = self.scalar(node)
        if isinstance(value, _Misfit):  # one error, not a second one from validation
            raise _Refused(node.start_mark, value.message)
        if (isinstance(value, bool) and node.value.lower() not in ("true", "false")) or (
                isinstance(value, int | float) and ":" in node.value) or (  # 6:40:12, base 60
                isinstance(value, str) and not getattr(node, "style", None)
                and _looks_numeric(value)):
            self.doc.written[where] = node.value  # 1e3: YAML 1.1 reads text, without quotes
        return value

    def scalar(self, node: yaml.Node) -> Any:
        """The value of a scalar; its text when it only looks like a date (2018-13-45: let
        validation say so); a _Misfit when a tag written on it does not fit (!!bool x)."""
        try:
            value = self.constructor.construct_object(node, deep=True)
            if value is None and node.value and \
                    _resolve(yaml.ScalarNode, node.value, (True, False)) != node.tag:
                raise ValueError  # !!null x: PyYAML drops the text without a word
            return value
        except (ValueError, KeyError, AttributeError, TypeError,
                yaml.constructor.ConstructorError):
            if node.tag == "tag:yaml.org,2002:merge":
                return _Misfit(MERGE)
            if _resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag:
                return node.value
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            return _Misfit(f"the tag {tag} does not fit '{shorten(node.value)}': remove the tag")


def _looks_numeric(text: str) -> bool:
    """Text a reader takes for a number, as 1e3 (YAML 1.1 wants 1.0e+3)."""
    try:
        float(text)
    except ValueError:
        return False
    return any(c.isdigit() for c in text)  # not inf or nan: text to YAML, and to readers


@dataclass(frozen=True)
class _Misfit:
    """A scalar its tag cannot make (!!int abc, !!bool x, !!map text): what to say."""

    message: str


def shorten(text: str, at: int = 60) -> str:
    """`text` as echoed in a message: cut at `at` characters with an ellipsis (a line break
    in it stays, for the message to show: a diagnostic writes control characters out)."""
    return text if len(text) <= at else text[:at - 1].rstrip() + "…"


def _decimal_comma(before: yaml.Node, key: yaml.Node, value: yaml.Node) -> bool:
    """`{lat: 6,67}`: YAML reads a number, then a key 67 without a value."""
    return (isinstance(before, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode)
            and before.tag.endswith(":int") and key.tag.endswith(":int")
            and isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")
            and key.start_mark.line == before.end_mark.line
            and key.start_mark.column == before.end_mark.column + 1)


def _key_problem(key: Any, node: yaml.Node) -> str:
    """Why a mapping key that is not a name cannot be one, in an editor's words."""
    if key is None:
        why = "a key cannot be empty or null"
    elif isinstance(node, yaml.ScalarNode):
        why = f"'{node.value}' cannot be a key"
    else:
        why = "a key cannot be a list"
    return f"{why}: a key is a name, such as title"


# -- hostile input: refused while the text is read, before anything is built from it ---------

MAX_DEPTH = 50  # content needs four or five levels; yaml.compose recurses once per level

ANCHORS = ("YAML anchors and aliases (&name, *name) are not allowed in content: write the value "
           "out in full (or, if it is text starting with & or *, put it in quotes)")
NUL = ("this file contains a NUL byte (\\0): delete it (it comes from a damaged file or from "
       "text copied out of a binary one)")
MERGE = "'<<' (merging in another entry) is not supported: write each key out"
_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
# what YAML 1.1 (libyaml) accepts in a document; anything else stops the parser
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TODO_NOTE = re.compile(r"(?:^|\s)(#\s*TODO\b)")


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def position(text: str, index: int) -> Pos:
    """1-based line and column of the character at `index` of `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


_INVISIBLE = {"\u00a0": "no-break space", "\u200b": "zero-width space", "\u2060": "word joiner",
              "\ufeff": "zero-width no-break space", "\u2028": "line separator",
              "\u2029": "paragraph separator"}
_HIDDEN = "[" + "".join(c for c in _INVISIBLE if c not in "\u2028\u2029") + "]"
# Line and paragraph separators anywhere (YAML takes them for line breaks, editors do not
# see them); the others where they change what YAML reads: in a line's indentation, in a
# key, or between a key's colon and its value (in a value they are text).
_MISREAD = re.compile(f"[\u2028\u2029]|^[ \t]*{_HIDDEN}"
                      f"|^[ \t]*(?:- +)?[^\\s:#'\"]*{_HIDDEN}(?=[^\\s:]*:(?:\\s|$))"
                      f"|^[ \t]*(?:- +)?(['\"])[^'\"\n]*{_HIDDEN}(?=[^'\"\n]*\\1:(?:\\s|$))"
                      f"|^[ \t]*(?:- +)?[^\\s:#'\"]+:{_HIDDEN}", re.MULTILINE)


def bad_character(text: str) -> tuple[int, str] | None:
    """The index of the first character YAML refuses (NUL, other control characters) or
    misreads unseen (an invisible space in a key or an indentation), and what to say."""
    found = _NOT_YAML.search(text)
    # the pattern costs some 15 µs a front matter: looked for only where such a character is
    hidden = _MISREAD.search(text) if any(c in text for c in _INVISIBLE) else None
    if hidden is not None and (found is None or hidden.end() - 1 < found.start()):
        at = hidden.end() - 1
        char = text[at]
        fix = "replace it with a plain space" if char == "\u00a0" else "delete it"
        return at, (f"an invisible character here (U+{ord(char):04X}, {_INVISIBLE[char]}): "
                    f"{fix} (it often comes from text copied out of another program)")
    if found is None:
        return None
    char = found.group()
    if char == "\0":
        return found.start(), NUL
    return found.start(), (f"a control character (U+{ord(char):04X}) that YAML does not allow: "
                           "delete it (it often comes from text copied out of another program)")


def _compose(text: str) -> yaml.Node | None:
    """yaml.compose without its recursion and without anchors, aliases, unknown tags or a
    second document: the nodes are built from the event stream with an explicit stack, and
    anything refused stops reading at once (a "billion laughs" is refused at its first
    anchor, 10,000 nested brackets at the 51st)."""
    loader = _Loader(text)
    try:
        root: yaml.Node | None = None
        stack: list[tuple[yaml.Node, list[yaml.Node]]] = []  # a collection and its pending key
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent or kind in _STARTS:
                node: yaml.Node = _node(event, len(stack))
                if kind is not yaml.ScalarEvent:
                    stack.append((node, []))
                    continue
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is yaml.AliasEvent:
                raise _Refused(event.start_mark, ANCHORS)
            else:
                documents += kind is yaml.DocumentStartEvent
                if documents > 1:
                    raise _Refused(event.start_mark, "a second YAML document starts here: a "
                                   "content file holds one; delete this '---' line")
                continue
            root = _attach(stack, node) or root
        return root
    finally:
        loader.dispose()


def _node(event: Any, depth: int) -> yaml.Node:
    """The node a scalar or collection-start event begins, refused when it is hostile."""
    if event.anchor is not None:
        raise _Refused(event.start_mark, ANCHORS)
    kind = type(event)
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolve(_NODES[kind], event.value if kind is yaml.ScalarEvent else None,
                       event.implicit)
    elif tag not in _TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(event.start_mark, f"YAML tags such as '{shown}' are not allowed "
                       "in content: write the value without it")
    if kind is yaml.ScalarEvent:
        return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    if depth >= MAX_DEPTH:
        raise _Refused(event.start_mark, f"values nested more than {MAX_DEPTH} "
                       "levels deep: content needs only a few (look for brackets "
                       "that are not closed, or runaway indentation)")
    node: yaml.Node = _NODES[kind](tag, [], event.start_mark, None, event.flow_style)
    return node


def _attach(stack: list[tuple[yaml.Node, list[yaml.Node]]], node: yaml.Node) -> yaml.Node | None:
    """Put a finished node into the collection it belongs to; the node when it is the root."""
    if not stack:
        return node
    collection, pending = stack[-1]
    if type(collection) is yaml.SequenceNode:
        collection.value.append(node)
    elif pending:
        collection.value.append((pending.pop(), node))
    else:
        pending.append(node)
    return None


_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_NODES: dict[type[Any], type[Any]] = {yaml.ScalarEvent: yaml.ScalarNode,
                                      yaml.SequenceStartEvent: yaml.SequenceNode,
                                      yaml.MappingStartEvent: yaml.MappingNode}
_RESOLVER = yaml.resolver.Resolver()
_resolve: Callable[..., str] = _RESOLVER.resolve


# -- syntax errors, said for people ------------------------------------------------------------

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


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _quoted(key: str, value: str) -> str:
    """`key: value` with the value quoted, as an example of the fix."""
    if '"' not in value:
        return f'{key}: "{value}"'
    if "'" not in value:
        return f"{key}: '{value}'"
    return 'title: "Threats: an overview"'


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
        return _line(self.lines, self.line_no)

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
    while above >= 0 and (not _line(lines, above).strip()
                          or _line(lines, above).lstrip().startswith("#")):
        above -= 1
    before = _line(lines, above)
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
        quote = _line(e.lines, context.line)[context.column:context.column + 1] or '"'
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
        return context.line, context.column + 1, _no_colon(_line(e.lines, context.line))
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
        count = _line(lines, above).count(quote)
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


def yaml_data(root: pathlib.Path, rel: str) -> Any:
    """The data of a YAML file of the project, read as the build reads YAML (safe,
    bounded); None when it cannot be read (the build says why). For the commands that
    only glance at a file, as `serve` at the site's title."""
    try:
        doc = parse_yaml((root / rel).read_text(encoding="utf-8"), rel, Report())
    except (OSError, UnicodeDecodeError):
        return None
    return doc.data if doc is not None else None


def parse_yaml(text: str, path: str, report: Report, line_offset: int = 0) -> Located | None:
    """Parse one YAML document; on a syntax error (or input refused as hostile: anchors and
    aliases, nesting deeper than MAX_DEPTH, NUL bytes) report it and return None."""
    doc = Located(path, None)
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows editors save UTF-8
    bad = bad_character(text)
    if bad is not None:
        line, col = position(text, bad[0])
        report.error(path, line + line_offset, col, bad[1])
        return None
    try:
        node = _compose(text)
    except _Refused as refused:
        report.error(path, refused.mark.line + 1 + line_offset, refused.mark.column + 1,
                     refused.message)
        return None
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(exc, text, line_offset)
        report.error(path, line + 1 + line_offset, col, message)
        return None
    except yaml.YAMLError as exc:
        report.error(path, 1 + line_offset, 0, f"YAML syntax error: {exc}")
        return None
    if "TODO" in text:
        for number, source_line in enumerate(text.split("\n")):
            note = _TODO_NOTE.search(source_line)
            if note:
                doc.todos.append((number + 1 + line_offset, note.start(1) + 1))
    if node is None:
        doc.data = None
        return doc
    try:
        doc.data = _Walker(doc, report, line_offset).walk(node, ())
    except _Refused as refused:
        report.error(path, refused.mark.line + 1 + line_offset, refused.mark.column + 1,
                     refused.message)
        return None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 0)
        report.error(path, line, col, _constructor_problem(exc))
        return None
    return doc


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
    if not _key_line(_line(lines, fence + 1)):
        return None
    for i in range(fence + 2, len(lines)):
        text = lines[i].rstrip()
        if text == "---":
            return i
        if text and not (_key_line(text) or text[0] in " \t#"):
            return None
    return None


def _key_line(text: str) -> bool:
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
    return 1, 1, "missing front matter: the file must start with a '---' line"


def _constructor_problem(exc: yaml.constructor.ConstructorError) -> str:
    """YAML's complaint about a tag, in an editor's words."""
    problem = exc.problem or ""
    if "tag:yaml.org,2002:merge" in problem:
        return MERGE
    tag = re.search(r"for the tag '([^']*)'", problem)
    if tag:
        return (f"the tag '{tag.group(1)}' is not supported: remove it (values are text, "
                "numbers, dates, true/false, lists and 'key: value' entries)")
    return f"YAML error: {problem}"
