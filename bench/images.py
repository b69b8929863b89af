"""Image pipeline benchmark: aze-site's derivatives beside Hugo's image processing.

20 generated photos of 4000x3000 are resized to the hero widths (640, 960, 1280, 1920,
2400) as JPEG and WebP by both tools, cold (empty cache) and warm (cache kept), in the
same run; aze-site is also timed with AVIF added (Hugo cannot encode AVIF).

    python bench/images.py [--runs 3] [--photos 20]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

from common import Sample, median, run_command, table
from PIL import Image, ImageDraw, ImageFilter

WIDTHS = (640, 960, 1280, 1920, 2400)
DRIVER = Path(__file__).with_name("image_driver.py")


def make_photo(path: Path, seed: int) -> None:
    """A photo-like 4000x3000 JPEG: smooth light, shapes and fine grain."""
    rng = random.Random(seed)
    w, h = 4000, 3000
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(10, 120) for _ in range(3))
    sky = Image.linear_gradient("L").resize((w, h))
    im = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), sky)
    draw = ImageDraw.Draw(im)
    for _ in range(60):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(40, 600)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(6))
    grain = Image.effect_noise((w, h), 24).convert("RGB")
    im = Image.blend(im, grain, 0.12)
    im.save(path, "JPEG", quality=90)


HUGO_LAYOUT = """{{ range resources.Match "photos/*.jpg" }}
{{ $p := . }}{{ range slice 640 960 1280 1920 2400 }}
{{ ($p.Resize (printf "%dx jpg q82" .)).RelPermalink }}
{{ ($p.Resize (printf "%dx webp q80" .)).RelPermalink }}
{{ end }}{{ end }}
"""


def hugo_site(root: Path, photos: list[Path]) -> Path:
    site = root / "hugo"
    (site / "assets" / "photos").mkdir(parents=True)
    (site / "layouts").mkdir()
    for p in photos:
        shutil.copy(p, site / "assets" / "photos" / p.name)
    (site / "layouts" / "index.html").write_text(HUGO_LAYOUT)
    (site / "config.toml").write_text('baseURL = "https://example.org/"\ndisableKinds = '
                                      '["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    return site


def run_hugo(site: Path, cold: bool) -> Sample:
    if cold:
        shutil.rmtree(site / "resources", ignore_errors=True)
    shutil.rmtree(site / "public", ignore_errors=True)
    return run_command(["hugo", "--quiet", "-s", str(site)])


def run_aze(photos: Path, cache: Path, formats: str, cold: bool) -> Sample:
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    return run_command([sys.executable, str(DRIVER), str(photos), str(cache), formats])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--photos", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo is not installed: apt-get install hugo")
    with tempfile.TemporaryDirectory(prefix="aze-img-bench-") as tmp:
        root = Path(tmp)
        folder = root / "photos"
        folder.mkdir()
        photos = [folder / f"photo-{i:02d}.jpg" for i in range(args.photos)]
        for i, p in enumerate(photos):
            make_photo(p, i)
        site = hugo_site(root, photos)
        results: dict[str, list[Sample]] = {}
        for _ in range(args.runs):
            for cold in (True, False):
                phase = "cold" if cold else "warm"
                results.setdefault(f"hugo {phase}", []).append(run_hugo(site, cold))
                results.setdefault(f"aze {phase}", []).append(
                    run_aze(folder, root / "cache-jw", "jpeg,webp", cold))
                results.setdefault(f"aze+avif {phase}", []).append(
                    run_aze(folder, root / "cache-all", "avif,webp,jpeg", cold))
        med = {k: median(v) for k, v in results.items()}
        rows = [["run (20 photos, 5 widths)", "wall s", "CPU s", "peak MB", "wall vs Hugo"]]
        for name in ("hugo cold", "aze cold", "aze+avif cold", "hugo warm", "aze warm",
                     "aze+avif warm"):
            s = med[name]
            peer = med["hugo " + name.split()[-1]]
            rows.append([name, f"{s.wall:.2f}", f"{s.cpu:.2f}", f"{s.peak_mb:.0f}",
                         f"{s.wall / peer.wall:.2f}x"])
        print(table(rows))


if __name__ == "__main__":
    main()
