"""Photos: reading their facts (size, embedded credit) and publishing them.

Decisions are pure functions; Pillow runs only where pixels or headers are needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

MAX_PIXELS = 80_000_000  # above this an image is refused (decompression bomb)
PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
_ARTIST, _COPYRIGHT = 0x013B, 0x8298


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str
    credit: str | None  # from EXIF Artist or Copyright, when the file carries one


def read_image_info(blob: bytes) -> ImageInfo | str:
    """The facts of an image file, or a sentence saying why it is not usable."""
    try:
        with PILImage.open(io.BytesIO(blob)) as im:
            fmt = im.format or "unknown"
            if fmt not in ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "AVIF"):
                return f"unsupported image format {fmt} (use JPEG, PNG or WebP)"
            exif = im.getexif()
            credit = exif.get(_ARTIST) or exif.get(_COPYRIGHT)
            width, height = im.size
            im.verify()
    except PILImage.DecompressionBombError:
        return f"image is larger than {MAX_PIXELS:,} pixels"
    except UnidentifiedImageError:
        return "not an image file Pillow can read"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"damaged image file ({exc})"
    if width * height > MAX_PIXELS:
        return f"image is larger than {MAX_PIXELS:,} pixels"
    text = credit.strip() if isinstance(credit, str) else None
    return ImageInfo(width, height, fmt, text or None)
