"""Published images: each photo in a few widths as WebP and JPEG, upright and without any
metadata, and the 1200×630 share images, all made once and kept in a cache.

The cache (`.cache/guongsang/images/` beside mkdocs.yml) is keyed by a hash of the inputs
(the photo's bytes, the share image's texts) and of the code that draws them, so a rebuild
with unchanged photos decodes none of them, a changed photo is redone alone, and renaming a
file costs nothing. Missing entries are made on all cores.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from .media import digest
from .model import Photo

log = logging.getLogger("mkdocs.plugins.guongsang")

# 192 is a 96 px search-result thumbnail on a 2× phone screen; 1600 the largest anyone needs.
WIDTHS = (192, 320, 640, 1024, 1600)
FORMATS = ("webp", "jpg")
JPEG_QUALITY = 80
WEBP_QUALITY = 75
SHARE_SOURCE_WIDTH = 1024  # the variant a share image is cut from
_ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


@cache
def _code_version() -> str:
    """Changing how images are drawn must never serve stale cache entries."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("images.py", "share.py"):
        digest.update((here / name).read_bytes())
    digest.update(Image.__version__.encode())
    return digest.hexdigest()[:16]


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256(_code_version().encode())
    for part in parts:
        digest.update(b"\x00" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()


# ------------------------------------------------------------------ what a photo publishes

@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    fmt: str  # "webp" or "jpg"
    dest: str  # path in the built site, e.g. "media/exemplars/an-640.webp"

    @property
    def name(self) -> str:  # file name inside the cache entry
        return f"{self.width}.{self.fmt}"


@dataclass(frozen=True)
class PhotoSet:
    key: str
    source: Path
    variants: tuple[Variant, ...]

    def of(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.fmt == fmt]

    def at_least(self, width: int, fmt: str = "jpg") -> Variant:
        """The smallest copy at least `width` wide (the largest there is, if none)."""
        mine = self.of(fmt)
        return next((v for v in mine if v.width >= width), mine[-1])

    @property
    def largest(self) -> Variant:
        return self.of("jpg")[-1]


def oriented_size(path: Path) -> tuple[int, int]:
    """Width and height as shown, after the EXIF orientation, read without decoding."""
    with Image.open(path) as im:
        width, height = im.size
        if im.getexif().get(_ORIENTATION) in _SWAPS_SIDES:
            return height, width
        return width, height


def widths_for(width: int) -> list[int]:
    """Never upscaled: the standard widths below the photo's own, then its own (≤ 1600)."""
    top = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < top] + [top]


def photo_set(photo: Photo) -> PhotoSet:
    path = photo.media.path
    width, height = oriented_size(path)
    stem = PurePosixPath(photo.media.rel).with_suffix("")
    variants = tuple(
        Variant(w, max(1, round(height * w / width)), fmt, f"media/{stem}-{w}.{fmt}")
        for fmt in FORMATS for w in widths_for(width))
    return PhotoSet(_hash("photo", digest(path), repr(WIDTHS), str(JPEG_QUALITY),
                          str(WEBP_QUALITY)), path, variants)


def _rgb(im: Image.Image) -> Image.Image:
    """Upright RGB: transparency flattened onto white, CMYK and palettes converted."""
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return im.convert("RGB")


def render_photo(source: str, sizes: tuple[tuple[int, int], ...]) -> dict[str, bytes]:
    """Every (width, height) as WebP and JPEG. Each copy is a fresh image made from the pixels
    only, so no EXIF, GPS, XMP, IPTC, ICC or comment of the original can travel with it."""
    with Image.open(source) as im:
        im.load()
        full = _rgb(im)
    out: dict[str, bytes] = {}
    for width, height in sorted(sizes, reverse=True):
        small = full if full.size == (width, height) else full.resize((width, height),
                                                                      Image.LANCZOS)
        clean = Image.frombytes("RGB", small.size, small.tobytes())
        jpg, webp = io.BytesIO(), io.BytesIO()
        clean.save(jpg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        clean.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        out[f"{width}.jpg"], out[f"{width}.webp"] = jpg.getvalue(), webp.getvalue()
    return out


# ------------------------------------------------------------------ the cache and its jobs

READ_ONLY = 0o444


def place(source: Path, target: Path, link: bool) -> None:
    """Put `source` at `target` in a site. A file of the image cache (`link`) is linked, not
    copied: copying 10,000 share images was a tenth of a cold build. Cache files are
    read-only and never rewritten (a new image is a new entry), and `target` is removed
    first, so no write into the site goes through to the cache. Any other file, or a site on
    another file system, gets a copy."""
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    if link:
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, or one without links
            pass
    shutil.copyfile(source, target)  # a new file with the usual mode: the site's own

@dataclass(frozen=True)
class Job:
    """One cache entry to make: `func(*args)` returns its files (name → bytes). `func` is a
    module-level function, so the job can run in another process."""

    key: str
    func: Callable[..., dict[str, bytes]]
    args: tuple = field(default=())


def photo_job(ps: PhotoSet) -> Job:
    sizes = tuple(sorted({(v.width, v.height) for v in ps.variants}))
    return Job(ps.key, render_photo, (str(ps.source), sizes))


def _render_share(args: tuple, photo: str | None) -> dict[str, bytes]:
    from .share import share_image

    title, kicker, lines, owner, kind = args
    return {"share.jpg": share_image(title, kicker, list(lines), owner, kind,
                                     Path(photo) if photo else None)}


@dataclass
class Cache:
    root: Path
    # label → [made, reused] in this run; a warm build must make nothing.
    counts: dict[str, list[int]] = field(default_factory=dict)

    def report(self) -> str:
        """'Ảnh: 3 làm mới, 20 dùng lại; Ảnh chia sẻ: 0 làm mới, 45 dùng lại'."""
        return "; ".join(f"{what}: {made} làm mới, {reused} dùng lại"
                         for what, (made, reused) in self.counts.items())

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return (self.entry(key) / ".complete").is_file()

    def read(self, key: str, name: str) -> bytes:
        return (self.entry(key) / name).read_bytes()

    def share_job(self, args: tuple, photo: PhotoSet | None) -> Job:
        """A share image, cut from the cleaned photo (upright, no metadata) of `photo`."""
        source = None
        if photo is not None:
            source = str(self.entry(photo.key) / photo.at_least(SHARE_SOURCE_WIDTH).name)
        return Job(_hash("share", repr(args), photo.key if photo else ""), _render_share,
                   (args, source))

    def run(self, jobs: Iterable[Job], what: str) -> None:
        """Make the entries that are missing, on all cores, with progress for long runs."""
        unique = {j.key: j for j in jobs}
        missing = [j for j in unique.values() if not self.has(j.key)]
        count = self.counts.setdefault(what, [0, 0])
        count[0] += len(missing)
        count[1] += len(unique) - len(missing)
        if not missing:
            return
        step = max(1, len(missing) // 10)
        workers = min(len(missing), os.cpu_count() or 1)
        if workers == 1:
            for done, job in enumerate(missing, start=1):
                self._store(job.key, job.func(*job.args))
                self._progress(what, done, len(missing), step)
            return
        # "spawn": MkDocs' live-reload server runs threads, and forking a threaded process
        # can deadlock.
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(job.func, *job.args): job for job in missing}
            for done, future in enumerate(as_completed(futures), start=1):
                self._store(futures[future].key, future.result())
                self._progress(what, done, len(missing), step)

    def _progress(self, what: str, done: int, total: int, step: int) -> None:
        if total >= 20 and (done % step == 0 or done == total):
            print(f"  {what}: {done}/{total}", file=sys.stderr, flush=True)

    def _store(self, key: str, files: dict[str, bytes]) -> None:
        """Written beside, then renamed: an interrupted build leaves no half entry."""
        final = self.entry(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        for name, data in files.items():
            (tmp / name).write_bytes(data)
            (tmp / name).chmod(READ_ONLY)  # sites link to it (see `place`)
        (tmp / ".complete").write_bytes(b"")
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
