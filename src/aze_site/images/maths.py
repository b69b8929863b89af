"""Pure image maths: which widths a role needs, crop boxes, derivative names.

No pixels here: small frozen values that the planner hands to templates at once,
and that the processor turns into files later (as Lektor and Zola do).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from aze_site.slugs import slugify

PIPELINE_VERSION = "1"  # bump when encoding changes, so cached derivatives are remade
# A format's own version, part of its derivatives' names: bumped when that format's
# encoding alone changes (webp 2: method 2, a third of method 4's time for 3-5 % more bytes;
# avif 2: speed 9 from 1,280 px up, pixels.avif_settings).
FORMAT_VERSIONS = {"avif": ".2", "webp": ".2", "jpeg": ""}

FORMATS = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}


@dataclass(frozen=True)
class Role:
    widths: tuple[int, ...]
    ratio: tuple[int, int] | None  # fixed aspect ratio (cropped at the focal point), or None
    sizes: str  # the `sizes` attribute: how wide the image is shown
    formats: tuple[str, ...] = ("avif", "webp", "jpeg")


ROLES = {
    "hero": Role((640, 960, 1280, 1920, 2400), None, "100vw"),
    "card": Role((320, 480, 640, 960), (3, 2), "(min-width: 62rem) 22rem, (min-width: 40rem) 45vw, 100vw"),
    "thumb": Role((96, 160, 240), (1, 1), "6rem"),
    "logo": Role((160, 320, 480), None, "10rem"),  # whole, never cropped
    "content": Role((480, 720, 960, 1440), None, "(min-width: 48rem) 44rem, 100vw"),
}


@dataclass(frozen=True, order=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


def crop_box(width: int, height: int, ratio: tuple[int, int] | None,
             focal: tuple[float, float] = (0.5, 0.5)) -> Box:
    """The largest box of `ratio` inside the image, centred on the focal point if it can be."""
    if ratio is None:
        return Box(0, 0, width, height)
    rw, rh = ratio
    if width * rh > height * rw:  # image wider than the ratio: full height, cut the sides
        box_h, box_w = height, max(1, min(width, round(height * rw / rh)))
    else:
        box_w, box_h = width, max(1, min(height, round(width * rh / rw)))
    left = _clamp(round(focal[0] * width - box_w / 2), 0, width - box_w)
    top = _clamp(round(focal[1] * height - box_h / 2), 0, height - box_h)
    return Box(left, top, left + box_w, top + box_h)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def target_widths(box_width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The role's widths that fit the box; never upscale (the box's own width if none fit)."""
    fitting = tuple(w for w in widths if w <= box_width)
    return fitting or (box_width,)


def scaled_height(box: Box, width: int) -> int:
    return max(1, round(width * box.height / box.width))


@dataclass(frozen=True, order=True)
class Derivative:
    """One output file: a source photo, cropped, resized and encoded."""

    key: str  # the photo's file name in content/images/
    digest: str  # the source's content hash
    box: Box
    width: int
    height: int
    format: str  # avif | webp | jpeg

    @property
    def name(self) -> str:
        params = (f"{self.digest}|{self.box}|{self.width}|{self.format}|{PIPELINE_VERSION}"
                  f"{FORMAT_VERSIONS[self.format]}")
        short = hashlib.sha256(params.encode()).hexdigest()[:12]
        stem = slugify(self.key.rsplit(".", 1)[0]) or "photo"  # safe in URLs and srcset
        return f"{stem}-{self.width}w-{short}.{EXTENSIONS[self.format]}"

    @property
    def path(self) -> str:
        """Output path relative to the site root."""
        return f"img/{self.name}"


def draft_divisor(box_width: int, width: int) -> int:
    """The JPEG DCT scale (1, 2, 4 or 8) to decode at for this derivative: the largest
    reduction that still leaves at least its width of pixels, so no quality is lost."""
    for divisor in (8, 4, 2):
        if box_width / divisor >= width:
            return divisor
    return 1


def plan_role(key: str, digest: str, width: int, height: int, role: Role,
              focal: tuple[float, float]) -> tuple[Derivative, ...]:
    box = crop_box(width, height, role.ratio, focal)
    return tuple(
        Derivative(key, digest, box, w, scaled_height(box, w), fmt)
        for fmt in role.formats
        for w in target_widths(box.width, role.widths)
    )
