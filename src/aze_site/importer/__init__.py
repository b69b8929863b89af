"""`aze-site import`: turn a data set into content/sites/*.md, never losing an editor's text.

    aze-site import wdkba FILE.csv [--aze-only] [--dry-run] [--root DIR]
    aze-site import aze-species FILE.csv [--dry-run] [--root DIR]

Rows with problems are reported as `FILE.csv:LINE:COL: error: ...` (at the cell at
fault) and skipped; the others are merged into the site files key by key (see sites.py);
every file is written whole through a temporary file and a rename. A skipped row makes
the exit status 1, once the good rows are imported and the summary printed.

The columns each importer reads are listed in columns.py, which the command line reads
for --help: the heavier modules are imported only when an import runs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aze_site.errors import Diagnostic, UsageError

if TYPE_CHECKING:
    from aze_site.importer.session import Session
    from aze_site.importer.table import Problems

DATASETS = ("wdkba", "aze-species")
_WHAT = {"wdkba": "a World Database of KBAs export", "aze-species": "an AZE trigger-species table"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    left_out: int = 0  # rows --aze-only left out
    failed: bool = False  # the file could not be read, every row failed or a write failed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)  # unified diffs, with --dry-run

    def summary(self, aze_only: bool = False) -> str:
        line = (f"import: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.skipped} skipped")
        return line + (f", {self.left_out} not AZE (left out by --aze-only)" if aze_only else "")


def import_dataset(dataset: str, csv_path: str, root: Path, *, aze_only: bool = False,
                   dry_run: bool = False) -> ImportResult:
    """Import one CSV file into the project at `root`; `csv_path` as the user typed it."""
    from aze_site.importer import species, wdkba
    from aze_site.importer.columns import norm
    from aze_site.importer.session import Session
    from aze_site.importer.sites import SiteIndex
    from aze_site.importer.table import Problems, read_table

    if dataset not in DATASETS:
        raise UsageError(f"unknown data set {dataset!r} (expected {' or '.join(DATASETS)})")
    content = root / "content"
    if not content.is_dir():
        raise UsageError(f"{content} not found (is --root right?)")
    source = Path(csv_path)
    if not source.is_file():
        raise UsageError(f"{csv_path}: {_not_a_table(source)}")
    problems = Problems(csv_path)
    result = ImportResult(diagnostics=problems.items)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{csv_path}: cannot read: {exc.strerror}") from None

    binder = wdkba.binder if dataset == "wdkba" else species.binder

    def missing_in(columns: dict[str, str]) -> list[str]:
        return (wdkba.missing_columns(columns, aze_only) if dataset == "wdkba"
                else species.missing_columns(columns))

    def fits(header: list[str]) -> bool:
        bind = binder(header)
        return not missing_in({name: raw for raw in header if raw
                               if (name := bind(norm(raw))) is not None})

    table = read_table(data, problems, binder, fits)
    if table is None or table.refused:
        result.failed = True
        return _ordered(result, problems)
    missing = missing_in(table.columns)
    if missing:
        # the rows cannot be read without those columns: one error, not one for each row
        problems.items[:] = [d for d in problems.items if d.line <= table.header_line]
        names = ", ".join(f"'{name}'" for name in missing)
        problems.error(table.header_line, f"no column {names}: is this {_WHAT[dataset]}? "
                       f"(columns: {', '.join(table.header)})")
        result.failed = True
        return _ordered(result, problems)

    session = Session(table, SiteIndex(root), problems)
    if dataset == "wdkba":
        wdkba.import_rows(session, aze_only)
    else:
        species.import_rows(session)
    result.skipped, result.left_out = session.skipped, session.left_out
    if not table.rows:
        problems.warning(table.header_line, "the file has a header but no rows")
    _finish(session, result, dry_run)
    done = result.created + result.updated + result.unchanged
    result.failed = result.failed or (result.skipped > 0 and done == 0)  # every row failed
    return _ordered(result, problems)


def _ordered(result: ImportResult, problems: Problems) -> ImportResult:
    result.diagnostics = problems.ordered()
    return result


def _finish(session: Session, result: ImportResult, dry_run: bool) -> None:
    """Render every touched file; write (or, dry, diff) those whose text changed."""
    from aze_site.importer.frontmatter import FileProblem
    from aze_site.importer.sites import new_file_mode, write_atomic

    mode = new_file_mode()
    if not dry_run and any(site.is_new for site in session.touched.values()):
        session.index.folder.mkdir(parents=True, exist_ok=True)
    for slug in sorted(session.touched):
        site = session.touched[slug]
        try:
            text = site.render()
        except FileProblem as exc:
            session.problems.error(site.rows[0], str(exc))
            result.skipped += len(site.rows)
            continue
        if text == site.original:
            result.unchanged += 1
            continue
        if dry_run:
            result.diffs.append(_diff(site.rel, site.original, text))
        else:
            try:
                write_atomic(site.path, text, mode)
            except OSError as exc:
                session.problems.items.append(Diagnostic(
                    site.rel, 0, 0, "error", f"cannot write: {exc.strerror or exc}; "
                    "the file is as it was"))
                result.failed = True
                continue
        if site.is_new:
            result.created += 1
        else:
            result.updated += 1


def _diff(rel: str, old: str | None, new: str) -> str:
    before = (old or "").splitlines(keepends=True)
    after = new.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, "/dev/null" if old is None else f"a/{rel}",
                                 f"b/{rel}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def run(args: argparse.Namespace) -> int:
    """The `aze-site import` command: diagnostics on stderr, diffs and the summary on stdout."""
    aze_only = bool(getattr(args, "aze_only", False))
    result = import_dataset(args.dataset, args.file, Path(getattr(args, "root", Path("."))),
                            aze_only=aze_only, dry_run=args.dry_run)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    for diff in result.diffs:
        sys.stdout.write(diff)
    print(result.summary(aze_only))
    return 1 if result.failed or result.skipped else 0


def _not_a_table(source: Path) -> str:
    """Why `source` (no regular file) is not read: a folder, or a pipe or device read as
    it flows (an import reads its file whole, and a pipe may never end), or nothing."""
    if source.is_dir():
        return "this is a folder: give the path of the table's file"
    if source.exists():
        return "not a regular file (a pipe or a device): save the table as a file and give its path"
    return "no such file"
