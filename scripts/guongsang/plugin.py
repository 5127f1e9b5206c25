"""The MkDocs plugin: a thin adapter from MkDocs' events to load → validate → site → outputs."""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import (
    Future,
    ThreadPoolExecutor,
)
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import (
    admin,
    atomic,
    bytecode,
    feeds,
    htmlcache,
    images,
    incremental,
    media,
    meta,
    navcache,
    packs,
    pagecache,
    pagepool,
    prints,
    radio,
    relurl,
    reuse,
    search,
    timing,
)
from . import pages as pages_mod
from .collect import collect_less
from .config import read_site
from .model import Exemplar
from .render import Renderer, sanitize
from .site import Site, build_time
from .validate import (
    CACHE_DIR,
    Content,
    load_content,
    radio_length_problems,
    take_preloaded,
)

log = logging.getLogger("mkdocs.plugins.guongsang")
THEME_DIR = Path(__file__).parent / "mkdocs_theme"
CONTENT_FOLDERS = ("exemplars/", "campaigns/", "media/", "pages/")
# Set by `guongsang serve --drafts`; honoured only by `serve`, never by a build.
PREVIEW_ENV = "GUONGSANG_PREVIEW_DRAFTS"
IMAGE_CACHE = f"{CACHE_DIR}/images"  # beside mkdocs.yml, like Material's own plugin caches
PRINT_CACHE = f"{CACHE_DIR}/print"
PACKS = f"{CACHE_DIR}/packs"  # finished pages and converted stories (see `packs`)
SEARCH_CACHE = f"{CACHE_DIR}/search"
TEMPLATE_CACHE = f"{CACHE_DIR}/templates"  # compiled Jinja templates (see `bytecode`)
# Our pages get this empty template in MkDocs' own loop (MkDocs then writes nothing):
# `pagepool` renders them on all cores.
DEFERRED_TEMPLATE = "guongsang-deferred.html"


class _DeferredPages(logging.Filter):
    """MkDocs says "Page skipped" for every page it leaves to `pagepool`: not news."""

    def __init__(self) -> None:
        super().__init__()
        self.src_uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        return not (msg.startswith("Page skipped: '")
                    and msg[len("Page skipped: '"):].split("'", 1)[0] in self.src_uris)


_DEFERRED = _DeferredPages()
logging.getLogger("mkdocs.commands.build").addFilter(_DEFERRED)


class GuongSangConfig(Config):
    # Declared loosely: `validate.check_settings` checks them, with lines and Vietnamese hints.
    owner = c.Optional(c.Type(str))
    localities = c.Optional(c.Type(list))
    fields = c.Optional(c.Type(dict))
    radio = c.Optional(c.Type(dict))
    facebook = c.Optional(c.Type(dict))
    feeds = c.Optional(c.Type(dict))
    print = c.Optional(c.Type(dict))
    timezone = c.Optional(c.Type(str))
    admin = c.Optional(c.Type(dict))


class GuongSangPlugin(BasePlugin[GuongSangConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.raw_options: dict[str, Any] = {}
        self.site: Site | None = None
        self.content: Content | None = None
        self.specs: dict[str, pages_mod.PageSpec] = {}
        self.renderer: Renderer | None = None
        self.stories: dict[str, str] = {}  # exemplar id → sanitised story HTML, for the feeds
        self.free_html: list[tuple[str, str, str]] = []  # (url, title, html) for the index
        self.words: dict[str, str] = {}  # exemplar id → `search.story_words`
        self.feed_stories: set[str] = set()  # ids of the exemplars whose story a feed shows
        self.photos: dict[str, images.PhotoSet] = {}
        self.image_report = ""  # made/reused counts of the image cache, for `guongsang build`
        self.image_counts: dict[str, list[int]] = {}
        self.html_cache: htmlcache.HtmlCache | None = None
        self.html_keys: dict[str, str] = {}  # src_uri → key, for pages whose HTML is kept
        self.html_hits: dict[str, dict] = {}  # src_uri → entry found in the cache
        self.in_worker = False  # True while `pagepool` renders our pages
        self.last_story: str | None = None  # the story of the page `pagepool` just rendered
        self.page_run: pagepool.Run | None = None
        self.nav = None  # MkDocs' navigation, which the page workers render into every page
        # (file, where it goes in the site, whether it is the image cache's: see `place`)
        self.copies: list[tuple[Path, str, bool]] = []
        self.copying: ThreadPoolExecutor | None = None
        self.copied: list = []
        self.last_job: pagepool.Job | None = None  # `serve`: what showing an edit needs
        self.snapshot: incremental.Snapshot | None = None  # `serve`: the files as last built
        self.pages_started = 0.0
        self.command = "build"  # MkDocs tells us in on_startup; drafts show only in "serve"
        self.preview_ids: frozenset[str] = frozenset()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):
        self.raw_options = dict(options)
        errors, warnings = super().load_config(options, config_file_path)
        # Unknown keys are our errors (reported with a line in on_config), not MkDocs warnings.
        warnings = [w for w in warnings if w[0] in self.config_scheme_keys()]
        return errors, warnings

    def config_scheme_keys(self) -> set[str]:
        return {name for name, _ in self.config_scheme}

    # ------------------------------------------------------------------ config

    def on_config(self, config):
        relurl.install()  # the same addresses, each worked out once per depth
        collect_less()  # a plain `mkdocs build` too
        config_file = Path(config.config_file_path or "mkdocs.yml")
        site_in = read_site(config_file) if config_file.is_file() else None
        user_theme = site_in.raw.get("theme") if site_in else None
        if not (isinstance(user_theme, dict) and "font" in user_theme):
            config.theme["font"] = False  # Material would fetch Roboto from Google otherwise
        if not config.theme.get("language") or config.theme["language"] == "en":
            config.theme["language"] = "vi"
        custom = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(custom, str(THEME_DIR))
        if "tables" not in config.markdown_extensions:  # the editors' guide has tables
            config.markdown_extensions.append("tables")
        if "assets/guongsang.css" not in config.extra_css:
            config.extra_css.append("assets/guongsang.css")
        if config.nav is None:
            config.nav = [{"Trang chủ": "index.md"}, {"Phong trào": "phong-trao/index.md"},
                          {"Lĩnh vực": "linh-vuc/index.md"}, {"Địa bàn": "dia-ban/index.md"},
                          {"Năm": "nam/index.md"}, {"Thống kê": "thong-ke/index.md"},
                          {"Tìm kiếm": "tim-kiem/index.md"}]
            if _prints_wanted(site_in.options if site_in else self.raw_options):
                config.nav.insert(-1, {"Tài liệu": "tai-lieu/index.md"})
            self._add_free_pages_to_nav(config)
        # Profiles are deliberately kept out of the nav (Material renders the whole nav
        # into every page: quadratic in the number of pages).
        config.validation.nav.omitted_files = logging.DEBUG
        self.site_root = config_file.parent.resolve()
        self.site_in = site_in
        self.renderer = Renderer(self.site_root)
        bytecode.install(self.renderer.env, self.site_root / TEMPLATE_CACHE / "guongsang")
        self.renderer.env.auto_reload = self.command == "serve"  # see on_env
        return config

    def _add_free_pages_to_nav(self, config) -> None:
        folder = Path(config.docs_dir) / "pages"
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            config.nav.append(f"{path.stem}.md")

    # ------------------------------------------------------------------ content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_pre_build(self, config) -> None:
        self._load(config)

    def _load(self, config) -> None:
        site_in = self.site_in
        use_file = site_in is not None and site_in.error is None
        options = site_in.options if use_file else self.raw_options
        content = take_preloaded(Path(config.docs_dir))
        if content is None:
            content = load_content(
                self.site_root, Path(config.docs_dir), options, config.site_url,
                config.site_name, config_file=Path(config.config_file_path or "mkdocs.yml").name,
                options_line=site_in.options_line if use_file else 0, radio_scripts="skip",
                later=True)
            for p in content.problems.warnings:  # `guongsang build` has printed them already
                log.warning(p.format())
        self.content = content  # its `finish` is left for `_outputs`
        if content.problems.errors:
            content.finish()
            raise PluginError("Nội dung có lỗi, không xuất bản trang nào:\n"
                              + content.problems.report())
        assert content.settings is not None  # no errors implies settings are complete
        exemplars = content.exemplars
        if self.command == "serve" and os.environ.get(PREVIEW_ENV) == "1":
            exemplars, self.preview_ids = preview(exemplars, build_time(content.settings.tz))
            log.warning(f"XEM TRƯỚC: {len(self.preview_ids)} hồ sơ chưa công bố được hiện kèm "
                        "nhãn “BẢN NHÁP”; trang này không bao giờ được xuất bản.")
        self.site = Site(content.settings, exemplars, content.campaigns)
        self.free_pages = content.pages
        # `serve` keeps this plugin between builds
        self.stories, self.free_html, self.words = {}, [], {}
        self.feed_stories = feeds.with_stories(self.site)

    def on_files(self, files: Files, config) -> Files:
        if self.site is None:
            self._load(config)
        if self.renderer is not None:
            self.renderer.forget()
        for f in list(files):
            if f.src_uri.startswith(CONTENT_FOLDERS) or f.src_uri == "index.md":
                files.remove(f)
        # Photos first: share images are cut from their cleaned copies.
        cache = images.Cache(self.site_root / IMAGE_CACHE)
        self.photos = pages_mod.photo_sets(self.site)
        media.save_cache()  # the photos' hashes, for the next build
        with timing.phase("photos"):
            cache.run(map(images.photo_job, self.photos.values()), "Ảnh")
        with timing.phase("plan"):
            specs, assets, jobs = pages_mod.plan(self.site, self.free_pages, self.photos, cache)
        with timing.phase("share_images"):
            cache.run(jobs, "Ảnh chia sẻ")
        # Booklets, posters and slides read the cleaned photos the image cache now holds.
        print_cache = images.Cache(self.site_root / PRINT_CACHE)
        with timing.phase("print"):
            outputs, print_jobs = prints.plan(self.site, self.photos, cache.root)
            if print_jobs:
                print_cache.run(print_jobs, "Tài liệu in, trình chiếu")
        self.image_counts = {what: list(c) for what, c in
                             [*cache.counts.items(), *print_cache.counts.items()]}
        self.image_report = "; ".join(r for r in (cache.report(), print_cache.report()) if r)
        log.info(self.image_report)
        self.specs = {s.src_uri: s for s in specs}
        _DEFERRED.src_uris = set(self.specs)
        self._html_keys(specs, config)
        for spec in specs:
            files.append(File.generated(config, spec.src_uri, content=spec.markdown))
        self.asset_sizes = {}
        with timing.phase("assets"):
            self.copies = []
            for a in assets:
                if a.path is not None:  # placed by `_start_copies` from where it is
                    self.asset_sizes[a.dest] = a.path.stat().st_size
                    self.copies.append((a.path, a.dest, a.cached))
                    continue
                data = a.make()
                self.asset_sizes[a.dest] = len(data)
                files.append(File.generated(config, a.dest, content=data))
            for o in outputs:
                data = o.data or print_cache.read(o.key, o.name)
                self.asset_sizes[o.dest] = len(data)
                files.append(File.generated(config, o.dest, content=data))
        self.pages_started = time.perf_counter()
        return files

    def _html_keys(self, specs: list[pages_mod.PageSpec], config) -> None:
        """Stories whose Markdown was converted by an earlier build are not converted again
        (looked up when the page is rendered: most pages come whole from the page cache)."""
        self.packs = packs.Packs(self.site_root / PACKS)
        cache = htmlcache.HtmlCache(self.packs, htmlcache.fingerprint(config))
        self.html_cache, self.html_keys, self.html_hits = cache, {}, {}
        for spec in specs:
            if spec.markdown and htmlcache.cacheable(spec.markdown):
                self.html_keys[spec.src_uri] = cache.key(spec.src_uri, spec.markdown)

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        """Every page is read: our pages are rendered now, on all cores, while MkDocs writes
        the theme's files and its own pages."""
        # see mkdocs_theme/partials/language.html
        env.globals["gs_text"] = _Texts(env, config.theme["language"])
        if self.site is None:
            return env
        bytecode.install(env, self.site_root / TEMPLATE_CACHE / "mkdocs")
        # No template changes during a build: Jinja need not look at every template's file
        # each time a page includes it (~30 includes a page). `serve` keeps checking.
        env.auto_reload = self.command == "serve"
        if not self.specs:
            self._start_copies(Path(config.site_dir))
            return env
        timing.mark("pages.mkdocs_read", time.perf_counter() - self.pages_started)
        digest = pagecache.site_digest(config, self.site_root, self._digest_parts())
        cache = pagecache.PageCache(self.packs, digest)
        keys = {src: cache.key(src, spec.markdown) for src, spec in self.specs.items()
                if not spec.markdown or htmlcache.cacheable(spec.markdown)}
        words = frozenset(s for s, spec in self.specs.items() if spec.template == "exemplar.html")
        navcache.install(env, self.nav, self.specs.keys(), config)
        job = pagepool.Job(self, config, files, self.nav, env, cache, keys, words)
        # The pages whose text the search index holds first: the index is started as soon as
        # they are made, while the workers go on with the lists.
        srcs = sorted(self.specs, key=lambda s: self.specs[s].template not in SEARCHED)
        searched = sum(spec.template in SEARCHED for spec in self.specs.values())
        self.page_run = pagepool.Run(job, srcs, pagepool.workers_wanted(len(srcs)), searched)
        self.page_run.start()
        self._start_copies(Path(config.site_dir))  # threads: only once the workers are forked
        return env

    def _start_copies(self, site_dir: Path) -> None:
        """Photos, share images and recordings are placed by threads (the work is done by
        the kernel, outside the interpreter's lock) while pages are made, not one by one by
        MkDocs."""
        def put(item: tuple[Path, str, bool]) -> None:
            target = site_dir / item[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            images.place(item[0], target, link=item[2])

        self.copying = ThreadPoolExecutor(8)
        self.copied = [self.copying.submit(put, item) for item in self.copies]

    def _finish_copies(self) -> None:
        if self.copying is None:
            return
        try:
            for future in self.copied:
                future.result()
        finally:
            self.copying.shutdown(wait=True, cancel_futures=True)
            self.copying, self.copied = None, []

    def _digest_parts(self) -> list:
        site = self.site
        specs = [(s.src_uri, s.template, s.title, s.description, s.noindex, s.lastmod, s.share)
                 for s in self.specs.values()]
        return [site.settings, list(site.campaigns.values()), site.all,
                [e.id for e in site.public], [e.id for e in site.withdrawn], site.now.year,
                self.photos, self.asset_sizes, sorted(self.preview_ids), self.free_pages,
                specs]

    def _rendered(self, r: pagepool.Rendered) -> None:
        if r.radio_seconds:
            radio.learn_seconds(r.radio_seconds)
        spec = self.specs[r.src_uri]
        if spec.template == "exemplar.html":
            ident = spec.context["e"].id
            if r.words is not None:
                self.words[ident] = r.words
            # Only the stories the feeds show are kept (the index has the words): ~15 KB a
            # profile, held until the end of the build. A worker sends no other (`story_kept`).
            if r.story is not None and (r.words is None or ident in self.feed_stories):
                self.stories[ident] = r.story
        elif spec.template == "page.html" and r.story is not None:
            self.free_html.append((spec.url, spec.title, r.story))

    def story_kept(self, src_uri: str, words: str | None) -> bool:
        """Whether `_rendered` keeps the story of this page: a worker sends only those."""
        spec = self.specs.get(src_uri)
        if spec is None or spec.template != "exemplar.html" or words is None:
            return True
        return spec.context["e"].id in self.feed_stories

    # ------------------------------------------------------------------ pages

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        # Material prints these unescaped into <title> and <meta>: escape them here.
        page.meta["title"] = Markup(html.escape(spec.title, quote=True))
        if spec.description:
            page.meta["description"] = Markup(html.escape(spec.description, quote=True))
        if spec.noindex:
            page.meta["robots"] = "noindex"
            page.meta["search"] = {"exclude": True}
        if spec.lastmod:
            page.update_date = spec.lastmod
        if not self.in_worker:
            page.meta["template"] = DEFERRED_TEMPLATE
            page.render = _no_markdown.__get__(page)  # nothing to convert: skip the converter
            return ""
        key = self.html_keys.get(page.file.src_uri)
        entry = self.html_cache.get(key) if key else None
        if entry is not None:
            self.html_hits[page.file.src_uri] = entry
            return ""  # converted by an earlier build: on_page_content puts it back
        if spec.template == "exemplar.html":
            radio.want_story(markdown)  # its radio script reads the tree made for the page
        return markdown

    def on_page_content(self, html_text: str, page, config, files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html_text
        if not self.in_worker:
            return ""
        assert self.renderer is not None and self.site is not None
        src = page.file.src_uri
        if src in self.html_hits:
            html_text = htmlcache.HtmlCache.restore(self.html_hits[src], page)
        elif src in self.html_keys:
            self.html_cache.put(self.html_keys[src], html_text, page)
        story = sanitize(html_text)
        if spec.template in ("exemplar.html", "page.html"):
            self.last_story = story  # for feeds and search: see `_rendered`
        return self.renderer.render(
            spec.template, page.url, site=self.site, spec=spec,
            story=Markup(story), photos=self.photos, preview_ids=self.preview_ids,
            sizes=self.asset_sizes, **spec.context)

    def on_post_page(self, output: str, page, config) -> str:
        head = []
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and not self.in_worker:
            return ""  # rendered by `pagepool`
        if page.meta.get("robots") == "noindex":
            head.append('<meta name="robots" content="noindex">')
        elif self.site is not None:
            head.append(meta.head_html(self.site, self._page_meta(page, spec, config)))
        if self.site is not None and "material/search" not in config.plugins:
            output = _add_search_box(output, relurl.relative_url("tim-kiem/", page.url))
        if self.site is not None and (page.is_homepage or (spec and "c" in spec.context)):
            # Feed autodiscovery, on the pages that have feeds. Relative on purpose: Material's
            # JavaScript fetches <href>/../sitemap.xml for every rel=alternate link, and an
            # absolute site_url would make a preview on another host call out to it.
            links = feeds.feed_links(self.site)
            if spec and "c" in spec.context:
                c = spec.context["c"]
                links.append((c.title, f"feeds/phong-trao/{c.slug}.xml"))
            for title, url in links:
                kind = "atom" if url.endswith("atom.xml") else "rss"
                href = relurl.relative_url(url, page.url)
                head.append(f'<link rel="alternate" type="application/{kind}+xml" '
                            f'title="{html.escape(title)}" href="{html.escape(href)}">')
        return output.replace("</head>", "\n".join(head) + "\n</head>", 1)

    def _page_meta(self, page, spec: pages_mod.PageSpec | None, config) -> meta.PageMeta:
        base = self.site.settings.site_url
        if spec is not None:
            title, description = spec.title, spec.description
        else:
            title = html.unescape(str(page.title or config.site_name))
            description = page.meta.get("description") or config.site_description or ""
        e = spec.context.get("e") if spec is not None else None
        c = spec.context.get("c") if spec is not None else None
        image = (spec.share if spec is not None and spec.share else pages_mod.SITE_SHARE)
        return meta.PageMeta(url=base + page.url, title=title,
                             description=description or config.site_description or title,
                             image=base + image, exemplar=e, campaign=c)

    def on_post_build(self, config) -> None:
        if self.site is None:
            return
        self._finish_copies()
        site_dir = Path(config.site_dir)
        indexing = _Indexing()
        started: list[bool] = []

        def searchable() -> None:
            """The profiles and free pages are made: the search index and everything else
            made from them start, while the workers (behind, see `pagepool.Run`) go on
            with the lists."""
            started.append(True)
            indexing.start(self, site_dir)
            forked = indexing.pid is not None  # the indexer has its own copy of what it needs
            if forked:
                self.words = {}
            self._outputs(config, site_dir)
            if forked:
                self.stories = {}  # the feeds are written

        try:
            if self.page_run is not None:
                with timing.phase("pages.wait_for_workers"):
                    self.page_run.results(self._rendered, searchable)
                job = self.page_run.job
                self._save_packs(job)
                if self.command == "serve":
                    self.last_job = self.page_run.job
                    self.snapshot = incremental.snapshot(_watched(config))
                self.page_run = None
            timing.mark("pages", time.perf_counter() - self.pages_started)
            with timing.phase("feeds_search_admin"):
                if not started:
                    searchable()
                indexing.wait()
                self._search_page(site_dir)
        finally:
            indexing.close()
        # The radio length check, deferred by `_load` until the scripts were made.
        for p in radio_length_problems(self.site.all, self.site.settings):
            log.warning(p.format())

    def on_build_error(self, error: Exception) -> None:
        self.last_job = self.snapshot = None
        if self.content is not None:
            self.content.finish()
        with contextlib.suppress(Exception):
            self._finish_copies()
        if self.page_run is not None:
            self.page_run.stop()
            self.page_run = None

    def _outputs(self, config, site_dir: Path) -> None:
        """Feeds, radio scripts, the editors' page; the caches written late."""
        base = self.site.settings.site_url
        outputs = feeds.site_feeds(self.site, lambda e: self.stories.get(e.id, ""))
        outputs.append(feeds.facebook_feed(self.site, lambda e: (
            base + meta.share_path("dien-hinh", e.slug),
            self.asset_sizes[meta.share_path("dien-hinh", e.slug)])))
        # Every public profile's script is published: any not made by the page workers
        # (their pages came from the cache, the scripts' cache did not) are made on all
        # cores.
        radio.prepare_scripts(self.site.public, radio.RadioOptions.from_settings(
            self.site.settings.radio))
        outputs += feeds.radio_feed(self.site, lambda e: self.asset_sizes[
            "media/" + e.public_audio.media.rel])
        radio.save_cache(self.command, forget=True)
        folders: set[Path] = set()
        for f in outputs:
            target = site_dir / f.path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            reuse.write(f.data, target, f.path)
        self._write_admin(config, site_dir)
        self.content.finish()  # the checked profiles' cache, while the index is made

    def _search_page(self, site_dir: Path) -> None:
        """The search page starts loading the index's files for a query at once (their names
        are known only now)."""
        page = site_dir / "tim-kiem" / "index.html"
        if page.is_file():  # replaced, never written into: it may be the published file
            text = page.read_text("utf-8")
            atomic.write_text(page, text.replace(
                "</head>", search.preload_script(site_dir, "../") + "\n</head>", 1))

    def _search_records(self) -> list[search.Record]:
        return search.records(self.site, self.stories, sorted(self.free_html), self.photos,
                              self.words)

    def _search_index(self, site_dir: Path) -> None:
        search.write_index(self._search_records(), site_dir, self.site_root / SEARCH_CACHE)

    # ------------------------------------------------------------------ serve

    def on_serve(self, server, config, builder):
        full_build = server.builder

        def build() -> None:
            try:
                shown = self._show_story_edits()
            except Exception as exc:  # noqa: BLE001 — the full build reports it properly
                log.warning(f"Không cập nhật nhanh được ({exc}); dựng lại toàn bộ trang.")
                shown = False
            if not shown:
                full_build()
        server.builder = build
        return server

    def _show_story_edits(self) -> bool:
        """When the saves since the last build only changed stories, render those pages
        alone (see `incremental`); False when the whole site must be built."""
        job, before, site = self.last_job, self.snapshot, self.site
        if job is None or before is None or site is None:
            return False
        started = time.perf_counter()
        after = incremental.snapshot(_watched(job.config))
        paths = incremental.modified(before, after)
        if not paths:
            return False
        docs = Path(job.config.docs_dir)
        edits = incremental.story_edits(
            paths, docs / "exemplars", self.site_root, docs / "media", site.settings,
            tuple(sorted(site.campaigns)), {e.source: e for e in site.all}, self.preview_ids)
        if edits is None:
            return False
        options = radio.RadioOptions.from_settings(site.settings.radio)
        todo = []
        for edit in edits:
            for p in edit.warnings.warnings:
                log.warning(p.format())
            site.all[next(i for i, e in enumerate(site.all) if e is edit.old)] = edit.new
            src = f"dien-hinh/{edit.new.slug}.md"
            spec = self.specs.get(src)
            if spec is None or spec.template != "exemplar.html":
                continue  # not shown: nothing to render
            markdown = edit.new.body if edit.new.consented("story") else ""
            self.specs[src] = replace(spec, markdown=markdown, context={
                **spec.context, "e": edit.new,
                "radio_seconds": lambda e=edit.new: radio.script_seconds(e, options)})
            job.files.get_file_from_path(src).content_string = markdown
            self.html_keys.pop(src, None)
            job.keys.pop(src, None)
            if not markdown or htmlcache.cacheable(markdown):
                job.keys[src] = job.cache.key(src, markdown)
                if markdown:
                    self.html_keys[src] = self.html_cache.key(src, markdown)
            todo.append(src)
        pagepool.render_now(job, todo)
        self._save_packs(job)
        self.snapshot = after
        log.info(f"Đã cập nhật {len(todo)} trang hồ sơ trong "
                 f"{time.perf_counter() - started:.2f} giây (chỉ câu chuyện thay đổi; tìm kiếm "
                 "và bản tin RSS cập nhật ở lần dựng đầy đủ sau).")
        return True

    def _save_packs(self, job: pagepool.Job) -> None:
        if job.cache is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written: slower next time
            job.cache.packs.save(job.cache.digest,
                                 [*job.keys.values(), *self.html_keys.values()])

    def _write_admin(self, config, site_dir: Path) -> None:
        dist = admin.decap_dist(self.site_root)
        settings = self.site.settings
        if dist is None:
            say = log.warning if settings.admin else log.info
            say("Không có trang biên tập /admin/: chưa cài Decap CMS (chạy npm ci cạnh "
                "mkdocs.yml, hoặc bash scripts/setup.sh).")
            return
        choices = {"fields": dict(settings.fields),
                   "campaigns": {c.slug: c.title for c in self.site.campaigns.values()},
                   "localities": {n: n for n in settings.localities}}
        admin.write(site_dir, settings, choices, self.site_root, Path(config.docs_dir), dist)


SEARCHED = ("exemplar.html", "page.html")  # the pages whose text the search index holds


class _Texts(dict):
    """The theme's texts, each looked up once per build as Material's `t` would: in the
    language's table, else in English, else the key. The tables are imported here, once,
    rather than by the partial, which a page imports again."""

    def __init__(self, env: Environment, language: str) -> None:
        super().__init__()
        self.env, self.language = env, language

    def __call__(self, key: str):
        text = self.get(key)
        if text is None:
            tables = (self.env.get_template(f"partials/languages/{self.language}.html").module,
                      self.env.get_template("partials/languages/en.html").module)
            text = self[key] = tables[0].t(key) or tables[1].t(key) or key
        return text


class _Indexing:
    """The search index, made in a process forked from this one (it has every record's data
    already) while the build goes on — the lists still being rendered (at a lower priority,
    see `pagepool.Run`), the feeds. The process works out the records, writes Pagefind's
    input and becomes Pagefind (exec), which frees the copy of the build it held. This
    process puts the bundle in place afterwards. Without fork, a thread does it all.

    Pagefind starts at once rather than when the page workers are gone: at 10,000 profiles
    its 0.65 GB next to the workers (which let go of each page once written, see
    `pagepool._render`) still fit in the 2 GB the issue allows, and it ran alone for 4 s."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.report: Path | None = None  # where the forked process says what it did
        self.thread: ThreadPoolExecutor | None = None
        self.future: Future | None = None
        self.site_dir: Path | None = None

    def start(self, plugin: GuongSangPlugin, site_dir: Path) -> None:
        if self.site_dir is not None:
            return
        self.site_dir = site_dir
        if not hasattr(os, "fork"):
            self.thread = ThreadPoolExecutor(1)
            self.future = self.thread.submit(plugin._search_index, site_dir)
            return
        # Beside the kept bundles, where Pagefind's output is to be moved (see `search`).
        cache = plugin.site_root / SEARCH_CACHE
        cache.mkdir(parents=True, exist_ok=True)
        self.report = Path(tempfile.mkdtemp(prefix="index-", dir=cache))
        pid = os.fork()
        if pid == 0:
            _index_and_become_pagefind(plugin, site_dir, self.report)
        self.pid = pid

    def wait(self) -> None:
        try:
            if self.future is not None:
                self.future.result()
            elif self.pid is not None:
                self._reap()
        except (search.SearchIndexError, OSError) as exc:
            # A clear stop: `guongsang build` then keeps the site that is online.
            raise PluginError(f"Không tạo được chỉ mục tìm kiếm: {exc}\n→ Cài lại bằng "
                              "bash scripts/setup.sh (gói pagefind[bin]).") from None

    def _reap(self) -> None:
        assert self.pid is not None and self.report is not None and self.site_dir is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        code = os.waitstatus_to_exitcode(status)
        error = self.report / "error.txt"
        if error.is_file():
            raise search.SearchIndexError(error.read_text("utf-8"))
        job_file = self.report / "job.json"
        if not job_file.is_file():  # the kept bundle was copied, or the process died
            if code != 0:
                raise search.SearchIndexError(f"tiến trình lập chỉ mục dừng (mã {code})")
            return
        job = json.loads(job_file.read_text("utf-8"))
        indexing = search.Indexing(Path(job["tmp"]), Path(job["kept"]) if job["kept"] else None,
                                   [])
        output = (self.report / "pagefind.log").read_text("utf-8", errors="replace")
        search.finish(indexing, self.site_dir, code, output)

    def close(self) -> None:
        """A build stopped early (a page's error): the indexer is stopped, its files removed."""
        if self.thread is not None:
            self.thread.shutdown(wait=True, cancel_futures=True)
            self.thread = None
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            self.pid = None
        if self.report is not None:  # what it said, and Pagefind's output (the input is kept)
            shutil.rmtree(self.report, ignore_errors=True)
            self.report = None


def _index_and_become_pagefind(plugin: GuongSangPlugin, site_dir: Path,
                               report: Path) -> NoReturn:
    """In the forked process: never returns."""
    code = 1
    try:
        job = search.prepare(plugin._search_records(), site_dir, plugin.site_root / SEARCH_CACHE,
                             report)  # its input inside `report`: `close` removes both
        if isinstance(job, search.Indexing):
            (report / "job.json").write_text(json.dumps(
                {"tmp": str(job.tmp), "kept": str(job.kept) if job.kept else None}), "utf-8")
            log = os.open(report / "pagefind.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.chdir(job.tmp)
            if job.lock is not None:  # held by Pagefind while it reads the input
                os.set_inheritable(job.lock, True)
            os.execv(job.argv[0], job.argv)
        code = 0
    except BaseException as exc:  # noqa: BLE001 — reported by the build, never a traceback
        with contextlib.suppress(BaseException):
            (report / "error.txt").write_text(str(exc) or type(exc).__name__, "utf-8")
    finally:
        os._exit(code)


def _no_markdown(page, config, files) -> None:
    """`Page.render` for the pages MkDocs leaves to `pagepool`: building a Markdown converter
    for an empty text costs a millisecond, times every page, on one core."""
    page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()


def _watched(config) -> list[Path]:
    """What MkDocs' preview watches by default: the content folder and mkdocs.yml."""
    paths = [Path(config.docs_dir)]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    return paths


def _prints_wanted(options: Any) -> bool:
    """Whether the settings leave any print output on (read before they are validated)."""
    section = options.get("print") if isinstance(options, dict) else None
    if not isinstance(section, dict):
        return True
    return any(section.get(k, True) is not False for k in ("booklets", "posters", "slides"))


def preview(exemplars: list[Exemplar], now) -> tuple[list[Exemplar], frozenset[str]]:
    """For the editors' local preview: drafts, reviews and embargoed profiles shown as if
    published today (withdrawn ones stay withdrawn), and the ids to mark as drafts."""
    ids = frozenset(e.id for e in exemplars if e.status in ("draft", "review")
                    or (e.status == "published" and not e.is_public(now)))
    shown = [replace(e, status="published", published=now) if e.id in ids else e
             for e in exemplars]
    return shown, ids


_SEARCH_ICON = ('<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5'
                'c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 '
                '0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14'
                ' 14 12 14 9.5 12 5 9.5 5"/></svg>')


def _add_search_box(output: str, action: str) -> str:
    """A plain GET form in the header of every page: it works without JavaScript and
    leads to /tim-kiem/?q=…, where the index is loaded only when someone searches."""
    form = (f'<form class="gs-search-box" action="{html.escape(action)}" method="get" '
            'role="search"><input type="search" name="q" aria-label="Tìm kiếm" '
            f'placeholder="Tìm kiếm"><button type="submit" aria-label="Tìm kiếm">{_SEARCH_ICON}'
            '</button></form>')
    start = output.find('class="md-header__inner')
    end = output.find("</nav>", start) if start != -1 else -1
    if end == -1:
        return output
    return output[:end] + form + output[end:]
