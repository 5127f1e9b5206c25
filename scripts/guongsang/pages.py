"""The site's pages and assets as a plan: what to publish at which address (spec section 6).

Only `Site.public` exemplars get pages, listings and photos. A withdrawn profile keeps
its address with a neutral notice; an embargoed, draft or review profile gets nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

from . import images, schema_docs, stats
from .images import PhotoSet
from .load import Source
from .meta import share_path
from .model import Campaign, Exemplar, Photo
from .radio import RadioOptions, script_seconds
from .site import Group, Site


class Later(Sequence):
    """A list worked out when a template first reads it: on a rebuild most pages come
    whole from the page cache, and a page being rendered is in a worker process."""

    def __init__(self, make: Callable[[], Sequence]) -> None:
        self._make = make
        self._items: tuple | None = None

    def _get(self) -> tuple:
        if self._items is None:
            self._items = tuple(self._make())
        return self._items

    def __getitem__(self, i):
        return self._get()[i]

    def __len__(self) -> int:
        return len(self._get())


@dataclass
class PageSpec:
    """One generated MkDocs page. `markdown` is the editor's text, rendered by MkDocs and
    sanitised; `template` wraps it with what the model knows."""

    src_uri: str
    template: str
    title: str
    description: str = ""
    markdown: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    noindex: bool = False
    lastmod: str = ""
    share: str = ""  # share image path; the site's default when empty

    @property
    def url(self) -> str:
        path = PurePosixPath(self.src_uri)
        if path.name == "index.md":
            return "" if str(path.parent) == "." else f"{path.parent}/"
        return f"{path.with_suffix('')}/"


@dataclass
class Asset:
    """A non-page output file; `make` is called only when the file is written. One that is
    already a file (a cached image, a recording) gives its `path`: the build places it, and
    never holds thousands of images in memory. `cached`: the file belongs to the image cache
    (read-only, never rewritten), so the site may link to it instead of copying it; an
    editor's recording is always copied."""

    dest: str
    make: Callable[[], bytes | str]
    path: Path | None = None
    cached: bool = False


SITE_SHARE = "share/site.jpg"
GUIDE_URI = "huong-dan-bien-tap/index.md"


def _exemplar_share(site: Site, e: Exemplar) -> tuple:
    campaigns = "; ".join(c.name for c in site.campaigns_of(e))
    return (e.title, f"Gương điển hình tiên tiến · {e.kind_label}",
            (f"Phong trào: {campaigns}" if campaigns else site.field_label(e.field),
             e.locality), site.settings.owner, e.kind)


def _campaign_share(site: Site, c: Campaign) -> tuple:
    return (c.title, "Phong trào thi đua", (f"Giai đoạn {c.start}–{c.end} · {c.lead} chủ trì",),
            site.settings.owner, "campaign")


def photo_sets(site: Site) -> dict[str, PhotoSet]:
    """The published copies of every photo a public page shows, by `media.rel`."""
    out: dict[str, PhotoSet] = {}
    for e in site.public:
        photo = e.public_photo
        if photo is not None and photo.media.rel not in out:
            out[photo.media.rel] = images.photo_set(photo)
    return out


def plan(site: Site, free_pages: list[Source], photos: dict[str, PhotoSet],
         cache: images.Cache) -> tuple[list[PageSpec], list[Asset], list[images.Job]]:
    """Pages, assets and the share images to draw (as cache jobs) for the whole site.
    Photo assets read `cache`, which must hold every entry of `photos` when they are made."""
    pages: list[PageSpec] = []
    assets: dict[str, Asset] = {}
    jobs: list[images.Job] = []
    owner = site.settings.owner

    def share_asset(dest: str, args: tuple, photo: Photo | None = None) -> None:
        job = cache.share_job(args, photos[photo.media.rel] if photo else None)
        jobs.append(job)
        assets[dest] = Asset(dest, lambda: cache.read(job.key, "share.jpg"),
                             cache.entry(job.key) / "share.jpg", cached=True)

    pages.append(PageSpec("index.md", "home.html", site.settings.site_name,
                          f"Gương điển hình tiên tiến do {owner} công bố.",
                          context={"latest": site.public[:12]}))

    radio = RadioOptions.from_settings(site.settings.radio)
    for e in site.public:
        photo = e.public_photo
        if photo is not None:
            ps = photos[photo.media.rel]
            for v in ps.variants:
                assets.setdefault(v.dest, Asset(v.dest, path=cache.entry(ps.key) / v.name,
                                                make=lambda k=ps.key, n=v.name:
                                                cache.read(k, n), cached=True))
        audio = e.public_audio
        if audio is not None:
            dest = "media/" + audio.media.rel
            assets.setdefault(dest, Asset(dest, audio.media.path.read_bytes, audio.media.path))
        share = share_path("dien-hinh", e.slug)
        share_asset(share, _exemplar_share(site, e), photo)
        pages.append(PageSpec(
            f"dien-hinh/{e.slug}.md", "exemplar.html", e.title, e.summary,
            markdown=e.body if e.consented("story") else "",
            context={"e": e, "related": Later(lambda e=e: site.related(e)),
                     # Asked when the page is rendered: the script may still be in the making.
                     "radio_seconds": lambda e=e: script_seconds(e, radio)},
            lastmod=(e.updated or e.published).date().isoformat(), share=share))

    for e in site.withdrawn:
        pages.append(PageSpec(f"dien-hinh/{e.slug}.md", "withdrawn.html",
                              "Nội dung không còn được công bố", noindex=True))

    _redirects(site, assets)

    pages.append(PageSpec("phong-trao/index.md", "campaigns.html", "Phong trào thi đua",
                          "Các phong trào thi đua và gương điển hình tiên tiến."))
    for c in site.campaigns.values():
        share = share_path("phong-trao", c.slug)
        share_asset(share, _campaign_share(site, c))
        pages.append(PageSpec(f"phong-trao/{c.slug}.md", "campaign.html", c.title,
                              f"Phong trào “{c.title}” do {c.lead} chủ trì, giai đoạn "
                              f"{c.start}–{c.end}.", markdown=c.body,
                              context={"c": c, "items": site.in_campaign(c.slug)}, share=share))
    share_asset(SITE_SHARE, (site.settings.site_name, "Gương điển hình tiên tiến",
                             (f"{len(site.public)} gương điển hình được công bố",),
                             site.settings.owner, "campaign"))

    for name, title, groups in (("linh-vuc", "Lĩnh vực", site.by_field),
                                ("dia-ban", "Địa bàn", site.by_locality),
                                ("nam", "Năm được công nhận", site.by_year),
                                ("loai", "Loại", site.by_kind_groups),
                                ("phong-trao", "Phong trào thi đua", site.by_campaign)):
        if name != "phong-trao":
            pages.append(PageSpec(f"{name}/index.md", "groups.html", title,
                                  f"Gương điển hình tiên tiến theo {title.lower()}.",
                                  context={"groups": groups, "heading": title}))
        for g in groups:
            pages += _paginated(g, title, f"{name}/")

    pages.append(PageSpec("thong-ke/index.md", "stats.html", "Thống kê",
                          "Số gương điển hình theo năm, lĩnh vực, loại; khen thưởng; tiến độ "
                          "phong trào.", context={
                              "chart": Markup(stats.years_chart(site)),
                              "totals": stats.year_totals(site),
                              "rows": stats.year_field_rows(site),
                              "award_years": stats.awards_by_level(site)[0],
                              "award_rows": stats.awards_by_level(site)[1],
                              "empty": stats.empty_localities(site)}))
    for dest, make in (("thong-ke/thong-ke.csv", stats.year_field_csv),
                       ("thong-ke/tien-do-phong-trao.csv", stats.progress_csv)):
        assets[dest] = Asset(dest, lambda make=make: make(site).encode("utf-8"))

    pages.append(PageSpec("tim-kiem/index.md", "search.html", "Tìm kiếm",
                          "Tìm gương điển hình tiên tiến, có dấu hoặc không dấu.",
                          context={"filters": search_filters(site)}))

    if site.settings.prints.any:
        from . import prints

        pages.append(PageSpec(
            "tai-lieu/index.md", "downloads.html", "Tài liệu in và màn hình",
            "Sổ tay PDF theo phong trào và theo năm, áp phích A3, ảnh và trang trình chiếu cho "
            "màn hình LED.", context={
                "campaigns": [(f"tai-lieu/{g.key}.pdf", site.campaigns[g.key], len(g.exemplars))
                              for g in site.by_campaign],
                "years": [(f"tai-lieu/{g.key}.pdf", g.key, len(g.exemplars))
                          for g in site.by_year],
                "latest": site.public[:prints.SCREEN_LATEST],
                "seconds": prints.SCREEN_SECONDS}))

    for src in free_pages:
        slug = PurePosixPath(src.rel).stem
        title = (src.data or {}).get("title") or slug.replace("-", " ").capitalize()
        pages.append(PageSpec(f"{slug}.md", "page.html", str(title), markdown=src.body))
    # For editors, not readers: out of the nav, the sitemap and search.
    pages.append(PageSpec(GUIDE_URI, "guide.html", "Hướng dẫn biên tập",
                          markdown=schema_docs.guide(), noindex=True))
    return pages, sorted(assets.values(), key=lambda a: a.dest), jobs


PER_PAGE = 24
AROUND = 2  # pages linked on each side of the current one


def page_window(current: int, count: int, around: int = AROUND) -> list[int | None]:
    """The page numbers a listing links to: the first, the last and `around` on each side of
    `current`; None where a run of pages is left out ("…"). A gap of one page shows the page.
    Every page linking to every other costs its group's size squared (a year of a national
    site has hundreds of pages), and a phone cannot show a hundred links anyway."""
    shown = sorted({1, count} | set(range(max(1, current - around),
                                           min(count, current + around) + 1)))
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] == 2:  # type: ignore[operator]
            out.append(n - 1)
        elif out and n - out[-1] > 2:  # type: ignore[operator]
            out.append(None)
        out.append(n)
    return out


def _paginated(g: Group, section: str, section_url: str) -> list[PageSpec]:
    """A browse group as pages of PER_PAGE cards: <url>, <url>trang/2/, …, newest first."""
    chunks = [g.exemplars[i:i + PER_PAGE] for i in range(0, len(g.exemplars), PER_PAGE)] or [()]
    urls = [g.url] + [f"{g.url}trang/{n}/" for n in range(2, len(chunks) + 1)]
    out = []
    for n, (items, url) in enumerate(zip(chunks, urls, strict=True), start=1):
        title = g.label if n == 1 else f"{g.label} — trang {n}"
        out.append(PageSpec(
            f"{url}index.md",
            "group.html", title, f"{len(g.exemplars)} gương điển hình: {g.label}.",
            context={"group": g, "items": items, "section": section,
                     "section_url": section_url, "page_no": n, "page_urls": urls,
                     "pages_shown": page_window(n, len(urls))}))
    return out


def search_filters(site: Site) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, label, [(value, label)]) of the search page's filters."""
    pub = site.public
    fields = [(k, v) for k, v in site.settings.fields.items() if any(e.field == k for e in pub)]
    campaigns = [(c.slug, c.title) for c in site.campaigns.values() if site.in_campaign(c.slug)]
    return [("field", "Lĩnh vực", fields), ("campaign", "Phong trào", campaigns),
            ("locality", "Địa bàn", [(g.key, g.label) for g in site.by_locality]),
            ("year", "Năm", [(g.key, g.key) for g in site.by_year]),
            ("kind", "Loại", [(k, label) for k, label, _items in site.by_kind(pub)])]


def _redirects(site: Site, assets: dict[str, Asset]) -> None:
    """Old addresses (aliases) keep working: a small page that sends readers on."""
    base = site.settings.site_url
    targets: list[tuple[str, Exemplar]] = [(a, e) for e in site.public for a in e.aliases]
    targets += [(a, e) for e in site.withdrawn for a in e.aliases]
    for alias, e in targets:
        dest = f"dien-hinh/{alias}/index.html"
        target = f"../{e.slug}/"
        canonical = f"{base}dien-hinh/{e.slug}/"
        html = _REDIRECT.format(target=target, canonical=canonical)
        assets.setdefault(dest, Asset(dest, lambda html=html: html))


_REDIRECT = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Đã chuyển địa chỉ</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>Trang này đã chuyển sang <a href="{target}">địa chỉ mới</a>.</p>
</body>
</html>
"""
