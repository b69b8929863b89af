"""Publishing photos: make the planned derivatives (in parallel) and social cards, cached.

Every file is made in the cache folder first (written to a temporary name, then
renamed, with a hash beside it), so a file that is damaged in the cache is made again,
never published: derivatives are copied to the output from there, cards are published
from the bytes card_data checked.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from aze_site.errors import Report
from aze_site.images.cards import card_bytes
from aze_site.images.maths import Derivative
from aze_site.images.pixels import process_source, store, whole_bytes
from aze_site.images.planner import SocialCard
from aze_site.model import Image
from aze_site.workers import parallel_map

SOCIAL = "img/social"  # the cards' folder, in the cache as in the output


@dataclass(frozen=True)
class PhotoWork:
    images: dict[str, Image]
    folder: Path  # content/images
    cache: Path


@dataclass(frozen=True)
class Outcome:
    made: int
    problem: tuple[str, str] | None = None  # (photo key, message)


def _derivatives(work: PhotoWork, groups: list[tuple[str, list[Derivative]]]) -> list[Outcome]:
    out = []
    for key, derivatives in groups:
        try:
            made = process_source(work.folder / key, derivatives, work.cache)
            out.append(Outcome(len(made)))
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
            out.append(Outcome(0, (key, f"cannot be processed ({exc})")))
    return out


def card_data(work: PhotoWork, card: SocialCard, report: Report) -> bytes | None:
    """One social card's bytes: from the cache when whole there, else drawn and cached;
    None (reported) when its photo cannot be read."""
    target = work.cache / card.path
    data = whole_bytes(target)
    if data is not None:
        return data
    try:
        data = card_bytes(card, work.folder / card.key if card.key else None)
    except (OSError, ValueError, SyntaxError) as exc:
        report.error("content/images", 0, 0, f"photo '{card.key or '?'}' social card failed ({exc})")
        return None
    store(target, data)
    return data


def prune_cards(cache: Path, published: Iterable[str]) -> None:
    """Remove the cached cards no published file is (`published`: output paths): cards
    of titles since changed would otherwise pile up in the cache that CI carries."""
    folder = cache / SOCIAL
    wanted = {rel.removeprefix(f"{SOCIAL}/") for rel in published if rel.startswith(f"{SOCIAL}/")}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.split(".")[0] + ".jpg" not in wanted:
            Path(entry.path).unlink(missing_ok=True)


@dataclass
class PhotoStats:
    derivatives: int = 0
    processed: int = 0  # encoded in this build (the rest came from the cache)


def make_photos(work: PhotoWork, derivatives: Iterable[Derivative], jobs: int, report: Report,
                progress: Callable[[str, int, int], None] | None = None) -> PhotoStats:
    """Make every derivative in the cache; report photos that fail (cards: card_data)."""
    by_source: dict[str, list[Derivative]] = defaultdict(list)
    for d in sorted(set(derivatives)):
        by_source[d.key].append(d)
    groups = sorted(by_source.items())
    step = (lambda done, total: progress("photos", done, total)) if progress else None
    outcomes = parallel_map(_derivatives, groups, work, jobs, chunk=1, progress=step)
    for outcome in outcomes:
        if outcome.problem:
            key, message = outcome.problem
            image = work.images.get(key)
            where = image.source if image else None
            report.error(where.path if where else "content/images", where.line if where else 0,
                         where.col if where else 0, f"photo '{key}' {message}")
    return PhotoStats(derivatives=sum(len(g) for _, g in groups),
                      processed=sum(o.made for o in outcomes))
