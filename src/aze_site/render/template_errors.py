"""What a template error says: the diagnostic a Jinja exception becomes, at the template
line that caused it, in the words of the template rather than of the Python behind it."""

from __future__ import annotations

import difflib
import re
import sys
import traceback
from collections.abc import Collection
from pathlib import Path

import jinja2

from aze_site.errors import Diagnostic
from aze_site.render.environment import RefusedTemplate

_NO_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$")
_ARGUMENTS = re.compile(
    r"^(?:\w+\.)?(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:were|was) given$")
_NO_KEY = re.compile(r"^'(?:dict|mappingproxy) object' has no attribute (.+)$")
# what changes a dict: a read-only table shared by every page (RED_LIST) has none of them
_READ_ONLY = re.compile(
    r"^'mappingproxy object' has no attribute '(update|pop|popitem|clear|setdefault)'$")
_UNSAFE = re.compile(r"^access to attribute '(\w+)' of '(\w+)' object is unsafe\.$")
_LOADS = re.compile(r"\{%[-+]?\s*(include|extends|import|from)\b")
_EXTENDS = re.compile(r"\{%[-+]?\s*extends\s+[\"']([^\"']+)[\"']")
_NO_FILTER = re.compile(r"^No filter named '(\w+)'")
_UNKNOWN_TAG = re.compile(r"^Encountered unknown tag '(\w+)'")
_KNOWN_TAGS = ("if", "for", "block", "extends", "include", "import", "from", "macro", "call",
               "set", "with", "filter", "autoescape", "trans", "raw", "print")
_OTHER_SPELLING = {"elseif": "elif", "elsif": "elif", "foreach": "for", "endforeach": "endfor"}
_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(\w+)'")
_TAG = re.compile(r"\{%[-+]?\s*(\w+)([^%]*)%\}")
_QUIET = re.compile(r"\{#.*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}",
                    re.S)  # comments and raw text: their tags are no tags
_BLOCKS = {"if", "for", "block", "macro", "call", "filter", "with", "trans", "autoescape", "set"}


def template_diagnostic(exc: BaseException, root: Path, templates: Path,
                        filters: Collection[str] = ()) -> Diagnostic:
    """Turn a Jinja error into a `templates/x.html:line: error:` diagnostic (`filters`: the
    names of the filters templates have, to say which one a misspelt name meant)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = _relative(exc.filename or exc.name or "?", root, templates)
        line, message = exc.lineno, f"template syntax error: {exc.message}"
        said = exc.message or ""
        no_filter = _NO_FILTER.match(said)
        if no_filter:
            meant = difflib.get_close_matches(no_filter[1], sorted(filters), n=1, cutoff=0.6)
            return Diagnostic(name, line, 0, "error", f"template error: unknown filter "
                              f"'{no_filter[1]}'" + (f" (did you mean '{meant[0]}'?)" if meant else ""))
        unknown = _UNKNOWN_TAG.match(said)
        if unknown and "nesting mistake" not in said:  # else a block inside is left open
            wanted = re.findall(r"'(\w+)'", said.partition("looking for the following tags:")[2]
                                .partition(".")[0])
            return Diagnostic(name, line, 0, "error",
                              f"template syntax error: {_tag_said(unknown[1], wanted)}")
        found = _INNERMOST.search(said)
        opened = _opened(exc.source, exc.lineno, found[1]) if found and exc.source else None
        if found and opened:
            line, message = opened, (f"template syntax error: the '{{% {found[1]} %}}' on this "
                                     f"line is not closed: add '{{% end{found[1]} %}}' where "
                                     "it ends")
        return Diagnostic(name, line, 0, "error", message)
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
        return Diagnostic(_relative(where, root, templates), line, 0, "error", message)
    if isinstance(exc, RecursionError):  # its words depend on where the depth ran out
        message = "a macro or template calls itself without end"
    elif isinstance(exc, MemoryError):
        message = "not enough memory for what this line makes"
    else:
        message = _said(str(exc), where, line)
    return Diagnostic(_relative(where, root, templates), line, 0, "error",
                      f"template error: {message}")


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
        field = re.compile(rf"\.{re.escape(found[2])}\b")
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
    if tag in _OTHER_SPELLING:
        meant = [_OTHER_SPELLING[tag]]
    elif tag.startswith("end"):  # an end only of the block open here, if any
        ends = [w for w in wanted if w.startswith("end")]
        meant = difflib.get_close_matches(tag, ends, n=1, cutoff=0.6) or ends[:1]
    else:
        meant = difflib.get_close_matches(tag, (*_KNOWN_TAGS, *opens, *wanted), n=1, cutoff=0.6)
    return f"unknown tag '{{% {tag} %}}'" + (f" (did you mean '{{% {meant[0]} %}}'?)" if meant
                                            else "")


def _said(message: str, where: str, line: int) -> str:
    """An unknown attribute named as the template writes it (`page.subtitel`), not by the
    Python class of the value (`'aze_site.render.pages.PageMeta object' has no ...`)."""
    unsafe = _UNSAFE.match(message)
    read_only = _READ_ONLY.match(message)
    kind, name = ("dict", read_only[1]) if read_only else \
        (unsafe[2], unsafe[1]) if unsafe else ("", "")
    if kind in ("dict", "list", "set"):
        return (f"a template cannot change a {kind} ('{name}'): what it is given is "
                "shared by every page; make a new one instead, e.g. {% set d = dict(d, key=value) %} "
                "or {% set l = l + [item] %}, kept in a namespace() to set it inside a loop")
    counted = _ARGUMENTS.match(message)
    if counted:  # a bound method of the renderer: `self` counted in both numbers
        name, takes, given = counted[1], int(counted[2]) - 1, int(counted[3]) - 1
        text = _source_line(where, line)
        if re.search(rf"\|\s*{name}\b", text):  # a filter: the value before | counted too
            return (f"the filter '{name}' takes {_count(takes - 1, 'argument')}, and was given "
                    f"{given - 1}")
        return f"'{name}()' takes {_count(takes, 'argument')}, and was given {given}"
    if message == "'NoneType' object is not iterable":
        return "a loop over a value that is empty here (none): test it first, {% if ... %}"
    key = _NO_KEY.match(message)
    if key:  # d[value]: Jinja says attribute, as d.name and d[name] read alike
        used = re.search(r"([A-Za-z_][\w.]*)\s*\[", _source_line(where, line))
        return f"{f'{used[1]!r}' if used else 'the dict'} has no key {key[1]}"
    found = _NO_ATTRIBUTE.match(message)
    if not found:
        return message
    attribute = found[2]
    text = _source_line(where, line)
    used = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(attribute)}\b", text)
    owner = f"'{used[1]}'" if used else f"this {found[1]}"
    return f"{owner} has no field '{attribute}'"


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
    try:
        return Path(where).read_text(encoding="utf-8").split("\n")[line - 1] if line else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return ""


def _count(n: int, noun: str) -> str:
    return f"no {noun}s" if n == 0 else f"{n} {noun}" + ("s" if n > 1 else "")
