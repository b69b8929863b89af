"""What a template error says: the diagnostic a Jinja exception becomes, at the template
line that caused it, in the words of the template rather than of the Python behind it."""

from __future__ import annotations

import ast
import dataclasses
import difflib
import inspect
import re
import sys
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from aze_site.errors import Diagnostic
from aze_site.render.environment import RefusedTemplate
from aze_site.render.kinds import KINDS as _KINDS
from aze_site.render.kinds import kind_named as _kind
from aze_site.render.printed import Unprinted
from aze_site.render.template_column import line_of, print_column, stopped_at, written_column

_NO_ATTRIBUTE = re.compile(r"^'(?:([\w.]+)\.)?(\w+) object' has no attribute '(\w+)'$")
_ARGUMENTS = re.compile(
    r"^(?:\w+\.)?(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:were|was) given$")
_NO_KEY = re.compile(r"^'(?:dict|mappingproxy) object' has no attribute (.+)$")
# what changes a dict: a read-only table shared by every page (RED_LIST) has none of them
_READ_ONLY = re.compile(
    r"^'mappingproxy object' has no attribute '(update|pop|popitem|clear|setdefault)'$")
_UNSAFE = re.compile(r"^access to attribute '(\w+)' of '(\w+)' object is unsafe\.$")
_RANGE = re.compile(r"^Range too big\. The sandbox blocks ranges larger than MAX_RANGE \((\d+)\)\.$")
_LOADS = re.compile(r"\{%[-+]?\s*(include|extends|import|from)\b")
_EXTENDS = re.compile(r"\{%[-+]?\s*extends\s+[\"']([^\"']+)[\"']")
_NO_SUCH = re.compile(r"^No (filter|test) named '(\w+)'")  # when compiled, or when run
_UNKNOWN_TAG = re.compile(r"^Encountered unknown tag '(\w+)'")
_KNOWN_TAGS = ("if", "for", "block", "extends", "include", "import", "from", "macro", "call",
               "set", "with", "filter", "autoescape", "trans", "raw", "print")
_OTHER_SPELLING = {"elseif": "elif", "elsif": "elif", "foreach": "for", "endforeach": "endfor"}
_OTHER_LANGUAGES = {  # Liquid's and Django's tags (Jekyll, Shopify), and how Jinja writes them
    "assign": "a value is named with '{% set name = ... %}' here",
    "unless": "written '{% if not ... %}' here",
    "capture": "text is kept with '{% set name %}...{% endset %}' here",
    "load": "nothing is loaded here: every filter and function is there already",
}
_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(\w+)'")
_TAG = re.compile(r"\{%[-+]?\s*(\w+)([^%]*)%\}")
_QUIET = re.compile(r"\{#.*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}",
                    re.S)  # comments and raw text: their tags are no tags
_BLOCKS = {"if", "for", "block", "macro", "call", "filter", "with", "trans", "autoescape", "set"}


def template_diagnostic(exc: BaseException, root: Path, templates: Path,
                        env: jinja2.Environment | None = None) -> Diagnostic:
    """Turn a Jinja error into a `templates/x.html:line:col: error:` diagnostic (`env`: the
    environment the templates run in, whose filters and tests say which one a misspelt
    name meant, and what arguments each takes)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "?"
        unclosed = _unclosed(exc.source, exc.lineno) if exc.source else None
        if unclosed:  # the parser went on past its line, into what follows
            line, col, message = unclosed
            return Diagnostic(_relative(where, root, templates), line, col, "error", message)
        line, message = _syntax_said(exc, env)
        text = line_of(exc.source, line) if exc.source else _source_line(where, line)
        col = written_column(text, message)
        if not col and env is not None and exc.source and message.endswith(exc.message or ""):
            said = exc.message or ""
            col, lexing = stopped_at(env, exc.source, exc.name, exc, _BACK.get(said, 0))
            if said == _RAW_OPEN:  # the lexer stopped after the tag (on a line below)
                tags = list(re.finditer(r"\{%[-+]?\s*raw\b", text))
                col = tags[-1].start() + 1 if tags else 0
            message = (f"template syntax error: {_parser_said(said, lexing)}"
                       f"{_else_if(said, text, col)}{_in_trans(said, exc.source, line, col)}"
                       f"{_other_signs(said, text, col)}")
        return Diagnostic(_relative(where, root, templates), line, col, "error", message)
    else:
        where, line, message = _runtime_said(exc, templates, env)
        text = _source_line(where, line)
    nth = exc.nth if isinstance(exc, Unprinted) else 0  # which `{{` of the line printed it
    col = print_column(env, _source(where), where, line, nth) if \
        isinstance(exc, Unprinted) and env is not None else written_column(text, message, nth)
    return Diagnostic(_relative(where, root, templates), line, col, "error", message)


_OPENS = re.compile(r"\{[%{#]")
_CLOSES = {"{%": "%}", "{{": "}}", "{#": "#}"}
_RAW = re.compile(r"\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}", re.S)
# "{{" in a string is text; an apostrophe after a letter (don't, O'Brien) opens none, and a
# string ends on its line: a quote in the text below a tag left open is no string of it
_STRING = re.compile(r"(?<!\w)(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')")


def _unclosed(source: str, error_line: int) -> tuple[int, int, str] | None:
    """The line, column and message of a tag left without its end (`{% if x`,
    `{{ x`, `{# x`) where the syntax error at `error_line` is inside what Jinja takes for
    that tag: up to the next tag's end, or to the end of the template. A tag holding the
    start of another is one that has none of its own (a comment may hold tags)."""
    at = 0
    while (found := _OPENS.search(source, at)) is not None:
        raw = _RAW.match(source, found.start())
        if raw:  # its text holds no tags
            at = raw.end()
            continue
        opening, closing = found[0], _CLOSES[found[0]]
        end = source.find(closing, found.end())
        inner = source[found.end():end if end >= 0 else len(source)]
        line = source.count("\n", 0, found.start()) + 1
        if line > error_line:
            return None
        if (end < 0 or (opening != "{#" and _OPENS.search(_STRING.sub("", inner)))) and \
                error_line <= line + inner.count("\n"):
            word = re.match(r"[-+]?\s*(\w*)", inner)
            shown = f"{opening} {word[1]}" if opening == "{%" and word and word[1] else opening
            return (line, found.start() - source.rfind("\n", 0, found.start()),
                    f"template syntax error: '{shown} ...' here is not closed: end it with "
                    f"'{closing}'")
        if end < 0:
            return None
        at = end + len(closing)
    return None


def _syntax_said(exc: jinja2.TemplateSyntaxError,
                 env: jinja2.Environment | None) -> tuple[int, str]:
    """The line of a syntax error, and what is said of it."""
    said = exc.message or ""
    unknown = _unknown_said(said, env)
    if unknown:
        return exc.lineno, f"template error: {unknown}"
    tag = _UNKNOWN_TAG.match(said)
    if tag and "nesting mistake" not in said:  # else a block inside is left open
        wanted = re.findall(r"'(\w+)'", said.partition("looking for the following tags:")[2]
                            .partition(".")[0])
        return exc.lineno, f"template syntax error: {_tag_said(tag[1], wanted)}"
    found = _INNERMOST.search(said)
    opened = _opened(exc.source, exc.lineno, found[1]) if found and exc.source else None
    if found and opened:
        return opened, (f"template syntax error: the '{{% {found[1]} %}}' on this line is not "
                        f"closed: add '{{% end{found[1]} %}}' where it ends")
    return exc.lineno, f"template syntax error: {exc.message}"


def _else_if(said: str, text: str, col: int) -> str:
    """What Python and other languages write `else if` is one word in Jinja."""
    if said == "expected token 'end of statement block', got 'if'" and col and \
            re.search(r"\{%[-+]?\s*else\s+$", text[:col - 1]):
        return ": 'else if' is written '{% elif ... %}'"
    return ""


def _other_signs(said: str, text: str, col: int) -> str:
    """Signs of other languages an editor may bring: Liquid's `|default: 'x'`, `=` or
    `===` to compare, `||` for 'or'."""
    if not col:
        return ""
    before, at = text[:col - 1], text[col - 1:]
    filtered = re.search(r"\|\s*(\w+)\s*$", before)
    if said == "expected token 'end of print statement', got ':'" and filtered:
        return f": a filter takes its values in brackets, |{filtered[1]}(...)"
    if said == "expected token 'end of statement block', got '='" and \
            re.search(r"\{%[-+]?\s*(?:el)?if\b", before):
        return ": two values are compared with '=='"
    if said == "unexpected '='" and before.endswith("==") and at.startswith("="):
        return ": two values are compared with '==' ('===' is written '==')"
    if said == "expected token 'name', got '|'" and before.endswith("|") and at.startswith("|"):
        return ": '||' is written 'or'"
    return ""


_TRANS_OPEN = re.compile(r"\{%[-+]?\s*(trans|endtrans)\b")


def _in_trans(said: str, source: str, line: int, col: int) -> str:
    """Inside `{% trans %}` a `{{ }}` holds a name alone (the translators see the name):
    `{{ page.title }}` there stops the parser at its '.'."""
    if not col or not said.startswith("expected token 'end of print statement', got "):
        return ""
    before = "\n".join([*source.splitlines()[:line - 1], line_of(source, line)[:col - 1]])
    tags = _TRANS_OPEN.findall(before)
    if not tags or tags[-1] != "trans":
        return ""
    return (": inside '{% trans %}' a '{{ }}' holds a name alone; give the value a name in "
            "the tag, {% trans title=page.title %}...{{ title }}...{% endtrans %}")


_PARSER_SAID = (  # Jinja's words for where its lexer or parser stopped, and ours
    (re.compile(r"^expected token '(.+)', got '(.+)'$"), "expected {0} here, not {1}"),
    (re.compile(r"^unexpected '(.)', expected '(.)'$"), "{1} is missing before this {0}"),
    (re.compile(r"""^unexpected char (?:"'"|'"') at \d+$"""),  # a string never closed
     "this quote begins a text that is never closed: end the text with the same quote"),
    (re.compile(r"^(?:unexpected|Expected an expression, got) '(.+)'$"),
     "a value is missing before {0}"),
    (re.compile(r"^tag name expected$"), "a tag's name is missing after '{{%'"),
    (re.compile(r"^can't assign to '\w+'$"), "only a name can be set here"),
    (re.compile(r"^expected name or number$"), "a field's name is missing after '.'"),
    (re.compile(r"^invalid syntax for function call expression$"),
     "in a call, values come first, then values given by name (size=2), then *list and "
     "**dict"),
    (re.compile(r"^non-default argument follows default argument$"),
     "an argument without a default value cannot follow one with a default (a=1): put it "
     "first, or give it a default"),
    (re.compile(r"^Missing end of raw directive$"),
     "'{{% raw %}}' here is not closed: add '{{% endraw %}}' where its text ends"),
)
_RAW_OPEN = "Missing end of raw directive"
# where the parser reads on past the token it then fails on: the name after '.', an
# argument without a default
_BACK = {"expected name or number": 1, "non-default argument follows default argument": 1}
_TOKENS = {"end of print statement": "'}}'", "end of statement block": "'%}'",
           "begin of print statement": "'{{'", "begin of statement block": "'{%'",
           "end of template": "the end of the template", "name": "a name",
           "template data / text": "text", "integer": "a number", "string": "a string"}


_UNEXPECTED_CHAR = re.compile(r"^unexpected char ('.+'|\".+\") at \d+$")  # Python's repr
_CURLY_QUOTES = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"


def _char_said(char: str) -> str:
    """A character the lexer cannot read, as the editor sees it (Jinja doubles a backslash
    and writes an invisible one as an escape): a typographic quote, which a word processor
    puts for a straight one, with the quote meant."""
    cannot = "cannot be written inside '{{ }}' or '{% %}'"
    if char in _CURLY_QUOTES:
        return f"'{char}' is a typographic quote, which {cannot}: write a straight quote, ' or \""
    if not char.isprintable():
        return f"an invisible character (U+{ord(char):04X}) {cannot}: delete it"
    return f"'{char}' {cannot}" + _OTHER_CHARS.get(char, "")


_OTHER_CHARS = {  # other languages' signs, and Jinja's words
    "&": ": '&&' is written 'and', and text is joined with '~'",
    "!": ": '!' is written 'not' ('!=' compares)",
    "?": ": 'a ? b : c' is written 'b if a else c'",
}


def _parser_said(message: str, lexing: bool) -> str:
    """Where Jinja's parser or lexer stopped, in the template's signs rather than Jinja's
    names for them; a closing bracket the lexer stopped at closes none."""
    if lexing and re.fullmatch(r"unexpected '[)\]}]'", message):
        return f"this {message[11:]} closes no bracket opened before it"
    char = _UNEXPECTED_CHAR.match(message)
    if char and ast.literal_eval(char[1]) not in "'\"":  # a quote: a text never closed
        return _char_said(ast.literal_eval(char[1]))
    for pattern, words in _PARSER_SAID:
        found = pattern.match(message)
        if found:
            return words.format(*(_TOKENS.get(part, f"'{part}'") for part in found.groups()))
    return message


def _runtime_said(exc: BaseException, templates: Path,
                  env: jinja2.Environment | None) -> tuple[str, int, str]:
    """The template (its path) and line an error met as a page is made comes from, and
    what is said of it."""
    where, line = templates.as_posix(), 0  # the template line that raised it, if any
    tb = exc.__traceback__ or sys.exc_info()[2]
    frames = [(frame.f_code.co_filename, lineno) for frame, lineno in traceback.walk_tb(tb)
              if frame.f_code.co_filename.startswith(str(templates))]
    if frames:
        where, line = _recursing(frames) if isinstance(exc, RecursionError) else \
            _cause(frames, str(exc))
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template '{exc.name}' not found: there is no templates/{exc.name}" \
            if line and not isinstance(exc, RefusedTemplate) else \
            (exc.message or f"template '{exc.name}' not found")
        if ".." in str(exc.name).replace("\\", "/").split("/"):
            message = (f"template '{exc.name}': a template names another inside templates/, "
                       "from there ('..' is not allowed)")
        return where, line, message
    if isinstance(exc, RecursionError):  # its words depend on where the depth ran out
        message = "a macro or template calls itself without end"
    elif isinstance(exc, MemoryError):
        message = "not enough memory for what this line makes"
    else:
        message = _said(str(exc), where, line, env)
    return where, line, f"template error: {message}"


_NOT_PROVIDED = re.compile(r"^parameter '\w+' was not provided$")


def _cause(frames: list[tuple[str, int]], message: str) -> tuple[str, int]:
    """The template line to blame: where the error arose, but for a value a macro was
    given or not given by its caller, where it was called: a missing argument, or a
    field that is not there (`page.titel`), which fails only where the macro uses it."""
    last = frames[-1]
    if _NOT_PROVIDED.match(message):
        return next((f for f in reversed(frames) if f[0] != last[0]), last)
    found = _NO_ATTRIBUTE.match(message)
    if found:
        field = re.compile(rf"\.{re.escape(found[3])}\b")
        return next((f for f in reversed(frames) if field.search(_source_line(*f))), last)
    return last


def _recursing(frames: list[tuple[str, int]]) -> tuple[str, int]:
    """Of the template lines a runaway recursion went through, the one that starts it
    again: an include, extends or import of a template that leads back to itself, else the
    first line that repeats (a macro's call of itself), not where the depth ran out."""
    repeating = [frame for frame in dict.fromkeys(frames) if frames.count(frame) > 1]
    for filename in dict.fromkeys(name for name, _ in repeating):  # extends itself
        try:
            source = Path(filename).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        own = _EXTENDS.search(source)
        if own and filename.endswith("/" + own[1]):
            return filename, source.count("\n", 0, own.start()) + 1
    loads: dict[str, tuple[str, int]] = {}
    for filename, lineno in repeating:
        found = _LOADS.search(_source_line(filename, lineno))
        if found:
            loads.setdefault(found[1], (filename, lineno))
    for tag in ("include", "extends", "import", "from"):  # the include, where there is one
        if tag in loads:
            return loads[tag]
    return repeating[0] if repeating else frames[-1]


def _tag_said(tag: str, wanted: list[str]) -> str:
    """An unknown tag, or an end (or else) with nothing open for it here; `wanted`: the tags
    that may close or go on the block open here, as Jinja names them."""
    opens = {"endif": "if", "else": "if' or '{% for", "elif": "if", "endfor": "for",
             "endblock": "block", "endmacro": "macro", "endcall": "call",
             "endfilter": "filter", "endwith": "with", "endtrans": "trans", "endset": "set",
             "endautoescape": "autoescape", "endraw": "raw", "pluralize": "trans"}
    if tag in opens:
        return f"'{{% {tag} %}}' has no '{{% {opens[tag]} %}}' open here to go with it"
    if tag in _OTHER_LANGUAGES:
        return f"unknown tag '{{% {tag} %}}' ({_OTHER_LANGUAGES[tag]})"
    if tag in _OTHER_SPELLING:
        meant = [_OTHER_SPELLING[tag]]
    elif tag.startswith("end"):  # an end only of the block open here, if any
        ends = [w for w in wanted if w.startswith("end")]
        meant = difflib.get_close_matches(tag, ends, n=1, cutoff=0.6) or ends[:1]
    else:
        meant = difflib.get_close_matches(tag, (*_KNOWN_TAGS, *opens, *wanted), n=1, cutoff=0.6)
    return f"unknown tag '{{% {tag} %}}'" + (f" (did you mean '{{% {meant[0]} %}}'?)" if meant
                                            else "")


def _said(message: str, where: str, line: int, env: jinja2.Environment | None) -> str:
    """An error met as a page is made, in the template's words: an unknown attribute named
    as the template writes it (`page.subtitel`), not by the Python class of the value
    (`'aze_site.render.pages.PageMeta object' has no ...`); a filter by its name, not by the
    function behind it (`sync_do_join()`)."""
    text = _source_line(where, line)
    said = _unknown_said(message, env) or _called_said(message, text, env) or \
        _jinja_said(message, text) or \
        _number_said(message, text) or _format_said(message, text) or \
        _expected_said(message, text, env) or _dict_said(message, text) or \
        _kinds_said(message, text)
    if said:
        return said
    unsafe = _UNSAFE.match(message)
    read_only = _READ_ONLY.match(message)
    kind, name = ("dict", read_only[1]) if read_only else \
        (unsafe[2], unsafe[1]) if unsafe else ("", "")
    if kind in ("dict", "list", "set") and not name.startswith("_"):  # append, update...
        return (f"a template cannot change a {kind} ('{name}'): what it is given is "
                "shared by every page; make a new one instead, e.g. {% set d = dict(d, key=value) %} "
                "or {% set l = l + [item] %}, kept in a namespace() to set it inside a loop")
    if unsafe:
        of = "a class" if kind == "type" else _KINDS.get(kind, "this value")
        return (f"a template cannot read '{name}' here: it belongs to Python's own workings "
                f"(of {of}), not to the values pages show")
    too_many = _RANGE.match(message)
    if too_many:
        return f"range() may count at most {int(too_many[1]):,} numbers in a template"
    counted = _ARGUMENTS.match(message)
    if counted:  # a bound method of the renderer: `self` counted in both numbers
        name, takes, given = counted[1], int(counted[2]) - 1, int(counted[3]) - 1
        return f"'{name}()' takes {_count(takes, 'argument')}, and was given {given}"
    if message == "'NoneType' object is not iterable":
        return "a loop over a value that is empty here (none): test it first, {% if ... %}"
    key = _NO_KEY.match(message)
    if key:  # d[value]: Jinja says attribute, as d.name and d[name] read alike
        used = re.search(r"([A-Za-z_][\w.]*)\s*\[", text)
        return f"{f'{used[1]!r}' if used else 'the dict'} has no key {key[1]}"
    empty = _empty_said(message, text)
    if empty:
        return empty
    found = _NO_ATTRIBUTE.match(message)
    if not found:
        return message
    return _field_said(found[2], found[3], text) + _field_meant(found[1], found[2], found[3])


def _field_meant(module: str | None, type_name: str, field: str) -> str:
    """' (did you mean 'title'?)' for a field of aze-site's own values (a page, a site, a
    species) written with a letter slipped: `page.titel`, `s.nmae`."""
    owner = getattr(sys.modules.get(module or ""), type_name, None) \
        if (module or "").startswith("aze_site.") else None
    if not isinstance(owner, type):
        return ""
    fields = {f.name for f in dataclasses.fields(owner)} if dataclasses.is_dataclass(owner) \
        else set()  # a dataclass's fields without defaults are not attributes of its class
    names = sorted(name for name in {*dir(owner), *fields} if not name.startswith("_"))
    # a site's `name:` in its file is its title in templates, as a page's is
    aliases = {"name": "title"} if "title" in names and "name" not in names else {}
    meant = difflib.get_close_matches(field, [*names, *aliases], n=1, cutoff=0.75)
    return f" (did you mean '{aliases.get(meant[0], meant[0])}'?)" if meant else ""


def _empty_said(message: str, text: str) -> str | None:
    """A field or an item of a value that is empty here, named as the line writes it."""
    empty = re.match(r"^'None' has no attribute '(\w+)'$", message)
    if empty:  # page.hero.key where a page has no hero, or page.hero["key"]
        field_ = empty[1]
        owners = list(dict.fromkeys(re.findall(
            rf"([A-Za-z_][\w.]*)(?:\.|\s*\[\s*[\"']){re.escape(field_)}\b", text)))
        if len(owners) == 1:
            return (f"'{owners[0]}' is empty here (none), so it has no field '{field_}': test it "
                    f"first, {{% if {owners[0]} %}}")
        if owners:  # which of them is empty, the line does not say
            return (f"{' or '.join(repr(name) for name in owners)} is empty here (none), so it "
                    f"has no field '{field_}': test it first with {{% if %}}")
    item = re.match(r"^None has no element (-?\d+)$", message)
    if item:  # page.hero[0] where a page has no hero
        owners = list(dict.fromkeys(re.findall(rf"([A-Za-z_][\w.]*)\s*\[\s*{item[1]}\s*\]", text)))
        if len(owners) == 1:
            return (f"'{owners[0]}' is empty here (none), so it has no item {item[1]}: test it "
                    f"first, {{% if {owners[0]} %}}")
    return None


def _field_said(type_name: str, field: str, text: str) -> str:
    """A field a value does not have, the value named as the line writes it, with its kind
    where it is a plain one (text, a number...): `dict(a=1).a.b` is the number's, not a's."""
    dot = re.search(rf"(?<=[\w)\]])\.{re.escape(field)}\b", text)
    kind = _KINDS.get(type_name)
    if not dot:
        return _item_field_said(type_name, field, text)
    owner = text[_written_from(text, dot.start()):dot.start()]
    return f"'{owner}' is {kind}, which has no field '{field}'" if kind else \
        f"'{owner}' has no field '{field}'"


def _item_field_said(type_name: str, field: str, text: str) -> str:
    """A field a filter reads of each item (`|sort(attribute='x')`, `|map(attribute='x')`,
    `|groupby('x')`) that an item does not have: the filter named, at its column."""
    used = re.search(rf"\|\s*(\w+)\s*\([^)]*?[\"']{re.escape(field)}[\"']", text)
    kind = _KINDS.get(type_name)
    if not used:
        return f"{kind or f'this {type_name}'} has no field '{field}'"
    return (f"the filter '{used[1]}' reads the field '{field}' of each item, and an item here "
            + (f"is {kind}, which has none" if kind else "has none"))


def _opening(text: str, closing: int) -> int:
    """Where the bracket closing at `closing` opens (0 where none does)."""
    depth = 0
    for at in range(closing, -1, -1):
        depth += (text[at] in ")]") - (text[at] in "([")
        if depth == 0:
            return at
    return 0


def _written_from(text: str, end: int) -> int:
    """Where the value written up to `end` begins: back over the calls, items and fields
    it is made of (`dict(a=1).a`, `d['x']`, `page.title.upper()`)."""
    start = end
    while True:
        if start > 0 and text[start - 1] in ")]":  # a call or item: f(a)(b), d[0][1]
            start = _opening(text, start - 1)
            continue
        name = re.search(r"[A-Za-z_][\w.]*$", text[:start])
        start = name.start() if name else start
        if start < 2 or text[start - 1] != "." or text[start - 2] not in ")]":
            return start
        start -= 1


def _unknown_said(message: str, env: jinja2.Environment | None) -> str | None:
    found = _NO_SUCH.match(message)
    return _unknown(found[1], found[2], env) if found else None


def _unknown(kind: str, name: str, env: jinja2.Environment | None) -> str:
    """An unknown filter or test, with the one meant where a known name is close."""
    known = () if env is None else env.filters if kind == "filter" else env.tests
    meant = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"unknown {kind} '{name}'" + (f" (did you mean '{meant[0]}'?)" if meant else "")


def unknown_named(named: list[tuple[str, str, int]], path: str, source: str,
                  env: jinja2.Environment) -> list[Diagnostic]:
    """Each of the filters and tests a template names (kind, name, line) that `env` does
    not have, said as when a page runs into it, and each use on a line at its own column.
    Jinja says one in an {% if %} only when a page takes that branch: a template that
    builds would fail later, when some content does."""
    found: list[Diagnostic] = []
    uses: dict[tuple[str, str, int], int] = {}  # how many are said before on the line
    for kind, name, line in named:
        if name not in (env.filters if kind == "filter" else env.tests):
            message = f"template error: {_unknown(kind, name, env)}"
            nth = uses[kind, name, line] = uses.get((kind, name, line), -1) + 1
            found.append(Diagnostic(path, line, written_column(line_of(source, line), message,
                                                               nth), "error", message))
    return found


_CALLED = re.compile(r"^(?:[\w<>]+\.)*(\w+)\(\) (?:takes|missing|got) ")
_GIVEN = re.compile(r"but (\d+) (?:positional arguments? )?(?:were|was) given|\((\d+) given\)")
_MISSING = re.compile(r"missing (\d+) required positional")
_UNEXPECTED = re.compile(r"got an unexpected keyword argument '(\w+)'")
_TWICE = re.compile(r"got multiple values for argument '(\w+)'")
# How a template line uses each: `|join`, `{% filter upper %}`, `map('truncate', ...)`;
# `is even`, `select('divisibleby', 3)`, `rejectattr('x', 'equalto', ...)`
_WRITTEN = {"filter": re.compile(r"\|\s*map\(\s*['\"](\w+)|\|\s*(\w+)|\{%[-+]?\s*filter\s+(\w+)"),
            "test": re.compile(r"\bis\s+(?:not\s+)?(\w+)|\b(?:select|reject)\(\s*['\"](\w+)"
                               r"|\b(?:select|reject)attr\([^,)]*,\s*['\"](\w+)")}


def _written(kind: str, text: str) -> list[str]:
    """The names of the filters (or tests) the template line `text` uses."""
    return [next(name for name in found.groups() if name) for found in
            _WRITTEN[kind].finditer(text)]


def _called_said(message: str, text: str, env: jinja2.Environment | None) -> str | None:
    """A filter or test of the template line `text` given arguments it does not take.
    Python names the function behind it (`sync_do_join()`), which is found among those the
    line uses by the name of the function each filter or test wraps."""
    called = _CALLED.match(message)
    if not called or env is None:
        return None
    kinds: dict[str, Mapping[str, Any]] = {"filter": env.filters, "test": env.tests}
    for kind, known in kinds.items():
        for name in _written(kind, text):
            function = inspect.unwrap(known[name]) if name in known else None
            if function and getattr(function, "__name__", None) == called[1]:
                return _arguments_said(f"the {kind} '{name}'", function, message)
    for name, value in env.globals.items():  # _('...'), ngettext(...): a closure's name
        function = inspect.unwrap(value) if callable(value) else None
        if function and getattr(function, "__name__", None) == called[1] and \
                re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", text):
            return _arguments_said(f"'{name}()'", function, message, value_passed=False)
    return None


def _arguments_said(who: str, function: Callable[..., Any], message: str,
                    value_passed: bool = True) -> str | None:
    """What arguments `function` takes from a template, read from its signature, and how
    many it was given (`value_passed`: a filter's or test's, given the value first)."""
    own = _own_parameters(function, value_passed)
    if own is None:
        return None
    positional, variadic = own
    names = ", ".join(p.name for p in positional)
    takes = f"takes {_takes(positional, variadic)}" + (f" ({names})" if names else "")
    unexpected, twice = _UNEXPECTED.search(message), _TWICE.search(message)
    if unexpected:
        return f"{who} has no argument '{unexpected[1]}': it {takes}"
    if twice:
        return f"{who} was given its argument '{twice[1]}' twice, by position and by name"
    missing, given = _MISSING.search(message), _GIVEN.search(message)
    if missing:
        count = sum(p.default is p.empty for p in positional) - int(missing[1])
    elif given:  # Python counts what Jinja passes, and a method's own object
        count = int(given[1] or given[2]) - _passed(function, value_passed) - \
            inspect.ismethod(function)
    else:
        return None
    return f"{who} {takes}, and was given {count or 'none'}"


def _own_parameters(function: Callable[..., Any], value_passed: bool = True
                   ) -> tuple[list[inspect.Parameter], bool] | None:
    """The positional parameters a template gives `function`, and whether it takes any
    number more; None for a builtin that does not say."""
    try:
        parameters = list(inspect.signature(function).parameters.values())[
            _passed(function, value_passed):]
    except (TypeError, ValueError):
        return None
    return ([p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)],
            any(p.kind is p.VAR_POSITIONAL for p in parameters))


def _passed(function: Callable[..., Any], value_passed: bool = True) -> int:
    """How many arguments Jinja passes a filter or test itself: the value, and first the
    context (or environment) where the function is marked to take it. A wrapper that takes
    it for itself does not pass it on: the function it wraps is not marked."""
    return value_passed + (getattr(function, "jinja_pass_arg", None) is not None)


def _takes(positional: list[inspect.Parameter], variadic: bool) -> str:
    """'no arguments', '1 argument', 'at most 2 arguments', '2 to 3 arguments'..."""
    least, most = sum(p.default is p.empty for p in positional), len(positional)
    if variadic:
        return f"at least {_count(least, 'argument')}" if least else "any number of arguments"
    if least == most:
        return _count(most, "argument")
    return f"at most {_count(most, 'argument')}" if not least else f"{least} to {most} arguments"


_NO_ITEM = re.compile(r"^No (first|last|aggregated|random) item, sequence was empty\.$")
_WHICH_ITEM = {"first": "first item", "last": "last item", "random": "item to pick",
               "aggregated": "largest or smallest item"}
_NO_ELEMENT = re.compile(r"^(\w+) object has no element (-?\d+)$")


def _jinja_said(message: str, text: str) -> str | None:
    """Jinja's and Python's words that name the value's Python kind ('sequence', 'str')
    or no kind at all, and one that misleads: `x is divisibleby('a')` is Python's `x % 'a'`,
    which on text is a format text missing its places."""
    if "divisibleby" in _written("test", text) and (
            message.startswith("unsupported operand type(s) for %") or
            any(pattern.match(message) for pattern, _ in _FORMAT)):
        return "the test 'divisibleby' takes whole numbers, and was given something else"
    if message.startswith("could not convert string to float: "):
        value = message.removeprefix("could not convert string to float: ")
        if "filesizeformat" in _written("filter", text):
            return f"the filter 'filesizeformat' takes a number of bytes, and was given text ({value})"
        return f"a number is needed here, and was given text ({value})"
    empty = _NO_ITEM.match(message)
    if empty:
        return (f"the list is empty here, so it has no {_WHICH_ITEM[empty[1]]}: test it first, "
                "{% if ... %}")
    element = _NO_ELEMENT.match(message)
    if element:
        return f"{_kind(element[1])} here has no item {element[2]} (items count from 0)"
    return None


_NOT_A_NUMBER = re.compile(r"^(?:type (\w+) doesn't define __round__ method|"
                           r"bad operand type for abs\(\): '(\w+)'|must be real number, not (\w+))$")


def _number_said(message: str, text: str) -> str | None:
    """A number filter given what is not a number (`page.title|round`); Python names
    neither the filter nor the value. 'must be real number' comes from round(method=...) or
    from a format text's %f."""
    found = _NOT_A_NUMBER.match(message)
    if not found:
        return None
    kind = _kind(found[1] or found[2] or found[3])
    used = [name for name in _written("filter", text) if name in ("round", "abs")]
    name = "round" if found[1] else "abs" if found[2] else used[0] if used else None
    return f"the filter '{name}' takes a number, and was given {kind}" if name else \
        f"the format text takes a number here, and was given {kind}"


# Python's words for a format text that does not fit its values ("%d"|format(x), and
# "{:d}".format(x), which the sandbox runs), and the template's
_FORMAT = tuple((re.compile(pattern), said) for pattern, said in (
    # a % sign meant as itself before a letter ('50% off': %o) reads as a place to fill
    (r"^%(?P<code>[oxXceEgG]) format: an? (?:integer|real number|number) is required, not "
     r"(?P<type>\w+)$", "'%{code}' in the format text takes a number, and was given {kind} "
     "(a % sign itself is written %%)"),
    (r"^%(?P<code>\w) format: an integer is required, not (?P<type>\w+)$",
     "'%{code}' in the format text takes a whole number, and was given {kind}"),
    (r"^%(?P<code>\w) format: a (?:real )?number is required, not (?P<type>\w+)$",
     "'%{code}' in the format text takes a number, and was given {kind}"),
    (r"^Replacement index \d+ out of range for positional args tuple$",
     "the format text has more places to fill ({{}}) than values given to fill them"),
    (r"^not enough arguments for format string$",
     "the format text has more places to fill (%s, %d...) than values given to fill them"),
    (r"^not all arguments converted during string formatting$",
     "the format text has fewer places to fill (%s, %d...) than values given to fill them"),
    (r"^unsupported format character '%' \(0x25\) at index \d+$",
     "a '%' in the format text begins no place to fill (%s, %d...): write %% for a % sign "
     "itself"),
    (r"^unsupported format character '(?P<code>.)' \(0x\w+\) at index \d+$",
     "'%{code}' in the format text is not a place to fill: write %% for a % sign itself"),
    (r"^incomplete format$",
     "a '%' ends the format text, where a place to fill (%s, %d...) should begin: write %% "
     "for a % sign itself"),
    (r"^format requires a mapping$",
     "the format text names its places (%(name)s): give their values by name, "
     "format(name=...)"),
    (r"^Unknown format code '(?P<code>.)' for object of type '(?P<type>\w+)'$",
     "the format code '{code}' cannot be used on {kind}"),
    (r"^Single '(?P<code>[{}])' encountered in format string$",
     "a '{code}' alone in the format text: close it, or write it twice for the sign itself"),
))


def _format_said(message: str, text: str) -> str | None:
    if message == "tuple index out of range" and ".format(" in text:
        message = "Replacement index 0 out of range for positional args tuple"  # the sandbox's
    for pattern, said in _FORMAT:
        found = pattern.match(message)
        if found:
            parts = found.groupdict()
            return said.format(code=parts.get("code"), kind=_kind(parts.get("type") or ""))
    return None


_NOT_A_DICT = re.compile(r"^'(\w+)' object has no attribute 'items'$|"
                         r"^Can only get item pairs from a mapping\.$")
_DICT_FILTERS = ("dictsort", "xmlattr", "items")


def _dict_said(message: str, text: str) -> str | None:
    """A filter that takes a dict given something else (`page.title|dictsort`), named as
    the line writes it (Python names neither the filter nor where it is), so that it is
    said at its column."""
    found = _NOT_A_DICT.match(message)
    used = [name for name in _written("filter", text) if name in _DICT_FILTERS]
    if not found or not used:
        return None
    given = f", and was given {_kind(found[1])}" if found[1] else ""
    return f"the filter '{used[0]}' takes a dict{given}"


# Python's words for a value of the wrong kind, and the template's
_WRONG_KIND = tuple((re.compile(pattern), said) for pattern, said in (
    (r"^unsupported operand type\(s\) for \+: '(?P<a>\w+)' and '(?P<b>\w+)'$",
     "'+' cannot add {a} and {b}{join}"),
    (r'^can only concatenate (?P<a>str) \(not "(?P<b>\w+)"\) to str$',
     "'+' cannot add {a} and {b}{join}"),
    (r'^can only concatenate (?P<a>list|tuple) \(not "(?P<b>\w+)"\) to (?:list|tuple)$',
     "'+' adds a list only to a list, and was given {b}"),
    (r"^unsupported operand type\(s\) for (?P<op>\S+): '(?P<a>\w+)' and '(?P<b>\w+)'$",
     "'{op}' cannot be used on {a} and {b}"),
    (r"^'(?P<op>[<>=!]+)' not supported between instances of '(?P<a>\w+)' and '(?P<b>\w+)'$",
     "{a} cannot be compared with {b} ('{op}')"),
    (r"^argument of type '(?P<a>\w+)' is not iterable$",
     "'in' looks inside text, a list or a dict, and was given {a}"),
    (r"^'(?P<a>\w+)' object is not callable$",
     "{a} is not a function or macro: it cannot be called with '()'"),
    (r"^'(?P<a>\w+)' object cannot be interpreted as an integer$",
     "a whole number is needed here, and was given {a}"),
    (r"^(?:\w+\.)*(?P<name>\w+)\(\) takes (?P<takes>.+) \((?P<given>\d+) given\)$",
     "'{name}()' takes {takes}, and was given {given}"),
    (r"^'(?P<a>\w+)' object has no attribute 'items'$",  # a filter not written on the line
     "a dict is needed here, and was given {a}"),
    (r"^object of type '(?P<a>\w+)' has no len\(\)$",
     "only text, a list or a dict has a length (a number of items), and this is {a}"),
    (r"^'(?P<a>(?!NoneType')\w+)' object is not iterable$",  # none: a loop over it, below
     "this goes over the items of text, a list or a dict, and was given {a}"),
    (r"^cannot unpack non-iterable (?P<a>\w+) object$",
     "{a} cannot be split into several names ({{% for a, b in ... %}}, {{% set a, b = ... %}})"),
    (r"^bad operand type for unary (?P<op>\S+): '(?P<a>\w+)'$",
     "'{op}' cannot be used on {a}"),
    (r"^argument must be iterable$", "the filter 'reverse' takes text or a list"),
    (r"^must be str or None, not (?P<a>\w+)$", "text is needed here, and was given {a}"),
    (r"^attribute name must be string, not '(?P<a>\w+)'$",
     "the filter 'attr' takes the name of a field, as text, and was given {a}"),
    (r"^slice step cannot be zero$", "a slice ([start:end:step]) cannot go in steps of 0"),
    (r"^can't multiply sequence by non-int of type '(?P<a>\w+)'$",
     "'*' repeats text or a list a whole number of times, and was given {a}"),
    (r"^range\(\) arg 3 must not be zero$", "range() cannot count in steps of 0"),
    (r"^(?:(?:integer|float) (?:division or modulo|modulo|division) by zero|float modulo)$",
     "division by zero"),
    (r"^0\.0 cannot be raised to a negative power$", "0 cannot be raised to a negative power "
     "(a division by zero)"),
    (r"^Object of type \w+ is not JSON serializable$",
     "'tojson' writes text, numbers, true or false, lists and dicts, and was given something "
     "else: give it the fields it needs, e.g. dict(title=page.title)"),
))


def _kinds_said(message: str, text: str) -> str | None:
    """A value of the wrong kind for what the template line does with it, and a value a
    format text names that it was not given (`'{x}'.format(y=1)`: Python says only 'x')."""
    named = re.fullmatch(r"'(\w+)'", message)
    if named and ".format(" in text:
        return (f"'{{{named[1]}}}' in the format text has no value: give it by name, "
                f"format({named[1]}=...)")
    for pattern, said in _WRONG_KIND:
        found = pattern.match(message)
        if found:
            parts = found.groupdict()
            with_text = "str" in (parts.get("a"), parts.get("b"))
            return said.format(
                op=parts.get("op"), name=parts.get("name"), takes=parts.get("takes"),
                given=parts.get("given"), a=_kind(parts.get("a") or ""),
                b=_kind(parts.get("b") or ""),
                join=": join text to anything with '~' ({{ count ~ ' sites' }})"
                if with_text else "")
    return None


_EXPECTED = re.compile(r"^(\w+) expected (at least |at most )?(\d+) arguments?, got (\d+)$")


def _expected_said(message: str, text: str, env: jinja2.Environment | None) -> str | None:
    """A test given arguments it does not take (`reject('equalto')`, whose function says
    'eq expected 2 arguments, got 1'), or a method of text (`'a'.replace('b')`)."""
    found = _EXPECTED.match(message)
    if not found:
        return None
    name, bound, takes, given = found[1], found[2] or "", int(found[3]), int(found[4])
    tests = env.tests if env is not None else {}
    for test in _written("test", text):
        function = tests.get(test)
        if function is not None and getattr(function, "__name__", None) == name:
            return (f"the test '{test}' takes {bound}{_count(takes - 1, 'argument')}, and was "
                    f"given {given - 1 or 'none'}")
    return f"'{name}()' takes {bound}{_count(takes, 'argument')}, and was given {given or 'none'}"


def _opened(source: str, error_line: int, kind: str) -> int | None:
    """The line of the innermost `{% kind %}` still open where the parser stopped."""
    source = _QUIET.sub(lambda m: "\n" * m[0].count("\n"), source)  # lines kept, tags gone
    stack: list[tuple[str, int]] = []
    for tag in _TAG.finditer(source):
        line = source.count("\n", 0, tag.start()) + 1
        if line > error_line:
            break
        name = tag[1]
        if name in _BLOCKS and not (name == "set" and "=" in tag[2]):
            stack.append((name, line))
        elif name.startswith("end") and stack:
            at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name[3:]), None)
            if at is not None and at == len(stack) - 1:
                stack.pop()
            elif at is not None:  # the mismatch the parser stopped at: what is open stays open
                break
    lines = [line for name, line in stack if name == kind]
    return lines[-1] if lines else None


def _relative(name: str, root: Path, templates: Path) -> str:
    path = Path(name)
    if not path.is_absolute():
        path = templates / name
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _source_line(where: str, line: int) -> str:
    return line_of(_source(where), line) if line else ""


def _source(where: str) -> str:
    try:
        return Path(where).read_text(encoding="utf-8").removeprefix("\ufeff")  # as loaded
    except (OSError, UnicodeDecodeError):
        return ""


def _count(n: int, noun: str) -> str:
    return f"no {noun}s" if n == 0 else f"{n} {noun}" + ("s" if n > 1 else "")
