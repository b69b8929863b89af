"""Runs aze-site's image pipeline alone: every photo of a folder to hero derivatives.

Used by bench/images.py so that each run is its own process (fair memory figures).
    python bench/image_driver.py PHOTOS CACHE avif,webp,jpeg
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from aze_site.errors import Report
from aze_site.images.making import PhotoWork, make_photos
from aze_site.images.maths import ROLES, Derivative, Role, plan_role
from aze_site.images.pixels import cached_image_info
from aze_site.model import Image, Source


def main(folder: Path, cache: Path, formats: tuple[str, ...]) -> None:
    hero = ROLES["hero"]
    role = Role(hero.widths, hero.ratio, hero.sizes, formats)
    images: dict[str, Image] = {}
    planned: list[Derivative] = []
    for path in sorted(folder.glob("*.jpg")):
        blob = path.read_bytes()
        digest = hashlib.sha256(blob).hexdigest()[:16]
        info = cached_image_info(blob, digest, cache)
        assert not isinstance(info, str), info
        images[path.name] = Image(path.name, "alt", "credit", None, None, (0.5, 0.5), info.width,
                                  info.height, digest, Source(str(path)))
        planned += plan_role(path.name, digest, info.width, info.height, role, (0.5, 0.5))
    report = Report()
    make_photos(PhotoWork(images, folder, cache), planned, os.cpu_count() or 1, report)
    assert not report.items, report.items


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), tuple(sys.argv[3].split(",")))
