"""YAML parsing that keeps the line and column of every key and value.

Validation points at the offending value, so each parsed document comes with a map
from a value's path (``("species", 0, "status")``) to its 1-based position.

Content comes from anyone with write access to a folder, so what a parser would let
explode is refused first, each with one error at its line: anchors and aliases (a
"billion laughs" of 642 bytes took 3.9 GB), nesting deeper than MAX_DEPTH (PyYAML's
composer recurses), NUL bytes and the other characters YAML refuses. Syntax errors are
said for people, with what to do, not in the parser's words (content/yamlsyntax.py).
"""

from __future__ import annotations

import bisect
import pathlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from aze_site.content.yamlsyntax import explain, shorten
from aze_site.errors import Report
from aze_site.files import read_file

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
    # '# TODO' notes left: (line, column, whether in a comment rather than in text)
    todos: list[tuple[int, int, bool]] = field(default_factory=list)
    # YAML reads yes, no, on, off (any case) as true or false, 6:40:12 as a number in base
    # 60, 010 as 8 and 12.50 as 12.5: the text as written, where text is expected (`iso3:
    # NO`, `name: 010`) and for messages
    written: dict[Path, str] = field(default_factory=dict)
    # mappings with a key refused (`{null: Sites}`): the keys they lack may be the one
    # refused, said once at it, so not said missing as well
    refused_keys: set[Path] = field(default_factory=set)

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
            places: dict[str, int] = {}  # each key's place among the keys, from 0
            # keys given again: (line, col, key, line of the first, how many follow it
            # given again too), one line for a run of them (an entry's lines pasted twice)
            again: list[tuple[int, int, str, int, int]] = []
            follows = -1  # the place of the key a repeat right after this key repeats in a run
            for key_node, value_node in node.value:
                run_place, follows = follows, -1
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
                    self.doc.refused_keys.add(where)
                    continue
                key = str(key)
                if key in result:
                    # a run goes on only in the first's order: a key given a third time, or
                    # one after a repeat but first given elsewhere, is a mistake of its own
                    if places[key] == run_place:
                        again[-1] = (*again[-1][:4], again[-1][4] + 1)
                    else:
                        again.append((*_pos(key_node, self.offset), key,
                                      self.doc.keys[(*where, key)][0], 0))
                    follows = places[key] + 1
                    continue
                places[key] = len(places)
                self.doc.keys[(*where, key)] = _pos(key_node, self.offset)
                result[key] = self.walk(value_node, (*where, key))
            for line, col, key, first, more in again:
                self.report.error(self.doc.path, line, col, _given_again(key, first, more))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*where, i)) for i, item in enumerate(node.value)]
        value = self.scalar(node)
        if isinstance(value, _Misfit):  # one error, not a second one from validation
            raise _Refused(node.start_mark, value.message)
        if (isinstance(value, bool) and node.value.lower() not in ("true", "false")) or (
                isinstance(value, int | float) and not isinstance(value, bool)
                and str(value) != node.value) or (  # 12.50, 6:40:12 (base 60), 010, 0x1F
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


def _decimal_comma(before: yaml.Node, key: yaml.Node, value: yaml.Node) -> bool:
    """`{lat: 6,67}`: YAML reads a number, then a key 67 without a value."""
    return (isinstance(before, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode)
            and before.tag.endswith(":int") and key.tag.endswith(":int")
            and isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")
            and key.start_mark.line == before.end_mark.line
            and key.start_mark.column == before.end_mark.column + 1)


def _given_again(key: str, first: int, more: int) -> str:
    """What is said at a key given again at line `first` (`more`: how many keys after it
    are given again too, as an entry's lines pasted twice)."""
    if not more:
        return (f"'{key}' is already listed at line {first}: delete one of the two (or rename "
                "this one, if it is another)")
    after = "the key after it" if more == 1 else f"the {more} keys after it"
    return f"'{key}' and {after} are already listed, from line {first}: delete this copy of them"


def _key_problem(key: Any, node: yaml.Node) -> str:
    """Why a mapping key that is not a name cannot be one, in an editor's words."""
    if isinstance(node, yaml.SequenceNode):
        why = "a key cannot be a list"
    elif isinstance(node, yaml.MappingNode):
        why = "a key cannot be 'key: value' entries"
    elif key is None:
        why = "a key cannot be empty or null"
    else:
        why = f"'{node.value}' cannot be a key"
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
NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TODO_NOTE = re.compile(r"#\s*TODO\b")


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def position(text: str, index: int) -> Pos:
    """1-based line and column of the character at `index` of `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def line_breaks(text: str) -> list[int]:
    """Where each line break of `text` is, for position_among."""
    return [found.start() for found in re.finditer("\n", text)]


def position_among(breaks: list[int], index: int) -> Pos:
    """As position(), from the text's line_breaks found once: a text asked for the places
    of many things is read once, not again from its start for each."""
    line = bisect.bisect_left(breaks, index)
    return line + 1, index - (breaks[line - 1] + 1 if line else 0) + 1


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
    found = NOT_YAML.search(text)
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
    try:
        return _compose_with(_Loader, text)
    except yaml.MarkedYAMLError as exc:
        # libyaml (PyYAML 6.0.4 on) scans a whole nest of brackets ahead and stops at its
        # 1,000th; Python's scanner reads on as the events are asked for, so the refusal is
        # the same, at the 51st, whatever the version
        if _Loader is yaml.SafeLoader or "maximum nesting depth" not in str(exc.problem):
            raise
    return _compose_with(yaml.SafeLoader, text)  # outside: the first loader is let go


def _compose_with(loader_class: type[Any], text: str) -> yaml.Node | None:
    loader = loader_class(text)
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


def comments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each comment of a YAML text, from its `#` to its line's end: a `#`
    that the scanner reads past between tokens. One in quotes, in a block scalar or in
    `a#b` is text; so is one on the line of a syntax error after it (the file's own error
    says why); the lines below are read again."""
    if "#" not in text:
        return
    starts, ends = _token_spans(text)
    at = text.find("#")
    while at >= 0:
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < ends[i]:  # in a token
            at = text.find("#", ends[i])
            continue
        end = text.find("\n", at) % (len(text) + 1)  # or the text's end
        yield at, end
        at = text.find("#", end)


_RESUMED = 20  # lines the scanner starts again at, after a syntax error: then all is text


def _token_spans(text: str) -> tuple[list[int], list[int]]:
    """Where the scanner's tokens are in `text`, in order: a block scalar from the line
    after its `|` or `>` (a comment may follow them); from a syntax error's line (or its
    value's start) to its line's end, all is text, and the scanner starts again on the
    next line (a comment above or below an editor's slip is still one)."""
    begin = 1 if text.startswith("\ufeff") else 0  # libyaml does not count it in its marks
    starts: list[int] = []
    ends: list[int] = []
    for resumed in range(_RESUMED + 1):
        loader = _Loader(text[begin:])
        try:
            while loader.check_token():
                token = loader.get_token()
                start, end = token.start_mark.index + begin, token.end_mark.index + begin
                if getattr(token, "style", None) in ("|", ">"):
                    start = text.find("\n", start, end) % (end + 1)  # or its end: no text
                if start < end:
                    starts.append(start)
                    ends.append(end)
            break
        except yaml.YAMLError as exc:
            done = ends[-1] if ends else begin
            start, at = _misread(text, exc, begin, done)
            line_end = text.find("\n", at)
            begin = len(text) if line_end < 0 or resumed == _RESUMED else line_end + 1
            starts.append(start)
            ends.append(begin)
            if begin >= len(text):
                break
        finally:
            loader.dispose()
    return starts, ends


def _misread(text: str, exc: yaml.YAMLError, begin: int, done: int) -> tuple[int, int]:
    """Where the text a syntax error leaves unread starts, and where the error is: from its
    line's start, or from the start of the value it is in (a quoted one over several lines),
    not before the last token read (the comments between are comments)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return done, len(text)
    error = max(done, mark.index + begin)
    first = text.rfind("\n", 0, error) + 1
    context = getattr(exc, "context_mark", None)
    if context is not None:
        first = min(first, context.index + begin)
    return max(done, first), error


def yaml_data(root: pathlib.Path, rel: str) -> Any:
    """The data of a YAML file of the project, read as the build reads YAML (safe,
    bounded); None when it cannot be read (the build says why). For the commands that
    only glance at a file, as `serve` at the site's title."""
    try:
        doc = parse_yaml(read_file(root / rel).decode("utf-8"), rel, Report())
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
    if "TODO" in text:  # in a comment, or in quotes or a block of text, which is published
        noted = {start for start, _ in comments(text)}
        line, line_start = 1, 0  # counted on from note to note
        for note in _TODO_NOTE.finditer(text):
            line += text.count("\n", line_start, note.start())
            line_start = text.rfind("\n", 0, note.start()) + 1
            doc.todos.append((line + line_offset, note.start() - line_start + 1,
                              note.start() in noted))
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
