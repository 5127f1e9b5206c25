"""Our HTML fragments: a Jinja environment that escapes everything by default.

MkDocs' own theme environment does not autoescape, so everything built from front
matter is rendered here (autoescape on) and handed to the Material theme as finished,
safe HTML. A site may override any template by putting a file of the same name in
`theme/guongsang/`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import relurl
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


_BLANK = re.compile("\x00([0-9]+)\x00")


@cache
def _cleaner() -> nh3.Cleaner:
    # Made once: `nh3.clean` builds the same sanitiser again for every story (a third of it).
    return nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                       strip_comments=True, attribute_filter=_no_outside_images)


def sanitize(html: str) -> str:
    return _cleaner().clean(html)


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
        self.cards: dict[int, tuple] = {}  # `_card_memo`
        self.env.filters.update(vn_date=vn_date, vn_date_long=vn_date_long, iso_date=iso_date)
        self.env.globals.update(KINDS=KINDS, AWARD_LEVELS=AWARD_LEVELS,
                                CONSENT_SCOPE=CONSENT_SCOPE, locality_slug=locality_slug,
                                duration_label=duration_label,
                                preview_ids=frozenset())  # drafts marked in a local preview

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render with `url(path)` giving addresses relative to the page (works offline too),
        `card_memo` (see `_card_memo`) and `card_list(items, card)`, each item's
        `card_memo` of the macro `card`."""
        forms: list[list[str]] = []  # the addresses a card being made asks for

        def url(path: str) -> str:
            path = path or "./"
            if forms:  # a card's form: a numbered blank, filled in for each page
                forms[-1].append(path)
                return f"\x00{len(forms[-1]) - 1}\x00"
            return relurl.relative_url(path, page_url)

        def card_memo(e: Any, caller: Any) -> Any:
            return self._card_memo(e, caller, page_url, forms)

        def card_list(items: Any, card: Any) -> Markup:
            return Markup("".join([str(self._card_memo(e, lambda e=e: card(e), page_url, forms))
                                   for e in items]))

        return self.env.get_template(template).render(url=url, card_memo=card_memo,
                                                      card_list=card_list, **context)

    def forget(self) -> None:
        """A new build: its profiles, photos and settings may all differ."""
        self.cards.clear()

    def _card_memo(self, e: Any, caller: Any, page_url: str, forms: list[list[str]]) -> Any:
        """A profile's card, made once: a card reads only its profile and what is the same
        for a whole build, and differs from page to page only in its addresses. It is made
        as a form, each address (written, escaped, where the macro wrote `url(...)`) a
        numbered blank, and each page fills the blanks in with the addresses as read from
        that page — the card the macro would have made there, at a fraction of the cost.
        Where none of its addresses enters the page's first folder, each reads "../" as many
        times as the page is deep, then the address: that card is kept per depth."""
        form = self.cards.get(id(e))
        if form is None or form[0] is not e:
            forms.append([])
            try:
                html = str(caller())
            finally:
                paths = forms.pop()
            parts = _BLANK.split(html)  # text, blank's number, text, …
            texts = parts[::2]
            if ([int(n) for n in parts[1::2]] != list(range(len(paths)))
                    or any("\x00" in t for t in texts)):
                texts = None  # an address not written once where asked, or a "\x00" of its own
            tops = frozenset(relurl.parts(p)[:1] for p in paths)  # each address's first folder
            # (holding `e` keeps its id from being reused)
            form = self.cards[id(e)] = (e, texts, paths, tops, {})
        _, texts, paths, tops, by_depth = form
        if texts is None:
            return caller()
        page = relurl.page_parts(page_url)
        same_at_depth = page[:1] not in tops
        if same_at_depth and len(page) in by_depth:
            return by_depth[len(page)]
        out = [texts[0]]
        for path, text in zip(paths, texts[1:], strict=True):
            out += [escape(relurl.relative_url(path, page_url)), text]
        html = Markup("".join(out))
        if same_at_depth:
            by_depth[len(page)] = html
        return html
