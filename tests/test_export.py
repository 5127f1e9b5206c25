"""`guongsang export`: the official achievement report, opened with python-docx and poppler."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest

from conftest import SiteDir
from printing import A4, fonts, page_size, same_size, text


@pytest.fixture
def report_site(site: SiteDir) -> SiteDir:
    an = site.person(
        person={"birth_year": 1968, "hometown": "Xã Quê Riêng Tư", "position": "Trưởng thôn"},
        consent={"date": "2024-01-02", "by": "Nguyễn Văn An", "scope": ["name", "story",
                                                                         "birth_year"]})
    an["awards"] += [
        {"title": "Bằng khen của Chủ tịch UBND tỉnh Thử Nghiệm", "level": "province",
         "decision": "Quyết định số 345/QĐ-UBND", "date": "2024-03-01"},
        {"title": "Giấy khen bị thu hồi", "level": "commune", "decision": "Quyết định số 7/QĐ",
         "date": "2022-01-01", "revoked": "2023-01-01"}]
    site.exemplar("nguyen-van-an", an, body=(
        "## Sơ lược lý lịch\n\nLàm nông nghiệp từ năm 1990.\n\n## Thành tích tiêu biểu\n\n"
        "Năm 2023 thu nhập đạt 350 triệu đồng.\n\n- Hiến 300 m2 đất;\n- Hướng dẫn 15 hộ.\n\n"
        "## Quá trình khen thưởng\n\nĐoạn văn này được thay bằng bảng.\n"))
    site.exemplar("htx-an-binh", site.collective(), body=(
        "## Đặc điểm tình hình\n\nHợp tác xã có 320 hộ thành viên.\n\n## Thành tích\n\n"
        "Doanh thu tăng 15% mỗi năm.\n"))
    site.exemplar("ho-ong-binh", site.person(
        id="ho-ong-binh", title="Hộ ông Lê Văn Bình", kind="household", published="2024-02-02"))
    site.exemplar("ban-nhap", site.person(id="ban-nhap", title="Phạm Thị Nháp", status="draft"))
    site.exemplar("cho-duyet", site.person(id="cho-duyet", title="Võ Văn Duyệt",
                                           status="review"))
    site.exemplar("hen-gio", site.person(id="hen-gio", title="Đỗ Thị Hẹn",
                                         published="2099-01-01"))
    site.exemplar("da-go", site.person(id="da-go", title="Lý Văn Gỡ", status="withdrawn",
                                       withdrawn_reason="Rút lại đồng ý"))
    return site


def export(site: SiteDir, *args: str) -> tuple[int, str]:
    return site.run("export", *args)


def docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    d = docx.Document(str(path))
    paras = "\n".join(p.text for p in d.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    cells = "\n".join(c for t in tables for row in t for c in row)
    return paras + "\n" + cells, tables


def test_individual_report_docx(report_site: SiteDir, tmp_path: Path) -> None:
    target = tmp_path / "an.docx"
    code, out = export(report_site, "--report", "nguyen-van-an", "-o", str(target))
    assert code == 0, out
    body, tables = docx_text(target)
    assert body == unicodedata.normalize("NFC", body)
    for heading in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "BÁO CÁO THÀNH TÍCH", "I. Sơ lược lý lịch",
                    "II. Thành tích tiêu biểu xuất sắc đã đạt được", "III. Quá trình khen thưởng",
                    "UBND HUYỆN THỬ NGHIỆM"):
        assert heading in body, heading
    headings = [p.text for p in docx.Document(str(target)).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == ["I. Sơ lược lý lịch", "II. Thành tích tiêu biểu xuất sắc đã đạt được",
                        "III. Quá trình khen thưởng"]
    assert "Nguyễn Văn An" in body and "Năm sinh: 1968" in body  # consented
    assert "Quê Riêng Tư" not in body  # home town outside the consent
    assert "Trưởng thôn" in body
    assert "350 triệu đồng" in body and "Hiến 300 m2 đất" in body
    assert "Làm nông nghiệp từ năm 1990" in body
    assert "Đoạn văn này được thay bằng bảng" not in body
    awards = next(t for t in tables if t[0][0] == "Năm")
    assert awards == [
        ["Năm", "Danh hiệu/Hình thức khen thưởng", "Số quyết định", "Cơ quan ban hành"],
        ["2023", "Chiến sĩ thi đua cơ sở", "Quyết định số 12/QĐ-UBND", "Chủ tịch UBND cấp huyện"],
        ["2024", "Bằng khen của Chủ tịch UBND tỉnh Thử Nghiệm", "Quyết định số 345/QĐ-UBND",
         "Chủ tịch UBND tỉnh Thử Nghiệm"]]
    assert "bị thu hồi" not in body  # a revoked award is not reported


def test_collective_report_and_household(report_site: SiteDir, tmp_path: Path) -> None:
    code, out = export(report_site, "--report", "htx-an-binh", "-o", str(tmp_path / "h.docx"))
    assert code == 0, out
    body, _tables = docx_text(tmp_path / "h.docx")
    assert "I. Đặc điểm tình hình" in body and "Sơ lược lý lịch" not in body
    assert "Tên tập thể: Hợp tác xã Nông nghiệp An Bình" in body
    assert "320 hộ thành viên" in body and "Doanh thu tăng 15%" in body
    assert "Chưa có hình thức khen thưởng" in body
    code, out = export(report_site, "--report", "ho-ong-binh", "-o", str(tmp_path / "b.docx"))
    assert code == 0, out
    body, _ = docx_text(tmp_path / "b.docx")
    assert "I. Sơ lược lý lịch" in body and "Tên hộ gia đình: Hộ ông Lê Văn Bình" in body


def test_report_pdf(report_site: SiteDir, tmp_path: Path) -> None:
    target = tmp_path / "an.pdf"
    code, out = export(report_site, "--report", "nguyen-van-an", "--format", "pdf",
                       "-o", str(target))
    assert code == 0, out
    assert same_size(page_size(target), A4)
    body = " ".join(text(target).split())
    for needle in ("BÁO CÁO THÀNH TÍCH", "I. Sơ lược lý lịch", "Nguyễn Văn An",
                   "III. Quá trình khen thưởng", "Quyết định số 345/"):
        assert needle in body, needle
    assert "Quê Riêng Tư" not in body
    assert all(embedded and "Noto-Sans" in name for name, embedded in fonts(target))


@pytest.mark.parametrize("slug", ["ban-nhap", "cho-duyet", "hen-gio", "da-go"])
def test_unpublished_profiles_are_refused(report_site: SiteDir, tmp_path: Path,
                                          slug: str) -> None:
    target = tmp_path / "x.docx"
    code, out = export(report_site, "--report", slug, "-o", str(target))
    assert code == 1
    assert f"Hồ sơ “{slug}”" in out and "không xuất báo cáo thành tích" in out
    assert "Traceback" not in out
    assert not target.exists()


def test_unknown_profile_and_selection_are_clear(report_site: SiteDir, tmp_path: Path) -> None:
    code, out = export(report_site, "--report", "nguyen-van-ann", "-o", str(tmp_path / "x"))
    assert code == 1 and "Không có hồ sơ “nguyen-van-ann”" in out and "nguyen-van-an" in out
    code, out = export(report_site, "--selection", "Q1-2019", "-o", str(tmp_path / "x"))
    assert code == 1 and "Không có gương điển hình nào được công bố trong quý I năm 2019" in out
    code, out = export(report_site, "--selection", "quy-ba", "-o", str(tmp_path / "x"))
    assert code == 1 and "Không hiểu lựa chọn “quy-ba”" in out
    assert not (tmp_path / "x").exists()


def test_quarterly_selection_bundles_the_public_profiles(report_site: SiteDir,
                                                         tmp_path: Path) -> None:
    # Q1-2024: An (15/1) and the household (2/2); the HTX was published in 2022.
    target = tmp_path / "q1.docx"
    code, out = export(report_site, "--selection", "Q1-2024", "-o", str(target))
    assert code == 0, out
    body, tables = docx_text(target)
    assert "DANH SÁCH GƯƠNG ĐIỂN HÌNH TIÊN TIẾN QUÝ I NĂM 2024" in body
    listing = tables[1]  # after the national heading's table
    assert [row[1] for row in listing[1:]] == ["Nguyễn Văn An", "Hộ ông Lê Văn Bình"]
    assert body.splitlines().count("BÁO CÁO THÀNH TÍCH") == 2
    assert "Hợp tác xã Nông nghiệp An Bình" not in body
    for hidden in ("Phạm Thị Nháp", "Võ Văn Duyệt", "Đỗ Thị Hẹn", "Lý Văn Gỡ"):
        assert hidden not in body
    # a year and a campaign work too
    code, out = export(report_site, "--selection", "nong-thon-moi", "--format", "pdf",
                       "-o", str(tmp_path / "c.pdf"))
    assert code == 0, out
    body = text(tmp_path / "c.pdf")
    assert "Hợp tác xã Nông nghiệp An Bình" in body and "Đỗ Thị Hẹn" not in body


def test_exports_are_byte_identical(report_site: SiteDir, tmp_path: Path) -> None:
    for fmt in ("docx", "pdf"):
        outputs = []
        for n in (1, 2):
            target = tmp_path / f"{n}.{fmt}"
            code, out = export(report_site, "--selection", "2024", "--format", fmt,
                               "-o", str(target))
            assert code == 0, out
            outputs.append(target.read_bytes())
        assert outputs[0] == outputs[1], fmt
    props = docx.Document(str(tmp_path / "1.docx")).core_properties
    assert props.author == "UBND huyện Thử Nghiệm"
    assert props.modified.date().isoformat() == "2024-02-02"  # the newest profile, not today
