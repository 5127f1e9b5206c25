"""The search index: Pagefind, fed with records built from the model (never crawled HTML).

Pagefind splits the index into fragments a reader downloads only as a query needs them,
and folds combining marks both ways (a query with diacritics still ranks exact matches
first). It does not fold đ/Đ, which Unicode does not decompose, so each record also carries
its đ-words spelled with d: "doan ket" then finds "đoàn kết".

Filters are plain words in the record ("gsy2023", "gsfagriculture") that the search page
adds to the query — Pagefind matches all words — instead of Pagefind's own filter and sort
indexes, whose files come out different on every run (Rust hash-map order) and would break
byte-identical builds.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from itertools import chain, filterfalse
from pathlib import Path

from . import atomic
from .images import PhotoSet
from .model import Exemplar
from .site import Site, locality_slug

OUTPUT = "pagefind"
# The UI bundles Pagefind ships are not used: our own page renders results.
SKIP = re.compile(r"pagefind-(ui|modular-ui|component-ui)\.|playground/")
_TAG = re.compile(r"<[^>]+>")
_D_WORD = re.compile(r"\w*[đĐ]\w*")


@dataclass
class Record:
    url: str  # relative to the site root, e.g. "dien-hinh/an/"
    content: str
    meta: dict[str, str]


def html_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def with_d_variants(text: str) -> str:
    """Append the đ-words of `text` with d, once each, so unaccented queries match."""
    variants = dict.fromkeys(w.replace("đ", "d").replace("Đ", "D") for w in _D_WORD.findall(text))
    return f"{text} {' '.join(variants)}" if variants else text


FILTERS = {"field": "f", "campaign": "c", "locality": "l", "year": "y", "kind": "k"}


@lru_cache(maxsize=4096)  # a few hundred values, asked for by every record
def filter_token(name: str, value: str) -> str:
    """The word standing for one filter value; search page's JavaScript makes the same."""
    return "gs" + FILTERS[name] + re.sub(r"[^a-z0-9]", "", value.lower())


def exemplar_filters(site: Site, e: Exemplar) -> dict[str, list[str]]:
    """Filter values as they appear in URLs (?field=agriculture&year=2023)."""
    return {"field": [e.field], "campaign": [c.slug for c in site.campaigns_of(e)],
            "locality": [locality_slug(e.locality)], "year": [str(e.year)], "kind": [e.kind]}


def distinct_words(text: str) -> list[str]:
    """Each word of a story once, in order. Common syllables (“nông”, “của”) occur on nearly
    every page; indexing every occurrence makes the index chunks a query downloads grow with
    the site. Names, places and campaigns are indexed in full beside this."""
    # Each written form once first (a story repeats three words in four): half the work.
    seen = dict.fromkeys(w.casefold().strip(".,;:!?()“”\"'…–-")
                         for w in dict.fromkeys(text.split()))
    seen.pop("", None)
    return list(seen)


# A story word found in more stories than this is left out of the stories' index (it stays
# wherever it is in a name, summary, place, field or campaign): a query for it would match
# most of the site anyway, and its list of pages is what makes index chunks heavy. Small
# sites keep every word.
COMMON_SHARE, COMMON_MIN = 0.2, 100


def common_words(stories: list[str]) -> set[str]:
    """`stories`: each story's `story_words`."""
    limit = max(COMMON_SHARE * len(stories), COMMON_MIN)
    df = Counter(chain.from_iterable(words.split() for words in stories))  # distinct per story
    return {w for w, count in df.items() if count > limit}


def exemplar_record(site: Site, e: Exemplar, story: str, common: set[str],
                    photos: dict[str, PhotoSet]) -> Record:
    campaigns = [c.title for c in site.campaigns_of(e)]
    field_label = site.field_label(e.field)
    tokens = [filter_token(name, v) for name, values in exemplar_filters(site, e).items()
              for v in values]
    text = " ".join([e.title, e.summary, e.locality, e.unit, field_label, e.kind_label,
                     " ".join(campaigns), " ".join(e.tags),
                     " ".join(filterfalse(common.__contains__, story.split())), *tokens])
    photo = e.public_photo
    meta = {"title": e.title, "summary": e.summary, "kind": e.kind_label, "field": field_label,
            "locality": e.locality, "year": str(e.year)}
    if photo is not None:
        meta["image"] = photos[photo.media.rel].at_least(192).dest  # shown at 96 px
        meta["image_alt"] = photo.alt
    return Record(url=site.exemplar_url(e), content=with_d_variants(text), meta=meta)


def story_words(story_html: str) -> str:
    """The story's distinct words, joined by spaces (no word holds one): one string per story
    instead of a list of a few hundred, which the build holds for every profile until the
    index is made (~0.2 GB at 5,000 profiles as lists)."""
    return " ".join(distinct_words(html_text(story_html)))


def records(site: Site, stories: dict[str, str], pages: list[tuple[str, str, str]],
            photos: dict[str, PhotoSet],
            known: dict[str, str] | None = None) -> list[Record]:
    """Public exemplars, campaigns and free pages ((url, title, html) tuples). `known` holds
    the `story_words` of exemplars already worked out (by id), e.g. by the page workers."""
    known = known or {}
    words = [known[e.id] if e.id in known else story_words(stories.get(e.id, ""))
             for e in site.public]
    common = common_words(words)
    out = [exemplar_record(site, e, story, common, photos)
           for e, story in zip(site.public, words, strict=True)]
    for c in site.campaigns.values():
        text = f"{c.title} {c.short_title} {c.lead} {' '.join(c.partners)} {c.body}"
        out.append(Record(f"phong-trao/{c.slug}/", with_d_variants(text),
                          {"title": c.title, "summary": f"Phong trào thi đua, {c.start}–{c.end}",
                           "kind": "Phong trào"}))
    for url, title, body in pages:
        out.append(Record(url, with_d_variants(f"{title} {html_text(body)}"),
                          {"title": title, "kind": "Trang"}))
    return out


def record_html(r: Record) -> str:
    """A minimal page standing for one record: only the body is indexed, the metadata is
    read from the tagged elements beside it. Its address is given as metadata ("url",
    Pagefind's override of a result's address): the indexer reads it from a flat file (see
    `input_path`)."""
    meta = [f'<p data-pagefind-meta="url">/{html.escape(r.url)}</p>']
    for key, value in r.meta.items():
        if key == "image":
            alt = html.escape(r.meta.get("image_alt", ""))
            meta.append(f'<img data-pagefind-meta="image[src], image_alt[alt]" '
                        f'src="{html.escape(value)}" alt="{alt}">')
        elif key != "image_alt":
            meta.append(f'<p data-pagefind-meta="{key}">{html.escape(value)}</p>')
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body>{html.escape(r.content)}</main>{"".join(meta)}'
            f"</body></html>")


@dataclass
class Indexing:
    """Pagefind's input written, its run to come (see `prepare`); its output goes to `tmp`."""

    tmp: Path
    kept: Path | None  # where the bundle is to be kept
    argv: list[str]
    lock: int | None = None  # an open file locking the kept input until Pagefind has run

    def release(self) -> None:
        """The input's lock let go, the temporary folder removed (whatever happened)."""
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def prepare(recs: list[Record], site_dir: Path, cache: Path | None = None,
            tmp_parent: Path | None = None) -> Indexing | int:
    """Everything before Pagefind runs. A bundle kept in `cache` for the same records is
    copied into the site instead (the number of files is returned); otherwise Pagefind's
    input is written and what to run is returned, for `finish` once it ran.

    Pagefind runs as its command-line indexer over one small page per record. Its Python
    service API polls the indexer every 100 ms for each answer, so adding records one by one
    took 100 s per 1,000 profiles; the indexer itself needs about a second. The bundle is
    kept in `cache`, keyed by every record: a rebuild whose records did not change copies it
    instead of indexing again (Pagefind's output is the same for the same pages). So is the
    input (see `_write_input`), under a lock while it is written and read."""
    try:
        from pagefind.service import _must_get_executable

        indexer = str(_must_get_executable())
    except Exception as exc:  # the wheel without its binary for this machine
        raise SearchIndexError(f"không tìm thấy chương trình Pagefind ({exc})") from None

    pages = [(r.url, record_html(r)) for r in recs]
    h = hashlib.sha256(f"{version('pagefind')}\0{INDEX_ARGS}".encode())
    for url, text in pages:
        h.update(f"{url}\0{text}\0".encode())
    kept = cache / h.hexdigest() if cache is not None else None
    if kept is not None and (kept / DONE).is_file():
        os.utime(kept)  # the newest are the ones pruning keeps
        return _copy_bundle(kept, site_dir)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    # Pagefind's output beside the kept bundles when there are: moved there, not copied.
    tmp = Path(tempfile.mkdtemp(prefix="pagefind-", dir=tmp_parent or cache))
    lock = None
    try:
        if cache is not None:
            lock = _lock(cache / LOCK)
            src = cache / INPUT
            _write_input(src, pages, cache / MANIFEST)
        else:
            src = tmp / "src"
            _write_input(src, pages, None)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if lock is not None:
            os.close(lock)
        raise
    return Indexing(tmp, kept, [indexer, "--site", str(src), "--output-path", str(tmp / "out"),
                                *INDEX_ARGS], lock)


def finish(job: Indexing, site_dir: Path, returncode: int, output: str) -> int:
    """After Pagefind ran (`returncode`, what it printed): the bundle into the site and the
    cache; the temporary folder removed."""
    try:
        if returncode != 0:
            raise SearchIndexError(output or f"Pagefind dừng với mã {returncode}")
        count = _copy_bundle(job.tmp / "out", site_dir)
        if job.kept is not None:
            _keep_bundle(job.tmp / "out", job.kept)
        return count
    finally:
        job.release()


def write_index(recs: list[Record], site_dir: Path, cache: Path | None = None) -> int:
    """Write the Pagefind bundle under site_dir/pagefind/; returns the number of files."""
    job = prepare(recs, site_dir, cache)
    if isinstance(job, int):
        return job
    try:
        run = subprocess.run(job.argv, capture_output=True, text=True, cwd=job.tmp)
    except BaseException:
        job.release()
        raise
    return finish(job, site_dir, run.returncode, run.stdout + run.stderr)


INPUT, MANIFEST, LOCK = "input", "input.json", "input.lock"


def _lock(path: Path) -> int | None:
    """An exclusive lock on `path` (waits for another build of the same site to finish with
    the input). The file stays open: closing it — or the end of Pagefind, which inherits
    it — lets the lock go."""
    try:
        import fcntl
    except ImportError:  # no such locks on this system: builds of one site run one at a time
        return None
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        raise
    return fd


def _write_input(src: Path, pages: list[tuple[str, str]], manifest: Path | None) -> None:
    """Pagefind's input, one small page per record. Kept between builds (`manifest` holds a
    digest of each file): only the records that changed are written and those gone removed.
    Writing and deleting 10,000 files each build cost seconds, and on ext4 without a journal
    deleting many files slows every file created in the next minutes."""
    old: dict[str, str] = {}
    if manifest is not None:
        with contextlib.suppress(OSError, ValueError):
            old = json.loads(manifest.read_text("utf-8"))
        # Until every file is written: a build stopped half-way has the next one write all.
        manifest.unlink(missing_ok=True)
    present = ({p.relative_to(src).as_posix() for p in src.rglob("*.html")}
               if src.is_dir() else set())
    new: dict[str, str] = {}
    folders: set[Path] = set()
    for url, text in pages:
        rel = input_path(url)
        data = text.encode("utf-8")
        new[rel] = hashlib.blake2b(data, digest_size=16).hexdigest()
        if rel in present and old.get(rel) == new[rel]:
            continue
        page = src / rel
        if page.parent not in folders:
            page.parent.mkdir(parents=True, exist_ok=True)
            folders.add(page.parent)
        page.write_bytes(data)
    for rel in present - new.keys():
        (src / rel).unlink()
    if manifest is not None:
        atomic.write_text(manifest, json.dumps(new, sort_keys=True))


def input_path(url: str) -> str:
    """The indexer's file for a record: "dien-hinh/an/" → "dien-hinh/an.html". A folder per
    record, as the site has, made Pagefind's input cost two files per record to create."""
    return (url.strip("/") or "index") + ".html"


INDEX_ARGS = ("--force-language", "vi", "--silent")
DONE = ".guongsang-complete"
KEEP_BUNDLES = 2  # the build's and the preview's (`serve`) usually


def _copy_bundle(out: Path, site_dir: Path) -> int:
    count = 0
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or SKIP.search(rel) or rel == DONE:
            continue
        target = site_dir / OUTPUT / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:  # a link costs no copying: nothing ever writes into these files
            os.link(path, target)
        except OSError:  # another file system, or one without links
            shutil.copyfile(path, target)
        count += 1
    return count


def _keep_bundle(out: Path, kept: Path) -> None:
    """Move the bundle into the cache (complete or not at all) and drop the oldest ones."""
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        (out / DONE).write_text("", "utf-8")
        staging = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        shutil.move(str(out), staging)
        staging.rename(kept)
        bundles = sorted((p for p in kept.parent.iterdir() if (p / DONE).is_file()),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in bundles[KEEP_BUNDLES:]:
            shutil.rmtree(old, ignore_errors=True)


def preload_script(site_dir: Path, prefix: str) -> str:
    """An inline <head> script for the search page: when the address carries a query, start
    Pagefind at once — its metadata, WebAssembly and the index chunks of the query's words —
    while the theme's CSS and scripts are still being parsed. The file names are known only
    once the index exists. An empty search page downloads nothing extra."""
    entry = json.loads((site_dir / OUTPUT / "pagefind-entry.json").read_text("utf-8"))
    files = []
    for lang in entry["languages"].values():
        files += [f"pagefind.{lang['hash']}.pf_meta", f"wasm.{lang['wasm'] or 'unknown'}.pagefind"]
    urls = [f"{prefix}{OUTPUT}/{f}" for f in files if (site_dir / OUTPUT / f).is_file()]
    return ("<script>(()=>{const s=new URLSearchParams(location.search);"
            "if(![...s.values()].some(Boolean))return;"
            f"for(const h of {json.dumps(urls)}){{const l=document.createElement('link');"
            "l.rel='preload';l.as='fetch';l.crossOrigin='anonymous';l.href=h;"
            "document.head.append(l)}"
            f"const base=new URL({json.dumps(prefix)},location.href);"
            f"window.gsPagefind=import(new URL({json.dumps(OUTPUT + '/pagefind.js')},base).href)"
            ".then(async pf=>{await pf.options({baseUrl:base.pathname,noWorker:true});"
            "const q=(s.get('q')||'').normalize('NFC').trim();if(q)pf.preload(q);return pf})"
            "})()</script>")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is its own output."""
