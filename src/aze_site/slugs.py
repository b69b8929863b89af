"""Pure decisions about names and places: slugs, URLs, published coordinates."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from pathlib import PurePosixPath

_SLUG_OK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                          "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th",
                          "ð": "d", "'": "", "\u2019": ""})


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by '-': 'São Tomé' gives 'sao-tome'; words of
    other scripts are transliterated (anyascii): 'Кроноцкий заповедник' gives
    'kronotskiy-zapovednik', '梵净山' 'fanjingshan'. Symbols and marks are dropped."""
    text = text.translate(_SPECIAL)
    if text.isascii():
        return _joined(text)
    pieces: list[str] = []
    run: list[str] = []  # letters of another script (with their marks), transliterated together
    for char in unicodedata.normalize("NFC", text):
        plain = _plain(char)
        if _other_script(char, plain, bool(run)):
            run.append(char)
        else:  # ASCII, a symbol, a Latin letter with accents
            pieces.append(_transliterated(run) + plain)
            run = []
    return _joined("".join(pieces) + _transliterated(run))


def _other_script(char: str, plain: str, in_run: bool) -> bool:
    """A letter or digit of another script than Latin (one with no ASCII in its
    decomposition), or a mark on one: transliterated with its neighbours."""
    if char.isascii():
        return False
    category = unicodedata.category(char)
    if category[0] == "M":
        return in_run
    return category in _TRANSLITERATED and not plain


# Letters and digits; not modifier letters (the okina of Hawaiian names, dropped as before).
_TRANSLITERATED = frozenset({"Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"})


def _plain(char: str) -> str:
    """What is ASCII of a character's compatibility decomposition: é -> e, ﬁ -> fi, ° -> ''."""
    return "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())


def _transliterated(run: list[str]) -> str:
    if not run:
        return ""
    from anyascii import anyascii

    return str(anyascii("".join(run)))


def _joined(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


FILE_SLUG = 80  # characters: a file name (and an address) stays well under the 255 of a file system


def file_slug(text: str) -> str:
    """The slug of a new content file's name: `slugify`, cut after a whole word."""
    slug = slugify(text)
    if len(slug) <= FILE_SLUG:
        return slug
    return slug[:FILE_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:FILE_SLUG + 1] else \
        slug[:FILE_SLUG]


def is_slug(text: str) -> bool:
    return bool(_SLUG_OK.match(text))


def page_url(rel: PurePosixPath) -> str:
    """URL of a file under content/pages/: about.md -> /about/, index.md -> /."""
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts.pop()
    return "/" + "".join(p + "/" for p in parts)


def output_file(url: str) -> str:
    """Relative output path for a URL: /a/b/ -> a/b/index.html, /404.html -> 404.html."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path


def coarsen(value: float) -> float:
    """Round to a whole degree, halves away from zero (deterministic, sign-safe)."""
    return float(math.copysign(math.floor(abs(value) + 0.5), value)) + 0.0


@functools.lru_cache(maxsize=65536)  # asked for every species on every rebuild
def species_slug(scientific_name: str) -> str:
    return slugify(scientific_name)
