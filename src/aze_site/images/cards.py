"""Social cards: a 1200x630 JPEG per page, drawn with Pillow.

The title is set in DejaVu (Debian's fonts-dejavu-core, present on the machines this
runs on), wrapped and shrunk until it fits; the page's photo fills the right part with
its credit printed on it, so a shared link never shows a photo without its credit.

A text DejaVu cannot show (Chinese, Hindi) is set in the first installed font of a short
list that has all its characters (Noto, where Debian's fonts-noto-core or fonts-noto-cjk
is installed); a title no installed font can show is left out, never drawn as boxes (the
card keeps its site's name and photo; the page's og:title still carries the title).
Right-to-left text (Arabic, Hebrew) is shaped and right-aligned by libraqm, and left out
where Pillow has no libraqm.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from aze_site.images.fonts import (
    CREDIT_FONTS,
    LABEL_FONTS,
    TITLE_FONTS,
    font_path,
    raqm,
)
from aze_site.images.jpegpatch import Scan, aligned, encode, patched, scan
from aze_site.images.maths import crop_box
from aze_site.images.pixels import pillow_quiet, read_source, to_srgb
from aze_site.images.planner import CREDIT_LINE, SocialCard

WIDTH, HEIGHT = 1200, 630
PHOTO_LEFT = 660  # the photo fills x >= PHOTO_LEFT
FOREST, LEAF, CREAM = (11, 79, 60), (214, 234, 217), (244, 239, 226)
RAQM = raqm()  # shaping and bidi: without it, no right-to-left text
QUALITY = 80
BLOCKS = 25  # MCUs per restart interval: 400 px, so a title is 2 of a row's 3 intervals

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_MEASURE = ImageDraw.Draw(PILImage.new("RGB", (1, 1)))  # for textlength and textbbox only


@lru_cache(maxsize=128)
def font(name: str, size: int, index: int = 0) -> Font:
    path = font_path(name)
    if path is not None:
        return ImageFont.truetype(str(path), size, index=index)
    return ImageFont.load_default(size)  # Pillow's own font: readable, if plainer


# -- which font can show a text --------------------------------------------------------

_MISSING = "\U0010ffff"  # a noncharacter: no font has it, so it is drawn as the font's .notdef
_coverage: dict[tuple[str, int], dict[str, bool]] = {}


def _glyph(face: ImageFont.FreeTypeFont, char: str) -> tuple[object, ...]:
    mask = face.getmask(char)
    return mask.size, bytes(mask), face.getlength(char)


def covers(name: str, index: int, text: str) -> bool:
    """Whether the installed font `name` has a glyph for every character of `text`: a
    character it lacks is drawn as its .notdef glyph, the same as a noncharacter. Probed
    without shaping (the character's own glyph), once per font and character."""
    known = _coverage.get((name, index))
    if known is None:
        known = _coverage[(name, index)] = {}
    if all(known.get(char, False) for char in text):
        return True
    path = font_path(name)
    if path is None:
        return False
    probe = ImageFont.truetype(str(path), 24, index=index, layout_engine=ImageFont.Layout.BASIC)
    notdef = _glyph(probe, _MISSING)
    for char in set(text) - known.keys():
        # libraqm draws format characters (joiners, direction marks) as nothing
        known[char] = (RAQM and unicodedata.category(char) == "Cf") or \
            _glyph(probe, char) != notdef
    return all(known[char] for char in text)


_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _index(name: str, text: str) -> int:
    """The face of a collection: Noto CJK holds JP, KR, SC, TC and HK faces; by the text's
    script, Simplified Chinese where only ideographs say nothing more."""
    if not name.endswith(".ttc"):
        return 0
    return 0 if _KANA.search(text) else 1 if _HANGUL.search(text) else 2


def font_for(text: str, names: tuple[str, ...]) -> tuple[str, int] | None:
    """The first installed font of `names` (and its face in a collection) that has every
    character of `text`; None when none has, or when the text is right-to-left and Pillow
    has no libraqm. When none of them is installed, the first (`font` then gives Pillow's
    own)."""
    if text.isascii() and font_path(names[0]):  # DejaVu has every ASCII character
        return names[0], 0
    if not RAQM and direction(text):
        return None
    installed = [name for name in names if font_path(name)]
    if not installed:
        return names[0], 0
    for name in installed:
        index = _index(name, text)
        if covers(name, index, text):
            return name, index
    return None


# What joins an emoji of several characters: a joiner, a variation selector, a keycap, the
# tags of a flag (a skin tone is a symbol of its own): left out with the symbols they join
_EMOJI_PARTS = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]")


def shown(text: str, names: tuple[str, ...]) -> tuple[str, tuple[str, int] | None]:
    """The text as a card draws it, and its font (font_for): without the symbols that no
    installed font of `names` has (an emoji: 'Frog Pond 🐸' is drawn 'Frog Pond'), so that
    one emoji does not leave its whole text out (and a credit's photo with it); ('', None)
    when nothing else is left or no font has the rest."""
    chosen = font_for(text, names)
    if chosen is not None or text.isascii():
        return text, chosen
    rest = " ".join("".join(char for char in _EMOJI_PARTS.sub("", text)
                            if unicodedata.category(char)[0] != "S"
                            or font_for(char, names) is not None).split())
    chosen = font_for(rest, names) if rest else None
    return (rest, chosen) if chosen is not None else ("", None)


def direction(text: str) -> str | None:
    """'rtl' when the first letter with a direction is right-to-left (Arabic, Hebrew), else
    None: Pillow's `direction`, left to right by default."""
    if text.isascii():
        return None
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return None
    return None


def _start(line: str, face: Font, rtl: str | None, left: int, right: int) -> int:
    """Where a line is drawn from: at `left`, or ending at `right` when right to left."""
    return left if rtl is None else \
        right - math.ceil(_MEASURE.textlength(line, font=face, direction=rtl))


# -- line breaking -----------------------------------------------------------------------

# Chinese and Japanese have no spaces: a line may break between any two of their
# characters, but not before closing punctuation nor after opening punctuation.
_CJK = re.compile("[\u2e80-\u2fff\u3000-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
NO_BREAK_BEFORE = frozenset("、。，．：；？！）」』】〕〉》〗〙〛〞”’ゝゞー々〻ぁぃぅぇぉっゃゅょゎゕゖ"  # noqa: RUF001
                            "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥・～〜"  # noqa: RUF001
                            ",.:;!?)]}%")
NO_BREAK_AFTER = frozenset("（「『【〔〈《〖〘〚〝“‘([{")  # noqa: RUF001


def _pieces(word: str) -> list[str]:
    """A word (no spaces) in the pieces a line may break between."""
    pieces = [word[0]]
    for before, char in pairwise(word):
        if (_CJK.match(before) or _CJK.match(char)) and char not in NO_BREAK_BEFORE \
                and before not in NO_BREAK_AFTER:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int,
         direction: str | None = None) -> list[str]:
    """Greedy word wrap (Chinese and Japanese between characters); a single word longer
    than the line is cut with an ellipsis."""
    return _wrap(draw, text, face, width, direction)[0]


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int,
          direction: str | None) -> tuple[list[str], bool]:
    """The lines, and whether a word was cut."""
    def length(line: str) -> float:
        return draw.textlength(line, font=face, direction=direction)

    cjk = _CJK.search(text) is not None
    lines: list[str] = []
    current = ""
    cut = False
    for word in text.split():
        for i, piece in enumerate(_pieces(word) if cjk else (word,)):
            candidate = current + piece if i else f"{current} {piece}".strip()
            if length(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if length(piece) > width:
                cut, piece = True, _cut(piece, lambda start: length(start + "…") <= width)
            current = piece
    if current:
        lines.append(current)
    return lines, cut


def _cut(word: str, fits: Callable[[str], bool]) -> str:
    """The longest start of a word too long for its line that fits with an ellipsis (the
    ellipsis alone, if none does): found by halving, as a word may be a whole title
    without spaces, which measuring one character shorter at a time took minutes to cut."""
    low, high = 0, len(word) - 1  # the number of characters kept
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return word[:low] + "…"


def fit_title(draw: ImageDraw.ImageDraw, title: str, width: int, height: int,
              name: str = "DejaVuSerif-Bold.ttf", index: int = 0,
              direction: str | None = None) -> tuple[Font, list[str], int]:
    """The largest size (72 down to 36 px) at which the title fits, no word cut; else
    at 36 px, a word too long cut, and the title cut after as many lines as fit."""
    for size in range(72, 33, -4):
        face = font(name, size, index)
        lines, cut = _wrap(draw, title, face, width, direction)
        line_height = round(size * 1.18)
        if len(lines) * line_height <= height and not cut:
            return face, lines, line_height
    if len(lines) * line_height <= height:
        return face, lines, line_height  # only a word too long for a line was cut
    lines = lines[: height // line_height]
    last = lines[-1].rstrip(".,;: ")
    while draw.textlength(last + "…", font=face, direction=direction) > width and " " in last:
        last = last.rsplit(" ", 1)[0].rstrip(".,;: ")
    while draw.textlength(last + "…", font=face, direction=direction) > width and len(last) > 1:
        last = last[:-1]
    lines[-1] = last + "…"
    return face, lines, line_height


LABEL_SIZES = (26, 24, 22, 20)


def fit_label(text: str, chosen: tuple[str, int], width: int,
              rtl: str | None) -> tuple[Font, str]:
    """The website's name on one line of `width`: at 26 px down to 20, then cut after its
    last whole word that fits with an ellipsis (a long name ran over the photo and off the
    card's edge)."""
    def length(line: str) -> float:
        return _MEASURE.textlength(line, font=face, direction=rtl)

    for size in LABEL_SIZES:
        face = font(chosen[0], size, chosen[1])
        if length(text) <= width:
            return face, text
    kept = text
    while length(kept + "…") > width and " " in kept:
        kept = kept.rsplit(" ", 1)[0].rstrip(".,;:-\u2013\u2014 ")  # a dash left hanging
    if length(kept + "…") > width:
        return face, _cut(kept, lambda start: length(start + "…") <= width)
    return face, kept + "…"


class TitleLayout(NamedTuple):
    face: Font
    lines: list[tuple[tuple[int, int], str]]  # each line with where it is drawn
    direction: str | None  # "rtl", or None: left to right (Pillow's default)


def title_layout(title: str, photo: bool) -> TitleLayout:
    """The title's face and its lines, each with where it is drawn: on the left (on the
    right for a right-to-left script), wrapped and shrunk to fit, centred in height. No
    lines when no installed font can show the title."""
    text_right = PHOTO_LEFT - 50 if photo else WIDTH - 70
    title, chosen = shown(title, TITLE_FONTS)
    if chosen is None:
        return TitleLayout(font(TITLE_FONTS[0], 72), [], None)
    rtl = direction(title)
    face, lines, line_height = fit_title(_MEASURE, title, text_right - 60, 380, *chosen, rtl)
    top = 130 + (380 - len(lines) * line_height) // 2
    return TitleLayout(face, [((_start(line, face, rtl, 60, text_right), top + i * line_height),
                               line) for i, line in enumerate(lines)], rtl)


def card_patch(card: SocialCard, photo: PILImage.Image | None) -> tuple[
        PILImage.Image, Scan, PILImage.Image, tuple[int, int]]:
    """The card's background and its JPEG, and the part of the card that holds the title
    (whole restart intervals, jpegpatch.aligned) with where it goes."""
    credit = credit_text(card)
    if photo is not None and credit is not None and font_for(credit, CREDIT_FONTS) is None:
        photo = None  # no font can show its credit: a photo is never shown without it
    if photo is not None and photo.size != (WIDTH - PHOTO_LEFT, HEIGHT):
        crop = crop_box(photo.width, photo.height, (WIDTH - PHOTO_LEFT, HEIGHT), card.focal)
        photo = photo.crop((crop.left, crop.top, crop.right, crop.bottom)).resize(
            (WIDTH - PHOTO_LEFT, HEIGHT), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    background, base = _background(card.site_title, credit, photo)
    face, lines, rtl = title_layout(card.title, photo is not None)
    ink = (WIDTH, HEIGHT, 0, 0)  # empty until a line is measured
    for at, line in lines:
        left, upper, right, lower = _MEASURE.textbbox(at, line, font=face, direction=rtl)
        ink = (min(ink[0], math.floor(left)), min(ink[1], math.floor(upper)),
               max(ink[2], math.ceil(right)), max(ink[3], math.ceil(lower)))
    left, top, right, bottom = aligned(ink, (WIDTH, HEIGHT), BLOCKS)
    patch = background.crop((left, top, max(left, right), max(top, bottom)))
    draw = ImageDraw.Draw(patch)
    for (x, y), line in lines:
        draw.text((x - left, y - top), line, font=face, fill=(255, 255, 255), direction=rtl)
    return background, base, patch, (left, top)


def credit_text(card: SocialCard) -> str | None:
    """The photo's credit as the card prints it: in the page's language where an installed
    font can show it, else in English (a translation that leaves the credit out is not
    used)."""
    if not card.credit:
        return None
    if not shown(card.credit, CREDIT_FONTS)[0]:  # an emoji alone ('📷'): 'Credit:' credits
        return CREDIT_LINE % {"credit": card.credit}  # no one, so no font has it: no photo
    english = _drawn_credit(CREDIT_LINE % {"credit": card.credit})
    if "%(credit)s" not in card.credit_line:
        return english
    try:
        text = card.credit_line % {"credit": card.credit}
    except (KeyError, ValueError, TypeError):
        return english
    drawn = _drawn_credit(text)
    return drawn if font_for(drawn, CREDIT_FONTS) is not None else english


def _drawn_credit(text: str) -> str:
    """A credit without the emoji no font has ('Ana 📷' is 'Ana'), as it is drawn: else
    the credit as it is (then no font has it, and its photo is left out)."""
    return shown(text, CREDIT_FONTS)[0] or text


def draw_card(card: SocialCard, photo: PILImage.Image | None) -> bytes:
    """The card's JPEG. The background is encoded once, each card only its title's part
    (jpegpatch.py); plain (not optimised) Huffman tables: 3x faster, the same in every card."""
    _, base, patch, at = card_patch(card, photo)
    return patched(base, patch, at, QUALITY, BLOCKS)


_backgrounds: dict[tuple[str, str | None, int], tuple[object, PILImage.Image, Scan]] = {}


def _background(site_title: str, credit: str | None,
                photo: PILImage.Image | None) -> tuple[PILImage.Image, Scan]:
    """All of a card but its title, and its JPEG: the same for every page sharing a photo,
    so drawn and encoded once (photos come from _photo_region's cache: the same photo is
    the same object)."""
    key = (site_title, credit, id(photo))
    hit = _backgrounds.get(key)
    if hit is not None and hit[0] is photo:
        return hit[1], hit[2]
    if len(_backgrounds) >= 16:
        _backgrounds.clear()
    canvas = _draw_background(site_title, credit, photo)
    base = scan(encode(canvas, QUALITY, BLOCKS))
    _backgrounds[key] = (photo, canvas, base)
    return canvas, base


def _draw_background(site_title: str, credit: str | None,
                     photo: PILImage.Image | None) -> PILImage.Image:
    canvas = PILImage.new("RGB", (WIDTH, HEIGHT), FOREST)
    if photo is not None:  # cropped to the photo panel
        canvas.paste(photo.convert("RGB"), (PHOTO_LEFT, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 14, HEIGHT), fill=LEAF)
    label_text, chosen = shown(site_title.upper(), LABEL_FONTS)
    if chosen is not None:  # else no label: never boxes
        rtl = direction(label_text)
        right = PHOTO_LEFT - 50 if photo is not None else WIDTH - 70
        label, label_text = fit_label(label_text, chosen, right - 60, rtl)
        draw.text((_start(label_text, label, rtl, 60, right), 58), label_text, font=label,
                  fill=LEAF, direction=rtl)
    if photo is not None and credit:
        _draw_credit(draw, credit)
    return canvas


class CreditLayout(NamedTuple):
    face: Font
    size: int
    lines: list[str]
    direction: str | None


def credit_layout(credit: str) -> CreditLayout:
    """The credit's face and lines: on one line at 18 px, else at 16 px, else on two lines
    at 16 then 14 px, and only then cut: a licence such as CC BY asks for the whole
    attribution."""
    chosen = font_for(credit, CREDIT_FONTS) or (CREDIT_FONTS[0], 0)
    rtl = direction(credit)
    width = WIDTH - PHOTO_LEFT - 40
    for size, most in ((18, 1), (16, 1), (16, 2), (14, 2)):
        small = font(chosen[0], size, chosen[1])
        lines, cut = _wrap(_MEASURE, credit, small, width, rtl)
        if len(lines) <= most and not cut:
            return CreditLayout(small, size, lines, rtl)
    if len(lines) > 2:
        last = lines[1]
        while _MEASURE.textlength(last + "…", font=small, direction=rtl) > width and len(last) > 1:
            last = last[:-1]
        lines = [lines[0], last.rstrip() + "…"]
    return CreditLayout(small, size, lines, rtl)


def _draw_credit(draw: ImageDraw.ImageDraw, credit: str) -> None:
    """The credit at the photo's foot, right-aligned on a black box."""
    small, size, lines, rtl = credit_layout(credit)
    step = round(size * 1.3)
    widths = [int(draw.textlength(line, font=small, direction=rtl)) for line in lines]
    top = HEIGHT - 18 - size - step * (len(lines) - 1)  # 18 px: HEIGHT - 36
    draw.rectangle((WIDTH - max(widths) - 34, top - 8, WIDTH, HEIGHT), fill=(0, 0, 0))
    for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
        draw.text((WIDTH - width - 20, top + i * step), line, font=small,
                  fill=(255, 255, 255), direction=rtl)


def load_photo(path: Path, digest: str | None, longest: int = 1400) -> PILImage.Image:
    """A photo decoded small (JPEG draft mode), upright and in sRGB, for cards; its bytes
    those of `digest` (else `Changed`: a card of other bytes would be kept under it)."""
    with pillow_quiet(), PILImage.open(io.BytesIO(read_source(path, digest))) as raw:
        raw.draft("RGB", (longest, longest))
        image = to_srgb(ImageOps.exif_transpose(raw))
    image.thumbnail((longest, longest), PILImage.Resampling.LANCZOS)
    if image.mode == "RGBA":
        flat = PILImage.new("RGB", image.size, FOREST)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    return image


@lru_cache(maxsize=8)
def _photo_region(path: Path, digest: str | None, focal: tuple[float, float]) -> PILImage.Image:
    """The photo part of a card: many pages share one photo, so it is decoded once (the
    photo's content hash in the key: the dev server lives on while a photo is replaced)."""
    photo = load_photo(path, digest)
    box = crop_box(photo.width, photo.height, (WIDTH - PHOTO_LEFT, HEIGHT), focal)
    region = photo.crop((box.left, box.top, box.right, box.bottom))
    return region.resize((WIDTH - PHOTO_LEFT, HEIGHT), PILImage.Resampling.LANCZOS,
                         reducing_gap=3.0).convert("RGB")


def card_bytes(card: SocialCard, photo_path: Path | None) -> bytes:
    return draw_card(card, _photo_region(photo_path, card.digest, card.focal)
                     if photo_path else None)


