"""Checked profiles kept between runs must give exactly what checking them again gives."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SiteDir, make_jpeg


def _kept(site: SiteDir) -> Path:
    return site.root / ".cache" / "guongsang" / "checked.json"


def _read(site: SiteDir) -> tuple[dict, str]:
    """The kept file's JSON line and the stories' text after it."""
    head, _, stories = _kept(site).read_bytes().decode("utf-8").partition("\n")
    return json.loads(head), stories


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
    data, stories = _read(site)
    entry = data["files"]["content/exemplars/sai-khoa.md"]
    for p in entry["check"]:
        p["message"] = "KEPTMARKER " + p["message"]
    _kept(site).write_bytes((json.dumps(data, ensure_ascii=False) + "\n" + stories).encode())
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
    assert set(_read(site)[0]["files"]) == {
        "content/exemplars/nguyen-van-an.md", "content/exemplars/htx.md"}
    override = site.root / "theme" / "guongsang" / "exemplar.html"
    override.parent.mkdir(parents=True)
    override.write_text("{{ khong_co_bien.x }}", "utf-8")
    site.exemplar("moi", site.person(id="moi"))
    assert site.build()[0] == 1
    assert "content/exemplars/moi.md" in _read(site)[0]["files"]
    site.exemplar("sai-khoa", site.person(id="sai-khoa", fieldd="agriculture"))
    assert site.build()[0] == 1
    assert "content/exemplars/sai-khoa.md" in _read(site)[0]["files"]


def test_kept_stories_come_back_whole(site: SiteDir) -> None:
    """The stories are kept as text after the JSON line, each found by place and length: a
    story after others, with characters outside ASCII, comes back exactly."""
    site.exemplar("htx", site.collective(), body="Hợp tác xã “Đồng Tâm” — 😀 đoạn một.\r\n")
    site.exemplar("nguyen-van-an", site.person(), body="Ông An nuôi bò giỏi.\n\nĐoạn hai.\n")
    site.validate()
    data, stories = _read(site)
    files = data["files"]
    at, n = files["content/exemplars/nguyen-van-an.md"]["exemplar"]["body"]
    assert stories[at:at + n].strip() == "Ông An nuôi bò giỏi.\n\nĐoạn hai."
    # What a build publishes comes from the kept text while the file is unchanged.
    kept = stories.replace("nuôi bò", "KEPTBÒ!")  # as long as what it replaces
    _kept(site).write_bytes((json.dumps(data, ensure_ascii=False) + "\n" + kept).encode())
    code, log, out = site.build()
    assert code == 0, log
    assert "Ông An KEPTBÒ! giỏi." in (out / "dien-hinh/nguyen-van-an/index.html").read_text()
    assert "Đồng Tâm" in (out / "dien-hinh/htx/index.html").read_text()
