"""What one import run knows: its table, the site files, its diagnostics and counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from aze_site.importer.sites import SiteFile, SiteIndex
from aze_site.importer.table import Problems, Row, Table, parse_number


@dataclass
class Session:
    table: Table
    index: SiteIndex
    problems: Problems
    skipped: int = 0  # rows with an error: nothing of them was imported
    left_out: int = 0  # rows a filter (--aze-only) left out
    touched: dict[str, SiteFile] = field(default_factory=dict)  # by slug, in order of first use

    def column(self, name: str) -> str:
        """A column's name as the file spells it, for messages."""
        return self.table.columns.get(name, name)

    def fail(self, row: Row, errors: list[str]) -> None:
        for message in errors:
            self.problems.error(row.line, message)
        self.skipped += 1

    def touch(self, site: SiteFile, row: Row) -> None:
        self.touched.setdefault(site.slug, site)
        site.rows.append(row.line)

    def number(self, row: Row, name: str, errors: list[str]) -> float | None:
        """The number in a cell; None when empty; an error when it is not a number."""
        text = row.get(name)
        if not text:
            return None
        value = parse_number(text, self.table.decimal_comma())
        if value is None:
            errors.append(f"{self.column(name)} '{text}' is not a number")
        return value

    def whole_number(self, row: Row, name: str, errors: list[str]) -> int | None:
        """A positive whole number (an id), or an error; None when empty or wrong."""
        text = row.get(name)
        if not text:
            errors.append(f"{self.column(name)} is empty")
            return None
        value = self.number(row, name, [])
        if value is None or not value.is_integer() or value <= 0:
            errors.append(f"{self.column(name)} '{text}' is not a positive whole number")
            return None
        return int(value)
