"""Publishing photos: make the planned derivatives (in parallel, cached) and social cards.

Every derivative is made in the cache folder first (written to a temporary name, then
renamed, with a hash beside it), so a file that is damaged in the cache is made again,
never published, and copied to the output from there. Cards are not cached here: a card
is a node of the build, kept with its bytes (publish/blobs.py) for as long as its
title and photo stay the same, and drawn again only when the build's store is made
anew, as every page then is.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from aze_site.errors import Report
from aze_site.images.cards import card_bytes
from aze_site.images.maths import Derivative
from aze_site.images.pixels import Changed, process_source
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
    changed: bool = False  # the photo's file changed while the build ran


def changed_photo(report: Report, key: str) -> None:
    """One line at the photo's file, however many of its uses (versions, cards) found it
    replaced while the build ran."""
    report.error(f"content/images/{key}", 0, 0, str(Changed()))


def _derivatives(work: PhotoWork, groups: list[tuple[str, list[Derivative]]]) -> list[Outcome]:
    out = []
    for key, derivatives in groups:
        try:
            made = process_source(work.folder / key, derivatives, work.cache)
            out.append(Outcome(len(made)))
        except Changed as exc:
            out.append(Outcome(0, (key, str(exc)), changed=True))
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
            out.append(Outcome(0, (key, f"cannot be processed ({exc})")))
    return out


def card_data(work: PhotoWork, card: SocialCard, report: Report) -> bytes | None:
    """One social card's bytes; None (reported) when its photo cannot be read."""
    try:
        return card_bytes(card, work.folder / card.key if card.key else None)
    except Changed:
        changed_photo(report, card.key or "?")
        return None
    except (OSError, ValueError, SyntaxError) as exc:
        report.error("content/images", 0, 0, f"photo '{card.key or '?'}' social card failed ({exc})")
        return None


def forget_cards(cache: Path) -> None:
    """Remove the cards earlier versions kept in the photo cache (`cache`), which nothing
    reads now and which CI would otherwise carry from build to build."""
    shutil.rmtree(cache / SOCIAL, ignore_errors=True)


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
        if outcome.problem and outcome.changed:
            changed_photo(report, outcome.problem[0])
        elif outcome.problem:
            key, message = outcome.problem
            image = work.images.get(key)
            where = image.source if image else None
            report.error(where.path if where else "content/images", where.line if where else 0,
                         where.col if where else 0, f"photo '{key}' {message}")
    return PhotoStats(derivatives=sum(len(g) for _, g in groups),
                      processed=sum(o.made for o in outcomes))
