"""Pure decisions about names and places: slugs, URLs, output paths, coarsened positions."""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aze_site.slugs import coarsen, is_slug, output_file, page_url, slugify

SLUG_CHARS = re.compile(r"^[a-z0-9-]*$")


# -- slugify -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("São Tomé", "sao-tome"),
        ("Champion and Gardner-by-Floreana islets, Galapagos",
         "champion-and-gardner-by-floreana-islets-galapagos"),
        ("Xichú, Guanajuato", "xichu-guanajuato"),
        ("Cerro d'Arcos", "cerro-darcos"),
        ("Fraser\u2019s Hill", "frasers-hill"),
        ("Großer Arber", "grosser-arber"),
        ("Île-à-Vache", "ile-a-vache"),
        ("Æbelø", "aebelo"),
        ("Łódź", "lodz"),
        ("  --Lake   Titicaca--  ", "lake-titicaca"),
        ("Antilophia bokermanni", "antilophia-bokermanni"),
        ("Site 42 (north)", "site-42-north"),
        ("", ""),
        ("!!!", ""),
        # other scripts, transliterated: an address to read, never an empty one
        ("Кроноцкий заповедник", "kronotskiy-zapovednik"),
        ("梵净山", "fanjingshan"),
        ("Ελληνικά", "ellinika"),
        ("हिमालय", "himaly"),  # vowel signs read with their letter
        ("Гора 1", "gora-1"),
        # symbols and modifier letters still dropped, as before
        ("21° N", "21-n"),
        ("1990\u20132000", "19902000"),
        ("Hawai\u02bbi", "hawaii"),
    ],
)
def test_slugify_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


@given(st.text())
@example("São Tomé")
@example("ß--ẞ")
@example("'-'")
@example("\u2019a\u2019")
def test_slugify_output_is_a_clean_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG_CHARS.match(slug)
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug
    assert slug == "" or is_slug(slug)


@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    once = slugify(text)
    assert slugify(once) == once


# -- is_slug -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a", "sao-tome", "site-42", "2018", "a-b-c"])
def test_is_slug_accepts(text: str) -> None:
    assert is_slug(text)


@pytest.mark.parametrize(
    "text", ["", "-a", "a-", "a--b", "Bad_Name", "São", "a b", "a.md", "a/b", "UPPER", "a_b"]
)
def test_is_slug_rejects(text: str) -> None:
    assert not is_slug(text)


# -- page_url and output_file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("index.md", "/"),
        ("about.md", "/about/"),
        ("about/kbas.md", "/about/kbas/"),
        ("act/index.md", "/act/"),
        ("act/policy-makers.md", "/act/policy-makers/"),
    ],
)
def test_page_url(rel: str, url: str) -> None:
    assert page_url(PurePosixPath(rel)) == url


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/about/", "about/index.html"),
        ("/about/kbas/", "about/kbas/index.html"),
        ("/404.html", "404.html"),
        ("/sitemap.xml", "sitemap.xml"),
    ],
)
def test_output_file(url: str, path: str) -> None:
    assert output_file(url) == path


# -- coarsen -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "coarse"),
    [
        (21.2987, 21.0),
        (-100.0577, -100.0),
        (0.5, 1.0),
        (-0.5, -1.0),
        (2.5, 3.0),
        (-2.5, -3.0),
        (0.4, 0.0),
        (-0.4, 0.0),
        (179.6, 180.0),
        (-180.0, -180.0),
    ],
)
def test_coarsen_examples(value: float, coarse: float) -> None:
    assert coarsen(value) == coarse


DEGREES = st.floats(min_value=-180, max_value=180, allow_nan=False, allow_infinity=False)


@given(DEGREES)
@example(0.5)
@example(-0.5)
@example(math.nextafter(0.5, 0))
@example(-0.0)
def test_coarsen_is_a_whole_degree_within_half_a_degree(value: float) -> None:
    coarse = coarsen(value)
    assert coarse == int(coarse)
    assert abs(coarse - value) <= 0.5


@given(DEGREES)
@example(0.5)
@example(0.0)
def test_coarsen_is_symmetric(value: float) -> None:
    assert coarsen(-value) == -coarsen(value)
