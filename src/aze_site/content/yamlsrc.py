"""YAML parsing that keeps the line and column of every key and value.

Validation points at the offending value, so each parsed document comes with a map
from a value's path (``("species", 0, "status")``) to its 1-based position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from aze_site.errors import Report

Path = tuple[str | int, ...]
Pos = tuple[int, int]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A parsed YAML document with the positions of its values and keys."""

    path: str
    data: Any
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)

    def pos(self, where: Path) -> Pos:
        """Position of the value at `where`, or of its nearest located ancestor."""
        while where not in self.values and where:
            where = where[:-1]
        return self.values.get(where, (1, 1))

    def key_pos(self, where: Path) -> Pos:
        return self.keys.get(where) or self.pos(where)


def _pos(node: yaml.Node, line_offset: int) -> Pos:
    mark = node.start_mark
    return (mark.line + 1 + line_offset, mark.column + 1)


class _Walker:
    def __init__(self, doc: Located, report: Report, line_offset: int) -> None:
        self.doc = doc
        self.report = report
        self.offset = line_offset
        self.constructor = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, where: Path) -> Any:
        self.doc.values[where] = _pos(node, self.offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node, deep=True)
                if not isinstance(key, str | int):
                    line, col = _pos(key_node, self.offset)
                    self.report.error(self.doc.path, line, col, f"unsupported key {key!r}")
                    continue
                key = str(key)
                if key in result:
                    line, col = _pos(key_node, self.offset)
                    self.report.error(self.doc.path, line, col, f"duplicate key '{key}'")
                    continue
                self.doc.keys[(*where, key)] = _pos(key_node, self.offset)
                result[key] = self.walk(value_node, (*where, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*where, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:  # e.g. 2018-13-45 looks like a date but is none: let validation say so
            return node.value


def parse_yaml(text: str, path: str, report: Report, line_offset: int = 0) -> Located | None:
    """Parse one YAML document; on a syntax error report it and return None."""
    doc = Located(path, None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.context and context and mark and context.line != mark.line:
            problem += f" ({exc.context} at line {context.line + 1 + line_offset})"
        report.error(path, line, col, f"YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        report.error(path, 1 + line_offset, 0, f"YAML syntax error: {exc}")
        return None
    if node is None:
        doc.data = None
        return doc
    try:
        doc.data = _Walker(doc, report, line_offset).walk(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 0)
        report.error(path, line, col, f"YAML error: {exc.problem}")
        return None
    return doc


@dataclass(frozen=True)
class FrontMatter:
    yaml_text: str
    yaml_line: int  # line number (0-based offset) where the YAML starts
    body: str
    body_line: int  # 1-based line of the body's first line


def split_front_matter(text: str, path: str, report: Report) -> FrontMatter | None:
    """Split `---` fenced YAML front matter from a Markdown body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.error(path, 1, 1, "missing front matter: the file must start with a '---' line")
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:i]) + "\n"
            body = "\n".join(lines[i + 1 :])
            return FrontMatter(yaml_text, 1, body, i + 2)
    report.error(path, 1, 1, "front matter is not closed: add a '---' line after it")
    return None
