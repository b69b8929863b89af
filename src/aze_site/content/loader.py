"""Load content/ into the validated model, reporting every problem with its position.

A `Loader` reads the site-wide YAML files (settings.py) and one Markdown document at a
time (documents.py); the build engine asks it for each file as a query of its own.
"""

from __future__ import annotations

from aze_site.content.documents import DocumentLoading, FileResult
from aze_site.content.settings import SettingsLoading
from aze_site.content.translations import TranslationLoading


class Loader(SettingsLoading, DocumentLoading, TranslationLoading):
    """Reads one project's content/ folder. Every problem goes to `report`."""


__all__ = ["FileResult", "Loader"]
