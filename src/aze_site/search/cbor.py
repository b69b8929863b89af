"""Pagefind's files: gzip-compressed "pagefind_dcd" + CBOR (definite lengths, shortest
integer forms), of unsigned and negative integers, text and arrays alone."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Unknown(ValueError):
    """Not the format this module knows: leave the index as it is."""


def decode(data: bytes, i: int) -> tuple[Any, int]:
    if i >= len(data):
        raise Unknown("truncated")
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise Unknown(f"CBOR additional information {info}")
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 3:
        return data[i:i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    raise Unknown(f"CBOR major type {major}")


def head(major: int, value: int) -> bytes:
    """An item's first bytes: its major type and argument, in the shortest form."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise Unknown("integer too large")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unknown("CBOR simple value")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unknown(f"cannot encode {type(value).__name__}")


def payload(path: Path) -> bytes:
    """A Pagefind file's CBOR, after its signature."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unknown(f"{path.name}: no Pagefind signature")
    return raw[len(SIGNATURE):]


def read(path: Path) -> Any:
    """A Pagefind file's content, checked to re-encode to exactly the same bytes."""
    raw = payload(path)
    value, end = decode(raw, 0)
    if end != len(raw) or encode(value) != raw:
        raise Unknown(f"{path.name}: does not round-trip")
    return value


def content_name(prefix: str, content: bytes, length: int) -> str:
    """A file's name made from its content (`prefix` is its language)."""
    return f"{prefix}_{hashlib.sha256(content).hexdigest()[:length]}"


def write(path: Path, value: Any) -> bytes:
    body = SIGNATURE + encode(value)
    path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return body
