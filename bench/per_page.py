"""What one page costs in Markdown and in templates, on a generated catalogue.

    python bench/per_page.py [--sites 1000] [--languages en] [--repeat 3]

Builds the catalogue of bench/catalogue.py cold, in this process and on one core
(`--jobs 1 --no-cache --no-search`, into memory), with a clock around the Markdown
pipeline (Python-Markdown and the HTML sanitiser, per body) and around each page's
template rendering (per page, the bodies it renders on the way taken out). Prints the
best of `--repeat` builds: the CPU time per body, per page, and the whole build's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import generate


class Clock:
    """CPU seconds of this thread in wrapped functions (the machine's other work and the
    build's own threads change it less than wall time); a nested wrapped call counts for
    its own clock only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[float]] = []

    def wrap(self, name: str | Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
        """`name`: the clock's, or a function of the call's arguments giving it."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            clock = name if isinstance(name, str) else name(*args, **kwargs)
            self._stack.append([0.0])
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.thread_time() - start
                nested = self._stack.pop()[0]
                self.seconds[clock] = self.seconds.get(clock, 0.0) + spent - nested
                self.calls[clock] = self.calls.get(clock, 0) + 1
                if self._stack:
                    self._stack[-1][0] += spent
        return timed


def measure(root: Path, by_kind: bool) -> tuple[float, Clock]:
    """The build's CPU seconds (this process) and its clocks; `by_kind`: also one clock per
    kind of engine node (each node's own work, what it asks of other nodes taken out)."""
    from aze_site.build import build
    from aze_site.build.options import BuildOptions
    from aze_site.engine.nodes import kind_of
    from aze_site.engine.runtime import Engine
    from aze_site.publish.blobs import MemoryWriter
    from aze_site.render import markdown, pages

    clock = Clock()
    originals = (markdown.MarkdownRenderer.render, pages.PageRenderer.render, Engine.compute)
    markdown.MarkdownRenderer.render = clock.wrap("markdown", originals[0])  # type: ignore[method-assign]
    pages.PageRenderer.render = clock.wrap("templates", originals[1])  # type: ignore[method-assign]
    if by_kind:
        Engine.compute = clock.wrap(  # type: ignore[method-assign]
            lambda engine, key: f"node {kind_of(key)}", originals[2])
    try:
        start = time.process_time()
        result = build(BuildOptions(root=root, jobs=1, cache=False, search=False),
                       memory=MemoryWriter())
        cpu = time.process_time() - start
    finally:
        markdown.MarkdownRenderer.render, pages.PageRenderer.render, Engine.compute = (  # type: ignore[method-assign]
            originals)
    if result.report.errors:
        raise SystemExit(f"the catalogue does not build: {result.report.errors[0]}")
    return cpu, clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--languages", default="en")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--by-kind", action="store_true",
                        help="also print the CPU time of each kind of engine node")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalogue"
        generate(root, args.sites, 1, languages=tuple(args.languages.split(",")))
        runs = [measure(root, args.by_kind) for _ in range(args.repeat)]
    cpu, clock = min(runs, key=lambda run: run[0])
    bodies, pages = clock.calls.get("markdown", 0), clock.calls.get("templates", 0)
    md, tpl = clock.seconds.get("markdown", 0.0), clock.seconds.get("templates", 0.0)
    print(f"{args.sites} sites, languages {args.languages}; best of {args.repeat} cold builds "
          "on one core, no search")
    print(f"  Markdown and sanitiser: {bodies} bodies, {md:.2f} s, "
          f"{md / max(bodies, 1) * 1000:.2f} ms a body")
    print(f"  templates: {pages} pages, {tpl:.2f} s, {tpl / max(pages, 1) * 1000:.2f} ms a page")
    print(f"  whole build: {cpu:.2f} s CPU")
    kinds = sorted((name for name in clock.seconds if name.startswith("node ")),
                   key=lambda name: -clock.seconds[name])
    for name in kinds:
        print(f"  {name}: {clock.calls[name]} nodes, {clock.seconds[name]:.2f} s")


if __name__ == "__main__":
    main()
