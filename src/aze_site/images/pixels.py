"""Photos: their facts (size, credit, colour) and the pixels of their derivatives.

Reading decodes each photo once, small (JPEG draft mode), to prove it is whole and to
find its dominant colour; processing decodes it once more at the largest size any page
needs and encodes every derivative from that, into a cache shared between builds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import re
import struct
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageCms, ImageFile, ImageOps, IptcImagePlugin, UnidentifiedImageError

from aze_site.files import atomic_write, read_file
from aze_site.images.maths import PIPELINE_VERSION, ROLES, Derivative, draft_divisor

MAX_PIXELS = 80_000_000  # above this an image is refused (decompression bomb)
PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
SUPPORTED = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "AVIF")
PAPER = (251, 250, 246)  # the theme's background, under transparent pixels in JPEGs
_ARTIST, _COPYRIGHT, _ORIENTATION = 0x013B, 0x8298, 0x0112
_XMP_CREATOR = re.compile(rb"<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>", re.S)
_XMP_RIGHTS = re.compile(rb"<dc:rights>.*?<rdf:li[^>]*>(.*?)</rdf:li>", re.S)
# What a photo's facts say, or how they say it, changed (not its derivatives): a version
# of the facts remembered in the cache between builds
INFO_VERSION = "2"
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


@contextlib.contextmanager
def pillow_quiet() -> Iterator[None]:
    """Pillow's warnings kept from the editor's terminal: a decompression bomb is an error
    (said in the build's words); the rest, such as 'Corrupt EXIF data' (from a camera or an
    editing program), is Python's text about metadata that no published file keeps."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        yield


_GPS_IFD, _GPS_LATITUDE, _GPS_LONGITUDE = 0x8825, 2, 4
_XMP_GPS = re.compile(rb"exif:GPSLatitude|exif:GPSLongitude")


def carries_position(data: bytes) -> bool:
    """Whether an image's metadata gives the place it was taken (EXIF's GPS latitude and
    longitude, or XMP's), which a file published as it is gives away."""
    if _XMP_GPS.search(data):
        return True
    try:
        with pillow_quiet():
            gps = _gps_fields(data)
    except (OSError, ValueError, SyntaxError, EOFError, KeyError, IndexError,
            struct.error, PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return False  # not an image Pillow reads: nothing to say of it here
    return _GPS_LATITUDE in gps and _GPS_LONGITUDE in gps


def _gps_fields(data: bytes) -> Mapping[int, object]:
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            return im.getexif().get_ifd(_GPS_IFD)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return _exif_block_gps(data)  # a 100-megapixel camera's: still a photo


# Where an EXIF block (a TIFF header) starts: a TIFF file's own; JPEG's APP1 (Exif\0\0),
# PNG's eXIf chunk, WebP's EXIF chunk (after its length)
_EXIF_START = re.compile(rb"(?:\A|Exif\x00\x00|eXIf|EXIF[\s\S]{4})(?=II\*\x00|MM\x00\*)")


def _exif_block_gps(data: bytes) -> dict[int, object]:
    """The GPS fields of an image's EXIF block, read without opening the image: Pillow
    refuses to open one of more than MAX_PIXELS pixels, which static/ publishes all the
    same."""
    found = _EXIF_START.search(data)
    if found is None:
        return {}
    exif = PILImage.Exif()
    exif.load(data[found.end():])
    return dict(exif.get_ifd(_GPS_IFD))


@dataclass(frozen=True)
class ImageInfo:
    width: int  # as displayed, after EXIF orientation
    height: int
    format: str
    credit: str | None  # from EXIF, IPTC or XMP, when the file carries one
    color: str  # dominant colour, '#rrggbb', shown while the photo loads
    frames: int = 1  # an animation's (a GIF, WebP or AVIF) or a TIFF's pages: the first is shown


def _embedded_credit(im: ImageFile.ImageFile) -> str | None:
    exif = im.getexif()
    for tag in (_ARTIST, _COPYRIGHT):
        value = exif.get(tag)
        if isinstance(value, str) and value.strip(" \x00"):
            # EXIF says ASCII, but many tools write UTF-8, which Pillow reads as Latin-1
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                value = value.encode("latin-1").decode("utf-8")
            return value.strip(" \x00")
    iptc = IptcImagePlugin.getiptcinfo(im) or {}
    for field in ((2, 80), (2, 116)):  # By-line, Copyright Notice
        value = iptc.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, bytes) and value.strip():
            return value.decode("utf-8", "replace").strip()
    xmp = im.info.get("xmp")
    if isinstance(xmp, bytes | str):
        raw = xmp.encode() if isinstance(xmp, str) else xmp
        for pattern in (_XMP_CREATOR, _XMP_RIGHTS):
            found = pattern.search(raw)
            if found and found.group(1).strip():
                return found.group(1).decode("utf-8", "replace").strip()
    return None


def read_image_info(blob: bytes) -> ImageInfo | str:
    """The facts of an image file, or a sentence saying why it is not usable."""
    try:
        with pillow_quiet():
            return _read_info(blob)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        said = re.search(r"\((\d+) pixels\)", str(exc))  # Pillow: "Image size (N pixels) ..."
        return too_large(f"{int(said[1]):,} pixels" if said else "larger")
    except UnidentifiedImageError:
        return not_an_image(blob)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
            return "damaged image file: it ends before the picture does (copy or save it again)"
        return "damaged image file: its picture cannot be read (save it again from the original)"


def too_large(size: str) -> str:
    """Why a photo of `size` is refused, and what to do: some editors copy in a scan or a
    panorama at full size; a file declaring more pixels than it holds is a 'decompression
    bomb', whose pixels would take gigabytes of memory."""
    return (f"the image is {size}, more than the {MAX_PIXELS:,} a photo may have: save it "
            f"smaller (pages show photos at most {max(ROLES['hero'].widths):,} pixels wide)")


def not_an_image(blob: bytes) -> str:
    """What a file that is no image Pillow reads most likely is, and what to do: the files
    editors are left with by a failed copy or download, an iPhone, a drawing program."""
    head = blob[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not blob:
        return "the file is empty (copy the photo into content/images/ again)"
    if blob[4:8] == b"ftyp" and blob[8:12] in _HEIF_BRANDS:
        return ("it is a HEIC photo, as iPhones save them, which cannot be read here (export "
                "it as JPEG, e.g. with Preview or Photos)")
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return ("it is a web page, not a photo: a download that failed saves its error page "
                "(download the photo again)")
    if b"<svg" in head:
        return "it is an SVG drawing, not a photo (export it as PNG)"
    if blob.startswith(b"%PDF"):
        return "it is a PDF document, not a photo (export the picture from it as JPEG or PNG)"
    if _text(blob[:1024]):
        return ("it is a text file, not a photo (put the photo itself here: JPEG, PNG, WebP "
                "or AVIF)")
    return "not an image file that can be read (save it again as JPEG or PNG)"


def _text(sample: bytes) -> bool:
    """True when the bytes are UTF-8 text (but for a character cut at their end)."""
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            return False
        text = sample[:exc.start].decode("utf-8")
    return all(c.isprintable() or c in "\t\r\n" for c in text)


def _read_info(blob: bytes) -> ImageInfo | str:
    with PILImage.open(io.BytesIO(blob)) as im:
        fmt = im.format or "unknown"
        if fmt not in SUPPORTED:
            return f"unsupported image format {fmt} (use JPEG, PNG, WebP or AVIF)"
        if im.width * im.height > MAX_PIXELS:
            return too_large(f"{im.width:,} by {im.height:,} pixels")
        credit = _embedded_credit(im)
        frames = getattr(im, "n_frames", 1)
        width, height = im.size
        if im.getexif().get(_ORIENTATION) in (5, 6, 7, 8):
            width, height = height, width
        im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()  # decodes every byte: a truncated file fails here
        small = to_srgb(im)
    small.thumbnail((64, 64))
    pixel = small.convert("RGB").resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))
    r, g, b = pixel if isinstance(pixel, tuple) else (0, 0, 0)
    return ImageInfo(width, height, fmt, credit, f"#{r:02x}{g:02x}{b:02x}", frames)


def cached_image_info(blob: bytes, digest: str, cache: Path | None,
                      write: bool = True) -> ImageInfo | str:
    """read_image_info, remembered by content hash between builds (`write`: remember it)."""
    entry = cache / f"info-{digest}-{PIPELINE_VERSION}.{INFO_VERSION}.json" if cache else None
    if entry and entry.is_file():
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            return data["problem"] if "problem" in data else ImageInfo(**data)
        except (ValueError, KeyError, TypeError, OSError):
            pass  # a damaged entry is simply made again
    info = read_image_info(blob)
    if entry and write:
        record = {"problem": info} if isinstance(info, str) else asdict(info)
        atomic_write(entry, json.dumps(record).encode())
    return info


def to_srgb(im: PILImage.Image) -> PILImage.Image:
    """8-bit RGB or RGBA in sRGB, whatever the mode and colour profile of the source."""
    icc = im.info.get("icc_profile")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")  # 16-bit greyscale to 8-bit
    elif im.mode == "F":
        im = im.convert("L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode in ("1", "L"):
        im = im.convert("RGB")
    elif im.mode in ("LA", "PA", "La") or im.mode == "RGBa":
        im = im.convert("RGBA")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            mode = "RGBA" if im.mode in ("RGBA",) else "RGB"
            if im.mode not in ("RGB", "RGBA", "CMYK"):
                im = im.convert("RGB")
            converted = ImageCms.profileToProfile(im, source, srgb, outputMode=mode)
            if converted is not None:
                im = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: fall back to Pillow's own conversion
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    return im


def store(path: Path, data: bytes) -> None:
    """Write a cache file with its hash beside it, so damage is seen before it is published."""
    atomic_write(path, data)
    atomic_write(path.with_name(path.name + ".sha256"), hashlib.sha256(data).hexdigest().encode())


def whole(path: Path) -> bool:
    """True when a cache file written by store() still matches its hash."""
    return whole_bytes(path) is not None


def whole_bytes(path: Path) -> bytes | None:
    """The bytes of a cache file written by store() if they still match its hash."""
    try:
        expected = path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip()
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == expected else None


def cache_hit(cache: Path, derivative: Derivative) -> Path | None:
    """The cached file of a derivative if it is whole."""
    path = cache / derivative.name
    return path if whole(path) else None


def avif_settings(width: int) -> dict[str, int]:
    """AVIF's speed and quality for a width. From 1,280 px up, speed 9 at quality 55 gives
    the bytes and the SSIM of speed 8 at 60 (the shipped photos, within 1 %) in a third of
    the time; narrower, speed 9 loses detail, so those keep speed 8 (bench/avif_speed.py)."""
    return {"speed": 9, "quality": 55} if width >= 1280 else {"speed": 8, "quality": 60}


def encode(im: PILImage.Image, fmt: str) -> bytes:
    """Encode with no metadata at all: no EXIF, no GPS, no XMP, no ICC (pixels are sRGB)."""
    im.info = {}
    buf = io.BytesIO()
    if fmt == "jpeg":
        if im.mode == "RGBA":
            flat = PILImage.new("RGB", im.size, PAPER)
            flat.paste(im, mask=im.getchannel("A"))
            im = flat
        im.save(buf, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "webp":
        # method 2: 2.4 times quicker than the default 4 for 3-5 % more bytes, and only
        # the browsers without AVIF take these
        im.save(buf, "WEBP", quality=80, method=2)
    elif fmt == "avif":
        # Two threads always: the encoder's bytes depend on its thread count (1 differs from
        # 2, 4 and 8), which by default is the machine's number of cores.
        im.save(buf, "AVIF", **avif_settings(im.width), max_threads=2)
    else:
        raise ValueError(f"unknown format {fmt}")
    return buf.getvalue()


class Changed(ValueError):
    """A photo whose bytes are no longer those the build planned with (it was replaced
    while the build ran): what it would make, kept under the old bytes' hash, would be
    served again once those bytes come back (a revert)."""

    def __str__(self) -> str:
        return "the file changed while the build ran: build again"


def read_source(path: Path, digest: str | None) -> bytes:
    """A photo's bytes, if they are still those of `digest` (a prefix of their SHA-256)."""
    data = read_file(path)
    if digest is not None and not hashlib.sha256(data).hexdigest().startswith(digest):
        raise Changed
    return data


def process_source(source: Path, derivatives: Iterable[Derivative], cache: Path) -> list[str]:
    """Make every missing derivative of one photo in the cache; returns their names.

    The source is read once, checked against the hash the derivatives were planned with,
    and decoded at the smallest JPEG draft scale that still covers the largest derivative
    (DCT-domain downscaling), then cropped and resized per derivative.
    """
    todo = sorted(d for d in set(derivatives) if cache_hit(cache, d) is None)
    groups: dict[int, list[Derivative]] = {}
    for d in todo:  # each derivative's own decode scale, so its bytes never depend on others
        groups.setdefault(draft_divisor(d.box.width, d.width), []).append(d)
    photo = read_source(source, todo[0].digest) if todo else b""
    made = []
    for divisor, items in sorted(groups.items()):
        image, factor = _decode(photo, divisor)
        resized: dict[tuple[int, ...], PILImage.Image] = {}  # one resize serves every format
        for d in items:
            box = (round(d.box.left * factor), round(d.box.top * factor),
                   round(d.box.right * factor), round(d.box.bottom * factor))
            key = (*box, d.width, d.height)
            if key not in resized:
                resized[key] = image.crop(box).resize(
                    (d.width, d.height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
            data = encode(resized[key].copy(), d.format)
            store(cache / d.name, data)
            made.append(d.name)
    return made


def _decode(data: bytes, divisor: int) -> tuple[PILImage.Image, float]:
    """The photo upright in sRGB, decoded at 1/divisor in the DCT domain where it is a JPEG;
    and the factor from full-size coordinates to its pixels."""
    with pillow_quiet(), PILImage.open(io.BytesIO(data)) as raw:
        orientation = raw.getexif().get(_ORIENTATION, 1)
        full_w = raw.height if orientation in (5, 6, 7, 8) else raw.width
        if divisor > 1:
            raw.draft("RGB", (math.ceil(raw.width / divisor), math.ceil(raw.height / divisor)))
        image = to_srgb(ImageOps.exif_transpose(raw))
    return image, image.width / full_w
