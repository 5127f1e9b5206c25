"""Material's navigation rendered once per folder instead of once per page.

Material renders the site navigation (`partials/nav.html`, `partials/tabs.html`) for every page;
it is a third of the theme's time per page. For a page outside the navigation — every profile,
list and campaign page of ours — nothing in it is marked active, and its links differ only by
where the page sits: every page in the same folder gets the same bytes. The rendered partial
is kept per (folder, base URL) and written again for the next page there.

Only Material's own partials are kept this way: a site that overrides them in `theme/` may
show something of the page in them, so its templates run for every page as before.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from pathlib import Path

import material
from jinja2 import Environment, TemplateNotFound

PARTIALS = ("partials/nav.html", "partials/tabs.html")
_MATERIAL = Path(material.__file__).resolve().parent


def _items(items) -> Iterator:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])


def install(env: Environment, nav, pages: Collection[str]) -> None:
    """Keep the partials' output for the pages in `pages` (src_uris, all outside `nav`)."""
    items = list(_items(nav.items))
    urls = [u for u in (getattr(i, "url", None) for i in items) if isinstance(u, str)]
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        if not template.filename or not Path(template.filename).resolve().is_relative_to(
                _MATERIAL):
            continue  # the site's own partial
        template.root_render_func = _kept(template.root_render_func, name, items, urls,
                                          frozenset(pages))


def _kept(render, name: str, items: list, urls: list[str], pages: frozenset[str]):
    kept: dict[tuple[str, str], str] = {}

    def root(context):
        page = context.get("page")
        file = getattr(page, "file", None)
        key = None
        if file is not None and file.src_uri in pages and isinstance(page.url, str):
            # A nav link inside the page's own folder would be relative to the page itself.
            inside = any(u.startswith(page.url) for u in urls) if page.url else True
            if not inside and not any(getattr(i, "active", False) for i in items):
                key = (posixpath.dirname(page.url.rstrip("/")), str(context.get("base_url")))
        if key is None:
            yield from render(context)
            return
        if key not in kept:
            kept[key] = "".join(render(context))
        yield kept[key]

    root.__name__ = f"kept_{name}"
    return root
