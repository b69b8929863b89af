"""The build options that change what is published: each is an input node `option:<name>`.

Apart from the queries, so that a build that finds nothing changed need not load them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Options:
    drafts: bool = False
    base_url: str | None = None  # overrides site.yaml's base_url
    photos: bool = True  # False: plan photos and cards but make no files (`check`)

    def value(self, name: str) -> Any:
        return getattr(self, name)

    def values(self) -> dict[str, Any]:
        return {"drafts": self.drafts, "base_url": self.base_url, "photos": self.photos}
