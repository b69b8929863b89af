"""Files written whole or not at all: a temporary name in the same folder, then a rename.

Published files are readable by everyone (0644), as a web server running as another user
needs them; mkstemp alone would leave them 0600. And the flags of the project's files that
are not used as files (here, so that the scan, which starts first, imports nothing more)."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

# What makes a file found in the project's folders unusable (its flag in a folder listing)
LINK = "link"  # a symbolic link where none is allowed (content/, templates/)
OUTSIDE = "outside"  # a link in static/ that leads out of it
DANGLING, LINKED_FOLDER = "dangling", "linked-folder"  # a link in static/ to nothing, a folder
BAD_NAME = "name"  # a name with a control character (a line break, a tab): shown escaped
NOT_TEXT = "bytes"  # a name that is not UTF-8 (saved by an old tool): shown escaped, \xe9
# Not a regular file, so never opened: reading a named pipe waits for a writer that may never
# come (the build hung), a device may never end. One error each, at its path.
FIFO, SOCKET, DEVICE = "fifo", "socket", "device"
FOLDER = "folder"  # a folder of content/ named like a content file (x.md/): a warning
_NOT_READ = "not a regular file, so it is not read: remove it, or put the file itself in its place"


def linked_here(what: str) -> str:
    """What a symbolic link in content/ is told: nothing is read through one (it may lead
    outside the project), so a copy of `what` it leads to goes in its place."""
    return f"a symbolic link, which is not allowed in content/: put a copy of {what} in its place"


FLAGGED = {LINK: f"this is {linked_here('what it leads to')}",
           OUTSIDE: "symbolic link points outside static/",
           DANGLING: "symbolic link leads to nothing (what it named is gone): remove it, or "
                     "link a file that is there",
           LINKED_FOLDER: "symbolic link leads to a folder, which is not published through a "
                          "link: link its files one by one, or copy the folder",
           BAD_NAME: "the file's name holds a control character (such as a line break or a "
                     "tab): rename it",
           NOT_TEXT: "the file's name is not UTF-8 text: each \\x and two digits in it "
                     "stands for a letter saved in another encoding; rename it",
           FIFO: f"this is a named pipe (FIFO), {_NOT_READ}",
           SOCKET: f"this is a socket, {_NOT_READ}",
           DEVICE: f"this is a device, {_NOT_READ}",
           FOLDER: "this is a folder named like a file, so it is not read as one: rename it, or "
                   "put the file itself in its place"}
WARNED = frozenset({FOLDER})  # flags said as warnings; the others are errors
FOLDER_NAMES = (".md", ".yaml", ".yml")  # a folder of content/ so named is flagged FOLDER
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


def kind_flag(mode: int) -> str:
    """The flag of what is not a regular file, a folder or a link, by its `st_mode`."""
    if stat.S_ISFIFO(mode):
        return FIFO
    return SOCKET if stat.S_ISSOCK(mode) else DEVICE


def not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read as a file, if it is there but is no regular file (a
    folder, a named pipe...); None for a file, a symbolic link (said apart) or nothing."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    return FLAGGED[FOLDER if stat.S_ISDIR(mode) else kind_flag(mode)]


class NotAFile(OSError):
    """What `read_file` raises for a path that is not a regular file (its `strerror` says so)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


def read_file(path: Path | str) -> bytes:
    """The bytes of a regular file (a symbolic link to one too). Anything else is never
    read, but raises NotAFile: a named pipe would wait forever for a writer, a device may
    never end. Opened without waiting, and looked at again once open, so that a file
    replaced by a pipe between the look and the opening cannot hang the reader either."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotAFile(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile(path)
        return handle.read()


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
