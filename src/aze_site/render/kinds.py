"""A value's kind in a template's words ('text', 'a whole number'), for the messages that
tell an editor what a template was given: Python's names ('str', 'int', 'NoneType') mean
nothing to them."""

from __future__ import annotations

from typing import Any

KINDS = {"str": "text", "Markup": "text", "NoneType": "none (an empty value)",
         "int": "a whole number", "float": "a decimal number", "bool": "true or false",
         "list": "a list", "tuple": "a list", "dict": "a dict", "Namespace": "a namespace()"}


def kind_named(type_name: str) -> str:
    """The kind of a value whose Python type is named `type_name`."""
    return KINDS.get(type_name, f"a {type_name}")


def kind_of(value: Any) -> str:
    return kind_named(type(value).__name__)
