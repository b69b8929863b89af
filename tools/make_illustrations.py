#!/usr/bin/env python3
"""Draw the site's stylised illustrations into content/images/.

No real photographs with usable rights exist for the example sites yet, so the
site ships flat-design illustrations that the project makes itself. They are
deliberately drawn as illustrations (flat colour, layered shapes, soft
gradients), not as anything that could pass for a photograph.

The output is deterministic: every random choice comes from a fixed seed, no
timestamps or other metadata are written, and running

    python tools/make_illustrations.py

rewrites content/images/*.jpg byte-identically (with the same Pillow build).

Only Pillow is needed.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

W, H = 2400, 1350          # final size
SS = 2                     # supersampling factor for smooth edges
QUALITY = 82

OUT_DIR = Path(__file__).resolve().parent.parent / "content" / "images"

Color = tuple[int, int, int]
Point = tuple[float, float]


# --------------------------------------------------------------------------
# colour helpers
# --------------------------------------------------------------------------

def hexc(value: str) -> Color:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: Color, b: Color, t: float) -> Color:
    t = max(0.0, min(1.0, t))

    def channel(i: int) -> int:
        return round(a[i] + (b[i] - a[i]) * t)

    return channel(0), channel(1), channel(2)


# --------------------------------------------------------------------------
# canvas: draws in final-size pixel coordinates on a supersampled image
# --------------------------------------------------------------------------

class Canvas:
    """An RGB image drawn in final-size pixel coordinates at SS times the size.

    Shapes with alpha < 255 are blended into the image; `mask=True` makes an "L"
    canvas on which every shape is drawn at full value (used for reflections).
    `flip_y` mirrors every shape around that horizontal line.
    """

    def __init__(self, mask: bool = False, flip_y: float | None = None) -> None:
        self.mask = mask
        self.flip_y = flip_y
        self.img = Image.new("L" if mask else "RGB", (W * SS, H * SS), 0)
        self.draw = ImageDraw.Draw(self.img) if mask else ImageDraw.Draw(self.img, "RGBA")

    def _y(self, y: float) -> float:
        return 2 * self.flip_y - y if self.flip_y is not None else y

    def _pts(self, points: Iterable[Point]) -> list[Point]:
        return [(x * SS, self._y(y) * SS) for x, y in points]

    def _fill(self, color: Color, alpha: int = 255) -> int | tuple[int, int, int, int]:
        return 255 if self.mask else (color[0], color[1], color[2], alpha)

    # -- backgrounds
    def vertical_gradient(self, stops: list[tuple[float, Color]], y0: float = 0.0,
                          y1: float = float(H)) -> None:
        """Fill rows y0..y1 with a multi-stop vertical gradient."""
        top, bottom = int(y0 * SS), int(y1 * SS)
        height = max(1, bottom - top)
        strip = Image.new("RGB", (1, height))
        for row in range(height):
            t = row / max(1, height - 1)
            for (pa, ca), (pb, cb) in itertools.pairwise(stops):
                if pa <= t <= pb:
                    strip.putpixel((0, row), mix(ca, cb, (t - pa) / max(1e-9, pb - pa)))
                    break
            else:
                strip.putpixel((0, row), stops[-1][1] if t > stops[-1][0] else stops[0][1])
        self.img.paste(strip.resize((W * SS, height), Image.Resampling.NEAREST), (0, top))

    # -- shapes
    def polygon(self, points: Iterable[Point], fill: Color, alpha: int = 255) -> None:
        self.draw.polygon(self._pts(points), fill=self._fill(fill, alpha))

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: Color, alpha: int = 255) -> None:
        cy = self._y(cy)
        box = [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]
        self.draw.ellipse(box, fill=self._fill(fill, alpha))

    def line(self, points: Sequence[Point], fill: Color, width: float, alpha: int = 255) -> None:
        """A polyline with round joints; round caps too when it is opaque."""
        self.draw.line(self._pts(points), fill=self._fill(fill, alpha),
                       width=max(1, round(width * SS)), joint="curve")
        if alpha == 255:
            r = width / 2
            for x, y in (points[0], points[-1]):
                self.ellipse(x, y, r, r, fill)

    def paste_color(self, color: Color, mask: Image.Image, box: tuple[int, int] = (0, 0)) -> None:
        self.img.paste(color, (box[0], box[1], box[0] + mask.width, box[1] + mask.height), mask)

    def glow(self, cx: float, cy: float, radius: float, color: Color, strength: int = 120) -> None:
        """A soft radial glow (sun haze, light), falling off smoothly."""
        size = int(2 * radius * SS)
        mask = Image.radial_gradient("L").resize((size, size), Image.Resampling.BILINEAR)
        # the gradient reaches 255 only in the corners: 128 px from the centre is about 181
        mask = mask.point(lambda v: round(strength * max(0.0, 1 - v / 181) ** 2))
        self.paste_color(color, mask, (int((cx - radius) * SS), int((cy - radius) * SS)))

    def mist(self, y_center: float, half_height: float, color: Color, alpha: int) -> None:
        """A horizontal band of translucent mist, strongest at y_center."""
        mask = Image.new("L", (1, H * SS), 0)
        for row in range(H * SS):
            d = abs(row / SS - y_center) / half_height
            mask.putpixel((0, row), round(alpha * max(0.0, 1 - d * d)))
        self.paste_color(color, mask.resize(self.img.size, Image.Resampling.NEAREST))

    def finish(self) -> Image.Image:
        return self.img.resize((W, H), Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------
# procedural pieces
# --------------------------------------------------------------------------

def chaikin(points: Iterable[Point], iterations: int = 3, closed: bool = True) -> list[Point]:
    """Round the corners of a polygon (or an open polyline) by corner cutting."""
    pts = list(points)
    for _ in range(iterations):
        out: list[Point] = []
        n = len(pts)
        segments = range(n) if closed else range(n - 1)
        if not closed:
            out.append(pts[0])
        for i in segments:
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        if not closed:
            out.append(pts[-1])
        pts = out
    return pts


def interp_y(line: Sequence[Point], x: float) -> float:
    """The y of a polyline (sorted by x) at x."""
    for (xa, ya), (xb, yb) in itertools.pairwise(line):
        if xa <= x <= xb:
            return ya + (yb - ya) * (x - xa) / max(1e-9, xb - xa)
    return line[0][1] if x < line[0][0] else line[-1][1]


def ridge_line(rng: random.Random, base: float, amp: float, *, step: float = 12.0,
               waves: int = 4, jag: float = 0.0, x0: float = -20, x1: float = W + 20) -> list[Point]:
    """A smooth ridge: sum of a few sine waves plus optional small jaggedness."""
    params = [(rng.uniform(0.6, 1.0) / (k + 1) ** 0.8, rng.uniform(0.5, 1.5) * (k + 1),
               rng.uniform(0, 2 * math.pi)) for k in range(waves)]
    norm = sum(p[0] for p in params)
    pts: list[Point] = []
    x = x0
    while x <= x1 + step:
        t = x / W
        v = sum(a * math.sin(2 * math.pi * f * t + ph) for a, f, ph in params) / norm
        pts.append((x, base - amp * v + (rng.uniform(-jag, jag) if jag else 0.0)))
        x += step
    return pts


def peaks_line(rng: random.Random, base: float, peaks: list[tuple[float, float, float]],
               step: float = 8.0, jag: float = 0.0) -> list[Point]:
    """Mountain ridge from explicit peaks (x, height, half-width), with soft shoulders."""
    pts: list[Point] = []
    x = -20.0
    while x <= W + 20 + step:
        h = 0.0
        for px, ph, pw in peaks:
            d = abs(x - px) / pw
            if d < 1:
                h = max(h, ph * (1 - d) ** 1.6 * (1 - 0.15 * (1 - d) ** 8))
        pts.append((x, base - h + (rng.uniform(-jag, jag) if jag else 0.0)))
        x += step
    return pts


def fill_below(line: Sequence[Point], bottom: float = H + 20) -> list[Point]:
    return [*line, (line[-1][0], bottom), (line[0][0], bottom)]


def tree_blob(cv: Canvas, rng: random.Random, x: float, y: float, size: float, dark: Color,
              light: Color) -> None:
    """A rounded broadleaf canopy made of overlapping circles, lit from the upper left."""
    lobes = [(rng.uniform(-0.6, 0.6) * size, rng.uniform(-0.5, 0.2) * size,
              rng.uniform(0.45, 0.7) * size) for _ in range(5)]
    for dx, dy, r in lobes:
        cv.ellipse(x + dx, y + dy, r, r * 0.92, dark)
    for dx, dy, r in lobes[:3]:
        cv.ellipse(x + dx - r * 0.18, y + dy - r * 0.2, r * 0.62, r * 0.55, light)


def broadleaf_tree(cv: Canvas, rng: random.Random, x: float, base: float, height: float, trunk: Color,
                   dark: Color, light: Color) -> None:
    crown = height * 0.32
    top = base - height + crown
    cv.line([(x, base), (x + rng.uniform(-0.04, 0.04) * height, top + crown * 0.6)], trunk, max(2.0, height * 0.05))
    tree_blob(cv, rng, x, top + crown * 0.3, crown, dark, light)


def conifer(cv: Canvas, x: float, base: float, height: float, color: Color,
            width_ratio: float = 0.32) -> None:
    w = height * width_ratio
    tiers = 4
    for i in range(tiers):
        top = base - height + i * height * 0.18
        bot = base - height * 0.12 - (tiers - 1 - i) * height * 0.12
        ww = w * (0.45 + 0.55 * (i + 1) / tiers)
        cv.polygon([(x, top), (x + ww, bot), (x - ww, bot)], color)
    cv.polygon([(x - w * 0.06, base - height * 0.15), (x + w * 0.06, base - height * 0.15),
                (x + w * 0.06, base), (x - w * 0.06, base)], color)


def grass_tuft(cv: Canvas, rng: random.Random, x: float, y: float, size: float, color: Color,
               alpha: int = 255, blades: int = 7) -> None:
    for _ in range(blades):
        ang = rng.uniform(-0.8, 0.8)
        length = size * rng.uniform(0.6, 1.0)
        tip = (x + math.sin(ang) * length, y - math.cos(ang) * length)
        mid = (x + math.sin(ang) * length * 0.4, y - math.cos(ang) * length * 0.55)
        w = size * 0.06
        cv.polygon([(x - w, y), mid, tip, (x + w, y)], color, alpha)


def leaf(cv: Canvas, x: float, y: float, angle: float, length: float, width: float, color: Color,
         vein: Color | None = None, bend: float = 0.0) -> None:
    """A pointed leaf from (x, y) along angle, bending by `bend` (radians over its length)."""
    centre: list[tuple[float, float, float]] = []
    px, py, a = x, y, angle
    n = 24
    for _k in range(n + 1):
        centre.append((px, py, a))
        px += math.cos(a) * length / n
        py += math.sin(a) * length / n
        a += bend / n
    left: list[Point] = []
    right: list[Point] = []
    for k, (cx, cy, a) in enumerate(centre):
        t = k / n
        w = width / 2 * math.sin(math.pi * min(1.0, t * 1.08)) ** 0.75
        nx, ny = -math.sin(a), math.cos(a)
        left.append((cx + nx * w, cy + ny * w))
        right.append((cx - nx * w, cy - ny * w))
    cv.polygon(left + right[::-1], color)
    if vein:
        cv.line([(c[0], c[1]) for c in centre[:-2]], vein, max(1.5, width * 0.035), 150)


def cloud(cv: Canvas, cx: float, cy: float, s: float, color: Color, shade: Color) -> None:
    """A flat-bottomed cartoon cumulus, opaque, with a shaded underside."""
    lumps = [(-150, 10, 62), (-75, -25, 88), (20, -55, 105), (115, -20, 85), (190, 12, 55)]
    for dx, dy, r in lumps:
        cv.ellipse(cx + dx * s, cy + dy * s + 8 * s, r * s, r * s, shade)
    cv.polygon([(cx - 190 * s, cy + 70 * s), (cx + 225 * s, cy + 70 * s),
                (cx + 225 * s, cy + 30 * s), (cx - 190 * s, cy + 30 * s)], shade)
    for ex in (-190, 225):
        cv.ellipse(cx + ex * s, cy + 50 * s, 20 * s, 20 * s, shade)
    for dx, dy, r in lumps:
        cv.ellipse(cx + dx * s, cy + dy * s, r * s, r * s, color)
    cv.polygon([(cx - 205 * s, cy + 60 * s), (cx + 240 * s, cy + 60 * s),
                (cx + 240 * s, cy + 20 * s), (cx - 205 * s, cy + 20 * s)], color)
    for ex in (-205, 240):
        cv.ellipse(cx + ex * s, cy + 40 * s, 20 * s, 20 * s, color)


def flying_bird(cv: Canvas, x: float, y: float, span: float, color: Color, flap: float = 0.0) -> None:
    """A seabird in flight: two long, slightly bent wings and a small body."""
    s = span / 2
    lift = s * (0.22 + 0.18 * flap)
    left = [(x - s, y - lift * 0.55), (x - s * 0.55, y - lift), (x - s * 0.12, y - lift * 0.15), (x, y)]
    right = [(x, y), (x + s * 0.12, y - lift * 0.15), (x + s * 0.55, y - lift), (x + s, y - lift * 0.55)]
    cv.line(left, color, span * 0.045)
    cv.line(right, color, span * 0.045)
    cv.ellipse(x, y + span * 0.01, span * 0.05, span * 0.035, color)


def stars(cv: Canvas, rng: random.Random, n: int, y_max: float, color: Color) -> None:
    for _ in range(n):
        x, y = rng.uniform(0, W), rng.uniform(0, y_max)
        r = rng.choice((1.6, 2.0, 2.4, 3.2))
        a = round(255 * (1 - y / y_max) ** 0.7 * rng.uniform(0.5, 1.0))
        cv.ellipse(x, y, r, r, color, a)


def river(centre: Sequence[Point], widths: Sequence[float]) -> list[Point]:
    """A polygon around a centreline with a width at each centre point."""
    left: list[Point] = []
    right: list[Point] = []
    for i, ((x, y), w) in enumerate(zip(centre, widths, strict=False)):
        xa, ya = centre[max(0, i - 1)]
        xb, yb = centre[min(len(centre) - 1, i + 1)]
        dx, dy = xb - xa, yb - ya
        ln = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / ln, dx / ln
        left.append((x + nx * w / 2, y + ny * w / 2))
        right.append((x - nx * w / 2, y - ny * w / 2))
    return left + right[::-1]


# --------------------------------------------------------------------------
# the illustrations
# --------------------------------------------------------------------------

def cactus(cv: Canvas, rng: random.Random, cx: float, cy: float, r: float, flowers: int) -> None:
    """A globular cactus: a squat sphere with ribs, rows of spine clusters and a crown of flowers."""
    body, shade, light = hexc("#5f8a5a"), hexc("#3f6446"), hexc("#b7d39a")
    spine, flower, centre = hexc("#f4ead8"), hexc("#e8679b"), hexc("#fbe27a")
    ry = r * 0.92
    cv.ellipse(cx + r * 0.08, cy + r * 0.05, r, ry, shade)
    cv.ellipse(cx, cy, r, ry, body)
    cv.ellipse(cx - r * 0.28, cy - r * 0.3, r * 0.55, ry * 0.5, light, 90)
    ribs = 9
    for i in range(1, ribs):
        u = -1 + 2 * i / ribs
        pts = [(cx + r * u * math.cos(v) * 0.98, cy + ry * math.sin(v) * 0.98)
               for v in (-math.pi / 2 + math.pi * k / 24 for k in range(25))]
        cv.line(pts, shade, max(2.0, r * 0.018), 140)
    for i in range(1, ribs):
        u = -1 + 2 * (i - 0.5) / (ribs - 1)
        for k in range(1, 10):
            v = -math.pi / 2 + math.pi * k / 10
            x = cx + r * u * math.cos(v) * 0.96
            y = cy + ry * math.sin(v) * 0.96
            s = r * 0.05 * (0.5 + 0.5 * math.cos(v)) * (1 - 0.4 * abs(u))
            if s < 1.2:
                continue
            for a in range(6):
                ang = a * math.pi / 3 + 0.3
                cv.line([(x, y), (x + math.cos(ang) * s, y + math.sin(ang) * s)], spine, max(1.0, s * 0.18), 220)
    for j in range(flowers):
        ang = math.pi * (0.15 + 0.7 * (j + 0.5) / flowers)
        fx = cx - math.cos(ang) * r * 0.72
        fy = cy - ry * 0.62 - math.sin(ang) * r * 0.16 + rng.uniform(-2, 2)
        fr = r * rng.uniform(0.11, 0.14)
        for p in range(7):
            pa = p * 2 * math.pi / 7 + j
            cv.ellipse(fx + math.cos(pa) * fr * 0.6, fy + math.sin(pa) * fr * 0.45, fr * 0.55, fr * 0.35, flower)
        cv.ellipse(fx, fy, fr * 0.3, fr * 0.24, centre)


def illustration_mammillaria() -> Image.Image:
    rng = random.Random(1001)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#1f2150")), (0.35, hexc("#4b3a78")), (0.62, hexc("#c86f83")),
                          (0.78, hexc("#f4a77a")), (1.0, hexc("#f8d29a"))], 0, 1000)
    stars(cv, rng, 90, 420, hexc("#fff6e0"))
    cv.glow(1240, 860, 620, hexc("#ffd39a"), 160)
    cv.ellipse(1240, 872, 70, 70, hexc("#ffe6b8"))
    far = peaks_line(rng, 930, [(250, 170, 420), (820, 260, 520), (1450, 150, 380), (2150, 300, 560)])
    cv.polygon(fill_below(far), hexc("#8c5d86"))
    cv.mist(915, 60, hexc("#f2b18e"), 80)
    cv.polygon(fill_below(ridge_line(rng, 990, 45, waves=5)), hexc("#5c3d66"))
    cv.polygon(fill_below(ridge_line(rng, 1050, 30, waves=4)), hexc("#45304f"))
    # a ledge of dark volcanic rock in the foreground
    rock, rock_dark, rock_light = hexc("#3a2d3b"), hexc("#271e2b"), hexc("#6a4e5a")
    ctrl = [(-40, 1090), (200, 1075), (420, 1040), (640, 1000), (900, 975), (1150, 990), (1330, 1050),
            (1500, 1035), (1700, 1010), (1900, 1060), (2150, 1110), (2440, 1120)]
    ledge = chaikin(ctrl, 4, closed=False)
    cv.polygon(fill_below(ledge), rock)
    # strata: lighter bands just under the rim, darker cracks lower down
    band = [(x, y + 26 + 18 * math.sin(x / 97.0) + 10 * math.sin(x / 41.0)) for x, y in ledge]
    cv.polygon(ledge + band[::-1], rock_light, 90)
    for _ in range(16):
        x = rng.uniform(0, W)
        y = interp_y(ledge, x) + rng.uniform(70, 260)
        ln = rng.uniform(80, 220)
        cv.line(chaikin([(x, y), (x + ln * 0.4, y + rng.uniform(-12, 12)), (x + ln, y + rng.uniform(-20, 20))],
                        2, closed=False), rock_dark, rng.uniform(3, 6), 200)
    cv.line(ledge, hexc("#a86a6a"), 5, 120)                # warm rim light along the edge
    for _ in range(90):
        x = rng.uniform(0, W)
        y = rng.uniform(interp_y(ledge, x) + 30, 1350)
        r = rng.uniform(3, 10)
        cv.ellipse(x, y, r, r * 0.7, rock_dark, 200)
    # cacti sitting on the ledge, each with a soft shadow and a few stones at its foot
    plants = [(800, 150, 7), (1010, 95, 5), (610, 70, 4), (1680, 120, 6), (2080, 78, 4)]
    for x, r, _fl in plants:
        ground = interp_y(ledge, x)
        cv.ellipse(x - r * 0.25, ground + 6, r * 1.25, r * 0.22, rock_dark, 170)
    for x, r, fl in plants:
        ground = interp_y(ledge, x)
        cactus(cv, rng, x, ground - r * 0.7, r, fl)
        for _ in range(6):
            sx = x + rng.uniform(-1.1, 1.1) * r
            sr = rng.uniform(0.1, 0.22) * r
            cv.ellipse(sx, interp_y(ledge, sx) + sr * 0.3, sr * 1.3, sr * 0.8, rock)
            cv.ellipse(sx + sr * 0.25, interp_y(ledge, sx) + sr * 0.05, sr * 0.7, sr * 0.35, rock_light, 110)
    return cv.finish()


def manakin(cv: Canvas, bx: float, by: float, s: float) -> None:
    """A small white bird with black wings and tail and a red crest, perched, facing left."""
    black, white, red = hexc("#1d1d22"), hexc("#f7f5ef"), hexc("#d8262e")
    cv.polygon([(bx + 18 * s, by + 10 * s), (bx + 70 * s, by + 62 * s), (bx + 50 * s, by + 68 * s),
                (bx + 4 * s, by + 25 * s)], black)                                   # tail
    cv.ellipse(bx, by, 40 * s, 32 * s, white)                                          # body
    cv.polygon(chaikin([(bx - 8 * s, by - 20 * s), (bx + 42 * s, by - 4 * s), (bx + 34 * s, by + 24 * s),
                        (bx - 12 * s, by + 16 * s)], 2), black)                        # wing
    cv.ellipse(bx - 36 * s, by - 26 * s, 22 * s, 20 * s, white)                       # head
    cv.polygon(chaikin([(bx - 62 * s, by - 30 * s), (bx - 46 * s, by - 56 * s), (bx - 6 * s, by - 62 * s),
                        (bx + 8 * s, by - 40 * s), (bx - 40 * s, by - 40 * s)], 2), red)  # crest
    cv.polygon([(bx - 56 * s, by - 27 * s), (bx - 74 * s, by - 21 * s), (bx - 56 * s, by - 17 * s)],
               hexc("#3a3a3a"))                                                       # beak
    cv.ellipse(bx - 44 * s, by - 29 * s, 3.5 * s, 3.5 * s, black)                     # eye
    for dx in (-6, 8):
        cv.line([(bx + dx * s, by + 28 * s), (bx + (dx - 3) * s, by + 46 * s)], hexc("#6b5a4c"), 4 * s)


def fern(cv: Canvas, x: float, y: float, size: float, lean: float, color: Color, fronds: int = 5) -> None:
    for j in range(fronds):
        ang = -math.pi / 2 + lean + (j - (fronds - 1) / 2) * 0.36
        bend = 0.5 if ang > -math.pi / 2 else -0.5
        pts = []
        px, py, a = x, y, ang
        for _k in range(13):
            pts.append((px, py, a))
            px += math.cos(a) * size / 12
            py += math.sin(a) * size / 12
            a += bend / 12
        cv.line([(p[0], p[1]) for p in pts], color, size * 0.02)
        for k in range(2, 13):
            px, py, a = pts[k]
            t = k / 12
            ll = size * 0.13 * (1 - t * 0.75)
            for side in (1, -1):
                la = a + side * 1.1
                leaf(cv, px, py, la, ll, ll * 0.42, color)


def illustration_araripe() -> Image.Image:
    rng = random.Random(2002)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#93c3d3")), (0.5, hexc("#d4eae6")), (1.0, hexc("#eef5ea"))], 0, H)
    cv.glow(620, 240, 520, hexc("#fffbe8"), 150)
    # the chapada: a long, flat-topped plateau with a steep escarpment
    top = chaikin([(-40, 450), (300, 438), (700, 432), (1100, 428), (1500, 426), (1900, 430), (2440, 436)], 3, False)
    cv.polygon(fill_below(top), hexc("#86ad9b"))
    cv.polygon(top + [(x, y + 16) for x, y in reversed(top)], hexc("#b3cfbe"))
    for i in range(14):
        x = 90 + i * 170 + rng.uniform(-40, 40)
        g = chaikin([(x, 446), (x + 14, 446), (x + 70, 640), (x - 56, 640)], 2)
        cv.polygon(g, hexc("#6f9986"), 70)
    cv.mist(560, 110, hexc("#eef6f0"), 150)
    # forest layers, far to near
    for base, dark, light, size in [(650, hexc("#6f9f86"), hexc("#86b59a"), 34),
                                    (770, hexc("#4f8768"), hexc("#6aa17e"), 48),
                                    (905, hexc("#39704f"), hexc("#51896a"), 66)]:
        cv.polygon(fill_below(ridge_line(rng, base, 25, waves=5)), dark)
        x = -40.0
        while x < W + 40:
            y = base + rng.uniform(-25, 10) - 25 * math.sin(x / 260)
            tree_blob(cv, rng, x, y, size * rng.uniform(0.8, 1.25), dark, light)
            x += size * rng.uniform(0.9, 1.4)
        cv.mist(base - 30, 70, hexc("#e7f2ec"), 60)
    # forest floor
    ground = ridge_line(rng, 1010, 14, waves=3)
    cv.polygon(fill_below(ground), hexc("#2f5c3f"))
    cv.mist(1020, 40, hexc("#dfeee6"), 60)
    # a spring: water welling out under mossy rocks, falling into a pool, and flowing on
    water, water_light, deep = hexc("#8fd3dc"), hexc("#e3f7f6"), hexc("#5eaebd")
    cv.polygon(chaikin([(1190, 850), (1280, 850), (1290, 1010), (1180, 1010)], 2), water)
    for i in range(5):
        x = 1205 + i * 18
        cv.line([(x, 860), (x + 1, 1000)], water_light, 5, 140)
    for x, y, r in [(1120, 850, 80), (1350, 845, 90), (1235, 812, 95), (1060, 900, 60), (1420, 900, 70)]:
        cv.ellipse(x, y, r, r * 0.62, hexc("#55645a"))
        cv.ellipse(x - r * 0.15, y - r * 0.3, r * 0.8, r * 0.3, hexc("#5f8c5a"))
    cv.ellipse(1235, 1030, 200, 46, deep)
    cv.ellipse(1235, 1026, 170, 34, water)
    cv.ellipse(1200, 1020, 100, 14, water_light, 170)
    centre = chaikin([(1235, 1050), (1180, 1120), (1030, 1180), (960, 1270), (930, 1400)], 3, False)
    widths = [40 + 200 * (i / (len(centre) - 1)) ** 1.5 for i in range(len(centre))]
    cv.polygon(river(centre, [w + 24 for w in widths]), deep)
    cv.polygon(river(centre, widths), water)
    cv.line([(x - 12, y) for x, y in centre[4:]], water_light, 10, 150)
    for x, y, r in [(1010, 1050, 40), (1450, 1050, 50), (820, 1300, 80), (1140, 1330, 70)]:
        cv.ellipse(x, y, r, r * 0.6, hexc("#4a574d"))
        cv.ellipse(x - r * 0.1, y - r * 0.28, r * 0.75, r * 0.3, hexc("#5f8c5a"))
    # tall framing trees with the canopy out of the frame
    trunk = hexc("#3a2f25")
    cv.polygon([(60, 1360), (110, 300), (150, 0), (215, 0), (200, 400), (220, 1360)], trunk)
    cv.polygon([(2210, 1360), (2240, 500), (2260, 0), (2330, 0), (2340, 600), (2380, 1360)], trunk)
    for cx, cy in [(80, 40), (260, 20), (420, -20), (2120, 10), (2300, 60), (2420, -10)]:
        tree_blob(cv, rng, cx, cy, 120, hexc("#28523a"), hexc("#3c6d4d"))
    # the branch, with the manakin
    cv.polygon(chaikin([(2250, 820), (2000, 852), (1760, 858), (1760, 868), (2000, 866), (2250, 846)], 2), trunk)
    for x, a in [(1860, -2.2), (1960, -1.0), (2080, -2.5)]:
        leaf(cv, x, 858, a, 90, 36, hexc("#3c6d4d"), hexc("#6a9a72"), 0.4)
    manakin(cv, 1900, 800, 1.3)
    # ferns in front
    for fx, s, lean in [(330, 380, -0.3), (560, 260, 0.3), (1700, 300, -0.2), (1950, 360, 0.35)]:
        fern(cv, fx, 1365, s, lean, hexc("#1f4a30"))
    return cv.finish()


def newt(cv: Canvas, x: float, y: float, s: float, color: Color, belly: Color) -> None:
    """A brook newt seen from the side, resting on a stone, facing right."""
    body = chaikin([(x - 70 * s, y - 4 * s), (x - 20 * s, y - 14 * s), (x + 40 * s, y - 16 * s),
                    (x + 80 * s, y - 14 * s), (x + 100 * s, y - 4 * s), (x + 80 * s, y + 4 * s),
                    (x + 20 * s, y + 6 * s), (x - 40 * s, y + 6 * s)], 3)
    tail = chaikin([(x - 60 * s, y - 8 * s), (x - 140 * s, y - 4 * s), (x - 210 * s, y + 10 * s),
                    (x - 140 * s, y + 8 * s), (x - 60 * s, y + 6 * s)], 2)
    for lx, d in [(x + 55 * s, 1), (x - 25 * s, -1)]:
        cv.line([(lx, y), (lx + 14 * d * s, y + 14 * s), (lx + 26 * d * s, y + 16 * s)], color, 7 * s)
    cv.polygon(tail, color)
    cv.polygon(body, color)
    cv.polygon(chaikin([(x - 20 * s, y + 2 * s), (x + 70 * s, y), (x + 60 * s, y + 5 * s), (x - 20 * s, y + 6 * s)], 2),
               belly, 200)
    cv.ellipse(x + 84 * s, y - 8 * s, 3.2 * s, 3.2 * s, hexc("#d9c7a0"))


def illustration_montseny() -> Image.Image:
    rng = random.Random(3003)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#7fb0d8")), (0.6, hexc("#c8e0ea")), (1.0, hexc("#e9f1ec"))], 0, 800)
    cv.glow(1900, 200, 420, hexc("#fff8e0"), 130)
    far = peaks_line(rng, 640, [(300, 230, 500), (980, 330, 560), (1650, 260, 480), (2250, 200, 420)], jag=1.5)
    cv.polygon(fill_below(far), hexc("#9bb3c4"))
    cv.mist(610, 70, hexc("#e4eef2"), 120)
    mid = peaks_line(rng, 780, [(100, 180, 420), (700, 240, 520), (1400, 170, 420), (2100, 260, 560)], jag=1.0)
    cv.polygon(fill_below(mid), hexc("#6f9384"))
    for _ in range(80):
        x = rng.uniform(-30, W + 30)
        base = interp_y(mid, x) + rng.uniform(40, 200)
        conifer(cv, x, base, rng.uniform(90, 170), hexc("#3f6a58"))
    cv.mist(850, 90, hexc("#dceae6"), 90)
    # the valley: two slopes meeting at the stream
    valley = chaikin([(-40, 840), (400, 880), (900, 940), (1190, 975), (1500, 930), (2000, 860), (2440, 830)], 4, False)
    cv.polygon(fill_below(valley), hexc("#4a7a5c"))
    right = [p for p in valley if p[0] >= 1190]
    cv.polygon(fill_below(right), hexc("#558766"))
    # beech trees on the banks, larger towards the viewer
    spots = []
    for _ in range(46):
        x = rng.uniform(-40, W + 40)
        if abs(x - 1200) < 260:
            continue
        y = interp_y(valley, x) + rng.uniform(10, 140) * (1 + abs(x - 1200) / 1200)
        spots.append((y, x))
    for y, x in sorted(spots):
        h = 80 + (y - 840) * 0.9
        broadleaf_tree(cv, rng, x, y, h, hexc("#3b3126"), hexc("#2f5a43"), hexc("#4d8060"))
    # the stream, widening towards the viewer, with small cascades
    water, foam, deep = hexc("#9fd7e6"), hexc("#f2fbfd"), hexc("#5fa6bd")
    centre = chaikin([(1190, 968), (1205, 1000), (1175, 1050), (1250, 1140), (1120, 1250), (1220, 1400)], 3, False)
    n = len(centre)
    widths = [14 + 520 * (i / (n - 1)) ** 1.8 for i in range(n)]
    cv.polygon(river(centre, [w * 1.25 + 8 for w in widths]), hexc("#6b6f63"))
    cv.polygon(river(centre, widths), deep)
    cv.polygon(river(centre, [w * 0.7 for w in widths]), water)
    for i in range(6, n - 2, 3):
        (x, y), w = centre[i], widths[i]
        cv.line([(x - w * 0.32, y), (x, y + w * 0.04), (x + w * 0.32, y)], foam, 3 + w * 0.02, 190)
    # mossy boulders along the banks
    for t, side, r in [(0.35, -1, 40), (0.45, 1, 55), (0.62, -1, 80), (0.7, 1, 95), (0.86, -1, 120), (0.93, 1, 140)]:
        i = int(t * (n - 1))
        (x, y), w = centre[i], widths[i]
        bx = x + side * (w * 0.55 + r * 0.4)
        cv.ellipse(bx, y, r, r * 0.6, hexc("#5b605e"))
        cv.ellipse(bx - r * 0.2, y - r * 0.32, r * 0.78, r * 0.3, hexc("#6e9a5e"))
    # a flat stone in the stream with the brook newt on it
    cv.ellipse(1560, 1250, 210, 62, hexc("#626766"))
    cv.ellipse(1535, 1234, 170, 34, hexc("#7b807d"))
    newt(cv, 1580, 1222, 1.3, hexc("#4a3b2f"), hexc("#b88a4a"))
    for fx, s, lean in [(120, 420, 0.35), (380, 300, -0.25), (2100, 380, -0.35), (2330, 320, 0.2)]:
        fern(cv, fx, 1365, s, lean, hexc("#244836"), 4)
    return cv.finish()


def illustration_island() -> Image.Image:
    rng = random.Random(4004)
    cv = Canvas()
    horizon = 800
    cv.vertical_gradient([(0.0, hexc("#3d8fc4")), (0.6, hexc("#a9d5ea")), (1.0, hexc("#f3ead2"))], 0, horizon)
    cv.glow(1800, 560, 480, hexc("#fff3cc"), 170)
    cv.ellipse(1800, 560, 62, 62, hexc("#fff7de"))
    for cx, cy, s in [(420, 230, 1.0), (1250, 150, 0.8), (2080, 300, 0.7), (820, 420, 0.55)]:
        cloud(cv, cx, cy, s, hexc("#ffffff"), hexc("#d5e6f0"))
    cv.vertical_gradient([(0.0, hexc("#4fa3c6")), (0.5, hexc("#2f7fa8")), (1.0, hexc("#1d5a82"))], horizon, H)
    for _ in range(140):
        y = rng.uniform(horizon + 5, H)
        spread = 60 + (y - horizon) * 0.9
        x = 1800 + rng.gauss(0, spread * 0.45)
        ln = rng.uniform(14, 60) * (0.5 + (y - horizon) / 600)
        cv.line([(x - ln / 2, y), (x + ln / 2, y)], hexc("#fff6d8"), 3 + (y - horizon) / 160, 150)
    for _ in range(110):
        y = rng.uniform(horizon + 20, H)
        x = rng.uniform(0, W)
        ln = rng.uniform(30, 110) * (0.4 + (y - horizon) / 500)
        cv.line([(x, y), (x + ln, y - 2)], hexc("#7fc1dc"), 2 + (y - horizon) / 220, 110)
    cv.polygon(chaikin([(1330, horizon + 2), (1430, horizon - 34), (1540, horizon - 56), (1660, horizon - 38),
                        (1740, horizon + 2)], 3), hexc("#7ea3b0"))
    # the islet: a dome of dark volcanic rock with cliffs, topped with dry scrub
    top = chaikin([(190, 850), (260, 720), (380, 600), (520, 540), (700, 520), (860, 560), (990, 640),
                   (1100, 730), (1190, 850)], 3, False)
    cv.polygon(top, hexc("#4a3f3a"))
    for i in range(14):
        x = 250 + i * 66 + rng.uniform(-10, 10)
        y0 = interp_y(top, x) + 40
        if y0 > 800:
            continue
        cv.polygon([(x, y0), (x + 22, y0 + 6), (x + 34, 848), (x - 8, 848)], hexc("#3a312e"))
    cap = [(x, y + (30 * math.sin(math.pi * min(1, max(0, (x - 250) / 880))) ** 0.8)) for x, y in top]
    cv.polygon(top + cap[::-1], hexc("#8a9a5b"))
    for _ in range(50):
        x = rng.uniform(330, 1050)
        tree_blob(cv, rng, x, interp_y(top, x) - 4, rng.uniform(10, 22), hexc("#5f7a45"), hexc("#9cb36a"))
    cv.polygon([(150, 846), (1230, 846), (1230, 860), (150, 860)], hexc("#1d5a82"), 120)
    for x0 in range(190, 1190, 36):
        cv.ellipse(x0 + rng.uniform(-8, 8), 846 + rng.uniform(-3, 5), rng.uniform(30, 55), 9, hexc("#f4fbff"), 220)
    birds = [(1320, 330, 80, 0.2), (1450, 280, 60, 0.8), (1560, 380, 70, 0.1), (1130, 250, 50, 0.6),
             (1720, 210, 45, 0.4), (900, 330, 40, 0.9), (1900, 440, 55, 0.3), (2080, 160, 36, 0.7),
             (700, 150, 32, 0.5), (1250, 480, 46, 0.2)]
    for x, y, span, flap in birds:
        flying_bird(cv, x, y, span, hexc("#2b3440"), flap)
    flying_bird(cv, 560, 1000, 260, hexc("#1f2730"), 0.4)
    flying_bird(cv, 880, 1100, 200, hexc("#1f2730"), 0.9)
    return cv.finish()


RHINO_OUTLINE = [
    (-66, -20), (-64, -27), (-58, -31), (-50, -36), (-44, -42), (-36, -46), (-28, -49), (-18, -56),
    (-5, -57), (10, -55), (25, -55), (38, -52), (47, -44), (50, -34), (48, -24), (45, -14), (45, -2),
    (44, 0), (31, 0), (30, -12), (27, -18), (18, -19), (5, -17), (-10, -17), (-20, -18), (-21, -10),
    (-21, 0), (-35, 0), (-36, -10), (-37, -21), (-43, -23), (-52, -19), (-60, -16), (-65, -17),
]


def rhinoceros(cv: Canvas, x: float, y: float, s: float, color: Color, fold: Color) -> None:
    """A side-on one-horned rhinoceros facing left; (x, y) is the ground under its middle, s its length."""
    u = s / 110.0

    def tr(points: Iterable[Point]) -> list[Point]:
        return [(x + px * u, y + py * u) for px, py in points]

    far = hexc("#2c2b2b") if color != fold else color
    for fx in (-26, 36):                                                  # the far pair of legs
        cv.polygon(tr(chaikin([(fx - 5, -20), (fx + 6, -20), (fx + 6, 0), (fx - 6, 0)], 1)), far)
    cv.polygon(tr(chaikin(RHINO_OUTLINE, 2)), color)
    cv.polygon(tr([(-64, -27), (-66, -39), (-57, -31)]), color)           # the single horn
    cv.polygon(tr(chaikin([(-42, -43), (-45, -54), (-40, -55), (-37, -45)], 1)), color)   # ear
    cv.line(tr([(49, -42), (53, -32), (52, -26)]), color, 1.6 * u)        # tail
    if fold != color:                                                     # skin folds
        for pts in ([(-14, -55), (-11, -40), (-13, -20)], [(24, -54), (22, -38), (25, -20)],
                    [(-33, -46), (-35, -34), (-39, -24)], [(-14, -24), (24, -23)]):
            cv.line(tr(chaikin(pts, 2, closed=False)), fold, 1.1 * u, 150)


def palm(cv: Canvas, rng: random.Random, x: float, base: float, height: float, color: Color,
         lean: float) -> None:
    top = (x + lean * height, base - height)
    mid = (x + lean * height * 0.2, base - height * 0.5)
    trunk = chaikin([(x, base), mid, top], 3, closed=False)
    cv.line(trunk, color, height * 0.03)
    for k in range(10):
        ang = -math.pi / 2 + (k - 4.5) * 0.5 + rng.uniform(-0.08, 0.08)
        ln = height * rng.uniform(0.28, 0.36)
        pts = []
        px, py = top
        vx, vy = math.cos(ang), math.sin(ang)
        for _i in range(13):
            pts.append((px, py))
            px += vx * ln / 12
            py += vy * ln / 12
            vy += 0.05 + 0.02 * abs(vx)     # the frond droops more the further it reaches
            nrm = math.hypot(vx, vy)
            vx, vy = vx / nrm, vy / nrm
        cv.line(pts, color, height * 0.012)
        for i in range(2, 13):
            px, py = pts[i]
            t = i / 12
            ll = ln * 0.22 * (1 - 0.55 * t)
            for side in (-1, 1):
                cv.line([(px, py), (px + side * ll * 0.35, py + ll)], color, height * 0.006)
    cv.ellipse(top[0], top[1], height * 0.025, height * 0.02, color)


def illustration_ujung_kulon() -> Image.Image:
    rng = random.Random(5005)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#f3c98b")), (0.45, hexc("#f6dfb0")), (1.0, hexc("#e6ecc8"))], 0, 900)
    cv.glow(1250, 420, 640, hexc("#fff1c8"), 180)
    cv.ellipse(1250, 430, 90, 90, hexc("#fff6dc"))
    far = peaks_line(rng, 640, [(400, 120, 520), (1500, 90, 460), (2200, 160, 500)])
    cv.polygon(fill_below(far), hexc("#b6bf94"))
    cv.mist(620, 80, hexc("#fbeac4"), 140)
    for base, dark, light, size in [(720, hexc("#8da77a"), hexc("#a4bb8c"), 40),
                                    (820, hexc("#5f8a5a"), hexc("#78a06c"), 58)]:
        cv.polygon(fill_below(ridge_line(rng, base, 20, waves=4)), dark)
        x = -40.0
        while x < W + 40:
            tree_blob(cv, rng, x, base + rng.uniform(-20, 10), size * rng.uniform(0.8, 1.3), dark, light)
            x += size * rng.uniform(0.9, 1.4)
        cv.mist(base - 10, 60, hexc("#f7e7c0"), 70)
    for x, h, lean in [(240, 560, 0.06), (430, 450, -0.05), (1880, 590, -0.08), (2110, 480, 0.04), (2310, 420, 0.1)]:
        palm(cv, rng, x, 960, h, hexc("#3d5f3c"), lean)
    ground = ridge_line(rng, 960, 12, waves=3)
    cv.polygon(fill_below(ground), hexc("#6c7d4a"))
    # a wallow: a muddy clearing with a pool reflecting the sky
    cv.ellipse(1200, 1120, 640, 100, hexc("#8a7a55"))
    cv.ellipse(1230, 1126, 480, 64, hexc("#efd8a4"))
    cv.ellipse(1230, 1118, 360, 30, hexc("#fbeccc"), 190)
    body, folds = hexc("#403d3a"), hexc("#7a736a")
    mask = Canvas(mask=True, flip_y=1098)
    rhinoceros(mask, 1170, 1098, 460, body, body)
    pool = Image.new("L", mask.img.size, 0)
    ImageDraw.Draw(pool).ellipse([(1230 - 480) * SS, (1126 - 64) * SS, (1230 + 480) * SS, (1126 + 64) * SS], fill=90)
    cv.paste_color(hexc("#6d6350"), ImageChops.multiply(mask.img, pool))
    rhinoceros(cv, 1170, 1098, 460, body, folds)
    # large leaves framing the foreground
    dark, mid, vein = hexc("#2b4a2e"), hexc("#3e6a40"), hexc("#8db27a")
    for fx, fy, ang, ln, bend in [(-60, 1160, -0.35, 520, 0.5), (-40, 1380, -0.55, 600, 0.3),
                                  (200, 1420, -1.2, 420, 0.4), (2460, 1150, math.pi + 0.35, 520, -0.5),
                                  (2440, 1380, math.pi + 0.6, 600, -0.3), (2200, 1420, math.pi + 1.2, 420, -0.4)]:
        leaf(cv, fx, fy, ang, ln, ln * 0.34, dark)
        leaf(cv, fx, fy, ang + 0.02, ln * 0.96, ln * 0.3, mid, vein, bend * 0.1)
    for _ in range(30):
        grass_tuft(cv, rng, rng.uniform(300, 2100), rng.uniform(1200, 1360), rng.uniform(40, 90), hexc("#4f6e3a"))
    return cv.finish()


def illustration_nimba() -> Image.Image:
    rng = random.Random(6006)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#6fa7cf")), (0.5, hexc("#b9d9e6")), (1.0, hexc("#f2ecd0"))], 0, 760)
    cv.glow(600, 200, 460, hexc("#fffbe6"), 140)
    for cx, cy, s in [(1700, 250, 1.3), (520, 380, 0.8), (2250, 420, 0.6)]:
        cloud(cv, cx, cy, s, hexc("#ffffff"), hexc("#d8e5ec"))
    # the long grassy ridge, its crest in the middle distance
    far = peaks_line(rng, 720, [(300, 150, 480), (1000, 280, 640), (1800, 210, 560), (2300, 130, 420)])
    cv.polygon(fill_below(far), hexc("#8fae86"))
    # forest filling the ravines below the saddles of the ridge
    for x0, spread in [(640, 150), (1420, 190), (2070, 140)]:
        ys = interp_y(far, x0) + 25
        tongue = chaikin([(x0 - 25, ys), (x0 + 25, ys), (x0 + spread * 0.6, ys + 120), (x0 + spread, 820),
                          (x0 - spread, 820), (x0 - spread * 0.6, ys + 120)], 3)
        cv.polygon(tongue, hexc("#6f9a68"))
        for k in range(40):
            t = k / 39
            half = 25 + (spread - 25) * t ** 0.8
            y = ys + (820 - ys) * t
            for side in (-1, 1):
                tree_blob(cv, rng, x0 + side * half * rng.uniform(0.6, 0.95), y, 8 + 16 * t,
                          hexc("#6f9a68"), hexc("#86ad7c"))
    cv.mist(760, 70, hexc("#eef2e0"), 90)
    # gallery forest along the valley floor, in clumps
    valley = ridge_line(rng, 805, 12, waves=3)
    x = -30.0
    while x < W + 30:
        if rng.random() < 0.85:
            size = rng.uniform(24, 44)
            tree_blob(cv, rng, x, interp_y(valley, x) - size * 0.2, size, hexc("#4a774c"), hexc("#679663"))
        x += rng.uniform(24, 46)
    cv.polygon(fill_below(ridge_line(rng, 860, 60, waves=4)), hexc("#a8b56a"))
    cv.mist(860, 40, hexc("#f4efd2"), 50)
    near = ridge_line(rng, 1030, 80, waves=3)
    cv.polygon(fill_below(near), hexc("#c2b55c"))
    front = ridge_line(rng, 1220, 50, waves=3)
    cv.polygon(fill_below(front), hexc("#a5a04a"))
    for _ in range(90):
        y = rng.uniform(900, 1020)
        grass_tuft(cv, rng, rng.uniform(0, W), y, 8 + (y - 860) * 0.06, hexc("#93a055"), 170, 5)
    for _ in range(160):
        x = rng.uniform(0, W)
        y = rng.uniform(interp_y(near, x) + 10, 1300)
        grass_tuft(cv, rng, x, y, 18 + (y - 1000) * 0.22, hexc("#8e8a3c"), 220)
    for _ in range(120):
        y = rng.uniform(1070, 1340)
        r = 2 + (y - 1060) * 0.02
        cv.ellipse(rng.uniform(0, W), y, r, r, hexc("#f6d34a"), 230)
    for _ in range(40):
        y = rng.uniform(1260, 1390)
        grass_tuft(cv, rng, rng.uniform(0, W), y, 90 + (y - 1250) * 0.6, hexc("#6a6829"))
    return cv.finish()


ILLUSTRATIONS = {
    "mammillaria-illustration.jpg": illustration_mammillaria,
    "araripe-forest-illustration.jpg": illustration_araripe,
    "montseny-stream-illustration.jpg": illustration_montseny,
    "island-illustration.jpg": illustration_island,
    "ujung-kulon-illustration.jpg": illustration_ujung_kulon,
    "nimba-grassland-illustration.jpg": illustration_nimba,
}


def save(img: Image.Image, path: Path) -> int:
    tmp = path.with_name(path.name + ".tmp")    # write, then rename: never a half-written image
    img.save(tmp, "JPEG", quality=QUALITY, progressive=True, optimize=True, subsampling="4:2:0")
    tmp.replace(path)
    return path.stat().st_size


def main(argv: list[str]) -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    names = argv or list(ILLUSTRATIONS)
    for name in names:
        if name not in ILLUSTRATIONS:
            print(f"unknown illustration: {name}", file=sys.stderr)
            return 2
        size = save(ILLUSTRATIONS[name](), OUT_DIR / name)
        print(f"{name}: {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
