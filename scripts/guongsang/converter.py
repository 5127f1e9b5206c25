"""MkDocs' `Page.render` with one Markdown converter per process instead of one per page.

Building a converter (loading every extension, compiling its patterns) costs about a
millisecond; MkDocs builds one for each page. Python-Markdown supports reuse: `reset()` clears
a converter's state between documents, and MkDocs' own processors, registered again for each
page under the same names, replace the previous page's. The function below is MkDocs 1.6's
`Page.render` with that one change (and `mdprune` and `radio.StoryCapture`, which leave the
bytes alone); `matches_mkdocs` keeps it in use only while MkDocs' own `render` is the one it
was copied from, so an upgrade of MkDocs falls back to MkDocs' code.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from functools import cache

import markdown
from mkdocs.structure import pages
from mkdocs.structure.toc import get_toc

from . import mdprune, radio

log = logging.getLogger("mkdocs.structure.pages")

# sha256 of `inspect.getsource(mkdocs.structure.pages.Page.render)` in MkDocs 1.6.1.
COPIED_FROM = "320529348f7a8af1"

# id(config) → (config, md, the radio's story capture in md)
_CONVERTERS: dict[int, tuple[object, markdown.Markdown, radio.StoryCapture | None]] = {}


@cache
def matches_mkdocs() -> bool:
    try:
        source = inspect.getsource(pages.Page.render)
    except (OSError, TypeError):
        return False
    return hashlib.sha256(source.encode()).hexdigest()[:16] == COPIED_FROM


def _converter(config) -> tuple[markdown.Markdown, radio.StoryCapture | None]:
    known = _CONVERTERS.get(id(config))
    if known is not None and known[0] is config:
        return known[1].reset(), known[2]
    md = mdprune.install(markdown.Markdown(extensions=config["markdown_extensions"],
                                           extension_configs=config["mdx_configs"] or {}))
    capture = radio.install_capture(md)  # a profile's radio script reuses its page's tree
    _CONVERTERS.clear()  # one site per process at a time
    _CONVERTERS[id(config)] = (config, md, capture)
    return md, capture


def render(page: pages.Page, config, files) -> None:
    """`Page.render` (MkDocs 1.6.1), the converter reused."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")

    md, capture = _converter(config)

    raw_html_ext = pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)

    extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)

    relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)

    extract_title_ext = pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    if capture is not None:
        capture.source = page.markdown
    try:
        page.content = md.convert(page.markdown)
    except BaseException:
        _CONVERTERS.clear()  # a converter stopped half-way starts afresh
        raise
    finally:
        if capture is not None:
            capture.source = None
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors
