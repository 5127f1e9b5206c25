"""The published site's files reused by the next `guongsang build`.

A build writes a whole new site beside the published one and swaps them (see `cli._swap`).
A page or feed whose bytes are those of the published file at the same address is linked
from the published site into the new one instead of written again: a rebuild with nothing
changed wrote every page back from the page cache (500 MB at 10,000 profiles), and removing
the old site afterwards freed as many files, which slows every file created in the next
minutes on ext4 without a journal. A link is made only after the published file's bytes were
read and compared, so a file changed on the server side is written again; the old site is
deleted once the new one is in place, so the file is then the new site's alone. Nothing in a
build writes into a file after placing it (the search page is replaced, not rewritten).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_PREVIOUS: list[Path] = []  # the published site a build is replacing, if any


def use(previous: Path | None) -> None:
    """Set by `guongsang build` around MkDocs' build (page workers, forked, inherit it)."""
    _PREVIOUS[:] = [previous] if previous is not None and previous.is_dir() else []


def write(data: bytes, target: str | Path, rel: str) -> None:
    """Put `data` at `target` (a new file in the site being built, in a folder that exists),
    `rel` its address."""
    target = Path(target)
    if _PREVIOUS and _same(_PREVIOUS[0] / rel, data):
        try:
            os.link(_PREVIOUS[0] / rel, target)
            return
        except OSError:  # another file system, or one without links: written below
            pass
    with open(target, "wb") as f:
        f.write(data)


def _same(path: Path, data: bytes) -> bool:
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):  # no symbolic link
            return False
        return path.read_bytes() == data
    except OSError:
        return False
