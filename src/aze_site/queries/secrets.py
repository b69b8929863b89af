"""A sensitive site's precise position in the text published with it, beyond its own file.

The loader checks the site's own file (content/documents.py). Its page also shows its
translations' text and its photos' alt text, caption and credit, in every language:
`secret_checks` looks there for the precise position, read again from the site's file
for these checks alone (it never enters the model). Level 11: it reads which photos the
bodies show (8).
"""

from __future__ import annotations

from functools import partial

from aze_site.content.sensitive import mentions, precise_position, secret_told
from aze_site.content.translations import DocTranslation, YamlTranslation, translation_path
from aze_site.content.yamlsrc import position
from aze_site.engine import MISSING, Ctx, Query
from aze_site.model import AzeSite
from aze_site.queries.env import Env, text_of

Position = tuple[float, float]


def secret_checks(env: Env, ctx: Ctx, _: str) -> None:
    """Each sensitive site's check, a node of its own: an edit elsewhere reads no file."""
    ctx.require([f"secret_text:{site.source.path}" for site in ctx.get("site_list:")
                 if site.coarsened])


def secret_text(env: Env, ctx: Ctx, rel: str) -> None:
    site = ctx.get(f"facts:{rel}")
    data = text_of(env, ctx, rel)
    precise = precise_position(data.decode("utf-8", "replace")) if data else None
    if isinstance(site, AzeSite) and precise is not None:
        translations = _translations(ctx, site)
        for found in translations:
            _translated_text(ctx, site, found, precise)
        _photos(ctx, site, translations, precise)


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


def _photos(ctx: Ctx, site: AzeSite, translations: list[DocTranslation], at: Position) -> None:
    """The texts of each photo the site's page shows, in any language: its entry in
    images.yaml (or the credit from the photo's own metadata) and its translations."""
    keys = set(ctx.get(f"photos:{site.source.path}"))
    for rel in (site.source.path, *(t.source.path for t in translations)):
        shown = ctx.get(f"body_photos:{rel}")
        keys.update(() if shown is MISSING or shown is None else shown)
    for key in sorted(keys):
        image = ctx.get(f"image:{key}")
        if image is None:
            continue  # no entry: said where the photo is asked for
        written = {k for k, _line, _col in image.at}
        for field in ("alt", "caption", "credit"):
            what = f"{key}: {field}" + ("" if field in written else " (from the photo's own metadata)")
            _field(ctx, site, image.field_at(field), what, getattr(image, field), at)
    for lang in ctx.get("languages:")[1:]:
        rel = f"content/images/images.{lang}.yaml"
        found = ctx.get(f"translation:{rel}")
        if isinstance(found, YamlTranslation):
            for key, fields, line, col in found.entries:
                for field, text in fields if key in keys else ():
                    _field(ctx, site, (rel, *found.field_at(key, field, line, col)),
                           f"{key}: {field}", text, at)


def _field(ctx: Ctx, site: AzeSite, where: tuple[str, int, int], what: str,
           text: object, at: Position) -> None:
    if isinstance(text, str):
        for start, end, axis in mentions(text, *at):
            ctx.error(*where, f"{what}: {secret_told(text[start:end], axis, site.source.path)}")


def queries(env: Env) -> dict[str, Query]:
    return {"secret_checks": Query(12, partial(secret_checks, env)),
            "secret_text": Query(11, partial(secret_text, env))}
