"""Finished pages kept between builds: a rebuild writes an unchanged page back without
rendering it.

A page's key joins its address, its own Markdown and one digest of everything any page may
show: the MkDocs settings, the themes and templates (site overrides included), this
package's code, the settings and campaigns, every profile's front matter (not its story),
which profiles are public today, the photos, the sizes of the files pages link to, and the
free pages. So editing one story re-renders that page only; editing any front matter,
a campaign or a setting re-renders every page (lists, related profiles and counts may all
change), which is still one cold page pass on all cores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .model import Exemplar
from .packs import Packs

PACKAGE = Path(__file__).parent
CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
               "repo_url", "repo_name", "edit_uri", "use_directory_urls", "nav", "extra",
               "extra_css", "extra_javascript", "markdown_extensions", "mdx_configs",
               "validation")


def stable(value: Any) -> str:
    """A text for `value` that is the same in every process (sets sorted, no addresses)."""
    if isinstance(value, Exemplar):  # the bulk of a site: dataclasses' own repr is quicker
        consent = value.consent
        if consent is not None:
            consent = dataclasses.replace(consent, scope=tuple(sorted(consent.scope)))
        return repr(dataclasses.replace(value, body="", consent=consent))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        skip = ("body",) if isinstance(value, Exemplar) else ()  # its page key holds the story
        inner = ",".join(f"{f.name}={stable(getattr(value, f.name))}"
                         for f in dataclasses.fields(value) if f.name not in skip)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, type(None), Path)):
        return repr(value)
    return f"{type(value).__name__}:{value}"


def _tree_digest(folders: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def theme_folders(config, site_root: Path) -> list[Path]:
    """Every template folder that is not an installed package (those count by version)."""
    material = Path(__import__("material").__file__).parent
    own = [Path(d) for d in config.theme.dirs if not Path(d).is_relative_to(material)
           and not Path(d).is_relative_to(PACKAGE)]
    return [*own, site_root / "theme"]


def add_settings(h: hashlib._Hash, config) -> None:
    """MkDocs' settings a page can show, and the bytes of their file, into `h` (also the
    published site's record: see `uptodate`)."""
    h.update(stable({k: config.get(k) for k in CONFIG_KEYS}).encode())
    h.update(stable(dict(config.theme.items())).encode())
    h.update(stable(list(config.plugins)).encode())
    config_file = Path(config.config_file_path or "")
    if config_file.is_file():
        h.update(config_file.read_bytes())


def site_digest(config, site_root: Path, parts: Iterable[Any]) -> str:
    """The digest every page key starts from; `parts` are the site's data (see module doc)."""
    h = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "nh3"):
        h.update(version(name).encode() + b"\0")
    h.update(_tree_digest([PACKAGE]).encode())
    h.update(_tree_digest(theme_folders(config, site_root)).encode())
    add_settings(h, config)
    for part in parts:
        h.update(stable(part).encode() + b"\0")
    return h.hexdigest()


class PageCache:
    """Finished pages, kept in `packs` under their key ("p" + key)."""

    def __init__(self, packs: Packs, digest: str) -> None:
        self.packs = packs
        self.digest = digest

    def key(self, src_uri: str, markdown: str) -> str:
        return "p" + hashlib.sha256("\0".join((self.digest, src_uri, markdown)).encode()
                                    ).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.packs.get(key)
        return entry if entry is not None and isinstance(entry.get("page"), bytes) else None

    def put(self, key: str, output: bytes, story: str | None,
            words: str | None, radio_seconds: dict[str, int] | None = None) -> None:
        entry = {"page": output, "story": story, "words": words}  # the page's bytes as written
        if radio_seconds:
            entry["radio"] = radio_seconds
        self.packs.put(key, entry)
