"""The media pipeline, with real builds: phone photos published upright, clean, in every
width as WebP and JPEG, cached by content; audio checked against its own frames."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from PIL import Image, ImageOps

from conftest import SiteDir, mp3


def consenting(data: dict, *scopes: str) -> dict:
    data["consent"]["scope"] = [*data["consent"]["scope"], *scopes]
    return data

WIDTHS = [192, 320, 640, 1024]


def phone_photo(path: Path, size=(2000, 1500)) -> Path:
    """Red top half, blue bottom half as stored; EXIF says 'turn 90° clockwise to display'
    and carries a GPS position, a camera make and a comment, like a phone's picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, (200, 0, 0))
    im.paste((0, 0, 200), (0, size[1] // 2, size[0], size[1]))
    exif = im.getexif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (12.0, 1.0, 30.0), 3: "E", 4: (109.0, 10.0, 5.0)}
    im.save(path, "JPEG", quality=90, exif=exif.tobytes(), comment=b"GPS home of the family")
    return path


def no_metadata(path: Path) -> None:
    with Image.open(path) as im:
        assert not im.getexif(), path
        for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp", "photoshop"):
            assert key not in im.info, (path, key)


def variants(site_dir: Path, stem: str) -> dict[str, tuple[int, int]]:
    out = {}
    for path in sorted((site_dir / "media").glob(f"{stem}-*")):
        with Image.open(path) as im:
            out[path.name] = im.size
    return out


@pytest.fixture
def photo_site(site: SiteDir) -> SiteDir:
    phone_photo(site.content / "media" / "an.jpg")
    site.exemplar("nguyen-van-an", consenting(site.person(
        photo={"src": "media/an.jpg", "alt": "Ông An bên vườn xoài"}), "photo"))
    return site


def test_phone_photo_is_published_upright_clean_in_every_width(photo_site: SiteDir) -> None:
    code, out, site_dir = photo_site.build()
    assert code == 0, out
    got = variants(site_dir, "an")
    # Shown 1500×2000 (portrait) after the EXIF rotation; never upscaled past 1500.
    expected = {f"an-{w}.{fmt}": (w, round(2000 * w / 1500))
                for w in [*WIDTHS, 1500] for fmt in ("jpg", "webp")}
    assert got == expected
    for name in got:
        path = site_dir / "media" / name
        no_metadata(path)
        with Image.open(path) as im:
            rgb = im.convert("RGB")
            w, h = rgb.size
            # Stored top (red) is on the right once turned 90° clockwise.
            right, left = rgb.getpixel((w * 3 // 4, h // 2)), rgb.getpixel((w // 4, h // 2))
            assert right[0] > 150 and right[2] < 60, (name, right)
            assert left[2] > 150 and left[0] < 60, (name, left)
    assert not (site_dir / "media" / "an.jpg").exists()  # the original never travels
    with Image.open(photo_site.content / "media" / "an.jpg") as im:
        assert ImageOps.exif_transpose(im).size == (1500, 2000)
        assert im.getexif()[0x0112] == 6  # the editor's file is left alone


def test_pages_use_srcset_with_sizes_and_dimensions(photo_site: SiteDir) -> None:
    code, out, site_dir = photo_site.build()
    assert code == 0, out
    page = (site_dir / "dien-hinh/nguyen-van-an/index.html").read_text("utf-8")
    picture = re.search(r"<picture>.*?</picture>", page, re.S)
    assert picture, page
    html = picture[0]
    assert re.search(r'<source type="image/webp" srcset="[^"]*an-192\.webp 192w, [^"]*'
                     r'an-320\.webp 320w,[^"]*an-1500\.webp 1500w" sizes="[^"]+">', html)
    assert re.search(r'<img [^>]*srcset="[^"]*an-192\.jpg 192w', html)
    assert 'width="1500" height="2000"' in html
    home = (site_dir / "index.html").read_text("utf-8")
    card = re.search(r'<picture>.*?</picture>', home, re.S)[0]
    assert 'loading="lazy"' in card and 'width="1500" height="2000"' in card
    for folder, html_text in ((site_dir / "dien-hinh/nguyen-van-an", page), (site_dir, home)):
        for attr in re.findall(r'(?:src|srcset)="([^"]*media/[^"]+)"', html_text):
            for url in re.findall(r"(\S+\.(?:jpg|webp))", attr):
                assert (folder / url).resolve().is_file(), url


def test_png_with_alpha_and_cmyk_jpeg(site: SiteDir) -> None:
    png = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    png.paste((0, 128, 0, 255), (0, 0, 400, 600))
    (site.content / "media").mkdir(parents=True, exist_ok=True)
    png.save(site.content / "media" / "logo.png")
    Image.new("CMYK", (900, 600), (0, 255, 255, 0)).save(site.content / "media" / "in.jpg",
                                                         "JPEG", quality=90)
    site.exemplar("htx-an-binh", site.collective(
        photo={"src": "media/logo.png", "alt": "Biểu trưng của hợp tác xã"}))
    site.exemplar("nguyen-van-an", consenting(site.person(
        photo={"src": "media/in.jpg", "alt": "Ảnh chụp từ bản in của xã"}), "photo"))
    code, out, site_dir = site.build()
    assert code == 0, out
    with Image.open(site_dir / "media" / "logo-800.jpg") as im:
        assert im.mode == "RGB"
        assert min(im.getpixel((700, 300))) > 240  # transparent → white, not black
        assert im.getpixel((100, 300))[1] > 100
    with Image.open(site_dir / "media" / "in-900.webp") as im:
        assert im.mode == "RGB"
        r, g, b = im.getpixel((450, 300))
        assert r > 180 and g < 80 and b < 80  # CMYK (0, 255, 255, 0) is red
    for path in (site_dir / "media").iterdir():
        no_metadata(path)


def test_warm_build_makes_no_image_and_a_change_redoes_only_that_photo(
        photo_site: SiteDir) -> None:
    phone_photo(photo_site.content / "media" / "binh.jpg", size=(1200, 900))
    photo_site.exemplar("htx-an-binh", photo_site.collective(
        photo={"src": "media/binh.jpg", "alt": "Xã viên hợp tác xã trên đồng"}))
    code, cold, site_dir = photo_site.build()
    assert code == 0, cold
    assert "Ảnh: 2 làm mới, 0 dùng lại" in cold
    first = {p.name: p.read_bytes() for p in (site_dir / "media").iterdir()}

    photo_site.touch()  # built again from the caches, not kept as it is
    code, warm, site_dir = photo_site.build()
    assert code == 0, warm
    assert re.search(r"Ảnh: 0 làm mới, 2 dùng lại; Ảnh chia sẻ: 0 làm mới, \d+ dùng lại", warm)
    assert {p.name: p.read_bytes() for p in (site_dir / "media").iterdir()} == first

    phone_photo(photo_site.content / "media" / "binh.jpg", size=(1300, 900))
    code, changed, site_dir = photo_site.build()
    assert code == 0, changed
    # One photo, and the one share image cut from it.
    assert re.search(r"Ảnh: 1 làm mới, 1 dùng lại; Ảnh chia sẻ: 1 làm mới, \d+ dùng lại",
                     changed)
    with Image.open(site_dir / "media" / "binh-900.jpg") as im:
        assert im.size == (900, 1300)  # the new picture (shown upright: 900 wide)
    assert (site_dir / "media" / "an-1500.jpg").read_bytes() == first["an-1500.jpg"]


def test_share_image_comes_from_the_clean_upright_photo(photo_site: SiteDir) -> None:
    code, out, site_dir = photo_site.build()
    assert code == 0, out
    with Image.open(site_dir / "share/dien-hinh/nguyen-van-an.jpg") as im:
        assert im.size == (1200, 630)
        no_metadata(site_dir / "share/dien-hinh/nguyen-van-an.jpg")
        # Left panel: the upright photo has red on its right half and blue on its left.
        px = im.convert("RGB").getpixel((40, 315))
        assert px[2] > 120 and px[0] < 80, px


def test_site_images_are_links_to_read_only_cache_files_never_written_through(
        photo_site: SiteDir) -> None:
    """Photos and share images are the image cache's files, linked into the site (copying
    them was a tenth of a cold build); nothing written into the site reaches the cache."""
    (photo_site.content / "media").mkdir(parents=True, exist_ok=True)
    (photo_site.content / "media" / "an.mp3").write_bytes(mp3(10))
    photo_site.exemplar("nguyen-van-an", consenting(photo_site.person(
        photo={"src": "media/an.jpg", "alt": "Ông An bên vườn xoài"},
        audio={"src": "media/an.mp3"}), "photo", "audio"))
    code, out, site_dir = photo_site.build()
    assert code == 0, out
    cache = photo_site.root / ".cache/guongsang/images"
    cached = {p.stat().st_ino: p for p in cache.rglob("*") if p.is_file()
              and p.name != ".complete"}
    linked = [site_dir / "share/dien-hinh/nguyen-van-an.jpg",
              *(site_dir / "media").glob("an-*.*")]
    assert len(linked) >= 1 + 2 * len(WIDTHS)  # every width as JPEG and WebP
    for path in linked:
        source = cached[path.stat().st_ino]  # the same file, not a copy
        assert source.stat().st_mode & 0o777 == 0o444, source
    recording = site_dir / "media/an.mp3"  # the editor's own file: always a copy
    assert recording.stat().st_ino != (photo_site.content / "media/an.mp3").stat().st_ino
    before = {p: p.read_bytes() for p in cached.values()}

    # A build into a site that already has these files (as `serve` does) replaces them
    # rather than writing into them; so does any later placing.
    from guongsang import images
    share = site_dir / "share/dien-hinh/nguyen-van-an.jpg"
    other = photo_site.root / "other.jpg"
    other.write_bytes(b"another picture")
    images.place(other, share, link=False)
    assert share.read_bytes() == b"another picture"
    assert {p: p.read_bytes() for p in cached.values()} == before
    source = next(p for p in cached.values() if p.suffix == ".jpg")
    images.place(source, share, link=True)  # a file already there gives way to the link
    assert share.stat().st_ino == source.stat().st_ino

    # Another file system (or none with links): a copy the site may write.
    images.place(cached[linked[1].stat().st_ino], linked[1], link=True)
    real_link = images.os.link
    try:
        images.os.link = lambda *a: (_ for _ in ()).throw(OSError(18, "cross-device"))
        images.place(next(iter(before)), linked[2], link=True)
    finally:
        images.os.link = real_link
    assert linked[2].stat().st_ino not in cached
    assert linked[2].stat().st_mode & 0o200
    assert {p: p.read_bytes() for p in cached.values()} == before


# ------------------------------------------------------------------ audio

def test_audio_duration_is_checked_against_the_file(site: SiteDir) -> None:
    (site.content / "media").mkdir(parents=True, exist_ok=True)
    (site.content / "media" / "an.mp3").write_bytes(mp3(200))
    path = site.exemplar("nguyen-van-an", consenting(site.person(
        audio={"src": "media/an.mp3", "duration": "05:00"}), "audio"))
    code, out = site.validate()
    assert code == 1
    assert re.search(r"nguyen-van-an\.md:\d+: LỖI \[audio\.duration\] thời lượng ghi 05:00 "
                     r"nhưng tệp content/media/an\.mp3 dài 03:19", out), out
    assert 'duration: "03:19"' in out

    path.unlink()
    site.exemplar("nguyen-van-an", consenting(site.person(
        audio={"src": "media/an.mp3"}), "audio"))
    code, out, site_dir = site.build()
    assert code == 0, out
    feed = feedparser.parse((site_dir / "feeds/radio.xml").read_bytes())
    assert feed.entries[0].itunes_duration == "03:19"  # measured when the editor left it out
    page = (site_dir / "dien-hinh/nguyen-van-an/index.html").read_text("utf-8")
    assert re.search(r'<audio controls[^>]*src="../../media/an.mp3"', page)
    assert re.search(r'<a href="../../media/an.mp3"[^>]*>[^<]*tải', page, re.I), page


@pytest.mark.parametrize("data", [b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 4000,
                                  b"<html>not audio</html>" * 50])
def test_fake_audio_is_refused(site: SiteDir, data: bytes) -> None:
    (site.content / "media").mkdir(parents=True, exist_ok=True)
    (site.content / "media" / "an.mp3").write_bytes(data)
    site.exemplar("nguyen-van-an", consenting(site.person(
        audio={"src": "media/an.mp3"}), "audio"))
    code, out = site.validate()
    assert code == 1
    assert "content/media/an.mp3: tệp không phải âm thanh MP3 thật hoặc bị hỏng" in out


def test_warm_build_neither_decodes_nor_hashes_an_unchanged_photo(
        photo_site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image as PILImage

    from guongsang import media

    code, out, _ = photo_site.build()
    assert code == 0, out
    decoded, hashed = [], []
    real_load, real_sha = PILImage.Image.load, media._sha256_file
    monkeypatch.setattr(PILImage.Image, "load",
                        lambda self, *a: decoded.append(self) or real_load(self, *a))
    monkeypatch.setattr(media, "_sha256_file", lambda p: hashed.append(p) or real_sha(p))
    photo_site.touch()  # built again from the caches, not kept as it is
    code, out, _ = photo_site.build()
    assert code == 0, out
    assert "Ảnh: 0 làm mới, 1 dùng lại" in out
    assert decoded == [] and hashed == []

    phone_photo(photo_site.content / "media" / "an.jpg", size=(2100, 1500))  # changed
    code, out, _ = photo_site.build()
    assert code == 0, out
    assert decoded and hashed and "Ảnh: 1 làm mới" in out


def test_a_photo_checked_once_is_not_decoded_again_when_only_the_images_are_kept(
        photo_site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI job that keeps only the images: the photo is hashed (its bytes may have changed)
    but not decoded to be checked again; other bytes under the same name are."""
    import shutil

    from PIL import Image as PILImage

    from guongsang import media

    code, out, _ = photo_site.build()
    assert code == 0, out
    cache = photo_site.root / ".cache" / "guongsang"
    assert list((cache / "images" / "passed").rglob("*.jpg.*"))

    def forget_all_but_images() -> None:
        for path in cache.iterdir():
            if path.name != "images":
                shutil.rmtree(path) if path.is_dir() else path.unlink()

    forget_all_but_images()
    decoded, hashed = [], []
    real_load, real_sha = PILImage.Image.load, media._sha256_file
    monkeypatch.setattr(PILImage.Image, "load",
                        lambda self, *a: decoded.append(self) or real_load(self, *a))
    monkeypatch.setattr(media, "_sha256_file", lambda p: hashed.append(p) or real_sha(p))
    code, out, site_dir = photo_site.build()
    assert code == 0, out
    assert decoded == [] and len(hashed) == 1
    assert "Ảnh: 0 làm mới, 1 dùng lại" in out
    assert (site_dir / "dien-hinh" / "nguyen-van-an" / "index.html").is_file()

    forget_all_but_images()
    broken = photo_site.content / "media" / "an.jpg"
    broken.write_bytes(broken.read_bytes()[:2000])  # other bytes: checked, and refused
    code, out = photo_site.validate()
    assert code == 1 and "ảnh bị hỏng" in out, out
    assert decoded
