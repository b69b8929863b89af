"""The arguments of Jinja's own filters that take a count, a width or a choice, checked
before the filter runs: given a wrong one, a filter failed in Python's words, naming
neither itself nor the argument (`|slice(0)`: 'integer division or modulo by zero',
`|truncate(-1)`: an assertion, which stopped the build), or quietly wrote what no one
meant (`|batch(0)`: an empty group first). Said naming the filter, so that the error is
at its column (template_column.py). So are the values given to the globals cycler() and
joiner(): `cycler()` stopped the build with Python's RuntimeError, which is not caught
(it is also the project's own mistakes), and `joiner(1, 2)` named `Joiner.__init__()`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2.utils import Cycler, Joiner

Check = Callable[[Mapping[str, Any]], str | None]  # the arguments given by name -> what is wrong


def _whole(value: Any, least: int | None, what: str, decimal: bool = False) -> str | None:
    """`least`: None where a number below 0 is one too; `decimal`: where a decimal number
    with nothing after its point is taken as the whole one (|batch(n / 2) groups by 2.0)."""
    if isinstance(value, jinja2.Undefined):  # said as undefined where the filter uses it
        return None
    whole = (isinstance(value, int) and not isinstance(value, bool)) or \
        (decimal and isinstance(value, float) and value.is_integer())
    if whole and (least is None or value >= least):
        return None
    at_least = f" of at least {least}" if least is not None else ""
    return f"takes {what}, a whole number{at_least}, and was given {_given(value)}"


def _truncate(given: Mapping[str, Any]) -> str | None:
    end = given["end"]
    if not isinstance(end, str):
        return f"takes the text to end a cut text with, and was given {_given(end)}"
    leeway = given["leeway"]
    return _whole(given["length"], len(end), f"the length to cut the text to (with its end "
                                             f"'{end}')") or \
        (_whole(leeway, 0, "a leeway") if leeway is not None else None)


def _round(given: Mapping[str, Any]) -> str | None:
    if given["method"] not in ("common", "ceil", "floor"):
        return (f"rounds in the way 'common', 'ceil' (up) or 'floor' (down), and was given "
                f"{_given(given['method'])}")
    return _whole(given["precision"], None, "the number of decimals to keep")  # -2: hundreds


_CHECKS: dict[str, Check] = {
    "slice": lambda given: _whole(given["slices"], 1, "the number of columns to split into"),
    "batch": lambda given: _whole(given["linecount"], 1, "the number of items in each group",
                                  decimal=True),
    "wordwrap": lambda given: _whole(given["width"], 1, "the width of a line"),
    "center": lambda given: _whole(given["width"], None, "the width to center the text in"),
    "truncate": _truncate,
    "round": _round,
}


def _given(value: Any) -> str:
    if isinstance(value, str):  # not quoted: a page's value would make each page's error another
        return "text"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)  # 2.0 as written, not as 2, a whole number
    return "none (an empty value)" if value is None else \
        "true or false" if isinstance(value, bool) else "a value of another kind"


# Filters of text, which make Python's 'None' of none: `{{ page.hero|upper }}` wrote "NONE"
_TEXT = frozenset({"upper", "lower", "capitalize", "title", "trim", "striptags", "truncate",
                   "wordwrap", "center", "indent", "replace", "wordcount", "urlize", "safe",
                   "e", "escape", "forceescape", "urlencode"})


def checked(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Those of `filters` whose arguments are checked, each wrapped to check them first."""
    return {name: _checking(name, filters[name], _CHECKS.get(name))
            for name in sorted((_CHECKS.keys() | _TEXT) & filters.keys())}


def _checking(name: str, function: Callable[..., Any],
              check: Check | None) -> Callable[..., Any]:
    own = inspect.unwrap(function)  # Jinja's sync function behind an async variant
    signature = inspect.signature(own)
    # what Jinja passes before the value: the wrapper's, of which the function takes its own
    skipped = _passes(function) - _passes(own)
    value_at = _passes(function) if name in _TEXT else -1  # where the value is in args

    @functools.wraps(function)
    def filter_checked(*args: Any, **kwargs: Any) -> Any:
        if 0 <= value_at < len(args) and args[value_at] is None:
            raise jinja2.TemplateRuntimeError(
                f"the filter '{name}' takes text, and was given none (an empty value) here: "
                "test it first, {% if ... %}")
        if check is None:
            return function(*args, **kwargs)
        try:
            bound = signature.bind(*args[skipped:], **kwargs)
        except TypeError:  # arguments it does not take: said as the filter says them
            return function(*args, **kwargs)
        bound.apply_defaults()
        wrong = check(bound.arguments)
        if wrong is not None:
            raise jinja2.TemplateRuntimeError(f"the filter '{name}' {wrong}")
        return function(*args, **kwargs)

    return filter_checked


def _passes(function: Callable[..., Any]) -> int:
    return int(getattr(function, "jinja_pass_arg", None) is not None)


def cycler(*items: Any, **named: Any) -> Cycler:
    """Jinja's cycler(), given at least one value, and none by name."""
    if named:
        raise jinja2.TemplateRuntimeError(
            f"'cycler()' takes the values to go through in turn, not by name ('{next(iter(named))}')")
    if not items:
        raise jinja2.TemplateRuntimeError(
            "'cycler()' takes the values to go through in turn, and was given none")
    return Cycler(*items)


def joiner(*args: Any, **named: Any) -> Joiner:
    """Jinja's joiner(), given at most the text to put between the others."""
    unknown = [name for name in named if name != "sep"]
    if unknown:
        raise jinja2.TemplateRuntimeError(f"'joiner()' takes no value named '{unknown[0]}': only "
                                          "the text to put between the others (sep=', ')")
    if len(args) + len(named) > 1:
        raise jinja2.TemplateRuntimeError(
            "'joiner()' takes 1 value at most, the text to put between the others (', '), and "
            f"was given {len(args) + len(named)}")
    return Joiner(*args, **named)
