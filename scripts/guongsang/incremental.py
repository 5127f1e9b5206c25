"""`guongsang serve`: an edited story is shown without rebuilding the whole site.

MkDocs' preview rebuilds everything on every save (a minute and a half for 5,000
profiles). Most saves while writing change one story and nothing else; only that
profile's page shows the story, so only that page needs rendering again. Anything else —
a new, renamed or deleted file, a changed front matter, a campaign, a photo, the settings,
a story with an error — goes through the full build, which reports problems as usual.
The search index and the feeds catch up at the next full build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .load import display_path
from .model import Exemplar, Settings
from .problems import Problems
from .uptodate import walk
from .validate import check_one, choices_for

Snapshot = dict[str, tuple[int, int]]  # path → (mtime in ns, size)


def snapshot(paths: list[Path]) -> Snapshot:
    """What a save would change, for every file under `paths` (files or folders)."""
    out: Snapshot = {}
    for path in paths:
        if path.is_dir():
            for rel, st in walk(path):  # the walk the published site's record makes
                out[os.path.join(path, rel)] = (st.st_mtime_ns, st.st_size)
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        out[str(path)] = (st.st_mtime_ns, st.st_size)
    return out


def modified(before: Snapshot, after: Snapshot) -> list[str] | None:
    """The files whose content may have changed; None when files came or went."""
    if before.keys() != after.keys():
        return None
    return sorted(p for p, stat in after.items() if before[p] != stat)


@dataclass
class StoryEdit:
    old: Exemplar
    new: Exemplar
    warnings: Problems


def story_edits(paths: list[str], exemplars_dir: Path, site_root: Path, media_dir: Path,
                settings: Settings, campaigns: tuple[str, ...],
                by_source: dict[str, Exemplar], preview_ids: frozenset[str],
                ) -> list[StoryEdit] | None:
    """The edits, when each changed file is a profile whose story alone changed and still
    passes every check; otherwise None (the caller builds everything)."""
    choices = choices_for(tuple(settings.fields), campaigns, settings.localities)
    edits = []
    for path in map(Path, paths):
        if path.suffix != ".md" or not path.is_relative_to(exemplars_dir):
            return None
        old = by_source.get(display_path(path, site_root))
        new, problems = check_one(path, site_root, choices, settings, media_dir)
        if old is None or new is None or problems.errors:
            return None
        if old.id in preview_ids:  # shown as published in the preview: compare the same way
            new = replace(new, status=old.status, published=old.published)
        if replace(new, body="") != replace(old, body=""):
            return None  # front matter changed: lists and related profiles may change
        edits.append(StoryEdit(old, new, problems))
    return edits
