"""`guongsang build` with nothing changed keeps the published site as it is.

A rebuild from the caches still reads every page back and compares it with the published
one; when no input changed and the published site is the one the last build made, the
result is known to be byte for byte that site, so the build stops after validating.

Inputs are everything a build reads: the content and theme folders (each file by path, size,
modification and change time: an edit, a copy or a checkout changes them), the MkDocs
settings and their file, this package's code, the installed packages and Python, Decap's
files, the environment variables a build honours, and what the date decides (which profiles
are public and withdrawn, the year). The output is the published folder as the last build
left it (every file by path, size, modification time and inode), so a site changed or
removed by hand is built again. Both digests live in `.cache/guongsang/published.json`
beside mkdocs.yml, with the warnings that build gave, which are shown again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import admin, pagecache
from .site import Site
from .validate import CACHE_DIR

FORMAT = 1
RECORD = f"{CACHE_DIR}/published.json"
KEEP = 8  # published folders remembered (a site may be built into more than one)
ENV_PREFIXES = ("GUONGSANG_", "SOURCE_DATE_EPOCH")


def walk(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path under `folder`, stat) of every file below it, in a fixed order. Linked files and
    folders are followed, as MkDocs follows them: a linked file counts by its target."""
    stack, seen = [("", str(folder))], set()
    while stack:
        rel, path = stack.pop()
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in seen:  # a folder linked into itself
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            continue
        for entry in reversed(entries):
            name = f"{rel}{entry.name}"
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append((f"{name}/", entry.path))
                continue
            try:
                yield name, entry.stat()
            except OSError:  # a broken link
                yield name, entry.stat(follow_symlinks=False)


def _files(h: hashlib._Hash, folders: Iterable[Path], ctime: bool = True) -> None:
    for folder in folders:
        h.update(f"\0{folder}\0".encode())
        for name, st in walk(folder):
            line = f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}"
            if ctime:
                line += f"\0{st.st_ctime_ns}"
            h.update(line.encode() + b"\n")


def _packages() -> list[str]:
    """Installed distributions by folder name (name and version), on every import path."""
    found = []
    for entry in sys.path:
        try:
            found += sorted(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
        except OSError:
            continue
    return found


def files_digest(config, site_root: Path) -> str:
    """A digest of everything the build of `config` reads but what the date decides (see
    the module's doc). Taken before anything is read: a file saved while the site is being
    built makes the next build build again."""
    h = hashlib.sha256()
    h.update(pagecache.stable([sys.version, sys.executable, _packages(), str(site_root),
                               str(admin.repo_root(site_root))]).encode())
    dist = admin.decap_dist(site_root)
    _files(h, [pagecache.PACKAGE, Path(config.docs_dir),
               *pagecache.theme_folders(config, site_root), *([dist] if dist else [])])
    pagecache.add_settings(h, config)
    h.update(pagecache.stable([config.docs_dir, config.site_dir]).encode())
    h.update(pagecache.stable(sorted((k, v) for k, v in os.environ.items()
                                     if k.startswith(ENV_PREFIXES))).encode())
    return h.hexdigest()


def inputs_digest(files: str, content) -> str:
    """`files_digest` and what the date decides: which profiles are public and withdrawn
    (an embargo ends with no file changed), and the year."""
    site = Site(content.settings, content.exemplars, content.campaigns)
    return hashlib.sha256(pagecache.stable(
        [files, [e.id for e in site.public], [e.id for e in site.withdrawn], site.now.year]
    ).encode()).hexdigest()


def output_digest(final: Path) -> str:
    h = hashlib.sha256()
    _files(h, [final], ctime=False)  # removing the old site changes its links' ctime
    return h.hexdigest()


def _read(site_root: Path) -> dict:
    try:
        data = json.loads((site_root / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    sites = data.get("sites")
    return sites if isinstance(sites, dict) else {}


def unchanged(site_root: Path, final: Path, inputs: str) -> list[str] | None:
    """The warnings of the build that made `final` when it was made from these inputs and
    is still as that build left it; None when the site must be built."""
    entry = _read(site_root).get(str(final))
    if not isinstance(entry, dict) or entry.get("inputs") != inputs:
        return None
    if not final.is_dir() or entry.get("output") != output_digest(final):
        return None
    warnings = entry.get("warnings")
    return [w for w in warnings if isinstance(w, str)] if isinstance(warnings, list) else []


def record(site_root: Path, final: Path, inputs: str, warnings: list[str]) -> None:
    """Remember what made the site just published at `final` (a failure is only a slower
    next build, so it is ignored)."""
    sites = _read(site_root)
    sites.pop(str(final), None)
    sites[str(final)] = {"inputs": inputs, "output": output_digest(final),
                         "warnings": warnings}
    sites = dict(list(sites.items())[-KEEP:])
    path = site_root / RECORD
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps({"format": FORMAT, "sites": sites}, ensure_ascii=False,
                                  indent=1) + "\n", "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def replay(warnings: list[str]) -> None:
    log = logging.getLogger("mkdocs.plugins.guongsang")
    for message in warnings:
        log.warning(message)
