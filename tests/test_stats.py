"""Statistics: every number in the page, the CSVs and the CLI, counted by hand."""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import SiteDir, strip_tags


@pytest.fixture
def stats_site(site: SiteDir) -> SiteDir:
    p, c = site.person, site.collective
    site.exemplar("a", p(id="a-1", year=2023))
    site.exemplar("b", p(id="b-1", year=2023, kind="household", title="Hộ bà B",
                         locality="Xã Đông Hòa"))
    site.exemplar("c", c(id="c-1", year=2023))
    site.exemplar("d", c(id="d-1", year=2022, field="education", campaigns=[]))
    site.exemplar("e", p(id="e-1", year=2022, field="health",
                         awards=[{"title": "Bằng khen", "level": "province", "date": "2022-03-01"},
                                 {"title": "Thu hồi", "level": "national", "date": "2022-03-01",
                                  "revoked": "2023-01-01"}]))
    # None of these may be counted anywhere.
    site.exemplar("f", p(id="f-1", status="draft", year=2023))
    site.exemplar("g", p(id="g-1", status="review", year=2023))
    site.exemplar("h", c(id="h-1", published="2099-01-01", year=2023))
    site.exemplar("i", p(id="i-1", status="withdrawn", withdrawn_reason="Sai số liệu", year=2023))
    return site


EXPECTED = [
    ["Năm", "Lĩnh vực", "Tập thể", "Cá nhân", "Hộ gia đình", "Tổng"],
    ["2023", "Nông nghiệp, nông thôn mới", "1", "1", "1", "3"],
    ["2022", "Y tế", "0", "1", "0", "1"],
    ["2022", "Giáo dục và đào tạo", "1", "0", "0", "1"],
]


def test_csv_files(stats_site: SiteDir) -> None:
    code, out, site_dir = stats_site.build()
    assert code == 0, out
    raw = (site_dir / "thong-ke/thong-ke.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == EXPECTED
    progress = list(csv.reader(io.StringIO(
        (site_dir / "thong-ke/tien-do-phong-trao.csv").read_bytes().decode("utf-8-sig"))))
    assert progress[0] == ["Mã phong trào", "Phong trào", "Giai đoạn", "Loại", "Đã công bố",
                           "Chỉ tiêu", "Đạt chỉ tiêu"]
    by_kind = {r[3]: r[4:] for r in progress[1:]}
    # a-1, e-1 (individual); c-1 (collective); b-1 (household): d-1 has no campaign
    assert by_kind == {"Cá nhân": ["2", "3", "Chưa đạt"], "Tập thể": ["1", "2", "Chưa đạt"],
                       "Hộ gia đình": ["1", "1", "Đạt"]}


def test_statistics_page(stats_site: SiteDir) -> None:
    code, out, site_dir = stats_site.build()
    assert code == 0, out
    html = (site_dir / "thong-ke/index.html").read_text("utf-8")
    text = " ".join(strip_tags(html).split())
    assert "2023 1 1 1 3" in text and "2022 1 1 0 2" in text  # year totals
    assert "2023 Nông nghiệp, nông thôn mới 1 1 1 3" in text
    assert "Tỉnh 0 1 1" in text and "Huyện 2 0 2" in text  # decision years 2023, 2022
    assert "Nhà nước" not in text  # the revoked award is not counted
    assert re.search(r"Cá nhân 2/3 .*Tập thể 1/2 .*Hộ gia đình 1/1", text)
    svg = re.search(r"<svg class=\"gs-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "năm 2023: tập thể 1, cá nhân 1, hộ gia đình 1" in svg
    # localities with no exemplar, per year of the campaign period (2021–2025)
    assert "2023 Thị trấn Đà Nẵng Mới" in text
    assert "2021 Xã An Bình, Xã Đông Hòa, Thị trấn Đà Nẵng Mới" in text


def test_report_cli(stats_site: SiteDir, tmp_path) -> None:
    code, out = stats_site.run("report", "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == EXPECTED
    code, out = stats_site.run("report", "--year", "2022")
    assert code == 0
    assert "| TT | Năm | Lĩnh vực | Tập thể | Cá nhân | Hộ gia đình | Tổng |" in out
    assert "| 1 | 2022 | Y tế | 0 | 1 | 0 | 1 |" in out
    assert "| 2 | 2022 | Giáo dục và đào tạo | 1 | 0 | 0 | 1 |" in out
    assert "| **Cộng** | **1** | **1** | **0** | **2** |" in out
    assert "2023" not in out
    target = tmp_path / "bc.csv"
    code, _ = stats_site.run("report", "--format", "csv", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbf")
