"""Pagefind's index made byte-stable: the same pages give the same files, run after run.

Pagefind (1.5) writes the values of each filter, and the list of filters in its meta
file, in hash-map order, which changes from run to run; every other file is already
stable. This module puts those lists in sorted order and renames the files after their
new content, so two builds of the same sources stay byte-identical.

The files are gzip-compressed "pagefind_dcd" + CBOR (definite lengths, shortest integer
forms). Only what Pagefind writes is understood here: a file that does not decode and
re-encode to exactly its own bytes is left as Pagefind wrote it, and so is the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Unknown(ValueError):
    """Not the format this module knows: leave the index as it is."""


def _decode(data: bytes, i: int) -> tuple[Any, int]:
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
    if major == 3:
        return data[i:i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise Unknown(f"CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise Unknown("integer too large")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unknown("CBOR simple value")
    if isinstance(value, int):
        if value < 0:
            raise Unknown("negative integer")
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise Unknown(f"cannot encode {type(value).__name__}")


def read(path: Path) -> Any:
    """A Pagefind file's content, checked to re-encode to exactly the same bytes."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unknown(f"{path.name}: no Pagefind signature")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw) or SIGNATURE + _encode(value) != raw:
        raise Unknown(f"{path.name}: does not round-trip")
    return value


def _write(path: Path, value: Any) -> bytes:
    body = SIGNATURE + _encode(value)
    path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return body


def _name(language: str, body: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(body).hexdigest()[:length]}"


def stabilise(bundle: Path) -> bool:
    """Sort the filter values and the filter list of every language, and the languages;
    False: left as it was."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plan = []
        for language, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = read(meta_path)
            filters = meta[3]  # [version, pages, index chunks, filters, sorts, ...]
            if not all(isinstance(f, list) and len(f) == 2 for f in filters):
                raise Unknown("unexpected filter list")
            chunks = {name: read(bundle / "filter" / f"{chunk}.pf_filter")
                      for name, chunk in filters}
            plan.append((language, info, meta_path, meta, chunks))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    for language, info, meta_path, meta, chunks in plan:
        for _, chunk in meta[3]:
            (bundle / "filter" / f"{chunk}.pf_filter").unlink()
        renamed = []
        for name in sorted(chunks, key=str):
            content = chunks[name]
            content[1].sort(key=lambda v: str(v[0]))
            new = _name(language, SIGNATURE + _encode(content), 7)
            _write(bundle / "filter" / f"{new}.pf_filter", content)
            renamed.append([name, new])
        meta[3] = renamed
        meta_path.unlink()
        body = SIGNATURE + _encode(meta)
        info["hash"] = _name(language, body, 10)
        _write(bundle / f"pagefind.{info['hash']}.pf_meta", meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind's order varies
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True
