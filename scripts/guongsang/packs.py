"""Cache entries written a chunk of pages at a time: one file per chunk, not one per page.

Creating a file is the dearest part of keeping a finished page: on a busy disk each new file
takes an inode under a lock the page workers share, and a cold build of 2,000 profiles spent
about 4 s of its 27 s creating the page and HTML caches' two files per page. Entries are now
gathered in memory and written as one "pack" per chunk of pages; the build keeps an index
(key → pack) and, when it ends, the entries of its own digest and of the one other most recent
digest (usually the preview's: `serve` has its own address). A pack nobody refers to any more
is deleted. A missing or unreadable pack is only a cache miss.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import atomic

INDEX = "index.json"
KEEP_DIGESTS = 2
LOADED = 4  # packs kept parsed in memory: a chunk's pages are looked up one after another
OLD_FOLDERS = ("pages", "html")  # one file per entry, before packs


class Packs:
    def __init__(self, root: Path, old: tuple[str, ...] = OLD_FOLDERS) -> None:
        self.root = root
        self.old = old  # folders beside `root` of an earlier layout, deleted by `save`
        self.where: dict[str, str] = {}  # key → pack, from the index
        self.digests: list[list] = []  # [[digest, [keys…]], …], the most recent first
        try:
            data = json.loads((root / INDEX).read_text("utf-8"))
            self.where = {str(k): str(v) for k, v in data["where"].items()}
            self.digests = [[str(d), [str(k) for k in keys]] for d, keys in data["digests"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no index yet, or a damaged one: every entry is made again
        self.pending: dict[str, Any] = {}
        self.written: dict[str, str] = {}  # key → pack, written by this process
        self._loaded: OrderedDict[str, dict] = OrderedDict()

    def get(self, key: str) -> dict[str, Any] | None:
        if key in self.pending:
            return self.pending[key]
        name = self.written.get(key) or self.where.get(key)
        if name is None:
            return None
        pack = self._loaded.get(name)
        if pack is None:
            try:
                pack = json.loads((self.root / name).read_text("utf-8"))
            except (OSError, ValueError):
                return None
            if not isinstance(pack, dict):
                return None
            self._loaded[name] = pack
            if len(self._loaded) > LOADED:
                self._loaded.popitem(last=False)
        else:
            self._loaded.move_to_end(name)
        entry = pack.get(key)
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self.pending[key] = entry

    def flush(self) -> None:
        """Write the entries gathered since the last flush as one pack."""
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        name = f"{secrets.token_hex(10)}.json"
        try:
            atomic.write_text(self.root / name, json.dumps(pending, ensure_ascii=False))
        except OSError:  # a full or read-only disk: these pages are rendered again next time
            return
        for key in pending:
            self.written[key] = name

    def take_written(self) -> dict[str, str]:
        """What this process wrote since the last call (a worker hands it to the build)."""
        written, self.written = self.written, {}
        return written

    def learn(self, written: dict[str, str]) -> None:
        self.where.update(written)

    def save(self, digest: str, used: Iterable[str]) -> int:
        """Keep the entries this build used and those of the one other most recent digest;
        delete the packs no kept entry is in. Returns how many packs were deleted."""
        self.flush()
        self.where.update(self.take_written())
        digests = [[digest, sorted(set(used))]]
        digests += [d for d in self.digests if d[0] != digest][:KEEP_DIGESTS - 1]
        wanted = {k for _, keys in digests for k in keys}
        where = {k: v for k, v in self.where.items() if k in wanted}
        atomic.write_text(self.root / INDEX, json.dumps({"digests": digests, "where": where},
                                                        ensure_ascii=False))
        self.where, self.digests = where, digests
        referenced = set(where.values())
        deleted = 0
        for entry in os.scandir(self.root):
            if (entry.name.endswith(".json") and entry.name != INDEX
                    and entry.name not in referenced):
                os.unlink(entry.path)
                deleted += 1
        for old in self.old:  # the earlier layout: nothing reads it any more
            shutil.rmtree(self.root.parent / old, ignore_errors=True)
        return deleted
