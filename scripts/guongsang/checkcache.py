"""Checked profiles kept between builds: a rebuild reads and checks only the files that changed.

Reading a profile (YAML with a line per key, text checks) and checking it against the schema
is the first thing every build does, for every file: 6 s for 5,000 profiles on two cores.
What a check finds depends only on the file, the settings and lists it is checked against,
the media folder and this package's checking code; while none of these changed, the
exemplar and the problems found last time are used again (problems are reported again, as
if found). Kept as data, never code, in `.cache/guongsang/checked.json`: a line of JSON, then
the stories' text one after another, each found by its place and length (four fifths of the
file; escaping them for JSON was most of the cost of a cold build's last second).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import atomic, model
from .problems import Problem

PACKAGE = Path(__file__).parent
CODE = ("checkcache.py", "load.py", "media.py", "model.py", "problems.py", "schema.py",
        "text.py", "validate.py")
_TYPES = {t.__name__: t for t in (model.Exemplar, model.MediaRef, model.Photo, model.Audio,
                                  model.Person, model.Consent, model.Award, Problem)}


class NotKept(Exception):
    """A value this cache does not write (it is then simply checked again next time)."""


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and type(value).__name__ in _TYPES:
        return {"_": type(value).__name__,
                **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"_": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return {"_": "frozenset", "v": sorted(encode(v) for v in value)}
    if isinstance(value, Path):
        return {"_": "path", "v": str(value)}
    if isinstance(value, dt.datetime):
        if not isinstance(value.tzinfo, ZoneInfo):
            raise NotKept
        return {"_": "datetime", "v": value.replace(tzinfo=None).isoformat(),
                "tz": value.tzinfo.key}
    if isinstance(value, dt.date):
        return {"_": "date", "v": value.isoformat()}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"_": "dict", "v": {k: encode(v) for k, v in value.items()}}
    raise NotKept


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind = value["_"]
    if kind in _TYPES:
        return _TYPES[kind](**{k: decode(v) for k, v in value.items() if k != "_"})
    if kind == "tuple":
        return tuple(decode(v) for v in value["v"])
    if kind == "frozenset":
        return frozenset(decode(v) for v in value["v"])
    if kind == "path":
        return Path(value["v"])
    if kind == "datetime":
        return dt.datetime.fromisoformat(value["v"]).replace(tzinfo=ZoneInfo(value["tz"]))
    if kind == "date":
        return dt.date.fromisoformat(value["v"])
    if kind == "dict":
        return {k: decode(v) for k, v in value["v"].items()}
    raise ValueError(kind)


def stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def context(parts: list[str], media_dir: Path) -> str:
    """Everything a check depends on besides the file itself."""
    h = hashlib.sha256()
    for name in CODE:
        h.update((PACKAGE / name).read_bytes())
    for part in parts:
        h.update(part.encode() + b"\0")
    if media_dir.is_dir():  # a photo or recording added, changed or removed: check again
        for path in sorted(p for p in media_dir.rglob("*") if p.is_file()):
            h.update(f"{path}\0{stamp(path)}\0".encode())
    return h.hexdigest()


class Store:
    def __init__(self, file: Path, context: str) -> None:
        self.file = file
        self.context = context
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            head, _, stories = file.read_bytes().decode("utf-8").partition("\n")
            data = json.loads(head)
            if not isinstance(data, dict) or data.get("context") != context:
                return
            entries = data["files"]
            for entry in entries.values():
                ex = entry.get("exemplar")
                if isinstance(ex, dict) and isinstance(ex.get("body"), list):
                    at, n = ex["body"]
                    ex["body"] = stories[at:at + n]
        except (OSError, ValueError, LookupError, TypeError, AttributeError):
            return
        self.entries = entries

    def get(self, rel: str, path: Path) -> dict | None:
        entry = self.entries.get(rel)
        if entry is None or entry.get("stamp") != stamp(path):
            return None
        return entry

    def put(self, rel: str, stamp: list[int] | None, entry: dict) -> None:
        """`stamp`: the file's, taken when it was read."""
        self.entries[rel] = {"stamp": stamp, **entry}
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        for rel in set(self.entries) - rels:
            del self.entries[rel]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        files, stories, at = {}, [], 0
        for rel, entry in self.entries.items():
            ex = entry.get("exemplar")
            if isinstance(ex, dict) and isinstance(ex.get("body"), str):
                body = ex["body"]
                entry = {**entry, "exemplar": {**ex, "body": [at, len(body)]}}
                stories.append(body)
                at += len(body)
            files[rel] = entry
        head = json.dumps({"context": self.context, "files": files}, ensure_ascii=False)
        atomic.write_bytes(self.file, "\n".join([head, "".join(stories)]).encode("utf-8"))
