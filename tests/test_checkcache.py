"""Checked profiles kept between runs must give exactly what checking them again gives."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SiteDir, make_jpeg


def _kept(site: SiteDir) -> Path:
    return site.root / ".cache" / "guongsang" / "checked.json"


def _site(site: SiteDir) -> SiteDir:
    make_jpeg(site.content / "media" / "an.jpg")
    person = site.person(photo={"src": "media/an.jpg", "alt": "Ông An"})
    person["consent"]["scope"].append("photo")
    site.exemplar("nguyen-van-an", person)
    site.exemplar("trung-id", site.person(summary="Trùng id với hồ sơ trên."))  # same id
    site.exemplar("sai-khoa", site.person(id="sai-khoa", fieldd="agriculture"))  # typo in a key
    site.exemplar("htx", site.collective())
    return site


def test_a_second_check_reports_the_same_from_the_kept_results(site: SiteDir) -> None:
    _site(site)
    first = site.validate()
    assert first[0] == 1 and "trùng mã id" in first[1] and "fieldd" in first[1]
    assert _kept(site).is_file()
    assert site.validate() == first
    code, log, out = site.build()
    assert code == 1 and "fieldd" in log


def test_kept_results_are_used_until_the_file_or_a_photo_changes(site: SiteDir) -> None:
    _site(site)
    site.validate()
    data = json.loads(_kept(site).read_text("utf-8"))
    entry = data["files"]["content/exemplars/sai-khoa.md"]
    for p in entry["check"]:
        p["message"] = "KEPTMARKER " + p["message"]
    _kept(site).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert "KEPTMARKER" in site.validate()[1]  # taken from the kept results
    path = site.content / "exemplars" / "sai-khoa.md"
    path.write_text(path.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    out = site.validate()[1]
    assert "KEPTMARKER" not in out and "fieldd" in out  # that file was checked again
    # A photo that turns bad is found although no profile changed.
    assert "an.jpg" not in out
    (site.content / "media" / "an.jpg").write_bytes(b"not a jpeg")
    assert "an.jpg" in site.validate()[1]


def test_a_build_keeps_its_checks_whether_it_publishes_or_stops(site: SiteDir) -> None:
    """A build writes the kept results late (while its search index is made): a build that
    stops — content errors, a broken template — writes them all the same."""
    site.exemplar("nguyen-van-an", site.person())
    site.exemplar("htx", site.collective())
    code, log, _ = site.build()
    assert code == 0, log
    assert set(json.loads(_kept(site).read_text("utf-8"))["files"]) == {
        "content/exemplars/nguyen-van-an.md", "content/exemplars/htx.md"}
    override = site.root / "theme" / "guongsang" / "exemplar.html"
    override.parent.mkdir(parents=True)
    override.write_text("{{ khong_co_bien.x }}", "utf-8")
    site.exemplar("moi", site.person(id="moi"))
    assert site.build()[0] == 1
    assert "content/exemplars/moi.md" in json.loads(_kept(site).read_text("utf-8"))["files"]
    site.exemplar("sai-khoa", site.person(id="sai-khoa", fieldd="agriculture"))
    assert site.build()[0] == 1
    assert "content/exemplars/sai-khoa.md" in json.loads(_kept(site).read_text("utf-8"))["files"]
