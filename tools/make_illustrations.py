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

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 2400, 1350          # final size
SS = 2                     # supersampling factor for smooth edges
QUALITY = 82

OUT_DIR = Path(__file__).resolve().parent.parent / "content" / "images"

Color = tuple[int, int, int]


# --------------------------------------------------------------------------
# colour helpers
# --------------------------------------------------------------------------

def hexc(value: str) -> Color:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def mix(a: Color, b: Color, t: float) -> Color:
    t = max(0.0, min(1.0, t))
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def rgba(c: Color, alpha: int) -> tuple[int, int, int, int]:
    return (c[0], c[1], c[2], alpha)


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

    def _pts(self, points):
        return [(x * SS, self._y(y) * SS) for x, y in points]

    def _fill(self, color: Color, alpha: int = 255):
        return 255 if self.mask else (color[0], color[1], color[2], alpha)

    # -- backgrounds
    def vertical_gradient(self, stops: list[tuple[float, Color]], y0=0.0, y1=float(H)) -> None:
        """Fill rows y0..y1 with a multi-stop vertical gradient."""
        top, bottom = int(y0 * SS), int(y1 * SS)
        height = max(1, bottom - top)
        strip = Image.new("RGB", (1, height))
        px = strip.load()
        for row in range(height):
            t = row / max(1, height - 1)
            for (pa, ca), (pb, cb) in zip(stops, stops[1:]):
                if pa <= t <= pb:
                    px[0, row] = mix(ca, cb, (t - pa) / max(1e-9, pb - pa))
                    break
            else:
                px[0, row] = stops[-1][1] if t > stops[-1][0] else stops[0][1]
        self.img.paste(strip.resize((W * SS, height), Image.Resampling.NEAREST), (0, top))

    # -- shapes
    def polygon(self, points, fill: Color, alpha: int = 255) -> None:
        self.draw.polygon(self._pts(points), fill=self._fill(fill, alpha))

    def ellipse(self, cx, cy, rx, ry, fill: Color, alpha: int = 255) -> None:
        cy = self._y(cy)
        box = [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]
        self.draw.ellipse(box, fill=self._fill(fill, alpha))

    def line(self, points, fill: Color, width: float, alpha: int = 255) -> None:
        """A polyline with round joints; round caps too when it is opaque."""
        self.draw.line(self._pts(points), fill=self._fill(fill, alpha),
                       width=max(1, round(width * SS)), joint="curve")
        if alpha == 255:
            r = width / 2
            for x, y in (points[0], points[-1]):
                self.ellipse(x, y, r, r, fill)

    def paste_color(self, color: Color, mask: Image.Image, box=(0, 0)) -> None:
        self.img.paste(color, (box[0], box[1], box[0] + mask.width, box[1] + mask.height), mask)

    def glow(self, cx, cy, radius, color: Color, strength: int = 120) -> None:
        """A soft radial glow (sun haze, light), falling off smoothly."""
        size = int(2 * radius * SS)
        mask = Image.radial_gradient("L").resize((size, size), Image.Resampling.BILINEAR)
        mask = mask.point(lambda v: round(strength * max(0.0, 1 - v / 255) ** 2))
        self.paste_color(color, mask, (int((cx - radius) * SS), int((cy - radius) * SS)))

    def mist(self, y_center, half_height, color: Color, alpha: int) -> None:
        """A horizontal band of translucent mist, strongest at y_center."""
        mask = Image.new("L", (1, H * SS), 0)
        px = mask.load()
        for row in range(H * SS):
            d = abs(row / SS - y_center) / half_height
            px[0, row] = round(alpha * max(0.0, 1 - d * d))
        self.paste_color(color, mask.resize(self.img.size, Image.Resampling.NEAREST))

    def finish(self) -> Image.Image:
        return self.img.resize((W, H), Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------
# procedural pieces
# --------------------------------------------------------------------------

def ridge_line(rng: random.Random, base: float, amp: float, *, step: float = 12.0,
               waves: int = 4, jag: float = 0.0, x0: float = -20, x1: float = W + 20):
    """A smooth ridge: sum of a few sine waves plus optional midpoint jaggedness."""
    params = [(rng.uniform(0.6, 1.0) / (k + 1) ** 0.8, rng.uniform(0.5, 1.5) * (k + 1),
               rng.uniform(0, 2 * math.pi)) for k in range(waves)]
    norm = sum(p[0] for p in params)
    pts = []
    x = x0
    while x <= x1 + step:
        t = x / W
        v = sum(a * math.sin(2 * math.pi * f * t + ph) for a, f, ph in params) / norm
        pts.append([x, base - amp * v])
        x += step
    if jag:
        for p in pts:
            p[1] += rng.uniform(-jag, jag)
    return [(x, y) for x, y in pts]


def peaks_line(rng: random.Random, base: float, peaks: list[tuple[float, float, float]],
               step: float = 8.0, jag: float = 0.0):
    """Mountain ridge from explicit peaks (x, height, half-width), with soft shoulders."""
    pts = []
    x = -20.0
    while x <= W + 20 + step:
        h = 0.0
        for px, ph, pw in peaks:
            d = abs(x - px) / pw
            if d < 1:
                # a cone with a rounded top and concave flanks
                h = max(h, ph * (1 - d) ** 1.6 * (1 - 0.15 * (1 - d) ** 8))
        y = base - h + (rng.uniform(-jag, jag) if jag else 0)
        pts.append((x, y))
        x += step
    return pts


def fill_below(line, bottom: float = H + 20):
    return list(line) + [(line[-1][0], bottom), (line[0][0], bottom)]


def tree_blob(cv: Canvas, rng: random.Random, x, y, size, dark: Color, light: Color) -> None:
    """A rounded broadleaf canopy made of overlapping circles, lit from the upper left."""
    lobes = [(rng.uniform(-0.6, 0.6) * size, rng.uniform(-0.5, 0.2) * size,
              rng.uniform(0.45, 0.7) * size) for _ in range(5)]
    for dx, dy, r in lobes:
        cv.ellipse(x + dx, y + dy, r, r * 0.92, dark)
    for dx, dy, r in lobes[:3]:
        cv.ellipse(x + dx - r * 0.18, y + dy - r * 0.2, r * 0.62, r * 0.55, light)


def conifer(cv: Canvas, x, base, height, color: Color, width_ratio=0.32) -> None:
    w = height * width_ratio
    tiers = 4
    for i in range(tiers):
        top = base - height + i * height * 0.18
        bot = base - height * 0.12 - (tiers - 1 - i) * height * 0.12
        ww = w * (0.45 + 0.55 * (i + 1) / tiers)
        cv.polygon([(x, top), (x + ww, bot), (x - ww, bot)], color)
    cv.polygon([(x - w * 0.06, base - height * 0.15), (x + w * 0.06, base - height * 0.15),
                (x + w * 0.06, base), (x - w * 0.06, base)], color)


def grass_tuft(cv: Canvas, rng: random.Random, x, y, size, color: Color, alpha=255) -> None:
    for _ in range(7):
        ang = rng.uniform(-0.9, 0.9)
        length = size * rng.uniform(0.6, 1.0)
        tip = (x + math.sin(ang) * length, y - math.cos(ang) * length)
        mid = (x + math.sin(ang) * length * 0.45, y - math.cos(ang) * length * 0.55)
        w = size * 0.06
        cv.polygon([(x - w, y), mid, tip, (x + w, y)], color, alpha)


def flying_bird(cv: Canvas, x, y, span, color: Color, flap: float = 0.0) -> None:
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
        x, y = rng.uniform(0, W), rng.uniform(0, y_max) ** 1.0
        r = rng.choice((1.6, 2.0, 2.4, 3.2))
        a = round(255 * (1 - y / y_max) ** 0.7 * rng.uniform(0.5, 1.0))
        cv.ellipse(x, y, r, r, color, a)


# --------------------------------------------------------------------------
# the illustrations
# --------------------------------------------------------------------------

def cactus(cv: Canvas, rng: random.Random, cx, cy, r, body: Color, shade: Color, light: Color,
           spine: Color, flower: Color, flower_centre: Color, flowers: int) -> None:
    """A globular cactus: a squat sphere with ribs, rows of spine clusters and a crown of flowers."""
    ry = r * 0.92
    cv.ellipse(cx + r * 0.08, cy + r * 0.05, r, ry, shade)
    cv.ellipse(cx, cy, r, ry, body)
    cv.ellipse(cx - r * 0.28, cy - r * 0.3, r * 0.55, ry * 0.5, light, 110)
    # ribs: meridian curves
    ribs = 9
    for i in range(1, ribs):
        u = -1 + 2 * i / ribs
        pts = []
        for k in range(25):
            v = -math.pi / 2 + math.pi * k / 24
            pts.append((cx + r * u * math.cos(v) * 0.98, cy + ry * math.sin(v) * 0.98))
        cv.line(pts, shade, max(2.0, r * 0.018), 150)
    # spine clusters: small star-like tufts on a grid over the sphere
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
    # crown of flowers
    for j in range(flowers):
        ang = math.pi * (0.15 + 0.7 * (j + 0.5) / flowers)
        fx = cx - math.cos(ang) * r * 0.72
        fy = cy - ry * 0.62 - math.sin(ang) * r * 0.16 + rng.uniform(-2, 2)
        fr = r * rng.uniform(0.11, 0.14)
        for p in range(7):
            pa = p * 2 * math.pi / 7 + j
            cv.ellipse(fx + math.cos(pa) * fr * 0.6, fy + math.sin(pa) * fr * 0.45,
                       fr * 0.55, fr * 0.35, flower)
        cv.ellipse(fx, fy, fr * 0.3, fr * 0.24, flower_centre)


def illustration_mammillaria() -> Image.Image:
    rng = random.Random(1001)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#1f2150")), (0.35, hexc("#4b3a78")), (0.62, hexc("#c86f83")),
                          (0.78, hexc("#f4a77a")), (1.0, hexc("#f8d29a"))], 0, 980)
    stars(cv, rng, 90, 420, hexc("#fff6e0"))
    cv.glow(1650, 900, 520, hexc("#ffd39a"), 170)
    cv.ellipse(1650, 905, 70, 70, hexc("#ffe6b8"))
    # distant ranges of dusky volcanic hills
    far = peaks_line(rng, 930, [(250, 170, 420), (820, 260, 520), (1450, 150, 380), (2150, 300, 560)])
    cv.polygon(fill_below(far), hexc("#8c5d86"))
    cv.mist(920, 60, hexc("#f2b18e"), 90)
    mid = ridge_line(rng, 1000, 60, waves=5)
    cv.polygon(fill_below(mid), hexc("#5c3d66"))
    near = ridge_line(rng, 1080, 40, waves=4)
    cv.polygon(fill_below(near), hexc("#3c2a4a"))
    # volcanic rock: faceted boulders in the foreground
    rock_dark, rock_mid, rock_light = hexc("#2a2230"), hexc("#3d3040"), hexc("#5a4452")
    boulders = [
        [(380, 1400), (430, 1120), (620, 1010), (900, 990), (1150, 1060), (1300, 1400)],
        [(1050, 1400), (1180, 1140), (1420, 1060), (1700, 1080), (1900, 1190), (2000, 1400)],
        [(-20, 1400), (-20, 1160), (150, 1110), (360, 1180), (520, 1400)],
        [(1800, 1400), (1920, 1230), (2150, 1170), (2420, 1200), (2420, 1400)],
    ]
    for b in boulders:
        cv.polygon(b, rock_mid)
        # lit facet on the sunward (right-hand) side, shadow on the left
        xs = [p[0] for p in b]
        cxb = (min(xs) + max(xs)) / 2
        top = min(b, key=lambda p: p[1])
        cv.polygon([top, (max(xs) - 40, 1400), (cxb + 30, 1400)], rock_light, 150)
        cv.polygon([top, (min(xs) + 30, 1400), (cxb - 60, 1400)], rock_dark, 170)
    # vesicles (small holes) in the rock
    for _ in range(70):
        x, y = rng.uniform(0, W), rng.uniform(1120, 1350)
        r = rng.uniform(3, 9)
        cv.ellipse(x, y, r, r * 0.7, rock_dark, 200)
    # the cacti
    body, shade, light = hexc("#5f8a5a"), hexc("#3f6446"), hexc("#b7d39a")
    spine, flower, centre = hexc("#f4ead8"), hexc("#e8679b"), hexc("#fbe27a")
    cactus(cv, rng, 860, 930, 150, body, shade, light, spine, flower, centre, 7)
    cactus(cv, rng, 1090, 985, 95, body, shade, light, spine, flower, centre, 5)
    cactus(cv, rng, 1560, 1010, 120, body, shade, light, spine, flower, centre, 6)
    cactus(cv, rng, 690, 1015, 70, body, shade, light, spine, flower, centre, 4)
    cactus(cv, rng, 2130, 1130, 80, body, shade, light, spine, flower, centre, 4)
    # warm rim light across the scene
    cv.mist(1350, 300, hexc("#ff9f6e"), 28)
    return cv.finish()


def illustration_araripe() -> Image.Image:
    rng = random.Random(2002)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#9fcad6")), (0.55, hexc("#d7ebe4")), (1.0, hexc("#eef5ea"))], 0, H)
    cv.glow(500, 260, 420, hexc("#fffbe8"), 150)
    # the chapada: a long flat-topped plateau with a steep, forested escarpment
    plateau = [(-20, 420), (300, 410), (900, 400), (1500, 405), (2100, 395), (2420, 400)]
    esc = []
    for x, y in plateau:
        esc.append((x, y))
    cv.polygon(fill_below(esc), hexc("#8fb7a6"))
    cv.mist(470, 90, hexc("#eef6f0"), 150)
    # escarpment face with vertical gullies
    for i in range(26):
        x = i * 100 + rng.uniform(-20, 20)
        cv.polygon([(x, 430), (x + 30, 430), (x + 60 + rng.uniform(0, 40), 700), (x - 10, 700)], hexc("#7aa593"), 120)
    # forest layers, far to near
    layers = [
        (640, hexc("#6f9f86"), hexc("#86b59a"), 34, 1.0),
        (760, hexc("#4f8768"), hexc("#6aa17e"), 48, 0.8),
        (900, hexc("#39704f"), hexc("#51896a"), 64, 0.9),
    ]
    for base, dark, light, size, density in layers:
        band = ridge_line(rng, base, 25, waves=5)
        cv.polygon(fill_below(band), dark)
        x = -40.0
        while x < W + 40:
            y = base + rng.uniform(-25, 10) - 25 * math.sin(x / 260)
            tree_blob(cv, rng, x, y, size * rng.uniform(0.8, 1.25), dark, light)
            x += size * rng.uniform(0.9, 1.5) / density
        cv.mist(base - 30, 70, hexc("#e7f2ec"), 70)
    # a spring: water falling from a rocky ledge into a chain of pools
    water, water_light = hexc("#8fd3dc"), hexc("#e3f7f6")
    cv.polygon([(1180, 760), (1290, 760), (1330, 830), (1140, 830)], hexc("#5f6f63"))
    cv.polygon([(1205, 770), (1265, 770), (1280, 1000), (1190, 1000)], water, 230)
    for i in range(6):
        x = 1210 + i * 11
        cv.line([(x, 780), (x + 2, 990)], water_light, 4, 170)
    # ground and pools
    ground = ridge_line(rng, 1040, 18, waves=3)
    cv.polygon(fill_below(ground), hexc("#2f5c3f"))
    cv.ellipse(1235, 1030, 190, 45, water)
    cv.ellipse(1215, 1022, 120, 22, water_light, 170)
    stream = [(1235, 1060), (1180, 1120), (1060, 1180), (980, 1260), (900, 1360)]
    cv.line(stream, water, 70)
    cv.line([(p[0] - 10, p[1]) for p in stream], water_light, 14, 160)
    # foreground ferns and leaves
    fern = hexc("#1f4a30")
    for fx, fy, s, lean in [(180, 1350, 330, -0.4), (420, 1360, 260, 0.3), (2050, 1350, 360, 0.45),
                            (2280, 1360, 280, -0.2), (1650, 1360, 220, 0.2)]:
        for j in range(5):
            ang = lean + (j - 2) * 0.32
            tip = (fx + math.sin(ang) * s, fy - math.cos(ang) * s)
            ctrl = (fx + math.sin(ang) * s * 0.5 + (j - 2) * 20, fy - math.cos(ang) * s * 0.7)
            cv.line([(fx, fy), ctrl, tip], fern, 9)
            for k in range(1, 9):
                t = k / 9
                px = fx + (tip[0] - fx) * t
                py = fy + (tip[1] - fy) * t
                ll = s * 0.16 * (1 - t * 0.7)
                cv.polygon([(px, py), (px - ll * math.cos(ang) - ll * 0.4, py - ll * 0.5), (px, py - 8)], fern)
                cv.polygon([(px, py), (px + ll * math.cos(ang) + ll * 0.4, py - ll * 0.5), (px, py - 8)], fern)
    # a small white-and-black manakin with a red crest on a branch
    branch = [(1540, 880), (1700, 860), (1860, 875)]
    cv.line(branch, hexc("#3b2d22"), 12)
    bx, by = 1700, 820
    cv.polygon([(bx + 18, by + 10), (bx + 70, by + 60), (bx + 52, by + 66), (bx + 5, by + 25)], hexc("#1d1d22"))  # tail
    cv.ellipse(bx, by, 40, 32, hexc("#f7f5ef"))                    # body
    cv.polygon([(bx - 8, by - 18), (bx + 40, by - 2), (bx + 30, by + 26), (bx - 10, by + 18)], hexc("#1d1d22"))  # wing
    cv.ellipse(bx - 36, by - 26, 22, 20, hexc("#f7f5ef"))          # head
    cv.polygon([(bx - 62, by - 30), (bx - 44, by - 56), (bx - 8, by - 60), (bx + 6, by - 38), (bx - 40, by - 40)],
               hexc("#d8262e"))                                    # crest
    cv.polygon([(bx - 56, by - 26), (bx - 74, by - 20), (bx - 56, by - 18)], hexc("#3a3a3a"))  # beak
    cv.ellipse(bx - 44, by - 28, 3.5, 3.5, hexc("#1d1d22"))         # eye
    cv.line([(bx - 6, by + 28), (bx - 10, by + 44)], hexc("#6b5a4c"), 4)
    cv.line([(bx + 8, by + 28), (bx + 6, by + 44)], hexc("#6b5a4c"), 4)
    return cv.finish()


def illustration_montseny() -> Image.Image:
    rng = random.Random(3003)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#7fb0d8")), (0.6, hexc("#c8e0ea")), (1.0, hexc("#e9f1ec"))], 0, 800)
    cv.glow(1900, 200, 380, hexc("#fff8e0"), 130)
    far = peaks_line(rng, 640, [(300, 230, 500), (980, 330, 560), (1650, 260, 480), (2250, 200, 420)], jag=2)
    cv.polygon(fill_below(far), hexc("#9bb3c4"))
    cv.mist(620, 70, hexc("#e4eef2"), 120)
    mid = peaks_line(rng, 760, [(100, 180, 420), (700, 240, 520), (1400, 170, 420), (2100, 260, 560)], jag=2)
    cv.polygon(fill_below(mid), hexc("#6f9384"))
    # fir and beech forest on the slopes either side of the valley
    for i in range(70):
        x = rng.uniform(-30, W + 30)
        if 900 < x < 1500:
            continue
        base = 760 + rng.uniform(-10, 160) + abs(x - 1200) * 0.08
        conifer(cv, x, base, rng.uniform(110, 200), hexc("#355f4f"))
    cv.mist(830, 80, hexc("#dceae6"), 70)
    # valley sides, V-shaped towards the stream
    left = [(-20, 820), (400, 860), (800, 930), (1060, 1010), (1150, 1360), (-20, 1360)]
    right = [(2420, 800), (2000, 850), (1600, 930), (1340, 1010), (1260, 1360), (2420, 1360)]
    cv.polygon(left, hexc("#3f6b52"))
    cv.polygon(right, hexc("#467459"))
    for i in range(40):
        side = -1 if i % 2 else 1
        x = 1200 + side * rng.uniform(320, 1250)
        base = 880 + abs(x - 1200) * -0.06 + rng.uniform(30, 200)
        tree_blob(cv, rng, x, base, rng.uniform(40, 70), hexc("#2f5a43"), hexc("#4d8060"))
    # the stream: widening as it comes towards us, with cascades over rocks
    water, foam, deep = hexc("#9fd7e6"), hexc("#f2fbfd"), hexc("#5fa6bd")
    stream = [(1180, 980), (1215, 1030), (1170, 1090), (1240, 1160), (1150, 1250), (1230, 1360)]
    for width, col, a in [(150, deep, 255), (105, water, 255), (30, foam, 170)]:
        cv.line([(x, y) for x, y in stream], col, width * 0.6, a)
    cv.polygon([(1060, 1360), (1130, 1200), (1290, 1200), (1420, 1360)], deep)
    cv.polygon([(1110, 1360), (1160, 1230), (1260, 1230), (1360, 1360)], water)
    for i in range(9):
        y = 1240 + i * 14
        cv.line([(1150 + i * 4, y), (1190 + i * 7, y + 4)], foam, 6, 180)
        cv.line([(1250 - i * 3, y + 6), (1300 + i * 6, y + 10)], foam, 5, 150)
    # mossy boulders along the banks
    for x, y, r in [(980, 1250, 110), (1420, 1260, 130), (1090, 1330, 80), (1330, 1340, 70),
                    (860, 1320, 90), (1560, 1330, 100)]:
        cv.ellipse(x, y, r, r * 0.6, hexc("#59605f"))
        cv.ellipse(x - r * 0.2, y - r * 0.32, r * 0.75, r * 0.3, hexc("#6e9a5e"))
    # a little brook newt on a wet stone, drawn as a simple silhouette
    nx, ny = 1420, 1195
    newt = hexc("#3a2f28")
    cv.line([(nx - 70, ny + 6), (nx - 30, ny), (nx + 20, ny + 2), (nx + 55, ny - 4), (nx + 90, ny + 8)], newt, 16)
    cv.line([(nx - 70, ny + 6), (nx - 120, ny + 14), (nx - 150, ny + 8)], newt, 7)
    cv.ellipse(nx + 92, ny + 6, 16, 12, newt)
    for lx, d in [(nx + 40, 1), (nx - 20, -1)]:
        cv.line([(lx, ny), (lx + 10 * d, ny + 16), (lx + 22 * d, ny + 20)], newt, 6)
    # ferns in the foreground
    fern = hexc("#244836")
    for fx, s, lean in [(120, 380, 0.35), (380, 280, -0.25), (2100, 340, -0.35), (2330, 300, 0.2)]:
        for j in range(4):
            ang = lean + (j - 1.5) * 0.35
            tip = (fx + math.sin(ang) * s, 1360 - math.cos(ang) * s)
            cv.line([(fx, 1360), tip], fern, 8)
            for k in range(1, 10):
                t = k / 10
                px, py = fx + (tip[0] - fx) * t, 1360 + (tip[1] - 1360) * t
                ll = s * 0.14 * (1 - t * 0.75)
                cv.ellipse(px - ll * 0.6, py - ll * 0.2, ll * 0.6, ll * 0.22, fern)
                cv.ellipse(px + ll * 0.6, py - ll * 0.2, ll * 0.6, ll * 0.22, fern)
    return cv.finish()


def illustration_island() -> Image.Image:
    rng = random.Random(4004)
    cv = Canvas()
    horizon = 800
    cv.vertical_gradient([(0.0, hexc("#3d8fc4")), (0.6, hexc("#a9d5ea")), (1.0, hexc("#f3ead2"))], 0, horizon)
    cv.glow(1800, 560, 460, hexc("#fff3cc"), 170)
    cv.ellipse(1800, 560, 62, 62, hexc("#fff7de"))
    # a few flat clouds
    for cx, cy, s in [(420, 240, 1.2), (1200, 170, 0.9), (2050, 300, 0.8), (800, 420, 0.7)]:
        for dx, dy, r in [(-120, 10, 70), (-40, -20, 95), (60, -5, 80), (140, 15, 55)]:
            cv.ellipse(cx + dx * s, cy + dy * s, r * s, r * s * 0.7, hexc("#ffffff"), 200)
        cv.polygon([(cx - 200 * s, cy + 40 * s), (cx + 200 * s, cy + 40 * s), (cx + 200 * s, cy + 20 * s),
                    (cx - 200 * s, cy + 20 * s)], hexc("#ffffff"), 0)
    # sea
    cv.vertical_gradient([(0.0, hexc("#4fa3c6")), (0.5, hexc("#2f7fa8")), (1.0, hexc("#1d5a82"))], horizon, H)
    # sun glitter
    for _ in range(140):
        y = rng.uniform(horizon + 5, H)
        spread = 60 + (y - horizon) * 0.9
        x = 1800 + rng.gauss(0, spread * 0.45)
        ln = rng.uniform(14, 60) * (0.5 + (y - horizon) / 600)
        cv.line([(x - ln / 2, y), (x + ln / 2, y)], hexc("#fff6d8"), 3 + (y - horizon) / 160, 160)
    # wave lines
    for _ in range(110):
        y = rng.uniform(horizon + 20, H)
        x = rng.uniform(0, W)
        ln = rng.uniform(30, 110) * (0.4 + (y - horizon) / 500)
        cv.line([(x, y), (x + ln, y - 2)], hexc("#7fc1dc"), 2 + (y - horizon) / 220, 120)
    # a distant larger island on the horizon
    dist = [(1350, horizon), (1420, horizon - 36), (1530, horizon - 58), (1650, horizon - 40), (1720, horizon)]
    cv.polygon(dist, hexc("#7ea3b0"))
    # the islet: cliffs of dark volcanic rock, topped with dry scrub
    top = [(260, 720), (380, 600), (520, 540), (700, 520), (860, 560), (980, 640), (1080, 700), (1130, 760)]
    cliff = [(200, 830)] + top + [(1180, 830)]
    cv.polygon(cliff + [(1180, 860), (200, 860)], hexc("#4a3f3a"))
    for i in range(12):
        x = 260 + i * 75
        cv.polygon([(x, 640 + rng.uniform(-40, 40)), (x + 26, 650), (x + 40, 840), (x - 10, 840)], hexc("#3a312e"), 200)
    cv.polygon([(240, 735), (380, 612), (520, 552), (700, 532), (860, 572), (980, 652), (1090, 712),
                (1070, 660), (900, 540), (700, 496), (500, 514), (360, 580)], hexc("#8a9a5b"))
    for _ in range(40):
        x = rng.uniform(380, 1000)
        y = 540 + (abs(x - 700) / 300) ** 2 * 80 + rng.uniform(-10, 10)
        tree_blob(cv, rng, x, y - 8, rng.uniform(10, 22), hexc("#5f7a45"), hexc("#9cb36a"))
    # white surf at the foot of the cliffs
    for x0 in range(200, 1180, 40):
        cv.ellipse(x0 + rng.uniform(-10, 10), 842 + rng.uniform(-4, 6), rng.uniform(30, 60), 10, hexc("#f4fbff"), 210)
    # seabirds: a loose flock, larger as they come closer
    birds = [(1320, 330, 80, 0.2), (1450, 280, 60, 0.8), (1560, 380, 70, 0.1), (1130, 250, 50, 0.6),
             (1720, 210, 45, 0.4), (900, 300, 40, 0.9), (1900, 420, 55, 0.3), (2080, 240, 36, 0.7),
             (700, 180, 32, 0.5), (1250, 480, 46, 0.2)]
    for x, y, span, flap in birds:
        flying_bird(cv, x, y, span, hexc("#2b3440"), flap)
    # two close birds in front
    flying_bird(cv, 560, 980, 260, hexc("#1f2730"), 0.4)
    flying_bird(cv, 880, 1080, 200, hexc("#1f2730"), 0.9)
    return cv.finish()


def rhinoceros(cv: Canvas, x, y, s, color: Color) -> None:
    """A side-on rhinoceros silhouette facing left; (x, y) is the ground under its middle, s its length."""
    u = s / 100.0
    c = color
    # legs
    for lx, w in [(-30, 10), (-20, 9), (22, 11), (32, 9)]:
        cv.polygon([(x + (lx - w / 2) * u, y - 26 * u), (x + (lx + w / 2) * u, y - 26 * u),
                    (x + (lx + w / 2 - 0.5) * u, y), (x + (lx - w / 2 - 1) * u, y)], c)
    # body: a large rounded barrel with a slight hump
    cv.ellipse(x, y - 36 * u, 40 * u, 21 * u, c)
    cv.ellipse(x - 8 * u, y - 44 * u, 26 * u, 15 * u, c)
    cv.ellipse(x + 22 * u, y - 38 * u, 22 * u, 18 * u, c)
    # neck and head, lowered
    cv.polygon([(x - 30 * u, y - 54 * u), (x - 48 * u, y - 48 * u), (x - 64 * u, y - 36 * u),
                (x - 70 * u, y - 26 * u), (x - 62 * u, y - 20 * u), (x - 48 * u, y - 26 * u),
                (x - 30 * u, y - 24 * u)], c)
    cv.ellipse(x - 64 * u, y - 28 * u, 8 * u, 7 * u, c)
    # a single horn
    cv.polygon([(x - 69 * u, y - 31 * u), (x - 74 * u, y - 42 * u), (x - 63 * u, y - 33 * u)], c)
    # ear
    cv.polygon([(x - 44 * u, y - 48 * u), (x - 42 * u, y - 58 * u), (x - 38 * u, y - 49 * u)], c)
    # tail
    cv.line([(x + 40 * u, y - 44 * u), (x + 44 * u, y - 30 * u)], c, 2 * u)


def palm(cv: Canvas, rng: random.Random, x, base, height, color: Color, lean: float) -> None:
    top = (x + lean * height, base - height)
    mid = (x + lean * height * 0.3, base - height * 0.55)
    cv.line([(x, base), mid, top], color, height * 0.035)
    for k in range(9):
        ang = -math.pi / 2 + (k - 4) * 0.42 + rng.uniform(-0.08, 0.08)
        ln = height * rng.uniform(0.32, 0.42)
        end = (top[0] + math.cos(ang) * ln, top[1] + math.sin(ang) * ln * 0.55 + ln * 0.35)
        ctrl = (top[0] + math.cos(ang) * ln * 0.5, top[1] + math.sin(ang) * ln * 0.5 - ln * 0.05)
        cv.line([top, ctrl, end], color, height * 0.02)
        for t in (0.35, 0.55, 0.75):
            px, py = ctrl[0] + (end[0] - ctrl[0]) * t, ctrl[1] + (end[1] - ctrl[1]) * t
            cv.line([(px, py), (px + math.cos(ang + 0.9) * ln * 0.12, py + ln * 0.12)], color, height * 0.01)
            cv.line([(px, py), (px + math.cos(ang - 0.9) * ln * 0.12, py + ln * 0.12)], color, height * 0.01)


def illustration_ujung_kulon() -> Image.Image:
    rng = random.Random(5005)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#f3c98b")), (0.45, hexc("#f6dfb0")), (1.0, hexc("#e6ecc8"))], 0, 900)
    cv.glow(1250, 420, 600, hexc("#fff1c8"), 190)
    cv.ellipse(1250, 430, 90, 90, hexc("#fff6dc"))
    # distant hills and volcano-like profile on the horizon
    far = peaks_line(rng, 640, [(400, 120, 520), (1500, 90, 460), (2200, 160, 500)])
    cv.polygon(fill_below(far), hexc("#b6bf94"))
    cv.mist(620, 80, hexc("#fbeac4"), 140)
    # forest layers
    layers = [(720, hexc("#8da77a"), hexc("#a4bb8c"), 40), (820, hexc("#5f8a5a"), hexc("#78a06c"), 58)]
    for base, dark, light, size in layers:
        band = ridge_line(rng, base, 20, waves=4)
        cv.polygon(fill_below(band), dark)
        x = -40.0
        while x < W + 40:
            tree_blob(cv, rng, x, base + rng.uniform(-20, 10), size * rng.uniform(0.8, 1.3), dark, light)
            x += size * rng.uniform(0.9, 1.4)
        cv.mist(base - 10, 60, hexc("#f7e7c0"), 80)
    # emergent palms against the glow
    for x, h, lean in [(230, 520, 0.08), (420, 430, -0.06), (1880, 560, -0.1), (2100, 470, 0.05), (2300, 400, 0.12)]:
        palm(cv, rng, x, 960, h, hexc("#3d5f3c"), lean)
    # a wallow: a muddy clearing with a pool reflecting the sky
    ground = ridge_line(rng, 960, 14, waves=3)
    cv.polygon(fill_below(ground), hexc("#6c7d4a"))
    cv.ellipse(1200, 1120, 620, 95, hexc("#8a7a55"))
    cv.ellipse(1240, 1125, 470, 62, hexc("#f2dcaa"))
    cv.ellipse(1240, 1120, 380, 36, hexc("#fbeccc"), 200)
    # the rhino, with its reflection in the pool
    rhinoceros(cv, 1180, 1085, 420, hexc("#3b3a3a"))
    refl = Canvas()
    refl.img = Image.new("RGBA", cv.img.size, (0, 0, 0, 0))
    rhinoceros(refl, 1180, 1085, 420, hexc("#3b3a3a"))
    r_img = refl.img.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    # the flipped image must be moved so the feet touch: mirror around y = 1085
    offset = (2 * 1085 - H) * SS
    shifted = Image.new("RGBA", cv.img.size, (0, 0, 0, 0))
    shifted.paste(r_img, (0, offset))
    alpha = shifted.getchannel("A").point(lambda v: v * 40 // 255)
    clip = Image.new("L", cv.img.size, 0)
    ImageDraw.Draw(clip).ellipse([(1240 - 470) * SS, (1125 - 62) * SS, (1240 + 470) * SS, (1125 + 62) * SS], fill=255)
    from PIL import ImageChops
    shifted.putalpha(ImageChops.multiply(alpha, clip))
    cv.img.alpha_composite(shifted)
    # large leaves framing the foreground
    leaf_dark, leaf_mid = hexc("#2b4a2e"), hexc("#3e6a40")
    for fx, fy, ang, ln in [(-40, 1200, -0.6, 520), (60, 1380, -0.2, 600), (2440, 1180, 3.7, 540),
                            (2360, 1400, 3.35, 620), (300, 1400, -0.9, 380), (2080, 1400, 4.0, 380)]:
        ex, ey = fx + math.cos(ang) * ln, fy + math.sin(ang) * ln
        nx, ny = -(ey - fy) / ln, (ex - fx) / ln
        wdt = ln * 0.2
        mx, my = (fx + ex) / 2, (fy + ey) / 2
        cv.polygon([(fx, fy), (mx + nx * wdt, my + ny * wdt), (ex, ey), (mx - nx * wdt, my - ny * wdt)], leaf_dark)
        cv.polygon([(fx, fy), (mx + nx * wdt * 0.9, my + ny * wdt * 0.9), (ex, ey)], leaf_mid)
        cv.line([(fx, fy), (ex, ey)], hexc("#7fa56f"), 4, 160)
    for _ in range(30):
        grass_tuft(cv, rng, rng.uniform(0, W), rng.uniform(1180, 1360), rng.uniform(40, 90), hexc("#4f6e3a"))
    return cv.finish()


def illustration_nimba() -> Image.Image:
    rng = random.Random(6006)
    cv = Canvas()
    cv.vertical_gradient([(0.0, hexc("#6fa7cf")), (0.5, hexc("#b9d9e6")), (1.0, hexc("#f2ecd0"))], 0, 760)
    cv.glow(600, 200, 420, hexc("#fffbe6"), 140)
    # towering cumulus
    for cx, cy, s in [(1700, 330, 1.5), (600, 420, 0.9), (2250, 420, 0.8)]:
        for dx, dy, r in [(-150, 40, 80), (-60, -10, 110), (60, -60, 120), (170, 10, 95), (250, 50, 60),
                          (0, 60, 110), (-230, 70, 50)]:
            cv.ellipse(cx + dx * s, cy + dy * s, r * s, r * s * 0.85, hexc("#ffffff"), 225)
        cv.ellipse(cx, cy + 80 * s, 260 * s, 35 * s, hexc("#dfe9ee"), 200)
    # a long ridge of montane grassland, the highest crest in the middle distance
    far = peaks_line(rng, 700, [(300, 140, 480), (1000, 260, 620), (1800, 200, 560), (2300, 120, 400)])
    cv.polygon(fill_below(far), hexc("#8fae86"))
    cv.mist(700, 60, hexc("#eef2e0"), 110)
    # forested ravines cutting into the slopes
    for x in (560, 1320, 2050):
        pts = [(x - 60, 560), (x + 40, 560), (x + 140, 900), (x - 160, 900)]
        cv.polygon(pts, hexc("#4f7a50"), 230)
        for k in range(14):
            tree_blob(cv, rng, x + rng.uniform(-110, 110), 640 + k * 18, rng.uniform(18, 30),
                      hexc("#3f6a44"), hexc("#5d8c5c"))
    mid = ridge_line(rng, 860, 70, waves=4)
    cv.polygon(fill_below(mid), hexc("#a8b56a"))
    cv.mist(860, 50, hexc("#f4efd2"), 60)
    near = ridge_line(rng, 1040, 80, waves=3)
    cv.polygon(fill_below(near), hexc("#c2b55c"))
    front = ridge_line(rng, 1220, 50, waves=3)
    cv.polygon(fill_below(front), hexc("#9f9a45"))
    # grass tufts: sparse and small far away, larger close by
    for _ in range(160):
        y = rng.uniform(880, 1040)
        grass_tuft(cv, rng, rng.uniform(0, W), y, 10 + (y - 860) * 0.08, hexc("#8a9550"), 200)
    for _ in range(220):
        y = rng.uniform(1040, 1360)
        grass_tuft(cv, rng, rng.uniform(0, W), y, 20 + (y - 1040) * 0.25, hexc("#7c7a36"), 230)
    for _ in range(35):
        y = rng.uniform(1250, 1380)
        grass_tuft(cv, rng, rng.uniform(0, W), y, 90 + (y - 1250) * 0.6, hexc("#646326"))
    # small yellow flowers among the grass
    for _ in range(120):
        y = rng.uniform(1060, 1340)
        r = 2 + (y - 1060) * 0.02
        cv.ellipse(rng.uniform(0, W), y, r, r, hexc("#f6d34a"), 230)
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
    tmp = path.with_suffix(".tmp")
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
