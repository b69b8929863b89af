"""Diagnostics: one line per problem, in the `path:line:col: level: message` form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

Level = Literal["error", "warning"]
# What would break a diagnostic's line or drive the terminal (a line break or an escape
# sequence from content): written out instead, as `\n`
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# ... and what a line shows nothing of, or turns round (a right-to-left override in a key
# would reverse the rest of the terminal's line): written out too
# (not the joiners U+200C and U+200D, which Persian and the scripts of India write in words)
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028-\u202e"
                     r"\u2060-\u2064\u2066-\u2069\ufeff]")

# How a check of the site names an output file made twice: the engine's own check of its
# outputs then says nothing more
CLASH = "which is also published from"


# A byte of a file name that is not UTF-8, as Python lists it (surrogateescape)
UNDECODED = re.compile(r"[\udc80-\udcff]")


def one_line(text: str) -> str:
    text = UNDECODED.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)
    return _UNSEEN.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    level: Level
    message: str
    # About a draft (what it lacks before it can be published): a warning even with
    # --strict, which fails a deploy for what it would publish, and a draft publishes nothing
    draft: bool = False

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return one_line(f"{where}: {self.level}: {self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "level": self.level,
            "message": self.message,
        }


@dataclass
class Report:
    """Collects every diagnostic of a run, so one run reports all problems."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, col, "error", message))

    def warning(self, path: str, line: int, col: int, message: str, draft: bool = False) -> None:
        self.items.append(Diagnostic(path, line, col, "warning", message, draft))

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))

    def strict(self) -> Report:
        """The report of a `--strict` run: its warnings are errors, but those about drafts."""
        return Report([d if d.draft else replace(d, level="error") for d in self.items])


def one_per_line(items: list[Diagnostic]) -> list[Diagnostic]:
    """A template line that fails on many pages with their own values in the message
    (`'dict object' has no attribute 'About the Alliance'`, or a template named by a value,
    `{% include page.title %}`) as one line, which says how many more: the mistake is the
    line's, whatever the page. Two places of a line (columns) are two mistakes
    (`|uper|lowr`)."""
    groups: dict[tuple[str, int, int], list[Diagnostic]] = {}
    kept: list[Diagnostic] = []
    for item in sorted(set(items)):
        if item.path.startswith("templates/") and item.line and item.level == "error" and \
                item.message.startswith(("template error: ", "template '")):
            groups.setdefault((item.path, item.line, item.col), []).append(item)
        else:
            kept.append(item)
    for same in groups.values():
        first = same[0]
        more = f" (and {len(same) - 1} more like it, on other pages)" if len(same) > 1 else ""
        kept.append(replace(first, message=first.message + more))
    return sorted(kept)


class BuildFailed(Exception):
    """Raised when a build stops because of diagnostics; nothing is published."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report


class UsageError(Exception):
    """A wrong command line or project layout: exit status 2."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled): handled as Ctrl-C, but the exit status says which."""


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C once the new site was already in place (while the build tidied its cache)."""


class WorkerLost(Exception):
    """A worker process ended without handing back its work (the system stopped it for
    lack of memory, say)."""

    def __str__(self) -> str:
        return ("a worker process of the build ended without finishing its work (the system "
                "may have stopped it for lack of memory): try again, or with --jobs 1")
