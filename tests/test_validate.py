"""Every validation rule, each with a bad file: exit code, file, line, key and a usable hint."""

from __future__ import annotations

import struct
import zlib

import pytest

from conftest import BODY, SiteDir, dump_front, line_of, make_jpeg

FILE = "content/exemplars/x.md"


def expect(out: str, line: int, key: str, file: str = FILE) -> None:
    tag = f"[{key}] " if key else ""
    needle = f"{file}:{line}: LỖI {tag}"
    assert needle in out, f"expected {needle!r} in:\n{out}"
    assert "Traceback" not in out


def write(site: SiteDir, data: dict | str, body: str = BODY) -> str:
    text = data if isinstance(data, str) else dump_front(data, body)
    site.exemplar("x", text)
    return text


def check(site: SiteDir, text: str, needle: str, key: str) -> str:
    code, out = site.validate()
    assert code == 1, out
    expect(out, line_of(text, needle), key)
    return out


def test_valid_site_passes(site: SiteDir) -> None:
    write(site, site.person())
    site.exemplar("htx-an-binh", site.collective())
    code, out = site.validate()
    assert code == 0, out
    assert "Hợp lệ: 2 hồ sơ, 1 phong trào." in out


def test_bad_yaml(site: SiteDir) -> None:
    write(site, "---\nid: x-abc\ntitle: \"Nguyễn Văn An\nkind: individual\n---\nBody\n")
    code, out = site.validate()
    assert code == 1
    assert f"{FILE}:" in out and "YAML không đọc được" in out


def test_duplicate_key_is_an_error(site: SiteDir) -> None:
    text = dump_front(site.person()).replace("kind: individual\n",
                                             "kind: individual\ntitle: Lê Văn Tám\n")
    write(site, text)
    code, out = site.validate()
    assert code == 1
    assert f"{FILE}:{line_of(text, 'title: Lê Văn Tám')}: LỖI" in out
    assert "“title” xuất hiện hai lần" in out


def test_misspelt_key_suggests_the_right_one(site: SiteDir) -> None:
    data = site.person()
    data["tittle"] = data.pop("title")
    text = write(site, data)
    out = check(site, text, "tittle:", "tittle")
    assert "“title”" in out
    expect(out, 2, "title")  # and the real key is reported missing, at the mapping's line


def test_unknown_campaign_suggests_existing(site: SiteDir) -> None:
    text = write(site, site.person(campaigns=["nong-thon-moi-2030"]))
    out = check(site, text, "- nong-thon-moi-2030", "campaigns[1]")
    assert "Có phải ý bạn là “nong-thon-moi”?" in out


def test_unknown_field_suggests_closest(site: SiteDir) -> None:
    text = write(site, site.person(field="agricultur"))
    out = check(site, text, "field:", "field")
    assert "“agriculture”" in out


def test_wrong_kind(site: SiteDir) -> None:
    text = write(site, site.person(kind="person"))
    out = check(site, text, "kind:", "kind")
    assert "individual" in out and "household" in out


def test_missing_consent(site: SiteDir) -> None:
    data = site.person()
    del data["consent"]
    text = write(site, data)
    check(site, text, "kind:", "consent")


def test_consent_scope_without_name(site: SiteDir) -> None:
    data = site.person()
    data["consent"]["scope"] = ["story"]
    text = write(site, data)
    check(site, text, "scope:", "consent.scope")


def test_minor_without_guardian(site: SiteDir) -> None:
    data = site.person()
    data["person"]["minor"] = True
    text = write(site, data)
    out = check(site, text, "consent:", "consent.guardian")
    assert "người đại diện" in out


def test_photo_outside_media(site: SiteDir) -> None:
    make_jpeg(site.root / "secret.jpg")
    text = write(site, site.person(photo={"src": "../secret.jpg", "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "ngoài thư mục content/media/" in out


@pytest.mark.parametrize("src", ["/etc/passwd", "content/other/a.jpg", "media/../../secret.jpg"])
def test_photo_paths_that_escape(site: SiteDir, src: str) -> None:
    text = write(site, site.person(photo={"src": src, "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "content/media/" in out


def test_photo_through_symlink(site: SiteDir) -> None:
    make_jpeg(site.root / "elsewhere" / "a.jpg")
    (site.content / "media" / "link").symlink_to(site.root / "elsewhere")
    photo = {"src": "media/link/a.jpg", "alt": "Ảnh chân dung ông An"}
    text = write(site, site.person(photo=photo))
    out = check(site, text, "src:", "photo.src")
    assert "symlink" in out


def test_missing_photo(site: SiteDir) -> None:
    text = write(site, site.person(photo={"src": "media/khong-co.jpg", "alt": "Ảnh ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "không tìm thấy" in out


def test_photo_alt_too_short(site: SiteDir) -> None:
    make_jpeg(site.content / "media" / "an.jpg")
    text = write(site, site.person(photo={"src": "media/an.jpg", "alt": "Ảnh"}))
    check(site, text, "alt:", "photo.alt")


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", 0) + b"IEND"
            + struct.pack(">I", zlib.crc32(b"IEND")))


def test_decompression_bomb(site: SiteDir) -> None:
    (site.content / "media" / "bom.png").write_bytes(_png_header(40000, 40000))
    text = write(site, site.person(photo={"src": "media/bom.png", "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "bom giải nén" in out


def test_image_with_wrong_extension(site: SiteDir) -> None:
    from PIL import Image

    Image.new("RGB", (800, 600)).save(site.content / "media" / "an.jpg", "PNG")
    text = write(site, site.person(photo={"src": "media/an.jpg", "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "thực chất là ảnh PNG" in out


def test_truncated_and_fake_images(site: SiteDir) -> None:
    good = make_jpeg(site.content / "media" / "good.jpg").read_bytes()
    (site.content / "media" / "cut.jpg").write_bytes(good[: len(good) // 2])
    text = write(site, site.person(photo={"src": "media/cut.jpg", "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "hỏng" in out
    (site.content / "media" / "cut.jpg").write_text("không phải ảnh", "utf-8")
    check(site, text, "src:", "photo.src")


def test_image_too_small(site: SiteDir) -> None:
    make_jpeg(site.content / "media" / "tiny.jpg", size=(64, 64))
    text = write(site, site.person(photo={"src": "media/tiny.jpg", "alt": "Ảnh chân dung ông An"}))
    out = check(site, text, "src:", "photo.src")
    assert "quá nhỏ" in out


def test_duplicate_id_reports_both_files(site: SiteDir) -> None:
    write(site, site.person())
    site.exemplar("y", site.person(title="Nguyễn Văn Ba"))
    code, out = site.validate()
    assert code == 1
    expect(out, 2, "id")
    expect(out, 2, "id", file="content/exemplars/y.md")
    assert "trùng mã id “nguyen-van-an”" in out


def test_phone_number_in_story(site: SiteDir) -> None:
    body = BODY + "\nLiên hệ ông An qua số 0905 123 456 để học hỏi kinh nghiệm.\n"
    text = write(site, site.person(), body)
    code, out = site.validate()
    assert code == 1
    assert f"{FILE}:{line_of(text, '0905 123 456')}: LỖI" in out


@pytest.mark.parametrize("leak", ["email an.nguyen@example.com", "CCCD 079203012345"])
def test_identifiers_in_household_story(site: SiteDir, leak: str) -> None:
    body = BODY + f"\nThông tin: {leak}.\n"
    text = write(site, site.person(kind="household", title="Hộ ông Nguyễn Văn An"), body)
    code, out = site.validate()
    assert code == 1
    assert f"{FILE}:{line_of(text, leak)}: LỖI" in out


def test_collective_story_may_carry_a_hotline(site: SiteDir) -> None:
    site.exemplar("htx-an-binh", site.collective(), BODY + "\nĐường dây nóng: 0258 3861 234.\n")
    code, out = site.validate()
    assert code == 0, out


def test_impossible_date(site: SiteDir) -> None:
    text = write(site, "---\n" + dump_front(site.person())[4:].replace(
        "published: '2024-01-15'", "published: 2023-02-30"))
    assert "published: 2023-02-30" in text
    out = check(site, text, "published:", "published")
    assert "2023-02-30" in out


def test_summary_too_long(site: SiteDir) -> None:
    text = write(site, site.person(summary="Thành tích " * 40))
    out = check(site, text, "summary:", "summary")
    assert "tối đa 300" in out


def test_summary_with_markdown(site: SiteDir) -> None:
    text = write(site, site.person(summary="Nông dân **sản xuất giỏi** của xã An Bình."))
    check(site, text, "summary:", "summary")


def test_tcvn3_text(site: SiteDir) -> None:
    body = "## Thµnh tÝch\n\nNg­êi tèt viÖc tèt, gi¶i quyÕt viÖc lµm cho 20 lao ®éng.\n"
    text = write(site, site.person(), body)
    code, out = site.validate()
    assert code == 1
    assert "TCVN3" in out and f"{FILE}:" in out
    assert str(line_of(text, "Thµnh")) in out


def test_not_utf8(site: SiteDir) -> None:
    text = dump_front(site.person())
    (site.content / "exemplars" / "x.md").write_bytes(text.encode("utf-16"))
    code, out = site.validate()
    assert code == 1
    assert "UTF-8" in out and FILE in out


def test_python_tag_is_refused(site: SiteDir) -> None:
    text = dump_front(site.person()).replace("title: Nguyễn Văn An",
                                             "title: !!python/object/apply:os.system ['echo hi']")
    write(site, text)
    out = check(site, text, "title:", "")
    assert "thẻ YAML" in out


def test_yaml_alias_is_refused(site: SiteDir) -> None:
    text = dump_front(site.person()).replace("title: Nguyễn Văn An",
                                             "title: &a Nguyễn Văn An\nunit: *a")
    write(site, text)
    out = check(site, text, "unit:", "")
    assert "bí danh" in out


def test_published_needs_a_date(site: SiteDir) -> None:
    data = site.person()
    del data["published"]
    text = write(site, data)
    check(site, text, "status:", "published")


def test_withdrawn_needs_a_reason(site: SiteDir) -> None:
    text = write(site, site.person(status="withdrawn"))
    check(site, text, "status:", "withdrawn_reason")


def test_updated_before_published(site: SiteDir) -> None:
    text = write(site, site.person(updated="2023-01-01"))
    check(site, text, "updated:", "updated")


def test_consent_after_publication(site: SiteDir) -> None:
    data = site.person()
    data["consent"]["date"] = "2024-03-01"
    text = write(site, data)
    check(site, text, "date: '2024-03-01'", "consent.date")


def test_person_on_a_collective(site: SiteDir) -> None:
    text = write(site, site.collective(person={"position": "Giám đốc"}))
    check(site, text, "person:", "person")


def test_locality_outside_configured_list(site: SiteDir) -> None:
    text = write(site, site.person(locality="Xã An Binh"))
    out = check(site, text, "locality:", "locality")
    assert "Có phải ý bạn là “Xã An Bình”?" in out


def test_year_out_of_range_and_wrong_type(site: SiteDir) -> None:
    text = write(site, site.person(year=1900, featured="có"))
    check(site, text, "year:", "year")
    check(site, text, "featured:", "featured")


def test_bad_id_pattern(site: SiteDir) -> None:
    text = write(site, site.person(id="Nguyễn Văn An"))
    check(site, text, "id:", "id")


def test_bad_file_name(site: SiteDir) -> None:
    site.exemplar("Nguyễn Văn An", site.person())
    code, out = site.validate()
    assert code == 1
    assert "content/exemplars/Nguyễn Văn An.md:1: LỖI" in out
    assert "nguyen-van-an.md" in out


def test_alias_clashing_with_a_slug(site: SiteDir) -> None:
    write(site, site.person(aliases=["htx-an-binh"]))
    site.exemplar("htx-an-binh", site.collective())
    code, out = site.validate()
    assert code == 1
    expect(out, 1, "aliases")


def test_campaign_rules(site: SiteDir) -> None:
    bad = {"title": "Phong trào X", "period": {"start": 2025, "end": 2021}, "lead": "UBND"}
    path = site.campaign("phong-trao-x", bad)
    code, out = site.validate()
    assert code == 1
    assert "content/campaigns/phong-trao-x.md:" in out and "[period.end]" in out
    site.campaign("phong-trao-x", {"title": "Phong trào X", "period": {"start": 2021, "end": 2025}})
    code, out = site.validate()
    assert f"{path.relative_to(site.root).as_posix()}:2: LỖI [lead]" in out


def test_settings_unknown_key_and_missing_site_url(site: SiteDir) -> None:
    cfg = site.root / "mkdocs.yml"
    text = cfg.read_text("utf-8").replace("      owner:", "      ownr: X\n      owner:")
    text = text.replace("site_url: https://guongsang.example.gov.vn/\n", "")
    cfg.write_text(text, "utf-8")
    code, out = site.validate()
    assert code == 1
    assert f"mkdocs.yml:{line_of(text, 'ownr:')}: LỖI [ownr]" in out
    assert "Có phải ý bạn là “owner”?" in out
    assert "[site_url]" in out


def test_all_problems_at_once(site: SiteDir) -> None:
    write(site, site.person(kind="person"))
    site.exemplar("y", site.person(id="nguyen-van-ba", field="nong-nghiep"))
    site.exemplar("z", site.collective(id="htx-z", summary="Ngắn"))
    code, out = site.validate()
    assert code == 1
    for f in ("x.md", "y.md", "z.md"):
        assert f"content/exemplars/{f}:" in out
    assert "Tổng cộng: 3 lỗi" in out


def test_warnings_do_not_fail(site: SiteDir) -> None:
    write(site, site.person(), BODY + "\nCó\u200b khoảng trắng vô hình.\n")
    code, out = site.validate()
    assert code == 0, out
    assert "CẢNH BÁO" in out


def test_template_placeholders_must_be_filled_before_publishing(site: SiteDir) -> None:
    data = site.person()
    data["person"]["position"] = "…"
    text = write(site, data, body="## Sơ lược lý lịch\n\n…\n")
    code, out = site.validate()
    assert code == 1
    assert f"x.md:{line_of(text, 'position:')}: LỖI [person.position] mục này vẫn " \
           "còn chỗ “…” của mẫu" in out
    assert f"x.md:{line_of(text, '## Sơ lược') + 2}: LỖI câu chuyện vẫn còn" in out
    data["status"] = "draft"
    write(site, data, body="## Sơ lược lý lịch\n\nAnh An… rồi tiếp tục làm.\n\n…\n")
    code, out = site.validate()
    assert code == 0 and out.count("CẢNH BÁO") == 2  # a reminder while it is a draft
