"""The site's queries on the engine: how content becomes pages, checks and files.

`site_queries(env)` gives every kind of node, by name; the root node `root:` asks for
everything a build publishes and checks. See docs/ARCHITECTURE.md for the levels. The
query modules load when the engine is made: a build that finds nothing changed never
needs them (nor Jinja, Markdown or YAML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aze_site.engine import Query
from aze_site.queries.options import Options

if TYPE_CHECKING:
    from aze_site.queries.env import Env

ROOT = "root:"


def site_queries(env: Env) -> dict[str, Query]:
    from aze_site.queries import (
        catalogue,
        checks,
        content,
        languages,
        outputs,
        pages,
        redirects,
        secrets,
    )

    found = {
        "file": Query(0, input=lambda rel: env.sources.file(rel)),
        "dir": Query(0, input=lambda folder: env.sources.listing(folder)),
        "option": Query(0, input=lambda name: env.options.value(name)),
    }
    for module in (content, languages, catalogue, pages, checks, secrets, outputs, redirects):
        made = module.queries(env)
        clash = found.keys() & made.keys()
        if clash:
            raise ValueError(f"two queries named {sorted(clash)}")
        found.update(made)
    return found


__all__ = ["ROOT", "Options", "site_queries"]
