"""The Jinja environment of the theme: sandboxed, auto-escaping, loading only from templates/.

Also the globals every template may use (the filters, which depend on the page rendered,
are the renderer's: render/pages.py), and the diagnostic a template error becomes
(`templates/x.html:12: error: ...`).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from aze_site.content.regions import region_slug, regions_of
from aze_site.errors import Diagnostic
from aze_site.model import GROUPS, PROTECTION, RED_LIST, RED_LIST_MEANING
from aze_site.render import worldmap
from aze_site.search.pagefind import SEARCH_URL
from aze_site.slugs import species_slug

# Part of the names of compiled templates kept between runs: bump it when what a template
# compiles to changes without its source changing (2: the filters became per page, so no
# constant like '/sites/'|rel is computed once when compiling).
COMPILED_FORMAT = 2


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Refuses templates that resolve (through links) outside the templates folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        base = os.path.realpath(self.searchpath[0])
        if filename and not os.path.realpath(filename).startswith(base + os.sep):
            raise jinja2.TemplateNotFound(
                template, f"template '{template}' is a link to a file outside templates/")
        return source, filename, uptodate


def make_environment(templates: Path, compiled: Path | None = None) -> SandboxedEnvironment:
    """`compiled`: a folder where compiled templates are kept between runs (Jinja checks
    each against its source's checksum), so a one-page rebuild need not compile them."""
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled),
                                               f"__jinja2_%s.{COMPILED_FORMAT}.cache")
    env = SandboxedEnvironment(
        loader=_ConfinedLoader(str(templates)),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # pages install their language's (pages.py)
    env.globals.update(
        RED_LIST=RED_LIST, RED_LIST_MEANING=RED_LIST_MEANING, GROUPS=GROUPS,
        PROTECTION=PROTECTION,
        species_url=lambda name: f"/species/{species_slug(name)}/",
        country_url=lambda iso3: f"/countries/{iso3.lower()}/",
        regions_of=regions_of, region_slug=region_slug, worst_status=worldmap.worst_status,
        static_map=worldmap.static_map, locator_map=worldmap.locator_map,
        locator_path=worldmap.locator_path, SEARCH_URL=SEARCH_URL,
    )
    return env


def template_diagnostic(exc: BaseException, root: Path, templates: Path) -> Diagnostic:
    """Turn a Jinja error into a `templates/x.html:line: error:` diagnostic."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or exc.name or "?"
        return Diagnostic(_relative(name, root, templates), exc.lineno, 0, "error",
                          f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        message = exc.message if exc.message and exc.message != exc.name else (
            f"template '{exc.name}' not found")
        return Diagnostic(_relative(templates.as_posix(), root, templates), 0, 0, "error", message)
    where, line = templates.as_posix(), 0
    tb = exc.__traceback__ or sys.exc_info()[2]
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.startswith(str(templates)):
            where, line = filename, lineno
    return Diagnostic(_relative(where, root, templates), line, 0, "error",
                      f"template error: {exc}")


def _relative(name: str, root: Path, templates: Path) -> str:
    path = Path(name)
    if not path.is_absolute():
        path = templates / name
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
