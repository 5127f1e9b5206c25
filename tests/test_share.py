"""Share images: the right size, no metadata, reproducible, every Vietnamese glyph real."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from conftest import make_jpeg
from guongsang.share import FONT_BOLD, FONT_REGULAR, _cmap, missing_glyphs, share_image


def vietnamese_letters() -> str:
    letters = "ĂÂĐÊÔƠƯăâđêôơư"
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for mark in ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            letters += unicodedata.normalize("NFC", base + mark)
    return letters


@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_BOLD])
def test_every_vietnamese_letter_has_a_glyph(font: Path) -> None:
    letters = vietnamese_letters()
    assert len(letters) == 14 + 24 * 5
    assert missing_glyphs(letters + "₫–—“”‘’…·", font) == set()


def test_missing_glyphs_really_detects_gaps() -> None:
    assert missing_glyphs("Hà Nội 中文 😀") == {"中", "文", "😀"}


def test_cmap_reader_agrees_with_fonttools() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    for font in (FONT_REGULAR, FONT_BOLD):
        assert _cmap(font) == frozenset(ttlib.TTFont(str(font)).getBestCmap())


def _image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_share_image_size_metadata_and_determinism() -> None:
    args = ("Hợp tác xã Dịch vụ Nông nghiệp tổng hợp Cam Hải Tây", "Gương điển hình · Tập thể",
            ["Phong trào: Nông thôn mới", "Xã Cam Hải Tây"], "UBND huyện Cam Lâm", "collective")
    data = share_image(*args)
    im = _image(data)
    assert im.format == "JPEG" and im.size == (1200, 630)
    assert not im.getexif() and "exif" not in im.info
    assert share_image(*args) == data


def test_photo_fills_the_left_panel(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "p.jpg", size=(800, 1200), color=(20, 20, 20))
    with_photo = _image(share_image("Lê Thị Hoa", "Cá nhân", [], "UBND", "individual", photo))
    without = _image(share_image("Lê Thị Hoa", "Cá nhân", [], "UBND", "individual"))
    left = (0, 0, 480, 630)
    dark = ImageStat.Stat(with_photo.crop(left).convert("L")).mean[0]
    light = ImageStat.Stat(without.crop(left).convert("L")).mean[0]
    assert dark < 40 < light


def test_a_very_long_title_still_fits() -> None:
    data = share_image("Nguyễn Thị " * 30, "Cá nhân", ["x" * 300], "UBND " * 20, "household")
    assert _image(data).size == (1200, 630)
