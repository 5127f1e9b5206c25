"""Cache entries written a chunk of pages at a time: one file per chunk, not one per page.

Creating a file is the dearest part of keeping a finished page: on a busy disk each new file
takes an inode under a lock the page workers share, and a cold build of 2,000 profiles spent
about 4 s of its 27 s creating the page and HTML caches' two files per page. Entries are now
gathered in memory and written as one "pack" per chunk of pages; the build keeps an index
(key → pack) and, when it ends, the entries of its own digest and of the one other most recent
digest (usually the preview's: `serve` has its own address). A pack nobody refers to any more
is deleted. A missing or unreadable pack is only a cache miss.

A pack is one line of JSON (the entries, their long texts left out) followed by those texts
as plain bytes, one after another: escaping 40 KB pages into JSON strings, and reading them
back, cost more than writing them (a quarter of a millisecond per page).
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
MAGIC = b"GSPACK2\n"
SUFFIX = ".pack"
RAW_FROM = 256  # texts this long (and all bytes) are kept after the JSON line, not in it


class BadPack(ValueError):
    pass


def dump_pack(entries: dict[str, dict[str, Any]]) -> bytes:
    """Entries (JSON values, plus bytes) → a pack's bytes."""
    head: dict[str, list] = {}
    raw: list[bytes] = []
    at = 0
    for key, entry in entries.items():
        small, refs = {}, {}
        for name, value in entry.items():
            if isinstance(value, bytes) or (isinstance(value, str) and len(value) >= RAW_FROM):
                data = value if isinstance(value, bytes) else value.encode("utf-8")
                refs[name] = [at, len(data), isinstance(value, bytes)]
                raw.append(data)
                at += len(data)
            else:
                small[name] = value
        head[key] = [small, refs]
    # No raw newline in compact JSON: the first one ends the line.
    return b"".join([MAGIC, json.dumps(head, ensure_ascii=False).encode("utf-8"), b"\n", *raw])


class _Loaded:
    """A pack read: its JSON line parsed, its texts decoded only when asked for."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC):
            raise BadPack("not a pack")
        end = data.find(b"\n", len(MAGIC))
        if end == -1:
            raise BadPack("no entries")
        self.head = json.loads(data[len(MAGIC):end])
        if not isinstance(self.head, dict):
            raise BadPack("entries")
        self.data, self.base = data, end + 1

    def get(self, key: str) -> dict[str, Any] | None:
        item = self.head.get(key)
        try:
            small, refs = item
            entry = dict(small)
            for name, (at, size, is_bytes) in refs.items():
                start = self.base + at
                if at < 0 or size < 0 or start + size > len(self.data):
                    return None
                data = self.data[start:start + size]
                entry[name] = data if is_bytes else data.decode("utf-8")
        except (TypeError, ValueError, AttributeError):  # a damaged pack: a cache miss
            return None
        return entry


def load_pack(data: bytes) -> dict[str, dict[str, Any]]:
    """A pack's bytes → every entry (for tests and tools; `Packs.get` reads one)."""
    pack = _Loaded(data)
    return {key: entry for key in pack.head if (entry := pack.get(key)) is not None}


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
        self._loaded: OrderedDict[str, _Loaded] = OrderedDict()

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry, as put (texts and bytes alike), or None."""
        if key in self.pending:
            return self.pending[key]
        name = self.written.get(key) or self.where.get(key)
        if name is None:
            return None
        pack = self._loaded.get(name)
        if pack is None:
            try:
                pack = _Loaded((self.root / name).read_bytes())
            except (OSError, ValueError):  # gone, an older format, damaged: a miss
                return None
            self._loaded[name] = pack
            if len(self._loaded) > LOADED:
                self._loaded.popitem(last=False)
        else:
            self._loaded.move_to_end(name)
        return pack.get(key)

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self.pending[key] = entry

    def flush(self) -> None:
        """Write the entries gathered since the last flush as one pack."""
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        name = f"{secrets.token_hex(10)}{SUFFIX}"
        try:
            atomic.write_bytes(self.root / name, dump_pack(pending))
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
        for entry in os.scandir(self.root):  # .json: packs of an earlier format
            if (entry.name.endswith((SUFFIX, ".json")) and entry.name != INDEX
                    and entry.name not in referenced):
                os.unlink(entry.path)
                deleted += 1
        for old in self.old:  # the earlier layout: nothing reads it any more
            shutil.rmtree(self.root.parent / old, ignore_errors=True)
        return deleted
