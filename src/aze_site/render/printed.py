"""Values a template may not print as they are: their text would be Python's own, not the
same from one build to the next (`<generator object sync_do_map at 0x7f...>`), or Python's
words (`range(0, 3)`, `dict_items([...])`). A pure decision on a value's type, which
environment.output_text asks only of what is not text, markup or a number."""

from __future__ import annotations

import functools
from collections.abc import ItemsView, Iterator, KeysView, ValuesView

import jinja2
from jinja2.runtime import LoopContext, TemplateReference
from jinja2.utils import Namespace

# printed as Python writes them: lists and dicts too, as Jinja does (`{{ [1] * 2 }}`)
PLAIN = frozenset({int, float, bool, type(None), list, tuple, dict})


class Unprinted(jinja2.TemplateRuntimeError):
    """A value printed that has no text of its own; `nth`: which `{{` of its line prints it."""

    def __init__(self, message: str, nth: int = 0) -> None:
        super().__init__(message)
        self.nth = nth


UNPRINTED = "this '{{ }}' prints "


def refuse_unprinted(kind: type, nth: int) -> None:
    """Refuses a value of type `kind` whose text would be Python's own, not the same from
    one build to the next (`<generator object sync_do_map at 0x7f...>`), or Python's
    words (`range(0, 3)`, `dict_items([...])`)."""
    said = unprinted(kind)
    if said is not None:
        raise Unprinted(UNPRINTED + said, nth)


_OBJECTS = {Namespace: "a namespace()", LoopContext: "the loop itself",
            TemplateReference: "the template itself ('self')"}


@functools.cache  # the verdict depends on the type alone, and a page prints a few types
def unprinted(kind: type) -> str | None:
    """What a value of type `kind` is, where its text is Python's own; None where not."""
    if issubclass(kind, (str, int, float, list, tuple, dict, set, frozenset, jinja2.Undefined)):
        return None  # an undefined value is said as such when it is made text
    if kind in _OBJECTS:  # the loop is also a sequence made on the fly
        return f"{_OBJECTS[kind]}, which has no text of its own: print one of its fields"
    if issubclass(kind, (Iterator, range, KeysView, ValuesView, ItemsView)):
        return ("a sequence made on the fly, which has no text of its own: join it "
                "(|join(', ')) or list it (|list) to print it")
    if issubclass(kind, type) or any("__call__" in vars(base) for base in kind.__mro__):
        return ("a function or macro itself, which has no text of its own: call it, with "
                "what it takes in brackets, name(...)")
    if kind.__str__ is object.__str__ and kind.__repr__ is object.__repr__:  # <... at 0x...>
        return ("a value of Python's own workings, which has no text of its own: print one "
                "of its fields")
    return None

