"""A small declarative validator for located YAML.

A schema is a tree of converters. Each converter turns a raw YAML value into a
checked Python value or reports why it cannot, at the value's line and column, and
returns INVALID so that validation goes on and every problem of a file is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from aze_site.content.yamlsrc import Located, Path
from aze_site.errors import Report


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def dotted(where: Path) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


@dataclass
class Ctx:
    doc: Located
    report: Report

    def error(self, where: Path, message: str, *, at_key: bool = False) -> Any:
        line, col = self.doc.key_pos(where) if at_key else self.doc.pos(where)
        prefix = dotted(where)
        self.report.error(self.doc.path, line, col, f"{prefix}: {message}")
        return INVALID

    def warning(self, where: Path, message: str) -> None:
        line, col = self.doc.pos(where)
        self.report.warning(self.doc.path, line, col, f"{dotted(where)}: {message}")


Converter = Callable[[Any, Path, Ctx], Any]


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a whole number",
        float: "a number", dt.date: "a date", dt.datetime: "a date and time",
    }.get(type(value), type(value).__name__)


def text(value: Any, where: Path, ctx: Ctx) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ctx.error(where, f"expected text, got {_type_name(value)}")
    if isinstance(value, int | float | dt.date):
        return str(value)  # e.g. a partner short name that YAML read as a number
    stripped = str(value).strip()
    if not stripped:
        return ctx.error(where, "must not be empty")
    return stripped


def boolean(value: Any, where: Path, ctx: Ctx) -> Any:
    if not isinstance(value, bool):
        return ctx.error(where, f"expected true or false, got {value!r}")
    return value


def integer(value: Any, where: Path, ctx: Ctx) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        return ctx.error(where, f"expected a whole number, got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _type_name(value)


def number(
    low: float | None = None, high: float | None = None, *, above: float | None = None
) -> Converter:
    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ctx.error(where, f"expected a number, got {_shown(value)}")
        if value != value or value in (float("inf"), float("-inf")):
            return ctx.error(where, "expected a finite number")
        if low is not None and value < low or high is not None and value > high:
            return ctx.error(where, f"{value} is out of range ({low} to {high})")
        if above is not None and value <= above:
            return ctx.error(where, f"{value} must be greater than {above:g}")
        return float(value)

    return convert


def date(value: Any, where: Path, ctx: Ctx) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return ctx.error(where, f"expected a date as YYYY-MM-DD, got {_shown(value)}")


def choice(options: Collection[str], what: str = "value") -> Converter:
    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if not isinstance(value, str) or value not in options:
            expected = ", ".join(sorted(options)) if len(options) <= 14 else f"one of {what}s"
            return ctx.error(where, f"{_shown(value)} is not a known {what} (expected {expected})")
        return value

    return convert


_URL = re.compile(r"^(https?://[^\s<>\"']+|/[^\s<>\"']*)$")


def url(value: Any, where: Path, ctx: Ctx) -> Any:
    if not isinstance(value, str) or not _URL.match(value.strip()):
        return ctx.error(where, f"expected an http(s) URL or a path starting with '/', got {_shown(value)}")
    return value.strip()


def absolute_url(value: Any, where: Path, ctx: Ctx) -> Any:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value.strip()):
        return ctx.error(where, f"expected an absolute http(s) URL, got {_shown(value)}")
    return value.strip()


def list_of(item: Converter, *, min_items: int = 0) -> Converter:
    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if not isinstance(value, list):
            return ctx.error(where, f"expected a list, got {_type_name(value)}")
        if len(value) < min_items:
            return ctx.error(where, f"needs at least {min_items} item(s)")
        items = [item(v, (*where, i), ctx) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in items) else items

    return convert


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False
    default: Any = None


def record(fields: Mapping[str, Field]) -> Converter:
    """A mapping with known keys: unknown keys and missing required keys are errors."""

    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            return ctx.error(where, f"expected a mapping, got {_type_name(value)}")
        out: dict[str, Any] = {}
        failed = False
        for key in value:
            if key not in fields:
                close = _closest(key, fields)
                hint = f" (did you mean '{close}'?)" if close else ""
                ctx.error((*where, key), f"unknown key '{key}'{hint}", at_key=True)
                failed = True
        for name, spec in fields.items():
            if name not in value or value[name] is None and spec.required:
                if spec.required:
                    ctx.error((*where, name), "is required")
                    failed = True
                out[name] = spec.default
                continue
            if value[name] is None:
                out[name] = spec.default
                continue
            out[name] = spec.convert(value[name], (*where, name), ctx)
            failed = failed or out[name] is INVALID
        return INVALID if failed else out

    return convert


def _closest(key: str, fields: Mapping[str, Field]) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
    return found[0] if found else None


def validate(doc: Located, schema: Converter, report: Report) -> Any:
    return schema(doc.data, (), Ctx(doc, report))
