"""Print and screen outputs, made from the same public profiles as the pages:

- `tai-lieu/<campaign>.pdf`, `tai-lieu/<year>.pdf`: booklets (cover, contents, one or two pages
  per exemplar with photo, story, awards and a QR code to its page, page numbers);
- `tai-lieu/ap-phich/<slug>.pdf`: an A3 poster per exemplar, for a print shop;
- `man-hinh/<slug>.png`: a 1920×1080 slide per exemplar, and `man-hinh/` — a full-screen page
  for a commune hall's LED screen that cycles through the latest slides, offline once loaded.

Only `Site.public` exemplars and only consented details reach them. Every document is a job of
a disk cache (`.cache/guongsang/print/`) keyed by a hash of everything it shows and of the code
that draws it: a rebuild with nothing changed makes none, a changed profile remakes its own
poster and slide and the booklets it is in, on all cores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import pdf
from .images import Job, PhotoSet
from .model import Award, Exemplar
from .schema import KINDS
from .site import Site
from .story import print_blocks, public_story

HERE = Path(__file__).parent
SCREEN_LATEST = 12  # slides the LED page cycles through
SCREEN_SECONDS = 12  # default time per slide; `man-hinh/?giay=20` changes it
MAX_EXEMPLAR_PAGES = 2  # a booklet gives each exemplar one or two pages
# A printed booklet of a province's thousands of profiles would be neither read nor printed
# (nor made in reasonable time and memory): it carries the newest ones and says where the
# rest are.
BOOKLET_MAX = 100


@cache
def _code_version() -> str:
    """Changing how documents are drawn must never serve stale cache entries."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    names = ["prints.py", "pdf.py", "slides.py", "share.py", "story.py", "radio.py"]
    names += sorted(p.relative_to(HERE).as_posix()
                    for p in (HERE / "templates" / "print").glob("*"))
    for name in names:
        digest.update((HERE / name).read_bytes())
    for package in ("weasyprint", "pillow", "segno", "pydyf"):
        digest.update(version(package).encode())
    return digest.hexdigest()[:16]


def _key(kind: str, payload: object) -> str:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{_code_version()}\x00{kind}\x00{data}".encode()).hexdigest()


@cache
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("guongsang", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _render(template: str, **context: object) -> str:
    return _env().get_template(template).render(font_css=pdf.FONT_CSS,
                                                font_family=pdf.FONT_FAMILY, **context)


# ------------------------------------------------------------------ what a profile shows

LEVEL_ISSUERS = {  # when an award's title does not name who gave it ("… của Chủ tịch UBND …")
    "national": "Chủ tịch nước / Thủ tướng Chính phủ",
    "ministry": "Bộ, ban, ngành trung ương",
    "province": "Chủ tịch UBND cấp tỉnh",
    "district": "Chủ tịch UBND cấp huyện",
    "commune": "Chủ tịch UBND cấp xã",
    "unit": "Thủ trưởng cơ quan, đơn vị",
}


def award_issuer(a: Award) -> str:
    """Who issued an award: named in its title after 'của' ('Bằng khen của Chủ tịch UBND
    tỉnh' → 'Chủ tịch UBND tỉnh'), else the usual issuer of its level."""
    title = a.title
    if " của " in title:
        return title.split(" của ", 1)[1].strip()
    return LEVEL_ISSUERS.get(a.level, a.level_label)


def awards(e: Exemplar) -> list[dict[str, str]]:
    return [{"year": str(a.date.year) if a.date else "", "title": a.title,
             "decision": a.decision, "issuer": award_issuer(a), "level": a.level_label}
            for a in e.visible_awards]


def profile_url(site: Site, e: Exemplar) -> str:
    return site.settings.site_url + site.exemplar_url(e)


def facts(site: Site, e: Exemplar) -> list[str]:
    """The short facts line: only details inside the consent (the model's properties)."""
    out = [e.locality]
    if e.unit:
        out.append(e.unit)
    if e.position:
        out.append(e.position)
    if e.birth_year:
        out.append(f"Sinh năm {e.birth_year}")
    if e.hometown:
        out.append(f"Quê quán: {e.hometown}")
    out.append(site.field_label(e.field))
    out.append(f"Năm được công nhận: {e.year}")
    return out


def _day(value: dt.datetime | dt.date | None) -> str:
    return value.date().isoformat() if isinstance(value, dt.datetime) else (
        value.isoformat() if value else "")


def card(site: Site, e: Exemplar, photos: dict[str, PhotoSet], width: int) -> dict:
    """Plain data (picklable, hashable as JSON) that every printed layout of `e` reads. QR
    codes are drawn in the worker from `url` (12 ms each: a warm build must not pay it)."""
    photo = e.public_photo
    src = ""
    if photo is not None:
        ps = photos[photo.media.rel]
        src = f"gs-photo:{ps.key}/{ps.at_least(width).name}"
    url = profile_url(site, e)
    return {
        "slug": e.slug, "title": e.title, "kind": e.kind, "kind_label": e.kind_label,
        "locality": e.locality, "summary": e.summary, "one_line": one_line(e.summary),
        "facts": facts(site, e), "campaigns": [c.title for c in site.campaigns_of(e)],
        "photo": src, "photo_alt": photo.alt if photo else "", "art": f"gs-art:{e.kind}",
        "url": url, "awards": awards(e),
        "published": _day(e.published), "modified": _day(e.updated or e.published),
    }


def one_line(summary: str, limit: int = 150) -> str:
    """A poster's line: the summary, or its first sentence when it is long."""
    if len(summary) <= limit:
        return summary
    first = summary.split(". ")[0].split("; ")[0].rstrip(".;")
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        return first + "…"
    return first + "."


# ------------------------------------------------------------------ job functions (workers)


def render_booklet(ctx: dict, photos: str) -> dict[str, bytes]:
    """A booklet; a story too long for two pages is shortened (paragraphs from the end, with a
    pointer to the full text online) until every exemplar fits in MAX_EXEMPLAR_PAGES."""
    # Drawn here, not when planning: a warm build must not pay for QR codes (12 ms each) or
    # for reading 800-word stories it will not lay out.
    items = [{**e, "qr": pdf.qr_svg(e["url"]),
              "story": print_blocks(e["story"])} for e in ctx["items"]]
    ctx = {**ctx, "cover_qr": pdf.qr_svg(ctx["cover_url"])}
    keep = {e["slug"]: len(e["story"]) for e in items}
    doc = None
    for _round in range(6):
        shown = [{**e, "keep": keep[e["slug"]]} for e in items]
        doc = pdf.document(_render("print/booklet.html", **{**ctx, "items": shown}),
                           Path(photos))
        over = [s for s in _overflowing(doc, [e["slug"] for e in items]) if keep[s] > 0]
        if not over:
            break
        for slug in over:
            keep[slug] = keep[slug] * 2 // 3
    return {"doc.pdf": pdf.write(doc)}


def _overflowing(doc, slugs: list[str]) -> list[str]:
    first: dict[str, int] = {}
    for number, page in enumerate(doc.pages):
        for anchor in page.anchors:
            first.setdefault(anchor, number)
    return [s for s in slugs if f"e-{s}" in first and f"end-{s}" in first
            and first[f"end-{s}"] - first[f"e-{s}"] + 1 > MAX_EXEMPLAR_PAGES]


def render_poster(ctx: dict, photos: str) -> dict[str, bytes]:
    ctx = {**ctx, "e": {**ctx["e"], "qr": pdf.qr_svg(ctx["e"]["url"])}}
    return {"doc.pdf": pdf.render(_render("print/poster.html", **ctx), photos)}


def render_slide(args: tuple, photo: str | None) -> dict[str, bytes]:
    from .slides import slide

    return {"slide.png": slide(*args, photo=Path(photo) if photo else None)}


# ------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Output:
    """A file of the built site: a cache entry's file (`key`, `name`) or literal `data`."""

    dest: str
    key: str = ""
    name: str = ""
    data: bytes = b""


def poster_path(e: Exemplar) -> str:
    return f"tai-lieu/ap-phich/{e.slug}.pdf"


def slide_path(e: Exemplar) -> str:
    return f"man-hinh/{e.slug}.png"


def booklets(site: Site) -> list[tuple[str, str, str, tuple[Exemplar, ...]]]:
    """(address, campaign slug or year, "campaign" or "year", exemplars) of every booklet."""
    out = [(f"tai-lieu/{g.key}.pdf", g.key, "campaign", g.exemplars) for g in site.by_campaign]
    out += [(f"tai-lieu/{g.key}.pdf", g.key, "year", g.exemplars) for g in site.by_year]
    return out


def _by_kind(items: tuple[Exemplar, ...]) -> list[Exemplar]:
    order = list(KINDS)
    return sorted(items, key=lambda e: order.index(e.kind))  # stable: newest first within


def plan(site: Site, photos: dict[str, PhotoSet], image_root: Path
         ) -> tuple[list[Output], list[Job]]:
    """Every print and screen file of the site, and the cache jobs that make them."""
    opts = site.settings.prints
    owner = site.settings.owner
    outputs: list[Output] = []
    jobs: list[Job] = []
    root = str(image_root)

    def job(dest: str, kind: str, func, ctx: dict) -> None:
        # The key is what the document shows; the image cache's folder is left out of it, so
        # moving the site keeps its cache.
        key = _key(kind, ctx)
        jobs.append(Job(key, func, (ctx, root)))
        outputs.append(Output(dest, key, "doc.pdf"))

    if opts.booklets:
        width = 1600 if opts.paper == "A4" else 1024
        cards: dict[str, dict] = {}  # an exemplar is in several booklets: read it once
        for dest, which, kind, items in booklets(site):
            ctx = _booklet_context(site, which, kind, _by_kind(items[:BOOKLET_MAX]), photos,
                                   width, cards, total=len(items))
            job(dest, "booklet", render_booklet, ctx)
    for e in site.public:
        if opts.posters:
            ctx = {"e": card(site, e, photos, 1600), "owner": owner,
                   "site_name": site.settings.site_name, "kicker": "Gương điển hình tiên tiến",
                   "title_pt": _poster_title_pt(e.title),
                   "created": _day(e.published), "modified": _day(e.updated or e.published)}
            job(poster_path(e), "poster", render_poster, ctx)
        if opts.slides:
            photo = e.public_photo
            ps = photos[photo.media.rel] if photo else None
            args = (e.title, e.kind, f"{e.kind_label} · {e.locality}", e.summary,
                    "; ".join(c.name for c in site.campaigns_of(e)), profile_url(site, e), owner)
            # the largest copy: a 1080 px tall panel cut from a landscape photo needs it all
            source = str(image_root / ps.key[:2] / ps.key / ps.largest.name) if ps else None
            key = _key("slide", [args, ps.key if ps else ""])
            jobs.append(Job(key, render_slide, (args, source)))
            outputs.append(Output(slide_path(e), key, "slide.png"))
    if opts.slides:
        outputs.append(Output("man-hinh/index.html",
                              data=screen_page(site, site.public[:SCREEN_LATEST]).encode()))
    return outputs, jobs


def _poster_title_pt(title: str) -> int:
    n = len(title)
    return 64 if n <= 18 else 54 if n <= 28 else 44 if n <= 44 else 36


def _booklet_context(site: Site, which: str, kind: str, items: list[Exemplar],
                     photos: dict[str, PhotoSet], width: int, cards: dict[str, dict],
                     total: int = 0) -> dict:
    s = site.settings
    if kind == "campaign":
        c = site.campaigns[which]
        title = c.title
        kicker = "Gương điển hình tiên tiến trong phong trào thi đua"
        lines = [f"Cơ quan chủ trì: {c.lead}", f"Giai đoạn {c.start}–{c.end}"]
        cover_url = f"{s.site_url}phong-trao/{c.slug}/"
    else:
        title = f"Năm {which}"
        kicker = "Gương điển hình tiên tiến được công nhận"
        cover_url = f"{s.site_url}nam/{which}/"
        lines = []
    counts = [f"{sum(1 for e in items if e.kind == k)} {label.lower()}"
              for k, label in KINDS.items() if any(e.kind == k for e in items)]
    lines.append(f"{len(items)} gương điển hình: " + ", ".join(counts))
    if total > len(items):
        lines.append(f"Sổ tay in {len(items)} gương được công bố gần đây nhất trong tổng số "
                     f"{total}; xem đầy đủ tại {cover_url}")
    for e in items:
        if e.id not in cards:
            cards[e.id] = card(site, e, photos, width)
            cards[e.id]["story"] = public_story(e)  # Markdown; made plain text in the worker
    published = [e.published for e in items if e.published]
    modified = [e.updated or e.published for e in items if e.published]
    return {"paper": s.prints.paper, "title": title, "kicker": kicker, "lines": lines,
            "owner": s.owner, "site_name": s.site_name, "cover_url": cover_url,
            "items": [cards[e.id] for e in items],
            "created": _day(min(published)) if published else "",
            "modified": _day(max(modified)) if modified else ""}


# ------------------------------------------------------------------ the LED screen page


def screen_page(site: Site, items: tuple[Exemplar, ...]) -> str:
    """A self-contained page (no theme, no outside address): every slide is an <img> loaded
    with the page, so the screen keeps cycling when the network drops. Without JavaScript the
    first slide stays on screen. Once an hour it reloads — only if the site answers."""
    slides = "\n".join(
        f'<img class="s" src="{html.escape(e.slug)}.png" width="1920" height="1080" '
        f'alt="{html.escape(e.title)}: {html.escape(e.summary)}">' for e in items)
    title = html.escape(f"Màn hình — {site.settings.site_name}")
    empty = "" if items else '<p class="empty">Chưa có gương điển hình nào được công bố.</p>'
    return _SCREEN.replace("{title}", title).replace("{slides}", slides + empty).replace(
        "{seconds}", str(SCREEN_SECONDS))


_SCREEN = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<style>
html, body { margin: 0; height: 100%; background: #000; overflow: hidden; cursor: none; }
#show { position: relative; width: 100%; height: 100%; }
.s { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain;
     opacity: 0; transition: opacity .8s ease-in-out; }
.s:first-child, .on .s.cur { opacity: 1; }
.on .s:first-child:not(.cur) { opacity: 0; }
.empty { color: #fff; font: 4vh sans-serif; text-align: center; padding-top: 45vh; margin: 0; }
</style>
</head>
<body>
<div id="show">
{slides}
</div>
<script>
(function () {
  var show = document.getElementById("show");
  var slides = show.querySelectorAll(".s");
  var m = /[?&]giay=(\\d+)/.exec(location.search);
  var seconds = Math.min(300, Math.max(4, m ? +m[1] : {seconds}));
  var i = 0;
  if (slides.length > 1) {
    slides[0].classList.add("cur");
    show.classList.add("on");
    setInterval(function () {
      slides[i].classList.remove("cur");
      i = (i + 1) % slides.length;
      slides[i].classList.add("cur");
    }, seconds * 1000);
  }
  setInterval(function () {
    if (!window.fetch) return;
    fetch(location.pathname, {method: "HEAD", cache: "no-store"}).then(function (r) {
      if (r.ok) location.reload();
    }).catch(function () {});
  }, 3600 * 1000);
})();
</script>
</body>
</html>
"""
