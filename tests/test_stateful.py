"""The build engine's promise, as a property: after any sequence of editor changes, the
build publishes exactly what a clean build of the same sources publishes.

A Hypothesis state machine edits a small project (texts, facts, anchors and links, sites,
pages and news added, renamed and deleted, drafts, aliases and their clashes, sensitive
species, templates added, changed and deleted, site.yaml and the other YAML files,
partners, photos replaced, deleted and restored, images.yaml, static files added, changed
and deleted, translations of sites, pages, news, partners and photos, broken content and
its fix; site.yaml's other settings and languages, audiences, a photo's alt text, focal
point and caption, a site's position and countries, a news item's date, a page moved between
folders or onto a taken address, files renamed in case only, the templates' macros, a static
file replaced by a folder; `--drafts` and `--base-url` set or changed between builds; and
several edits saved before one build). After every step it runs `aze-site build` (the
incremental build, with its store and its background search job) and a clean build of a
copy into another folder, and compares the exit status, every diagnostic line, every
byte of `public/` and the search index; and the dev server's dispatcher and builder,
handed the watcher's events of the step, must publish the same.

CI runs a few examples; run it longer with, for example,
`AZE_STATEFUL_EXAMPLES=200 AZE_STATEFUL_STEPS=40 python -m pytest tests/test_stateful.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
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
from aze_site.serve.changes import ADDED, DELETED, MODIFIED, Outcome, classify
from aze_site.serve.server import Dispatcher

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
        # The dev server's dispatcher, handed what its watcher would report of each step
        # (classify: the files added, modified and deleted since the last step); a step
        # that changes no source is no build at all there, as in `aze-site serve`.
        self.dispatcher = Dispatcher(self.serve, lambda event: None, self.root,
                                     say=lambda line: None, complain=lambda line: None)
        self.seen_sources: dict[str, tuple[int, int, int, str]] | None = None
        self.served: tuple[bool, list[str]] = (True, [])
        self.hero_bytes = jpeg()
        self.options: dict[str, object] = {}  # `build --drafts`, `--base-url` (build_options)
        self.pending = 0  # steps whose edits wait for the next build (hold_the_next_builds)
        self.check()

    def teardown(self) -> None:
        try:
            if getattr(self, "pending", 0):  # edits held for a build the run ended before
                self.pending = 0
                self.check()
        finally:
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

    def set_key(self, rel: str, key: str, value: str | None, *, front: bool = True) -> None:
        """Set (or, with None, remove) a one-line top-level `key: value` of a Markdown
        file's front matter (or of a YAML file, `front` False)."""
        text = re.sub(rf"^{key}: .*\n", "", self.path(rel).read_text(encoding="utf-8"),
                      count=1, flags=re.M)
        if value is not None:
            line = f"{key}: {value}\n"
            text = text.replace("---\n", "---\n" + line, 1) if front else text + line
        self.write(rel, text)

    def site_rel(self, n: int) -> str:
        return f"content/sites/site-{n}.md"

    def check(self) -> None:
        """The build after this step equals a clean build of the same sources (with the
        build's options; the dev server's builder, with none, equals a clean build with
        none). While steps are held (hold_the_next_builds), their edits wait for a later
        step's build, as several edits saved at once do."""
        if self.pending:
            self.pending -= 1
            return
        ok, lines = outcome(self.root, **self.options)
        assert search_jobs.wait_job(store_path(self.root, self.root / "public"), 300)
        copy = self.tmp / "clean"
        shutil.rmtree(copy, ignore_errors=True)
        for folder in ("content", "templates", "static"):
            shutil.copytree(self.root / folder, copy / folder)
        clean_ok, clean_lines = outcome(copy, cache=False, **self.options)
        assert (ok, lines) == (clean_ok, clean_lines)
        published = snapshot(self.root / "public") if (self.root / "public").is_dir() else {}
        plain_ok, plain_lines, plain = ok, lines, copy / "public"
        if self.options:  # the dev server publishes without them
            plain = self.tmp / "plain"
            shutil.rmtree(plain, ignore_errors=True)
            plain_ok, plain_lines = outcome(copy, cache=False, out=plain)
        served = self.serve_step()
        assert search_jobs.wait_job(self.root / STORE, 300)
        assert served == (plain_ok, plain_lines), (served, (plain_ok, plain_lines))
        if ok:
            expected = snapshot(copy / "public")
            differ = sorted(k for k in published.keys() | expected.keys()
                            if published.get(k) != expected.get(k))
            assert differ == [], self.explain(differ)
            self.last_good = published
        else:
            assert published == self.last_good
        if plain_ok:
            self.serve_good = snapshot(self.tmp / "serve")
            assert self.serve_good == snapshot(plain)
        else:
            assert snapshot(self.tmp / "serve") == self.serve_good

    def sources_now(self) -> dict[str, tuple[int, int, int, str]]:
        found = {}
        for folder in ("content", "templates", "static"):
            for path in (self.root / folder).rglob("*"):
                if path.is_file() and not path.is_symlink():
                    st = path.stat()
                    found[str(path)] = (st.st_mtime_ns, st.st_size, st.st_ino,
                                        hashlib.sha256(path.read_bytes()).hexdigest())
        return found

    def serve_step(self) -> tuple[bool, list[str]]:
        """What `aze-site serve` does after this step: the first build, then each burst
        of watcher events (the files that came, changed or went) through `classify` and
        `Dispatcher.apply`; no events, no build (the served site stays as it was)."""
        now = self.sources_now()
        served: Outcome | None
        if self.seen_sources is None:
            served = self.dispatcher.first_build()
        else:
            before = self.seen_sources
            events = {(ADDED, p) for p in now.keys() - before.keys()}
            events |= {(DELETED, p) for p in before.keys() - now.keys()}
            events |= {(MODIFIED, p) for p in now.keys() & before.keys()
                       if now[p] != before[p]}
            served = self.dispatcher.apply(classify(self.root, events))
        self.seen_sources = now
        if served is not None:
            self.served = (served.ok, sorted(str(d) for d in served.diagnostics))
        return self.served

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

    @rule(rel=st.sampled_from(["content/es/act.md", "content/criteria.de.yaml",
                               "content/pages/act.es.markdown"]), on=st.booleans())
    def a_stray_file(self, rel: str, on: bool) -> None:
        """Put where the build does not read it: a warning, or an error (a language the site
        lacks), in an update as in a clean build."""
        if on:
            self.write(rel, "---\ntitle: Actuar\n---\nTexto.\n" if rel.endswith(("md", "markdown"))
                       else "- code: A\n")
        else:
            self.path(rel).unlink(missing_ok=True)
        self.check()

    @rule(variant=st.sampled_from(["bodies", "label", "plain", "id"]))
    def edit_a_template(self, variant: str) -> None:
        rel = "templates/home.html"
        original = (REPO / rel).read_text(encoding="utf-8")
        if variant == "id":  # an id a site's heading has: the heading is numbered
            original = original.replace('{{ rendered(doc) }}</div>',
                                        '{{ rendered(doc) }}</div><span id="why-it-matters"></span>')
        elif variant == "bodies":
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
          word=st.sampled_from(WORDS), made=st.sampled_from([None, None, "now", "stale"]))
    def translate_a_site(self, data: st.DataObject, how: str, word: str,
                         made: str | None) -> None:
        """`made`: the translation says what it was made from, the original's text as it
        is now (until an edit of the original outdates it) or as it was long ago: then a
        common name of a species the original no longer has is no error."""
        n = data.draw(st.sampled_from(self.sites))
        rel = self.site_rel(n).replace(".md", ".es.md")
        head = {"text": f"name: Sitio {n}\n", "names": f"common_names: {{Genus species{n}: "
                f"Especie {word}}}\n", "fact": "iso3: PER\n", "draft": "draft: true\n"}
        if how == "delete":
            self.path(rel).unlink(missing_ok=True)
        else:
            digest = {None: "", "stale": "translated_from: 0123456789ab\n",
                      "now": f"translated_from: {self.digest_now(self.site_rel(n))}\n"}[made]
            self.write(rel, f"---\n{head[how]}{digest}---\nEl {word}: [criterio]"
                       "(../pages/criteria.md#a1e).\n")
        self.check()

    def digest_now(self, rel: str) -> str:
        """What `aze-site new translation` would record of a site file as it is now."""
        from aze_site.content.translations import text_digest

        text = self.path(rel).read_text(encoding="utf-8")
        front, body = text.split("---\n", 2)[1:]
        title = re.search(r"^name: (.*)$", front, re.M)
        description = re.search(r"^description: (.*)$", front, re.M)
        names = tuple(re.findall(r"- name: (.*)\n    common_name: (.*)\n", front))
        return text_digest(title.group(1) if title else "",
                           description.group(1) if description else None, body, names)

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

    @rule(rel=st.sampled_from(["content/pages/act.md", "content/sites/chapada-do-araripe.md",
                               "content/news/2018-11-13-update.md"]),
          alias=st.sampled_from([None, "/old/", "/more/", "/sites/", "/js/extra.js", "/img/old/",
                                 "/act/", "/es/old/", "/feed.xml"]))
    def set_an_alias(self, rel: str, alias: str | None) -> None:
        """Old addresses on a page, a site or a news item: some clash with a page's address
        (/more/ while content/pages/more.md is there, /sites/, the page's own /act/), with
        a static file or its folder (while a_static_file has made it), with the news feed,
        or with the same alias on another file: each an error, until a later step."""
        text = re.sub(r"^aliases: .*\n", "", self.path(rel).read_text(encoding="utf-8"),
                      flags=re.M)
        if alias is not None:
            text = text.replace("---\n", f"---\naliases: [{alias}]\n", 1)
        self.write(rel, text)
        self.check()

    @rule(which=st.sampled_from(["chapada", "added"]), on=st.booleans(), data=st.data())
    def set_sensitive(self, which: str, on: bool, data: st.DataObject) -> None:
        """A trigger species marked sensitive (the site's position then published coarsened
        everywhere), or no longer."""
        if which == "added" and self.sites:
            rel = self.site_rel(data.draw(st.sampled_from(self.sites)))
        else:
            rel = "content/sites/chapada-do-araripe.md"
        text = re.sub(r"(\n    status: \w+\n)(    sensitive: true\n)?",
                      lambda m: m.group(1) + ("    sensitive: true\n" if on else ""),
                      self.path(rel).read_text(encoding="utf-8"), count=1)
        self.write(rel, text)
        self.check()

    @rule(rel=st.sampled_from(["content/pages/act.md", "content/news/2018-11-13-update.md"]),
          where=st.sampled_from([None, "home", "moved"]))
    def quote_a_position(self, rel: str, where: str | None) -> None:
        """The Chapada do Araripe's position written into another file, where it was or
        where move_a_site moves it: an error while the site is sensitive and there."""
        text = re.sub(r"\nSeen at .*\n", "\n", self.path(rel).read_text(encoding="utf-8"))
        if where is not None:
            lat, lon = {"home": ("7.25", "39.45"), "moved": ("7.75", "38.95")}[where]
            text = text.rstrip("\n") + f"\n\nSeen at {lat}\u00b0 S, {lon}\u00b0 W.\n"
        self.write(rel, text)
        self.check()

    @rule(variant=st.sampled_from(["original", "renamed", "second", "logo", "missing logo"]))
    def edit_partners(self, variant: str) -> None:
        """partners.yaml: a name changed, a second partner, one with a logo (a photo of
        images.yaml; two.jpg is there only while edit_photos put it there)."""
        text = FILES["content/partners.yaml"]
        if variant == "renamed":
            text = text.replace("Test Partner", "Trial Partner")
        elif variant != "original":
            logo = {"second": "", "logo": "  logo: hero.jpg\n",
                    "missing logo": "  logo: two.jpg\n"}[variant]
            text += f"- name: Other Partner\n  short_name: OP\n  url: https://other.example.org\n{logo}"
        self.write("content/partners.yaml", text)
        self.check()

    @rule(name=st.sampled_from(["Socio de prueba", None]))
    def translate_partners(self, name: str | None) -> None:
        rel = "content/partners.es.yaml"
        if name is None:
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f"tp:\n  name: {name}\n")
        self.check()

    @rule(photo=st.sampled_from(["hero.jpg", "two.jpg"]),
          picture=st.sampled_from([(64, 48, (40, 120, 80)), (64, 48, (90, 10, 160)),
                                   (96, 48, (40, 120, 80))]))
    def replace_a_photo(self, photo: str, picture: tuple[int, int, tuple[int, int, int]]) -> None:
        """Another picture under the same name (hero.jpg, the site's default hero, is
        only replaced while it is there: see delete_a_photo_in_use)."""
        path = self.path(f"content/images/{photo}")
        if path.exists():
            data = jpeg(width=picture[0], height=picture[1], color=picture[2])
            path.write_bytes(data)
            if photo == "hero.jpg":
                self.hero_bytes = data
        self.check()

    @rule(on=st.booleans())
    def delete_a_photo_in_use(self, on: bool) -> None:
        """hero.jpg (site.yaml's hero, images.yaml's entry) deleted: an error; then back."""
        path = self.path("content/images/hero.jpg")
        if on:
            path.write_bytes(self.hero_bytes)
        else:
            path.unlink(missing_ok=True)
        self.check()

    @rule(rel=st.sampled_from(["static/js/extra.js", "static/img/x.svg", "static/_redirects",
                               "static/act/index.html", "static/old/index.html"]),
          version=st.sampled_from([None, 1, 2]))
    def a_static_file(self, rel: str, version: int | None) -> None:
        """A static file added, changed, deleted; some of them clash with what the build
        makes (static/act/index.html is the page /act/'s file, _redirects the aliases'
        rules while there are aliases): errors until deleted. static/img/ shares the photos'
        folder; static/old/ and static/js/extra.js take what aliases may ask for."""
        if version is None:
            self.path(rel).unlink(missing_ok=True)
        elif rel.endswith(".svg"):
            self.write(rel, f'<svg xmlns="http://www.w3.org/2000/svg" width="{version}" '
                       'height="1"></svg>\n')
        else:
            self.write(rel, f"/* version {version} */\n")
        self.check()

    @rule(asks=st.sampled_from([None, "../img/x.svg", "/img/x.svg", "../js/extra.js"]))
    def a_stylesheet(self, asks: str | None) -> None:
        """A stylesheet asking for a file a_static_file adds and deletes (an error while it
        is not there), or from the host's root (an error while the site has a path)."""
        rel = "static/css/extra.css"
        if asks is None:
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f".a {{ background: url({asks}) }}\n")
        self.check()

    @rule(include=st.sampled_from(["none", "plain", "ignore missing"]),
          partial=st.sampled_from([None, "A", "B"]))
    def a_partial_template(self, include: str, partial: str | None) -> None:
        """templates/_extra.html added, changed or deleted, while page.html includes it
        (an error when it is missing), includes it `ignore missing`, or does not."""
        page = (REPO / "templates/page.html").read_text(encoding="utf-8")
        if include != "none":
            tail = " ignore missing" if include == "ignore missing" else ""
            page = page.replace("{% block after_body %}",
                                f'{{% include "_extra.html"{tail} %}}{{% block after_body %}}', 1)
            assert "_extra.html" in page
        self.write("templates/page.html", page)
        if partial is None:
            self.path("templates/_extra.html").unlink(missing_ok=True)
        else:
            self.write("templates/_extra.html", f"<p class=\"extra\">Extra {partial}</p>\n")
        self.check()

    @rule(on=st.booleans())
    def delete_a_layout_template(self, on: bool) -> None:
        """templates/criteria.html (the layout of content/pages/criteria.md) deleted, then
        back."""
        rel = "templates/criteria.html"
        if on:
            self.write(rel, (REPO / rel).read_text(encoding="utf-8"))
        else:
            self.path(rel).unlink(missing_ok=True)
        self.check()

    @rule(rel=st.sampled_from(["content/pages/act.es.md", "content/news/2018-11-13-update.es.md",
                               "content/pages/more.es.md"]),
          how=st.sampled_from(["title", "link", "anchor", "draft", "fact", "delete"]),
          word=st.sampled_from(WORDS))
    def translate_a_page(self, rel: str, how: str, word: str) -> None:
        """A translation of a page or a news item (of more.md only while a_page made it):
        its title, a link to an anchor, a heading with its own anchor, a draft, a fact a
        translation may not set (updated: an error), or deleted."""
        head = {"title": f"title: Título {word}\n", "link": "title: Enlace\n",
                "anchor": "title: Ancla\n", "draft": "title: Borrador\ndraft: true\n",
                "fact": "title: Hecho\nupdated: 2020-02-02\n"}
        body = {"link": "Ver [el criterio](../pages/criteria.md#a1e).\n",
                "anchor": "## Política {: #politica }\n\nTexto.\n"}
        if how == "delete":
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f"---\n{head[how]}---\n{body.get(how, f'El {word}.')}\n")
        self.check()

    @rule(entry=st.sampled_from(["hero", "unknown", "two", None]))
    def translate_images(self, entry: str | None) -> None:
        """images.es.yaml: the alt text of a photo in Spanish, of a photo with no entry,
        of two.jpg (there or not), or none."""
        rel = "content/images/images.es.yaml"
        key = {"hero": "hero.jpg", "unknown": "nothing.jpg", "two": "two.jpg"}.get(entry or "")
        if key is None:
            self.path(rel).unlink(missing_ok=True)
        else:
            self.write(rel, f'"{key}":\n  alt: "Un paisaje dibujado"\n')
        self.check()

    @rule(variant=st.sampled_from(["languages: [en, es, fr]", "languages: [es, en]",
                                   "languages: [en, fr]"]))
    def other_languages(self, variant: str) -> None:
        """More languages than two, Spanish as the default (its .es files then translate
        into the default language: errors), or Spanish gone while its files stay."""
        rel = "content/site.yaml"
        text = re.sub(r"^languages?: .*$", variant, self.path(rel).read_text(encoding="utf-8"),
                      count=1, flags=re.M)
        self.write(rel, text)
        self.check()

    # -- what the rules above leave alone ----------------------------------------------------
    @rule(k=st.integers(1, 3))
    def hold_the_next_builds(self, k: int) -> None:
        """The next `k` steps' edits are saved with no build between them: the build after
        them (and the dev server's one burst of events) takes them all at once."""
        self.pending = k

    @rule(drafts=st.booleans(),
          base_url=st.sampled_from([None, "https://zero-test.org/", "https://zero-test.org/aze/"]))
    def build_options(self, drafts: bool, base_url: str | None) -> None:
        """`aze-site build --drafts` and `--base-url URL` (a path under the host moves every
        link) into the same public/, from now on; the dev server's builder keeps its own."""
        self.options = {k: v for k, v in (("drafts", drafts), ("base_url", base_url)) if v}
        self.check()

    @rule(field=st.sampled_from(["base_url", "description", "hero", "social_cards", "data",
                                 "raw_html", "footer", "forms", "map"]),
          variant=st.integers(0, 2))
    def edit_site_settings(self, field: str, variant: int) -> None:
        """site.yaml's other settings: the base URL (with a path, without its slash), the
        description, the default hero (two.jpg is there only while edit_photos put it
        there; none), social cards, the data licence, raw HTML in Markdown, footer links
        (a page that may not be there), the forms' addresses (pages of the site, or not)
        and the map's tiles."""
        rel = "content/site.yaml"
        values: dict[str, list[str | None]] = {
            "base_url": ["https://test.example.org/", "https://zero-test.org/aze/",
                         "https://zero-test.org"],
            "description": ["A small test site.", "Sites of last refuge.", "Other words."],
            "hero": ["{image: hero.jpg}", "{image: two.jpg}", None],
            "social_cards": [None, "false", "true"],
            "data": [None, "{license: CC BY 4.0}", "{license: CC0 1.0, citation: Test data}"],
            "raw_html": [None, "{raw_html: true}", "{raw_html: false}"],
            "footer": [None, "{contact: /act/, privacy: /more/}",
                       "{contact: 'mailto:a@zero-test.org', social: [{name: Fedi, url: "
                       "'https://social.zero-test.org/@aze'}]}"],
            "map": [None, "{tiles: 'https://tiles.zero-test.org/{z}/{x}/{y}.png', "
                    "attribution: Tiles Co}", "{max_zoom: 9}"],
        }
        if field == "forms":
            text = re.sub(r"^forms:\n(  .*\n)*", "", self.path(rel).read_text(encoding="utf-8"),
                          flags=re.M)
            submit, update = [("https://forms.example.net/submit",
                               "https://forms.example.net/update?site={slug}"),
                              ("/act/", "/more/"), ("/act/", "/act/?site={slug}")][variant]
            self.write(rel, text + f"forms:\n  submit_url: {submit}\n  update_url: {update}\n")
        else:
            key = "markdown" if field == "raw_html" else field
            self.set_key(rel, key, values[field][variant], front=False)
        self.check()

    @rule(variant=st.sampled_from(["original", "more", "two", "missing", "text"]))
    def edit_audiences(self, variant: str) -> None:
        """audiences.yaml: a call to action leading to another page (more.md, there only
        while a_page made it), a second one, one to a page that is not there, new words."""
        text = FILES["content/audiences.yaml"]
        if variant == "more":
            text = text.replace("pages/act.md", "pages/more.md")
        elif variant == "two":
            text += ("- audience: Donors\n  action: Fund a site\n  link_text: More\n"
                     "  page: pages/more.md\n")
        elif variant == "missing":
            text = text.replace("pages/act.md", "pages/acts.md")
        elif variant == "text":
            text = text.replace("Include AZE sites", "Put AZE sites")
        self.write("content/audiences.yaml", text)
        self.check()

    @rule(alt=st.sampled_from(["A drawn landscape", "Hills at dusk"]),
          focal=st.sampled_from([None, "[0.2, 0.8]", "[1, 0]"]),
          caption=st.sampled_from([None, "The hills"]))
    def edit_a_photo_entry(self, alt: str, focal: str | None, caption: str | None) -> None:
        """The entry of hero.jpg (the default hero, a photo in use): its alt text, its focal
        point (the crops of heroes and cards move) and its caption."""
        rel = "content/images/images.yaml"
        text = self.path(rel).read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  (focal_point|caption): .*\n", "", text)
        text = re.sub(r"alt: (A drawn landscape|Hills at dusk)", f"alt: {alt}", text, count=1)
        extra = (f"  focal_point: {focal}\n" if focal else "") + \
            (f"  caption: {caption}\n" if caption else "")
        self.write(rel, text.replace("hero.jpg:\n", "hero.jpg:\n" + extra, 1))
        self.check()

    @rule(which=st.sampled_from(["chapada", "added"]),
          where=st.sampled_from(["home", "moved", "slip", "two countries", "other country"]),
          data=st.data())
    def move_a_site(self, which: str, where: str, data: st.DataObject) -> None:
        """A site's position and countries: moved (the map, the downloads, the locator map
        change), a sign slipped (a warning: it lies in another country), two countries, or
        another country altogether (the country pages change)."""
        lat: float
        lon: float
        if which == "added" and self.sites:
            n = data.draw(st.sampled_from(self.sites))
            rel, iso3, lat, lon = self.site_rel(n), ["BRA", "MEX", "ETH"][n % 3], -7 + n, 30 + n
        else:
            rel, iso3, lat, lon = "content/sites/chapada-do-araripe.md", "BRA", -7.25, -39.45
        iso3, lat, lon = {
            "home": (iso3, lat, lon), "moved": (iso3, lat - 0.5, lon + 0.5),
            "slip": (iso3, -lat, lon), "two countries": (f"[{iso3}, PER]", lat, lon),
            "other country": ("PER", -9.5, -75.0)}[where]
        text = self.path(rel).read_text(encoding="utf-8")
        text = re.sub(r"^iso3: .*$", f"iso3: {iso3}", text, count=1, flags=re.M)
        text = re.sub(r"^location: .*$", f"location: {{lat: {lat}, lon: {lon}}}", text, count=1,
                      flags=re.M)
        self.write(rel, text)
        self.check()

    @rule(field=st.sampled_from(["area_km2", "wdkba_id", "description", "updated", "hero",
                                 "protection"]),
          variant=st.integers(0, 2))
    def edit_site_details(self, field: str, variant: int) -> None:
        """The other facts of a site: area, WDKBA id, description, review date, hero photo
        (two.jpg only while edit_photos put it there), protection."""
        values: dict[str, list[str | None]] = {
            "area_km2": ["28", "31.5", None], "wdkba_id": [None, "19540", "19541"],
            "description": [None, "A plateau of springs.", "Dry forest."],
            "updated": ["2018-11-13", "2021-03-04", None], "hero": [None, "hero.jpg", "two.jpg"],
            "protection": ["partial", "full", None]}
        self.set_key("content/sites/chapada-do-araripe.md", field, values[field][variant])
        self.check()

    @precondition(lambda self: self.sites)
    @rule(data=st.data())
    def unshare_a_species(self, data: st.DataObject) -> None:
        """A species share_a_species made shared (a warning) is the site's own again."""
        n = data.draw(st.sampled_from(self.sites))
        self.replace(self.site_rel(n), "Antilophia bokermanni", f"Genus species{n}")
        self.check()

    @rule(date=st.sampled_from([None, "2019-05-01", "2024-03-03", "2024-03-03x"]),
          slug=st.sampled_from(["report", "update"]), translated=st.booleans(),
          follow=st.booleans())
    def date_a_news_item(self, date: str | None, slug: str, translated: bool,
                         follow: bool) -> None:
        """A news item whose date (its file name) changes: it moves in the list and the
        feed; its slug `update` clashes with the 2018 item's address, a date that is no date
        is an error. Its translation follows it (`follow`), or stays behind, an orphan."""
        old = getattr(self, "dated", None)
        day = {"2024-03-03x": "2024-13-03"}.get(date or "", date)  # no such month
        rel = None if day is None else f"content/news/{day}-{slug}.md"
        if old is not None and old != rel:
            self.path(old).unlink(missing_ok=True)
            es = self.path(old.replace(".md", ".es.md"))
            if es.exists():
                if follow and rel is not None:
                    es.rename(self.path(rel.replace(".md", ".es.md")))
                elif follow:
                    es.unlink()
        if rel is not None:
            self.write(rel, f"---\ntitle: Report {slug}\n---\nThe [act page](../pages/act.md).\n")
            if translated:
                self.write(rel.replace(".md", ".es.md"), "---\ntitle: Informe\n---\nTexto.\n")
        self.dated = rel
        self.check()

    @rule(where=st.sampled_from([None, "content/pages/guide.md", "content/pages/help/guide.md",
                                 "content/pages/guide/index.md", "content/pages/Guide.md",
                                 "content/pages/species.md", "both"]),
          linked=st.booleans())
    def move_a_page(self, where: str | None, linked: bool) -> None:
        """A page moved between folders (its address moves with it; its relative link
        breaks or holds), renamed in case only (not a valid address: an error), or given an
        address that is taken (/species/, the species index; guide.md beside
        guide/index.md). `linked`: the home page links to /guide/#steps."""
        for rel in ("content/pages/guide.md", "content/pages/help/guide.md",
                    "content/pages/guide/index.md", "content/pages/Guide.md",
                    "content/pages/species.md"):
            self.path(rel).unlink(missing_ok=True)
        text = "---\ntitle: Guide\n---\n## Steps\n\nSee [acting](../pages/act.md#policy).\n"
        for rel in (["content/pages/guide.md", "content/pages/guide/index.md"]
                    if where == "both" else [where] if where else []):
            self.write(rel, text)
        home = FILES["content/pages/index.md"]
        self.write("content/pages/index.md",
                   home + ("Read the [guide](/guide/#steps).\n" if linked else ""))
        self.check()

    @rule(name=st.sampled_from(["hero.jpg", "Hero.jpg"]))
    def rename_a_photo_in_case(self, name: str) -> None:
        """hero.jpg renamed Hero.jpg (images.yaml and site.yaml still say hero.jpg: an
        error that suggests the file), and back."""
        folder = self.path("content/images")
        now = sorted(p for p in folder.iterdir() if p.name.lower() == "hero.jpg")
        if now and now[0].name != name:
            now[0].rename(folder / name)
        self.check()

    @rule(variant=st.sampled_from(["original", "title", "text"]))
    def edit_macros(self, variant: str) -> None:
        """templates/_macros.html, which the templates import: its badge macro changed."""
        rel = "templates/_macros.html"
        text = (REPO / rel).read_text(encoding="utf-8")
        if variant == "title":
            text = text.replace('<span class="badge badge-{{ code|lower }}" title=',
                                '<span class="badge badge-{{ code|lower }} b" title=', 1)
        elif variant == "text":
            text = text.replace("{{ code }}</abbr>", "{{ code }}!</abbr>", 1)
        self.write(rel, text)
        self.check()

    @rule(shape=st.sampled_from([None, "file", "folder", "Case"]))
    def a_static_file_or_folder(self, shape: str | None) -> None:
        """static/docs a file, then a folder of the same name (static/docs/index.html),
        then a file again; static/img/logo.svg renamed Logo.svg (`Case`)."""
        docs, folder = self.path("static/docs"), self.path("static/docs/index.html")
        if docs.is_dir():
            shutil.rmtree(docs)
        else:
            docs.unlink(missing_ok=True)
        for name in ("logo.svg", "Logo.svg"):
            self.path(f"static/img/{name}").unlink(missing_ok=True)
        if shape == "file":
            self.write("static/docs", "plain text\n")
        elif shape == "folder":
            self.write(str(folder.relative_to(self.root)), "<p>docs</p>\n")
        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"></svg>\n'
        self.write("static/img/Logo.svg" if shape == "Case" else "static/img/logo.svg", svg)
        self.check()

    @rule(variant=st.sampled_from(["original", "description", "new code"]))
    def edit_criteria_more(self, variant: str) -> None:
        """criteria.yaml: a criterion's description, or a criterion added (A1b)."""
        text = FILES["content/criteria.yaml"]
        current = self.path("content/criteria.yaml").read_text(encoding="utf-8")
        found = re.search(r"title: (Entire|Whole) population", current)
        if found:
            text = text.replace("title: Entire population", found.group(0))
        if variant == "description":
            text = text.replace("Effectively the entire", "The entire")
        elif variant == "new code":
            text += ("    - code: A1b\n      title: Restricted range\n"
                     "      description: A species of restricted range.\n")
        self.write("content/criteria.yaml", text)
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


def test_a_static_file_over_a_pages_address_then_deleted() -> None:
    """Found by the machine: the dev server's engine went on from the failed run of the
    clash, in which the static file had taken the page's file over; once the static file
    went, the page's file was unpublished too (a clean build has it)."""
    state = Editor()
    try:
        state.project()
        state.a_static_file(rel="static/act/index.html", version=1)
        state.a_static_file(rel="static/act/index.html", version=None)
    finally:
        state.teardown()


def test_a_layout_template_deleted_and_back_then_any_edit() -> None:
    """Found by the machine: the failed run's page read templates: itself (to say which
    template is missing); once it no longer did, templates: was deleted as garbage and its
    children, still read, made missing, so the next edit failed in the dev server."""
    state = Editor()
    try:
        state.project()
        state.delete_a_layout_template(on=False)
        state.delete_a_layout_template(on=True)
        state.edit_a_text(word="frog")
    finally:
        state.teardown()
