"""The image pipeline: sizing maths, real pixels, metadata, the cache, bad input, cards.

Every image here is made by the test itself with Pillow, small unless size matters.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import struct
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import IMAGES_YAML, SITE_MD, MakeSite, jpeg, own
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageDraw, ImageFont, features

from aze_site.build import BuildOptions, BuildResult, build
from aze_site.cli import main
from aze_site.errors import BuildFailed
from aze_site.images import cards, fonts, jpegpatch, making
from aze_site.images import pixels as images_module
from aze_site.images.cards import HEIGHT, PHOTO_LEFT, WIDTH, card_patch, draw_card, fit_title
from aze_site.images.maths import (
    EXTENSIONS,
    FORMATS,
    PIPELINE_VERSION,
    ROLES,
    Box,
    Derivative,
    Role,
    crop_box,
    plan_role,
    scaled_height,
    target_widths,
)
from aze_site.images.pixels import PAPER, process_source, read_image_info
from aze_site.images.planner import Planner, SocialCard
from aze_site.publish.blobs import MemoryWriter

SITE = "content/sites/chapada-do-araripe.md"
NO_CREDIT = "no photo is published without its credit and alt text"
RATIOS = [None, (3, 2), (1, 1), (1200, 630)]
SMALL_ROLE = Role((32, 64), None, "100vw")  # two real downscales of an 80 px wide source

RED, GREEN, BLUE = (255, 0, 0), (0, 160, 0), (0, 0, 255)

# -- helpers ---------------------------------------------------------------------------


def saved(im: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def opened(data: bytes) -> Image.Image:
    """A fully decoded copy of an encoded image, with its format and info kept."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        copy = im.copy()
        copy.format = im.format
        copy.info = dict(im.info)
        return copy


def at(im: Image.Image, fx: float, fy: float) -> tuple[int, ...]:
    """The pixel at a fraction of the width and height."""
    value = im.getpixel((min(im.width - 1, int(fx * im.width)), min(im.height - 1, int(fy * im.height))))
    assert isinstance(value, tuple)
    return value


def near(got: tuple[int, ...], want: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(got, want, strict=True))


def derivatives_of(path: Path, role: Role = SMALL_ROLE,
                   focal: tuple[float, float] = (0.5, 0.5)) -> tuple[Derivative, ...]:
    info = read_image_info(path.read_bytes())
    assert not isinstance(info, str), info
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]  # as images.yaml's loader
    return plan_role(path.name, digest, info.width, info.height, role, focal)


def process(path: Path, cache: Path, role: Role = SMALL_ROLE) -> dict[Derivative, bytes]:
    """Every derivative of one source, made for real; returns their bytes."""
    planned = derivatives_of(path, role)
    made = process_source(path, planned, cache)
    assert sorted(made) == sorted(d.name for d in planned)
    return {d: (cache / d.name).read_bytes() for d in planned}


def write_site(make_site: MakeSite, files: dict[str, str | None] | None = None,
               blobs: dict[str, bytes] | None = None) -> Path:
    """The fixture site, with text files and then binary files (e.g. photos) replaced."""
    root = make_site(files)
    for rel, data in (blobs or {}).items():
        (root / rel).write_bytes(data)
    return root


def memory_build(root: Path, **options: object) -> tuple[BuildResult, dict[str, bytes]]:
    memory = MemoryWriter()
    result = build(BuildOptions(root=root, jobs=1, **options), memory=memory)  # type: ignore[arg-type]
    return result, memory.files


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def with_site_hero(key: str) -> str:
    """The Chapada do Araripe site with `hero: key` on line 8 (the value at column 7)."""
    return SITE_MD.replace("protection: partial\n", f"protection: partial\nhero: {key}\n")


def images_yaml(extra: str) -> str:
    return IMAGES_YAML + extra


# -- 1. pure maths ---------------------------------------------------------------------

sizes = st.integers(1, 6000)
fractions = st.floats(0, 1, allow_nan=False)
ratios = st.sampled_from(RATIOS)


@given(sizes, sizes, ratios, fractions, fractions)
@example(1, 1, (1200, 630), 0.0, 1.0)
@example(6000, 1, (1, 1), 1.0, 0.5)
@example(1, 6000, (3, 2), 0.5, 0.0)
def test_crop_box_stays_inside_the_image_with_the_ratio(
    width: int, height: int, ratio: tuple[int, int] | None, fx: float, fy: float
) -> None:
    box = crop_box(width, height, ratio, (fx, fy))
    assert 0 <= box.left < box.right <= width
    assert 0 <= box.top < box.bottom <= height
    if ratio is None:
        assert box == Box(0, 0, width, height)
        return
    rw, rh = ratio
    # the largest such box: one side is the whole image, the other is derived within 1 px
    assert box.width == width or box.height == height
    if box.width == width:
        assert abs(box.height - box.width * rh / rw) <= 1
    else:
        assert abs(box.width - box.height * rw / rh) <= 1


@given(sizes, sizes, ratios, fractions, fractions)
@example(3000, 2000, (1, 1), 0.0, 0.5)
@example(3000, 2000, (1, 1), 1.0, 0.5)
@example(2000, 3000, (3, 2), 0.5, 0.99)
def test_crop_box_keeps_the_focal_point_in_frame(
    width: int, height: int, ratio: tuple[int, int] | None, fx: float, fy: float
) -> None:
    box = crop_box(width, height, ratio, (fx, fy))
    for focal, low, high, size, full in ((fx * width, box.left, box.right, box.width, width),
                                         (fy * height, box.top, box.bottom, box.height, height)):
        assert low - 0.5 <= focal <= high + 0.5  # always in frame
        if focal - size / 2 >= 0 and focal + size / 2 <= full:
            assert abs((low + high) / 2 - focal) <= 1  # centred on it where that fits
        elif focal - size / 2 < 0:
            assert low == 0  # otherwise pushed to the nearest edge
        else:
            assert high == full


@given(st.integers(1, 6000), st.sampled_from(sorted(ROLES)))
@example(1, "thumb")
@example(96, "thumb")
@example(2400, "hero")
def test_target_widths_never_upscale(box_width: int, role: str) -> None:
    widths = target_widths(box_width, ROLES[role].widths)
    assert widths
    assert all(0 < w <= box_width for w in widths)
    assert list(widths) == sorted(set(widths))
    fitting = [w for w in ROLES[role].widths if w <= box_width]
    assert list(widths) == (fitting or [box_width])


@given(sizes, sizes, ratios, st.integers(1, 6000))
def test_scaled_height_keeps_the_aspect(width: int, height: int, ratio: tuple[int, int] | None,
                                        target: int) -> None:
    box = crop_box(width, height, ratio)
    out = scaled_height(box, target)
    assert out >= 1
    assert abs(out - target * box.height / box.width) <= 1


@given(sizes, sizes, st.sampled_from(sorted(ROLES)), fractions, fractions)
def test_plan_role_makes_one_derivative_per_width_and_format(
    width: int, height: int, role_name: str, fx: float, fy: float
) -> None:
    role = ROLES[role_name]
    planned = plan_role("bird.jpg", "d1g35t", width, height, role, (fx, fy))
    box = crop_box(width, height, role.ratio, (fx, fy))
    widths = target_widths(box.width, role.widths)
    assert len(planned) == len(widths) * len(role.formats)
    assert {(d.width, d.format) for d in planned} == {(w, f) for w in widths for f in role.formats}
    for d in planned:
        assert d.box == box and d.key == "bird.jpg" and d.digest == "d1g35t"
        assert d.height == scaled_height(box, d.width)
        assert d.width <= box.width
    assert len({d.name for d in planned}) == len(planned)


BASE = Derivative("mammillaria-schwarzii.jpg", "0123456789abcdef", Box(0, 10, 300, 210), 160, 107,
                  "avif")


def test_derivative_name_is_deterministic_and_readable() -> None:
    same = Derivative(BASE.key, BASE.digest, Box(0, 10, 300, 210), 160, 107, "avif")
    assert same.name == BASE.name
    assert re.fullmatch(r"mammillaria-schwarzii-160w-[0-9a-f]{12}\.avif", BASE.name)
    assert BASE.path == f"img/{BASE.name}"
    for fmt in FORMATS:
        assert dataclasses.replace(BASE, format=fmt).name.endswith("." + EXTENSIONS[fmt])


@pytest.mark.parametrize("change", [
    {"digest": "fedcba9876543210"},
    {"width": 161},
    {"box": Box(1, 10, 301, 210)},
    {"box": Box(0, 10, 300, 209)},
    {"format": "webp"},
    {"format": "jpeg"},
], ids=["digest", "width", "box-moved", "box-resized", "webp", "jpeg"])
def test_derivative_name_changes_with_its_parameters(change: dict[str, object]) -> None:
    assert dataclasses.replace(BASE, **change).name != BASE.name  # type: ignore[arg-type]


def test_planner_picture_offers_avif_and_webp_with_a_jpeg_fallback() -> None:
    from aze_site.model import Image as Photo
    from aze_site.model import Source

    photo = Photo("hero.jpg", "Alt", "Credit", None, None, (0.5, 0.5), 2400, 1350, "abc",
                  Source("content/images/images.yaml", 1, 1))
    planner = Planner({"hero.jpg": photo}, rel=lambda url: url)
    view = planner.picture("hero.jpg", "hero")
    assert view is not None
    assert [t for t, _ in view.sources] == ["image/avif", "image/webp"]
    for _, srcset in view.sources:
        assert [c.rsplit(" ", 1)[1] for c in srcset.split(", ")] == [
            "640w", "960w", "1280w", "1920w", "2400w"]
    assert re.fullmatch(r"/img/hero-1280w-[0-9a-f]{12}\.jpg", view.src)
    assert (view.width, view.height) == (2400, 1350)
    assert len(planner.derivatives) == 15
    assert planner.picture("missing.jpg") is None


@pytest.mark.parametrize("key", ["hero.jpg", "Ñandú photo (2).jpg", "rhea in grass.png"])
def test_srcset_candidates_are_well_formed_whatever_the_file_name(key: str) -> None:
    """A srcset candidate is 'URL width': a space inside the URL breaks it (the browser then
    drops the candidate), so a photo named with spaces must still give URLs without any."""
    from aze_site.model import Image as Photo
    from aze_site.model import Source

    photo = Photo(key, "Alt", "Credit", None, None, (0.5, 0.5), 2000, 1000, "abc",
                  Source("content/images/images.yaml", 1, 1))
    for role in ROLES:
        view = Planner({key: photo}, rel=lambda url: url).picture(key, role)
        assert view is not None
        for srcset in (view.srcset, *(s for _, s in view.sources)):
            for candidate in srcset.split(", "):
                assert re.fullmatch(r"/img/\S+ \d+w", candidate), candidate


# -- 2. real pixels --------------------------------------------------------------------


def oriented_jpeg() -> bytes:
    """300x200 as stored: left half red, right half blue, a green block top-left; EXIF 6."""
    im = Image.new("RGB", (300, 200), RED)
    im.paste(BLUE, (150, 0, 300, 200))
    im.paste(GREEN, (0, 0, 60, 60))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    return saved(im, "JPEG", exif=exif.tobytes(), quality=95)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    source = tmp_path / "turned.jpg"
    source.write_bytes(oriented_jpeg())
    info = read_image_info(source.read_bytes())
    assert not isinstance(info, str)
    assert (info.width, info.height) == (200, 300)
    outputs = process(source, tmp_path / "cache", Role((100, 150), None, "100vw"))
    assert len(outputs) == 6
    for d, data in outputs.items():
        im = opened(data)
        assert im.size == (d.width, d.height) and d.height == d.width * 3 // 2  # portrait
        rgb = im.convert("RGB")
        assert near(at(rgb, 0.25, 0.35), RED, 40), d.name  # the left half is now on top
        assert near(at(rgb, 0.5, 0.75), BLUE, 40), d.name  # and the right half below
        assert near(at(rgb, 0.85, 0.08), GREEN, 50), d.name  # the top-left corner: top right
        assert near(at(rgb, 0.1, 0.08), RED, 40), d.name


@pytest.mark.parametrize(("focal", "colour"), [((0.5, 0.05), RED), ((0.5, 0.5), GREEN),
                                               ((0.5, 0.95), BLUE)], ids=["top", "middle", "bottom"])
def test_card_crop_follows_the_focal_point(tmp_path: Path, focal: tuple[float, float],
                                           colour: tuple[int, int, int]) -> None:
    """A portrait in three bands, cropped to 3:2: the band at the focal point fills it."""
    im = Image.new("RGB", (90, 300), RED)
    im.paste(Image.new("RGB", (90, 100), GREEN), (0, 100))
    im.paste(Image.new("RGB", (90, 100), BLUE), (0, 200))
    source = tmp_path / "bands.png"
    source.write_bytes(saved(im, "PNG"))
    planned = derivatives_of(source, ROLES["card"], focal)
    assert {(d.width, d.height) for d in planned} == {(90, 60)}
    process_source(source, planned, tmp_path / "cache")
    for d in planned:
        out = opened((tmp_path / "cache" / d.name).read_bytes()).convert("RGB")
        for fy in (0.2, 0.5, 0.8):
            assert near(at(out, 0.5, fy), colour, 40), (d.name, fy)


def two_tone(mode: str, left: object, right: object, size: tuple[int, int] = (80, 40)) -> Image.Image:
    im = Image.new(mode, size, left)  # type: ignore[arg-type]
    half = Image.new(mode, (size[0] - size[0] // 2, size[1]), right)  # type: ignore[arg-type]
    im.paste(half, (size[0] // 2, 0))  # (Pillow pastes a plain number into I;16 as 0)
    return im


def palette_png() -> bytes:
    im = Image.new("P", (80, 40), 0)
    im.putpalette([0, 0, 0, *GREEN] + [0] * (254 * 3))
    im.paste(1, (40, 0, 80, 40))
    return saved(im, "PNG", transparency=0)


# name -> (file bytes, expected RGBA on the left, on the right); alpha 0 means transparent
MODES: dict[str, tuple[Callable[[], bytes], tuple[int, ...], tuple[int, ...]]] = {
    "cmyk-jpeg": (lambda: saved(two_tone("CMYK", (0, 255, 255, 0), (255, 255, 0, 0)), "JPEG",
                                quality=95), (*RED, 255), (*BLUE, 255)),
    "palette-png-transparent": (palette_png, (0, 0, 0, 0), (*GREEN, 255)),
    "grey-16-bit-png": (lambda: saved(two_tone("I;16", 0x4000, 0xC000), "PNG"),
                        (64, 64, 64, 255), (192, 192, 192, 255)),
    "grey-16-bit-mid": (lambda: saved(Image.new("I;16", (80, 40), 0x8000), "PNG"),
                        (128, 128, 128, 255), (128, 128, 128, 255)),
    "la-png": (lambda: saved(two_tone("LA", (200, 255), (90, 0)), "PNG"),
               (200, 200, 200, 255), (0, 0, 0, 0)),
    "rgba-png": (lambda: saved(two_tone("RGBA", (*RED, 255), (*BLUE, 0)), "PNG"),
                 (*RED, 255), (0, 0, 0, 0)),
    "greyscale-jpeg": (lambda: saved(two_tone("L", 30, 220), "JPEG", quality=95),
                       (30, 30, 30, 255), (220, 220, 220, 255)),
}


def expected_rgb(rgba: tuple[int, ...], fmt: str) -> tuple[int, ...] | None:
    """What an opaque RGB decoder should see: transparent areas are paper in a JPEG."""
    if rgba[3] == 255:
        return rgba[:3]
    return PAPER if fmt == "jpeg" else None


@pytest.mark.parametrize("name", list(MODES))
def test_every_colour_mode_becomes_plausible_rgb(tmp_path: Path, name: str) -> None:
    make, left, right = MODES[name]
    source = tmp_path / ("photo.jpg" if "jpeg" in name else "photo.png")
    source.write_bytes(make())
    with Image.open(source) as original:
        assert name != "grey-16-bit-png" or original.mode.startswith("I;16")
        assert name != "cmyk-jpeg" or original.mode == "CMYK"
    outputs = process(source, tmp_path / "cache")
    assert {d.format for d in outputs} == {"avif", "webp", "jpeg"}
    for d, data in outputs.items():
        im = opened(data)
        assert im.size == (d.width, d.height)
        assert im.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[d.format]
        assert im.mode == "RGB" if d.format == "jpeg" else im.mode in ("RGB", "RGBA")
        rgba = im.convert("RGBA")
        for fx, want in ((0.2, left), (0.8, right)):
            got = at(rgba, fx, 0.5)
            if want[3] == 0 and d.format != "jpeg":
                assert got[3] <= 10, (d.name, got)  # still transparent
                continue
            colour = expected_rgb(want, d.format)
            assert colour is not None
            assert near(got[:3], colour, 24), (d.name, fx, got, colour)
            assert got[3] >= 245, (d.name, got)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def matrix_profile(red: tuple[float, float, float], green: tuple[float, float, float],
                   blue: tuple[float, float, float], gamma: float = 2.2) -> bytes:
    """A minimal ICC v2 RGB display profile (matrix and gamma), built byte by byte."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    name = b"aze-site test primaries\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + b"\0" * 79
    tags = [(b"desc", desc), (b"cprt", b"text\0\0\0\0none\0"), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(*red)), (b"gXYZ", xyz(*green)), (b"bXYZ", xyz(*blue)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    table, data = struct.pack(">I", len(tags)), b""
    start = 128 + 4 + 12 * len(tags)
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", start + len(data), len(body))
        data += body
    header = (struct.pack(">I", 128 + len(table) + len(data)) + b"lcms" + bytes([2, 0x10, 0, 0])
              + b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28 + _s15(0.9642) + _s15(1.0)
              + _s15(0.8249))
    return header.ljust(128, b"\0") + table + data


# sRGB's primaries, adapted to D50 as ICC profiles hold them
SRGB_R, SRGB_G, SRGB_B = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)


def assert_no_metadata(data: bytes, fmt: str, name: str) -> None:
    im = opened(data)
    assert "icc_profile" not in im.info, name
    assert "exif" not in im.info and "xmp" not in im.info, name
    assert len(im.getexif()) == 0, name
    assert b"Exif" not in data and b"GPS" not in data, name


def test_srgb_tagged_image_keeps_its_colours_and_loses_the_tag(tmp_path: Path) -> None:
    source = tmp_path / "tagged.png"
    colour = (200, 120, 40)
    source.write_bytes(saved(Image.new("RGB", (80, 40), colour), "PNG", icc_profile=srgb_profile()))
    for d, data in process(source, tmp_path / "cache").items():
        assert near(at(opened(data).convert("RGB"), 0.5, 0.5), colour, 6), d.name
        assert_no_metadata(data, d.format, d.name)


def test_other_colour_profile_is_converted_to_srgb(tmp_path: Path) -> None:
    """A profile whose red channel has sRGB's blue primary (and the other way round):
    the stored red pixels are blue to any colour-managed viewer, so must become blue."""
    profile = matrix_profile(SRGB_B, SRGB_G, SRGB_R)
    source = tmp_path / "swapped.jpg"
    source.write_bytes(saved(Image.new("RGB", (80, 40), RED), "JPEG", quality=95,
                             icc_profile=profile))
    info = read_image_info(source.read_bytes())
    assert not isinstance(info, str)
    assert near(tuple(int(info.color[i:i + 2], 16) for i in (1, 3, 5)), BLUE, 30), info.color
    for d, data in process(source, tmp_path / "cache").items():
        assert near(at(opened(data).convert("RGB"), 0.5, 0.5), BLUE, 40), d.name
        assert_no_metadata(data, d.format, d.name)


XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,17.92N" '
       b'exif:GPSLongitude="100,3.46W"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def gps_jpeg(size: tuple[int, int] = (120, 80), artist: str | None = "Jane Fieldworker") -> bytes:
    """A photo that carries where it was taken and with what: it must not leak."""
    exif = Image.Exif()
    if artist:
        exif[0x013B] = artist
    exif[0x010F] = "SecretCamMaker"
    exif[0x0110] = "Model X9000"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 17.0, 55.3), 3: "W", 4: (100.0, 3.0, 27.7)})
    data = saved(Image.new("RGB", size, (120, 90, 60)), "JPEG", exif=exif.tobytes(), xmp=XMP)
    with Image.open(io.BytesIO(data)) as check:  # the source really carries all of it
        assert check.getexif().get_ifd(0x8825)[2] == (21.0, 17.0, 55.3)
        assert "xmp" in check.info
    return data


def test_derivatives_carry_no_gps_or_camera_metadata(tmp_path: Path) -> None:
    source = tmp_path / "located.jpg"
    source.write_bytes(gps_jpeg())
    outputs = process(source, tmp_path / "cache")
    assert {d.format for d in outputs} == {"avif", "webp", "jpeg"}
    for d, data in outputs.items():
        assert_no_metadata(data, d.format, d.name)
        for secret in (b"SecretCam", b"X9000", b"Fieldworker", b"GPSLatitude", b"xmpmeta"):
            assert secret not in data, (d.name, secret)


def _gps_only_exif(fmt: str = "JPEG", im: Image.Image | None = None) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 7.0, 24.4), 3: "W", 4: (39.0, 39.0, 15.6)})
    return saved(im or Image.new("RGB", (40, 30), (10, 20, 30)), fmt, exif=exif.tobytes())


@pytest.mark.parametrize(("name", "data", "warned"), [
    ("img/located.jpg", gps_jpeg(), True),  # EXIF's GPS and XMP's
    ("img/exif-only.JPG", _gps_only_exif(), True),
    ("img/xmp-only.png", saved(Image.new("RGB", (20, 20)), "PNG") + XMP, True),
    ("img/plain.jpg", jpeg(), False),
    # more pixels than content/images/ takes (a 100-megapixel camera's): published all the same
    ("img/huge.png", _gps_only_exif("PNG", Image.new("1", (9000, 9000))), True),
    ("img/huge.jpg", _gps_only_exif("JPEG", Image.new("L", (9000, 9000))), True),
    ("img/huge.tif", _gps_only_exif("TIFF", Image.new("1", (9000, 9000))), True),
    ("img/not-really.jpg", b"text, not a photo", False),
])
def test_a_photo_in_static_that_gives_where_it_was_taken_is_warned_of(
        make_site: MakeSite, name: str, data: bytes, warned: bool) -> None:
    """static/ is published as it is, metadata and all: a photo there carrying its GPS
    position would give away where it was taken (a sensitive site's, perhaps)."""
    root = make_site()
    (root / "static" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "static" / name).write_bytes(data)
    result = build(BuildOptions(root=root, search=False))
    said = [str(d) for d in result.report.items if d.path.startswith("static/")]
    assert said == ([f"static/{name}:1:1: warning: this image's metadata gives the place where "
                     "it was taken (GPS), and a file of static/ is published as it is: remove it "
                     "(e.g. exiftool -gps:all= FILE), or put the photo in content/images/, whose "
                     "published copies carry no metadata"] if warned else [])
    assert (root / "public" / name).read_bytes() == data  # published as it is all the same


def test_a_photo_with_damaged_exif_is_published_without_pillow_s_warnings(
        tmp_path: Path) -> None:
    """An EXIF block that ends early, as some cameras and editing programs write it: Pillow
    warns 'Corrupt EXIF data' (an error under this suite's filterwarnings), which must not
    reach the editor's terminal, once for each photo size made; the photo is published."""
    ifd = b"MM\x00\x2a\x00\x00\x00\x08\xff\xff\x01\x12"  # claims 65,535 entries; has none
    source = tmp_path / "camera.jpg"
    source.write_bytes(saved(Image.new("RGB", (80, 40), RED), "JPEG",
                             exif=b"Exif\x00\x00" + ifd + b"\x00" * 8))
    with pytest.warns(UserWarning, match="Corrupt EXIF"), Image.open(source) as im:
        im.getexif()  # the file is what the test says
    for d, data in process(source, tmp_path / "cache").items():
        assert near(at(opened(data).convert("RGB"), 0.5, 0.5), RED, 40), d.name
    assert cards.load_photo(source, None).size == (80, 40)


def test_published_site_leaks_no_gps_in_photos_or_social_cards(make_site: MakeSite) -> None:
    root = write_site(make_site, blobs={"content/images/hero.jpg": gps_jpeg()})
    result, files = memory_build(root)
    assert result.images > 0 and result.cards > 0
    home = files["index.html"].decode()
    card = re.search(r'<meta property="og:image" content="https://test\.example\.org/([^"]+)"', home)
    assert card is not None and card.group(1) in files
    published = [rel for rel in files if rel.startswith("img/") and not rel.endswith(".svg")]
    assert card.group(1) in published and any(rel.startswith("img/hero-") for rel in published)
    for rel in published:
        assert_no_metadata(files[rel], rel.rsplit(".", 1)[1], rel)
        for secret in (b"SecretCam", b"X9000", b"GPSLatitude", b"xmpmeta"):
            assert secret not in files[rel], (rel, secret)


def with_iptc_byline(data: bytes, byline: str) -> bytes:
    """A JPEG with an IPTC By-line in a Photoshop APP13 segment (Pillow cannot write one)."""
    value = byline.encode()
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(value)) + value
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\0" + block + b"\0" * (len(iptc) % 2)
    return data[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


def exif_with(tag: int, value: str) -> bytes:
    exif = Image.Exif()
    exif[tag] = value
    return saved(Image.new("RGB", (20, 20)), "JPEG", exif=exif.tobytes())


XMP_CREATOR = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
               b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
               b'<dc:creator><rdf:Seq><rdf:li>Xmp Person</rdf:li></rdf:Seq></dc:creator>'
               b'</rdf:Description></rdf:RDF></x:xmpmeta>')


@pytest.mark.parametrize(("data", "credit"), [
    (exif_with(0x013B, "Exif Artist"), "Exif Artist"),
    (exif_with(0x8298, "(c) Exif Copyright"), "(c) Exif Copyright"),
    (with_iptc_byline(jpeg(20, 20), "Iptc Person"), "Iptc Person"),
    (saved(Image.new("RGB", (20, 20)), "JPEG", xmp=XMP_CREATOR), "Xmp Person"),
    (saved(Image.new("RGB", (20, 20)), "PNG"), None),
], ids=["exif-artist", "exif-copyright", "iptc-by-line", "xmp-creator", "none"])
def test_embedded_credit_is_read(data: bytes, credit: str | None) -> None:
    info = read_image_info(data)
    assert not isinstance(info, str)
    assert info.credit == credit


def test_embedded_utf8_credit_keeps_its_accents() -> None:
    """Cameras and tools (ExifTool, Lightroom) write UTF-8 into EXIF Artist; a published
    credit must read "© Jürgen Müller", not the mojibake "Â© JÃ¼rgen MÃ¼ller"."""
    name = "© Jürgen Müller"
    placeholder = "X" * len(name.encode())
    raw = exif_with(0x013B, placeholder).replace(placeholder.encode(), name.encode())
    info = read_image_info(raw)
    assert not isinstance(info, str)
    assert info.credit == name


def test_credit_in_images_yaml_wins_over_the_embedded_one(tmp_path: Path) -> None:
    from aze_site.content.loader import Loader
    from aze_site.errors import Report

    folder = tmp_path / "content" / "images"
    folder.mkdir(parents=True)
    (folder / "a.jpg").write_bytes(exif_with(0x013B, "Embedded Artist"))
    (folder / "b.jpg").write_bytes(exif_with(0x013B, "Embedded Artist"))
    (folder / "images.yaml").write_text("a.jpg:\n  alt: A\n  credit: Yaml Credit\n  license: CC0\n"
                                        "b.jpg:\n  alt: B\n  license: CC0\n", encoding="utf-8")
    loader = Loader(tmp_path, Report())
    loader.load_images()
    assert loader.images["a.jpg"].credit == "Yaml Credit"
    assert loader.images["b.jpg"].credit == "Embedded Artist"
    assert loader.report.items == []


def test_credit_is_taken_from_the_photo_when_the_entry_has_none(make_site: MakeSite) -> None:
    yaml = IMAGES_YAML.replace("  credit: Test Illustrator\n", "")
    root = write_site(make_site, {"content/images/images.yaml": yaml},
                      {"content/images/hero.jpg": gps_jpeg(artist="Jane Fieldworker")})
    result, files = memory_build(root)
    assert own([str(d) for d in result.report.items]) == []
    home = files["index.html"].decode()
    caption = re.search(r'<figcaption class="credit">(.*?)</figcaption>', home, re.S)
    assert caption is not None
    assert '<span class="credit-name">Credit: Jane Fieldworker</span>' in caption.group(1)
    assert "Jane Fieldworker" in files["credits/index.html"].decode()


def test_photo_without_any_credit_is_an_error_at_its_entry(make_site: MakeSite) -> None:
    yaml = IMAGES_YAML.replace("  credit: Test Illustrator\n", "")
    root = write_site(make_site, {"content/images/images.yaml": yaml},
                      {"content/images/hero.jpg": gps_jpeg(artist=None)})
    with pytest.raises(BuildFailed) as failed:
        memory_build(root)
    assert own([str(d) for d in failed.value.report.sorted()]) == [
        f"{HERO_ENTRY} has no credit: {NO_CREDIT}{BY_CONFIG}"]


# -- 3. the cache ----------------------------------------------------------------------

MANAKIN_YAML = images_yaml("manakin.jpg:\n  alt: A manakin\n  credit: A Birder\n  license: CC BY 4.0\n")


def two_photo_site(make_site: MakeSite) -> Path:
    """The fixture with a second photo, used as the Chapada do Araripe site's hero."""
    return write_site(make_site,
                      {"content/images/images.yaml": MANAKIN_YAML, SITE: with_site_hero("manakin.jpg")},
                      {"content/images/manakin.jpg": jpeg(90, 60, (200, 60, 40))})


def test_second_build_takes_every_derivative_from_the_cache(make_site: MakeSite) -> None:
    root = two_photo_site(make_site)
    first, files = memory_build(root)
    assert first.images > 0 and first.images_processed == first.images
    assert first.images == sum(1 for rel in files if rel.startswith("img/")
                        and "/social/" not in rel and "/maps/" not in rel)
    second, again = memory_build(root)
    assert (second.images, second.images_processed) == (first.images, 0)
    assert again == files


def test_a_changed_photo_remakes_only_its_own_derivatives(make_site: MakeSite) -> None:
    root = two_photo_site(make_site)
    first, before = memory_build(root)
    (root / "content/images/manakin.jpg").write_bytes(jpeg(90, 60, (30, 60, 200)))
    second, after = memory_build(root)
    manakin = sorted(rel for rel in after if rel.startswith("img/manakin-"))
    assert manakin and second.images == first.images
    assert second.images_processed == len(manakin)
    assert not set(manakin) & set(before)  # new names: the old files are not served stale
    assert {r: d for r, d in after.items() if r.startswith("img/hero-")} == \
        {r: d for r, d in before.items() if r.startswith("img/hero-")}


def cached_derivatives(root: Path) -> list[Path]:
    folder = root / ".aze-cache" / "images"
    return sorted(p for p in folder.iterdir() if p.suffix in (".avif", ".webp", ".jpg")
                  and (folder / (p.name + ".sha256")).is_file())


@pytest.mark.parametrize("which", ["largest", "smallest"])
def test_a_damaged_cached_derivative_is_remade_whole(make_site: MakeSite, which: str) -> None:
    """Truncate one file in the cache: the published site keeps its whole copy, and the next
    build that needs the file remakes that one, byte for byte."""
    hero = saved(Image.radial_gradient("L").resize((700, 467)).convert("RGB"), "JPEG", quality=85)
    root = write_site(make_site, blobs={"content/images/hero.jpg": hero})
    fresh, fresh_files = memory_build(root, cache=False)
    first = build(BuildOptions(root=root, jobs=1))
    assert first.images_processed == first.images == fresh.images
    candidates = [p for p in cached_derivatives(root) if p.suffix == ".avif"]
    by_width = sorted(candidates, key=lambda p: int(re.search(r"-(\d+)w-", p.name).group(1)))  # type: ignore[union-attr]
    victim = by_width[-1] if which == "largest" else by_width[0]
    whole = (root / "public" / "img" / victim.name).read_bytes()
    victim.write_bytes(victim.read_bytes()[:100])
    assert (root / "public" / "img" / victim.name).read_bytes() == whole  # a copy, not a link
    second = build(BuildOptions(root=root, jobs=1, out=root / "elsewhere"))
    assert second.images_processed == 1
    published = root / "elsewhere" / "img" / victim.name
    with Image.open(published) as im:
        im.load()
    assert published.read_bytes() == fresh_files[f"img/{victim.name}"], (
        f"{victim.name} remade alone differs from the same derivative made in a fresh build")


def test_no_cache_processes_everything_and_leaves_the_cache_alone(make_site: MakeSite) -> None:
    root = two_photo_site(make_site)
    cached, cached_files = memory_build(root)
    cache_before = snapshot(root / ".aze-cache")
    assert cache_before
    uncached, uncached_files = memory_build(root, cache=False)
    assert uncached.images_processed == uncached.images == cached.images
    assert snapshot(root / ".aze-cache") == cache_before
    assert sorted(uncached_files) == sorted(cached_files)
    different = [rel for rel in cached_files if cached_files[rel] != uncached_files[rel]]
    assert different == []


def test_no_cache_build_creates_no_cache_folder(make_site: MakeSite) -> None:
    root = make_site()
    result, _ = memory_build(root, cache=False)
    assert result.images_processed == result.images > 0
    assert not (root / ".aze-cache").exists()


@pytest.mark.parametrize("written", ["my%20photo.jpg", "my&#32;photo.jpg", "s\u00e9vres.jpg",
                                     "se\u0301vres.jpg"])
def test_a_photo_is_found_as_a_browser_reads_its_address(make_site: MakeSite, written: str) -> None:
    """%-escapes and entities decoded, and é typed as one character or two, as for links."""
    name = "my photo.jpg" if written.startswith("my") else \
        ("se\u0301vres.jpg" if written == "s\u00e9vres.jpg" else "s\u00e9vres.jpg")
    yaml = images_yaml(f'"{name}":\n  alt: A brook\n  credit: Someone\n  license: CC0 1.0\n')
    page = f"---\ntitle: Brook\n---\nThe brook.\n\n![A brook](../images/{written})\n"
    root = write_site(make_site, {"content/images/images.yaml": yaml,
                                  "content/pages/brook.md": page},
                      {f"content/images/{name}": jpeg(60, 40, (10, 90, 200))})
    result, files = memory_build(root)
    assert result.report.errors == []
    html = files["brook/index.html"].decode()
    assert '<figure class="photo photo-content">' in html and "Credit: Someone" in html


def test_a_photo_replaced_while_the_build_runs_is_not_kept_under_its_old_bytes(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """Replaced between the reading of images.yaml (its hash) and the making of its
    versions: they were kept under the old bytes' hash, and served again once those bytes
    came back (a revert). Now that build fails at the photo, and the next is right."""
    root = two_photo_site(make_site)
    photo = root / "content/images/manakin.jpg"
    original = photo.read_bytes()
    real = images_module.process_source

    def replaced_first(source: Path, derivatives: list[Derivative], cache: Path) -> list[str]:
        if source.name == "manakin.jpg":
            source.write_bytes(jpeg(90, 60, (10, 10, 220)))
        return real(source, derivatives, cache)

    monkeypatch.setattr(making, "process_source", replaced_first)
    with pytest.raises(BuildFailed) as failed:
        memory_build(root)
    assert sorted({str(d) for d in failed.value.report.errors}) == [
        "content/images/manakin.jpg: error: the file changed while the build ran: build again"]
    monkeypatch.undo()
    photo.write_bytes(original)
    _, files = memory_build(root)
    _, fresh = memory_build(root, cache=False)
    assert files == fresh


def test_a_photo_no_page_uses_is_not_published(make_site: MakeSite) -> None:
    yaml = images_yaml("spare.jpg:\n  alt: Spare\n  credit: Someone\n  license: CC0 1.0\n")
    root = write_site(make_site, {"content/images/images.yaml": yaml},
                      {"content/images/spare.jpg": jpeg(50, 50, (10, 10, 200))})
    assert main(["build", "--root", str(root), "--jobs", "1", "--quiet"]) == 0
    published = sorted(p.name for p in (root / "public" / "img").iterdir() if p.is_file())
    assert any(name.startswith("hero-") for name in published)
    assert not [name for name in published if name.startswith("spare")]
    assert "spare" not in (root / "public" / "credits" / "index.html").read_text()


# -- 4. bad input ----------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (nothing is ever decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 8))
            + chunk(b"IEND", b""))


def photo_entry(key: str, alt: bool = True, credit: bool = True) -> str:
    return (f"{key}:\n" + ("  alt: A photo\n" if alt else "") + ("  credit: A Photographer\n"
            if credit else "") + "  license: CC BY 4.0\n")


def used_by_site(key: str, data: bytes | None, alt: bool = True,
                 credit: bool = True) -> tuple[dict[str, str | None], dict[str, bytes]]:
    """Files for a photo in images.yaml, used as the Chapada do Araripe site's hero."""
    files: dict[str, str | None] = {"content/images/images.yaml": images_yaml(
        photo_entry(key, alt, credit)), SITE: with_site_hero(key)}
    return files, ({f"content/images/{key}": data} if data is not None else {})


HALF_JPEG = jpeg()[: len(jpeg()) // 2]
SITE_HERO = f"{SITE}:8:7: error: hero: photo"
# What is wrong with a photo's entry or file: once, at its entry, with the files using it.
ENTRY = "content/images/images.yaml:5:1: error: photo"
HERO_ENTRY = "content/images/images.yaml:1:1: error: photo 'hero.jpg'"
BY_SITE = f" (used in {SITE})"
BY_CONFIG = " (used in content/site.yaml)"
SMALLER = ("more than the 80,000,000 a photo may have: save it smaller (pages show photos at "
           "most 2,400 pixels wide)")
TOO_LARGE = f"cannot be published: the image is 400,000,000 pixels, {SMALLER}"

BAD_INPUT: dict[str, tuple[tuple[dict[str, str | None], dict[str, bytes]], int | None, str]] = {
    "truncated-jpeg-site-hero": (
        ({}, {"content/images/hero.jpg": HALF_JPEG}), None,
        f"{HERO_ENTRY} cannot be published: damaged image file: it ends before the picture "
        f"does (copy or save it again){BY_CONFIG}"),
    "text-file-named-jpg": (
        used_by_site("photo.jpg", b"These are notes, not a photo.\n"), None,
        f"{ENTRY} 'photo.jpg' cannot be published: it is a text file, not a photo (put the "
        f"photo itself here: JPEG, PNG, WebP or AVIF){BY_SITE}"),
    "empty-file": (
        used_by_site("empty.jpg", b""), None,
        f"{ENTRY} 'empty.jpg' cannot be published: the file is empty (copy the photo into "
        f"content/images/ again){BY_SITE}"),
    "web-page-saved-by-a-failed-download": (
        used_by_site("photo.jpg", b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title>"
                     b"</head><body><h1>Not Found</h1></body></html>\n"), None,
        f"{ENTRY} 'photo.jpg' cannot be published: it is a web page, not a photo: a download "
        f"that failed saves its error page (download the photo again){BY_SITE}"),
    "bmp": (
        used_by_site("photo.bmp", saved(Image.new("RGB", (20, 10)), "BMP")), None,
        f"{ENTRY} 'photo.bmp' cannot be published: unsupported image format BMP "
        f"(use JPEG, PNG, WebP or AVIF){BY_SITE}"),
    "ico": (
        used_by_site("icon.ico", saved(Image.new("RGB", (16, 16)), "ICO")), None,
        f"{ENTRY} 'icon.ico' cannot be published: unsupported image format ICO "
        f"(use JPEG, PNG, WebP or AVIF){BY_SITE}"),
    "over-the-pixel-limit": (
        ({}, {}), 1000,
        f"{HERO_ENTRY} cannot be published: the image is 64 by 48 pixels, more than the 1,000 a "
        f"photo may have: save it smaller (pages show photos at most 2,400 pixels wide)"
        f"{BY_CONFIG}"),
    "declares-400-megapixels": (
        used_by_site("huge.png", png_declaring(20000, 20000)), None,
        f"{ENTRY} 'huge.png' {TOO_LARGE}{BY_SITE}"),
    "declares-90-megapixels": (  # over the limit, under twice it: Pillow only warns
        used_by_site("big.png", png_declaring(10000, 9000)), None,
        f"{ENTRY} 'big.png' cannot be published: the image is 90,000,000 pixels, {SMALLER}"
        f"{BY_SITE}"),
    "no-credit": (
        used_by_site("photo.jpg", jpeg(), credit=False), None,
        f"{ENTRY} 'photo.jpg' has no credit: {NO_CREDIT}{BY_SITE}"),
    "no-alt": (
        used_by_site("photo.jpg", jpeg(), alt=False), None,
        f"{ENTRY} 'photo.jpg' has no alt: {NO_CREDIT}{BY_SITE}"),
    "no-credit-and-no-alt": (
        used_by_site("photo.jpg", jpeg(), alt=False, credit=False), None,
        f"{ENTRY} 'photo.jpg' has no credit and alt: {NO_CREDIT}{BY_SITE}"),
    "no-entry": (
        ({SITE: with_site_hero("nothere.jpg")}, {}), None,
        f"{SITE_HERO} 'nothere.jpg' has no entry in content/images/images.yaml"),
    "no-entry-in-other-letters": (  # a file saved as HERO.JPG, named as images.yaml names it
        ({SITE: with_site_hero("HERO.JPG")}, {}), None,
        f"{SITE_HERO} 'HERO.JPG' has no entry in content/images/images.yaml (did you mean "
        "'hero.jpg', as images.yaml names it?)"),
    "no-entry-path-of-its-file": (
        ({SITE: with_site_hero("../images/hero.jpg")}, {}), None,
        f"{SITE_HERO} '../images/hero.jpg' has no entry in content/images/images.yaml (did you "
        "mean 'hero.jpg', as images.yaml names it?)"),
    "entry-without-file": (
        ({"content/images/images.yaml": images_yaml(photo_entry("gone.jpg"))}, {}), None,
        "content/images/images.yaml:5:1: error: gone.jpg: photo file content/images/gone.jpg "
        "does not exist"),
}


@pytest.mark.parametrize(("case", "max_pixels", "expected"), list(BAD_INPUT.values()),
                         ids=list(BAD_INPUT))
def test_bad_photo_gives_its_exact_diagnostic_and_publishes_nothing(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    case: tuple[dict[str, str | None], dict[str, bytes]], max_pixels: int | None, expected: str,
) -> None:
    if max_pixels is not None:
        monkeypatch.setattr(images_module, "MAX_PIXELS", max_pixels)
    root = write_site(make_site, *case)
    status = main(["build", "--root", str(root), "--jobs", "1"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Warning" not in err
    lines = err.splitlines()  # with the fixture's warnings (conftest.FIXTURE_WARNINGS)
    assert own(lines) == [
        expected, f"build failed: 1 error, {len(lines) - 2} warnings; nothing was published"]
    assert status == 1
    assert not (root / "public").exists()
    assert not list(root.glob(".public.*"))  # no staging folder left behind


def test_failed_build_leaves_the_previous_site_as_it_was(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    assert main(["build", "--root", str(root), "--jobs", "1", "--quiet"]) == 0
    before = snapshot(root / "public")
    assert any(rel.startswith("img/hero-") for rel in before)
    (root / "content/images/hero.jpg").write_bytes(HALF_JPEG)
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--jobs", "1"]) == 1
    assert own(capsys.readouterr().err.splitlines())[0] == BAD_INPUT["truncated-jpeg-site-hero"][2]
    assert snapshot(root / "public") == before


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_an_animation_is_published_as_its_first_picture_with_one_warning(
        make_site: MakeSite, fmt: str) -> None:
    """A page shows no animation: the editor is told that only a still is published."""
    frames = [Image.new("RGB", (64, 48), colour) for colour in (RED, GREEN, BLUE)]
    moving = saved(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
    files, blobs = used_by_site("moving.img", moving)
    result, out = memory_build(write_site(make_site, files, blobs))
    assert own([str(d) for d in result.report.items]) == [
        "content/images/images.yaml:5:1: warning: photo 'moving.img' holds 3 pictures (an "
        "animation or pages): only the first is published, as a still photo (save the one to "
        "show as JPEG or PNG)"]
    published = [data for rel, data in out.items() if rel.startswith("img/moving-")]
    assert published and all(near(at(opened(data).convert("RGB"), 0.5, 0.5), RED, 40)
                             for data in published)


def test_an_unused_damaged_photo_is_only_a_warning(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_site(make_site, {"content/images/images.yaml": images_yaml(photo_entry("broken.jpg"))},
                      {"content/images/broken.jpg": HALF_JPEG})
    assert main(["build", "--root", str(root), "--jobs", "1", "--quiet"]) == 0
    assert own(capsys.readouterr().err.splitlines()) == [
        "content/images/images.yaml:5:1: warning: photo 'broken.jpg' (not used by any page) "
        "cannot be published: damaged image file: it ends before the picture does (copy or save it again)"]
    assert not list((root / "public" / "img").glob("broken*"))


def test_size_between_the_limit_and_twice_it_is_refused_without_a_warning() -> None:
    """Pillow warns (DecompressionBombWarning) from 1x to 2x its limit: that must not reach
    the user as a stray line; the photo is refused with the one diagnostic."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = read_image_info(png_declaring(10000, 9000))
    assert got == f"the image is 90,000,000 pixels, {SMALLER}"
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize(("blob", "expected"), [
    (HALF_JPEG, "damaged image file: it ends before the picture does (copy or save it again)"),
    (b"\x89PNG\r\n\x1a\n", "not an image file that can be read (save it again as JPEG or PNG)"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64, "it is a HEIC photo, as iPhones "
     "save them, which cannot be read here (export it as JPEG, e.g. with Preview or Photos)"),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>",
     "it is an SVG drawing, not a photo (export it as PNG)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it is a PDF document, not a photo"),
    (("Ceará " * 3 + "ção" * 400).encode(), "it is a text file"),  # 'ã' cut at 1,024 bytes
    (b"<html><body>Access denied</body></html>", "it is a web page, not a photo"),
], ids=["truncated-jpeg", "png-signature-only", "iphone-heic", "svg", "pdf", "text", "html"])
def test_read_image_info_describes_unreadable_files(blob: bytes, expected: str) -> None:
    got = read_image_info(blob)
    assert isinstance(got, str) and got.startswith(expected)


def test_what_an_earlier_version_said_of_a_photo_is_not_remembered(tmp_path: Path) -> None:
    """The facts of a photo are kept in the cache between builds: those an earlier aze-site
    found, in its words, must not be said again by a newer one."""
    earlier = tmp_path / f"info-{hashlib.sha256(b'').hexdigest()[:16]}-{PIPELINE_VERSION}.json"
    earlier.write_text('{"problem": "not an image file that can be read"}', encoding="utf-8")
    got = images_module.cached_image_info(b"", earlier.name.split("-")[1], tmp_path)
    assert got == "the file is empty (copy the photo into content/images/ again)"


# -- 5. social cards -------------------------------------------------------------------


def test_every_page_has_an_og_image_that_is_a_1200x630_jpeg(make_site: MakeSite) -> None:
    root = make_site()
    result, files = memory_build(root)
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    assert len(pages) == result.pages > 10
    seen = set()
    for rel in pages:
        html = files[rel].decode()
        found = re.findall(r'<meta property="og:image" content="https://test\.example\.org/([^"]+)"',
                           html)
        assert len(found) == 1, rel
        assert found[0] in files, (rel, found[0])
        seen.add(found[0])
        assert 'property="og:image:width" content="1200"' in html
        assert 'property="og:image:height" content="630"' in html
    assert len(seen) == result.cards
    for card in seen:
        im = opened(files[card])
        assert (im.format, im.size, im.mode) == ("JPEG", (1200, 630), "RGB")



def _og(html: str, prop: str) -> str:
    found: list[str] = re.findall(rf'<meta property="og:{prop}" content="([^"]*)"', html)
    assert len(found) == 1, prop
    return found[0]


def test_cards_are_drawn_for_shared_pages_and_derived_pages_reuse_them(make_site: MakeSite) -> None:
    """Home, pages, news and sites have their own card; a species page shows its site's,
    every other derived page the website's: no card for each of the derived pages."""
    root = make_site()
    result, files = memory_build(root)
    pages = {rel: files[rel].decode() for rel in files if rel.endswith(".html")}
    kinds = {rel: re.search(r'<body class="kind-([a-z0-9-]+)"', html).group(1)  # type: ignore[union-attr]
             for rel, html in pages.items()}
    own = {_og(pages[rel], "image") for rel, kind in kinds.items() if kind in ("page", "news", "site")}
    assert len(own) == result.cards
    site_card = {_og(html, "title"): _og(html, "image") for rel, html in pages.items()
                 if kinds[rel] == "site"}
    home = _og(pages["index.html"], "image")
    species = [rel for rel, kind in kinds.items() if kind == "species"]
    others = [rel for rel, kind in kinds.items() if kind not in ("page", "news", "site", "species")]
    assert species and others
    for rel in species:
        html = pages[rel]
        site = _og(html, "image:alt")  # the card shows its site's name
        assert _og(html, "image") == site_card[site], rel
    for rel in others:
        assert _og(pages[rel], "image") == home, rel
        assert _og(pages[rel], "image:alt") == "Test Alliance", rel


LONG_TITLE = ("The long and winding account of how a single population of a critically endangered "
              "salamander survived three centuries of drainage, roads, trout and drought in one "
              "highland lake, and what the people living around that lake are doing to keep "
              "it alive for the next three centuries as well, told in full")
ONE_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 7
SCRIPTS = "Xichú — Ñandú — Αλκυόνη — Тест"
REPEATED = ("Sites where species face imminent extinction. " * 7)[:300]  # cut after 4 lines


@pytest.mark.parametrize("title", [LONG_TITLE, REPEATED, ONE_WORD, SCRIPTS, "A", "Chapada do Araripe"],
                         ids=["300-characters", "300-characters-repeated", "one-315-character-word",
                              "diacritics-greek-cyrillic", "one-letter", "ordinary"])
@pytest.mark.parametrize("width", [WIDTH - 70 - 60, PHOTO_LEFT - 50 - 60], ids=["no-photo", "photo"])
def test_title_fits_its_box(title: str, width: int) -> None:
    if title is LONG_TITLE:
        assert len(LONG_TITLE) == 300
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    face, lines, line_height = fit_title(draw, title, width, 380)
    assert lines
    for line in lines:
        assert draw.textlength(line, font=face) <= width, (line, draw.textlength(line, font=face))
    assert len(lines) * line_height <= 380
    if title in (SCRIPTS, "A", "Chapada do Araripe"):
        assert " ".join(lines) == title  # short titles are never cut
        for char in set(title.replace(" ", "")):  # the font really has every glyph
            assert face.getmask(char).getbbox() is not None, char


class _Counting:
    """A drawing context that counts how often a text is measured."""

    def __init__(self) -> None:
        self.draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
        self.measured = 0

    def textlength(self, text: str, **options: Any) -> float:
        self.measured += 1
        return self.draw.textlength(text, **options)


def test_a_title_of_one_long_word_is_cut_in_few_measures() -> None:
    """Each size measures a word too long for its line some log2(length) times: measured
    one character shorter at a time, a 300,000-character title took minutes."""
    counting = _Counting()
    face, lines, _ = fit_title(counting, "x" * 20_000, WIDTH - 130, 380)  # type: ignore[arg-type]
    assert lines[0].endswith("…") and len(lines) == 1
    assert counting.draw.textlength(lines[0], font=face) <= WIDTH - 130
    assert counting.draw.textlength(lines[0][:-1] + "x…", font=face) > WIDTH - 130  # the longest
    assert counting.measured < 400


LETTERS = "abcdefghijklmnopqrstuvwxyzÑúαλТе.,"  # noqa: RUF001 (deliberate Greek and Cyrillic letters)
words = st.text(st.sampled_from(LETTERS), min_size=1, max_size=14)


@settings(max_examples=30, deadline=None)
@given(st.lists(words, min_size=1, max_size=60).map(" ".join).map(lambda t: t[:300].strip() or "x"),
       st.sampled_from([WIDTH - 70 - 60, PHOTO_LEFT - 50 - 60]))
@example(REPEATED, PHOTO_LEFT - 50 - 60)
def test_any_title_fits_its_box(title: str, width: int) -> None:
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    face, lines, line_height = fit_title(draw, title, width, 380)
    assert lines and len(lines) * line_height <= 380
    assert [line for line in lines if draw.textlength(line, font=face) > width] == []


@pytest.mark.parametrize("title", [LONG_TITLE, SCRIPTS], ids=["300-characters", "scripts"])
@pytest.mark.parametrize("with_photo", [False, True], ids=["no-photo", "photo"])
def test_draw_card_draws_any_title(title: str, with_photo: bool) -> None:
    photo = Image.new("RGB", (300, 200), (40, 120, 80)) if with_photo else None
    card = SocialCard(title, "Alliance for Zero Extinction", "hero.jpg" if photo else None,
                      "abc" if photo else None, "Ñandú Photographer" if photo else None)
    im = opened(draw_card(card, photo))
    assert (im.format, im.size) == ("JPEG", (1200, 630))
    assert "exif" not in im.info and "icc_profile" not in im.info
    if photo is not None:
        assert near(at(im.convert("RGB"), 0.75, 0.3), (40, 120, 80), 12)  # photo on the right


@settings(max_examples=25, deadline=None)
@given(st.lists(words, min_size=0, max_size=60).map(" ".join).map(lambda t: t[:300]),
       st.booleans())
@example("", True)
@example(ONE_WORD, False)
@example("Jyp gq Ñ", True)  # descenders and an accent: the ink's box, not the line's
def test_a_card_is_the_jpeg_of_its_whole_image(title: str, with_photo: bool) -> None:
    """Only the title's part of a card is drawn and encoded (the rest is its background's
    JPEG): the pixels must be those of the title drawn on the whole card, and the bytes
    those of encoding the whole card."""
    photo = Image.effect_noise((540, 630), 60).convert("RGB") if with_photo else None
    card = SocialCard(title, "Alliance for Zero Extinction", "hero.jpg" if photo else None,
                      "abc" if photo else None, "Ñandú Photographer" if photo else None)
    background, _, patch, at = card_patch(card, photo)
    whole = background.copy()
    whole.paste(patch, at)
    drawn = background.copy()
    face, lines, rtl = cards.title_layout(title, with_photo)
    for xy, line in lines:
        ImageDraw.Draw(drawn).text(xy, line, font=face, fill=(255, 255, 255), direction=rtl)
    assert whole.tobytes() == drawn.tobytes()
    assert draw_card(card, photo) == jpegpatch.encode(whole, cards.QUALITY, cards.BLOCKS)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 120), st.integers(1, 70), st.integers(0, 239), st.integers(0, 122),
       st.sampled_from([1, 3, 5]))
def test_a_patched_jpeg_is_the_jpeg_of_the_whole_image(width: int, height: int, left: int,
                                                       top: int, blocks: int) -> None:
    """Any box, at any place (the image's edges too, and a partial last MCU row), with
    intervals of 1, 3 or 5 MCUs."""
    size = (240, 16 * 7 + 11)
    base = Image.effect_noise(size, 40).convert("RGB")
    changed = base.copy()
    right, bottom = min(size[0], left + width), min(size[1], top + height)
    ImageDraw.Draw(changed).rectangle((left, top, right - 1, bottom - 1), fill=(250, 20, 120))
    scan = jpegpatch.scan(jpegpatch.encode(base, 80, blocks))
    assert scan.size == size
    box = jpegpatch.aligned((left, top, right, bottom), size, blocks)
    got = jpegpatch.patched(scan, changed.crop(box), box[:2], 80, blocks)
    assert got == jpegpatch.encode(changed, 80, blocks)


def test_a_patch_is_whole_intervals_in_rows_of_whole_intervals() -> None:
    base = Image.new("RGB", (240, 32))
    scan = jpegpatch.scan(jpegpatch.encode(base, 80, 2))
    with pytest.raises(ValueError, match="whole number"):  # 240 px is 7.5 intervals of 32
        jpegpatch.patched(scan, base.crop((0, 0, 32, 16)), (0, 0), 80, 2)
    scan = jpegpatch.scan(jpegpatch.encode(base, 80, 3))
    with pytest.raises(ValueError, match="not whole intervals"):
        jpegpatch.patched(scan, base.crop((0, 0, 40, 16)), (8, 0), 80, 3)
    assert jpegpatch.patched(scan, base.crop((0, 0, 0, 0)), (0, 0), 80, 3) == \
        jpegpatch.encode(base, 80, 3)  # nothing to patch


def test_a_patch_that_misses_a_change_is_not_the_whole_image() -> None:
    """The comparison above can fail: a change outside the patch is not in the result."""
    base = Image.effect_noise((400, 64), 40).convert("RGB")
    changed = base.copy()
    ImageDraw.Draw(changed).rectangle((300, 40, 320, 50), fill=(250, 20, 120))
    scan = jpegpatch.scan(jpegpatch.encode(base, 80, 5))
    whole = jpegpatch.encode(changed, 80, 5)
    assert jpegpatch.patched(scan, changed.crop((0, 0, 80, 16)), (0, 0), 80, 5) != whole
    assert jpegpatch.patched(scan, changed.crop((240, 32, 400, 64)), (240, 32), 80, 5) == whole


def test_card_path_depends_on_title_photo_and_credit() -> None:
    base = SocialCard("Title", "Site", "hero.jpg", "abc", "Credit")
    assert base.path == SocialCard("Title", "Site", "hero.jpg", "abc", "Credit").path
    assert re.fullmatch(r"img/social/[0-9a-f]{16}\.jpg", base.path)
    for other in (dataclasses.replace(base, title="Other"), dataclasses.replace(base, digest="abd"),
                  dataclasses.replace(base, credit="Someone else"),
                  dataclasses.replace(base, focal=(0.2, 0.5))):
        assert other.path != base.path


def test_sha_sidecar_guards_cached_files(tmp_path: Path) -> None:
    source = tmp_path / "p.jpg"
    source.write_bytes(jpeg(80, 40))
    cache = tmp_path / "cache"
    planned = derivatives_of(source)
    assert len(process_source(source, planned, cache)) == len(planned)
    assert process_source(source, planned, cache) == []  # all hits
    victim = planned[0]
    sidecar = cache / (victim.name + ".sha256")
    assert sidecar.read_text() == hashlib.sha256((cache / victim.name).read_bytes()).hexdigest()
    sidecar.unlink()
    assert process_source(source, planned, cache) == [victim.name]


def test_cards_earlier_versions_cached_are_removed(tmp_path: Path) -> None:
    from aze_site.images.making import forget_cards
    from aze_site.images.pixels import store

    cache = tmp_path / "images"
    store(cache / "img/social/aaaa.jpg", b"aaaa")
    store(cache / "hero-640w-0123.jpg", b"hero")
    forget_cards(cache)
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == [
        "hero-640w-0123.jpg", "hero-640w-0123.jpg.sha256"]
    forget_cards(tmp_path / "nothing")  # no cache yet: nothing to do


def test_avif_bytes_do_not_depend_on_the_number_of_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """libavif's output differs between one thread and several: a one-core machine must
    publish the same photo as a many-core one."""
    import PIL.AvifImagePlugin as avif

    im = Image.effect_noise((320, 180), 50).convert("RGB")
    many = images_module.encode(im.copy(), "avif")
    monkeypatch.setattr(avif, "DEFAULT_MAX_THREADS", 1)
    assert images_module.encode(im.copy(), "avif") == many
    one = io.BytesIO()
    im.save(one, "AVIF", quality=60, speed=8)  # the encoder's default, here one thread
    assert one.getvalue() != many  # why the thread count is fixed


def test_avif_is_quicker_only_where_it_costs_no_detail() -> None:
    """Speed 9 from 1,280 px up (the same bytes and SSIM as speed 8 there, a third of the
    time: bench/avif_speed.py); narrower variants keep speed 8, where 9 loses detail."""
    for width, speed, quality in ((1280, 9, 55), (1279, 8, 60)):
        im = Image.effect_noise((width, 64), 40).convert("RGB")
        expected = io.BytesIO()
        im.save(expected, "AVIF", speed=speed, quality=quality, max_threads=2)
        assert images_module.encode(im.copy(), "avif") == expected.getvalue(), width


def test_a_card_follows_its_photo_replaced_under_the_same_name(tmp_path: Path) -> None:
    """The dev server is one process: a photo replaced while it runs must not leave its
    cards drawn from the old one (a card's photo is cached by its content, not its name)."""
    path = tmp_path / "hero.jpg"
    drawn = []
    for color in ((200, 30, 30), (30, 30, 200)):
        buffer = io.BytesIO()
        Image.new("RGB", (800, 600), color).save(buffer, "JPEG")
        path.write_bytes(buffer.getvalue())
        digest = hashlib.sha256(buffer.getvalue()).hexdigest()[:16]
        drawn.append(cards.card_bytes(SocialCard("Title", "Site", "hero.jpg", digest, "Me"), path))
    assert drawn[0] != drawn[1]
    pixel = Image.open(io.BytesIO(drawn[1])).convert("RGB").getpixel((WIDTH - 100, 100))
    assert isinstance(pixel, tuple) and pixel[2] > 150 > pixel[0]  # the new photo: blue


# -- cards in other scripts: fonts, line breaks, direction, credits ----------------------

PHOTO_WIDTH = PHOTO_LEFT - 50 - 60  # the title's width beside a photo
CHINESE = "2018年更新：853个地点、1483个物种"  # noqa: RUF001
ARABIC = "تحالف انعدام الانقراض"
HEBREW = "הברית לאפס הכחדה"
ETHIOPIC = "ሰላም ዓለም"  # in none of the cards' fonts
needs_raqm = pytest.mark.skipif(not features.check("raqm"), reason="Pillow without libraqm")


def test_a_font_is_chosen_by_the_characters_it_has() -> None:
    assert cards.font_for("Chapada do Araripe", fonts.TITLE_FONTS) == ("DejaVuSerif-Bold.ttf", 0)
    assert cards.font_for("Xichú — Ñandú — Αλκυόνη", fonts.TITLE_FONTS) == \
        ("DejaVuSerif-Bold.ttf", 0)
    assert cards.covers("DejaVuSerif-Bold.ttf", 0, "Ñandú Тест")
    assert not cards.covers("DejaVuSerif-Bold.ttf", 0, ARABIC)  # the serif has no Arabic
    assert cards.covers("DejaVuSans-Bold.ttf", 0, ARABIC + HEBREW)
    for name in ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf"):
        assert not cards.covers(name, 0, "中")
        assert not cards.covers(name, 0, "क")
        assert not cards.covers(name, 0, ETHIOPIC)
    assert cards.font_for(ETHIOPIC, fonts.TITLE_FONTS) is None
    chinese = cards.font_for(CHINESE, fonts.TITLE_FONTS)
    assert chinese is None or chinese[0].startswith("Noto")  # where Noto CJK is installed


@needs_raqm
def test_right_to_left_titles_get_a_font_that_has_them() -> None:
    assert cards.font_for(ARABIC, fonts.TITLE_FONTS) == ("DejaVuSans-Bold.ttf", 0)
    assert cards.font_for(HEBREW, fonts.LABEL_FONTS) == ("DejaVuSans-Bold.ttf", 0)


def test_chinese_breaks_between_characters_not_before_closing_punctuation() -> None:
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    face = cards.font("DejaVuSerif-Bold.ttf", 72)  # boxes, but as wide as characters
    lines = cards.wrap(draw, CHINESE, face, PHOTO_WIDTH)
    assert len(lines) > 1 and "".join(lines) == CHINESE  # nothing cut, no space added
    assert all(draw.textlength(line, font=face) <= PHOTO_WIDTH for line in lines)
    assert not any(line[0] in cards.NO_BREAK_BEFORE for line in lines)
    assert cards.wrap(draw, "（注）名单", face, 3 * 72)[0] != "（"  # noqa: RUF001 (nor after opening)
    assert cards.wrap(draw, "Lac Alaotra 湖", face, PHOTO_WIDTH) == ["Lac Alaotra 湖"]


def test_a_long_word_shrinks_the_title_before_it_is_cut() -> None:
    face, lines, _ = fit_title(_draw(), "Champion and Gardner-by-Floreana islets", PHOTO_WIDTH, 380)
    assert " ".join(lines) == "Champion and Gardner-by-Floreana islets" and _size(face) < 72
    face, lines, _ = fit_title(_draw(), "Pneumonoultramicroscopicsilicovolcanoconi",
                               PHOTO_WIDTH, 380)
    assert _size(face) == 36 and lines[0].startswith("Pneumonoultramicrosco")  # the smallest
    face, lines, _ = fit_title(_draw(), "Pneumonoultramicroscopic lakes", WIDTH - 130, 380)
    assert lines == ["Pneumonoultramicroscopic", "lakes"]  # no ellipsis added at the end


def _size(face: cards.Font) -> float:
    assert isinstance(face, ImageFont.FreeTypeFont)
    return face.size


def _draw() -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))


def test_a_title_no_font_can_show_is_left_out_not_drawn_as_boxes() -> None:
    assert cards.title_layout(ETHIOPIC, True).lines == []
    photo = Image.new("RGB", (540, 630), (40, 120, 80))
    card = SocialCard(ETHIOPIC, "Alliance for Zero Extinction", "hero.jpg", "abc", "Me")
    assert draw_card(card, photo) == draw_card(dataclasses.replace(card, title=""), photo)


def test_an_emoji_no_font_has_is_left_out_alone_not_its_title_nor_the_photo() -> None:
    """A title, the site's name or a credit with an emoji (none of the cards' fonts has
    one): drawn without it, never as boxes; the rest of the text and the photo stay."""
    assert [line for _, line in cards.title_layout("Frog Pond \U0001f438", True).lines] == \
        ["Frog Pond"]
    assert cards.title_layout("\U0001f469\u200d\U0001f52c Lab", True).lines[0][1] == "Lab"
    assert cards.title_layout("\U0001f438", True).lines == []  # nothing else: no title
    photo = Image.new("RGB", (540, 630), (40, 120, 80))
    card = SocialCard("Frog Pond \U0001f438", "AZE \U0001f30d", "hero.jpg", "abc",
                      "Ana \U0001f4f7")
    plain = SocialCard("Frog Pond", "AZE", "hero.jpg", "abc", "Ana")
    assert cards.credit_text(card) == cards.credit_text(plain)
    assert draw_card(card, photo) == draw_card(plain, photo)


@needs_raqm
def test_right_to_left_titles_are_shaped_and_right_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    title = ARABIC + " " + ARABIC
    face, lines, rtl = cards.title_layout(title, True)
    assert rtl == "rtl" and " ".join(line for _, line in lines) == title
    for (x, _), line in lines:
        assert abs(x + _draw().textlength(line, font=face, direction="rtl") - (PHOTO_LEFT - 50)) <= 1
    shaped = face.getmask(ARABIC, direction="rtl")  # joined letters: narrower than isolated
    assert shaped.size[0] < sum(face.getmask(char).size[0] for char in ARABIC if char != " ")
    monkeypatch.setattr(cards, "RAQM", False)  # no shaping: no title rather than a wrong one
    assert cards.title_layout(title, True).lines == []


def test_a_long_credit_is_smaller_then_on_two_lines_before_it_is_cut() -> None:
    short = "Credit: Ñandú Photographer"
    assert cards.credit_layout(short)[1:3] == (18, [short])
    credit = ("Credit: Photographie © Prof. Jean-Baptiste Delacroix-Montgolfier, Muséum "
              "national d'Histoire naturelle, Paris / CC BY 4.0")
    small, _, lines, _ = cards.credit_layout(credit)
    assert len(lines) == 2 and " ".join(lines) == credit  # all of it
    assert all(_draw().textlength(line, font=small) <= WIDTH - PHOTO_LEFT - 40 for line in lines)
    _, size, lines, _ = cards.credit_layout(credit * 3)
    assert len(lines) == 2 and lines[1].endswith("…") and size == 14


def test_a_card_says_credit_in_its_pages_language() -> None:
    card = SocialCard("Title", "Site", "hero.jpg", "abc", "Ñandú")
    assert cards.credit_text(card) == "Credit: Ñandú"
    spanish = dataclasses.replace(card, credit_line="Crédito: %(credit)s")
    assert cards.credit_text(spanish) == "Crédito: Ñandú"
    assert spanish.path != card.path
    assert card.path == "img/social/" + hashlib.sha256(  # English cards keep their names
        "SocialCard(title='Title', site_title='Site', key='hero.jpg', digest='abc', "
        "credit='Ñandú', focal=(0.5, 0.5))|1|social-2".encode()).hexdigest()[:16] + ".jpg"
    # a translation that drops the credit, or that no installed font can show: English
    assert cards.credit_text(dataclasses.replace(card, credit_line="Foto")) == "Credit: Ñandú"
    assert cards.credit_text(dataclasses.replace(card, credit_line="ሰላም %(credit)s")) == \
        "Credit: Ñandú"


def test_a_card_font_installed_changes_the_store_s_version(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards depend on the fonts a machine has (a Chinese title is drawn only where a font
    has its characters): a build after a font is installed reuses no card drawn without
    it, so it publishes what a clean build would."""
    from aze_site.build.options import store_version

    before = store_version()
    (tmp_path / "NotoSansCJK-Bold.ttc").write_bytes(b"a font")
    monkeypatch.setattr(fonts, "FONT_DIRS", (*fonts.FONT_DIRS, str(tmp_path)))
    fonts.font_path.cache_clear()
    try:
        assert store_version() != before
    finally:
        monkeypatch.undo()
        fonts.font_path.cache_clear()
    assert store_version() == before


def test_shaping_right_to_left_text_or_not_changes_the_store_s_version(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without FriBiDi, Pillow cannot shape Arabic, and cards leave such titles out."""
    from aze_site.build.options import store_version

    monkeypatch.setattr(fonts, "fribidi", lambda: True)
    with_it = store_version()
    monkeypatch.setattr(fonts, "fribidi", lambda: False)
    assert store_version() != with_it


def test_the_loader_s_answer_on_fribidi_is_pillow_s() -> None:
    from PIL import features

    assert fonts.fribidi() == bool(features.check("raqm"))


def test_a_credit_of_emoji_alone_leaves_the_photo_off_the_card() -> None:
    """'📷' as the whole credit is drawn as nothing: the card would show the photo under
    'Credit:' and no one's name, so it is left off, as for a credit no font can show."""
    photo = Image.new("RGB", (540, 630), (40, 120, 80))
    card = SocialCard("Frog Pond", "AZE", "hero.jpg", "abc", "\U0001f4f7")
    assert cards.credit_text(card) != "Credit:"
    assert draw_card(card, photo) == draw_card(card, None)


LONG_NAME = "Alliance for Zero Extinction and Friends of the Endangered Species of the World"


@pytest.mark.parametrize("with_photo", [False, True], ids=["no-photo", "photo"])
def test_a_long_website_name_stays_on_its_panel(with_photo: bool) -> None:
    """The name above the title ran over the photo and off the card's edge: it is set
    smaller, then cut after a whole word, within its panel."""
    photo = Image.new("RGB", (540, 630), (40, 120, 80)) if with_photo else None
    card = SocialCard("Frog Pond", LONG_NAME, "hero.jpg" if photo else None,
                      "abc" if photo else None, "Ana" if photo else None)
    im = opened(draw_card(card, photo)).convert("RGB")
    right = PHOTO_LEFT - 50 if photo else WIDTH - 70

    def background(x: int) -> tuple[int, ...]:
        return (40, 120, 80) if photo and x >= PHOTO_LEFT else cards.FOREST

    beyond = [(im.getpixel((x, y)), background(x)) for x in range(right + 8, WIDTH, 4)
              for y in range(50, 96, 3)]
    assert all(isinstance(p, tuple) and near(p, want, 40) for p, want in beyond)


def test_a_website_name_is_fitted_only_where_too_long() -> None:
    chosen = ("DejaVuSans-Bold.ttf", 0)
    width = PHOTO_LEFT - 50 - 60  # beside the photo
    face, text = cards.fit_label("ALLIANCE FOR ZERO EXTINCTION", chosen, width, None)
    assert (text, getattr(face, "size", None)) == ("ALLIANCE FOR ZERO EXTINCTION", 26)
    face, text = cards.fit_label(LONG_NAME.upper(), chosen, width, None)
    assert getattr(face, "size", None) == 20 and text.endswith("…") and " " in text
    assert LONG_NAME.upper().startswith(text.removesuffix("…"))
    assert ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength(text, font=face) <= width
    face, text = cards.fit_label("X" * 200, chosen, width, None)
    assert text.endswith("…") and len(text) < 200
