"""HTML → PDF with WeasyPrint, offline and reproducible.

WeasyPrint would fetch any URL a document names (an image in a story, a font on a CDN). Our
documents name only three private schemes, served by `LocalOnly` from disk; every other
address — http, https, file, data, relative — is refused without a request:

- `gs-font:<file>`: the package's Noto Sans (the only font a PDF uses, always embedded);
- `gs-photo:<cache key>/<file>`: a cleaned copy of a photo (upright, no metadata) from the
  image cache, never the editor's original;
- `gs-art:<kind>`: the kind's drawn placeholder, for a profile without a public photo.

Output is byte-identical for the same input: no clock is read (the dates come from the
document's `dcterms.*` meta, i.e. from the profiles), no random identifier is written.
"""

from __future__ import annotations

import io
import logging
import os
import re
from functools import cache
from pathlib import Path

import segno

from .share import FONTS

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
FONT_FAMILY = "GS Noto Sans"  # a private name: fontconfig can never substitute a system font
FONT_CSS = (
    f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: 400; '
    'src: url("gs-font:NotoSans-Regular.ttf"); }\n'
    f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: 700; '
    'src: url("gs-font:NotoSans-Bold.ttf"); }\n')
_PHOTO = re.compile(r"([0-9a-f]{64})/(\d{2,4}\.jpg)")
ART_SIZE = (1400, 1000)  # placeholders are drawn at poster size (wider than the share panel)


def qr_svg(url: str) -> str:
    """An inline SVG QR code (error correction M: survives a scratch or a fold), sized by CSS."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, dark="#000", light="#fff", svgclass="qr",
        lineclass=None)


def qr_png(url: str, size: int) -> bytes:
    """A QR code as a PNG of about `size` px (whole modules, so it stays sharp)."""
    qr = segno.make(url, error="m", micro=False)
    modules = qr.symbol_size(border=2)[0]
    out = io.BytesIO()
    qr.save(out, kind="png", scale=max(1, size // modules), border=2)
    return out.getvalue()


@cache
def _art(kind: str) -> bytes:
    from .share import _placeholder

    out = io.BytesIO()
    _placeholder(kind, ART_SIZE).save(out, "PNG", optimize=True)
    return out.getvalue()


def _weasyprint():
    """WeasyPrint, imported without its side effect: it sets Pillow's LOAD_TRUNCATED_IMAGES
    for the whole process, which would let a truncated photo pass our media checks."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint
    import weasyprint.urls

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def _fetcher_class():
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse  # noqa: N806

    class LocalOnly(URLFetcher):
        """Serves the three private schemes above from disk and refuses everything else."""

        def __init__(self, photos: Path | None) -> None:
            super().__init__(allowed_protocols=("gs-font", "gs-photo", "gs-art"))
            self.photos = photos
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None):
            scheme, _, rest = url.partition(":")
            body, mime = None, ""
            if scheme == "gs-font" and rest in FONT_FILES:
                body, mime = (FONTS / rest).read_bytes(), "font/ttf"
            elif scheme == "gs-photo" and self.photos and (m := _PHOTO.fullmatch(rest)):
                key, name = m.groups()
                path = self.photos / key[:2] / key / name
                if path.is_file():
                    body, mime = path.read_bytes(), "image/jpeg"
            elif scheme == "gs-art" and rest in ("individual", "collective", "household",
                                                 "campaign"):
                body, mime = _art(rest), "image/png"
            if body is None:
                self.refused.append(url)
                raise ValueError(f"refused: {url}")  # WeasyPrint skips the resource
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalOnly


def fetcher(photos: Path | None = None):
    """A `LocalOnly` URL fetcher; `photos` is the image cache's folder."""
    return _fetcher_class()(photos)


def _quiet() -> None:
    # A refused address is the expected outcome, not something to print on every build.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)


def document(html: str, photos: Path | None = None, url_fetcher=None):
    """The laid-out WeasyPrint document (pages can be inspected before writing)."""
    HTML = _weasyprint().HTML  # noqa: N806
    _quiet()
    # A base URL in a private scheme: a relative address resolves to it and is refused too.
    return HTML(string=html, base_url="gs-none:/", url_fetcher=url_fetcher or fetcher(photos),
                media_type="print").render()


FONT_EPOCH = "1577836800"  # 2020-01-01: the "modified" date of the fonts a PDF embeds


def write(doc) -> bytes:
    # Embedded fonts are cut to the letters used (fontTools), and each cut font is stamped
    # with the time of writing unless SOURCE_DATE_EPOCH gives one: the same booklet came out
    # different on every build.
    given = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = given or FONT_EPOCH
    try:
        return doc.write_pdf(pdf_identifier=False, uncompressed_pdf=False)
    finally:
        if given is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def render(html: str, photos: str | None = None) -> bytes:
    """HTML → PDF bytes. Module-level with plain arguments: it runs in worker processes."""
    return write(document(html, Path(photos) if photos else None))
