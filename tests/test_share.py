"""Share images: the right size, no metadata, reproducible, every Vietnamese glyph real."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from guongsang.share import (
    FONT_BOLD,
    FONT_REGULAR,
    PANEL,
    SIZE,
    TEXT_W,
    _cmap,
    _fit_title,
    _font,
    missing_glyphs,
    share_image,
)

TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng
HTX = "Hợp tác xã Dịch vụ Nông nghiệp tổng hợp Cam Hải Tây"
CAMPAIGN = "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau"


def vietnamese_letters() -> str:
    """Every Vietnamese letter: the 7 modified ones, and every tone on every vowel, both cases."""
    letters = "ĂÂĐÊÔƠƯăâđêôơư"
    vowels = "aăâeêioôơuưy"
    for base in vowels + vowels.upper():
        for tone in TONES:
            letter = unicodedata.normalize("NFC", base + tone)
            assert len(letter) == 1, f"{base}+{tone!r} has no precomposed form"
            letters += letter
    return letters


def _image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _left(data: bytes) -> Image.Image:
    return _image(data).crop((0, 0, PANEL, SIZE[1])).convert("RGB")


# -- glyph coverage ------------------------------------------------------------------------


@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_BOLD], ids=["regular", "bold"])
def test_every_vietnamese_letter_has_a_glyph(font: Path) -> None:
    letters = vietnamese_letters()
    assert len(set(letters)) == 14 + 24 * 5
    assert missing_glyphs(letters + " ₫–—“”‘’…·№", font) == set()
    # decomposed input is judged as it will be drawn, i.e. after NFC
    assert missing_glyphs(unicodedata.normalize("NFD", HTX + CAMPAIGN), font) == set()


def test_missing_glyphs_really_detects_gaps() -> None:
    assert missing_glyphs("Hà Nội 中文 😀") == {"中", "文", "😀"}
    assert missing_glyphs("ㄱ", FONT_REGULAR) == {"ㄱ"}
    assert missing_glyphs(" \t\n") == set()


def test_cmap_reader_agrees_with_fonttools() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    for font in (FONT_REGULAR, FONT_BOLD):
        assert _cmap(font) == frozenset(ttlib.TTFont(str(font)).getBestCmap())


def test_cmap_reader_handles_range_offsets_and_format_12(tmp_path: Path) -> None:
    """Noto only has delta-mapped format-4 segments; a built font exercises the other paths."""
    fontbuilder = pytest.importorskip("fontTools.fontBuilder")
    pens = pytest.importorskip("fontTools.pens.ttGlyphPen")
    names = [".notdef", "a", "b", "c", "smile"]
    # scattered glyph ids inside one segment force idRangeOffset; U+1F600 forces format 12
    cmap = {0x41: "c", 0x42: "a", 0x43: "b", 0x1EA0: "b", 0x1F600: "smile"}
    fb = fontbuilder.FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap)
    empty = pens.TTGlyphPen(None).glyph()
    fb.setupGlyf({name: empty for name in names})
    fb.setupHorizontalMetrics({name: (500, 0) for name in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    path = tmp_path / "test.ttf"
    fb.save(str(path))

    formats = {t.format for t in fb.font["cmap"].tables}
    assert {4, 12} <= formats
    assert _cmap(path) == frozenset(cmap)
    assert missing_glyphs("ABC ẠD😀", path) == {"D"}


# -- the image -----------------------------------------------------------------------------


def test_share_image_size_metadata_and_determinism() -> None:
    args = (HTX, "Gương điển hình tiên tiến", ["Phong trào: Nông thôn mới", "Xã Cam Hải Tây"],
            "UBND huyện Cam Lâm", "collective")
    data = share_image(*args)
    im = _image(data)
    assert im.format == "JPEG" and im.size == SIZE == (1200, 630) and im.mode == "RGB"
    assert not im.getexif() and "exif" not in im.info and "icc_profile" not in im.info
    assert b"Exif\x00" not in data and b"XMP" not in data
    assert share_image(*args) == data


def test_text_is_nfc_normalised_before_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Raqm would hide decomposed input by composing it itself; Pillow's basic layout would not,
    # so look at what reaches ImageDraw.text rather than at the pixels.
    drawn: list[str] = []
    original = ImageDraw.ImageDraw.text

    def spy(self: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, *a, **kw) -> None:
        drawn.append(text)
        original(self, xy, text, *a, **kw)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    nfd = unicodedata.normalize("NFD", "Hộ bà Nguyễn Thị Xuân Hương")
    share_image(nfd, unicodedata.normalize("NFD", "Gương điển hình"),
                [unicodedata.normalize("NFD", "Xã Cam Hải Đông")], nfd, "household")
    assert drawn and nfd != unicodedata.normalize("NFC", nfd)
    assert all(unicodedata.is_normalized("NFC", text) for text in drawn), drawn
    assert "Hộ bà Nguyễn Thị Xuân Hương" in drawn and "GƯƠNG ĐIỂN HÌNH" in drawn


def test_each_kind_has_its_own_placeholder() -> None:
    panels = {kind: _left(share_image("Tên", "Kicker", [], "UBND", kind))
              for kind in ("individual", "collective", "household", "campaign")}
    kinds = list(panels)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            diff = ImageStat.Stat(ImageChops.difference(panels[a], panels[b])).mean
            assert sum(diff) / 3 > 10, (a, b)
    with pytest.raises(ValueError, match="unknown kind"):
        share_image("Tên", "Kicker", [], "UBND", "company")


def test_photo_fills_the_left_panel_upright(tmp_path: Path) -> None:
    # A portrait as a phone stores it: landscape pixels plus EXIF Orientation=6 (rotate 90° CW
    # to display). Stored left half red, right half blue, so upright it is red above blue.
    stored = Image.new("RGB", (1200, 800), (200, 30, 30))
    stored.paste((30, 30, 200), (600, 0, 1200, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "portrait.jpg"
    stored.save(photo, "JPEG", quality=90, exif=exif.tobytes())
    with Image.open(photo) as check:
        assert check.size == (1200, 800) and check.getexif()[0x0112] == 6

    with_photo = _left(share_image("Lê Thị Hoa", "Cá nhân", [], "UBND", "individual", photo))
    placeholder = _left(share_image("Lê Thị Hoa", "Cá nhân", [], "UBND", "individual"))
    assert sum(ImageStat.Stat(ImageChops.difference(with_photo, placeholder)).mean) / 3 > 40

    top = ImageStat.Stat(with_photo.crop((0, 0, PANEL, 250))).mean
    bottom = ImageStat.Stat(with_photo.crop((0, 380, PANEL, SIZE[1]))).mean
    assert top[0] > 150 > top[2], f"top should be red (turned upright), got {top}"
    assert bottom[2] > 150 > bottom[0], f"bottom should be blue, got {bottom}"


def test_a_very_long_title_still_fits() -> None:
    data = share_image("Nguyễn Thị " * 30, "Cá nhân " * 20, ["x" * 300, "Xã " * 80],
                       "UBND " * 40, "household")
    im = _image(data)
    assert im.size == SIZE
    # nothing runs off to the right: the last 32 px above the band stay blank paper
    margin = im.crop((SIZE[0] - 32, 0, SIZE[0], SIZE[1] - 90)).convert("L")
    low, high = margin.getextrema()
    assert high - low < 16, (low, high)


def test_title_shrinks_then_ellipsizes() -> None:
    lines, size = _fit_title(HTX)
    assert 1 < len(lines) <= 3 and size >= 56 and " ".join(lines) == HTX
    short, short_size = _fit_title("Lê Thị Hoa")
    assert short == ["Lê Thị Hoa"] and short_size > size - 1
    long_lines, long_size = _fit_title("Nguyễn Thị " * 30)
    assert len(long_lines) == 3 and long_lines[-1].endswith("…") and long_size < size
    word_lines, word_size = _fit_title("Siêu" + "dài" * 60)
    assert len(word_lines) == 1 and word_lines[0].endswith("…")
    for fitted, at in ((lines, size), (long_lines, long_size), (word_lines, word_size)):
        assert all(_font(FONT_BOLD, at).getlength(line) <= TEXT_W for line in fitted)
