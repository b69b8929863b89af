"""Commands: parse arguments, run, print diagnostics, set the exit status.

Exit status: 0 success; 1 the content or templates have errors (nothing published);
2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from aze_site import __version__
from aze_site.errors import BuildFailed, Diagnostic, Report, UsageError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aze-site",
        description="Build the Alliance for Zero Extinction website from content/.",
    )
    parser.add_argument("--version", action="version", version=f"aze-site {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--root", type=Path, default=Path("."),
                       help="the site project folder (default: the current folder)")
        return p

    build = command("build", "validate everything, then write the whole site to public/")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/public)")
    build.add_argument("--base-url", help="absolute URL the site is served from "
                       "(default: base_url in content/site.yaml)")
    build.add_argument("--drafts", action="store_true", help="also publish drafts")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--jobs", type=_jobs, default=0,
                       help="worker processes for rendering (default: all cores)")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def print_diagnostics(items: Sequence[Diagnostic]) -> None:
    for diag in sorted(set(items)):
        print(diag, file=sys.stderr)


def _summary(report: Report) -> str:
    e, w = len(report.errors), len(report.warnings)
    return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def run_build(args: argparse.Namespace) -> int:
    from aze_site.build import BuildOptions, build

    options = BuildOptions(root=args.root, out=args.out, base_url=args.base_url,
                           drafts=args.drafts, strict=args.strict, jobs=args.jobs)
    try:
        result = build(options)
    except BuildFailed as failed:
        print_diagnostics(failed.report.items)
        print(f"build failed: {_summary(failed.report)}; nothing was published",
              file=sys.stderr)
        return EXIT_ERRORS
    print_diagnostics(result.report.items)
    if not args.quiet:
        where = os.path.relpath(result.out) if result.out else "?"
        print(f"aze-site {__version__}: built {where}/")
        print(f"  pages     {result.pages:>6}")
        print(f"  images    {result.images:>6}")
        print(f"  files     {result.files:>6}")
        print(f"  warnings  {len(result.report.warnings):>6}")
        print(f"  time      {result.seconds:>6.2f} s")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"build": run_build}
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        print(f"aze-site: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("aze-site: interrupted; nothing was published", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"aze-site: error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # a bug in aze-site itself: say so without a traceback
        if os.environ.get("AZE_SITE_DEBUG"):
            raise
        print(f"aze-site: internal error: {exc!r} (set AZE_SITE_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL
