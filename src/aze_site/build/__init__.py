"""`aze-site build` and `aze-site check`: the engine driven over a project.

`build(options)` builds once (see runner.py); `memory=` collects every output in a dict
instead of publishing (tests and tools).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from aze_site.build.options import BuildOptions, BuildResult, SearchOutcome, resolve_out
from aze_site.build.runner import SiteBuild, remove_store
from aze_site.engine import Damaged
from aze_site.errors import BuildFailed, Diagnostic, Report, UsageError
from aze_site.files import linked_folder, linked_message


def require_folders(root: Path) -> None:
    """Raises as a build does when templates/ or content/ is not there (the dev server
    too, when one goes while it serves: the same words as `build`)."""
    if not (root / "templates").is_dir():
        raise UsageError(f"templates/ folder not found in {root} (is --root right?)")
    if not (root / "content").is_dir():
        raise BuildFailed(Report([Diagnostic("content", 0, 0, "error",
                                             "content/ folder not found (is --root right?)")]))


def build(options: BuildOptions, memory: Any = None) -> BuildResult:
    """Build the site; raises BuildFailed (nothing published) or UsageError."""
    root = options.root.resolve()
    linked = linked_folder(root)
    if linked is not None:
        raise UsageError(linked_message(linked))
    out = resolve_out(root, options.out)
    require_folders(root)
    for attempt in (1, 2):
        if attempt == 2:  # the first attempt's pipes and pools are closed here, not in a
            gc.collect()  # forked child that closed their descriptors (six tracebacks)
        runner = SiteBuild(options, out, memory)
        try:
            return runner.run()
        except Damaged as exc:  # found damaged half-way: nothing was published; start afresh
            if attempt == 2 or runner.store_file is None:
                raise
            if options.say is not None:
                options.say(f"note: the build's memory could not be read ({exc}); "
                            "building everything")
            runner.close()
            remove_store(runner.store_file)
        finally:
            runner.close()
    raise AssertionError("unreachable")


__all__ = ["BuildOptions", "BuildResult", "SearchOutcome", "SiteBuild", "build", "require_folders"]
