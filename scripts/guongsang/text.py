"""Text as it really arrives from editors: Unicode forms, pasted junk, legacy encodings,
and personal identifiers that must never be published."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TextIssue:
    line: int  # 1-based line within the text given
    kind: str  # invisible | control | legacy-tcvn3 | legacy-vni | phone | email | national-id
    message: str


# ------------------------------------------------------------------ cleaning

_INVISIBLE = {
    "\u200b": "khoảng trắng độ rộng 0", "\u200c": "ký tự nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0", "\u2060": "ký tự nối từ", "\u00ad": "gạch nối mềm",
    "\ufeff": "dấu BOM", "\u200e": "dấu hướng chữ", "\u200f": "dấu hướng chữ",
}
# XML 1.0 forbids C0 controls other than tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, list[TextIssue]]:
    """NFC, one kind of newline, no XML-forbidden or invisible characters.

    Returns the cleaned text and one issue per line where something had to be removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    issues: list[TextIssue] = []
    out_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        controls = _CONTROL.findall(line)
        if controls:
            line = _CONTROL.sub("", line)
            issues.append(TextIssue(number, "control", f"đã bỏ {len(controls)} ký tự điều khiển "
                                    "không hợp lệ (thường do dán từ Word/PDF)"))
        invisible = [ch for ch in line if ch in _INVISIBLE]
        if invisible:
            names = ", ".join(sorted({_INVISIBLE[ch] for ch in invisible}))
            line = "".join(ch for ch in line if ch not in _INVISIBLE)
            issues.append(TextIssue(number, "invisible", f"đã bỏ {len(invisible)} ký tự vô hình "
                                    f"({names}) — thường do dán từ Word/web"))
        out_lines.append(line.replace("\u00a0", " "))
    return unicodedata.normalize("NFC", "\n".join(out_lines)), issues


# ------------------------------------------------------------------ legacy encodings

# Letters Vietnamese really uses inside Latin-1; everything else from U+00A0–U+00FF found
# inside a word is a sign of text typed in a legacy font encoding and pasted as Unicode.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters TCVN3 (ABC, .VnTime) maps Vietnamese letters to, as they show in Latin-1.
# Only those no European language uses inside words count as evidence (not ä, ö, ü, ñ…).
_TCVN3 = set("¸µ¶·¹¨®©ª«¬\u00ad»¼½¾ÐÖ×ÞÆ¡¢£¤¥¦§±²³´")
# VNI-Windows writes a base letter followed by a tone/shape byte (“Vieät”, “ñoaøn”).
# Only marks Vietnamese never writes after a vowel count (“oá”, “uâ” are real Vietnamese).
_VNI_PAIR = re.compile(r"[aeiouyAEIOUYôÔâÂêÊ][øïäåöûë]")
_WORD = re.compile(r"\S+")


def detect_legacy_encoding(text: str) -> TextIssue | None:
    """TCVN3 or VNI text pasted as Unicode (mojibake such as “Ng­êi tèt viÖc tèt”).

    Real Vietnamese never puts these Latin-1 symbols inside words, so a few affected words
    suffice — as long as they are dense somewhere (a paragraph pasted from an old .doc)
    and not a couple of foreign names (München, señor) in a long text."""
    hits_tcvn = hits_vni = affected = words = 0
    first_line = 0
    dense = False
    for number, line in enumerate(text.split("\n"), start=1):
        line_words = line_affected = 0
        for word in _WORD.findall(line):
            if not any(ch.isalpha() for ch in word):
                continue
            line_words += 1
            strange = [ch for i, ch in enumerate(word)
                       if "\u00a0" <= ch <= "\u00ff" and ch not in _VIET_LATIN1
                       and _next_to_letter(word, i)]
            vni = _VNI_PAIR.findall(word)
            if strange or vni:
                line_affected += 1
                first_line = first_line or number
            hits_tcvn += sum(1 for ch in strange if ch in _TCVN3)
            hits_vni += len(vni)
        words += line_words
        affected += line_affected
        if line_affected >= 2 and line_affected >= 0.3 * line_words:
            dense = True
    if affected < 3 or not (dense or affected >= 0.1 * words) or max(hits_tcvn, hits_vni) < 2:
        return None
    if hits_tcvn >= hits_vni:
        return TextIssue(first_line, "legacy-tcvn3",
                         "văn bản có vẻ gõ bằng bảng mã TCVN3 (ABC, phông .VnTime) rồi dán vào "
                         "(ví dụ “Ng­êi tèt viÖc tèt”). Hãy chuyển sang Unicode bằng Unikey: "
                         "Công cụ chuyển mã (Ctrl+Shift+F6) → bảng mã nguồn TCVN3 (ABC), "
                         "bảng mã đích Unicode, rồi dán lại.")
    return TextIssue(first_line, "legacy-vni",
                     "văn bản có vẻ gõ bằng bảng mã VNI (phông VNI-Times) rồi dán vào "
                     "(ví dụ “Ngöôøi toát vieäc toát”). Hãy chuyển sang Unicode bằng Unikey: "
                     "Công cụ chuyển mã (Ctrl+Shift+F6) → bảng mã nguồn VNI Windows, "
                     "bảng mã đích Unicode, rồi dán lại.")


def _next_to_letter(word: str, i: int) -> bool:
    before = word[i - 1] if i > 0 else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    return before.isalpha() or after.isalpha()


# ------------------------------------------------------------------ personal identifiers

_SEP = r"[ .\-]?"
_PHONE = re.compile(
    r"(?<![\w.,/])(?:\+84|84|0)" + _SEP + r"\(?\d{2,3}\)?" + _SEP
    + r"\d{3,4}" + _SEP + r"\d{3,4}(?![\w.,/]?\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 9 or 12 digits standing alone, possibly grouped by spaces or dots (079 203 012 345).
_ID = re.compile(r"(?<![\w.,/-])(?:\d{12}|\d{9}|\d{3}[ .]\d{3}[ .]\d{3}(?:[ .]\d{3})?)"
                 r"(?![\w.,/-]?\d)")

_MESSAGES = {
    "phone": "số điện thoại “{0}” không được công bố trong câu chuyện của cá nhân, hộ gia đình "
             "(Luật Bảo vệ dữ liệu cá nhân). Hãy xóa số này.",
    "email": "địa chỉ thư điện tử “{0}” không được công bố trong câu chuyện của cá nhân, hộ gia "
             "đình (Luật Bảo vệ dữ liệu cá nhân). Hãy xóa địa chỉ này.",
    "national-id": "dãy số “{0}” giống số CCCD/CMND, không được công bố (Luật Bảo vệ dữ liệu cá "
                   "nhân). Hãy xóa; nếu là số tiền hay số lượng, viết có dấu chấm phân cách "
                   "hoặc đơn vị (ví dụ 350 triệu đồng).",
}


def find_personal_identifiers(text: str) -> list[TextIssue]:
    """Phone numbers, e-mail addresses and national ID numbers, one issue each."""
    issues = []
    for number, line in enumerate(text.split("\n"), start=1):
        taken: list[tuple[int, int]] = []
        for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("national-id", _ID)):
            for m in pattern.finditer(line):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if kind == "national-id" and _looks_like_money(line, m):
                    continue
                if kind == "phone" and not _phone_digits_ok(m.group(0)):
                    continue
                taken.append(m.span())
                issues.append(TextIssue(number, kind, _MESSAGES[kind].format(m.group(0))))
    return sorted(issues, key=lambda i: i.line)


def _phone_digits_ok(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if digits.startswith("84"):
        digits = "0" + digits[2:]
    return len(digits) in (10, 11) and digits.startswith("0")


def _looks_like_money(line: str, m: re.Match) -> bool:
    """'350.000.000 đồng' is an amount; grouped digits followed by a unit are not an ID."""
    after = line[m.end():m.end() + 12].strip().lower()
    return "." in m.group(0) and bool(re.match(r"(đ|vnđ|vnd|đồng|m2|m²|ha|tấn|kg|người)", after))


# ------------------------------------------------------------------ matching


def strip_diacritics(text: str) -> str:
    """'Đoàn Kết LÊ THỊ HOA' → 'doan ket le thi hoa' (đ is a letter of its own in Unicode)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
