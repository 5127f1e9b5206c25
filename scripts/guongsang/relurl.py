"""Addresses relative to a page, as MkDocs writes them, without working each out anew.

A page asks for a hundred addresses or so (stylesheets, scripts, navigation, cards), and
MkDocs' `get_relative_url` normalises, splits and compares both paths every time: 1.8 s of
the page workers' time at 10,000 profiles. Here each path is normalised once; where the
target's first folder is not the page's, the answer depends only on the target and on how
deep the page is ("../" that many times, then the target), so it is kept per target and
depth. `install` makes MkDocs itself (and so the theme's `url` filter) use it.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

import mkdocs.utils
from mkdocs.utils import get_relative_url as _mkdocs_relative_url  # noqa: F401 (tests compare)

_FAR: dict[tuple[str, int], str] = {}


@lru_cache(maxsize=1 << 16)  # every profile's address is a target of a listing
def parts(path: str) -> tuple[str, ...]:
    # As MkDocs normalises a path: leading "/" ignored, ".." resolved, never above the root.
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(path.split("/")) if path else ()


@lru_cache(maxsize=256)
def page_parts(other: str) -> tuple[str, ...]:
    dirname, _, basename = other.rpartition("/")
    return parts(dirname if "." in basename else other)  # a file's address: its folder


def relative_url(url: str, other: str) -> str:
    """`mkdocs.utils.get_relative_url(url, other)`, the same string, from the paths' parts
    as normalised once (MkDocs normalises both paths on every call)."""
    page, target = page_parts(other), parts(url)
    if page and target and page[0] == target[0]:
        common = 1
        for a, b in zip(page[1:], target[1:], strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join(("..",) * (len(page) - common) + target[common:]) or "."
        return rel + "/" if url.endswith("/") else rel
    key = (url, len(page))
    known = _FAR.get(key)
    if known is None:
        rel = "/".join(("..",) * len(page) + target) or "."
        known = _FAR[key] = rel + "/" if url.endswith("/") else rel
    return known


def install() -> None:
    mkdocs.utils.get_relative_url = relative_url
