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
from importlib.metadata import version
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from .packs import Packs


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
    """Converted stories, kept in `packs` under their key ("h" + key)."""

    def __init__(self, packs: Packs, fingerprint: str) -> None:
        self.packs = packs
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0

    def key(self, src_uri: str, markdown: str) -> str:
        text = "\0".join((self.fingerprint, src_uri, markdown))
        return "h" + hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.packs.get(key)
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, key: str, html: str, page) -> None:
        self.packs.put(key, {"html": html, "toc": _tokens(page.toc),
                             "anchors": sorted(getattr(page, "present_anchor_ids", None) or ())})

    @staticmethod
    def restore(entry: dict[str, Any], page) -> str:
        """Put back on `page` what MkDocs' conversion would have set; return the HTML."""
        page.toc = get_toc(entry["toc"])
        page.present_anchor_ids = set(entry["anchors"])
        return entry["html"]
