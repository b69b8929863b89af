"""Stable hashes of values: equal values give equal hashes in every process and every run.

Pickle bytes are not stable (a frozenset's order follows the process's string hashing), so
values are encoded here: sets sorted, dataclasses by their fields, floats by repr. Frozen
model objects are hashed once per process (memoised by identity), so a list of 20,000
sites costs 20,000 look-ups once its sites are known.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

_memo: dict[int, tuple[Any, bytes]] = {}  # id -> (object kept alive, digest)
_fields: dict[type, tuple[str, ...]] = {}
MEMO_LIMIT = 400_000


def stable_hash(value: Any) -> bytes:
    """A 16-byte digest of `value` (see the module's docstring)."""
    return hashlib.blake2b(_encode(value), digest_size=16).digest()


def forget() -> None:
    """Drop the memo (between runs of a long-lived process, to bound its memory)."""
    _memo.clear()


def _encode(value: Any) -> bytes:  # noqa: C901 (one branch per type, in the order of frequency)
    if value is None:
        return b"N"
    kind: type = type(value)
    if kind is str:
        raw: bytes = value.encode("utf-8", "surrogatepass")
        return b"s" + len(raw).to_bytes(4, "big") + raw
    if kind is bool:
        return b"T" if value else b"F"
    if kind is int:
        return b"i" + str(value).encode() + b";"
    if kind is float:
        return b"f" + repr(value).encode() + b";"
    if kind is bytes:
        return b"b" + len(value).to_bytes(4, "big") + bytes(value)
    if kind is tuple or kind is list:
        return b"(" + b"".join(_encode(v) for v in value) + b")"
    if kind is dict:
        items = sorted((_encode(k), _encode(v)) for k, v in value.items())
        return b"{" + b"".join(k + v for k, v in items) + b"}"
    if kind is frozenset or kind is set:
        return b"<" + b"".join(sorted(_encode(v) for v in value)) + b">"
    if isinstance(value, dt.date):
        return b"d" + value.isoformat().encode() + b";"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass(value)
    encode: Callable[[], bytes] | None = getattr(value, "__stable__", None)
    if encode is not None:
        return b"x" + encode()
    raise TypeError(f"cannot hash a {kind.__name__} stably")


def _dataclass(value: Any) -> bytes:
    key = id(value)
    hit = _memo.get(key)
    if hit is not None and hit[0] is value:
        return hit[1]
    kind = type(value)
    names = _fields.get(kind)
    if names is None:
        names = _fields[kind] = tuple(f.name for f in dataclasses.fields(value))
    body = b"".join(_encode(getattr(value, name)) for name in names)
    encoded = b"D" + kind.__name__.encode() + b"(" + body + b")"
    if len(encoded) > 64:  # long encodings stand in by their digest
        encoded = b"H" + hashlib.blake2b(encoded, digest_size=16).digest()
    if getattr(kind, "__hash__", None) is not None and dataclasses.fields(value) and \
            kind.__dataclass_params__.frozen:
        if len(_memo) > MEMO_LIMIT:
            _memo.clear()
        _memo[key] = (value, encoded)
    return encoded
