"""Text as editors really paste it: forms, junk, legacy encodings, personal identifiers."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import ROOT
from guongsang.text import (
    TextIssue,
    clean_text,
    detect_legacy_encoding,
    find_personal_identifiers,
    strip_diacritics,
)

# ------------------------------------------------------------------ real legacy encoders
# The mojibake in these tests is produced by really encoding Unicode with the legacy tables
# and decoding the bytes as cp1252, exactly what happens when an old .doc is pasted.

# TCVN3 (ABC): one byte per letter; no toned capitals (.VnTimeH reuses the lowercase codes).
_TCVN3_LETTERS = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                  "ĂÂĐÊÔƠƯ")
_TCVN3_CODES = bytes.fromhex(
    "b5b8b6b7b9 a8bbbebcbdc6 a9c7cac8c9cb ae ccd0cecfd1 aad2d5d3d4d6 d7ddd8dcde dfe3e1e2e4"
    " abe5e8e6e7e9 aceaedebecee eff3f1f2f4 adf5f8f6f7f9 fafdfbfcfe a1a2a7a3a4a5a6")
TCVN3_TABLE = dict(zip(_TCVN3_LETTERS, _TCVN3_CODES, strict=True))

# VNI Windows: base letter + shape/tone byte; ơ ư đ, toned i and ỵ are single bytes.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
VNI_TONE = {_ACUTE: 0xF9, _GRAVE: 0xF8, _HOOK: 0xFB, _TILDE: 0xF5, _DOT: 0xEF}
VNI_CIRCUMFLEX = {None: 0xE2, _ACUTE: 0xE1, _GRAVE: 0xE0, _HOOK: 0xE5, _TILDE: 0xE3, _DOT: 0xE4}
VNI_BREVE = {None: 0xEA, _ACUTE: 0xE9, _GRAVE: 0xE8, _HOOK: 0xFA, _TILDE: 0xFC, _DOT: 0xEB}
VNI_I = {_ACUTE: 0xED, _GRAVE: 0xEC, _HOOK: 0xE6, _TILDE: 0xF3, _DOT: 0xF2}
VNI_SINGLE = {"o" + _HORN: 0xF4, "u" + _HORN: 0xF6, "đ": 0xF1, "y" + _DOT: 0xEE}


def to_tcvn3(text: str) -> str:
    out = bytearray()
    for ch in text:
        code = TCVN3_TABLE.get(ch) or TCVN3_TABLE.get(ch.lower())
        out += bytes([code]) if code else ch.encode("ascii")
    return out.decode("cp1252")


def _vni_char(ch: str) -> bytes:
    upper = ch.isupper()
    base, *marks = unicodedata.normalize("NFD", ch.lower())
    shape = next((m for m in marks if m in (_CIRCUMFLEX, _BREVE, _HORN)), None)
    tone = next((m for m in marks if m in VNI_TONE), None)
    if ch.lower() == "đ":
        codes = [VNI_SINGLE["đ"]]
    elif shape == _HORN:
        codes = [VNI_SINGLE[base + _HORN]] + ([VNI_TONE[tone]] if tone else [])
    elif shape == _CIRCUMFLEX:
        codes = [ord(base), VNI_CIRCUMFLEX[tone]]
    elif shape == _BREVE:
        codes = [ord(base), VNI_BREVE[tone]]
    elif tone and base == "i":
        codes = [VNI_I[tone]]
    elif tone == _DOT and base == "y":
        codes = [VNI_SINGLE["y" + _DOT]]
    elif tone:
        codes = [ord(base), VNI_TONE[tone]]
    else:
        return ch.encode("ascii")
    # Capitals sit 0x20 below their lowercase bytes, as in Latin-1.
    return bytes(c - 0x20 if upper else c for c in codes)


def to_vni(text: str) -> str:
    return b"".join(_vni_char(ch) for ch in text).decode("cp1252")


SENTENCES = [
    "Người tốt việc tốt",
    "Hợp tác xã nông nghiệp Cam Hải Tây đạt danh hiệu tập thể lao động xuất sắc",
    "Ủy ban nhân dân xã",
    "Bà Nguyễn Thị Hoa được Chủ tịch tỉnh tặng bằng khen vì đã giúp đỡ các hộ nghèo",
]
LEGACY_DOC = "\n".join(SENTENCES)


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), [
    ("Người tốt việc tốt", "Ng\u00adêi tèt viÖc tèt", "Ngöôøi toát vieäc toát"),
    ("Hợp tác xã nông nghiệp", "Hîp t¸c x· n«ng nghiÖp", "Hôïp taùc xaõ noâng nghieäp"),
    ("ỦY BAN Đà Nẵng", "ñY BAN §µ N½ng", "UÛY BAN Ñaø Naüng"),
    ("ỵ ị ư", "þ Þ \u00ad", "î ò ö"),
])
def test_encoders_reproduce_known_mojibake(unicode: str, tcvn3: str, vni: str) -> None:
    # Guards the test tables themselves against the examples everyone knows.
    assert to_tcvn3(unicode) == tcvn3
    assert to_vni(unicode) == vni


# ------------------------------------------------------------------ clean_text


def test_clean_text_nfc_line_ends_and_nbsp_are_silent() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoa, Đà Nẵng")
    text, issues = clean_text(f"{nfd}\r\nhai\rba\u00a0bốn\n\tnăm")
    assert text == "Nguyễn Thị Hoa, Đà Nẵng\nhai\nba bốn\n\tnăm"
    assert unicodedata.is_normalized("NFC", text)
    assert issues == []


@pytest.mark.parametrize(("char", "name"), [
    ("\u200b", "khoảng trắng độ rộng 0"),
    ("\u200c", "ngắt nối độ rộng 0"),
    ("\u200d", "ký tự nối độ rộng 0"),
    ("\u2060", "ký tự nối từ"),
    ("\u00ad", "gạch nối mềm"),
    ("\ufeff", "BOM"),
])
def test_clean_text_removes_invisible(char: str, name: str) -> None:
    text, issues = clean_text(f"một\nNgười{char} tốt{char}\nba")
    assert text == "một\nNgười tốt\nba"
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.line, issue.kind) == (2, "invisible")
    assert "đã bỏ 2 ký tự vô hình" in issue.message and name in issue.message
    assert "Word/web" in issue.message


def test_clean_text_invisible_message_matches_example() -> None:
    _, issues = clean_text("a\u200bb\u200bc")
    assert issues == [TextIssue(1, "invisible", "đã bỏ 2 ký tự vô hình (khoảng trắng độ rộng 0) "
                                                "— thường do dán từ Word/web")]


@pytest.mark.parametrize(("char", "code"), [
    ("\x00", "U+0000"), ("\x07", "U+0007"), ("\x08", "U+0008"), ("\x0e", "U+000E"),
    ("\x1f", "U+001F"), ("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"), ("\ud800", "U+D800"),
    ("\udfff", "U+DFFF"),
])
def test_clean_text_removes_xml_forbidden(char: str, code: str) -> None:
    text, issues = clean_text(f"đầu\nlao {char}động")
    assert text == "đầu\nlao động"
    assert [(i.line, i.kind) for i in issues] == [(2, "control")]
    assert code in issues[0].message and "1 ký tự điều khiển" in issues[0].message


def test_clean_text_word_line_and_page_breaks_become_spaces() -> None:
    text, issues = clean_text("tốt\x0bviệc\x0ctốt")
    assert text == "tốt việc tốt"
    assert [(i.line, i.kind) for i in issues] == [(1, "control")]
    assert "U+000B, U+000C" in issues[0].message


def test_clean_text_keeps_what_xml_allows() -> None:
    allowed = "tab\there ° « » ½ © — “ngoặc” 😀 \x7f"
    assert clean_text(allowed) == (allowed, [])


def test_clean_text_one_issue_per_line_with_line_numbers() -> None:
    raw = "sạch\r\nhai\u200b\x07\rsạch\nbốn\u00ad\n\ufeffnăm\u200d"
    text, issues = clean_text(raw)
    assert text == "sạch\nhai\nsạch\nbốn\nnăm"
    assert [(i.line, i.kind) for i in issues] == [(2, "control"), (4, "invisible"),
                                                  (5, "invisible")]
    assert "ký tự điều khiển" in issues[0].message and "vô hình" in issues[0].message
    assert "dấu BOM, ký tự nối độ rộng 0" in issues[2].message


def test_clean_text_composes_after_removal() -> None:
    # A zero-width space between a letter and its tone mark hid the pair from NFC.
    text, issues = clean_text("To\u0302\u200b\u0301t")
    assert text == "Tốt"
    assert len(issues) == 1


# ------------------------------------------------------------------ legacy encodings


@pytest.mark.parametrize(("encode", "kind", "source"), [
    (to_tcvn3, "legacy-tcvn3", "TCVN3 (ABC)"),
    (to_vni, "legacy-vni", "VNI Windows"),
])
def test_legacy_document_detected(encode, kind: str, source: str) -> None:
    issue = detect_legacy_encoding(encode(LEGACY_DOC))
    assert issue is not None
    assert (issue.line, issue.kind) == (1, kind)
    assert f"Bảng mã nguồn: {source}, đích: Unicode" in issue.message
    assert "Unikey" in issue.message and "Ctrl+Shift+F6" in issue.message


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
@pytest.mark.parametrize("sentence", SENTENCES[1:])
def test_legacy_single_sentence_detected(encode, sentence: str) -> None:
    issue = detect_legacy_encoding(encode(sentence))
    assert issue is not None and issue.line == 1
    assert issue.kind == ("legacy-tcvn3" if encode is to_tcvn3 else "legacy-vni")


def test_legacy_vni_short_title_and_capitals() -> None:
    assert detect_legacy_encoding(to_vni("Người tốt việc tốt")).kind == "legacy-vni"
    capitals = to_vni("ỦY BAN NHÂN DÂN XÃ CAM HẢI TÂY")
    assert capitals == "UÛY BAN NHAÂN DAÂN XAÕ CAM HAÛI TAÂY"
    assert detect_legacy_encoding(capitals).kind == "legacy-vni"


@pytest.mark.parametrize(("encode", "kind"), [(to_tcvn3, "legacy-tcvn3"), (to_vni, "legacy-vni")])
def test_legacy_paragraph_inside_unicode_document(encode, kind: str) -> None:
    doc = "\n".join([
        "---", "title: Hợp tác xã Cam Hải Tây", "---", "",
        "Ông Nguyễn Văn Ân là chủ nhiệm hợp tác xã từ năm 2015.", "",
        encode(SENTENCES[1] + ", " + SENTENCES[3].lower()), "",
        "Đà Nẵng, ngày 13/5/2021.",
    ])
    issue = detect_legacy_encoding(doc)
    assert issue is not None and (issue.line, issue.kind) == (7, kind)


def test_legacy_detected_on_raw_text_only() -> None:
    # clean_text drops U+00AD, which TCVN3 uses for “ư”: detection must run before it.
    raw = to_tcvn3(LEGACY_DOC)
    assert "\u00ad" in raw
    cleaned, issues = clean_text(raw)
    assert "\u00ad" not in cleaned and issues
    assert detect_legacy_encoding(raw).kind == "legacy-tcvn3"


@pytest.mark.parametrize("text", [
    *SENTENCES,
    LEGACY_DOC,
    LEGACY_DOC.upper(),
    "ÔNG NGUYỄN VĂN ÂN, Ủy ban nhân dân xã, Đà Nẵng, người Ê-đê",
    "Hoá học, hoà bình, loã xoã, khoẻ mạnh, thuỷ lợi, mùa xuân, quà quê, thuê nhà, "
    "toát mồ hôi, quý, Quỳnh, tuyên truyền, yêu nước, ưu tiên, ươm tơ",
    "TOÀN DÂN ĐOÀN KẾT XÂY DỰNG ĐỜI SỐNG VĂN HÓA; KHOẺ, THUỶ, QUÀ, XUÂN, ÔNG BÀ, ÊM ẤM",
    "The quick brown fox jumps over the lazy dog; naïve café coöperation.",
    "Le garçon naïf fête Noël à l'école où il étudie le théâtre. Où est le goût du maïs ? "
    "Raphaël, héroïque, aéroport, ambiguïté, août, Moïse, Israël.",
    "Die Straße über Köln und Düsseldorf; señor García aún vive en España; São Paulo.",
    "Nhiệt độ 30°C, « trích dẫn », ½ ha, © 2024, 25 m², 5 µm, 3 × 4, 10 ÷ 2, § 3, 1ª",
    "«Người tốt việc tốt», «Dân vận khéo» và «Gương sáng» của Word® và ABC©.",
    # A web page with soft hyphens: one kind of symbol only, which clean_text removes.
    "Ngư\u00adời tốt việc tốt, hợp\u00adtác xã, lao\u00adđộng, xuất\u00adsắc, nông\u00adnghiệp",
    # One stray TCVN3 word in an otherwise Unicode document never fires.
    "Bà Hoa ®· giúp đỡ nhiều hộ nghèo.\nHợp tác xã có 120 hộ.\nNăm 2021 đạt danh hiệu.",
    "",
])
def test_not_legacy(text: str) -> None:
    assert detect_legacy_encoding(text) is None


def test_legacy_needs_dense_evidence_not_scattered_symbols() -> None:
    # Three stray symbols of different kinds in three long Unicode lines: below the share.
    line = "Hợp tác xã nông nghiệp Cam Hải Tây đạt danh hiệu tập thể lao động xuất sắc {}"
    doc = "\n".join(line.format(w) for w in ("®·", "t¸c", "n«ng"))
    assert detect_legacy_encoding(doc) is None


# ------------------------------------------------------------------ personal identifiers


@pytest.mark.parametrize(("text", "found"), [
    ("Liên hệ 0905 123 456 nhé", [("phone", "0905 123 456")]),
    ("số 090.512.3456.", [("phone", "090.512.3456")]),
    ("số 0905123456, 0905-123-456", [("phone", "0905123456"), ("phone", "0905-123-456")]),
    ("gọi +84 905 123 456", [("phone", "+84 905 123 456")]),
    ("gọi +84905123456 hoặc 84 905 123 456", [("phone", "+84905123456"),
                                               ("phone", "84 905 123 456")]),
    ("máy bàn (0258) 3861 234", [("phone", "(0258) 3861 234")]),
    ("Hà Nội: 024 3825 1234", [("phone", "024 3825 1234")]),
    ("thư an.nguyen@example.com.", [("email", "an.nguyen@example.com")]),
    ("Email: Hoa.Le+tin@ubnd.camlam.khanhhoa.gov.vn", [("email",
                                                         "Hoa.Le+tin@ubnd.camlam.khanhhoa.gov.vn")]),
    ("CCCD 079203012345", [("national-id", "079203012345")]),
    ("CCCD số 079 203 012 345 cấp ngày 13/5/2021", [("national-id", "079 203 012 345")]),
    ("CCCD 079.203.012.345", [("national-id", "079.203.012.345")]),
    ("CMND số 225123456", [("national-id", "225123456")]),
    ("CMND 225 123 456.", [("national-id", "225 123 456")]),
    ("Bà Hoa (0905 123 456, hoa@gmail.com, CCCD 079203012345)",
     [("phone", "0905 123 456"), ("email", "hoa@gmail.com"), ("national-id", "079203012345")]),
])
def test_identifiers_found(text: str, found: list[tuple[str, str]]) -> None:
    issues = find_personal_identifiers(text)
    assert [i.kind for i in issues] == [kind for kind, _ in found]
    for issue, (_, value) in zip(issues, found, strict=True):
        assert f"“{value}”" in issue.message
        assert "Luật Bảo vệ dữ liệu cá nhân" in issue.message and "Hãy xóa" in issue.message


@pytest.mark.parametrize("text", [
    "Năm 2021 và 2025",
    "giai đoạn 2021-2025, 2021–2025, 2016 - 2020",
    "ngày 13/5/2021, 13.05.2021, 13-05-2021, 05/2021",
    "doanh thu 1.250.000.000 đồng, lãi 350.000.000 đồng, vay 1,2 tỷ",
    "vốn 125.000.000.000, quỹ 840.000.000.000 đồng, 350000000 đồng, 120.000.000 VNĐ",
    "tăng 3,5 lần, 0,5 ha, 12,75%, 15.2%, 3.141592653",
    "Quyết định số 1234/QĐ-UBND ngày 13/5/2021",
    "Quyết định số 0905123456/QĐ-UBND",
    "diện tích 12.500 m2 (12.500 m²), 120 hộ, 1.200 người, 45 tấn",
    "mã 0012345678, số 0123456789",  # 00x/01x are not Vietnamese phone prefixes
    "",
])
def test_identifiers_not_found(text: str) -> None:
    assert find_personal_identifiers(text) == []


def test_identifier_lines() -> None:
    text = "một\r\nhai 0905 123 456\nba\nbốn a@b.vn và 079203012345\n"
    issues = find_personal_identifiers(text)
    assert [(i.line, i.kind) for i in issues] == [(2, "phone"), (4, "email"),
                                                  (4, "national-id")]
    assert issues[0].message.startswith("số điện thoại “0905 123 456” không được công bố "
                                        "trong câu chuyện của cá nhân/hộ gia đình")


def test_identifiers_inside_email_are_not_phones() -> None:
    issues = find_personal_identifiers("hoa0905123456@gmail.com")
    assert [i.kind for i in issues] == ["email"]


# ------------------------------------------------------------------ strip_diacritics


@pytest.mark.parametrize(("text", "folded"), [
    ("Đoàn Kết LÊ THỊ HOA", "doan ket le thi hoa"),
    (unicodedata.normalize("NFD", "Đà Nẵng"), "da nang"),
    ("Người tốt việc tốt", "nguoi tot viec tot"),
    ("ƯỚC MƠ Ơn Ủy ban Ê-đê", "uoc mo on uy ban e-de"),
    ("Straße", "strasse"),
    ("already ascii 123", "already ascii 123"),
])
def test_strip_diacritics(text: str, folded: str) -> None:
    assert strip_diacritics(text) == folded


def test_the_quick_look_for_legacy_text_misses_no_hit() -> None:
    """`_maybe_legacy` (one `re` search) says yes exactly where a character is a TCVN3 mark or
    ñ, or two characters are a VNI pair in any case: random strings of those characters,
    their other cases and look-alikes (μ for µ, ð for Ð), and the demo's stories."""
    import random

    from guongsang import text as t

    def spelled_out(s: str) -> bool:
        return (any(ch in t._TCVN3_MARKS or ch in "ñÑ" for ch in s)
                or any(s[i:i + 2].lower() in t._VNI_PAIRS for i in range(len(s) - 1)))

    chars = set(t._TCVN3_MARKS) | set("ñðþμ") | {c for p in t._VNI_PAIRS for c in p}
    chars |= {c.upper() for c in chars} | set("aeiouy ăâđêôơư.,\nİßſ")
    alphabet = sorted(chars)
    rnd = random.Random(8)
    for _ in range(100_000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
        assert t._maybe_legacy(s) == spelled_out(s), repr(s)
    for pair in t._VNI_PAIRS:
        assert t._maybe_legacy(f"Người {pair.upper()}y") and t._maybe_legacy(f"x{pair}")
    for path in (ROOT / "content" / "exemplars").glob("*.md"):
        assert not t._maybe_legacy(path.read_text("utf-8")), path.name
