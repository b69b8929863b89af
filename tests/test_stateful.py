"""The build engine's promise, as a property: after any sequence of editor changes, the
build publishes exactly what a clean build of the same sources publishes.

A Hypothesis state machine edits a small project (texts, facts, anchors and links, sites,
pages and news added, renamed and deleted, drafts, templates, site.yaml and the other YAML
files, photos and images.yaml, static files, broken content and its fix). After every
step it runs `aze-site build` (the incremental build, with its store and its background
search job) and a clean build of a copy into another folder, and compares the exit
status, every diagnostic line, every byte of `public/` and the search index.

CI runs a few examples; run it longer with, for example,
`AZE_STATEFUL_EXAMPLES=200 AZE_STATEFUL_STEPS=40 python -m pytest tests/test_stateful.py`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from conftest import FILES, REPO, jpeg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from aze_site.build import BuildOptions, build
from aze_site.build import search as search_jobs
from aze_site.build.options import store_path
from aze_site.errors import BuildFailed
from aze_site.serve.builder import STORE, SiteBuilder
from aze_site.serve.changes import Changes

EXAMPLES = int(os.environ.get("AZE_STATEFUL_EXAMPLES", "3"))
STEPS = int(os.environ.get("AZE_STATEFUL_STEPS", "12"))

SITE_TEMPLATE = """\
---
name: {name}
iso3: {iso3}
location: {{lat: {lat}, lon: {lon}}}
criteria: [A1e]
protection: {protection}
species:
  - name: {species}
    common_name: {common}
    group: {group}
    status: {status}
updated: 2020-01-0{day}
draft: {draft}
---
## Why it matters

{text}
"""
WORDS = ["forest", "river", "cloud", "orchid", "frog", "ridge", "valley", "spring"]


def site_text(n: int, **facts: object) -> str:
    values: dict[str, object] = {
        "name": f"Site {n}", "iso3": ["BRA", "MEX", "ETH"][n % 3], "lat": -7 + n, "lon": 30 + n,
        "protection": ["none", "partial", "full"][n % 3], "species": f"Genus species{n}",
        "common": f"Common {n}", "group": ["birds", "plants", "amphibians"][n % 3],
        "status": ["CR", "EN"][n % 2], "day": 1 + n % 9, "draft": "false",
        "text": f"The {WORDS[n % len(WORDS)]} of site {n}."}
    values.update(facts)
    return SITE_TEMPLATE.format(**values)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outcome(root: Path, **options: object) -> tuple[bool, list[str]]:
    try:
        result = build(BuildOptions(root=root, jobs=1, **options))  # type: ignore[arg-type]
    except BuildFailed as failed:
        return False, sorted(str(d) for d in failed.report.items)
    return True, sorted(str(d) for d in result.report.items)


class Editor(RuleBasedStateMachine):
    """An editor at work on a project (see the module's docstring)."""

    @initialize()
    def project(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="aze-stateful-"))
        self.root = self.tmp / "site"
        for rel, text in FILES.items():
            (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.root / rel).write_text(text, encoding="utf-8")
        (self.root / "content/images/hero.jpg").write_bytes(jpeg())
        shutil.copytree(REPO / "templates", self.root / "templates")
        shutil.copytree(REPO / "static", self.root / "static")
        self.sites: list[int] = []
        self.counter = 0
        self.broken: dict[str, str] = {}  # file -> its text before it was broken
        self.last_good: dict[str, bytes] = {}
        # The dev server's builder, kept across the steps as `aze-site serve` keeps it (with
        # the published site's options, so that it too must equal the clean build).
        self.serve = SiteBuilder(self.root, self.tmp / "serve", jobs=1, drafts=False)
        self.serve_good: dict[str, bytes] = {}
        self.check()

    def teardown(self) -> None:
        if hasattr(self, "serve"):
            self.serve.close()
        if hasattr(self, "root"):
            search_jobs.stop_job(store_path(self.root, self.root / "public"),
                                 self.root / ".aze-cache")
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.path(rel).read_text(encoding="utf-8")
        if old in text:
            self.write(rel, text.replace(old, new, 1))

    def site_rel(self, n: int) -> str:
        return f"content/sites/site-{n}.md"

    def check(self) -> None:
        """The build after this step equals a clean build of the same sources."""
        ok, lines = outcome(self.root)
        assert search_jobs.wait_job(store_path(self.root, self.root / "public"), 300)
        copy = self.tmp / "clean"
        shutil.rmtree(copy, ignore_errors=True)
        for folder in ("content", "templates", "static"):
            shutil.copytree(self.root / folder, copy / folder)
        clean_ok, clean_lines = outcome(copy, cache=False)
        assert (ok, lines) == (clean_ok, clean_lines)
        published = snapshot(self.root / "public") if (self.root / "public").is_dir() else {}
        served = self.serve.update(Changes())
        assert search_jobs.wait_job(self.root / STORE, 300)
        assert (served.ok, sorted(str(d) for d in served.diagnostics)) == (ok, lines)
        if ok:
            expected = snapshot(copy / "public")
            differ = sorted(k for k in published.keys() | expected.keys()
                            if published.get(k) != expected.get(k))
            assert differ == [], self.explain(differ)
            self.last_good = published
            self.serve_good = snapshot(self.tmp / "serve")
            assert self.serve_good == expected
        else:
            assert published == self.last_good
            assert snapshot(self.tmp / "serve") == self.serve_good

    def explain(self, differ: list[str]) -> str:
        log = store_path(self.root, self.root / "public").with_suffix(".search-job.log")
        job = log.read_text(encoding="utf-8") if log.is_file() else "(no search job log)"
        return f"files that differ from a clean build: {differ[:12]}; search job: {job[-800:]}"

    # -- editors' changes -----------------------------------------------------------------------
    @rule(word=st.sampled_from(WORDS))
    def edit_a_text(self, word: str) -> None:
        self.replace("content/sites/chapada-do-araripe.md", "The only home",
                     f"The only {word} home")
        self.check()

    @rule(status=st.sampled_from(["CR", "EN"]), common=st.sampled_from(["Manakin", "Soldadinho"]))
    def edit_facts(self, status: str, common: str) -> None:
        rel = "content/sites/chapada-do-araripe.md"
        text = self.path(rel).read_text(encoding="utf-8")
        import re

        text = re.sub(r"status: \w+", f"status: {status}", text, count=1)
        text = re.sub(r"common_name: .*", f"common_name: {common}", text, count=1)
        self.write(rel, text)
        self.check()

    @rule(on=st.booleans())
    def toggle_an_anchor(self, on: bool) -> None:
        rel = "content/sites/chapada-do-araripe.md"
        text = self.path(rel).read_text(encoding="utf-8").replace("\nFire.\n{: #fire }\n", "")
        self.write(rel, text + ("\nFire.\n{: #fire }\n" if on else ""))
        self.check()

    @rule(on=st.booleans())
    def toggle_a_link_to_the_anchor(self, on: bool) -> None:
        rel = "content/pages/act.md"
        link = "\nSee [fire](../sites/chapada-do-araripe.md#fire).\n"
        text = self.path(rel).read_text(encoding="utf-8").replace(link, "")
        self.write(rel, text + (link if on else ""))
        self.check()

    @rule()
    def add_a_site(self) -> None:
        self.counter += 1
        self.sites.append(self.counter)
        self.write(self.site_rel(self.counter), site_text(self.counter))
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data())
    def delete_a_site(self, data: st.DataObject) -> None:
        n = data.draw(st.sampled_from(self.sites))
        self.sites.remove(n)
        self.path(self.site_rel(n)).unlink()
        self.path(self.site_rel(n).replace(".md", ".es.md")).unlink(missing_ok=True)
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data())
    def rename_a_site(self, data: st.DataObject) -> None:
        n = data.draw(st.sampled_from(self.sites))
        self.counter += 1
        self.path(self.site_rel(n)).rename(self.path(self.site_rel(self.counter)))
        translation = self.path(self.site_rel(n).replace(".md", ".es.md"))
        if translation.exists():
            translation.rename(self.path(self.site_rel(self.counter).replace(".md", ".es.md")))
        self.sites[self.sites.index(n)] = self.counter
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data())
    def rename_a_site_keeping_its_address(self, data: st.DataObject) -> None:
        n = data.draw(st.sampled_from(self.sites))
        old = self.path(self.site_rel(n))
        text = old.read_text(encoding="utf-8")
        alias = f"/sites/{old.stem}/"
        text = text.replace("aliases: [", f"aliases: [{alias}, ") if "aliases: [" in text \
            else text.replace("\ndraft:", f"\naliases: [{alias}]\ndraft:", 1)
        old.unlink()
        self.counter += 1
        self.write(self.site_rel(self.counter), text)
        self.sites[self.sites.index(n)] = self.counter
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data(), draft=st.booleans())
    def set_a_draft(self, data: st.DataObject, draft: bool) -> None:
        n = data.draw(st.sampled_from(self.sites))
        self.replace(self.site_rel(n), f"draft: {'false' if draft else 'true'}",
                     f"draft: {'true' if draft else 'false'}")
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data())
    def share_a_species(self, data: st.DataObject) -> None:
        n = data.draw(st.sampled_from(self.sites))
        self.replace(self.site_rel(n), f"Genus species{n}", "Antilophia bokermanni")
        self.check()

    @rule(on=st.booleans())
    def news(self, on: bool) -> None:
        rel = "content/news/2026-01-02-fresh.md"
        if on:
            self.write(rel, "---\ntitle: Fresh news\n---\nA [page](../pages/act.md).\n")
        else:
            self.path(rel).unlink(missing_ok=True)
        self.check()

    @rule(on=st.booleans())
    def a_page(self, on: bool) -> None:
        rel = "content/pages/more.md"
        if on:
            self.write(rel, "---\ntitle: More\n---\n## Part\n\nWords.\n")
        else:
            self.path(rel).unlink(missing_ok=True)
        self.check()

    @rule(variant=st.sampled_from(["bodies", "label", "plain"]))
    def edit_a_template(self, variant: str) -> None:
        rel = "templates/home.html"
        original = (REPO / rel).read_text(encoding="utf-8")
        if variant == "bodies":
            original = original.replace(
                '{{ rendered(doc) }}</div>',
                '{{ rendered(doc) }}{% for n in news %}{{ rendered(n) }}{% endfor %}</div>')
        elif variant == "label":
            original = original.replace("trigger species</p>", "trigger species!</p>")
        self.write(rel, original)
        self.check()

    @rule(title=st.sampled_from(["Test Alliance", "The Alliance"]),
          nav=st.sampled_from(["/sites/", "/species/", "/missing/"]))
    def edit_site_yaml(self, title: str, nav: str) -> None:
        import re

        text = self.path("content/site.yaml").read_text(encoding="utf-8")
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
        text = re.sub(r"url: /[a-z]*/}", f"url: {nav}}}", text, count=1)
        self.write("content/site.yaml", text)
        self.check()

    @rule(on=st.booleans())
    def languages(self, on: bool) -> None:
        import re

        text = self.path("content/site.yaml").read_text(encoding="utf-8")
        text = re.sub(r"^languages?: .*$", "languages: [en, es]" if on else "language: en", text,
                      count=1, flags=re.M)
        self.write("content/site.yaml", text)
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data(), how=st.sampled_from(["text", "names", "fact", "draft", "delete"]),
          word=st.sampled_from(WORDS))
    def translate_a_site(self, data: st.DataObject, how: str, word: str) -> None:
        n = data.draw(st.sampled_from(self.sites))
        rel = self.site_rel(n).replace(".md", ".es.md")
        head = {"text": f"name: Sitio {n}\n", "names": f"common_names: {{Genus species{n}: "
                f"Especie {word}}}\n", "fact": "iso3: PER\n", "draft": "draft: true\n"}
        if how == "delete":
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f"---\n{head[how]}---\nEl {word}: [criterio](../pages/criteria.md"
                       "#a1e).\n")
        self.check()

    @rule(word=st.sampled_from(["Datos del sitio", "Ficha del sitio", None]))
    def edit_a_catalogue(self, word: str | None) -> None:
        rel = "templates/locales/es.po"
        if word is None:
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       f'msgid "Site facts"\nmsgstr "{word}"\n')
        self.check()

    @rule(title=st.sampled_from(["Población entera", None]))
    def translate_criteria(self, title: str | None) -> None:
        rel = "content/criteria.es.yaml"
        if title is None:
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f"A1e:\n  title: {title}\n")
        self.check()

    @rule(title=st.sampled_from(["Entire population", "Whole population"]))
    def edit_criteria(self, title: str) -> None:
        import re

        text = self.path("content/criteria.yaml").read_text(encoding="utf-8")
        self.write("content/criteria.yaml",
                   re.sub(r"title: (Entire|Whole) population", f"title: {title}", text))
        self.check()

    @rule(license=st.sampled_from(["CC0 1.0", None]), second=st.booleans(),
          credited=st.booleans())
    def edit_photos(self, license: str | None, second: bool, credited: bool) -> None:
        """`credited` False: the second photo's entry has no credit, an error at the entry
        (naming the page whose body shows it) until a later step gives it one."""
        entry = "hero.jpg:\n  alt: A drawn landscape\n  credit: Test Illustrator\n"
        if license:
            entry += f"  license: {license}\n"
        if second:
            self.path("content/images/two.jpg").write_bytes(jpeg(color=(200, 30, 30)))
            credit = "  credit: Someone\n" if credited else ""
            entry += f"two.jpg:\n  alt: Red\n{credit}  license: CC0 1.0\n"
            self.replace("content/pages/act.md", "Text.", "Text.\n\n![Red](../images/two.jpg)")
        else:
            self.replace("content/pages/act.md", "\n\n![Red](../images/two.jpg)", "")
            self.path("content/images/two.jpg").unlink(missing_ok=True)
        self.write("content/images/images.yaml", entry)
        self.check()

    @rule(colour=st.sampled_from(["#123456", "#654321"]))
    def edit_a_stylesheet(self, colour: str) -> None:
        text = (REPO / "static/css/site.css").read_text(encoding="utf-8")
        self.write("static/css/site.css", text + f"\nbody {{ outline-color: {colour}; }}\n")
        self.check()

    @rule(how=st.sampled_from(["tab", "status", "link"]))
    def break_something(self, how: str) -> None:
        rel = "content/sites/xichu.md"
        if rel not in self.broken:
            self.broken[rel] = self.path(rel).read_text(encoding="utf-8")
        text = self.broken[rel]
        if how == "tab":
            text = text.replace("iso3: MEX", "iso3:\tMEX")
        elif how == "status":
            text = text.replace("status: CR", "status: VU")
        else:
            text += "\n[nowhere](../sites/nowhere.md)\n"
        self.write(rel, text)
        self.check()

    @precondition(lambda self: self.broken)
    @rule()
    def fix_it(self) -> None:
        for rel, text in self.broken.items():
            self.write(rel, text)
        self.broken.clear()
        self.check()

    @invariant()
    def nothing_left_behind(self) -> None:
        if hasattr(self, "root") and (self.root / "public").is_dir():
            assert not [p for p in (self.root / "public").rglob(".*")]


Editor.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_the_build_equals_a_clean_build = Editor.TestCase


def test_a_page_taken_away_and_back_with_edits_between() -> None:
    """A sequence the machine above once found: the dev server's engine, made to load a
    page's document while it ran a later level, woke that document's stored readers of an
    earlier level, and read one of them before its turn."""
    state = Editor()
    try:
        state.project()
        state.edit_facts(common="Manakin", status="CR")
        state.a_page(on=False)
        state.edit_facts(common="Soldadinho", status="CR")
        state.a_page(on=True)
        state.a_page(on=True)
        state.toggle_a_link_to_the_anchor(on=True)
        state.toggle_a_link_to_the_anchor(on=True)
        state.edit_facts(common="Manakin", status="CR")
        state.a_page(on=True)
        state.toggle_a_link_to_the_anchor(on=False)
        state.toggle_a_link_to_the_anchor(on=True)
        state.a_page(on=False)
        state.a_page(on=True)
    finally:
        state.teardown()
