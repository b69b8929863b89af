"""AVIF speed against quality, per width: what pixels.avif_settings rests on.

    python bench/avif_speed.py [PHOTO ...]    (default: the shipped photos, content/images/)

Each photo is resized to every width a role publishes and encoded at libavif speed 8,
quality 60 (aze-site's setting below 1,280 px) and speed 9, quality 55 (from 1,280 px up),
as the build does (two threads). For each width: encoding time, bytes, and the SSIM of the
decoded luma against the resized original (8x8 blocks), summed over the photos.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from PIL import Image, ImageMath

REPO = Path(__file__).resolve().parent.parent
SETTINGS = ({"speed": 8, "quality": 60}, {"speed": 9, "quality": 55})


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM of two images' luma, over 8x8 blocks (Pillow only, no numpy)."""
    x, y = a.convert("L").convert("F"), b.convert("L").convert("F")

    def mean(im: Image.Image) -> Image.Image:
        return im.reduce(8)  # the mean of each 8x8 block

    def times(p: Image.Image, q: Image.Image) -> Image.Image:
        out = ImageMath.lambda_eval(lambda v: v["p"] * v["q"], p=p, q=q)
        assert isinstance(out, Image.Image)
        return out

    mx, my = mean(x), mean(y)
    sxx, syy, sxy = mean(times(x, x)), mean(times(y, y)), mean(times(x, y))
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    index = ImageMath.lambda_eval(
        lambda v: ((2 * v["mx"] * v["my"] + c1) * (2 * (v["sxy"] - v["mx"] * v["my"]) + c2))
        / ((v["mx"] * v["mx"] + v["my"] * v["my"] + c1)
           * (v["sxx"] - v["mx"] * v["mx"] + v["syy"] - v["my"] * v["my"] + c2)),
        mx=mx, my=my, sxx=sxx, syy=syy, sxy=sxy)
    assert isinstance(index, Image.Image)
    whole = index.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # the mean
    assert isinstance(whole, float)
    return whole


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO / "src"))
    from aze_site.images.maths import ROLES

    photos = [Path(p) for p in argv] or sorted((REPO / "content" / "images").glob("*.jpg"))
    originals = [Image.open(p).convert("RGB") for p in photos]
    widths = sorted({w for role in ROLES.values() for w in role.widths})
    print(f"{len(photos)} photos; per width, summed over them\n")
    print("| width | setting | seconds | bytes | mean SSIM |")
    print("| --- | --- | --- | --- | --- |")
    for width in widths:
        resized = [im.resize((width, round(width * im.height / im.width)),
                             Image.Resampling.LANCZOS) for im in originals]
        for setting in SETTINGS:
            seconds, size, scores = 0.0, 0, []
            for im in resized:
                buffer = io.BytesIO()
                start = time.perf_counter()
                im.save(buffer, "AVIF", max_threads=2, **setting)
                seconds += time.perf_counter() - start
                size += buffer.tell()
                scores.append(ssim(im, Image.open(io.BytesIO(buffer.getvalue()))))
            label = f"speed {setting['speed']}, quality {setting['quality']}"
            print(f"| {width} | {label} | {seconds:.2f} | {size:,} "
                  f"| {sum(scores) / len(scores):.4f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
