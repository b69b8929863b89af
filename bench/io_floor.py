"""The I/O floor of a build: read every source, write every output file, no processing.

    python bench/io_floor.py ROOT MANIFEST OUT

Reads every file under ROOT/content/, then writes the files listed in MANIFEST (one
"size<TAB>path" line per file of a real build's output) under OUT, each of its listed
size, filled with the bytes read. No parsing, no templates, no checks: what is left
when a generator does nothing but the reading and writing it cannot avoid.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(root: Path, manifest: Path, out: Path) -> int:
    data = b"".join(path.read_bytes() for path in sorted((root / "content").rglob("*"))
                    if path.is_file()) or b"\0"
    entries = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        size_text, rel = line.split("\t", 1)
        entries.append((int(size_text), rel))
    biggest = max((size for size, _ in entries), default=0)
    while len(data) < biggest:  # a file larger than all sources together repeats them
        data += data
    view = memoryview(data)
    span = len(data) - biggest + 1
    made: set[str] = set()
    offset = 0
    for size, rel in entries:
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(out / folder, exist_ok=True)
            made.add(folder)
        with open(out / rel, "wb") as handle:
            handle.write(view[offset : offset + size])
        offset = (offset + size) % span
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
