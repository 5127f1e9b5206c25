"""Rendered Markdown kept between builds: a rebuild converts only the stories that changed.

MkDocs converts every page's Markdown on every build (a third of a rebuild of a big site).
An entry is keyed by the page's address, its Markdown text and everything that shapes the
conversion (the site's Markdown extensions and their settings, the versions of MkDocs and
Python-Markdown); it holds the HTML, the table of contents and the anchors MkDocs would have
found. Stories that link to other pages (`.md` links) are always converted: MkDocs rewrites
such links against the other pages, which the key does not cover.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc


def fingerprint(config) -> str:
    parts = [version("mkdocs"), version("markdown"), repr(config.markdown_extensions),
             repr(sorted((k, repr(v)) for k, v in (config.mdx_configs or {}).items()))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cacheable(markdown: str) -> bool:
    return ".md" not in markdown


def _tokens(items: TableOfContents | list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)}
            for a in items]


class HtmlCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0

    def key(self, src_uri: str, markdown: str) -> str:
        text = "\0".join((self.fingerprint, src_uri, markdown))
        return hashlib.sha256(text.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, html: str, page) -> None:
        entry = {"html": html, "toc": _tokens(page.toc),
                 "anchors": sorted(getattr(page, "present_anchor_ids", None) or ())}
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
        tmp.replace(path)  # atomic: a parallel build never reads half an entry

    @staticmethod
    def restore(entry: dict[str, Any], page) -> str:
        """Put back on `page` what MkDocs' conversion would have set; return the HTML."""
        page.toc = get_toc(entry["toc"])
        page.present_anchor_ids = set(entry["anchors"])
        return entry["html"]
