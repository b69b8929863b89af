"""Social cards: a 1200x630 JPEG per page, drawn with Pillow.

The title is set in DejaVu (Debian's fonts-dejavu-core, present on the machines this
runs on), wrapped and shrunk until it fits; the page's photo fills the right part with
its credit printed on it, so a shared link never shows a photo without its credit.
"""

from __future__ import annotations

import io
import math
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from aze_site.images.jpegpatch import Scan, aligned, encode, patched, scan
from aze_site.images.maths import crop_box
from aze_site.images.pixels import read_source, to_srgb
from aze_site.images.planner import SocialCard

WIDTH, HEIGHT = 1200, 630
PHOTO_LEFT = 660  # the photo fills x >= PHOTO_LEFT
FOREST, LEAF, CREAM = (11, 79, 60), (214, 234, 217), (244, 239, 226)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
QUALITY = 80
BLOCKS = 25  # MCUs per restart interval: 400 px, so a title is 2 of a row's 3 intervals

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_MEASURE = ImageDraw.Draw(PILImage.new("RGB", (1, 1)))  # for textlength and textbbox only


@lru_cache(maxsize=64)
def font(name: str, size: int) -> Font:
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)  # Pillow's own font: readable, if plainer


def wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int) -> list[str]:
    """Greedy word wrap; a single word longer than the line is cut with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=face) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while draw.textlength(word, font=face) > width and len(word) > 1:
            word = word[:-2] + "…"
        current = word
    if current:
        lines.append(current)
    return lines


def fit_title(draw: ImageDraw.ImageDraw, title: str, width: int,
              height: int) -> tuple[Font, list[str], int]:
    """The largest size (72 down to 34 px) at which the title fits; else cut at 4 lines."""
    for size in range(72, 33, -4):
        face = font("DejaVuSerif-Bold.ttf", size)
        lines = wrap(draw, title, face, width)
        line_height = round(size * 1.18)
        if len(lines) * line_height <= height:
            return face, lines, line_height
    lines = lines[: height // line_height]
    last = lines[-1].rstrip(".,;: ")
    while draw.textlength(last + "…", font=face) > width and " " in last:
        last = last.rsplit(" ", 1)[0].rstrip(".,;: ")
    while draw.textlength(last + "…", font=face) > width and len(last) > 1:
        last = last[:-1]
    lines[-1] = last + "…"
    return face, lines, line_height


def title_layout(title: str, photo: bool) -> tuple[Font, list[tuple[tuple[int, int], str]]]:
    """The title's face and its lines, each with where it is drawn: on the left, wrapped
    and shrunk to fit, centred in height."""
    text_right = PHOTO_LEFT - 50 if photo else WIDTH - 70
    face, lines, line_height = fit_title(_MEASURE, title, text_right - 60, 380)
    top = 130 + (380 - len(lines) * line_height) // 2
    return face, [((60, top + i * line_height), line) for i, line in enumerate(lines)]


def card_patch(card: SocialCard, photo: PILImage.Image | None) -> tuple[
        PILImage.Image, Scan, PILImage.Image, tuple[int, int]]:
    """The card's background and its JPEG, and the part of the card that holds the title
    (whole restart intervals, jpegpatch.aligned) with where it goes."""
    if photo is not None and photo.size != (WIDTH - PHOTO_LEFT, HEIGHT):
        crop = crop_box(photo.width, photo.height, (WIDTH - PHOTO_LEFT, HEIGHT), card.focal)
        photo = photo.crop((crop.left, crop.top, crop.right, crop.bottom)).resize(
            (WIDTH - PHOTO_LEFT, HEIGHT), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    background, base = _background(card.site_title, card.credit, photo)
    face, lines = title_layout(card.title, photo is not None)
    ink = (WIDTH, HEIGHT, 0, 0)  # empty until a line is measured
    for at, line in lines:
        left, upper, right, lower = _MEASURE.textbbox(at, line, font=face)
        ink = (min(ink[0], math.floor(left)), min(ink[1], math.floor(upper)),
               max(ink[2], math.ceil(right)), max(ink[3], math.ceil(lower)))
    left, top, right, bottom = aligned(ink, (WIDTH, HEIGHT), BLOCKS)
    patch = background.crop((left, top, max(left, right), max(top, bottom)))
    draw = ImageDraw.Draw(patch)
    for (x, y), line in lines:
        draw.text((x - left, y - top), line, font=face, fill=(255, 255, 255))
    return background, base, patch, (left, top)


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
    label = font("DejaVuSans-Bold.ttf", 26)
    draw.text((60, 58), site_title.upper(), font=label, fill=LEAF)
    if photo is not None and credit:
        small = font("DejaVuSans.ttf", 18)
        text = f"Credit: {credit}"
        while draw.textlength(text, font=small) > WIDTH - PHOTO_LEFT - 40 and len(text) > 10:
            text = text[:-2] + "…"
        width = int(draw.textlength(text, font=small))
        draw.rectangle((WIDTH - width - 34, HEIGHT - 44, WIDTH, HEIGHT), fill=(0, 0, 0))
        draw.text((WIDTH - width - 20, HEIGHT - 36), text, font=small, fill=(255, 255, 255))
    return canvas


def load_photo(path: Path, digest: str | None, longest: int = 1400) -> PILImage.Image:
    """A photo decoded small (JPEG draft mode), upright and in sRGB, for cards; its bytes
    those of `digest` (else `Changed`: a card of other bytes would be kept under it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        with PILImage.open(io.BytesIO(read_source(path, digest))) as raw:
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


