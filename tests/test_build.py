"""Real builds with real MkDocs: addresses, publishing rules, consent, safety, atomicity."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import BODY, SiteDir, all_text, make_jpeg, strip_tags


def _exif_with_gps() -> bytes:
    im = Image.new("RGB", (10, 10))
    exif = im.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = {1: "N", 2: (12.0, 1.0, 30.0), 3: "E", 4: (109.0, 10.0, 5.0)}
    exif[0x8825] = gps
    return exif.tobytes()


@pytest.fixture
def full_site(site: SiteDir) -> SiteDir:
    """Published, draft, review, embargoed and withdrawn profiles, each with planted markers."""
    make_jpeg(site.content / "media" / "an.jpg", size=(1200, 800), exif=_exif_with_gps())
    make_jpeg(site.content / "media" / "draft.jpg")
    make_jpeg(site.content / "media" / "embargo.jpg")
    make_jpeg(site.content / "media" / "withdrawn.jpg")
    make_jpeg(site.content / "media" / "review.jpg")
    make_jpeg(site.content / "media" / "no-consent.jpg")
    person = site.person(photo={"src": "media/an.jpg", "alt": "Ông An bên vườn xoài"},
                         aliases=["nguyen-van-an-cu"], featured=True)
    person["consent"]["scope"] = ["name", "story", "photo", "birth_year"]
    person["person"]["hometown"] = "QUEQUANMARKER xã An Bình"
    person["consent"]["by"] = "CONSENTBYMARKER Nguyễn Văn An"  # the consent record stays private
    person["awards"].append({"title": "REVOKEDAWARDMARKER Bằng khen", "level": "province",
                             "date": "2022-01-01", "revoked": "2023-02-01"})
    site.exemplar("nguyen-van-an", person)
    site.exemplar("htx-an-binh", site.collective())
    hh = site.person(id="ho-ong-tran-binh", title="Hộ ông Trần Văn Bình", kind="household",
                     locality="Thị trấn Đà Nẵng Mới", year=2021, published="2021-06-01",
                     photo={"src": "media/no-consent.jpg", "alt": "NOCONSENTPHOTO ảnh hộ"})
    hh["consent"]["date"] = "2021-05-20"
    site.exemplar("ho-ong-tran-binh", hh)
    for slug, status, extra in (
        ("draft-profile", "draft", {}),
        ("review-profile", "review", {}),
        ("embargo-profile", "published", {"published": "2099-01-01"}),
        ("withdrawn-profile", "withdrawn", {"withdrawn_reason": "REASONMARKER thanh tra"}),
    ):
        marker = slug.upper().replace("-", "") + "MARKER"
        data = site.person(id=slug, title=f"{marker} Tên", status=status,
                           summary=f"{marker} tóm tắt hồ sơ không được công bố.",
                           photo={"src": f"media/{slug.split('-')[0]}.jpg",
                                  "alt": "Ảnh không được công bố"},
                           tags=[marker], **extra)
        data["consent"]["scope"].append("photo")
        site.exemplar(slug, data, BODY + f"\n{marker} nội dung riêng.\n")
    return site


def read(site_dir: Path, rel: str) -> str:
    return (site_dir / rel).read_text("utf-8")


def test_full_build(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    for rel in ("index.html", "dien-hinh/nguyen-van-an/index.html",
                "dien-hinh/htx-an-binh/index.html", "phong-trao/index.html",
                "phong-trao/nong-thon-moi/index.html", "linh-vuc/index.html",
                "linh-vuc/agriculture/index.html", "dia-ban/xa-an-binh/index.html",
                "dia-ban/thi-tran-da-nang-moi/index.html", "nam/2023/index.html",
                "nam/index.html", "dia-ban/index.html", "sitemap.xml"):
        assert (site_dir / rel).is_file(), rel
    page = read(site_dir, "dien-hinh/nguyen-van-an/index.html")
    assert '<html lang="vi"' in page
    text = strip_tags(page)
    assert "Nguyễn Văn An" in text and "Trưởng thôn" in text and "1968" in text
    assert "Chiến sĩ thi đua cơ sở" in text and "10/5/2023" in text
    assert "Nông nghiệp, nông thôn mới" in text
    assert "Cả nước chung sức xây dựng nông thôn mới" in text


def test_nothing_unpublished_leaks(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    everything = all_text(site_dir)  # pages, feeds, sitemap, 404, share images, search index
    assert '"url":"/dien-hinh/nguyen-van-an/"' in everything  # search fragments are read too
    for marker in ("DRAFTPROFILEMARKER", "REVIEWPROFILEMARKER", "EMBARGOPROFILEMARKER",
                   "WITHDRAWNPROFILEMARKER", "REASONMARKER", "QUEQUANMARKER",
                   "REVOKEDAWARDMARKER", "NOCONSENTPHOTO", "CONSENTBYMARKER"):
        assert marker not in everything, marker
    for slug in ("draft-profile", "review-profile", "embargo-profile"):
        assert not (site_dir / "dien-hinh" / slug).exists()
        assert slug not in everything
    media = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "media").rglob("*")
                   if p.is_file())
    # No draft/embargo/withdrawn photo, no unconsented photo: only An's, in its widths.
    assert media == sorted(f"media/an-{w}.{fmt}" for w in (192, 320, 640, 800)
                           for fmt in ("jpg", "webp"))


def test_search_results_show_the_small_thumbnail(full_site: SiteDir) -> None:
    import gzip
    import json

    code, out, site_dir = full_site.build()
    assert code == 0, out
    records = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
               for p in (site_dir / "pagefind" / "fragment").iterdir()]
    # Each record's address is its "url" metadata, and it is a page of the site.
    assert all((site_dir / r["meta"]["url"].lstrip("/") / "index.html").is_file()
               for r in records)
    an = next(r for r in records if r["meta"]["url"] == "/dien-hinh/nguyen-van-an/")
    assert an["meta"]["image"] == "media/an-192.jpg"
    assert an["meta"]["image_alt"] == "Ông An bên vườn xoài"
    assert (site_dir / an["meta"]["image"]).is_file()
    assert not any("image" in r["meta"] for r in records if r is not an)  # no consent, no photo


def test_long_listings_link_nearby_pages_not_every_page(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing links the first and last page and two on each side of its own, with "…"
    between: every page linking every other grows with the square of the group's size."""
    from lxml import html as lhtml

    from guongsang import pages

    monkeypatch.setattr(pages, "PER_PAGE", 1)  # 12 profiles: a 12-page listing
    for i in range(12):
        site.exemplar(f"p{i:02d}", site.person(id=f"p{i:02d}", title=f"Nguyễn Văn {i:02d}",
                                               published=f"2024-02-{i + 1:02d}"))
    code, out, site_dir = site.build()
    assert code == 0, out
    folder = site_dir / "dia-ban" / "xa-an-binh"
    assert (folder / "trang" / "12" / "index.html").is_file()
    page = folder / "trang" / "6" / "index.html"
    nav = lhtml.fromstring(page.read_text("utf-8")).xpath('//nav[@class="gs-pages"]')[0]
    shown = [" ".join(x.text_content().split()) for x in nav if x.tag in ("a", "span")]
    assert shown == ["← Trang trước", "1", "…", "4", "5", "6", "7", "8", "…", "12",
                     "Trang sau →"]
    assert nav.xpath('string(span[@aria-current="page"])') == "6"
    for a in nav.xpath("a"):  # every link leads to a page of the listing that exists
        assert (page.parent / a.get("href") / "index.html").resolve().is_file(), a.get("href")
    first = lhtml.fromstring((folder / "index.html").read_text("utf-8"))
    assert [" ".join(x.text_content().split()) for x in first.xpath(
        '//nav[@class="gs-pages"]/*')] == ["1", "2", "3", "…", "12", "Trang sau →"]


def test_withdrawn_keeps_a_neutral_notice(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    notice = read(site_dir, "dien-hinh/withdrawn-profile/index.html")
    assert '<meta name="robots" content="noindex">' in notice
    assert "Nội dung không còn được công bố" in notice
    assert '<a href="../../">Về trang chủ</a>' in notice
    assert "Nguyễn" not in notice and "withdrawn.jpg" not in notice
    sitemap = read(site_dir, "sitemap.xml")
    assert "withdrawn-profile" not in sitemap
    assert "https://guongsang.example.gov.vn/dien-hinh/nguyen-van-an/" in sitemap
    assert "<lastmod>2024-01-15</lastmod>" in sitemap


def test_alias_redirects(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    redirect = read(site_dir, "dien-hinh/nguyen-van-an-cu/index.html")
    assert 'content="0; url=../nguyen-van-an/"' in redirect
    assert 'href="https://guongsang.example.gov.vn/dien-hinh/nguyen-van-an/"' in redirect


def test_campaign_progress_and_browse_counts(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    campaign = strip_tags(read(site_dir, "phong-trao/nong-thon-moi/index.html"))
    assert re.search(r"Cá nhân\s+1/3", campaign)
    assert re.search(r"Tập thể\s+1/2", campaign)
    assert re.search(r"Hộ gia đình\s+1/1\s+.*Đạt", campaign, re.S)
    years = strip_tags(read(site_dir, "nam/index.html"))
    assert re.search(r"Năm 2023\s+\(1\)", years) and re.search(r"Năm 2021\s+\(1\)", years)
    assert "2099" not in years


def test_published_photo_is_clean_and_upright(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    with Image.open(site_dir / "media" / "an-800.jpg") as im:
        assert im.size == (800, 1200)  # orientation 6 applied: portrait
        assert not im.getexif()
        assert "exif" not in im.info and "xmp" not in im.info


def test_profiles_stay_out_of_the_navigation(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    page = read(site_dir, "dien-hinh/htx-an-binh/index.html")
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"'
                     r'|href="([^"]+)"[^>]*class="md-nav__link', page)
    links = [a or b for a, b in nav]
    assert links, "the page has a navigation"
    assert not any("dien-hinh" in link for link in links)


def test_no_third_party_requests(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    for path in site_dir.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        for tag in re.findall(r"<(?:script|img|link|iframe|source|audio|video)\b[^>]*>", html):
            if tag.startswith("<link") and re.search(r'rel="(canonical|alternate)"', tag):
                continue
            assert not re.search(r'(src|href)="(https?:)?//', tag), (path, tag)


def test_story_html_is_sanitised(site: SiteDir) -> None:
    body = ('Chào <script>alert("xss")</script> bà con.\n\n'
            '<img src="x.png" onerror="alert(1)">\n\n'
            '[bấm](javascript:alert(2))\n\n<iframe src="https://evil.example"></iframe>\n')
    site.exemplar("htx-an-binh", site.collective(
        summary='Hợp tác xã "tiêu biểu" của xã Đông Hòa, năm 2022 đạt doanh thu cao.'), body)
    code, out, site_dir = site.build()
    assert code == 0, out
    page = read(site_dir, "dien-hinh/htx-an-binh/index.html")
    assert "alert(" not in page and "onerror" not in page
    assert "javascript:" not in page and "evil.example" not in page
    assert 'content="Hợp tác xã &#34;tiêu biểu&#34;' in page or \
        'content="Hợp tác xã &quot;tiêu biểu&quot;' in page


def test_failed_build_keeps_the_previous_site(full_site: SiteDir) -> None:
    code, out, site_dir = full_site.build()
    assert code == 0, out
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    full_site.exemplar("broken", full_site.collective(id="broken", kind="tap-the"))
    code, out, _ = full_site.build()
    assert code == 1
    assert "content/exemplars/broken.md" in out and "Traceback" not in out
    after = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in site_dir.parent.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_plain_mkdocs_build_reports_without_traceback(site: SiteDir) -> None:
    site.exemplar("x", site.person(kind="person"))
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site.root,
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode != 0
    assert "content/exemplars/x.md" in proc.stderr and "[kind]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (site.root / "site" / "index.html").exists()


def test_embargo_lifts_with_time(full_site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01
    code, out, site_dir = full_site.build()
    assert code == 0, out
    assert (site_dir / "dien-hinh" / "embargo-profile" / "index.html").is_file()


def test_words_in_most_stories_are_left_out_of_the_index_on_big_sites() -> None:
    from guongsang.search import common_words

    stories = [f"của và tên{i}" + (" xoài" if i % 50 == 0 else "") for i in range(1000)]
    assert common_words(stories) == {"của", "và"}  # in every story; "xoài" in 20 stays
    assert common_words(stories[:90]) == set()  # a district's site keeps every word


def test_drafts_preview_only_in_serve(full_site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time
    import urllib.request

    from guongsang.plugin import PREVIEW_ENV

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "guongsang.cli", "serve", "--drafts", "-a",
                             f"127.0.0.1:{port}", "-f", str(full_site.root / "mkdocs.yml")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=5) as resp:
            return resp.read().decode("utf-8")

    try:
        for _ in range(120):
            try:
                draft = get("dien-hinh/draft-profile/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("serve --drafts did not answer")
        assert "BẢN NHÁP — chưa công bố" in draft and "DRAFTPROFILEMARKER" in draft
        assert "BẢN NHÁP" in get("dien-hinh/embargo-profile/")
        assert "BẢN NHÁP" not in get("dien-hinh/nguyen-van-an/")
        assert "Bản nháp" in get("")  # marked in listings too
        withdrawn = get("dien-hinh/withdrawn-profile/")
        assert "Nội dung không còn được công bố" in withdrawn and "REASONMARKER" not in withdrawn
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    monkeypatch.setenv(PREVIEW_ENV, "1")  # even left set, a build publishes nothing unpublished
    code, out, site_dir = full_site.build()
    assert code == 0, out
    everything = all_text(site_dir)
    assert "DRAFTPROFILEMARKER" not in everything
    # The banner and tag, not the words: the editors' guide explains the banner.
    assert 'class="gs-draft-banner"' not in everything
    assert 'class="gs-draft-tag"' not in everything
    assert not (site_dir / "dien-hinh" / "draft-profile").exists()


@pytest.mark.parametrize("where", ["records", "pagefind"])
def test_failed_search_index_stops_cleanly_and_keeps_the_site(
        full_site: SiteDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str) -> None:
    """The index is made in a forked process that becomes Pagefind: a failure before
    Pagefind or of Pagefind itself stops the build with its reason and leaves no files."""
    import shutil
    import tempfile

    import pagefind.service

    from guongsang import search

    code, out, site_dir = full_site.build()
    assert code == 0, out
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    shutil.rmtree(full_site.root / ".cache" / "guongsang" / "search")  # index again
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    if where == "records":
        def broken(*args, **kwargs):
            raise search.SearchIndexError("Pagefind: out of memory")

        monkeypatch.setattr(search, "prepare", broken)
    else:
        fake = tmp_path / "pagefind"
        fake.write_text("#!/bin/sh\necho 'Pagefind: out of memory' >&2\nexit 3\n", "utf-8")
        fake.chmod(0o755)
        monkeypatch.setattr(pagefind.service, "_must_get_executable", lambda: fake)
    full_site.touch()  # built again, not kept as it is
    code, out, _ = full_site.build()
    assert code == 1 and "Traceback" not in out
    assert "Không tạo được chỉ mục tìm kiếm: Pagefind: out of memory" in out
    assert {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == before
    assert [p.name for p in temp.iterdir() if "index" in p.name or "pagefind" in p.name] == []
    # Nothing left in the search cache but the input kept for the next build.
    cache = full_site.root / ".cache" / "guongsang" / "search"
    assert {p.name for p in cache.iterdir()} <= {"input", "input.json", "input.lock"}


def test_search_input_is_kept_and_only_changed_records_are_written_again(
        full_site: SiteDir) -> None:
    """Pagefind's input stays in the cache: a rebuild writes the records that changed and
    removes those gone, instead of creating and deleting one file per profile each time."""
    cache = full_site.root / ".cache" / "guongsang" / "search"
    code, out, site_dir = full_site.build()
    assert code == 0, out
    inputs = cache / "input"

    def stamps() -> dict[str, int]:
        return {p.relative_to(inputs).as_posix(): p.stat().st_mtime_ns
                for p in inputs.rglob("*.html")}

    first = stamps()
    assert "dien-hinh/htx-an-binh.html" in first and "dien-hinh/nguyen-van-an.html" in first
    bundles = {p.name for p in cache.iterdir() if len(p.name) == 64}
    path = full_site.content / "exemplars" / "htx-an-binh.md"
    path.write_text(path.read_text("utf-8").replace(
        "\n---\n", "\n---\nĐoạn mới: CHUOIMOITIMKIEM.\n\n", 1), "utf-8")
    (full_site.content / "exemplars" / "ho-ong-tran-binh.md").unlink()
    code, out, site_dir = full_site.build()
    assert code == 0, out
    second = stamps()
    changed = {rel for rel in second if second[rel] != first.get(rel)}
    assert changed == {"dien-hinh/htx-an-binh.html"}, changed
    assert "chuoimoitimkiem" in (inputs / "dien-hinh/htx-an-binh.html").read_text("utf-8").lower()
    assert set(first) - set(second) == {"dien-hinh/ho-ong-tran-binh.html"}
    # A new bundle was made from it, and no temporary folder is left.
    assert {p.name for p in cache.iterdir()} - bundles - {
        "input", "input.json", "input.lock"} != set()
    assert not [p for p in cache.iterdir() if p.name.startswith(("index-", "pagefind-"))]
    assert any((site_dir / "pagefind" / "fragment").iterdir())


def test_a_rebuild_links_unchanged_files_from_the_published_site(
        full_site: SiteDir) -> None:
    """Pages and feeds whose bytes are already published are linked from the published site
    into the new one (nothing written, nothing freed); one changed on the server is written
    again."""
    code, out, site_dir = full_site.build()
    assert code == 0, out
    page = site_dir / "dien-hinh/htx-an-binh/index.html"
    radio_txt = site_dir / "feeds/radio/htx-an-binh.txt"
    tampered = site_dir / "dien-hinh/ho-ong-tran-binh/index.html"
    inodes = {p: p.stat().st_ino for p in (page, radio_txt, tampered)}
    good = tampered.read_bytes()
    tampered.write_bytes(good.replace(b"<title>", b"<titlf>", 1))  # same size, other bytes

    code, out, site_dir = full_site.build()  # nothing changed
    assert code == 0, out
    assert page.stat().st_ino == inodes[page] and page.stat().st_nlink == 1
    assert radio_txt.stat().st_ino == inodes[radio_txt]
    assert tampered.read_bytes() == good and tampered.stat().st_ino != inodes[tampered]



def test_two_builds_of_one_site_take_turns_on_the_kept_search_input(tmp_path: Path) -> None:
    """The input is shared by the builds of one site (a build beside the preview): one that
    finds it locked waits, and never indexes a half-written input."""
    import fcntl
    import threading

    from guongsang import search

    cache = tmp_path / "cache"
    cache.mkdir()
    recs = [search.Record(f"dien-hinh/ho-so-{i}/", f"Nông thôn mới số {i}", {"title": f"Hồ sơ {i}"})
            for i in range(3)]
    holder = os.open(cache / search.LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another build is writing or indexing the input
    done: list[int] = []
    other = threading.Thread(target=lambda: done.append(
        search.write_index(recs, tmp_path / "site", cache)))
    other.start()
    other.join(timeout=2)
    assert other.is_alive() and not (cache / search.INPUT).exists()  # waiting its turn
    os.close(holder)
    other.join(timeout=60)
    assert done and done[0] > 0
    assert sorted(p.name for p in (cache / search.INPUT / "dien-hinh").iterdir()) == [
        "ho-so-0.html", "ho-so-1.html", "ho-so-2.html"]
    # The lock was let go: the next build takes it at once.
    again = os.open(cache / search.LOCK, os.O_RDWR)
    fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(again)
