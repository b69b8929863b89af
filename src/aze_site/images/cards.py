"""Social cards: a 1200x630 JPEG per page, drawn with Pillow.

The title is set in DejaVu (Debian's fonts-dejavu-core, present on the machines this
runs on), wrapped and shrunk until it fits; the page's photo fills the right part with
its credit printed on it, so a shared link never shows a photo without its credit.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from aze_site.images.maths import crop_box
from aze_site.images.pixels import to_srgb
from aze_site.images.planner import SocialCard

WIDTH, HEIGHT = 1200, 630
PHOTO_LEFT = 660  # the photo fills x >= PHOTO_LEFT
FOREST, LEAF, CREAM = (11, 79, 60), (214, 234, 217), (244, 239, 226)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


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


def draw_card(card: SocialCard, photo: PILImage.Image | None) -> bytes:
    if photo is not None and photo.size != (WIDTH - PHOTO_LEFT, HEIGHT):
        box = crop_box(photo.width, photo.height, (WIDTH - PHOTO_LEFT, HEIGHT), card.focal)
        photo = photo.crop((box.left, box.top, box.right, box.bottom)).resize(
            (WIDTH - PHOTO_LEFT, HEIGHT), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    canvas = _background(card.site_title, card.credit, photo).copy()
    text_right = PHOTO_LEFT - 50 if photo is not None else WIDTH - 70
    draw = ImageDraw.Draw(canvas)
    face, lines, line_height = fit_title(draw, card.title, text_right - 60, 380)
    top = 130 + (380 - len(lines) * line_height) // 2
    for i, line in enumerate(lines):
        draw.text((60, top + i * line_height), line, font=face, fill=(255, 255, 255))
    buf = io.BytesIO()  # no metadata; plain (not optimised) Huffman tables: 3x faster
    canvas.save(buf, "JPEG", quality=80, progressive=False)
    return buf.getvalue()


_backgrounds: dict[tuple[str, str | None, int], tuple[object, PILImage.Image]] = {}


def _background(site_title: str, credit: str | None,
                photo: PILImage.Image | None) -> PILImage.Image:
    """All of a card but its title: the same for every page sharing a photo, so drawn once
    (photos come from _photo_region's cache: the same photo is the same object)."""
    key = (site_title, credit, id(photo))
    hit = _backgrounds.get(key)
    if hit is not None and hit[0] is photo:
        return hit[1]
    if len(_backgrounds) >= 16:
        _backgrounds.clear()
    canvas = _draw_background(site_title, credit, photo)
    _backgrounds[key] = (photo, canvas)
    return canvas


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


def load_photo(path: Path, longest: int = 1400) -> PILImage.Image:
    """A photo decoded small (JPEG draft mode), upright and in sRGB, for cards."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        with PILImage.open(path) as raw:
            raw.draft("RGB", (longest, longest))
            image = to_srgb(ImageOps.exif_transpose(raw))
    image.thumbnail((longest, longest), PILImage.Resampling.LANCZOS)
    if image.mode == "RGBA":
        flat = PILImage.new("RGB", image.size, FOREST)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    return image


@lru_cache(maxsize=8)
def _photo_region(path: Path, focal: tuple[float, float]) -> PILImage.Image:
    """The photo part of a card: many pages share one photo, so it is decoded once."""
    photo = load_photo(path)
    box = crop_box(photo.width, photo.height, (WIDTH - PHOTO_LEFT, HEIGHT), focal)
    region = photo.crop((box.left, box.top, box.right, box.bottom))
    return region.resize((WIDTH - PHOTO_LEFT, HEIGHT), PILImage.Resampling.LANCZOS,
                         reducing_gap=3.0).convert("RGB")


def card_bytes(card: SocialCard, photo_path: Path | None) -> bytes:
    return draw_card(card, _photo_region(photo_path, card.focal) if photo_path else None)


