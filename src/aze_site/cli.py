"""Commands: parse arguments, run, print diagnostics, set the exit status.

Exit status: 0 success; 1 the content or templates have errors (nothing published);
2 wrong usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aze_site import __version__
from aze_site.errors import (
    BuildFailed,
    Diagnostic,
    InterruptedAfterPublishing,
    Report,
    Terminated,
    UsageError,
    WorkerLost,
)
from aze_site.files import linked_folder, linked_message

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
WITHOUT_BUILD = ("serve", "new", "import")  # the commands that do not go through build()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aze-site",
        description="Build the Alliance for Zero Extinction website from content/.",
    )
    parser.add_argument("--version", action="version", version=f"aze-site {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)
        return p

    _build_args(command("build", "validate everything, then write the whole site to public/"))
    _serve_args(command("serve", "build, serve on loopback, watch the sources, rebuild what "
                        "changed and reload the browser"))
    _check_args(command("check", "validate content, templates, and every internal link and "
                        "anchor; write nothing"))
    _new_args(command("new", "write a valid, commented skeleton of a new content file"))
    _import_args(command("import", "turn a data set into content/sites/*.md; never overwrites "
                         "text an editor wrote"))
    return parser


ROOT_HELP = "the site project folder (default: the current folder)"


def _build_args(build: argparse.ArgumentParser) -> None:
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/public)")
    build.add_argument("--base-url", type=_base_url, help="absolute URL the site is served from "
                       "(default: base_url in content/site.yaml)")
    build.add_argument("--drafts", action="store_true", help="also publish drafts")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--jobs", type=_jobs, default=0,
                       help="worker processes for rendering (default: all cores)")
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help="ignore the build cache in .aze-cache/ (it is left as it is)")
    build.add_argument("--no-search", dest="search", action="store_false",
                       help="skip the search index (a quicker preview; /search/ then finds nothing)")
    build.add_argument("--wait-for-search", dest="wait_search", action="store_true",
                       help="after an update, bring the search index up to date before "
                       "returning (by default it follows in the background): for deploy scripts")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _serve_args(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--port", type=_port, default=8000,
                       help="port to listen on (default: 8000; 0: any free port)")
    serve.add_argument("--drafts", action="store_true",
                       help="also show drafts, each marked 'Draft: not published' (by default "
                       "the preview shows what `aze-site build` publishes)")


def _check_args(check: argparse.ArgumentParser) -> None:
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: one object per diagnostic, for CI and editors")
    check.add_argument("--drafts", action="store_true",
                       help="also check drafts, as build --drafts publishes them")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="print only problems (no translations table, no summary)")


def _new_args(new: argparse.ArgumentParser) -> None:
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_site = kinds.add_parser("site", help="content/sites/<slug>.md")
    new_site.add_argument("name", help='the site\'s name, e.g. "Chapada do Araripe"')
    new_site.add_argument("--iso3", required=True, help="ISO 3166-1 alpha-3 country code")
    new_site.add_argument("--species", action="append", metavar="NAME",
                          help='scientific name of a trigger species, "Genus species"; repeat it '
                          'for several: --species "A b" --species "C d"')
    new_site.add_argument("--status", action="append", choices=("CR", "EN", "EW"),
                          help="Red List category of the species (default: CR); given once it "
                          "applies to every --species, or give it once per --species, in the "
                          "same order")
    new_site.add_argument("--group", action="append",
                          help="taxonomic group of the species, e.g. amphibians; once for every "
                          "--species, or once per --species, in the same order")
    new_page = kinds.add_parser("page", help="content/pages/<slug>.md")
    new_page.add_argument("title")
    new_news = kinds.add_parser("news", help="content/news/<date>-<slug>.md")
    new_news.add_argument("title")
    new_news.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new_translation = kinds.add_parser(
        "translation", help="content/<path>.<lang>.md (or .yaml): a translation's skeleton")
    new_translation.add_argument("path", help="the original, e.g. sites/manas.md, "
                                 "pages/about.md or criteria.yaml (content/ may be left out)")
    new_translation.add_argument("--lang", required=True, help="the language, e.g. es")
    for sub_parser in (new_site, new_page, new_news, new_translation):
        sub_parser.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=ROOT_HELP)


def _import_args(imp: argparse.ArgumentParser) -> None:
    from aze_site.importer.columns import species_help, wdkba_help  # light: names and text only

    datasets = imp.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    about = "a World Database of KBAs CSV export: one site per row"
    wdkba = datasets.add_parser(
        "wdkba", help=about, description=f"Create or update content/sites/ from {about}.\nRows "
        "with problems are reported and skipped (exit status 1); the others are imported.",
        epilog=wdkba_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    wdkba.add_argument("--aze-only", action="store_true", help="only rows whose AzeStatus marks "
                       "an AZE site")
    about = "an AZE trigger-species table (one row per site, or one row per species)"
    aze_species = datasets.add_parser(
        "aze-species", help=about, description=f"Add trigger species to content/sites/ from\n{about}.\n"
        "Rows with problems are reported and skipped (exit status 1); the others are imported.",
        epilog=species_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    for sub_parser in (wdkba, aze_species):
        sub_parser.add_argument("file", metavar="FILE.csv", help="the CSV file")
        sub_parser.add_argument("--dry-run", action="store_true",
                                help="print the diff of what would change; write nothing")
        sub_parser.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=ROOT_HELP)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _base_url(text: str) -> str:
    """An absolute http(s) URL, as base_url in site.yaml must be: it is written into every
    page's links, so nothing else is taken (no quotes, spaces or angle brackets)."""
    from aze_site.content.schema import (  # as site.yaml's
        ABSOLUTE_URL,
        address_of,
        site_address_problem,
    )

    if not ABSOLUTE_URL.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(
            f"expected an absolute http(s) URL such as https://example.org/, got {text!r}")
    problem = site_address_problem(text.strip())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return address_of(text.strip())


def _reserved_base_url(url: str | None, strict: bool) -> str | None:
    """The line to print when --base-url is a reserved example address, as base_url in
    site.yaml would be warned about (an error with --strict). Not a check of the build's
    own: the dev server gives it its loopback address."""
    from aze_site.content.fields import reserved_domain

    domain = reserved_domain(url) if url else None
    if domain is None:
        return None
    return (f"--base-url: {'error' if strict else 'warning'}: '{url}' is a reserved example "
            f"address ({domain}), not a real one: give the address the site is published at "
            "(feeds, the sitemap and link previews use it)")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def print_diagnostics(items: Sequence[Diagnostic]) -> None:
    for diag in sorted(set(items)):
        print(diag, file=sys.stderr)


OUTDATED = ("  outdated: {translation} ({original} changed after it was translated, or it does "
            "not say from what: update the text, then set translated_from: {digest})")


def print_coverage(coverage: Sequence[Any]) -> None:
    """The translations table of `check`: per language, pages and interface strings done,
    and the translations whose original changed after them."""
    if not coverage:
        return
    print("translations  pages translated      interface strings")
    for c in coverage:
        pages = f"{c.translated} of {c.documents} ({_percent(c.translated, c.documents)})"
        strings = f"{c.strings_done} of {c.strings} ({_percent(c.strings_done, c.strings)})"
        print(f"  {c.lang:<10}  {pages:<20}  {strings}")
    for c in coverage:
        if not c.catalogue:
            print(f"  no interface strings in {c.lang}: `aze-site new translation interface "
                  f"--lang {c.lang}` writes templates/locales/{c.lang}.po to translate them in")
    for c in coverage:
        for translation, original, digest in c.outdated:
            print(OUTDATED.format(translation=translation, original=original, digest=digest))


def _percent(done: int, total: int) -> str:
    return f"{100 * done // total}%" if total else "-"


def _summary(report: Report, more_warnings: int = 0) -> str:
    e, w = len(report.errors), len(report.warnings) + more_warnings
    return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def _note(line: str) -> None:
    print(f"aze-site: {line}", file=sys.stderr, flush=True)


def _progress(stage: str, done: int, total: int) -> None:
    """One self-overwriting line on a terminal; cleared when the stage ends."""
    end = "\r\033[K" if done >= total else ""
    sys.stderr.write(f"\r{stage}: {done:,}/{total:,}{end}")
    sys.stderr.flush()


def run_build(args: argparse.Namespace) -> int:
    from aze_site.build import BuildOptions, build

    show = not args.quiet and sys.stderr.isatty()
    reserved = _reserved_base_url(args.base_url, args.strict)
    if reserved:
        print(reserved, file=sys.stderr)
        if args.strict:
            print("build failed: 1 error, 0 warnings; nothing was published", file=sys.stderr)
            return EXIT_ERRORS
    options = BuildOptions(root=args.root, out=args.out, base_url=args.base_url,
                           drafts=args.drafts, strict=args.strict, jobs=args.jobs,
                           cache=args.cache, search=args.search, wait_search=args.wait_search,
                           progress=_progress if show else None, say=_note)
    try:
        result = build(options)
    except BuildFailed as failed:
        print_diagnostics(failed.report.items)
        print(f"build failed: {_summary(failed.report, int(bool(reserved)))}; nothing was "
              "published", file=sys.stderr)
        return EXIT_ERRORS
    print_diagnostics(result.report.items)
    if not args.quiet:
        where = os.path.relpath(result.out) if result.out else "?"
        if result.unchanged:
            print(f"aze-site {__version__}: {where}/ is up to date (nothing changed since the "
                  f"last build; {result.seconds:.2f} s)")
            return EXIT_OK
        print(f"aze-site {__version__}: built {where}/ ({result.how})")
        print(f"  pages     {result.pages:>6}  ({result.pages - result.reused} rendered, "
              f"{result.reused} unchanged)")
        cached = result.images - result.images_processed
        print(f"  images    {result.images:>6}  ({result.images_processed} processed, {cached} from cache)")
        print(f"  cards     {result.cards:>6}")
        print(f"  files     {result.files:>6}")
        found = result.search
        print(f"  search    {found.state}" + (f" ({found.seconds:.2f} s)" if found.seconds else ""))
        print(f"  warnings  {len(result.report.warnings) + int(bool(reserved)):>6}")
        print(f"  time      {result.seconds:>6.2f} s")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    import json

    from aze_site.build import BuildOptions, build

    options = BuildOptions(root=args.root, drafts=args.drafts, strict=args.strict, dry_run=True,
                           say=_note)
    coverage: tuple[Any, ...] = ()
    try:
        result = build(options)
        report, coverage = result.report, result.coverage
        failed = bool(report.errors)  # with --strict, warnings came back as errors
    except BuildFailed as exc:
        report, failed = exc.report, True
    items = sorted(set(report.items))
    if args.format == "json":
        print(json.dumps([d.as_dict() for d in items], indent=2, ensure_ascii=False))
    else:
        print_diagnostics(items)
        if not args.quiet:
            print_coverage(coverage)
            print(f"check: {_summary(report)}", file=sys.stderr)
    return EXIT_ERRORS if failed else EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from aze_site.content.skeleton import write_skeleton
    from aze_site.content.translating import write_translation

    if args.kind == "translation":
        path = write_translation(Path(getattr(args, "root", Path("."))), args.path, args.lang)
    else:
        path = write_skeleton(args)
    print(f"created {os.path.relpath(path)}")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from functools import partial

    from aze_site.serve.builder import SiteBuilder
    from aze_site.serve.server import serve

    return serve(args.root, args.host, args.port,
                 partial(SiteBuilder, drafts=args.drafts) if args.drafts else SiteBuilder)


def run_import(args: argparse.Namespace) -> int:
    from aze_site.importer import run

    return run(args)


def _stop_on_sigterm() -> Callable[[], None]:
    """SIGTERM (a CI job cancelled, a service stopped) ends a command as Ctrl-C does: what
    it was writing is abandoned, and it says what was published (`serve` has its own).
    Returns what puts the handler before back."""
    import signal
    import threading

    def interrupt(signum: int, frame: Any) -> None:
        raise Terminated

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    before = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, before)

    return restore


def _interrupted(stop: BaseException | None) -> int:
    """The shell's status for a command ended by a signal: 128 + SIGTERM's 15, or SIGINT's 2."""
    return 143 if isinstance(stop, Terminated) else 130


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"build": run_build, "check": run_check, "new": run_new, "import": run_import,
                "serve": run_serve}
    restore = _stop_on_sigterm() if args.command != "serve" else lambda: None
    try:
        if args.command in WITHOUT_BUILD:  # build() refuses such links itself
            linked = linked_folder(Path(getattr(args, "root", ".")).resolve(),
                                   written=args.command != "serve")
            if linked is not None:
                raise UsageError(linked_message(linked))
        return handlers[args.command](args)
    except UsageError as exc:
        print(f"aze-site: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InterruptedAfterPublishing as stop:
        print("aze-site: interrupted once the new site was published", file=sys.stderr)
        return _interrupted(stop.__cause__)
    except KeyboardInterrupt as stop:
        print("aze-site: interrupted; nothing was published", file=sys.stderr)
        return _interrupted(stop)
    except BrokenPipeError:  # output piped into a pager or `head` that stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except WorkerLost as exc:
        print(f"aze-site: error: {exc}; nothing was published", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"aze-site: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # a bug in aze-site itself: say so without a traceback
        if os.environ.get("AZE_SITE_DEBUG"):
            raise
        print(f"aze-site: internal error: {exc!r} (set AZE_SITE_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        restore()


def run() -> None:
    """The command line's entry point: `main`, then the process ends. Its objects are
    frozen first, so the collection Python makes on the way out skips them (at 20,000
    sites it walked some 80,000 of them, 50 ms of a 0.5 s edit); the system takes the
    memory back with the process."""
    code = main()
    gc.freeze()
    sys.exit(code)
