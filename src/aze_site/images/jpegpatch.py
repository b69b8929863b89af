"""Encode only the part of a JPEG that differs from a base image.

A baseline JPEG written with a restart marker every N MCUs is a series of byte segments
that are coded independently: each restart interval starts its DC prediction afresh and
ends on a byte boundary, and every interval uses the same tables. So when an image
differs from a base only inside a box made of whole intervals, its JPEG is the base's
segments with the box's own ones put in their place, the box encoded alone. The result is
byte for byte the JPEG of the whole image (tests/test_images.py checks it). Social cards
share everything but their title, so a card encodes about a third of its pixels.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image as PILImage

MCU = 16  # pixels: a 4:2:0 JPEG's minimum coded unit is 16x16
_RST = re.compile(rb"\xff[\xd0-\xd7]")  # data bytes 0xFF are stuffed (FF 00): only markers
_SOF0, _SOS, _EOI = 0xC0, 0xDA, b"\xff\xd9"

Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class Scan:
    """A JPEG cut at its restart markers."""

    head: bytes  # from SOI to the end of the start-of-scan header
    segments: tuple[bytes, ...]  # the restart intervals' coded data, in raster order
    size: tuple[int, int]  # of the image, as its frame header says


def encode(im: PILImage.Image, quality: int, blocks: int) -> bytes:
    """Baseline 4:2:0 JPEG with standard tables and a restart marker every `blocks` MCUs;
    no metadata."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, subsampling="4:2:0", progressive=False,
            optimize=False, restart_marker_blocks=blocks)
    return buf.getvalue()


def scan(data: bytes) -> Scan:
    """Cut an encoded JPEG (as `encode` writes them: one scan) into its head and segments."""
    at, size = 2, (0, 0)
    while True:  # marker segments up to and including start-of-scan: FF xx, then length
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if marker == _SOF0:  # length, precision, then height and width
            size = (int.from_bytes(data[at + 7:at + 9], "big"),
                    int.from_bytes(data[at + 5:at + 7], "big"))
        at += 2 + length
        if marker == _SOS:
            break
    if not data.endswith(_EOI):
        raise ValueError("JPEG does not end with EOI")
    return Scan(data[:at], tuple(_RST.split(data[at:-2])), size)


def aligned(box: Box, size: tuple[int, int], blocks: int) -> Box:
    """The smallest box of whole restart intervals that holds `box`, inside the image."""
    unit = MCU * blocks
    left, top, right, bottom = box
    return (max(0, left // unit * unit), max(0, top // MCU * MCU),
            min(size[0], -(-right // unit) * unit), min(size[1], -(-bottom // MCU) * MCU))


def patched(base: Scan, patch: PILImage.Image, at: tuple[int, int], quality: int,
            blocks: int) -> bytes:
    """The JPEG of the image `base` was encoded from (with this quality and interval) with
    `patch` pasted at `at`; the patch must be whole intervals (`aligned`)."""
    width = base.size[0]
    unit = MCU * blocks
    left, top = at
    right, bottom = left + patch.width, top + patch.height
    if width % unit:
        raise ValueError(f"width {width} is not a whole number of {blocks}-MCU intervals")
    if (left, top, right, bottom) != aligned((left, top, right, bottom), base.size, blocks):
        raise ValueError(f"a patch at {at} of {patch.size} is not whole intervals")
    segments = list(base.segments)
    if right > left and bottom > top:
        own = scan(encode(patch, quality, blocks)).segments
        per_row, own_row = width // unit, (right - left) // unit
        for i, segment in enumerate(own):
            row, col = divmod(i, own_row)
            segments[(top // MCU + row) * per_row + left // unit + col] = segment
    out = [base.head, segments[0]]
    for i, segment in enumerate(segments[1:]):
        out += (bytes((0xFF, 0xD0 + i % 8)), segment)
    out.append(_EOI)
    return b"".join(out)
