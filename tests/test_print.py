"""Booklets, posters, screen slides and the LED page, looked at with real tools: poppler renders
and reads the PDFs, zxing-cpp decodes the QR codes from the pixels."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from conftest import SiteDir, make_jpeg
from guongsang import pdf
from guongsang.share import FONT_BOLD, FONT_REGULAR, missing_glyphs
from printing import (
    A3,
    A5,
    fonts,
    images,
    info,
    page_size,
    pages,
    pdf_qr_codes,
    qr_codes,
    same_size,
    text,
)

BASE = "https://guongsang.example.gov.vn/"
HIDDEN = {  # slug → a name that must never be printed
    "ban-nhap": "Phạm Thị Nháp",
    "cho-duyet": "Võ Văn Duyệt",
    "hen-gio": "Đỗ Thị Hẹn",
    "da-go": "Lý Văn Gỡ",
}


def url(slug: str) -> str:
    return f"{BASE}dien-hinh/{slug}/"


def make_site(root: Path) -> SiteDir:
    site = SiteDir(root, prints=True)
    make_jpeg(site.content / "media" / "an.jpg", size=(1200, 900), color=(30, 90, 160))
    make_jpeg(site.content / "media" / "ngoc.jpg", size=(900, 1200), color=(200, 40, 40))
    an = site.person(photo={"src": "media/an.jpg", "alt": "Ông An bên vườn xoài"})
    an["consent"]["scope"].append("photo")
    an["awards"].append({"title": "Bằng khen của Chủ tịch UBND tỉnh", "level": "province",
                         "decision": "Quyết định số 99/QĐ-UBND", "date": "2023-09-01",
                         "revoked": "2024-01-01"})
    site.exemplar("nguyen-van-an", an)
    # Photo, birth year and home town given but outside the consent: never printed.
    site.exemplar("tran-bao-ngoc", site.person(
        id="tran-bao-ngoc", title="Trần Bảo Ngọc", year=2024, published="2024-08-20",
        photo={"src": "media/ngoc.jpg", "alt": "Chị Ngọc tại lớp học"},
        person={"birth_year": 1987, "hometown": "Xã Quê Kín Đáo", "position": "Giáo viên"},
        consent={"date": "2024-08-01", "by": "Trần Bảo Ngọc", "scope": ["name", "story"]}))
    site.exemplar("htx-an-binh", site.collective())
    site.exemplar("ho-ong-binh", site.person(
        id="ho-ong-binh", title="Hộ ông Lê Văn Bình", kind="household", campaigns=[],
        published="2024-02-02", year=2024))
    for slug, name in HIDDEN.items():
        data = site.person(id=slug, title=name, summary=f"{name} là hồ sơ không được in ra.")
        if slug == "ban-nhap":
            data["status"] = "draft"
        elif slug == "cho-duyet":
            data["status"] = "review"
        elif slug == "hen-gio":
            data["published"] = "2099-01-01"
        else:
            data.update(status="withdrawn", withdrawn_reason="Người được nêu gương rút lại")
        site.exemplar(slug, data)
    return site


PUBLIC = {"nguyen-van-an": "Nguyễn Văn An", "tran-bao-ngoc": "Trần Bảo Ngọc",
          "htx-an-binh": "Hợp tác xã Nông nghiệp An Bình", "ho-ong-binh": "Hộ ông Lê Văn Bình"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[SiteDir, Path, str]:
    site = make_site(tmp_path_factory.mktemp("print") / "src")
    code, out, site_dir = site.build()
    assert code == 0, out
    return site, site_dir, out


def all_print_files(site_dir: Path) -> list[Path]:
    return sorted(p for d in ("tai-lieu", "man-hinh") for p in (site_dir / d).rglob("*")
                  if p.is_file())


# ------------------------------------------------------------------ booklets


def test_booklets_of_each_campaign_and_year(built) -> None:
    _site, site_dir, _out = built
    expected = {  # booklet → exemplars in it
        "nong-thon-moi": {"nguyen-van-an", "tran-bao-ngoc", "htx-an-binh"},
        "2023": {"nguyen-van-an"}, "2022": {"htx-an-binh"},
        "2024": {"tran-bao-ngoc", "ho-ong-binh"},
    }
    got = {p.stem for p in (site_dir / "tai-lieu").glob("*.pdf")}
    assert got == set(expected)
    for name, slugs in expected.items():
        path = site_dir / "tai-lieu" / f"{name}.pdf"
        assert same_size(page_size(path), A5), (name, page_size(path))
        # cover + contents + one or two pages per exemplar
        assert len(slugs) + 2 <= pages(path) <= 2 * len(slugs) + 2, (name, pages(path))
        body = text(path)
        assert body == unicodedata.normalize("NFC", body)
        for slug in slugs:
            assert PUBLIC[slug] in body, (name, slug)
        for slug in set(PUBLIC) - slugs:
            assert PUBLIC[slug] not in body, (name, slug)
        assert "UBND HUYỆN THỬ NGHIỆM" in body and "Mục lục" in body
        # the QR codes, decoded from the rendered pages, lead to each profile and the cover's
        cover = f"{BASE}phong-trao/{name}/" if not name.isdigit() else f"{BASE}nam/{name}/"
        assert set(pdf_qr_codes(path)) == {url(s) for s in slugs} | {cover}, name


def test_booklet_numbers_its_pages_and_lists_them(built) -> None:
    _site, site_dir, _out = built
    path = site_dir / "tai-lieu" / "nong-thon-moi.pdf"
    per_page = text(path).split("\f")
    contents = per_page[1]
    for slug in ("nguyen-van-an", "tran-bao-ngoc", "htx-an-binh"):
        # the contents give each exemplar's page, and that page starts with it
        m = re.search(re.escape(PUBLIC[slug]) + r"[ .]*?(\d+)\s", contents)
        assert m, (slug, contents)
        page = int(m.group(1))
        assert PUBLIC[slug] in per_page[page - 1]
        assert re.search(rf"(?m)^\s*{page}\s*$", per_page[page - 1]), "page number printed"


def test_every_pdf_embeds_only_the_bundled_font_and_misses_no_glyph(built) -> None:
    _site, site_dir, _out = built
    pdfs = [p for p in all_print_files(site_dir) if p.suffix == ".pdf"]
    assert len(pdfs) == 4 + 4  # booklets + posters
    for path in pdfs:
        used = fonts(path)
        assert used, path
        for name, embedded in used:
            assert embedded, (path, name)
            assert "Noto-Sans" in name, (path, name)  # never a system font
        body = text(path)
        for font in (FONT_REGULAR, FONT_BOLD):
            assert missing_glyphs(body, font) == set(), path


def test_unpublished_profiles_are_printed_nowhere(built) -> None:
    _site, site_dir, _out = built
    for slug in HIDDEN:
        assert not (site_dir / "tai-lieu" / "ap-phich" / f"{slug}.pdf").exists()
        assert not (site_dir / "man-hinh" / f"{slug}.png").exists()
    seen = "\n".join(text(p) if p.suffix == ".pdf" else p.read_text("utf-8", "replace")
                     for p in all_print_files(site_dir) if p.suffix in (".pdf", ".html"))
    seen += (site_dir / "tai-lieu" / "index.html").read_text("utf-8")
    for slug, name in HIDDEN.items():
        assert name not in seen and slug not in seen


def test_only_consented_details_are_printed(built) -> None:
    _site, site_dir, _out = built
    booklet = text(site_dir / "tai-lieu" / "2024.pdf")
    assert "Trần Bảo Ngọc" in booklet and "Giáo viên" in booklet
    assert "1987" not in booklet and "Quê Kín Đáo" not in booklet
    assert "Sinh năm 1968" in text(site_dir / "tai-lieu" / "2023.pdf")  # consented there
    # the photo outside the consent is not embedded: only the drawn placeholder (1400×1000)
    poster = site_dir / "tai-lieu" / "ap-phich" / "tran-bao-ngoc.pdf"
    assert images(poster) == [(pdf.ART_SIZE[0], pdf.ART_SIZE[1])]
    assert (1200, 900) in images(site_dir / "tai-lieu" / "ap-phich" / "nguyen-van-an.pdf")
    # a revoked award is in no table
    assert "99/QĐ-UBND" not in text(site_dir / "tai-lieu" / "2023.pdf")


# ------------------------------------------------------------------ posters and slides


def test_a3_poster_per_public_exemplar(built) -> None:
    _site, site_dir, _out = built
    got = {p.stem for p in (site_dir / "tai-lieu" / "ap-phich").glob("*.pdf")}
    assert got == set(PUBLIC)
    for slug, name in PUBLIC.items():
        path = site_dir / "tai-lieu" / "ap-phich" / f"{slug}.pdf"
        assert pages(path) == 1
        assert same_size(page_size(path), A3)
        body = " ".join(text(path).split())
        assert name in body and "GƯƠNG ĐIỂN HÌNH TIÊN TIẾN" in body
        assert pdf_qr_codes(path, dpi=60) == [url(slug)]
        meta = info(path)  # document metadata, from the profile (never the clock)
        assert meta["Title"].startswith(name) and meta["Author"] == "UBND huyện Thử Nghiệm"
    created = info(site_dir / "tai-lieu" / "ap-phich" / "nguyen-van-an.pdf")["CreationDate"]
    assert created.endswith("Jan 15 00:00:00 2024 UTC")  # its `published` date
    assert "Nông thôn mới" in text(site_dir / "tai-lieu" / "ap-phich" / "htx-an-binh.pdf") or \
        "nông thôn mới" in text(site_dir / "tai-lieu" / "ap-phich" / "htx-an-binh.pdf")


def test_screen_slide_per_public_exemplar(built) -> None:
    _site, site_dir, _out = built
    got = {p.stem for p in (site_dir / "man-hinh").glob("*.png")}
    assert got == set(PUBLIC)
    for slug in PUBLIC:
        with Image.open(site_dir / "man-hinh" / f"{slug}.png") as im:
            assert im.size == (1920, 1080)
            assert not im.getexif() and "exif" not in im.info
            assert qr_codes(im.convert("RGB")) == [url(slug)]


def test_led_page_is_self_contained_and_works_without_script(built) -> None:
    _site, site_dir, _out = built
    page = (site_dir / "man-hinh" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    srcs = re.findall(r'<img[^>]+src="([^"]+)"', page)
    # newest first: Ngọc (2024-08-20), Bình (2024-02-02), An (2024-01-15), the HTX (2022)
    assert srcs == ["tran-bao-ngoc.png", "ho-ong-binh.png", "nguyen-van-an.png",
                    "htx-an-binh.png"]
    for src in srcs:
        assert (site_dir / "man-hinh" / src).is_file()
    assert "loading=" not in page  # every slide loads with the page: it runs offline after
    assert not re.search(r'(src|href)="(https?:)?//', page) and "http" not in page.split(
        "<script>")[0]
    assert ".s:first-child" in page  # shown by CSS alone when the script does not run
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    assert "man-hinh" not in sitemap
    assert "tai-lieu/" in sitemap  # the downloads page is an ordinary page


def test_pages_link_their_documents(built) -> None:
    _site, site_dir, _out = built
    profile = (site_dir / "dien-hinh" / "nguyen-van-an" / "index.html").read_text("utf-8")
    assert 'href="../../tai-lieu/ap-phich/nguyen-van-an.pdf"' in profile
    assert "Tải áp phích (PDF, A3)" in profile
    assert 'href="../../man-hinh/nguyen-van-an.png"' in profile
    campaign = (site_dir / "phong-trao" / "nong-thon-moi" / "index.html").read_text("utf-8")
    assert 'href="../../tai-lieu/nong-thon-moi.pdf"' in campaign
    year = (site_dir / "nam" / "2024" / "index.html").read_text("utf-8")
    assert 'href="../../tai-lieu/2024.pdf"' in year
    downloads = (site_dir / "tai-lieu" / "index.html").read_text("utf-8")
    assert 'href="../man-hinh/"' in downloads and 'href="../tai-lieu/2022.pdf"' not in downloads
    assert 'href="2022.pdf"' in downloads
    home = (site_dir / "index.html").read_text("utf-8")
    assert 'href="tai-lieu/"' in home  # in the navigation


# ------------------------------------------------------------------ cache, reproducibility


def test_rebuild_makes_no_document_and_a_change_remakes_only_its_own(built) -> None:
    site, _site_dir, cold = built
    assert re.search(r"Tài liệu in, trình chiếu: 12 làm mới, 0 dùng lại", cold), cold
    site.touch()  # built again from the caches, not kept as it is
    code, warm, _ = site.build()
    assert code == 0, warm
    assert "Tài liệu in, trình chiếu: 0 làm mới, 12 dùng lại" in warm
    household = site.content / "exemplars" / "ho-ong-binh.md"
    household.write_text(household.read_text("utf-8").replace(
        "Nông dân sản xuất giỏi", "Hộ sản xuất giỏi"), "utf-8")
    code, changed, site_dir = site.build()
    assert code == 0, changed
    # its poster, its slide and the 2024 booklet (it is in no campaign)
    assert "Tài liệu in, trình chiếu: 3 làm mới, 9 dùng lại" in changed
    assert "Hộ sản xuất giỏi" in " ".join(text(site_dir / "tai-lieu" / "2024.pdf").split())


def test_same_input_gives_byte_identical_documents(built, tmp_path: Path) -> None:
    site, site_dir, _out = built
    other = make_site(tmp_path / "elsewhere")  # another folder, an empty cache
    shutil.copy(site.content / "exemplars" / "ho-ong-binh.md",
                other.content / "exemplars" / "ho-ong-binh.md")  # as changed above, if run
    code, out, other_dir = other.build()
    assert code == 0, out
    mine = {p.relative_to(site_dir): p.read_bytes() for p in all_print_files(site_dir)}
    theirs = {p.relative_to(other_dir): p.read_bytes() for p in all_print_files(other_dir)}
    assert mine.keys() == theirs.keys()
    for name in mine:
        assert mine[name] == theirs[name], name


# ------------------------------------------------------------------ nothing is fetched


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = []
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_pdf_fetches_no_address_but_its_own(server: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(secret)
    html = (f"<html><head><style>{pdf.FONT_CSS} body {{ font-family: '{pdf.FONT_FAMILY}' }}"
            f"</style><link rel='stylesheet' href='{server}/style.css'>"
            f"<style>@import url('{server}/import.css');</style></head><body>"
            f"<p>Xin chào</p><img src='{server}/pixel.png'><img src='//127.0.0.1/x.png'>"
            f"<img src='file://{secret}'><img src='{secret}'><img src='anh.jpg'>"
            f"<img src='data:image/png;base64,iVBORw0KGgo='></body></html>")
    fetcher = pdf.fetcher()
    data = pdf.write(pdf.document(html, url_fetcher=fetcher))
    assert data.startswith(b"%PDF")
    assert _Counter.hits == []
    assert {f"{server}/style.css", f"{server}/import.css", f"{server}/pixel.png",
            f"file://{secret}"} <= set(fetcher.refused)
    assert not any(r.startswith("gs-font:") for r in fetcher.refused)


def test_weasyprint_leaves_pillow_strict(tmp_path: Path) -> None:
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; rendering a PDF in
    this process must not make a truncated photo pass validation afterwards."""
    from PIL import ImageFile

    pdf.render(f"<style>{pdf.FONT_CSS}</style><p style='font-family: \"{pdf.FONT_FAMILY}\"'>"
               "Ấ</p>")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    site = SiteDir(tmp_path / "t")
    good = make_jpeg(site.content / "media" / "good.jpg").read_bytes()
    (site.content / "media" / "cut.jpg").write_bytes(good[: len(good) // 2])
    site.exemplar("htx-an-binh", site.collective(photo={"src": "media/cut.jpg",
                                                        "alt": "Cánh đồng của hợp tác xã"}))
    code, out = site.validate()
    assert code == 1 and "[photo.src]" in out, out


def test_a_story_image_from_outside_is_not_fetched_at_build(server: str, tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "s", prints=True)
    site.exemplar("htx-an-binh", site.collective(), body=(
        f"## Thành tích\n\nKết quả tốt.\n\n<img src=\"{server}/track.png\">\n\n"
        f"![ảnh]({server}/md.png)\n"))
    code, out, site_dir = site.build()
    assert code == 0, out
    assert _Counter.hits == []
    assert (site_dir / "tai-lieu" / "ap-phich" / "htx-an-binh.pdf").is_file()


# ------------------------------------------------------------------ settings


def test_print_outputs_can_be_switched_off(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "off")  # the tests' default: all three off
    site.exemplar("nguyen-van-an", site.person())
    code, out, site_dir = site.build()
    assert code == 0, out
    assert not (site_dir / "tai-lieu").exists() and not (site_dir / "man-hinh").exists()
    page = (site_dir / "dien-hinh" / "nguyen-van-an" / "index.html").read_text("utf-8")
    assert "tai-lieu" not in page and "man-hinh" not in page
    assert "Tài liệu in" not in out


def test_a4_booklets_and_posters_only(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "a4", prints=True)
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text("utf-8") + "      print:\n        paper: A4\n"
                   "        slides: false\n", "utf-8")
    site.exemplar("htx-an-binh", site.collective())
    code, out, site_dir = site.build()
    assert code == 0, out
    assert same_size(page_size(site_dir / "tai-lieu" / "2022.pdf"), (595.28, 841.89))
    assert (site_dir / "tai-lieu" / "ap-phich" / "htx-an-binh.pdf").is_file()
    assert not (site_dir / "man-hinh").exists()


def test_wrong_print_settings_are_clear_errors(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "bad", prints=True)
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text("utf-8") + "      print:\n        posters: có\n"
                   "        paper: A3\n        slide: false\n", "utf-8")
    code, out = site.validate()
    assert code == 1
    assert "[print.posters]" in out and "true hoặc false" in out
    assert "[print.paper]" in out and "A4, A5" in out
    assert "[print.slide]" in out and "print.slides" in out
    assert "Traceback" not in out


def test_a_big_booklet_carries_the_newest_and_says_where_the_rest_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from guongsang import prints

    monkeypatch.setattr(prints, "BOOKLET_MAX", 2)
    site = SiteDir(tmp_path / "big", prints=True)
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text("utf-8") + "      print:\n        posters: false\n"
                   "        slides: false\n", "utf-8")
    for i, day in enumerate(("2024-01-10", "2024-02-10", "2024-03-10")):
        site.exemplar(f"nguoi-{i}", site.person(id=f"nguoi-{i}", title=f"Người Thứ {i}",
                                                published=day))
    code, out, site_dir = site.build()
    assert code == 0, out
    booklet = text(site_dir / "tai-lieu" / "nong-thon-moi.pdf")
    assert "Người Thứ 2" in booklet and "Người Thứ 1" in booklet
    assert "Người Thứ 0" not in booklet  # the oldest is left to the website
    assert "trong tổng số 3" in " ".join(booklet.split())


def test_a_document_written_at_another_time_is_the_same(monkeypatch) -> None:
    """Embedded fonts are cut to the letters used and stamped with the time of writing
    (fontTools): pinned, so a booklet made a minute later has the same bytes."""
    import time

    from guongsang import pdf

    html = "<p style='font-family: sans-serif'>Gương sáng: Nguyễn Thị Xuân, xã Sơn Tân.</p>"
    first = pdf.render(html)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)
    assert pdf.render(html) == first
    assert "SOURCE_DATE_EPOCH" not in __import__("os").environ  # not left for the build
