"""What page rendering may ask of the site: the `SiteView` protocol.

Templates read the site only through a view, one question at a time, so the build
engine can record exactly what each page read (a page that lists news bodies depends
on those bodies; a page that never shows the site list does not depend on it). Lists
come as `Lazy` sequences, asked for only when a template first uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar, overload

from aze_site.model import (
    Audience,
    AzeSite,
    CriteriaCategory,
    Criterion,
    Document,
    Image,
    NewsPost,
    Page,
    Partner,
    SiteConfig,
)
from aze_site.render.catalogue import CategoryEntry, CountryEntry, GroupEntry, SpeciesEntry
from aze_site.render.i18n import Messages
from aze_site.render.markdown import Rendered

T = TypeVar("T")


class Lazy(Sequence[T]):
    """A sequence loaded the first time it is used (then like a tuple)."""

    def __init__(self, load: Callable[[], Sequence[T]]) -> None:
        self._load: Callable[[], Sequence[T]] | None = load
        self._items: Sequence[T] = ()

    def _get(self) -> Sequence[T]:
        if self._load is not None:
            self._items, self._load = self._load(), None
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[T]:
        return iter(self._get())

    def __bool__(self) -> bool:
        return bool(self._get())


class SiteView(Protocol):
    """Everything a page can show (documents are their facts: bodies come from `body`)."""

    def config(self) -> SiteConfig: ...

    def base_url(self) -> str: ...  # ends with '/'

    def image(self, key: str) -> Image | None: ...

    def document(self, rel: str) -> Page | NewsPost: ...  # by its source path

    def site(self, slug: str) -> AzeSite: ...

    def body(self, doc: Document) -> Rendered: ...

    def summary(self, doc: Document) -> str: ...

    def pages(self) -> Sequence[Page]: ...  # published, in path order

    def news(self) -> Sequence[NewsPost]: ...  # published, newest first

    def sites(self) -> Sequence[AzeSite]: ...  # published, by name

    def species(self, name: str) -> SpeciesEntry: ...

    def species_list(self) -> Sequence[SpeciesEntry]: ...

    def country(self, iso3: str) -> CountryEntry | None: ...

    def countries(self) -> Sequence[CountryEntry]: ...

    def category(self, code: str) -> CategoryEntry: ...

    def categories(self) -> Sequence[CategoryEntry]: ...

    def group(self, code: str) -> GroupEntry: ...

    def groups(self) -> Sequence[GroupEntry]: ...

    def stats(self) -> Mapping[str, int]: ...

    def criteria(self) -> Sequence[CriteriaCategory]: ...

    def criterion(self, code: str) -> Criterion | None: ...

    def partners(self) -> Sequence[Partner]: ...

    def audiences(self) -> Sequence[tuple[Audience, str | None]]: ...

    def special_url(self, layout: str) -> str | None: ...  # the page with that layout

    def asset_version(self, path: str) -> str | None: ...  # static/<path>: a short hash

    def photo_usage(self) -> Mapping[str, Sequence[tuple[str, str, str]]]: ...  # key -> (url, title, lang)

    def site_filters(self) -> Mapping[str, Any]: ...

    def map_view(self, country: str) -> Any: ...  # '' : every site

    def forms(self) -> tuple[str | None, str | None]: ...  # (submit URL, update URL template)

    def languages(self) -> tuple[str, ...]: ...  # the site's, the default first

    def default_config(self) -> SiteConfig: ...  # site.yaml in the default language

    def messages(self, lang: str) -> Messages | None: ...  # a language's interface strings

    def translated_in(self, rel: str) -> tuple[str, ...]: ...  # a document's translations

    def body_lang(self, doc: Document) -> str | None: ...  # its text's, if not the page's

    def text_path(self, doc: Document) -> str: ...  # the file its text shown comes from


class Images(Mapping[str, Image]):
    """The photos of `images.yaml` as a mapping that asks the view for each one it needs."""

    def __init__(self, view: SiteView) -> None:
        self.view = view

    def __getitem__(self, key: str) -> Image:
        found = self.view.image(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        found = self.view.image(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.view.image(key) is not None

    def __iter__(self) -> Iterator[str]:
        raise TypeError("photos are looked up one by one")

    def __len__(self) -> int:
        raise TypeError("photos are looked up one by one")
