"""Social cards: aze-site's against Hugo's `images.Text`, on the same titles.

    python bench/cards.py [--cards 1000] [--runs 3] [--seed 1]

The scale benchmark's Hugo site makes no social cards; aze-site makes one for each page
shared as itself (5,019 at 5,000 sites). This measures what the same cards cost each tool.
The titles are the names of the sites of bench/catalogue.py; the photo is the first of
content/images/, on the right of a 1200x630 card, as aze-site places it.

- aze-site: images/cards.py's `card_bytes`, card after card in this process (one core),
  as a build's worker makes them.
- Hugo: a project of N pages whose layout draws the page's title on the card's background
  (`images.Filter` with `images.Text`, DejaVu Serif Bold 64 px, white), written as a JPEG
  of quality 80 as aze-site's are; `hugo --quiet` on all cores (its default). The
  same project with a layout that makes no card is built too, and its time subtracted.
  Hugo's card does less than aze-site's: its text is wrapped at the image's edge, not
  fitted and shrunk, and it carries no credit line.

Each figure is the median of the runs: seconds for all N cards (wall and CPU), and per card.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from catalogue import sites
from common import Sample, median, run_command
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from aze_site.images import cards, fonts  # noqa: E402
from aze_site.images.planner import SocialCard  # noqa: E402

FONT = Path(fonts.FONT_DIRS[0]) / "DejaVuSerif-Bold.ttf"
CARD_LAYOUT = """{{- $font := resources.Get "DejaVuSerif-Bold.ttf" -}}
{{- $base := resources.Get "base.jpg" -}}
{{- $text := images.Text .Title (dict "color" "#ffffff" "size" 64 "linespacing" 12 "x" 60
    "y" 200 "font" $font) -}}
{{- $card := $base | images.Filter $text -}}
<html><head><meta property="og:image" content="{{ $card.RelPermalink }}"></head></html>
"""
PLAIN_LAYOUT = "<html><head><title>{{ .Title }}</title></head></html>\n"


def photo() -> Path:
    return sorted((REPO / "content" / "images").glob("*.jpg"))[0]


def titles(n: int, seed: int) -> list[str]:
    return [site.fm["name"] for site in sites(n, seed)]


def aze_cards(names: list[str]) -> Sample:
    """All the cards drawn in this process; CPU time of this process."""
    path = photo()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]  # as a build plans it
    specs = [SocialCard(name, "Alliance for Zero Extinction", "bench", digest,
                        "Illustration / CC BY") for name in names]
    cards.card_bytes(specs[0], path)  # fonts and the photo loaded, as in a build
    start, cpu = time.perf_counter(), time.process_time()
    for spec in specs:
        cards.card_bytes(spec, path)
    return Sample(time.perf_counter() - start, time.process_time() - cpu, 0.0)


def hugo_project(root: Path, names: list[str]) -> None:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "assets").mkdir()
    shutil.copy(FONT, root / "assets" / FONT.name)
    region = cards._photo_region(photo(), None, (0.5, 0.5))
    background = Image.new("RGB", (cards.WIDTH, cards.HEIGHT), cards.FOREST)
    background.paste(region, (cards.PHOTO_LEFT, 0))
    background.save(root / "assets" / "base.jpg", quality=95)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                      "[imaging]\nquality = 80\n")
    (root / "layouts" / "_default" / "list.html").write_text("<html></html>\n")
    for i, name in enumerate(names):
        (root / "content" / "posts" / f"p{i}.md").write_text(
            f'---\ntitle: "{name}"\n---\n', encoding="utf-8")


def hugo_build(root: Path, layout: str) -> Sample:
    (root / "layouts" / "_default" / "single.html").write_text(layout)
    for folder in ("public", "resources"):
        shutil.rmtree(root / folder, ignore_errors=True)
    subprocess.run(["sync"], check=True)
    return run_command(["hugo", "--quiet", "-s", str(root)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        parser.error("hugo is not installed (Debian: apt-get install hugo)")
    names = titles(args.cards, args.seed)
    aze, hugo, made = [], [], 0
    with tempfile.TemporaryDirectory(prefix="aze-cards-") as tmp:
        root = Path(tmp)
        hugo_project(root, names)
        for _ in range(args.runs):
            aze.append(aze_cards(names))
            with_cards = hugo_build(root, CARD_LAYOUT)
            made = len(list((root / "public").rglob("*.jpg")))
            plain = hugo_build(root, PLAIN_LAYOUT)
            hugo.append(Sample(with_cards.wall - plain.wall, with_cards.cpu - plain.cpu, 0.0))
    n = len(names)
    print(f"{n:,} cards ({made:,} distinct files from Hugo), median of {args.runs} run(s)")
    print("| tool | wall s | CPU s | wall ms a card | CPU ms a card |")
    print("| --- | --- | --- | --- | --- |")
    for label, samples in (("aze-site, one core", aze), ("Hugo, all cores", hugo)):
        mid = median(samples)
        wall, cpu = mid.wall, mid.cpu
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {1000 * wall / n:.2f} | "
              f"{1000 * cpu / n:.2f} |")


if __name__ == "__main__":
    main()
