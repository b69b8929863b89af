"""Folders of a published tree: readable by everyone (0755), whatever the umask.

`os.mkdir(path, 0o755)` still takes away what the umask says: under `umask 077` a site
published to a web server running as another user would show nothing. Files are made
0644 where they are written (blobs.py); the folders of a tree are made here. Only the
published trees: the cache keeps the umask's modes, as it holds the exact positions of
sensitive species.
"""

from __future__ import annotations

import os


def _umask() -> int:
    mask = os.umask(0o022)  # read when the module loads, before any thread runs
    os.umask(mask)
    return mask


UMASK = _umask()


def make_folder(path: str | os.PathLike[str]) -> None:
    """A new folder of a published tree, 0755 (FileExistsError if it is there)."""
    os.mkdir(path, 0o755)
    if UMASK & 0o755:
        os.chmod(path, 0o755)  # noqa: S103 (published: web servers must read it)


def make_folders(path: str | os.PathLike[str]) -> None:
    """`path` and the folders above it that are missing, each 0755."""
    path = os.fspath(path)
    if os.path.isdir(path):
        return
    make_folders(os.path.dirname(path))
    try:
        make_folder(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise
