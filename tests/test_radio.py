"""Radio scripts: written Vietnamese forms become what an announcer or a TTS engine says."""

from __future__ import annotations

import pytest

from guongsang.radio import (
    RadioOptions,
    markdown_to_radio,
    number_to_words,
    radio_script,
    reading_seconds,
    spoken_text,
)

WORDS = RadioOptions(numbers="words")


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"),
    (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"),
    (41, "bốn mươi mốt"), (100, "một trăm"), (101, "một trăm linh một"), (110, "một trăm mười"),
    (1005, "một nghìn không trăm linh năm"), (2021, "hai nghìn không trăm hai mươi mốt"),
    (1_000_000, "một triệu"), (1_250_000_000, "một tỷ hai trăm năm mươi triệu"),
    (105_000, "một trăm linh năm nghìn"), (1_000_000_000_000, "một nghìn tỷ"),
])
def test_number_to_words(n: int, words: str) -> None:
    assert number_to_words(n) == words


@pytest.mark.parametrize(("written", "spoken"), [
    ("13/5/2021", "ngày 13 tháng 5 năm 2021"),
    ("ngày 13/05/2021", "ngày 13 tháng 5 năm 2021"),
    ("2021-05-13", "ngày 13 tháng 5 năm 2021"),
    ("tháng 5/2021", "tháng 5 năm 2021"),
    ("giai đoạn 2021-2025", "giai đoạn 2021 đến 2025"),
    ("2021 – 2025", "2021 đến 2025"),
    ("từ 10-15 tấn", "từ 10 đến 15 tấn"),
    ("đạt 95%", "đạt 95 phần trăm"),
    ("tăng 12,5%", "tăng 12 phẩy 5 phần trăm"),
    ("1,2 tỷ đồng", "1 phẩy 2 tỷ đồng"),
    ("2,5 ha", "2 phẩy 5 héc-ta"),
    ("1.250.000.000 đồng", "1 tỷ 250 triệu đồng"),
    ("350.000.000 đồng", "350 triệu đồng"),
    ("12.500.000 đ", "12 triệu 500 nghìn đồng"),
    ("50.000 VNĐ", "50 nghìn đồng"),
    ("12.500 m2", "12 nghìn 500 mét vuông"),
    ("300 m²", "300 mét vuông"),
    ("5 m3", "5 mét khối"), ("12 km", "12 ki-lô-mét"), ("40 kg", "40 ki-lô-gam"),
    ("40 m tường", "40 mét tường"),
    ("28 tấn/ha", "28 tấn trên héc-ta"),
    ("7 triệu đồng/tháng", "7 triệu đồng mỗi tháng"),
    ("Quyết định số 1234/QĐ-UBND", "Quyết định số 1234"),
    ("UBND xã, HĐND, MTTQ (HTX).",
     "Ủy ban nhân dân xã, Hội đồng nhân dân, Mặt trận Tổ quốc (hợp tác xã)."),
    ("Trường THCS, TP. Nha Trang", "Trường trung học cơ sở, thành phố Nha Trang"),
    ("Phòng GD&ĐT", "Phòng giáo dục và đào tạo"),
    ("Nông dân & HTX", "Nông dân và hợp tác xã"),
])
def test_spoken_forms(written: str, spoken: str) -> None:
    assert spoken_text(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("1.250.000.000 đồng", "một tỷ hai trăm năm mươi triệu đồng"),
    ("95%", "chín mươi lăm phần trăm"),
    ("13/5/2021", "ngày mười ba tháng năm năm hai nghìn không trăm hai mươi mốt"),
    ("12,5 ha", "mười hai phẩy năm héc-ta"),
])
def test_numbers_in_words(written: str, spoken: str) -> None:
    assert spoken_text(written, WORDS) == spoken


def test_site_abbreviations_extend_the_defaults() -> None:
    options = RadioOptions.from_settings({"abbreviations": {"HTX": "hợp-tác-xã", "ĐTC": "Đồng Tâm"},
                                          "numbers": "words"})
    expected = "hợp-tác-xã Đồng Tâm, Ủy ban nhân dân hai xã"
    assert spoken_text("HTX ĐTC, UBND 2 xã", options) == expected


STORY = """## Thành tích tiêu biểu

Năm 2023, **HTX** đạt *doanh thu* 4,8 tỷ đồng ([xem báo cáo](https://example.gov.vn/bc.pdf)).

- Năng suất 7 tấn/ha;
- Kiên cố 3,5 km kênh mương

1. Thứ nhất
2. Thứ hai

| Năm | Sản lượng |
|---|---|
| 2022 | 11 tấn |

![Ảnh](anh.jpg) Liên hệ https://camlam.gov.vn hoặc a@b.vn <b>ngay</b>.
"""


def test_markdown_becomes_plain_speech() -> None:
    text = markdown_to_radio(STORY)
    assert text == (
        "Thành tích tiêu biểu.\n\n"
        "Năm 2023, hợp tác xã đạt doanh thu 4 phẩy 8 tỷ đồng (xem báo cáo).\n\n"
        "Năng suất 7 tấn trên héc-ta; Kiên cố 3 phẩy 5 ki-lô-mét kênh mương.\n\n"
        "Thứ nhất; Thứ hai.\n\n"
        "Liên hệ hoặc ngay."
    )
    for ch in "#*_`|<>[]":
        assert ch not in text
    assert "11 tấn" not in text and "http" not in text and "@" not in text


def test_script_and_reading_time() -> None:
    options = RadioOptions(intro="Kính thưa quý vị.", outro="Xin cảm ơn quý vị.")
    script = radio_script("HTX Nông nghiệp X", "Tập thể tiêu biểu.", STORY, options,
                          kind="collective", locality="Xã Cam Tân",
                          awards=["Bằng khen của Chủ tịch UBND tỉnh"])
    assert script.startswith("Kính thưa quý vị.\n\nXin giới thiệu gương điển hình tiên tiến: "
                             "tập thể hợp tác xã Nông nghiệp X, Xã Cam Tân.")
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh." in script
    assert script.endswith("Xin cảm ơn quý vị.")
    assert reading_seconds("một " * 160) == 60
    assert reading_seconds("một " * 161) == 61
