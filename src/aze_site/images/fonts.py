"""The fonts social cards are set in, and which of them this machine has.

A card depends on what is installed: a font added (Debian's fonts-noto-cjk) gives a
Chinese title where there was none, and Pillow without libraqm leaves Arabic out. So
`installed()` is part of the store's version (build/options.py): cards drawn with other
fonts are not reused. Kept apart from cards.py, which imports Pillow, so that a build
with nothing to do can ask cheaply.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto",  # Debian
             "/usr/share/fonts/noto", "/usr/share/fonts/noto-cjk",
             "/usr/share/fonts/google-noto", "/usr/share/fonts/google-noto-cjk")
# Each text's fonts, in order of preference: the first installed one that has every
# character of the text is used (cards.font_for).
NOTO_BOLD = ("NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf",
             "NotoSansDevanagari-Bold.ttf", "NotoSansCJK-Bold.ttc")
TITLE_FONTS = ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf", *NOTO_BOLD)
LABEL_FONTS = ("DejaVuSans-Bold.ttf", *NOTO_BOLD)
CREDIT_FONTS = ("DejaVuSans.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf",
                "NotoSansDevanagari-Regular.ttf", "NotoSansCJK-Regular.ttc")


@lru_cache(maxsize=32)
def font_path(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def raqm() -> bool:
    """Whether Pillow can shape text and lay it out right to left: its libraqm needs the
    system's libfribidi, loaded when Pillow's font module is (some 10 ms)."""
    from PIL import features

    return bool(features.check("raqm"))


# The library Pillow's wheels load at run time for libraqm's right-to-left layout, under
# the names Pillow asks for (Linux, macOS, Windows).
FRIBIDI = ("libfribidi.so.0", "libfribidi.0.dylib", "libfribidi.dylib", "fribidi-0.dll")


def fribidi() -> bool:
    """Whether the system has FriBiDi, which Pillow needs to shape right-to-left text:
    asked of the system's loader (some 2 ms; raqm() imports Pillow's font module, 15 ms,
    which a build with nothing to do would pay for nothing)."""
    import ctypes

    for name in FRIBIDI:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


def installed() -> tuple[object, ...]:
    """Each card font this machine has, with its size (a font upgraded draws other
    letters), and whether right-to-left text can be shaped (with Pillow's version, which
    the store's version holds too, this says whether it is)."""
    found: list[object] = []
    for name in sorted({*TITLE_FONTS, *LABEL_FONTS, *CREDIT_FONTS}):
        path = font_path(name)
        if path is not None:
            found.append((str(path), os.stat(path).st_size))
    return (*found, fribidi())
