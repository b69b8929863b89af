"""What one import run knows: its table, the site files, its diagnostics and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from aze_site.importer.sites import SiteFile, SiteIndex
from aze_site.importer.table import Problems, Row, Table, parse_number, shown

LONGEST_ID = 15  # digits: an id beyond this is not one (and would not survive a float)


class Said(NamedTuple):
    """A problem with a row, and the column whose cell is at fault (the importer's name
    for it; "" when it is the row's as a whole): the message points at that cell."""

    message: str
    column: str = ""


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

    def fail(self, row: Row, errors: list[Said]) -> None:
        for message, column in errors:
            self.problems.error(*self._where(row, column, message))
        self.skipped += 1

    def warn(self, row: Row, message: str, column: str = "") -> None:
        self.problems.warning(*self._where(row, column, message))

    def _where(self, row: Row, column: str, message: str) -> tuple[int, str, int]:
        line, col = self.table.at(row, column) if column else (row.line, 0)
        return line, message, col

    def touch(self, site: SiteFile, row: Row) -> None:
        self.touched.setdefault(site.slug, site)
        site.rows.append(row.line)

    def number(self, row: Row, name: str, errors: list[Said], limit: int | None = None,
               within: tuple[str, ...] = ()) -> float | None:
        """The number in a cell; None when empty; an error when it is not a number, or
        when the file does not say which of two numbers it is ('7.250': see
        Table.point_reading). `limit`: a coordinate's, which no thousands reach, and
        `within` the columns whose numbers say how its point reads."""
        text = row.get(name)
        if not text:
            return None
        comma = self.table.decimal_comma()
        mixed = self.table.mixed_decimal(text)
        if mixed is not None:
            errors.append(Said(f"{self.column(name)} '{shown(text)}': {mixed}", name))
            return None
        reading = self.table.point_reading(text, self._by(within))
        if reading == ("thousands" if limit is not None else "unsure"):
            errors.append(Said(self._two_readings(name, text, limit, within), name))
            return None
        value = parse_number(text, comma, reading == "thousands")
        if value is None:
            errors.append(Said(f"{self.column(name)} '{shown(text)}' is not a number", name))
        return value

    def _by(self, within: tuple[str, ...]) -> tuple[str, ...]:
        """The columns whose numbers say how a cell's point reads: the coordinates' (the
        areas' comma decimals say nothing of them, as no coordinate has thousands); the
        whole file's in a tab-separated file, whose decimals all follow the file's."""
        return within if self.table.separator != "\t" else ()

    def _two_readings(self, name: str, text: str, limit: int | None,
                      within: tuple[str, ...]) -> str:
        """Why a cell such as '7.250' is not read: its point groups thousands where the file
        writes its decimals with a comma, or is a decimal point, as where it writes them
        with a point; both readings, and what to write for each (never a guess: a
        coordinate read a thousand times too large or too small is another place)."""
        value = text.strip()
        grouped, decimal = value.replace(".", ""), value.replace(".", ",")
        commas, points = self.table.marks(self._by(within))
        said = f"{self.column(name)} '{shown(text)}'"
        if limit is not None:
            return (f"{said}: this file writes its decimals with a comma{_at(commas)}, so its "
                    f"point groups thousands, but {grouped} is out of range (-{limit} to "
                    f"{limit}): if the point is a decimal point, write {decimal}")
        return (f"{said} may be {grouped} or {value}: this file writes its decimals with a "
                f"comma{_at(commas)}, where a point groups thousands, but also with a point"
                f"{_at(points)}; write {grouped} or {decimal}")

    def empty(self, row: Row, name: str) -> str:
        """'SitLat is empty', or what the cell holds that is read as no value ('#N/A',
        '#VALUE!'): said so, as 'empty' is not what the editor sees there."""
        held = row.missing.get(name)
        if held is None:
            return f"{self.column(name)} is empty"
        return f"{self.column(name)} holds '{shown(held)}', a spreadsheet's mark for no value"

    def whole_number(self, row: Row, name: str, errors: list[Said]) -> int | None:
        """A positive whole number (an id: digits, as a spreadsheet may write it with '.0'),
        or an error; None when empty or wrong."""
        text = row.get(name)
        if not text:
            errors.append(Said(self.empty(row, name), name))
            return None
        digits = text.strip().removeprefix("+")
        digits = digits[:-2] if digits.endswith(".0") else digits
        if not (digits.isascii() and digits.isdigit() and len(digits) <= LONGEST_ID
                and int(digits) > 0):
            errors.append(Said(f"{self.column(name)} '{shown(text)}' is not a positive whole "
                               "number", name))
            return None
        return int(digits)


def _at(seen: tuple[int, str] | None) -> str:
    """Where a file shows how it writes its numbers, for a message: " (line 2: '-7,25')"."""
    return f" (line {seen[0]}: '{shown(seen[1])}')" if seen else ""
