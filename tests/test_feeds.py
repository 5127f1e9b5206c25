"""Feeds for readers, campaigns, radio and Facebook; share metadata on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from conftest import BODY, SiteDir, make_jpeg, mp3

FEEDS = ("feeds/rss.xml", "feeds/atom.xml", "feeds/phong-trao/nong-thon-moi.xml",
         "feeds/radio.xml", "feeds/facebook.xml")
MP3 = mp3(200)  # mutagen measures 199.06 s: "03:19", within the checked tolerance


@pytest.fixture
def feed_site(site: SiteDir) -> SiteDir:
    make_jpeg(site.content / "media" / "an.jpg", size=(1000, 700))
    (site.content / "media" / "an.mp3").write_bytes(MP3)
    an = site.person(photo={"src": "media/an.jpg", "alt": "Ông An bên vườn xoài"},
                     audio={"src": "media/an.mp3", "duration": "03:20"},
                     updated="2024-03-02")
    an["consent"]["scope"] += ["photo", "audio"]
    body = BODY + ("\nNgày 13/5/2021, UBND xã trao 1.250.000.000 đồng cho HTX; "
                   "năng suất đạt 95%, diện tích 12.500 m2.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
                   "\nXem thêm [trang xã](https://camlam.example.gov.vn/).\n")
    site.exemplar("nguyen-van-an", an, body)
    site.exemplar("htx-an-binh", site.collective())
    site.exemplar("draft", site.person(id="draft-x", title="DRAFTFEEDMARKER", status="draft"))
    site.exemplar("embargo", site.collective(id="embargo-x", title="EMBARGOFEEDMARKER",
                                             published="2099-01-01"))
    return site


def parse_all(site_dir: Path) -> dict[str, feedparser.FeedParserDict]:
    parsed = {}
    strict = etree.XMLParser(recover=False, resolve_entities=False)
    for rel in FEEDS:
        data = (site_dir / rel).read_bytes()
        etree.fromstring(data, strict)  # well-formed, no invalid characters
        feed = feedparser.parse(data)
        assert not feed.bozo, (rel, feed.get("bozo_exception"))
        parsed[rel] = feed
    return parsed


def test_feeds_parse_and_carry_the_right_items(feed_site: SiteDir) -> None:
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    feeds = parse_all(site_dir)
    rss = feeds["feeds/rss.xml"]
    assert [e.title for e in rss.entries] == ["Nguyễn Văn An", "Hợp tác xã Nông nghiệp An Bình"]
    first = rss.entries[0]
    assert first.link == "https://guongsang.example.gov.vn/dien-hinh/nguyen-van-an/"
    assert first.id.startswith("urn:uuid:")
    assert "+0700" in (site_dir / "feeds/rss.xml").read_text("utf-8")
    assert {t.term for t in first.tags} >= {"Nông nghiệp, nông thôn mới",
                                            "Cả nước chung sức xây dựng nông thôn mới"}
    assert "Làm nông nghiệp từ năm 1990" in first.content[0].value
    assert "<table>" in first.content[0].value
    self_links = [link.href for link in rss.feed.links if link.rel == "self"]
    assert self_links == ["https://guongsang.example.gov.vn/feeds/rss.xml"]
    atom = feeds["feeds/atom.xml"]
    assert [e.id for e in atom.entries] == [e.id for e in rss.entries]
    assert atom.entries[0].updated.startswith("2024-03-02T00:00:00+07:00")
    for feed in feeds.values():
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids))
    text = "".join((site_dir / f).read_text("utf-8") for f in FEEDS)
    assert "DRAFTFEEDMARKER" not in text and "EMBARGOFEEDMARKER" not in text


def test_guid_survives_a_rename(feed_site: SiteDir) -> None:
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    before = {e.title: e.id for e in feedparser.parse(site_dir / "feeds/rss.xml").entries}
    old = feed_site.content / "exemplars" / "htx-an-binh.md"
    text = old.read_text("utf-8").replace("status: published",
                                          "status: published\naliases: [htx-an-binh]")
    old.unlink()
    (feed_site.content / "exemplars" / "htx-nong-nghiep-an-binh.md").write_text(text, "utf-8")
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    after = feedparser.parse(site_dir / "feeds/rss.xml").entries
    moved = next(e for e in after if e.title == "Hợp tác xã Nông nghiệp An Bình")
    assert moved.link.endswith("/dien-hinh/htx-nong-nghiep-an-binh/")
    assert moved.id == before["Hợp tác xã Nông nghiệp An Bình"]
    assert (site_dir / "dien-hinh/htx-an-binh/index.html").is_file()  # the redirect


def test_feed_limit(feed_site: SiteDir) -> None:
    cfg = feed_site.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8") + "      feeds:\n        limit: 1\n", "utf-8")
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    assert len(feedparser.parse(site_dir / "feeds/rss.xml").entries) == 1


def test_radio_feed_reads_well_and_carries_the_recording(feed_site: SiteDir) -> None:
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    radio = feedparser.parse(site_dir / "feeds/radio.xml")
    item = next(e for e in radio.entries if e.title == "Nguyễn Văn An")
    script = item.description
    assert "Ngày 13 tháng 5 năm 2021" in script
    assert "Ủy ban nhân dân xã trao 1 tỷ 250 triệu đồng cho hợp tác xã" in script
    assert "95 phần trăm" in script and "12 nghìn 500 mét vuông" in script
    assert "http" not in script and "|" not in script and "<" not in script
    enclosure = item.enclosures[0]
    assert enclosure.href == "https://guongsang.example.gov.vn/media/an.mp3"
    assert int(enclosure.length) == len(MP3) and enclosure.type == "audio/mpeg"
    assert item.itunes_duration == "03:19"  # measured from the frames, not copied
    txt = (site_dir / "feeds/radio/nguyen-van-an.txt").read_text("utf-8")
    assert txt.strip() == script.strip()
    page = (site_dir / "dien-hinh/nguyen-van-an/index.html").read_text("utf-8")
    assert re.search(r'<audio controls[^>]*src="../../media/an.mp3"', page)
    assert "Kịch bản phát thanh" in page and "đọc khoảng" in page
    assert (site_dir / "media/an.mp3").read_bytes() == MP3


def test_audio_outside_consent_is_not_published(feed_site: SiteDir) -> None:
    path = feed_site.content / "exemplars" / "nguyen-van-an.md"
    text = path.read_text("utf-8")
    assert re.search(r"\n\s*- audio\n", text)
    path.write_text(re.sub(r"\n\s*- audio\n", "\n", text), "utf-8")
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    assert not (site_dir / "media/an.mp3").exists()
    assert "an.mp3" not in (site_dir / "feeds/radio.xml").read_text("utf-8")


def test_long_script_warns(feed_site: SiteDir) -> None:
    feed_site.exemplar("htx-an-binh", feed_site.collective(), "Một câu chuyện dài. " * 200)
    code, out = feed_site.validate()
    assert code == 0
    assert "content/exemplars/htx-an-binh.md" in out and "3 phút" in out


def test_facebook_feed(feed_site: SiteDir) -> None:
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    fb = feedparser.parse(site_dir / "feeds/facebook.xml")
    item = fb.entries[0]
    assert len(item.description) <= 500
    assert item.description.startswith("Nguyễn Văn An — Nông dân sản xuất giỏi")
    assert "#NongThonMoi" in item.description
    share = "https://guongsang.example.gov.vn/share/dien-hinh/nguyen-van-an.jpg"
    assert item.enclosures[0].href == share
    size = (site_dir / "share/dien-hinh/nguyen-van-an.jpg").stat().st_size
    assert int(item.enclosures[0].length) == size
    assert item.media_content[0]["url"] == share


def test_open_graph_and_json_ld(feed_site: SiteDir) -> None:
    code, out, site_dir = feed_site.build()
    assert code == 0, out
    page = (site_dir / "dien-hinh/nguyen-van-an/index.html").read_text("utf-8")
    og = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
    assert og["og:type"] == "article" and og["og:locale"] == "vi_VN"
    assert og["og:url"] == "https://guongsang.example.gov.vn/dien-hinh/nguyen-van-an/"
    assert og["og:image"] == "https://guongsang.example.gov.vn/share/dien-hinh/nguyen-van-an.jpg"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["article:published_time"] == "2024-01-15T00:00:00+07:00"
    assert og["twitter:card"] == "summary_large_image"
    canonical = "https://guongsang.example.gov.vn/dien-hinh/nguyen-van-an/"
    assert f'<link rel="canonical" href="{canonical}"' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert ld["@type"] == "Article" and ld["about"]["@type"] == "Person"
    assert ld["about"]["name"] == "Nguyễn Văn An"
    htx = (site_dir / "dien-hinh/htx-an-binh/index.html").read_text("utf-8")
    assert '"@type":"Organization"' in htx
    for rel in ("share/dien-hinh/nguyen-van-an.jpg", "share/dien-hinh/htx-an-binh.jpg",
                "share/phong-trao/nong-thon-moi.jpg", "share/site.jpg"):
        with Image.open(site_dir / rel) as im:
            assert im.size == (1200, 630)
    home = (site_dir / "index.html").read_text("utf-8")
    assert 'property="og:type" content="website"' in home
    assert 'content="https://guongsang.example.gov.vn/share/site.jpg"' in home
    assert 'type="application/rss+xml"' in home
    assert not list((site_dir / "share/dien-hinh").glob("draft*"))
    assert not list((site_dir / "share/dien-hinh").glob("embargo*"))


def test_json_ld_cannot_break_out_of_its_script(site: SiteDir) -> None:
    site.exemplar("htx-an-binh", site.collective(
        title="HTX </script><script>alert(1)</script>", tags=["<!--"]))
    code, out, site_dir = site.build()
    assert code == 0, out
    page = (site_dir / "dien-hinh/htx-an-binh/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert json.loads(ld)["headline"] == "HTX </script><script>alert(1)</script>"
