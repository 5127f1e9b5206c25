"""Text as editors really paste it: Unicode forms, invisible junk, legacy font encodings,
and personal identifiers that must never be published."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TextIssue:
    line: int  # 1-based line within the text given
    kind: str  # invisible | control | legacy-tcvn3 | legacy-vni | phone | email | national-id
    message: str  # Vietnamese: what was found and what to do


def _lines(text: str) -> list[str]:
    # Same line numbering everywhere: Windows and old-Mac line ends count as one break.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# ------------------------------------------------------------------ cleaning

# Characters XML 1.0 forbids: C0 controls except tab/LF/CR, U+FFFE/FFFF, lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Word writes a manual line break as VT and a page break as FF: dropping them outright would
# glue two words together, so they become a space.
_CONTROL_AS_SPACE = {"\x0b", "\x0c"}
_INVISIBLE = {
    "\u200b": "khoảng trắng độ rộng 0",
    "\u200c": "ký tự ngắt nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ",
    "\u00ad": "dấu gạch nối mềm",
    "\ufeff": "dấu BOM",
}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")


def clean_text(text: str) -> tuple[str, list[TextIssue]]:
    """NFC, ``\\n`` line ends, NBSP → space, no XML-forbidden or invisible characters.

    Returns the cleaned text and one issue per line where something had to be removed
    (NFC, line ends and NBSP change nothing visible, so they are not reported)."""
    issues: list[TextIssue] = []
    if _CONTROL.search(text) is None and _INVISIBLE_RE.search(text) is None:  # most files
        return unicodedata.normalize("NFC", "\n".join(_lines(text)).replace("\u00a0", " ")), []
    out: list[str] = []
    for number, line in enumerate(_lines(text), start=1):
        controls = _CONTROL.findall(line)
        invisible = _INVISIBLE_RE.findall(line)
        if controls or invisible:
            line = _CONTROL.sub(lambda m: " " if m.group() in _CONTROL_AS_SPACE else "", line)
            line = _INVISIBLE_RE.sub("", line)
            parts = []
            if controls:
                codes = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in controls))
                parts.append(f"đã bỏ {len(controls)} ký tự điều khiển không hợp lệ ({codes}) "
                             "— thường do dán từ Word/PDF hoặc tệp bị hỏng, hãy đọc lại dòng này")
            if invisible:
                names = ", ".join(dict.fromkeys(_INVISIBLE[ch] for ch in invisible))
                parts.append(f"đã bỏ {len(invisible)} ký tự vô hình ({names}) "
                             "— thường do dán từ Word/web")
            issues.append(TextIssue(number, "control" if controls else "invisible",
                                    "; ".join(parts)))
        out.append(line.replace("\u00a0", " "))
    # NFC last: a mark separated from its letter by a removed character composes now.
    return unicodedata.normalize("NFC", "\n".join(out)), issues


# ------------------------------------------------------------------ legacy encodings
#
# Text typed with the old TCVN3 (ABC, .VnTime) or VNI (VNI-Times) fonts and later read as
# Latin-1/cp1252 turns into mojibake: “Ng­êi tèt viÖc tèt”, “Ngöôøi toát vieäc toát”.
# Only evidence that neither real Vietnamese nor a European language produces counts as a hit.

# TCVN3 bytes that show as Latin-1 symbols or Icelandic letters, never inside a Vietnamese,
# English or French word: à á ả ã ạ ă â ê ô ơ ư đ, ằ ẳ ẵ ắ, é ì ị ữ ỵ, capitals Ă Â Ê Ô Ơ Ư Đ.
_TCVN3_MARKS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾Ð×Þ÷þ"
# ă â đ and ằ ẳ ẵ ắ never end a Vietnamese syllable: “Word®”, “ABC©”, “tốt»” are not TCVN3.
_TCVN3_NOT_FINAL = set("¡¢§¨©®»¼½¾")
# Guillemets glued to a word («Người tốt») are quotes; inside a word they are ô and ằ.
_TCVN3_NOT_INITIAL = set("«»")

# VNI writes a base letter followed by a shape/tone byte (“vieäc” = việc, “Ñoaøn” = Đoàn).
_VNI_TONES = "ùøûõï"  # sắc huyền hỏi ngã nặng
_VNI_PAIRS = (
    {v + t for v in "aeouyôö" for t in _VNI_TONES if v + t != "yï"}
    | {v + m for v in "aeo" for m in "âáàåãä"}  # â ê ô with their tones
    | {"a" + m for m in "êéèúüë"}  # ă with its tones
    | {"öô"}  # ươ
) - {
    # Pairs real text also writes: French où/goût/naïf/héroïque/ambiguïté/aéroport/Raphaël,
    # Spanish aún, old-style Vietnamese hoá/hoà/loã.
    "où", "oû", "aï", "oï", "uï", "aé", "aú", "aü", "aë", "oá", "oà", "oã",
}
# A quick first look, in `re` alone: a character that is a TCVN3 hit by itself (case counts:
# “µ” is one, “μ” is not), or a VNI pair in the lowercased text (one branch per first letter,
# its second letters a class). Without IGNORECASE, `re` skips ahead to a possible first
# character: 2.3 times quicker than a case-blind class with a look-ahead and a check in Python.
def _pair_branches() -> str:
    by_first: dict[str, str] = {}
    for pair in sorted(_VNI_PAIRS):
        by_first[pair[0]] = by_first.get(pair[0], "") + pair[1]
    return "|".join(f"{re.escape(first)}[{re.escape(seconds)}]"
                    for first, seconds in sorted(by_first.items()))


_ANY_TCVN3 = re.compile("[" + re.escape(_TCVN3_MARKS) + "ñÑ]")
_ANY_VNI_PAIR = re.compile(_pair_branches())


def _maybe_legacy(text: str) -> bool:
    return (_ANY_TCVN3.search(text) is not None
            or _ANY_VNI_PAIR.search(text.lower()) is not None)


_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape(_TCVN3_MARKS) + "])+")

# A line counts when at least this share of its words carries a hit (a pasted paragraph);
# the text is flagged when those lines hold enough hits of at least two different kinds,
# so one stray symbol, a soft-hyphenated web page or a few guillemets never fire.
_MIN_SHARE = 0.2
_MIN_HITS = 3
_MIN_KINDS = 2

_HOWTO = ("Hãy chuyển sang Unicode bằng Unikey: chép đoạn văn gốc (Ctrl+C), mở Công cụ "
          "(Ctrl+Shift+F6) → Bảng mã nguồn: {source}, đích: Unicode → bấm “Chuyển mã”, "
          "rồi dán (Ctrl+V) đè lên đoạn bị lỗi.")
_LEGACY = {
    "legacy-tcvn3": ("văn bản có vẻ gõ bằng bảng mã TCVN3 (ABC, phông .VnTime) nên chữ bị lỗi, "
                     "ví dụ {sample}. " + _HOWTO.format(source="TCVN3 (ABC)")),
    "legacy-vni": ("văn bản có vẻ gõ bằng bảng mã VNI (phông VNI-Times) nên chữ bị lỗi, "
                   "ví dụ {sample}. " + _HOWTO.format(source="VNI Windows")),
}


def _tcvn3_hits(word: str) -> list[str]:
    last = len(word) - 1
    return [ch for i, ch in enumerate(word) if ch in _TCVN3_MARKS
            and not (i == 0 and ch in _TCVN3_NOT_INITIAL)
            and not (i == last and ch in _TCVN3_NOT_FINAL)]


def _vni_hits(word: str) -> list[str]:
    low = word.lower()
    hits = [low[i:i + 2] for i in range(len(low) - 1) if low[i:i + 2] in _VNI_PAIRS]
    if low[0] == "ñ":  # đ only ever starts a syllable; Spanish words rarely start with ñ
        hits.append("ñ")
    return hits


def detect_legacy_encoding(text: str) -> TextIssue | None:
    """TCVN3 or VNI mojibake in *raw* text (before `clean_text`, which drops the soft hyphen
    TCVN3 uses for “ư”). Returns one issue at the first line of the affected passage."""
    text = unicodedata.normalize("NFC", text)
    if not _maybe_legacy(text):  # the common case, far cheaper than below
        return None
    found: dict[str, tuple[int, list[str], list[str]]] = {}  # kind → first line, hits, words
    for number, line in enumerate(_lines(unicodedata.normalize("NFC", text)), start=1):
        words = [w for w in _WORD.findall(line) if len(w) >= 2]
        for kind, hits_of in (("legacy-tcvn3", _tcvn3_hits), ("legacy-vni", _vni_hits)):
            per_word = [(w, hits_of(w)) for w in words]
            affected = [w for w, hits in per_word if hits]
            if affected and len(affected) >= _MIN_SHARE * len(words):
                first, hits, samples = found.get(kind, (number, [], []))
                found[kind] = (first, hits + [h for _, hs in per_word for h in hs],
                               samples + affected)
    strong = [kind for kind, (_, hits, _) in found.items()
              if len(hits) >= _MIN_HITS and len(set(hits)) >= _MIN_KINDS]
    if not strong:
        return None
    best = max(strong, key=lambda kind: len(found[kind][1]))  # TCVN3 wins a tie
    first, _, samples = found[best]
    sample = ", ".join(f"“{w}”" for w in dict.fromkeys(samples[:3]))
    return TextIssue(first, best, _LEGACY[best].format(sample=sample))


# ------------------------------------------------------------------ personal identifiers

# Not the tail of a word, decimal, date, decision number or range…
_START = r"(?<![\w+.,/\-])"
# …and not followed by more of one (a space then digits is allowed: “gọi 0905 123 456 2 lần”).
_END = r"(?![\w/]|[.,\-]?\d)"
# 0 or (+)84, then 9–10 digits, each optionally preceded by a space, dot, dash or parenthesis:
# 0905 123 456, 090.512.3456, +84 905 123 456, (0258) 3861 234.
_PHONE = re.compile(_START + r"(?:\+ ?84|84|\(0(?=\d{2,3}\))|0)(?:\)?[ .\-]?\(?\d){9,10}"
                    + _END)
# CCCD (12 digits) or old CMND (9), alone or in even groups with one kind of separator.
_NATIONAL_ID = re.compile(
    _START + r"(?:\d{12}|\d{9}|\d{3}([ .])\d{3}\1\d{3}(?:\1\d{3})?|\d{4}([ .])\d{4}\2\d{4})"
    + _END)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+%\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Amounts and quantities look like numbers of the same length: “350.000.000 đồng”.
_UNIT_AFTER = re.compile(r"\s*(?:đồng|đ|vnđ|vnd|usd|triệu|tỷ|nghìn|ngàn|tấn|tạ|kg|ha|km|"
                         r"m2|m²|m3|m³|hộ|người|lượt|con|cây)(?!\w)", re.IGNORECASE)
# What every phone and ID number holds: nine digits. One possessive pass from the line's
# start (3 times quicker than searching from each digit, as `\d(?:\D*\d){8}` did).
_NINE_DIGITS = re.compile(r"(?:\D*+\d){9}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")

_LAW = ("không được công bố trong câu chuyện của cá nhân/hộ gia đình "
        "(Luật Bảo vệ dữ liệu cá nhân).")
_ID_MESSAGES = {
    "phone": "số điện thoại “{0}” " + _LAW + " Hãy xóa số này; nếu người đọc cần liên hệ, "
             "ghi số của cơ quan, đơn vị.",
    "email": "địa chỉ e-mail “{0}” " + _LAW + " Hãy xóa địa chỉ này; nếu cần, ghi e-mail "
             "của cơ quan, đơn vị.",
    "national-id": "dãy số “{0}” giống số CCCD/CMND, " + _LAW + " Hãy xóa số này; nếu đó là "
                   "số tiền hay số lượng, ghi kèm đơn vị (ví dụ 350.000.000 đồng).",
}


def _is_amount(line: str, m: re.Match[str]) -> bool:
    """'350.000.000 đồng', '125.000.000.000': a unit follows, or round thousands."""
    found = m.group()
    return bool(_UNIT_AFTER.match(line, m.end())) or bool(
        _THOUSANDS.fullmatch(found) and found.endswith("000"))


def _is_phone(line: str, m: re.Match[str]) -> bool:
    found = m.group()
    if found.startswith("84") and (_THOUSANDS.fullmatch(found)
                                   or _UNIT_AFTER.match(line, m.end())):
        return False  # 840.000.000.000 đồng
    digits = re.sub(r"\D", "", found)
    if digits.startswith("84"):
        digits = digits[2:] if digits[2:3] == "0" else "0" + digits[2:]  # +84 (0) 905…
    # Mobile: 0 + 9 digits (03x 05x 07x 08x 09x); landline: 0 + 10 digits (02x).
    return len(digits) in (10, 11) and digits[1] in "235789"


def find_personal_identifiers(text: str) -> list[TextIssue]:
    """Phone numbers, e-mail addresses and CCCD/CMND numbers, one issue each, in text order."""
    issues: list[TextIssue] = []
    for number, line in enumerate(_lines(text), start=1):
        # Most lines hold no "@" and fewer than nine digits: nothing to look for there.
        mail, numbers = "@" in line, _NINE_DIGITS.match(line) is not None
        if not (mail or numbers):
            continue
        taken: list[tuple[int, int, str, str]] = []  # start, end, kind, what was found
        checks = (("email", _EMAIL, None), ("phone", _PHONE, _is_phone),
                  ("national-id", _NATIONAL_ID, lambda ln, m: not _is_amount(ln, m)))
        for kind, pattern, accept in checks[0 if mail else 1:3 if numbers else 1]:
            for m in pattern.finditer(line):
                if any(a < m.end() and m.start() < b for a, b, _, _ in taken):
                    continue  # digits inside an e-mail, or a phone already reported
                if accept is None or accept(line, m):
                    taken.append((m.start(), m.end(), kind, m.group()))
        for _, _, kind, found in sorted(taken):
            issues.append(TextIssue(number, kind, _ID_MESSAGES[kind].format(found)))
    return issues


# ------------------------------------------------------------------ matching


def strip_diacritics(text: str) -> str:
    """Lower-case ASCII folding for matching: 'Đoàn Kết LÊ THỊ HOA' → 'doan ket le thi hoa'.

    đ is a letter of its own in Unicode (no decomposition), so it is mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
