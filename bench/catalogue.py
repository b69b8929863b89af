"""A generated catalogue of AZE sites, as an aze-site project and as the equivalent Hugo site.

    generate(root, n, seed)       a complete aze-site project with n sites at root
    generate_hugo(root, n, seed)  the same sites, pages and news as a Hugo project
    edit_one(root)                change one site's body text (either project), return its path

The catalogue is the shipped site (templates/, static/, content/ with its pages, news,
criteria, partners, audiences and images) with its 14 sites, their photos removed, plus
n - 14 generated sites: names from syllables, ISO 3166 codes from pycountry, 1-4 trigger
species with generated binomials, and 300-600 word Markdown bodies with headings, a
list, emphasis and links to other sites. The same n and seed give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import yaml

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "content"
TRANSLATION = re.compile(r"\.([a-z]{2,3})\.(md|yaml)$")  # x.es.md: a translation
HUGO_THEME = Path(__file__).resolve().parent / "hugo_theme"

GROUPS = {  # taxonomic group: (display name, weight, common-name nouns)
    "amphibians": ("Amphibians", 30, ["tree frog", "robber frog", "salamander", "toad", "newt",
                                      "stream frog", "caecilian"]),
    "birds": ("Birds", 12, ["warbler", "hummingbird", "parakeet", "rail", "scops owl",
                            "white-eye", "manakin", "ground dove"]),
    "mammals": ("Mammals", 9, ["shrew", "bat", "rat", "hutia", "mouse lemur", "tree kangaroo"]),
    "reptiles": ("Reptiles", 10, ["gecko", "skink", "anole", "iguana", "chameleon", "snake"]),
    "fishes": ("Fishes", 6, ["pupfish", "killifish", "goby", "cichlid", "minnow"]),
    "corals": ("Corals", 1, ["star coral", "brain coral"]),
    "crustaceans": ("Crustaceans", 2, ["crayfish", "freshwater crab", "cave shrimp"]),
    "insects": ("Insects", 4, ["damselfly", "stag beetle", "grasshopper", "swallowtail"]),
    "molluscs": ("Molluscs", 3, ["land snail", "tree snail", "freshwater mussel"]),
    "other-invertebrates": ("Other invertebrates", 2, ["velvet worm", "cave spider",
                                                       "millipede"]),
    "plants": ("Plants", 20, ["cactus", "palm", "orchid", "cycad", "bellflower", "tree fern"]),
    "fungi": ("Fungi", 1, ["earthstar", "bracket fungus"]),
}
RED_LIST = {"CR": "Critically Endangered", "EN": "Endangered", "EW": "Extinct in the Wild"}
PROTECTION = {"none": "No formal protection", "partial": "Partly protected",
              "full": "Fully protected"}

SYLLABLES = ["ka", "lo", "ra", "ni", "ma", "te", "su", "vo", "be", "da", "ri", "no", "to", "la",
             "mi", "sa", "ke", "po", "du", "ga", "fe", "hi", "ju", "ze", "bo", "ci", "an", "el",
             "or", "um", "ta", "ne", "ro", "li", "qua", "ve", "xi", "yo", "pa", "go", "tri",
             "sel", "mon", "var", "cu", "pi"]
GENUS_ENDINGS = ["us", "a", "is", "ia", "on", "ella", "odes", "ops", "ix", "ina"]
EPITHET_ENDINGS = ["i", "ae", "us", "a", "um", "ensis", "oides", "ii", "ata", "icola"]
FEATURES = ["Hills", "Mountains", "Forest", "Lake", "Island", "Islands", "Valley", "Springs",
            "Plateau", "Caves", "Wetlands", "Gorge", "Ridge", "Massif", "Coast", "Reserve",
            "River", "Bay", "Highlands", "Cloud Forest", "Karst", "Peninsula"]
HABITATS = ["montane cloud forest", "lowland rainforest", "limestone karst", "freshwater spring",
            "coastal scrub", "alpine grassland", "mangrove", "fringing reef", "cave system",
            "dry forest", "river gorge", "volcanic slope", "peat swamp", "sea cliff",
            "crater lake", "paramo", "riverine forest", "sand dune"]
THREATS = ["logging", "agricultural expansion", "invasive predators", "mining", "wildfire",
           "climate change", "illegal collection", "dam construction", "urban development",
           "water pollution", "overgrazing", "chytrid disease", "road building",
           "water abstraction", "charcoal production"]
ACTIONS = ["community patrols", "habitat restoration", "captive breeding",
           "invasive species control", "legal protection", "monitoring surveys", "land purchase",
           "education programmes", "fire management", "reforestation with native trees",
           "seed banking", "watershed protection"]
HEADINGS = ["Why it matters", "Habitat", "Threats", "What is being done", "The trigger species",
            "Surveys and monitoring", "Protection", "History of the site", "Local communities",
            "What would help"]
SENTENCES = [
    "The {habitat} of {site} holds the last known population of {sp}.",
    "Surveys in {year} recorded fewer than {num} adult individuals of {common}.",
    "{site} lies in {country}, where {habitat} once covered a much larger area.",
    "The main pressure on the site is {threat}, followed by {threat2}.",
    "Local partners have started {action} along the edges of the site.",
    "Since {year}, about {pct}% of the original {habitat} has been lost to {threat}.",
    "Without {action}, {common} could disappear within a few decades.",
    "Researchers from universities in {country} return every year to count {common}.",
    "Rainfall, altitude and soil make the {habitat} here unlike the surrounding landscape.",
    "A management plan agreed in {year} sets out {action} and {action2} as priorities.",
    "The species depends on *undisturbed* {habitat} for breeding and shelter.",
    "Volunteers help with {action} during the dry season, when the trails are passable.",
    "Records in national collections show that {sp} was more widespread before {year}.",
    "Climate models suggest that the suitable {habitat} will shrink further by 2050.",
    "Visitors are asked to stay on marked paths and never to collect plants or animals.",
    "Funding for {action} comes from national agencies and international donors.",
    "The loss of a single valley or spring here would mean the loss of a species.",
    "Field teams use camera traps, acoustic recorders and transects to follow the population.",
    "Land around the site is a patchwork of community, private and state holdings.",
    "Every hectare of {habitat} that is kept intact buys time for **{common}**.",
]
LINK_SENTENCES = [
    "A similar situation is found at [{name}]({slug}.md), which faces {threat} as well.",
    "Compare with [{name}]({slug}.md), another AZE site, in {country}.",
    "Teams working here exchange methods with colleagues at [{name}]({slug}.md).",
]
CRITERIA_SENTENCE = ("The site meets KBA [criterion A1e](../pages/criteria.md#a1e), like every "
                     "confirmed AZE site.")
EDITS = ("A new survey of the site was completed this season.",
         "A second survey of the site was completed this season.")


@dataclass
class SiteSource:
    """One site: its slug, its front matter as data, its Markdown body, its aze-site text."""

    slug: str
    fm: dict[str, Any]
    body: str
    text: str


# -- names ------------------------------------------------------------------------------------


def _word(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _site_name(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.15:
        return f"Mount {_word(rng).title()}"
    if form < 0.25:
        return f"{_word(rng).title()} {_word(rng, 2, 2).title()}"
    return f"{_word(rng).title()} {rng.choice(FEATURES)}"


def _binomial(rng: random.Random) -> str:
    genus = _word(rng, 1, 3).title() + rng.choice(GENUS_ENDINGS)
    return f"{genus} {_word(rng, 1, 2)}{rng.choice(EPITHET_ENDINGS)}"


def _position(iso3: str, u: float, v: float) -> dict[str, float]:
    """A point in the country's bounding box, as real sites lie in their countries (a
    country spanning the antimeridian, or unknown: anywhere). A box can reach far out to
    sea (France's holds the Atlantic up to French Guiana), and a point there that the
    sites' check would take for a sign slip is moved within the box, so the catalogue
    builds without warnings."""
    from aze_site.content.outlines import likely_slip
    from aze_site.render.worldmap import country_box

    box = country_box(iso3)
    west, south, east, north = box if box and box[2] - box[0] < 180 else (-179.9, -55, 179.9, 70)
    for du, dv in ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)):
        lat = round(south + (north - south) * ((v + dv) % 1), 4)
        lon = round((west + (east - west) * ((u + du) % 1) + 180) % 360 - 180, 4)  # (Russia's
        # box reaches 190°: past the antimeridian a longitude starts again at -180°)
        if likely_slip([iso3], lat, lon) is None:
            break
    return {"lat": lat, "lon": lon}


def countries() -> list[str]:
    """About 150 ISO 3166-1 alpha-3 codes: three of every five of pycountry's sorted list."""
    codes = sorted(c.alpha_3 for c in pycountry.countries)
    return [c for i, c in enumerate(codes) if i % 5 < 3]


def country_name(iso3: str) -> str:
    found = pycountry.countries.get(alpha_3=iso3)
    return str(getattr(found, "common_name", None) or found.name) if found else iso3


# -- the catalogue ----------------------------------------------------------------------------


def _shipped_sites() -> list[SiteSource]:
    out = []
    for path in sorted((SHIPPED / "sites").glob("*.md")):
        if TRANSLATION.search(path.name):
            continue
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        text = "---\n" + "".join(line for line in head.splitlines(keepends=True)
                                 if not line.startswith("hero:")) + "---\n" + body
        fm = yaml.load(head, Loader=yaml.CSafeLoader)
        fm.pop("hero", None)
        out.append(SiteSource(path.stem, fm, body, text))
    return out


def sites(n: int, seed: int = 1) -> list[SiteSource]:
    """The n sites of the catalogue: the shipped ones, then generated ones, in a fixed order."""
    shipped = _shipped_sites()
    rng = random.Random(seed)
    codes = countries()
    group_keys = list(GROUPS)
    group_weights = [GROUPS[g][1] for g in group_keys]
    slugs = {s.slug for s in shipped}
    names = {s.fm["name"] for s in shipped}
    species_names = {sp["name"] for s in shipped for sp in s.fm.get("species", [])}
    wdkba = rng.sample(range(1000, 1000 + 20 * max(n, 100)), max(n - len(shipped), 0))
    first = dt.date(2005, 1, 1).toordinal()
    span = dt.date(2026, 10, 31).toordinal() - first
    generated: list[dict[str, Any]] = []
    for i in range(max(n - len(shipped), 0)):
        name = _site_name(rng)
        while name in names or _slug(name) in slugs:
            name = _site_name(rng)
        names.add(name)
        slugs.add(_slug(name))
        home = rng.choice(codes)
        iso3: str | list[str] = home
        if rng.random() < 0.03:  # a site across a border
            second = rng.choice(codes)
            if second != home:
                iso3 = sorted([home, second])
        criteria = ["A1e"]
        if rng.random() < 0.25:
            criteria.insert(0, "A1a")
        if rng.random() < 0.15:
            criteria.append("B1")
        species = []
        for _ in range(rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]):
            sp_name = _binomial(rng)
            while sp_name in species_names:
                sp_name = _binomial(rng)
            species_names.add(sp_name)
            group = rng.choices(group_keys, weights=group_weights)[0]
            entry: dict[str, Any] = {"name": sp_name}
            if rng.random() < 0.65:
                entry["common_name"] = f"{_word(rng).title()} {rng.choice(GROUPS[group][2])}"
            entry["group"] = group
            entry["status"] = rng.choices(("CR", "EN", "EW"), weights=(60, 38, 2))[0]
            if rng.random() < 0.02:
                entry["sensitive"] = True
            species.append(entry)
        generated.append({
            "name": name, "iso3": iso3,
            "location": _position(home, rng.random(), rng.random()),
            "area_km2": round(10 ** rng.uniform(-0.5, 3.7), 1),
            "wdkba_id": wdkba[i],
            "criteria": criteria,
            "protection": rng.choices(("none", "partial", "full"), weights=(40, 35, 25))[0],
            "species": species,
            "updated": dt.date.fromordinal(first + rng.randrange(span)),
            "draft": False,
        })
    out = list(shipped)
    for i, fm in enumerate(generated):
        body = _body(rng, fm, generated, i)
        out.append(SiteSource(_slug(fm["name"]), fm, body, _site_text(fm, body)))
    return out


def _countries_of(fm: dict[str, Any]) -> list[str]:
    return fm["iso3"] if isinstance(fm["iso3"], list) else [fm["iso3"]]


def _body(rng: random.Random, fm: dict[str, Any], others: list[dict[str, Any]], me: int) -> str:
    """300-600 words: an introduction, 2-4 sections, a list, emphasis and links."""
    target = rng.randint(315, 580)  # the last sentence may add up to ~20 words
    sp = fm["species"][0]
    common = sp.get("common_name") or f"*{sp['name']}*"
    country = " and ".join(country_name(c) for c in _countries_of(fm))

    def fill(template: str) -> str:
        return template.format(
            site=fm["name"], sp=f"*{sp['name']}*", common=common, country=country,
            habitat=rng.choice(HABITATS), threat=rng.choice(THREATS), threat2=rng.choice(THREATS),
            action=rng.choice(ACTIONS), action2=rng.choice(ACTIONS),
            year=rng.randint(1950, 2024), num=rng.choice((20, 50, 100, 250, 500, 1000, 2500)),
            pct=rng.randint(20, 95), name="", slug="")

    intro = [f"**{fm['name']}** is the *only* place where {common} is known to survive.",
             fill(SENTENCES[0]), fill(rng.choice(SENTENCES))]
    headings = rng.sample(HEADINGS, rng.randint(2, 4))
    sections: list[list[str]] = [[fill(rng.choice(SENTENCES)) for _ in range(2)] for _ in headings]
    for _ in range(rng.randint(1, 3) if len(others) > 1 else 0):
        j = rng.randrange(len(others) - 1)
        other = others[j + 1 if j >= me else j]
        link = rng.choice(LINK_SENTENCES).format(
            name=other["name"], slug=_slug(other["name"]), threat=rng.choice(THREATS),
            country=" and ".join(country_name(c) for c in _countries_of(other)))
        rng.choice(sections).append(link)
    if rng.random() < 0.4:
        rng.choice(sections).append(CRITERIA_SENTENCE)
    items = [f"- **{t.capitalize()}**, which affects the {rng.choice(HABITATS)}."
             for t in rng.sample(THREATS, rng.randint(3, 5))]
    list_at = rng.randrange(len(headings))
    words = sum(len(s.split()) for s in intro) + sum(len(s.split()) for sec in sections for s in sec)
    words += sum(len(i.split()) for i in items) + sum(len(h.split()) + 1 for h in headings)
    while words < target:
        sentence = fill(rng.choice(SENTENCES))
        rng.choice(sections).append(sentence)
        words += len(sentence.split())
    parts = [" ".join(intro)]
    for k, (heading, sentences) in enumerate(zip(headings, sections, strict=True)):
        parts.append(f"## {heading}")
        half = max(1, len(sentences) // 2)
        parts.append(" ".join(sentences[:half]))
        if k == list_at:
            parts.append("The main threats are:")
            parts.append("\n".join(items))
        if sentences[half:]:
            parts.append(" ".join(sentences[half:]))
    return "\n\n".join(parts) + "\n"


def _site_text(fm: dict[str, Any], body: str) -> str:
    iso3 = fm["iso3"]
    lines = ["---", f"name: {fm['name']}",
             f"iso3: [{', '.join(iso3)}]" if isinstance(iso3, list) else f"iso3: {iso3}",
             f"location: {{lat: {fm['location']['lat']}, lon: {fm['location']['lon']}}}",
             f"area_km2: {fm['area_km2']}", f"wdkba_id: {fm['wdkba_id']}",
             f"criteria: [{', '.join(fm['criteria'])}]", f"protection: {fm['protection']}",
             "species:"]
    for sp in fm["species"]:
        lines.append(f"  - name: {sp['name']}")
        for key in ("common_name", "group", "status", "sensitive"):
            if key in sp:
                value = sp[key]
                lines.append(f"    {key}: {'true' if value is True else value}")
    lines += [f"updated: {fm['updated'].isoformat()}", "draft: false", "---"]
    return "\n".join(lines) + "\n" + body


# -- the aze-site project ---------------------------------------------------------------------


def generate(root: Path, n: int, seed: int = 1, theme: Path = REPO,
             languages: tuple[str, ...] = ("en",)) -> None:
    """Write a complete aze-site project with n sites at root (replacing its sources), in
    `languages` (the first the default; the shipped translations into the others come too).

    templates/ and static/ come from `theme` (default: this repository).
    """
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("templates", "static", "content"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(theme / "templates", root / "templates")
    shutil.copytree(theme / "static", root / "static")
    content = root / "content"
    content.mkdir()

    def other_language(folder: str, names: list[str]) -> set[str]:
        return {name for name in names
                if (found := TRANSLATION.search(name)) and found.group(1) not in languages}

    for path in SHIPPED.iterdir():
        if path.suffix == ".yaml" and not other_language("", [path.name]):
            shutil.copyfile(path, content / path.name)
    text = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(re.sub(r"(?m)^languages:.*$",
                                              f"languages: [{', '.join(languages)}]", text),
                                       encoding="utf-8")
    for folder in ("pages", "news", "images"):
        shutil.copytree(SHIPPED / folder, content / folder, ignore=other_language)
    (content / "sites").mkdir()
    for site in sites(n, seed):
        (content / "sites" / f"{site.slug}.md").write_text(site.text, encoding="utf-8")
    for path in (SHIPPED / "sites").glob("*.md"):  # the shipped sites' translations
        found = TRANSLATION.search(path.name)
        if found and found.group(1) in languages[1:]:
            shutil.copyfile(path, content / "sites" / path.name)


def edit_one(root: Path) -> Path:
    """Change one site's body (the middle file of content/sites/), alternating two versions."""
    files = sorted(p for p in (root / "content" / "sites").glob("*.md")
                   if not p.name.startswith("_"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    if text.endswith(EDITS[0]):
        text = text[: -len(EDITS[0])] + EDITS[1]
    elif text.endswith(EDITS[1]):
        text = text[: -len(EDITS[1])] + EDITS[0]
    else:
        text += "\n\n" + EDITS[0]
    path.write_text(text + "\n", encoding="utf-8")
    return path


# -- the Hugo project -------------------------------------------------------------------------

_MD_LINK = re.compile(r"\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def _hugo_links(body: str, source: str) -> str:
    """Links to content files become Hugo relref shortcodes (checked by Hugo, like ours)."""

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match.group(1)))
        if target.startswith("news/"):
            date_slug = posixpath.basename(target)
            target = f"news/{date_slug[11:]}"
        return f']({{{{< relref "/{target}{match.group(2) or ""}" >}}}})'

    return _MD_LINK.sub(replace, body)


def _front_matter(data: dict[str, Any]) -> str:
    """YAML front matter; values in YAML's flow (JSON-compatible) style."""
    lines = ["---"]
    for key, value in data.items():
        shown = value.isoformat() if isinstance(value, dt.date) else json.dumps(value,
                                                                               ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _document(path: Path) -> tuple[dict[str, Any], str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.load(head, Loader=yaml.CSafeLoader) or {}, body


def _load(name: str) -> Any:
    return yaml.load((SHIPPED / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def generate_hugo(root: Path, n: int, seed: int = 1, theme: Path = REPO) -> None:
    """Write the Hugo project equivalent to generate(root, n, seed), using bench/hugo_theme
    for layouts and the static files (CSS, JS) of `theme`."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "data", "static", "themes", "layouts"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(HUGO_THEME, root / "themes" / "aze-bench")
    shutil.copytree(theme / "static", root / "static")
    config = _load("site.yaml")
    menu = "".join(f'[[menu.main]]\nname = "{item["title"]}"\nurl = "{item["url"]}"\nweight = {i + 1}\n'
                   for i, item in enumerate(config["nav"]))
    (root / "config.toml").write_text(
        f'baseURL = "{config["base_url"]}"\nlanguageCode = "{config["languages"][0]}"\n'
        f'title = "{config["title"]}"\ntheme = "aze-bench"\n'
        'disableHugoGeneratorInject = true\n'
        '[taxonomies]\nspecies = "species"\ncountry = "countries"\nstatus = "red-list"\n'
        'group = "groups"\n'
        f'[params]\ndescription = "{config["description"]}"\n'
        f'hero = "{config["hero"]["image"]}"\n'
        f'submit_url = "{config["forms"]["submit_url"]}"\n'
        f'update_url = "{config["forms"]["update_url"]}"\n' + menu,
        encoding="utf-8")
    catalogue = sites(n, seed)
    used = sorted({c for s in catalogue for c in _countries_of(s.fm)})
    data = {
        "countries": {c: country_name(c) for c in used},
        "groups": {k: v[0] for k, v in GROUPS.items()},
        "redlist": RED_LIST, "protection": PROTECTION,
        "criteria": _load("criteria.yaml"), "partners": _load("partners.yaml"),
        "audiences": [a | {"url": _page_url(a["page"])} for a in _load("audiences.yaml")],
    }
    (root / "data").mkdir()
    (root / "data" / "aze.json").write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    content = root / "content"
    (content / "sites").mkdir(parents=True)
    (content / "sites" / "_index.md").write_text(_front_matter({"title": "AZE sites"}))
    for site in catalogue:
        fm = site.fm
        species = fm.get("species", [])
        hugo = {
            "title": fm["name"], "name": fm["name"], "iso3": _countries_of(fm),
            "location": fm["location"],
        }
        for key in ("area_km2", "wdkba_id", "criteria", "protection", "description"):
            if fm.get(key) is not None:
                hugo[key] = fm[key]
        hugo["trigger_species"] = species
        if fm.get("updated"):
            hugo["lastmod"] = fm["updated"]
        hugo["species"] = [sp["name"] for sp in species]
        hugo["countries"] = _countries_of(fm)
        hugo["red-list"] = sorted({sp["status"] for sp in species})
        hugo["groups"] = sorted({sp["group"] for sp in species if sp.get("group")})
        text = _front_matter(hugo) + _hugo_links(site.body, f"sites/{site.slug}.md")
        (content / "sites" / f"{site.slug}.md").write_text(text, encoding="utf-8")
    # Free pages keep their URLs (url:), the home page is _index.md, news keep /news/<slug>/.
    (content / "pages").mkdir()
    (content / "pages" / "_index.md").write_text(_front_matter({"title": "Pages",
                                                               "_build": {"render": "never"}}))
    for path in sorted((SHIPPED / "pages").rglob("*.md")):
        if TRANSLATION.search(path.name):
            continue  # the Hugo project is in the default language only
        rel = path.relative_to(SHIPPED).as_posix()
        fm, body = _document(path)
        fm.pop("hero", None)
        body = _hugo_links(body, rel)
        if rel == "pages/index.md":
            fm.pop("layout", None)
            (content / "_index.md").write_text(_front_matter(fm) + body, encoding="utf-8")
            continue
        fm["url"] = _page_url(rel)
        if fm.get("updated"):
            fm["lastmod"] = fm.pop("updated")
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_front_matter(fm) + body, encoding="utf-8")
    (content / "news").mkdir()
    (content / "news" / "_index.md").write_text(_front_matter({"title": "News"}))
    for path in sorted((SHIPPED / "news").glob("*.md")):
        if TRANSLATION.search(path.name):
            continue
        fm, body = _document(path)
        fm.pop("hero", None)
        fm["date"] = dt.date.fromisoformat(path.name[:10])
        (content / "news" / f"{path.stem[11:]}.md").write_text(
            _front_matter(fm) + _hugo_links(body, f"news/{path.name}"), encoding="utf-8")


def _page_url(rel: str) -> str:
    """aze-site's URL of content/pages/<rel>: pages/about.md -> /about/."""
    parts = rel.removeprefix("pages/").removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts.pop()
    return "/" + "".join(p + "/" for p in parts)
