"""Parts of Material's page frame rendered once per folder instead of once per page.

Material renders the site navigation (`partials/nav.html`, `partials/tabs.html`) for every page;
it is a third of the theme's time per page. For a page outside the navigation — every profile,
list and campaign page of ours — nothing in it is marked active, and its links differ only by
where the page sits: every page in the same folder gets the same bytes. The rendered partial
is kept per (folder, base URL) and written again for the next page there. So are the footer
(no previous or next page outside the navigation) and the blocks of `base.html` made only of
the settings and addresses of the theme's files: `config`, `styles`, `scripts` (a tenth of
the theme's time together), and the partials below the story, for a page without an edit
address, dates or authors. The header differs from page to page by the title alone: it is
kept as the text around it.

Only Material's own partials and blocks are kept this way: a site that overrides them in
`theme/` may show something of the page in them, so its templates run for every page as
before (a block it overrides and that calls `super()` gets the kept one).
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from pathlib import Path

import material
from jinja2 import Environment, TemplateNotFound

PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/footer.html")
# What each kept partial includes must be Material's too (a site's copyright may read the page).
INCLUDES = {"partials/footer.html": ("partials/copyright.html", "partials/social.html"),
            "partials/header.html": ("partials/logo.html", "partials/palette.html",
                                     "partials/javascripts/palette.html",
                                     "partials/alternate.html", "partials/search.html",
                                     "partials/source.html", "partials/tabs.html")}
TITLED = "partials/header.html"  # the same but for the page's title (`_kept_titled`)
BLOCKS = {"config": (), "styles": ("partials/icons.html",), "scripts": ()}  # of base.html
# Below the story: made of the page's edit address, dates and authors only (none for our
# pages, see `_of_the_page`); the feedback form also shows the page's address when analytics
# are set.
PAGE_FREE = ("partials/actions.html", "partials/source-file.html", "partials/feedback.html")
_MATERIAL = Path(material.__file__).resolve().parent


def _items(items) -> Iterator:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])


def _materials(env: Environment, name: str) -> bool:
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        return False
    return bool(template.filename) and Path(template.filename).resolve().is_relative_to(
        _MATERIAL)


def install(env: Environment, nav, pages: Collection[str], config=None) -> None:
    """Keep the partials' and blocks' output for the pages in `pages` (src_uris, all outside
    `nav`). `config`: MkDocs' settings, whose extra scripts and stylesheets the blocks link."""
    items = list(_items(nav.items))
    urls = [u for u in (getattr(i, "url", None) for i in items) if isinstance(u, str)]
    # The addresses the blocks link, besides the navigation's (see `_kept`).
    urls += ["assets/", *(str(x) for x in (config or {}).get("extra_css", []) or []),
             *(str(x) for x in (config or {}).get("extra_javascript", []) or [])]
    keep = frozenset(pages)
    analytics = ((config or {}).get("extra") or {}).get("analytics")
    for name in (*PARTIALS, *PAGE_FREE):
        if not all(_materials(env, n) for n in (name, *INCLUDES.get(name, ()))):
            continue  # the site's own partial
        if name == "partials/feedback.html" and analytics:
            continue
        template = env.get_template(name)
        template.root_render_func = _kept(template.root_render_func, name, items, urls, keep,
                                          page_free=name in PAGE_FREE)
    if all(_materials(env, n) for n in (TITLED, *INCLUDES[TITLED])):
        template = env.get_template(TITLED)
        template.root_render_func = _kept_titled(template.root_render_func, TITLED, items,
                                                 urls, keep)
    if not _materials(env, "base.html"):
        return
    base = env.get_template("base.html")
    for block, includes in BLOCKS.items():
        if block in base.blocks and all(_materials(env, n) for n in includes):
            base.blocks[block] = _kept(base.blocks[block], f"base.html#{block}", items, urls,
                                       keep)


# What of the page the partials below the story may show (with analytics off, see `install`).
_PAGE_META = ("git_revision_date_localized", "revision_date", "git_creation_date_localized")
_PAGE_CONTEXT = ("git_info", "committers")  # set by git plugins


def _of_the_page(context, page) -> bool:
    meta = page.meta if isinstance(page.meta, dict) else {}
    return bool(page.edit_url or any(meta.get(k) for k in _PAGE_META)
                or any(context.get(k) for k in _PAGE_CONTEXT))


def _folder(context, items: list, urls: list[str], pages: frozenset[str],
            page_free: bool = False) -> tuple[str, str] | None:
    """The key a kept part is kept under for this page, or None: render it for the page."""
    page = context.get("page")
    file = getattr(page, "file", None)
    if file is None or file.src_uri not in pages or not isinstance(page.url, str):
        return None
    # A nav link inside the page's own folder would be relative to the page itself.
    inside = any(u.startswith(page.url) for u in urls) if page.url else True
    if (inside or any(getattr(i, "active", False) for i in items)
            or page.previous_page is not None or page.next_page is not None
            or (page_free and _of_the_page(context, page))):
        return None
    return posixpath.dirname(page.url.rstrip("/")), str(context.get("base_url"))


def _kept(render, name: str, items: list, urls: list[str], pages: frozenset[str],
          page_free: bool = False):
    """`render` kept per folder for pages outside the navigation; `page_free`: and only for
    pages with nothing of their own to show there (`_of_the_page`)."""
    kept: dict[tuple[str, str], str] = {}

    def root(context):
        key = _folder(context, items, urls, pages, page_free)
        if key is None:
            yield from render(context)
            return
        if key not in kept:
            kept[key] = "".join(render(context))
        yield kept[key]

    root.__name__ = f"kept_{name}"
    return root


_HOLE = "\x00title\x00"


def _kept_titled(render, name: str, items: list, urls: list[str], pages: frozenset[str]):
    """`_kept` for a partial that also shows the page's title (`page.meta.title`, set for each
    of our pages) once: kept per folder as the text before and after the title."""
    kept: dict[tuple[str, str], tuple[str, str] | None] = {}

    def root(context):
        key = _folder(context, items, urls, pages)
        page = context.get("page")
        meta = getattr(page, "meta", None)
        title = meta.get("title") if key is not None and isinstance(meta, dict) else None
        if not isinstance(title, str) or not title or _HOLE in title:
            yield from render(context)
            return
        if key not in kept:
            meta["title"] = _HOLE
            try:
                parts = "".join(render(context)).split(_HOLE)
            finally:
                meta["title"] = title
            kept[key] = (parts[0], parts[1]) if len(parts) == 2 else None
        form = kept[key]
        if form is None:  # the title shown elsewhere than once
            yield from render(context)
            return
        yield form[0] + str(title) + form[1]  # as {{ page.meta.title }} writes it

    root.__name__ = f"kept_{name}"
    return root
