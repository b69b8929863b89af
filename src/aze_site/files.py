"""Files written whole or not at all: a temporary name in the same folder, then a rename.

Published files are readable by everyone (0644), as a web server running as another user
needs them; mkstemp alone would leave them 0600. And the flags of the project's files that
are not used as files (here, so that the scan, which starts first, imports nothing more)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# What makes a file found in the project's folders unusable (its flag in a folder listing)
LINK = "link"  # a symbolic link where none is allowed (content/, templates/)
OUTSIDE = "outside"  # a link in static/ that leads out of it
BAD_NAME = "name"  # a name with a control character (a line break, a tab): shown escaped
FLAGGED = {LINK: "symbolic links are not allowed in content/",
           OUTSIDE: "symbolic link points outside static/",
           BAD_NAME: "the file's name holds a control character (such as a line break or a "
                     "tab): rename it"}
LINKED = "link"  # a source file's value when it is a symbolic link where none is allowed

# What editors and tools leave beside the sources: never read, never published.
SKIPPED_FOLDERS = {".git", ".aze-cache", "__pycache__", ".hypothesis", "node_modules"}
TEMP_FILE = re.compile(r"""(
      .*\.sw[a-px] | .*~ | 4913                                  # vim (4913: its write test)
    | \.\#.* | \#.*\#                                            # emacs lock links, autosaves
    | \.DS_Store                                                 # macOS
    | .*___jb_(tmp|old)___ | \.goutputstream-.* | .*\.crswap    # JetBrains, gedit, Chrome
    | .*\.kate-swp                                               # Kate (older ones: no dot)
    | ~\$.* | \.~lock\..*\#                                      # MS Office, LibreOffice locks
    | .*\.(?i:tmp|bak)                                           # many editors and tools
    | sed[A-Za-z0-9]{6}                                          # sed -i
)""", re.VERBOSE)


# The project's own folders, which a build reads or writes as they are: one that is a
# symbolic link (a repository may hold one) would lead it to files outside the project.
PROJECT_FOLDERS = ("content", "templates", "static", ".aze-cache")
WRITTEN_FOLDERS = ("content/sites", "content/pages", "content/news", "content/images",
                   "templates/locales")  # where `new` and `import` write files


def linked_folder(root: Path, written: bool = False) -> str | None:
    """The first of the project's folders (and of the cache's) that is a symbolic link.
    `written`: the folders `new` and `import` write into too (a build reports those as
    content errors of their own)."""
    cache = root / ".aze-cache"
    names = [*PROJECT_FOLDERS, *(WRITTEN_FOLDERS if written else ())]
    if cache.is_dir() and not cache.is_symlink():
        names += [f".aze-cache/{entry.name}" for entry in sorted(cache.iterdir())]
    return next((name for name in names if (root / name).is_symlink()), None)


def linked_message(name: str) -> str:
    what = "remove it (the next build makes a new one)" if name.startswith(".aze-cache") \
        else "put the folder itself in its place"
    return (f"{name}/ is a symbolic link, which aze-site does not follow (it could lead to "
            f"files outside the project): {what}")


def skipped_name(name: str) -> bool:
    """A file or folder name the scan passes over (and all below it)."""
    return name in SKIPPED_FOLDERS or TEMP_FILE.fullmatch(name) is not None


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
