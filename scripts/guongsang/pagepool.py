"""The site's own pages rendered on all cores, outside MkDocs' one-core page loop.

MkDocs renders pages one after another in one process. Our pages (profiles, lists,
campaigns…) are most of a site, so MkDocs is told to skip them (the plugin gives them an
empty template: MkDocs writes nothing) and they are rendered here by MkDocs' own page
functions — the same Markdown, the same theme, the same plugin events, so the same bytes —
in processes forked once MkDocs has read everything (navigation, theme, files). The
workers run while MkDocs copies the theme's files and writes its own pages; the plugin
collects what they return (the sanitised stories feeds and search are made from) when
MkDocs has finished.

A page whose key is in the page cache (see `pagecache`) is written back from it.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import PluginError

from . import converter, radio, reuse
from .pagecache import PageCache
from .search import story_words

WORKERS_ENV = "GUONGSANG_PAGE_WORKERS"  # how many processes; 1 renders in the build's own
POOL_FROM = 200  # fewer pages than this are rendered in-process: forking costs more
CHUNK = 24  # pages per task: small enough to share the work out evenly


@dataclass
class Job:
    """What a worker needs; set before the fork, so the workers inherit it without pickling."""

    plugin: Any
    config: Any
    files: Any
    nav: Any
    env: Any
    cache: PageCache | None
    keys: dict[str, str]  # src_uri → page cache key
    with_words: frozenset[str]  # pages whose story words the search index needs
    doc_files: Any = None  # MkDocs' documentation pages, found on first use


@dataclass
class Rendered:
    src_uri: str
    story: str | None  # the sanitised story or free page text, for feeds and search
    words: str | None  # the story's words for the search index (exemplars)
    cached: bool
    radio_seconds: dict[str, int] | None = None  # the scripts' lengths the page showed


_JOB: list[Job] = []


def _render(job: Job, src_uri: str) -> Rendered:
    file = job.files.get_file_from_path(src_uri)
    page = file.page
    key = job.keys.get(src_uri)
    entry = job.cache.get(key) if job.cache is not None and key else None
    if entry is not None:
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        reuse.write(entry["page"], file.abs_dest_path, file.dest_uri)
        words = entry.get("words")
        return Rendered(src_uri, _sent(job, src_uri, entry["story"], words), words, True,
                        entry.get("radio"))
    plugin = job.plugin
    plugin.last_story = None
    radio.take_used_seconds()  # from an earlier page that stopped half-way
    # The plugin's stand-in while MkDocs skipped the page, replaced by MkDocs' own render or,
    # while that is the one `converter.render` copies, the same with one converter per worker.
    page.__dict__.pop("render", None)
    if converter.matches_mkdocs():
        page.render = partial(converter.render, page)
    _populate_page(page, job.config, job.files)
    if job.doc_files is None:  # a walk over every file: once, not once per page
        job.doc_files = job.files.documentation_pages()
    _build_page(page, job.config, job.doc_files, job.nav, job.env)
    story = plugin.last_story
    # Nothing reads a page's text once it is written: let it go, or each worker holds every
    # page it made (0.14 GB each at 10,000 profiles, while the search index runs beside them).
    # Empty, not None: MkDocs' `Page.title` reads None as "not read yet" or "not rendered".
    page.markdown = page.content = ""
    words = story_words(story) if story is not None and src_uri in job.with_words else None
    seconds = radio.take_used_seconds() or None
    if job.cache is not None and key:
        job.cache.put(key, Path(file.abs_dest_path).read_bytes(), story, words, seconds)
    return Rendered(src_uri, _sent(job, src_uri, story, words), words, False, seconds)


def _sent(job: Job, src_uri: str, story: str | None, words: str | None) -> str | None:
    """The story, if the build keeps it: 60 MB of stories at 10,000 profiles, pickled by the
    workers and read by the build, of which the feeds show a few dozen."""
    return story if job.plugin.story_kept(src_uri, words) else None


def _render_many(src_uris: list[str], behind: bool = False) -> tuple[
        list[Rendered], dict[str, str], dict[str, str]]:
    """The pages, where their cache entries were written (key → pack): one pack per CHUNK
    pages (see `packs`), and the radio scripts made for them (the build writes those).
    `behind`: pages nothing waits for (see `Run`): this worker yields the processor to the
    search index from now on."""
    if behind:
        _step_back()
    job = _JOB[0]
    job.plugin.in_worker = True
    packs = job.cache.packs if job.cache is not None else None
    try:
        done = []
        for i, src_uri in enumerate(src_uris, start=1):
            done.append(_render_checked(job, src_uri))
            if packs is not None and i % CHUNK == 0:
                packs.flush()
        if packs is None:
            return done, {}, radio.take_new()
        packs.flush()
        return done, packs.take_written(), radio.take_new()
    finally:
        job.plugin.in_worker = False


def _render_checked(job: Job, src_uri: str) -> Rendered:
    """A broken template (a site's override in theme/) stops the build with the page and the
    reason, in the build's own words: never a traceback."""
    try:
        return _render(job, src_uri)
    except TemplateError as exc:
        where = f" ({exc.name}, dòng {exc.lineno})" if isinstance(
            exc, TemplateSyntaxError) else ""
        raise PluginError(
            f"Không dựng được trang {src_uri.removesuffix('.md')}/: lỗi mẫu giao diện{where}: "
            f"{type(exc).__name__}: {exc}\n→ Sửa mẫu đã thay trong thư mục theme/ của trang, "
            "hoặc xóa nó để dùng mẫu mặc định.") from None


def render_now(job: Job, src_uris: list[str]) -> list[Rendered]:
    """Render a few pages in this process (`serve` showing an edited story)."""
    _JOB[:] = [job]
    try:
        done, written, scripts = _render_many(src_uris)
        if job.cache is not None:
            job.cache.packs.learn(written)
        radio.learn(scripts)
        return done
    finally:
        _JOB.clear()


def workers_wanted(pages: int) -> int:
    wanted = os.environ.get(WORKERS_ENV, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return (os.cpu_count() or 1) if pages >= POOL_FROM else 1


BEHIND = 10  # niceness of a worker left with pages nothing waits for


def _step_back() -> None:
    if hasattr(os, "nice") and os.nice(0) < BEHIND:
        os.nice(BEHIND - os.nice(0))


class Run:
    """Pages being rendered: started by `start`, finished by `results`.

    The first `first` pages are those the search index is made from (see `results`): once a
    worker is past them, its pages (lists) wait for nothing, while the index — one process
    and Pagefind, started then — is the last step of the build: the workers run at a lower
    priority, taking the processor time the index leaves."""

    def __init__(self, job: Job, src_uris: list[str], workers: int, first: int = 0) -> None:
        self.job, self.src_uris, self.workers, self.first = job, src_uris, workers, first
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future] = []

    def start(self) -> None:
        _JOB[:] = [self.job]
        # The site read so far stays out of the garbage collector while pages are made:
        # its full passes over the whole site (in every worker: copying it) cost more than
        # the pages themselves.
        gc.freeze()
        if self.workers < 2:
            return  # rendered by `results`, in this process, after MkDocs' own pages
        self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork"))
        chunks = [self.src_uris[i:i + CHUNK] for i in range(0, len(self.src_uris), CHUNK)]
        self.futures = [self.pool.submit(_render_many, c, i * CHUNK >= self.first > 0)
                        for i, c in enumerate(chunks)]

    def results(self, on_done: Callable[[Rendered], None],
                then: Callable[[], None] | None = None) -> None:
        """Hand every page's result to `on_done`, in the order of `src_uris`; `then` is called
        as soon as the first `first` have been handed over, while later pages may still be in
        the making."""
        first = self.first
        try:
            if then is not None and first <= 0:
                then, call = None, then
                call()
            chunks = (f.result() for f in self.futures) if self.pool is not None else [
                _render_many(self.src_uris)]
            handed = 0
            for done, written, scripts in chunks:
                if self.job.cache is not None:
                    self.job.cache.packs.learn(written)
                radio.learn(scripts)
                for r in done:
                    on_done(r)
                handed += len(done)
                if then is not None and handed >= first:
                    then, call = None, then
                    call()
            if then is not None:  # fewer pages than `first`
                then()
        finally:
            self.stop()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        gc.unfreeze()
        _JOB.clear()
