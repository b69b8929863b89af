"""A sensitive site's precise position in the text published with it, and elsewhere.

The loader checks the site's own file (content/documents.py). Its page also shows its
translations' text and its photos' alt text, caption and credit, in every language:
`secret_text` looks there for the precise position, read again from the site's file
for these checks alone (it never enters the model, nor the store). Level 11: it reads
which photos the bodies show (8). `secret_elsewhere` looks for every sensitive site's
position in all the other text of content/, where only a number written as a position
counts (content/sensitive.py, Places): each file's numbers, read when it is loaded, say
which files to read again. Level 11: it reads which translations are read (10).
`secret_shared` looks for another published site whose own position is a sensitive
site's precise one: published as it is, it would give the place away."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from aze_site.content.sensitive import (
    Place,
    Places,
    Readings,
    mentions,
    precise_position,
    published_text,
    secret_told,
)
from aze_site.content.translations import (
    YAML_FILES,
    DocTranslation,
    YamlTranslation,
    parts,
    translation_path,
)
from aze_site.content.yamlsrc import position
from aze_site.engine import MISSING, Ctx, Query
from aze_site.model import AzeSite
from aze_site.queries.content import same_site
from aze_site.queries.env import Env, text_of

Position = tuple[float, float]
# (start, end, axis, the sensitive site's file) of each number of a text giving a place
Finder = Callable[[str], Iterable[tuple[int, int, str, str]]]


def secret_checks(env: Env, ctx: Ctx, _: str) -> None:
    """Each sensitive site's check, a node of its own: an edit elsewhere reads no file."""
    ctx.require([f"secret_text:{site.source.path}" for site in ctx.get("site_list:")
                 if site.coarsened])  # a draft's page and photos are not published
    ctx.require(["secret_elsewhere:", "secret_shared:"])


def secret_sites(ctx: Ctx, _: str) -> tuple[str, ...]:
    """The files of the sensitive sites, drafts too (a news post must not give where the
    species of a site not yet published lives); unlike site_list, unchanged by most
    edits."""
    listed = ctx.get("published:")
    shown = set(listed.sites)
    drafts = (ctx.get(f"facts:{rel}") for rel in listed.documents
              if rel.startswith("content/sites/") and rel not in shown)
    return tuple(sorted(site.source.path for site in (*ctx.get("site_list:"), *drafts)
                        if isinstance(site, AzeSite) and site.coarsened))


def secret_places(env: Env, ctx: Ctx, _: str) -> tuple[Place, ...]:
    """The sensitive sites' precise positions, read again from their files."""
    found = []
    for rel in ctx.get("secret_sites:"):
        data = text_of(env, ctx, rel)
        at = precise_position(data.decode("utf-8", "replace")) if data else None
        if at is not None:
            found.append(Place(rel, *at))
    return tuple(found)


def secret_shared(ctx: Ctx, _: str) -> None:
    """A published site, not sensitive, at a sensitive site's precise position under
    another name: an error at its `location` (the same site twice, or one listing a
    species marked sensitive there, has its own error already)."""
    places = Places(ctx.get("secret_places:"))
    sites = ctx.get("site_list:") if places.places else ()
    published = {site.source.path for site in sites}
    for site in sites:
        for i in () if site.coarsened else places.at(site.lat, site.lon):
            rel = places.places[i].rel
            other = ctx.get(f"facts:{rel}")
            if isinstance(other, AzeSite) and not _said(site, other, rel in published):
                at = {key: (line, col) for key, line, col in site.at}.get("location", (1, 1))
                ctx.error(site.source.path, *at, _shared(site, rel))
                break


def _said(site: AzeSite, other: AzeSite, published: bool) -> bool:
    """Whether a check of site_clashes or species_warnings says so already: the same site
    twice (where both are published), or a species marked sensitive there."""
    return (published and same_site(site, other)) or \
        bool({sp.name for sp in site.species} & set(other.secret))


def _shared(site: AzeSite, rel: str) -> str:
    return (f"location: {site.lat}, {site.lon} is also the precise position of {rel}, which "
            "stays unpublished since a species there is sensitive: give this site's position "
            "in whole degrees, or mark its species sensitive too (if the two files are one "
            "site, merge them)")


def secret_elsewhere(env: Env, ctx: Ctx, _: str) -> None:
    """Every sensitive site's position in the text of every other file of content/."""
    places = Places(ctx.get("secret_places:"))
    if not places.places:
        return
    images = {translation_path("content/images/images.yaml", lang)  # read as photos' texts
              for lang in ctx.get("languages:")[1:]}
    read = [rel for rel in ctx.get("translation_checks:") if rel not in images]
    for rel in (*ctx.get("published:").documents, *read):
        own = frozenset({rel, (parts(rel) or (rel,))[0]})
        found = ctx.get(f"numbers:{rel}")
        if isinstance(found, Readings) and places.could_tell(found, own):
            _told(env, ctx, rel, partial(places.told, skip=own))
    for name in YAML_FILES:
        if name != "images/images":  # its entries are read as the photos' texts below
            _told(env, ctx, f"content/{name}.yaml", places.told)
    _photos(ctx, ctx.get("images:"), places.told)


def _told(env: Env, ctx: Ctx, rel: str, find: Finder) -> None:
    data = text_of(env, ctx, rel)
    text = data.decode("utf-8", "replace").removeprefix("\ufeff") if data else ""  # no column
    text = published_text(rel, text)
    for start, end, axis, site in find(text):
        ctx.error(rel, *position(text, start), secret_told(text[start:end], axis, site))


def secret_text(env: Env, ctx: Ctx, rel: str) -> None:
    site = ctx.get(f"facts:{rel}")
    data = text_of(env, ctx, rel)
    precise = precise_position(data.decode("utf-8", "replace")) if data else None
    if isinstance(site, AzeSite) and precise is not None:
        translations = _translations(ctx, site)
        for found in translations:
            _translated_text(ctx, site, found, precise)
        rel = site.source.path
        _photos(ctx, _shown(ctx, site, translations),
                lambda text: ((*m, rel) for m in mentions(text, *precise)))


def _translations(ctx: Ctx, site: AzeSite) -> list[DocTranslation]:
    found = (ctx.get(f"translation:{translation_path(site.source.path, lang)}")
             for lang in ctx.get("languages:")[1:])
    return [t for t in found if isinstance(t, DocTranslation)]


def _translated_text(ctx: Ctx, site: AzeSite, found: DocTranslation, at: Position) -> None:
    path = found.source.path
    for start, end, axis in mentions(found.body, *at):
        line, col = position(found.body, start)
        ctx.error(path, found.body_line + line - 1, col,
                  secret_told(found.body[start:end], axis, site.source.path))
    for key, text, line, col in found.texts():
        for start, end, axis in mentions(text, *at):
            ctx.error(path, line, col, f"{key}: {secret_told(text[start:end], axis, site.source.path)}")


def _shown(ctx: Ctx, site: AzeSite, translations: list[DocTranslation]) -> list[str]:
    """The photos a site's page shows, in any language."""
    keys = set(ctx.get(f"photos:{site.source.path}"))
    for rel in (site.source.path, *(t.source.path for t in translations)):
        shown = ctx.get(f"body_photos:{rel}")
        keys.update(() if shown is MISSING or shown is None else shown)
    return sorted(keys)


def _photos(ctx: Ctx, keys: Iterable[str], find: Finder) -> None:
    """The texts of each photo: its entry in images.yaml (or the credit from the photo's
    own metadata) and its translations. Said the same way for a site whose page shows the
    photo and in the check of all photos, so that a number found by both is said once."""
    keys = set(keys)
    for key in sorted(keys):
        image = ctx.get(f"image:{key}")
        if image is None or image is MISSING:
            continue  # no entry: said where the photo is asked for
        written = {k for k, _line, _col in image.at}
        for field in ("alt", "caption", "credit", "license"):
            what = f"{key}: {field}" + ("" if field in written else " (from the photo's own metadata)")
            _field(ctx, image.field_at(field), what, getattr(image, field), find)
    for lang in ctx.get("languages:")[1:]:
        rel = f"content/images/images.{lang}.yaml"
        found = ctx.get(f"translation:{rel}")
        if isinstance(found, YamlTranslation):
            for key, fields, line, col in found.entries:
                for field, text in fields if key in keys else ():
                    _field(ctx, (rel, *found.field_at(key, field, line, col)),
                           f"{key}: {field}", text, find)


def _field(ctx: Ctx, where: tuple[str, int, int], what: str, text: object,
           find: Finder) -> None:
    if isinstance(text, str):
        for start, end, axis, site in find(text):
            ctx.error(*where, f"{what}: {secret_told(text[start:end], axis, site)}")


def queries(env: Env) -> dict[str, Query]:
    return {"secret_checks": Query(12, partial(secret_checks, env)),
            "secret_text": Query(11, partial(secret_text, env)),
            "secret_sites": Query(8, secret_sites),
            "secret_places": Query(9, partial(secret_places, env)),
            "secret_shared": Query(10, secret_shared),
            "secret_elsewhere": Query(11, partial(secret_elsewhere, env)),  # translation_checks
            # a content file's numbers, emitted as it is read (content.document,
            # languages.translation)
            "numbers": Query(5, parent=lambda rel: f"translation:{rel}" if parts(rel)
                             else f"document:{rel}")}
