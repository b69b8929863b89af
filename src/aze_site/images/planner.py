"""The image planner used while templates render.

`picture(key, role)` answers at once with everything a template needs (URLs, srcset,
width and height), and records the derivatives to make once rendering is done.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from aze_site.images.maths import FORMATS, PIPELINE_VERSION, ROLES, Derivative, plan_role
from aze_site.model import Image

CREDIT_LINE = "Credit: %(credit)s"
UNREADABLE = "its entry in content/images/images.yaml cannot be read"


def photo_problem(images: Mapping[str, Image], key: str) -> str | None:
    """Why a use of this photo is wrong (it has no entry), or None. What is wrong with an
    entry itself (`entry_problem`) is reported once, at the entry, not again at each page
    that uses it; such a photo is shown nowhere (`Planner.usable`)."""
    if images.get(key) is None:
        meant = _meant_photo(images, key)
        hint = f" (did you mean '{meant}', as images.yaml names it?)" \
            if meant else ""
        return f"photo '{key}' has no entry in content/images/images.yaml{hint}"
    return None


def _meant_photo(images: Mapping[str, Image], key: str) -> str | None:
    """The photo a key that has no entry meant: another case (`.JPG`), the path of its
    file (`../images/x.jpg`, `images/x.jpg`) or a slip of a letter or two."""
    keys: list[str] = list(getattr(images, "known", images.keys)())  # NodeImages: one node
    folded = {k.casefold(): k for k in keys}
    tail = key.replace("\\", "/")
    while tail:
        if tail.casefold() in folded:
            return folded[tail.casefold()]
        tail = tail.partition("/")[2]  # ../images/x.jpg, then images/x.jpg, then x.jpg
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.85)
    return close[0] if close else None


def entry_problem(image: Image) -> str | None:
    """Why no page may show this photo: its file cannot be published, or its entry has no
    credit or alt text (None too when the entry cannot be read: its own error says so)."""
    if image.problem == UNREADABLE:
        return None
    if image.problem:
        return f"photo '{image.key}' cannot be published: {image.problem}"
    missing = [name for name in ("credit", "alt") if not getattr(image, name)]
    if missing:
        return (f"photo '{image.key}' has no {' and '.join(missing)}: no photo is published "
                "without its credit and alt text")
    return None


@dataclass(frozen=True)
class PictureView:
    key: str
    alt: str
    credit: str
    caption: str | None
    license: str | None
    src: str  # JPEG fallback
    srcset: str  # JPEG candidates
    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset) of the better formats
    sizes: str
    width: int
    height: int
    color: str
    alt_lang: str | None = None  # where the alt text is not in the page's language
    caption_lang: str | None = None


@dataclass(frozen=True, order=True)
class SocialCard:
    """A 1200x630 card for one page: its title over its photo, with the photo's credit."""

    title: str
    site_title: str
    key: str | None
    digest: str | None
    credit: str | None
    focal: tuple[float, float] = (0.5, 0.5)
    # How the card says whose photo it is, in the page's language (`%(credit)s` the credit)
    credit_line: str = field(default=CREDIT_LINE, repr=False)

    @property
    def path(self) -> str:
        params = f"{self}|{PIPELINE_VERSION}|social-2"  # the English line: as cards always were
        if self.credit_line != CREDIT_LINE:
            params += f"|{self.credit_line}"
        return f"img/social/{hashlib.sha256(params.encode()).hexdigest()[:16]}.jpg"


@dataclass
class Planner:
    images: Mapping[str, Image]
    rel: Callable[[str], str]
    derivatives: set[Derivative] = field(default_factory=set)
    photos: set[str] = field(default_factory=set)
    cards: set[SocialCard] = field(default_factory=set)
    views: dict[tuple[str, str], tuple[PictureView, tuple[Derivative, ...]]] = field(
        default_factory=dict)

    def usable(self, key: str | None) -> Image | None:
        img = self.images.get(key) if key else None
        if img is None or not img.alt or not img.credit or img.problem:
            return None  # reported once: at its use (no entry) or at its entry
        return img

    def picture(self, key: str | None, role: str = "hero") -> PictureView | None:
        img = self.usable(key)
        if img is None:
            return None
        known = self.views.get((img.key, role))
        if known is None:  # the same photo in the same role looks the same on every page
            known = self.views[(img.key, role)] = self._plan(img, role)
        view, planned = known
        self.derivatives.update(planned)
        self.photos.add(img.key)
        return view

    def _plan(self, img: Image, role: str) -> tuple[PictureView, tuple[Derivative, ...]]:
        spec = ROLES[role]
        planned = plan_role(img.key, img.digest, img.width, img.height, spec, img.focal_point)
        by_format: dict[str, list[Derivative]] = {}
        for d in planned:
            by_format.setdefault(d.format, []).append(d)

        def srcset(items: list[Derivative]) -> str:
            return ", ".join(f"{self.rel('/' + d.path)} {d.width}w" for d in items)

        jpegs = by_format["jpeg"]
        fallback = next((d for d in reversed(jpegs) if d.width <= 1280), jpegs[0])
        largest = jpegs[-1]
        sources = tuple((FORMATS[f], srcset(by_format[f])) for f in spec.formats if f != "jpeg")
        return PictureView(
            key=img.key, alt=img.alt or "", credit=img.credit or "", caption=img.caption,
            license=img.license, src=self.rel("/" + fallback.path), srcset=srcset(jpegs),
            sources=sources, sizes=spec.sizes, width=largest.width, height=largest.height,
            color=img.color, alt_lang=img.alt_lang, caption_lang=img.caption_lang,
        ), planned

    def social_card(self, title: str, site_title: str, key: str | None,
                    credit_line: str = CREDIT_LINE) -> str:
        """The path of the page's social card, planned for drawing after rendering."""
        img = self.usable(key)
        card = SocialCard(title, site_title, img.key if img else None, img.digest if img else None,
                          img.credit if img else None, img.focal_point if img else (0.5, 0.5),
                          credit_line if img else CREDIT_LINE)
        self.cards.add(card)
        if img:
            self.photos.add(img.key)
        return card.path

    def take(self) -> tuple[frozenset[Derivative], frozenset[str], frozenset[SocialCard]]:
        """What the last page planned; resets for the next page."""
        planned = (frozenset(self.derivatives), frozenset(self.photos), frozenset(self.cards))
        self.derivatives.clear()
        self.photos.clear()
        self.cards.clear()
        return planned

