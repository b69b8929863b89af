"""Gettext catalogues (.po, and their template messages.pot) read as Babel reads them, but
as editors' tools save them: with or without a byte order mark, and without Babel's own
`WARNING:` lines printed among aze-site's output."""

from __future__ import annotations

from io import BytesIO
from typing import Any

# What Babel cannot read, as the parser below notes it: (line, Babel's words, whether the
# message at fault is a plural one)
Invalid = list[tuple[int, str, bool]]
NO_MSGID = "msgstr without msgid"  # a translation of no message, which Babel gives the next
BAD_INDEX = "msgstr index is no number"  # msgstr[x], which Babel fails on with int()'s words


def read_catalogue(data: bytes, *, abort_invalid: bool, invalid: Invalid | None = None) -> Any:
    """Babel's catalogue of a .po or .pot file. A byte order mark (Windows' Notepad writes
    one) is left out: Babel took it for part of the first line. A line Babel cannot read,
    where it goes on, is passed over without the `WARNING:` lines Babel would print among
    the build's own; noted in `invalid` if given (then all are, with their lines)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import PoFileParser

    class Parser(PoFileParser):
        def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
            if invalid is not None:  # Babel counts lines from 0
                invalid.append((lineno + 1, msg, len(self.messages) > 1))
            elif abort_invalid:
                super()._invalid_pofile(line, lineno, msg)

        def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
            keyword = line.partition(" ")[0]
            if keyword.startswith("msgstr") and not self.messages:
                self._invalid_pofile(line, lineno, NO_MSGID)
                return
            try:
                super()._process_keyword_line(lineno, line, obsolete)
            except ValueError:
                self._invalid_pofile(line, lineno, BAD_INDEX)

    class Kept(Catalog):
        """Babel merges a message written twice into the first, silently (a translation
        pasted again below is never shown): each repeat is kept, (line, msgid, first line)."""

        repeats: list[tuple[int, str, int]]

        def __setitem__(self, id: Any, message: Any) -> None:
            first = self.get(id, message.context) if message.id else None
            if first is not None:
                msgid = id[0] if isinstance(id, tuple | list) else id
                self.repeats.append((message.lineno or 0, str(msgid), first.lineno or 0))
            super().__setitem__(id, message)

    catalog = Kept(locale=None)
    catalog.repeats = []
    Parser(catalog, abort_invalid=abort_invalid).parse(BytesIO(data.removeprefix(b"\xef\xbb\xbf")))
    return catalog
