"""Text as editors really paste it: forms, junk, legacy encodings, personal identifiers."""

from __future__ import annotations

import unicodedata

import pytest

from guongsang.text import (
    clean_text,
    detect_legacy_encoding,
    find_personal_identifiers,
    strip_diacritics,
)

# Real mojibake: Vietnamese typed with .VnTime (TCVN3) or VNI-Times fonts, pasted as Unicode.
TCVN3 = "Hîp t¸c x· n«ng nghiÖp Cam H¶i T©y ®¹t danh hiÖu tËp thÓ lao ®éng xuÊt s¾c"
VNI = "Hôïp taùc xaõ noâng nghieäp Cam Haûi Taây ñaït danh hieäu taäp theå lao ñoäng xuaát saéc"


def test_clean_text_normalises_and_reports_lines() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    text, issues = clean_text(f"a\r\n{nfd}\u200b\r\nb\x0bc\x0c\n\u00ad\ufeffd\u00a0e")
    assert text == "a\nNguyễn Thị Hoa\nbc\nd e"
    assert [(i.line, i.kind) for i in issues] == [(2, "invisible"), (3, "control"),
                                                  (4, "invisible")]
    assert "Word" in issues[0].message


@pytest.mark.parametrize(("text", "kind"), [
    (TCVN3, "legacy-tcvn3"),
    ("## Thµnh tÝch\n\nNg­êi tèt viÖc tèt, gi¶i quyÕt viÖc lµm cho 20 lao ®éng.", "legacy-tcvn3"),
    (VNI, "legacy-vni"),
    ("Ngöôøi toát vieäc toát. Ñoaøn keát, Vieät Nam", "legacy-vni"),
])
def test_legacy_encodings_are_detected(text: str, kind: str) -> None:
    issue = detect_legacy_encoding("Dòng đầu bình thường.\n" + text)
    assert issue is not None and issue.kind == kind and issue.line == 2
    assert "Unikey" in issue.message


@pytest.mark.parametrize("text", [
    "ÔNG NGUYỄN VĂN ÂN, Ủy ban nhân dân xã, Đà Nẵng, người Ê-đê, hoá học, quân đội, khoẻ mạnh",
    "Nhiệt độ 30°C, « trích dẫn », ½ ha, © 2024, 25 m², 3 × 4",
    "Bà Ngọc học tại München, Köln và Düsseldorf; gặp señor García ở España, Noël.",
    "The quick brown fox jumps over the lazy dog. Le café est très bon à Paris.",
])
def test_real_text_is_not_legacy(text: str) -> None:
    assert detect_legacy_encoding(text) is None


@pytest.mark.parametrize(("text", "kinds"), [
    ("Liên hệ 0905 123 456 nhé", ["phone"]),
    ("số 090.512.3456", ["phone"]),
    ("gọi +84 905 123 456", ["phone"]),
    ("máy bàn (0258) 3861 234", ["phone"]),
    ("thư an.nguyen@example.com", ["email"]),
    ("CCCD 079203012345", ["national-id"]),
    ("CCCD 079 203 012 345", ["national-id"]),
    ("CMND số 225123456", ["national-id"]),
    ("Năm 2021, giai đoạn 2021-2025 và 2021–2025", []),
    ("ngày 13/5/2021 và 13.05.2021", []),
    ("doanh thu 1.250.000.000 đồng, lãi 350.000.000 đồng, 1,2 tỷ", []),
    ("Quyết định số 1234/QĐ-UBND ngày 13/5/2021", []),
    ("diện tích 12.500 m2, 120 hộ, tăng 15,2%, 0,5 ha", []),
])
def test_personal_identifiers(text: str, kinds: list[str]) -> None:
    assert [i.kind for i in find_personal_identifiers(text)] == kinds


def test_identifier_lines() -> None:
    issues = find_personal_identifiers("một\nhai 0905 123 456\nba\nbốn a@b.vn")
    assert [(i.line, i.kind) for i in issues] == [(2, "phone"), (4, "email")]


def test_strip_diacritics_folds_d_bar() -> None:
    assert strip_diacritics("Đoàn Kết LÊ THỊ HOA") == "doan ket le thi hoa"
    assert strip_diacritics(unicodedata.normalize("NFD", "Đà Nẵng")) == "da nang"
