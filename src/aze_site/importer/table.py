"""CSV exports as they are found in the wild: encodings, separators, line numbers.

A table is read whole: the header's columns are bound to the names an importer knows,
each data row keeps the line of the file where it starts (quoted fields may span
lines), and every problem is one `FILE.csv:LINE:COL: level: message` diagnostic (the
column of the cell at fault, where one is).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from aze_site.errors import Diagnostic
from aze_site.importer.columns import WDKBA_IGNORED, WIDE_BASE, marks_sensitivity, norm

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def clean(text: str) -> str:
    """A cell as a one-line value: runs of whitespace (newlines too) become one space."""
    return " ".join(text.split())


_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
FORMULA = "export the values (in the spreadsheet, copy the cells and paste them as values)"


def cell_problem(text: str) -> str | None:
    """Why a name cell holds something other than a name: a spreadsheet formula exported
    as written, or HTML tags (the text is published as it is written, tags and all)."""
    if text.startswith("="):
        return f"a formula, not its value: {FORMULA}"
    if _TAG.search(text):
        return "HTML tags in a name: write the name alone, as text"
    return None


SHOWN = 80  # characters of a value quoted in a message


def shown(text: str) -> str:
    """A value as a message quotes it: on one line, its control characters written out
    (a header's escape sequence must not reach the terminal), a long one cut short."""
    one = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", clean(text))
    return one if len(one) <= SHOWN else one[:SHOWN - 1] + "…"


@dataclass
class Problems:
    """Diagnostics of one import, about the CSV file (by line) or a site file."""

    csv_path: str  # as the user typed it
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, message: str, col: int = 0) -> None:
        self.items.append(Diagnostic(self.csv_path, line, col, "error", message))

    def warning(self, line: int, message: str, col: int = 0) -> None:
        self.items.append(Diagnostic(self.csv_path, line, col, "warning", message))

    def ordered(self) -> list[Diagnostic]:
        """The CSV's diagnostics by line (in the order found within a line), then the rest."""
        return sorted(self.items, key=lambda d: (d.path != self.csv_path, d.path, d.line))


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file where the row starts
    cells: dict[str, str]  # bound column name -> value, stripped
    bad: bool = False  # reported already while reading (e.g. too many values)
    missing: dict[str, str] = field(default_factory=dict)  # read as "": '#N/A', as written

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


@dataclass
class Table:
    header: list[str]  # column names as in the file
    columns: dict[str, str]  # bound name -> the column's name as in the file
    rows: list[Row]
    separator: str
    encoding: str
    header_line: int = 1  # after blank lines, or Excel's `sep=;`
    lines: list[str] = field(default_factory=list, repr=False)  # the file's, as csv read them
    index: dict[str, int] = field(default_factory=dict)  # bound name -> its column, from 0
    refused: tuple[str, ...] = ()  # columns whose name stops the import (_bind_header)
    _comma: bool | None = field(default=None, init=False, repr=False)  # decimal_comma, once
    _marks: dict[tuple[str, ...], tuple[Seen, Seen]] = field(default_factory=dict, init=False,
                                                 repr=False)  # marks(), by column
    _example: tuple[int, str] = field(default=(0, ""), init=False, repr=False)  # (line, cell)

    def at(self, row: Row, name: str) -> tuple[int, int]:
        """Where a row's cell in column `name` starts: (line, column), both from 1; the
        row's line and column 0 (none) when the row has no such cell."""
        i = self.index.get(name)
        starts = scan_row(self.lines, row.line, self.separator)[0] if i is not None else []
        return starts[i] if i is not None and i < len(starts) else (row.line, 0)

    def decimal_comma(self) -> bool:
        """Whether '12,5' is 12.5: in files separated by ';' (a comma-decimal locale's
        export); in tab-separated ones, when the file as a whole writes its decimals so:
        more of its cells with a comma than with a point, counting only those that cannot
        be a thousands separator ('-9,1', not '1,234'); when all could be, when one writes
        a comma and none a point. A cell written the other way is then an error at the
        cell (`mixed_decimal`), never read a thousand times too small or too large."""
        if self.separator != "\t":
            return self.separator == ";"
        if self._comma is None:
            self._comma = self._decide_decimals()
        return self._comma

    def _decide_decimals(self) -> bool:
        found: dict[str, list[tuple[int, str]]] = {",": [], ".": []}
        unsure = {",": False, ".": False}  # '1,234', '1.234': a decimal, or a thousand
        for row in self.rows:
            for cell in row.cells.values():
                for mark, decimal in ((",", _COMMA_DECIMAL), (".", _POINT_DECIMAL)):
                    if decimal.match(cell):
                        if _GROUP_OR_DECIMAL.match(cell):
                            unsure[mark] = True
                        else:
                            found[mark].append((row.line, cell))
        if found[","] or found["."]:
            comma = len(found[","]) > len(found["."])
        else:
            comma = unsure[","] and not unsure["."]
        examples = found["," if comma else "."]
        self._example = examples[0] if examples else (0, "")
        return comma

    def mixed_decimal(self, text: str) -> str | None:
        """Why a number cell of a tab-separated file cannot be read: it writes its decimal
        with a comma where the file writes them with a point, or the reverse."""
        if self.separator != "\t":
            return None
        comma = self.decimal_comma()
        other = _POINT_DECIMAL if comma else _COMMA_DECIMAL
        if not other.match(text) or _GROUP_OR_DECIMAL.match(text):
            return None
        file_mark, cell_mark = ("a comma", "a point") if comma else ("a point", "a comma")
        line, example = self._example
        seen = f" (line {line}: '{shown(example)}')" if line else ""
        mended = text.replace(".", ",") if comma else text.replace(",", ".")
        return (f"this file writes its decimals with {file_mark}{seen}, and this cell with "
                f"{cell_mark}: write it {mended}")

    def comma_thousands(self, text: str) -> str | None:
        """What a number whose commas may group thousands ('1,234', '1,234,567') says in a
        tab-separated file that writes its decimals with a point, and what to write (the
        rest of a message that begins with the cell), as decimal_comma says it in a file
        separated by commas; None for another cell or file. '1,234' is 1234 where the file
        shows a decimal point, and else either 1234 or 1.234 (never a guess)."""
        value = text.strip()
        if self.separator != "\t" or self.decimal_comma() or not _COMMA_GROUPED.match(value):
            return None
        whole, point = value.replace(",", ""), value.replace(",", ".")
        line, example = self._example
        commas = "commas" if value.count(",") > 1 else "a comma"
        if "." in value:  # 1,234.5: the point is the decimal one, the comma groups
            return f"groups its thousands with {commas}: write {whole}"
        if line:
            return (f"groups its thousands with {commas}: this file writes its decimals with a "
                    f"point (line {line}: '{shown(example)}'), write {whole}")
        if value.count(",") > 1:
            return f"groups its thousands with commas: write {whole}"
        return (f"may be {whole} or {point}: write {whole} if the comma groups thousands, or "
                f"{point} if it is a decimal comma")

    def point_reading(self, text: str, columns: tuple[str, ...] = ()) -> Reading:
        """How to read the point of a cell such as '7.250', which may group thousands
        (7250) or be a decimal point (7.25), in a file that writes its decimals with a
        comma: as the file's other numbers have it (those of `columns`, if given). A comma
        decimal ('-7,25') says the point groups (as in the locales that write them), unless
        the file writes decimals with a point too ('-9.31', in a file separated by ';'):
        'unsure', and the caller decides. Without a comma decimal, or any other cell:
        'decimal'."""
        if not (self.decimal_comma() and _POINT_GROUP.match(text.strip())):
            return "decimal"
        commas, points = self.marks(columns)
        if commas is None:
            return "decimal"
        if points is None or self.separator == "\t":  # there a point decimal is an error
            return "thousands"
        return "unsure"

    def marks(self, columns: tuple[str, ...] = ()) -> tuple[Seen, Seen]:
        """The first cell (of `columns`, if given) that writes a decimal with a comma
        ('-7,25', '2.200,5'), and the first that writes one with a point ('-9.31', not
        '7.250'): (line, cell) each, or None."""
        if columns not in self._marks:
            cells = [(row.line, cell) for row in self.rows for name, cell in row.cells.items()
                     if name in columns or not columns]
            commas = (seen for seen in cells if _COMMA_DECIMAL.match(seen[1])
                      or (_GROUPED.match(seen[1]) and "," in seen[1]))
            points = (seen for seen in cells if _POINT_DECIMAL.match(seen[1])
                      and not _POINT_GROUP.match(seen[1]))
            self._marks[columns] = next(commas, None), next(points, None)
        return self._marks[columns]


Seen = tuple[int, str] | None  # a cell that shows how the file writes its numbers: (line, cell)
Reading = Literal["thousands", "decimal", "unsure"]


_COMMA_DECIMAL = re.compile(r"^[-\u2212]?\d+,\d+$")
_POINT_DECIMAL = re.compile(r"^[-\u2212]?\d+\.\d+$")
_GROUP_OR_DECIMAL = re.compile(r"^[-\u2212]?\d{1,3}[.,]\d{3}$")  # 1,234: which, the file says
_POINT_GROUP = re.compile(r"^[+\u2212-]?[1-9]\d{0,2}\.\d{3}$")  # 7.250: 7250, or 7.25 (not 0.250)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-16 (with a BOM, or without one as its
    NULs show; a damaged one as far as it reads, and refused: _cut_short), else UTF-8
    (BOM or not), else Windows-1252, else Latin-1."""
    utf16 = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else _utf16(data)
    if utf16 is not None:
        return data.decode(utf16, "replace"), utf16
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _utf16(data: bytes) -> str | None:
    """The byte order of UTF-16 text without a BOM (as some programs save "Unicode text"),
    or None: text in Latin letters has a NUL in every other byte, and in no other. Only
    when the file begins so, with no control character but line ends and tabs."""
    head = data[:4096]
    pairs = len(head) // 2
    if not pairs:
        return None
    for encoding, high, low in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        if head[high::2].count(0) > pairs // 2 and head[low::2].count(0) <= pairs // 100:
            if _CONTROL.search(head[:2 * pairs].decode(encoding, "replace")):
                return None  # binary data, its NULs in every other byte as they may be
            return encoding
    return None


def _cut_short(data: bytes, encoding: str) -> tuple[int, str] | None:
    """Why a UTF-16 file that does not read to its end is refused, at the line where it
    stops: cut short (an odd number of bytes, or half a character at the end, as an
    interrupted download or copy leaves it), or damaged. Refused, not read as far as it
    goes: the cut falls inside a row, whose last value may be cut to another number
    (-7.25 to -7.2, another place), and the rows after it are lost without a trace."""
    if not encoding.startswith("utf-16"):
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].decode(encoding, "replace").count("\n") + 1
        if exc.reason in ("truncated data", "unexpected end of data"):
            return line, ("the file ends halfway through a character: it looks cut short (by "
                          "a download or copy that did not finish); export or copy it again "
                          "(nothing was imported)")
        return line, ("the file cannot be read as UTF-16 (as its first bytes say it is) from "
                      "this line on: it looks damaged; export it again (nothing was imported)")
    return None


def _unreadable(data: bytes, text: str, encoding: str) -> tuple[int, str] | None:
    """Why a file must not be imported, at the line that shows it: it is no text; it is
    UTF-16 cut short or damaged; or, read as Windows-1252, its names would be published
    garbled (a new site's file named so)."""
    problem = not_text(data, encoding)
    if problem is not None:
        return 1, problem
    cut = _cut_short(data, encoding)
    if cut is not None:
        return cut
    if encoding in ("cp1252", "latin-1"):
        return _mixed_encodings(data) or _garbled(text)
    return None


def _mixed_encodings(data: bytes) -> tuple[int, str] | None:
    """A file in UTF-8 but for some lines (pasted from another file): read whole as
    Windows-1252, its UTF-8 accents would come out as 'Ã­'. The first such line, and why."""
    good = bad = 0
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad = bad or number
            continue
        good = good or (number if not line.isascii() else 0)
    if good and bad:
        return bad, (f"line {bad} is not in UTF-8, as the rest of the file is (line {good}): "
                     "it was probably pasted from a file in another encoding; save the whole "
                     "file as 'CSV UTF-8' and import it again (nothing was imported)")
    return None


# ł ą ľ Ą Ł ... of Windows-1250 read as Windows-1252: a symbol between two letters ("km²" is
# no sign: a symbol after a word may be meant)
_GARBLED = re.compile(r"[^\W\d_][¹²³¼½¾¥£¤¦][^\W\d_]")


def _garbled(text: str) -> tuple[int, str] | None:
    """A word with a symbol inside it, as letters of another alphabet come out when a file
    in another encoding (Central European Windows-1250, say) is read as Windows-1252."""
    for number, line in enumerate(text.split("\n"), 1):
        found = _GARBLED.search(line)
        if found:
            word = re.search(r'[^\s,;"]*' + re.escape(found.group()) + r'[^\s,;"]*', line)
            return number, (f"'{shown(word.group() if word else found.group())}' looks garbled: "
                            "the file was read as Windows-1252 (Western European), but seems to "
                            "be in another encoding; save it as 'CSV UTF-8' and import it again "
                            "(nothing was imported)")
    return None


def not_text(data: bytes, encoding: str = "") -> str | None:
    """Why the file is not a CSV export at all (a workbook, a binary file), or None: one
    answer, instead of an error for each row of bytes read as text."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("this is a spreadsheet workbook, not a CSV file: save it as CSV "
                "(in Excel: File, Save As, 'CSV UTF-8')")
    nuls = head.count(b"\x00")  # a stray NUL or two: only their rows are skipped
    if nuls > max(2, len(head) // 100) and not encoding.startswith("utf-16") and \
            not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "this is not a CSV file (it holds binary data): export the table as CSV"
    return None


_SEP_HINT = re.compile(r"sep=([,;\t|])", re.IGNORECASE)  # Excel's first line naming the separator


def sniff_separator(text: str) -> str:
    """The separator Excel's `sep=;` first line names, else the one the header line (the
    first that is not blank, and that has one: a title may be above) uses most: ',' ';'
    a tab or '|' (csv.Sniffer guesses badly)."""
    lines = (line for line in io.StringIO(text) if line.strip())  # lazily
    header = next(lines, "")
    hint = _SEP_HINT.fullmatch(header.strip())
    if hint:
        return hint.group(1)
    for line in itertools.islice(itertools.chain([header], lines), HEADER_SEARCH):
        counts = {sep: line.count(sep) for sep in SEPARATORS}
        best = max(counts, key=lambda sep: counts[sep])
        if counts[best]:
            return best
    return ","


SEPARATORS = (",", ";", "\t", "|")

Binder = Callable[[str], str | None]


MAX_CELL = 131_072  # characters in one cell: the csv module's own limit, kept per row


def read_table(data: bytes, problems: Problems, binder: Callable[[list[str]], Binder],
               fits: Callable[[list[str]], bool] | None = None) -> Table | None:
    """Parse CSV bytes; `binder(header)` maps a normalised column name to the importer's name.

    Unknown columns are reported once each; None when the file has no header at all. A row
    that cannot be read (a cell longer than MAX_CELL, more values than columns) is
    reported and kept as a bad row: the rows after it are still read. Rows above the
    first that `fits` (has the columns the importer needs: a title, notes) are read past.
    """
    text, encoding = decode(data)
    unreadable = _unreadable(data, text, encoding)
    if unreadable is not None:
        problems.error(*unreadable)
        return None
    separator = sniff_separator(text)
    lines = io.StringIO(text, newline="").readlines()  # split as the reader splits them
    header: list[str] | None = None
    header_line = 1
    columns: dict[str, str] = {}
    positions: list[str | None] = []
    refused: list[str] = []
    rows: list[Row] = []
    # The csv module's limit would stop the whole file at one long cell: the limit is this
    # file's length while it is read, and a long cell costs only its own row (see _too_long).
    limit = csv.field_size_limit(max(len(text) + 1, MAX_CELL))
    try:
        first, separator = _header_below(lines, separator, fits, problems)
        reader = csv.reader(lines, delimiter=separator)
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if header is None:
                    problems.error(line, f"cannot read the file as CSV: {exc}")
                    return None
                problems.error(line, f"the row cannot be read as CSV: {exc}")
                rows.append(Row(line, {}, bad=True))
                continue
            while cells and not cells[-1].strip():  # trailing empty columns, as spreadsheets write
                cells.pop()
            if not cells or line < first:  # a blank line, or one above the header
                continue
            if header is None:
                if not _sep_line(cells, separator):  # `sep=;`: read by sniff_separator
                    header, header_line = [c.strip() for c in cells], line
                    positions = _bind_header(header, line, problems, binder(header), columns,
                                             refused)
                continue
            problem, cell = _row_problem(cells, header, separator, line, lines, reader.line_num,
                                         positions)
            if problem is not None:
                starts = scan_row(lines, line, separator)[0] if cell is not None else []
                at, col = starts[cell] if cell is not None and cell < len(starts) else (line, 0)
                problems.error(at, problem, col)
                rows.append(Row(line, {}, bad=True))
                continue
            named = {name: _EDGES.sub("", cell) for name, cell in zip(positions, cells, strict=False)
                     if name is not None}
            values = {name: _value(cell, name) for name, cell in named.items()}
            rows.append(Row(line, values, missing={name: cell for name, cell in named.items()
                                                   if cell and not values[name]}))
    finally:
        csv.field_size_limit(limit)
    if header is None:
        problems.error(1, "the file is empty: expected a header line and one row per site")
        return None
    index = {name: i for i, name in enumerate(positions) if name is not None}
    return Table(header, columns, rows, separator, encoding, header_line, lines, index,
                 tuple(refused))


HEADER_SEARCH = 20  # rows looked at for a header below a title


def _header_below(lines: list[str], separator: str, fits: Callable[[list[str]], bool] | None,
                  problems: Problems) -> tuple[int, str]:
    """The line of the header when rows above it are not one (a title, notes, as people
    put above a table), said in a warning: the first of the file's first rows that `fits`;
    0 when the first row does, or none does (then the first row is the header, and said
    to lack columns). And the separator: the header's, which a title above it need not
    share (`AZE sites, 2024` above a header separated by ';'); the one `sniff_separator`
    found when another gives no header sooner, or when Excel's `sep=` line names it."""
    if fits is None:
        return 0, separator
    found = [(at, separator)] if (at := _first_fitting(lines, separator, fits)) else []
    head = next((line.strip() for line in lines if line.strip()), "")
    if not (found and found[0][0][1] == 0) and not _SEP_HINT.fullmatch(head):
        found += [(at, sep) for sep in SEPARATORS if sep != separator
                  if (at := _first_fitting(lines, sep, fits)) is not None]
    if not found:
        return 0, separator
    (line, seen), separator = min(found, key=lambda item: item[0][0])  # the sniffed one first
    if seen:
        problems.warning(1, f"the header is on line {line}: the lines above it (a title, "
                         "notes) are not read")
        return line, separator
    return 0, separator


def _first_fitting(lines: list[str], separator: str,
                   fits: Callable[[list[str]], bool]) -> tuple[int, int] | None:
    """The line of the first of the file's first rows that `fits` when read with
    `separator`, and how many rows that are not blank are above it; None when none does."""
    reader = csv.reader(lines, delimiter=separator)
    seen = 0  # rows that are not blank
    while seen < HEADER_SEARCH:
        line = reader.line_num + 1
        try:
            cells = [cell.strip() for cell in next(reader)]
        except (StopIteration, csv.Error):
            return None
        while cells and not cells[-1]:
            cells.pop()
        if not cells or _sep_line(cells, separator):
            continue
        if fits(cells):
            return line, seen
        seen += 1
    return None


# What spreadsheets and R write for a value that is missing (Excel's lookup error #N/A,
# R's NA) or that a formula could not compute: no value, never a name.
MISSING = frozenset({"#n/a", "n/a", "na", "#na", "#null!", "#ref!", "#value!", "#div/0!",
                     "#name?", "#num!", "#spill!", "#calc!"})


# Whitespace and the invisible characters text copied from web pages or right-to-left
# documents brings at a cell's ends (zero-width space, direction marks, BOM, soft hyphen):
# there they mean nothing, and kept they made '-7.25' no number and 'BRA' no code.
_EDGES = re.compile(r"^[\s\u200b\u200e\u200f\u2060\ufeff\u00ad]+|[\s\u200b\u200e\u200f\u2060\ufeff\u00ad]+$")


def _value(cell: str, name: str) -> str:
    """A cell's value; "" for a missing one, but for a spreadsheet's error value in the
    Sensitive column: read as empty, it would say 'not sensitive' where a formula failed
    to say (a lookup that found nothing), and publish the location exactly."""
    text = _EDGES.sub("", cell)
    if text.lower() in MISSING and not (name == "Sensitive" and text.startswith("#")):
        return ""
    return text


def scan_row(lines: list[str], first: int, separator: str) -> tuple[list[tuple[int, int]], bool]:
    """Where each cell of the row that starts on line `first` starts, as (line, column)
    from 1, and whether the row ends (False: a quote is still open at the end of the
    file). The csv module's rules: a quote opens a cell as its first character only, and
    "" inside it is a quote. Called only for the rows a message is about."""
    starts, quoted, fresh = [(first, 1)], False, True
    for number, text in enumerate(lines[first - 1:], start=first):
        i = 0
        while i < len(text):
            char = text[i]
            if fresh and char == '"':
                quoted = True
            elif quoted and char == '"':
                if text[i + 1:i + 2] == '"':
                    i += 1
                else:
                    quoted = False
            elif not quoted and char == separator:
                starts.append((number, i + 2))
                fresh = True
                i += 1
                continue
            elif not quoted and char in "\r\n":
                return starts, True
            fresh = False
            i += 1
    return starts, not quoted


def _unclosed(lines: list[str], first: int, separator: str) -> str | None:
    """A quote opened in the file's last row and never closed (the reader takes the rest
    of the file as that cell, so nothing else shows it)."""
    if scan_row(lines, first, separator)[1]:
        return None
    return f"a quote opened on line {first} is not closed: close the quote; this row is skipped"


def _sep_line(cells: list[str], separator: str) -> bool:
    return len(cells) == 1 and cells[0].strip().lower() in ("sep=", f"sep={separator}")


def _row_problem(cells: list[str], header: list[str], separator: str, first: int,
                 lines: list[str], last: int,
                 positions: list[str | None]) -> tuple[str | None, int | None]:
    """Why the row on lines `first` to `last` is skipped (a quote left open, a cell too
    long, a control character, a formula, too many values), and the cell at fault where
    it is one."""
    problem = _open_quote(cells, header, separator, first, last)
    if problem is not None:
        return problem, None
    in_cell = _too_long(cells, header, first, last) or _control(cells, header) or \
        _formula(cells, header, positions)
    if in_cell is not None:
        return in_cell
    if last >= len(lines):  # the file's last row
        problem = _unclosed(lines, first, separator)
    if problem is None and len(cells) > len(header):
        problem = f"the row has {len(cells)} values but the header has {len(header)} columns"
    return problem, None


def _open_quote(cells: list[str], header: list[str], separator: str, first: int,
                last: int) -> str | None:
    """A cell holding whole rows: its quote was never closed, and the lines after it were
    read as its value (a cell with a line break of its own holds no row's separators)."""
    if len(header) < 3:
        return None
    for cell in cells:
        if any(line.count(separator) >= len(header) - 1 for line in cell.split("\n")[1:]):
            return (f"a quote opened on line {first} is not closed, so lines {first} to {last} "
                    "were read as one value: close the quote; these rows are skipped")
    return None


def _too_long(cells: list[str], header: list[str], first: int, last: int) -> tuple[str, int] | None:
    """Why a row with a cell longer than MAX_CELL is skipped, and which cell; None when
    every cell fits."""
    for i, cell in enumerate(cells):
        if len(cell) <= MAX_CELL:
            continue
        name = f"'{header[i]}'" if i < len(header) and header[i] else str(i + 1)
        why = f"column {name} holds {len(cell):,} characters, more than the {MAX_CELL:,} a cell may hold"
        if "\n" in cell or "\r" in cell:
            why += f" (the value runs from line {first} to line {last}: is a quote (\") left open?)"
        return why, i
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0, DEL and C1


def _control(cells: list[str], header: list[str]) -> tuple[str, int] | None:
    """Why a row holding a NUL or another control character is skipped, and which cell
    (nothing an import writes may carry one into content: the build would refuse it)."""
    for i, cell in enumerate(cells):
        found = _CONTROL.search(cell)
        if found is not None:
            name = f"'{header[i]}'" if i < len(header) and header[i] else str(i + 1)
            what = "a NUL byte (\\0)" if found.group() == "\x00" else \
                f"a control character (U+{ord(found.group()):04X})"
            return (f"column {name} holds {what}: the file is damaged or was exported from "
                    "another program's binary format; this row is skipped", i)
    return None


def _formula(cells: list[str], header: list[str],
             positions: list[str | None]) -> tuple[str, int] | None:
    """Why a row with a formula in a column the import reads is skipped, and which cell:
    exported as written, it is not the value (and read as a list of codes, it would be
    an error for each of its parts)."""
    for i, (name, cell) in enumerate(zip(positions, cells, strict=False)):
        if name is not None and name not in WDKBA_IGNORED and cell.strip().startswith("="):
            return f"column '{shown(header[i])}' holds a formula, not its value: {FORMULA}", i
    return None


def _bind_header(header: list[str], line: int, problems: Problems, bind: Binder,
                 columns: dict[str, str], refused: list[str]) -> list[str | None]:
    """Each column's bound name (None: not read). A column that seems to mark sensitive
    locations and is not read (under another name, in a table that cannot say which
    species it marks, or a second such column) is refused (`refused`): the import must
    not go on, since a mark left out would publish a location that must be rounded."""
    positions: list[str | None] = []
    marks = next((h for h in header if h and bind(norm(h)) == "Sensitive"), None)
    for i, raw in enumerate(header, start=1):
        name = bind(norm(raw)) if raw else None
        if not raw:
            problems.warning(line, f"column {i} has no name; ignored")
        elif name is None and marks_sensitivity(raw):
            problems.error(line, _unread_mark(raw, bind, marks), i)
            refused.append(raw)
        elif name is None:
            problems.warning(line, f"unknown column '{shown(raw)}' ignored")
        elif name in columns and name == "Sensitive":
            problems.error(line, f"column '{shown(raw)}' says which species' locations are "
                           f"sensitive, as column '{shown(columns[name])}' does: keep one, "
                           f"with every mark in it. {_UNTIL}", i)
            refused.append(raw)
            name = None
        elif name in columns:
            problems.warning(line, f"column '{shown(raw)}' appears again (as column {i}); ignored")
            name = None
        else:
            columns[name] = raw
        positions.append(name)
    return positions


_UNTIL = ("Nothing is imported until then, so that no location that must be rounded is "
          "published exactly")


def _unread_mark(raw: str, bind: Binder, marks: str | None) -> str:
    """Why a column that seems to mark sensitive locations is not read, and what to do
    (`marks`: the table's Sensitive column, if it has one)."""
    said = f"column '{shown(raw)}' seems to say which species' locations are sensitive, but "
    if marks is not None:
        return said + (f"column '{shown(marks)}' already says so: keep one, with every mark "
                       f"in it. {_UNTIL}")
    if bind(norm("Sensitive")):
        return said + f"it is not a column the import reads: name it 'Sensitive'. {_UNTIL}"
    if bind(norm(WIDE_BASE)):
        return said + ("a table with one row per site (AZE.trigger.species columns) cannot "
                       "say which of its species: give each species a row of its own, with "
                       "Species, Status and Sensitive columns, or mark the species "
                       f"'sensitive: true' in their site files and leave the column out. {_UNTIL}")
    return (f"column '{shown(raw)}' seems to say which sites' locations are sensitive, but a "
            "WDKBA export names no species to mark: leave the column out, and mark "
            "the sites' species with 'aze-site import aze-species' (a Sensitive column) or "
            f"'sensitive: true' in their site files. {_UNTIL}")


_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.234 or 2.200,5
_COMMA_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 1,234, 1,234,567, 1,234.5
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")  # 1 234,5


def parse_number(text: str, decimal_comma: bool, points_group: bool = False) -> float | None:
    """A finite number, or None; '12,5' reads as 12.5 in files separated by ';'. There a
    thousands separator is read as one: '2.200,5', '1.234.567' and '1 234,5'; and '1.234'
    (a thousand and more, or one and a bit) where the file's other numbers say the point
    groups (`points_group`: Table.point_reading)."""
    value = text.strip().replace("\u2212", "-")
    if decimal_comma:
        value = _GROUP_SPACE.sub("", value)
        if _GROUPED.match(value) and ("," in value or points_group or value.count(".") > 1):
            value = value.replace(".", "")
    if decimal_comma and value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _NUMBER.match(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def yaml_float(value: float) -> str:
    """A float as YAML 1.1 reads it back: shortest digits, always a '.', never an exponent."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text
