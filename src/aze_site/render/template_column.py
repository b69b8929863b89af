"""The column of a template diagnostic. Jinja gives only a line, but most messages quote
what that line writes (a filter, a field, a tag, a template's name): it is looked for
there as such a thing is written, so that `|uper` is found and not the `upper` meant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from string import Template

import jinja2
from jinja2.lexer import Token, TokenStream, newline_re
from jinja2.parser import Parser

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
    (r"^'(?P<owner>.+)' (?:is empty here \(none\), so it |is [^']+, which )?has no field "
     r"'(?P<name>\w+)'",
     rf"{_NAME}$owner(?:\.|\s*\[\s*[\"'])(?P<at>$name)\b"),  # page.hero.key, page.hero["key"]
    (r"^'(?P<owner>.+)' is empty here \(none\), so it has no item (?P<name>-?\d+)",
     rf"{_NAME}$owner\s*\[\s*(?P<at>$name)\s*\]"),  # page.hero[0]
    (r"^this \w+ has no field '(?P<name>\w+)'", r"\.(?P<at>$name)\b"),
    (r"^a template cannot change a \w+ \('(?P<name>\w+)'\)", r"\.(?P<at>$name)\b"),
    (r"^a template cannot read '(?P<name>\w+)' here", r"\.(?P<at>$name)\b"),
    (r"^range\(\) (?:may|cannot) count", rf"{_NAME}(?P<at>range)\s*\("),
    (r"^'(?P<owner>\w+)\.(?P<name>\w+)' cannot be set", rf"{_NAME}(?P<at>$owner)\s*\.\s*$name\b"),
    # the second time, where the first is on the line too
    (r" names its argument '(?P<name>\w+)' twice",
     r"(?:[(,]\s*$name\b.*?)?[(,]\s*(?P<at>$name)\b"),
    (r"^'(?P<name>[\w.]+)' has no key ", rf"{_NAME}(?P<at>$name)\s*\["),
    (r"^'?(?P<name>\w+)\(\)'? takes ", rf"{_NAME}(?P<at>$name)\s*\("),
    # at its call, not where it is defined, and as a field of what it is imported as
    (r"^the macro '(?P<name>\w+)' (?:takes|has no|was given) ",
     r"(?<!\w)(?<!macro\s)(?P<at>$name)\s*\("),
    (r"^'(?P<name>\w+)' is undefined$", rf"{_NAME}(?P<at>$name)\b"),
    (r"^(?:template|static file|this \w+ of) '(?P<name>[^']+)'", r"(?P<at>[\"'])$name(?P=at)"),
    (r"^'(?P<name>%.)' in the format text", r"(?<!%)(?P<at>$name)"),  # not the '%d' of '%%d'
    (r"^'(?P<name>\*\*?)' would make", r"(?<!\*)(?P<at>$name)(?!\*)"),
    (r"^a template's name is needed here", rf"{_TAG}(?P<at>include|import|from|extends)\b"),
    (r"^this '\{\{ \}\}' prints ", r"(?P<at>\{\{)"),  # the error says which of the line's
))
_PRINTED_PAIR = re.compile(r"^a comma inside '\{\{ \}\}'")


def written_column(text: str, message: str, nth: int = 0) -> int:
    """The column (1-based, in characters) where the template line `text` writes what
    `message` quotes (the first time, or the time after `nth` others); 0 where the line
    does not write it so."""
    said = _PREFIX.sub("", message, count=1)
    if _PRINTED_PAIR.match(said):
        return _printed_pair(text)
    for pattern, written in _WRITTEN:
        quoted = pattern.search(said)
        if quoted:
            names = {key: re.escape(value) for key, value in quoted.groupdict().items() if value}
            found = list(re.finditer(written.substitute(names), text))
            return found[nth].start("at") + 1 if nth < len(found) else 0
    return 0


def _printed_pair(text: str) -> int:
    """The column of what makes a `{{ }}` of the line `text` print a pair: its first comma
    outside brackets and strings (`{{ f(a, b), c }}`: not f's), or the bracket of a pair
    written in brackets, `{{ (a, b) }}`; 0 where there is none."""
    for opened in re.finditer(r"\{\{[-+]?", text):
        expression = text[opened.end():_print_end(text, opened.end())]
        at = _pair_at(expression)
        if at is not None:
            return opened.end() + at + 1
    return 0


def _print_end(text: str, start: int) -> int:
    """Where the expression of a `{{` ending at `start` ends: at its `}}` (or `-}}`) outside
    brackets and strings, or at the end of the line."""
    for at, _char, depth in _outside(text, start):
        if depth == -1 and text.startswith("}}", at):  # its first '}' closes no bracket
            return at - 1 if text[at - 1] in "-+" and at - 1 > start else at
        if depth < 0:
            break
    return len(text)


def _pair_at(expression: str) -> int | None:
    """Where in `expression` its value is made a pair: the first comma outside brackets, or
    its opening bracket where it is a pair in brackets (in brackets again, `((a, b))`)."""
    lead = len(expression) - len(expression.lstrip())
    expression = expression.strip()
    outer = [(at, char) for at, char, depth in _outside(expression) if depth == 0]
    comma = next((at for at, char in outer if char == ","), None)
    if comma is not None:
        return lead + comma
    wrapped = len(expression) > 1 and [at for at, _ in outer] == [0, len(expression) - 1] \
        and expression[0] == "(" and expression[-1] == ")"
    return lead if wrapped and _pair_at(expression[1:-1]) is not None else None


def _outside(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of `text` from `start` on outside strings (a string is its opening
    quote), and how many brackets it is inside: an opening bracket is counted outside
    itself, a closing one too."""
    depth, at = 0, start
    while at < len(text):
        char = text[at]
        if char in "([{":
            yield at, char, depth
            depth += 1
        elif char in ")]}":
            depth -= 1
            yield at, char, depth
        else:
            yield at, char, depth
        if char in "'\"":  # to its closing quote (a backslash escapes one), or the line's end
            quoted = re.compile(rf"{char}(?:[^{char}\\]|\\.)*{char}?").match(text, at)
            at = quoted.end() if quoted else at + 1
        else:
            at += 1


def print_column(env: jinja2.Environment, source: str, name: str | None, line: int,
                 nth: int) -> int:
    """The column of the `{{` that is the `nth` (0: the first) of line `line` as Jinja's
    lexer reads them, as the parser counted them (environment._Parser): not one in a
    string, a comment or raw text, `{{ '{{' }}`. 0 where there is none."""
    read = _Read.of(env, source, name)
    text = read.text
    opened: list[int] = []
    try:
        for token in read.tokens():
            if token.lineno > line or len(opened) > nth:
                break
            if token.type == "variable_begin" and token.lineno == line:
                opened.append(read.start)
    except jinja2.TemplateSyntaxError:  # the template changed since: none found
        return 0
    return _column(text, opened[nth]) if nth < len(opened) else 0


def line_of(source: str, line: int) -> str:
    """Line `line` (1-based) of a template's text; '' where there is none."""
    lines = source.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def stopped_at(env: jinja2.Environment, source: str, name: str | None,
               error: jinja2.TemplateSyntaxError, back: int = 0) -> tuple[int, bool]:
    """The column where Jinja stopped with `error`, which names no place (`unexpected '}'`),
    and whether its lexer stopped there (what it could not read) rather than its parser
    (the token it stood at, or `back` tokens before it, where the parser read on before it
    failed): the template is parsed again with its tokens' places noted. Column 0 where the
    second parse does not stop the same way."""
    read = _Read.of(env, source, name)
    text = read.text
    parser = Parser(env, "", name)
    try:
        parser.stream = TokenStream(read.tokens(), name, None)
        parser.parse()
    except jinja2.TemplateSyntaxError as again:
        if (again.message, again.lineno) == (error.message, error.lineno):
            place = read.start if read.lexing else read.place(parser.stream.current, back)
            if place >= 0 and text.count("\n", 0, place) + 1 == error.lineno:
                return _column(text, place), read.lexing
    except RecursionError:
        pass
    return 0, False


def _column(text: str, place: int) -> int:
    """The column (from 1) of the character at `place` in `text`."""
    return place - text.rfind("\n", 0, place)


class _Read:
    """A template's tokens as Jinja's parser reads them, each with its place in the text."""

    def __init__(self, env: jinja2.Environment, text: str, name: str | None) -> None:
        self.env, self.text, self.name = env, text, name
        self.start = self.end = 0  # of the last token read
        self.lexing = False  # the lexer stopped
        self.places: list[tuple[Token, int]] = []

    @classmethod
    def of(cls, env: jinja2.Environment, source: str, name: str | None) -> _Read:
        """The tokens of a template's source, its lines split as Jinja's lexer splits them."""
        return cls(env, "\n".join(newline_re.split(env.preprocess(source, name, None))[::2]),
                   name)

    def place(self, token: Token, back: int = 0) -> int:
        """Where `token` is, or the token `back` before it; -1 if it is none read (the end)."""
        if token.type == "eof" and self.places:  # the parser's own, after the last read
            found = len(self.places)
        else:
            found = next((n for n, (read, _) in enumerate(self.places) if read is token), -1)
        return self.places[found - back][1] if found - back >= 0 and found >= 0 else -1

    def tokens(self) -> Iterator[Token]:
        tokens = self.env.lexer.wrap(self._located(), self.name)
        while True:
            try:
                token = next(tokens)
            except StopIteration:
                return
            except jinja2.TemplateSyntaxError:  # a token that cannot be read, or none
                self.lexing = True
                raise
            self.places.append((token, self.start))
            yield token

    def _located(self) -> Iterator[tuple[int, str, str]]:
        tokens = self.env.lexer.tokeniter(self.text, self.name)
        while True:
            try:
                lineno, kind, value = next(tokens)
            except StopIteration:
                return
            except jinja2.TemplateSyntaxError:  # at what follows the last token read
                rest = self.text[self.end:]
                self.start = self.end + len(rest) - len(rest.lstrip())
                raise
            found = self.text.find(value, self.end) if value else -1
            if found >= 0:
                self.start, self.end = found, found + len(value)
            yield lineno, kind, value
