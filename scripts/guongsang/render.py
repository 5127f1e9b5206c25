"""Our HTML fragments: a Jinja environment that escapes everything by default.

MkDocs' own theme environment does not autoescape, so everything built from front
matter is rendered here (autoescape on) and handed to the Material theme as finished,
safe HTML. A site may override any template by putting a file of the same name in
`theme/guongsang/`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any

import nh3
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from mkdocs.utils import get_relative_url

from .radio import duration_label
from .schema import AWARD_LEVELS, CONSENT_SCOPE, KINDS
from .site import locality_slug

# What a story may contain once Markdown is rendered: text formatting, lists, tables,
# images and links; never scripts, styles, frames, forms or event handlers.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "abbr": {"title"},
}


def _no_outside_images(tag: str, attr: str, value: str) -> str | None:
    """An image from another host would make every reader's browser call it (a tracking
    pixel, a leak of who reads what): only the site's own files may be shown."""
    if tag == "img" and attr == "src" and re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", value, re.I):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     strip_comments=True, attribute_filter=_no_outside_images)


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """13/5/2021 — the way Vietnamese documents write a date."""
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def vn_date_long(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def iso_date(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


class Renderer:
    def __init__(self, site_root: Path | None = None) -> None:
        loaders = []
        if site_root is not None and (site_root / "theme" / "guongsang").is_dir():
            loaders.append(FileSystemLoader(str(site_root / "theme" / "guongsang")))
        loaders.append(PackageLoader("guongsang", "templates"))
        self.env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=False)
        self.cards: dict[tuple[int, str], tuple[Any, Any, list[str]]] = {}  # `_card_memo`
        self.anywhere: dict[tuple[int, int], tuple[Any, Any, frozenset[str]]] = {}
        self.env.filters.update(vn_date=vn_date, vn_date_long=vn_date_long, iso_date=iso_date)
        self.env.globals.update(KINDS=KINDS, AWARD_LEVELS=AWARD_LEVELS,
                                CONSENT_SCOPE=CONSENT_SCOPE, locality_slug=locality_slug,
                                duration_label=duration_label,
                                preview_ids=frozenset())  # drafts marked in a local preview

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render with `url(path)` giving addresses relative to the page (works offline too),
        and `card_memo` (see `_card_memo`)."""
        asked: list[list[str]] = []  # the addresses a card being made asks for

        def url(path: str) -> str:
            path = path or "./"
            if asked:
                asked[-1].append(path)
            return get_relative_url(path, page_url)

        def card_memo(e: Any, caller: Any) -> Any:
            return self._card_memo(e, caller, page_url, asked)

        return self.env.get_template(template).render(url=url, card_memo=card_memo, **context)

    def forget(self) -> None:
        """A new build: its profiles, photos and settings may all differ."""
        self.cards.clear()
        self.anywhere.clear()

    def _card_memo(self, e: Any, caller: Any, page_url: str, asked: list[list[str]]) -> Any:
        """A profile's card, made once per folder of pages that show it: the same profile's
        card on "dien-hinh/a/" and "dien-hinh/b/" is the same HTML, its addresses all being
        "../" and the way from "dien-hinh/" — unless one leads into the page's own folder
        (the page's own profile), which `url` tells: every address the card asked for is
        kept with it. Beyond one folder, a card is the same on every page as deep whose
        first folder none of its addresses enters ("phong-trao/a/" and "dia-ban/b/": every
        address is "../../" and the way from the root). A card reads only its profile and
        what is the same for a whole build."""
        folder, _, _ = page_url.rstrip("/").rpartition("/")
        if not page_url.endswith("/") or not page_url.strip("/"):
            return caller()  # a file address or the home page: not worth the care
        mine = "/" + page_url
        top = page_url.split("/", 1)[0]
        depth = page_url.count("/")

        def inside(paths: list[str]) -> bool:  # an address leading into this page's folder
            return any((posixpath.normpath("/" + p) + "/").startswith(mine) for p in paths)

        key = (id(e), folder)
        known = self.cards.get(key)
        if known is not None and known[0] is e and not inside(known[2]):
            return known[1]
        anywhere = self.anywhere.get((id(e), depth))
        if anywhere is not None and anywhere[0] is e and top not in anywhere[2]:
            return anywhere[1]
        asked.append([])
        try:
            html = caller()
        finally:
            paths = asked.pop()
        tops = frozenset(posixpath.normpath("/" + p).split("/")[1] for p in paths)
        if top not in tops:  # no address enters this page's first folder
            self.anywhere[(id(e), depth)] = (e, html, tops)
        elif not inside(paths):  # else made for this page only
            self.cards[key] = (e, html, paths)  # holding `e` keeps its id unique
        return html
