"""Front matter as text: YAML 1.1 scalars, in-place line edits, ruamel.yaml round trips.

Changes to a site file are recorded as operations (`Op`) on its plain data; this module
applies them to the file's text, either by rewriting the lines of one-line top-level
values (fast, and all a WDKBA update needs) or through a ruamel.yaml round trip that
keeps comments, key order and quoting. The caller checks that the result reads back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from aze_site.importer.table import yaml_float

SITE_ORDER = ("name", "iso3", "location", "area_km2", "wdkba_id", "criteria", "protection",
              "species", "hero", "updated", "draft")
SPECIES_ORDER = ("name", "common_name", "group", "status", "sensitive")
# The draft flag `import wdkba` writes on a new site, recognised by its comment: the species
# import removes it (a draft flag without this comment is an editor's, and stays).
IMPORT_DRAFT_COMMENT = "set to false once its trigger species are added"
SPECIES_DRAFT_COMMENT = "one or more trigger species, then remove draft"
# that comment on the species line, once the draft flag it speaks of is removed
SPECIES_DRAFT_NOTE = re.compile(rf"^(species:[^\n#]*?)[ \t]*#[ \t]*{re.escape(SPECIES_DRAFT_COMMENT)}"
                                r"[ \t]*(?=\r?$)", re.MULTILINE)
IMPORT_DRAFT = re.compile(rf"^draft:[ \t]*true[ \t]+#[ \t]*{re.escape(IMPORT_DRAFT_COMMENT)}",
                          re.MULTILINE)
LOCATION_ORDER = ("lat", "lon")

YPath = tuple[str | int, ...]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class FileProblem(Exception):
    """A site file that cannot be merged into; the message names the file."""


# -- YAML text ---------------------------------------------------------------------------


@cache
def yaml_str(text: str) -> str:
    """A one-line string as YAML 1.1 (PyYAML, the build) reads it back: plain when safe."""
    if "\n" in text or "\r" in text:
        raise ValueError("multi-line text")
    dumped: str = yaml.dump(text, Dumper=_Dumper, allow_unicode=True, width=1 << 30)
    return dumped.split("\n", 1)[0]


def yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return yaml_str(str(value))


def yaml_flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and (not value or re.search(r"[,\[\]{}#:]", value)):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return yaml_scalar(value)


def split_text(text: str, rel: str) -> tuple[str, str, str]:
    """(opening fence line, YAML text, closing fence line and body), as in the file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        raise FileProblem(f"{rel} has no front matter (it must start with a '---' line)")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return lines[0], "".join(lines[1:i]), "".join(lines[i:])
    raise FileProblem(f"{rel}: front matter is not closed by a '---' line")


def load_plain(yaml_text: str, rel: str) -> dict[str, Any]:
    """The front matter's values, read as the build reads content (bounded: no aliases, no
    deep nesting), so a file the build refuses is never rewritten by an import."""
    from aze_site.content.yamlsrc import parse_yaml
    from aze_site.errors import Report

    report = Report()
    doc = parse_yaml(yaml_text, rel, report, line_offset=1)  # after the opening ---
    if doc is None or report.errors:
        first = report.errors[0] if report.errors else None
        where = f"line {first.line}, column {first.col}: " if first and first.line else ""
        raise FileProblem(f"{rel} cannot be read ({where}"
                          f"{first.message if first else 'invalid YAML'})")
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FileProblem(f"{rel}: front matter is not a mapping of keys to values")
    return data


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0]


class _Representer(RoundTripRepresenter):
    pass


def _represent_float(representer: RoundTripRepresenter, value: float) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", yaml_float(value))


_Representer.add_representer(float, _represent_float)


@cache
def _yaml_for(mapping: int, sequence: int, offset: int) -> YAML:
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.preserve_quotes = True
    rt.width = 1 << 16  # never re-wrap an editor's lines
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def guess_indent(yaml_text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file indents them; the project's style by default."""
    mapping, sequence, offset = 2, 4, 2
    found_map = found_seq = False
    parent: int | None = None  # indent of the previous line when it opened a block
    for line in yaml_text.splitlines():
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent = len(line) - len(body)
        if parent is not None and indent >= parent:
            if body.startswith("- ") and not found_seq:
                rest = body[2:]
                offset = indent - parent
                sequence = offset + 2 + len(rest) - len(rest.lstrip(" "))
                found_seq = True
            elif indent > parent and not found_map and not body.startswith("-"):
                mapping = indent - parent
                found_map = True
        opens = re.match(r"^(?:- +)?[^\s#'\"-][^#]*:\s*(?:#.*)?$", body)
        parent = indent if opens else None
    return mapping, sequence, offset


def same(a: Any, b: Any) -> bool:
    """Equal as the build sees them: 28 and 28.0 agree, True and 1 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def _to_rt(value: Any, existing: Any = None) -> Any:
    """A plain value as a round-trip node, in the style of the value it replaces."""
    if isinstance(value, str):
        if isinstance(existing, DoubleQuotedScalarString | SingleQuotedScalarString):
            return type(existing)(value)
        text = yaml_str(value)
        if text.startswith("'"):
            return SingleQuotedScalarString(value)
        if text.startswith('"'):
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, list):
        seq = CommentedSeq(_to_rt(v) for v in value)
        nested = any(isinstance(v, dict | list) for v in value)
        flow = not nested
        if isinstance(existing, CommentedSeq) and not nested:
            flow = bool(existing.fa.flow_style(flow))
        if flow:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap((k, _to_rt(v)) for k, v in value.items())
        if all(isinstance(v, int | float) for v in value.values()):
            mapping.fa.set_flow_style()  # location: {lat: .., lon: ..}
        else:
            mapping.fa.set_block_style()  # a species entry
        return mapping
    return value


def _put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set a key; a new key goes after the keys that come before it in `order`."""
    if key in mapping or key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    keys = list(mapping)
    after = [i for i, k in enumerate(keys) if k in order and order.index(k) < rank]
    pos = after[-1] + 1 if after else next((i for i, k in enumerate(keys) if k in order), len(keys))
    mapping.insert(pos, key, value)


Op = tuple[str, YPath, str, Any, Sequence[str]]  # ("set" | "append" | "delete", where, key, value, order)


def node_at(doc: Any, where: YPath) -> Any:
    for part in where:
        doc = doc[part]
    return doc


def round_trip(yaml_text: str, ops: list[Op], rel: str) -> str:
    """The front matter with `ops` applied through ruamel.yaml: comments and order kept."""
    rt = _yaml_for(*guess_indent(yaml_text))
    try:
        doc = rt.load(yaml_text)
    except Exception as exc:  # noqa: BLE001 (ruamel's errors have no common base: any is a refusal)
        raise FileProblem(f"{rel}: front matter cannot be edited safely "
                          f"({_first_line(exc)})") from None
    doc = doc if doc is not None else CommentedMap()
    for kind, where, key, value, order in ops:
        node = node_at(doc, where)
        if kind == "set":
            _put(node, key, _to_rt(value, node.get(key)), order)
        elif kind == "delete":
            node.pop(key, None)
        else:
            if isinstance(value, dict | list) and node.fa.flow_style():
                node.fa.set_block_style()  # e.g. `species: []` gets its first entry
            node.append(_to_rt(value))
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


# -- the fast path: edit one-line top-level values in place ---------------------------------------

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")
_ONE_LINE_PARENTS = ("location", "criteria")  # flow values re-rendered whole when one line


def edit_lines(yaml_text: str, ops: list[Op], plain: dict[str, Any], newline: str) -> str | None:
    """The front matter with each touched top-level key's line rewritten; None: not simple."""
    touched: list[str] = []
    for _kind, where, key, _value, _order in ops:
        if where == ():
            top = key
        elif len(where) == 1 and where[0] in _ONE_LINE_PARENTS:
            top = str(where[0])
        else:
            return None
        if top not in touched:
            touched.append(top)
    lines = yaml_text.splitlines(keepends=True)
    try:
        for top in touched:
            spans = _spans(lines)
            if spans is None:
                return None
            if top not in plain:  # deleted: its lines go (comments on lines of their own stay)
                if top in spans:
                    del lines[spans[top][0]:spans[top][1]]
                continue
            value = plain[top]
            if top in spans:
                start, end = spans[top]
                line = _replace_value(lines[start], top, value) if end - start == 1 else None
                if line is None:
                    return None
                lines[start] = line
            else:
                text = yaml_flow(value) if isinstance(value, dict | list) else yaml_scalar(value)
                lines.insert(_insert_at(spans, top, len(lines)), f"{top}: {text}{newline}")
    except ValueError:  # e.g. multi-line text: not for a one-line edit
        return None
    return "".join(lines)


def _spans(lines: list[str]) -> dict[str, tuple[int, int]] | None:
    """Top-level key -> [first line, end) of its key line and continuation lines."""
    spans: dict[str, list[int]] = {}
    current: str | None = None
    for i, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        match = _TOP_KEY.match(line)
        if match:
            current = match.group(1)
            if current in spans:
                return None
            spans[current] = [i, i + 1]
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        elif current is not None and line[0] in " \t-":
            spans[current][1] = i + 1
        else:
            return None  # something this path does not know: leave it to ruamel
    return {key: (a, b) for key, (a, b) in spans.items()}


def _insert_at(spans: dict[str, tuple[int, int]], key: str, count: int) -> int:
    """Where a new top-level key goes: after the keys that come before it in SITE_ORDER."""
    in_order = sorted(spans.items(), key=lambda item: item[1][0])
    if key in SITE_ORDER:
        rank = SITE_ORDER.index(key)
        before = [span for k, span in in_order if k in SITE_ORDER and SITE_ORDER.index(k) < rank]
        if before:
            return before[-1][1]
        after = [span for k, span in in_order if k in SITE_ORDER]
        if after:
            return after[0][0]
    return in_order[-1][1][1] if in_order else count


def _replace_value(raw: str, key: str, value: Any) -> str | None:
    line = raw.rstrip("\r\n")
    eol = raw[len(line):]
    match = _TOP_KEY.match(line)
    if not match or match.group(1) != key:
        return None  # not the line of that key: the caller edits the whole front matter
    prefix_end = match.end() + len(line[match.end():]) - len(line[match.end():].lstrip(" \t"))
    prefix, rest = line[:prefix_end], line[prefix_end:]
    split = _split_comment(rest)
    if split is None:
        return None
    old, gap, comment = split
    if not old or old[0] in "&*!|>%@`":
        return None
    if isinstance(value, dict | list):
        new = yaml_flow(value)
    elif isinstance(value, str) and old[0] == '"':
        new = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif isinstance(value, str) and old[0] == "'":
        new = "'" + value.replace("'", "''") + "'"
    else:
        new = yaml_scalar(value)
    return prefix + new + gap + comment + eol


def _split_comment(rest: str) -> tuple[str, str, str] | None:
    """(value, spaces, '# comment') of the text after `key: `; None if a quote is left open."""
    quote = ""
    i = 0
    while i < len(rest):
        char = rest[i]
        if quote == "'":
            if char == "'" and rest[i + 1:i + 2] == "'":
                i += 1
            elif char == "'":
                quote = ""
        elif quote == '"':
            if char == "\\":
                i += 1
            elif char == '"':
                quote = ""
        elif char in "'\"" and (i == 0 or rest[i - 1] in " \t[{,"):
            quote = char
        elif char == "#" and i > 0 and rest[i - 1] in " \t":
            value = rest[:i].rstrip(" \t")
            return value, rest[len(value):i], rest[i:]
        i += 1
    if quote:
        return None
    value = rest.rstrip(" \t")
    return value, "", ""


def render_new(plain: dict[str, Any], body: str) -> str:
    """A new site file from a small fixed template: fast and deterministic."""
    lines = ["---"]
    for key in SITE_ORDER:
        if key not in plain:
            continue
        value = plain[key]
        if key == "species" and not value:
            lines.append(f"species: []  # {SPECIES_DRAFT_COMMENT}")
        elif key == "draft" and value is True:
            lines.append(f"draft: true  # {IMPORT_DRAFT_COMMENT}")
        elif isinstance(value, dict | list):
            lines.append(f"{key}: {yaml_flow(value)}")
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body
