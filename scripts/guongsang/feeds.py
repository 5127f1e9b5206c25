"""RSS/Atom feeds for readers, campaigns, radio stations and Facebook pages (spec section 6).

Every item's GUID is derived from the exemplar's permanent `id` only, so renaming a file
or moving a page never makes a channel post the same story twice.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .model import Exemplar
from .radio import RadioOptions, duration_label, script_for, script_seconds
from .site import Site

# Fixed namespace: changing it would change every GUID ever published.
GUID_NAMESPACE = uuid.UUID("6f1c1a52-6c1e-5b7e-9d0e-3a1f0c2b9e47")
FEED_DIR = "feeds"
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4"}
CAPTION_LIMIT = 500


def guid(e: Exemplar) -> str:
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, 'exemplar:' + e.id)}"


@dataclass(frozen=True)
class FeedFile:
    path: str  # relative to the site folder, e.g. "feeds/rss.xml"
    data: bytes


def absolutize(html: str, page_url: str) -> str:
    """Feed readers have no page to resolve relative links against."""
    def fix(m: re.Match) -> str:
        return f'{m.group(1)}="{urljoin(page_url, m.group(2))}"'
    return re.sub(r'\b(href|src)="([^"#][^"]*)"', fix, html)


def _new_feed(site: Site, title: str, path: str, subtitle: str, items: list[Exemplar],
              alternate: str) -> FeedGenerator:
    s = site.settings
    fg = FeedGenerator()
    fg.id(s.site_url + path)
    fg.title(title)
    fg.subtitle(subtitle)  # also the RSS <description>
    fg.link(href=s.site_url + path, rel="self")
    fg.link(href=s.site_url + alternate, rel="alternate")  # the last link is RSS's <link>
    fg.language("vi")
    fg.author({"name": s.owner})
    fg.generator("Gương sáng", uri=None)
    fg.docs(None)
    newest = max((e.updated or e.published for e in items), default=site.now)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    return fg


def _entry(fg: FeedGenerator, site: Site, e: Exemplar) -> object:
    url = site.settings.site_url + site.exemplar_url(e)
    fe = fg.add_entry(order="append")
    fe.id(guid(e))
    fe.title(e.title)
    fe.link(href=url, rel="alternate")
    fe.published(e.published)
    fe.updated(e.updated or e.published)
    fe.author({"name": site.settings.owner})
    fe.category(term=e.field, label=site.field_label(e.field))
    for c in site.campaigns_of(e):
        fe.category(term=c.slug, label=c.title)
    return fe


def _limited(site: Site, items: Iterable[Exemplar]) -> list[Exemplar]:
    return list(items)[: site.settings.feeds_limit]


def with_stories(site: Site) -> set[str]:
    """The exemplars (ids) whose story `site_feeds` asks for: the build keeps no other."""
    wanted = {e.id for e in _limited(site, site.public)}
    for c in site.campaigns.values():
        wanted.update(e.id for e in _limited(site, site.in_campaign(c.slug)))
    return wanted


def site_feeds(site: Site, story_html: Callable[[Exemplar], str]) -> list[FeedFile]:
    """rss.xml and atom.xml of all public exemplars, and one RSS feed per campaign."""
    out = []
    items = _limited(site, site.public)
    name = site.settings.site_name
    fg = _new_feed(site, name, f"{FEED_DIR}/rss.xml",
                   f"Gương điển hình tiên tiến do {site.settings.owner} công bố", items, "")
    atom = _new_feed(site, name, f"{FEED_DIR}/atom.xml",
                     f"Gương điển hình tiên tiến do {site.settings.owner} công bố", items, "")
    for target in (fg, atom):
        for e in items:
            fe = _entry(target, site, e)
            page = site.settings.site_url + site.exemplar_url(e)
            fe.content(absolutize(story_html(e), page), type="html")
            if target is atom:
                fe.summary(e.summary, type="text")
            else:
                fe.description(as_html(e.summary))
    out.append(FeedFile(f"{FEED_DIR}/rss.xml", fg.rss_str(pretty=True)))
    out.append(FeedFile(f"{FEED_DIR}/atom.xml", atom.atom_str(pretty=True)))
    for c in site.campaigns.values():
        path = f"{FEED_DIR}/phong-trao/{c.slug}.xml"
        citems = _limited(site, site.in_campaign(c.slug))
        cf = _new_feed(site, f"{c.title} — {name}", path,
                       f"Gương điển hình trong phong trào “{c.title}”", citems,
                       f"phong-trao/{c.slug}/")
        for e in citems:
            fe = _entry(cf, site, e)
            page = site.settings.site_url + site.exemplar_url(e)
            fe.content(absolutize(story_html(e), page), type="html")
            fe.description(as_html(e.summary))
        out.append(FeedFile(path, cf.rss_str(pretty=True)))
    return out


def as_html(text: str) -> str:
    """Plain text for an RSS <description>, which readers render as HTML: a summary typed as
    `"><img src=x onerror=…>` must reach them as text, never as markup."""
    return html.escape(text, quote=False)


def _hashtag(text: str) -> str:
    return "#" + re.sub(r"[^\w]", "", text)


def caption(site: Site, e: Exemplar) -> str:
    """A Facebook post of at most 500 characters: title, summary, hashtags; the link is
    the item's own link (Facebook shows it as the preview card)."""
    tags: list[str] = []
    for c in site.campaigns_of(e):
        tags += [_hashtag(h) for h in c.hashtags]
    tags += [_hashtag(h) for h in site.settings.facebook.get("hashtags", [])]
    tags = list(dict.fromkeys(t for t in tags if len(t) > 1))
    head = f"{e.title} — {e.summary}"
    tail = " ".join(tags)
    room = CAPTION_LIMIT - (len(tail) + 2 if tail else 0)
    if len(head) > room:
        head = head[: max(room - 1, 0)].rstrip() + "…"
    return f"{head}\n\n{tail}" if tail else head


def facebook_feed(site: Site, share: Callable[[Exemplar], tuple[str, int]]) -> FeedFile:
    """One short post per exemplar; the share image as enclosure and media:content."""
    path = f"{FEED_DIR}/facebook.xml"
    items = _limited(site, site.public)
    fg = _new_feed(site, f"{site.settings.site_name} — Facebook", path,
                   "Bài đăng ngắn cho trang Facebook/Zalo", items, "")
    fg.load_extension("media")
    for e in items:
        fe = _entry(fg, site, e)
        fe.description(as_html(caption(site, e)))
        image, size = share(e)
        fe.enclosure(image, str(size), "image/jpeg")
        fe.media.content({"url": image, "type": "image/jpeg", "medium": "image",
                          "width": "1200", "height": "630"})
    return FeedFile(path, fg.rss_str(pretty=True))


def radio_feed(site: Site, audio_size: Callable[[Exemplar], int]) -> list[FeedFile]:
    """Scripts ready to read on air (one .txt each) and a feed of them, with the recorded
    broadcast as an enclosure where the profile has one."""
    options = RadioOptions.from_settings(site.settings.radio)
    station = site.settings.radio.get("station") or site.settings.site_name
    path = f"{FEED_DIR}/radio.xml"
    items = _limited(site, site.public)
    fg = _new_feed(site, f"{station} — Gương sáng quanh ta", path,
                   f"Kịch bản phát thanh về gương điển hình tiên tiến của {site.settings.owner}",
                   items, "")
    fg.load_extension("podcast")
    fg.podcast.itunes_author(site.settings.owner)
    fg.podcast.itunes_category("Government")
    out = []
    in_feed = {e.id for e in items}
    for e in site.public:
        script = script_for(e, options)
        out.append(FeedFile(f"{FEED_DIR}/radio/{e.slug}.txt", (script + "\n").encode("utf-8")))
        if e.id not in in_feed:
            continue
        fe = _entry(fg, site, e)
        fe.description(as_html(script))
        seconds = script_seconds(e, options)
        fe.podcast.itunes_subtitle(f"Kịch bản đọc khoảng {duration_label(seconds)}")
        fe.podcast.itunes_summary(e.summary)
        audio = e.public_audio
        if audio is not None:
            url = site.settings.site_url + "media/" + audio.media.rel
            kind = AUDIO_TYPES[audio.media.path.suffix.lower()]
            fe.enclosure(url, str(audio_size(e)), kind)
            if audio.duration:
                fe.podcast.itunes_duration(audio.duration)
    out.insert(0, FeedFile(path, fg.rss_str(pretty=True)))
    return out


def feed_links(site: Site) -> list[tuple[str, str]]:
    """(title, path from the site root) of the site-wide feeds, for <link rel="alternate">."""
    name = site.settings.site_name
    return [(f"{name} (RSS)", f"{FEED_DIR}/rss.xml"), (f"{name} (Atom)", f"{FEED_DIR}/atom.xml")]


def newest(items: list[Exemplar], now: dt.datetime) -> dt.datetime:
    return max((e.updated or e.published for e in items), default=now)
