"""Radio scripts: a profile's Markdown story as plain Vietnamese that an announcer — or the
text-to-speech engine of a commune radio station — can read on air without editing.

Written forms become spoken ones: abbreviations, dates, ranges, percentages, units, money and
document numbers; `numbers="words"` also spells out every number for TTS engines that read
digits badly.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from multiprocessing import get_context
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from . import mdprune
from .model import Exemplar
from .packs import Packs

# Whole tokens, case-sensitive, longest match first. Expansions stay lower case as they would
# be mid-sentence; at the start of a sentence the first letter is capitalised.
DEFAULT_ABBREVIATIONS: dict[str, str] = {
    # Government, Party and mass organisations
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "BCĐ": "Ban Chỉ đạo",
    "BQL": "Ban quản lý", "UBKT": "Ủy ban Kiểm tra", "TW": "Trung ương",
    "ĐTN": "Đoàn Thanh niên Cộng sản", "ĐTNCS": "Đoàn Thanh niên Cộng sản",
    "TNCS": "thanh niên cộng sản", "ĐVTN": "đoàn viên thanh niên",
    "TNXP": "thanh niên xung phong", "HCM": "Hồ Chí Minh",
    "LHPN": "Liên hiệp Phụ nữ", "HLHPN": "Hội Liên hiệp Phụ nữ", "HND": "Hội Nông dân",
    "CCB": "cựu chiến binh", "HCCB": "Hội Cựu chiến binh",
    "ĐCSVN": "Đảng Cộng sản Việt Nam", "XHCN": "xã hội chủ nghĩa",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "CB, CC, VC": "cán bộ, công chức, viên chức", "CB,CC,VC": "cán bộ, công chức, viên chức",
    "CBCCVC": "cán bộ, công chức, viên chức", "CBCC": "cán bộ, công chức",
    "CNVC": "công nhân viên chức", "CNVCLĐ": "công nhân, viên chức, lao động",
    "NLĐ": "người lao động",
    # Places
    "TP.": "thành phố", "TX.": "thị xã", "TT.": "thị trấn",
    "TP.HCM": "Thành phố Hồ Chí Minh", "TP. HCM": "Thành phố Hồ Chí Minh",
    "TP HCM": "Thành phố Hồ Chí Minh", "KDC": "khu dân cư", "TDP": "tổ dân phố",
    "QL": "quốc lộ", "ĐVHC": "đơn vị hành chính",
    # Documents
    "QĐ": "quyết định", "NQ": "nghị quyết", "KH": "kế hoạch",
    # Schools and titles
    "THCS": "trung học cơ sở", "THPT": "trung học phổ thông",
    "THPTQG": "trung học phổ thông quốc gia", "CLB": "câu lạc bộ",
    "GS.": "giáo sư", "PGS.": "phó giáo sư", "TS.": "tiến sĩ", "ThS.": "thạc sĩ",
    "PGS.TS.": "phó giáo sư, tiến sĩ", "BS.": "bác sĩ", "KS.": "kỹ sư",
    # Sectors and programmes
    "HTX": "hợp tác xã", "THT": "tổ hợp tác", "NTM": "nông thôn mới",
    "KHKT": "khoa học kỹ thuật", "KH&CN": "khoa học và công nghệ",
    "CNTT": "công nghệ thông tin", "ANTT": "an ninh trật tự", "ATGT": "an toàn giao thông",
    "ATTP": "an toàn thực phẩm", "VSATTP": "vệ sinh an toàn thực phẩm",
    "TTHC": "thủ tục hành chính", "BHYT": "bảo hiểm y tế", "BHXH": "bảo hiểm xã hội",
    "GD&ĐT": "giáo dục và đào tạo", "GDĐT": "giáo dục và đào tạo",
    "LĐTB&XH": "lao động, thương binh và xã hội", "LĐ-TB&XH": "lao động, thương binh và xã hội",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn", "TN&MT": "tài nguyên và môi trường",
    "TT&TT": "thông tin và truyền thông", "VH-TT": "văn hóa - thông tin",
    "VHTT": "văn hóa thông tin", "VH,TT&DL": "văn hóa, thể thao và du lịch",
    "VHTTDL": "văn hóa, thể thao và du lịch", "TDTT": "thể dục thể thao",
    "KT-XH": "kinh tế - xã hội", "SXKD": "sản xuất kinh doanh", "CSXH": "chính sách xã hội",
    "NHCSXH": "Ngân hàng Chính sách xã hội", "PCCC": "phòng cháy chữa cháy",
    "PCTT": "phòng chống thiên tai", "TKCN": "tìm kiếm cứu nạn",
    "PCTT&TKCN": "phòng chống thiên tai và tìm kiếm cứu nạn", "BVTV": "bảo vệ thực vật",
    "DTTS": "dân tộc thiểu số", "GĐVH": "gia đình văn hóa", "DN": "doanh nghiệp",
    "CAND": "Công an nhân dân", "QĐND": "Quân đội nhân dân", "LLVT": "lực lượng vũ trang",
    "DQTV": "dân quân tự vệ", "CSGT": "cảnh sát giao thông",
    # Names a TTS engine would spell letter by letter
    "OCOP": "Ô-cốp", "VietGAP": "Việt-gáp", "GlobalGAP": "Glô-bồ-gáp",
    "COVID-19": "Cô-vít mười chín", "COVID": "Cô-vít", "VNĐ": "đồng", "VND": "đồng",
    "SĐT": "số điện thoại",
}

# After a number only ("40 m tường", never the letter m elsewhere); longest first.
UNITS: dict[str, str] = {
    "km2": "ki-lô-mét vuông", "km²": "ki-lô-mét vuông", "m2": "mét vuông", "m²": "mét vuông",
    "m3": "mét khối", "m³": "mét khối", "km": "ki-lô-mét", "ha": "héc-ta", "kg": "ki-lô-gam",
    "cm": "xăng-ti-mét", "mm": "mi-li-mét", "m": "mét", "l": "lít", "kW": "ki-lô-oát",
    "kWh": "ki-lô-oát giờ", "MW": "mê-ga-oát", "°C": "độ C",
}
# "tấn/ha", "người/năm": the slash said as announcers say it.
PER: dict[str, str] = {
    "ha": "trên héc-ta", "sào": "trên sào", "m2": "trên mét vuông", "m²": "trên mét vuông",
    "km2": "trên ki-lô-mét vuông", "km²": "trên ki-lô-mét vuông",
    "kg": "mỗi ki-lô-gam", "tấn": "mỗi tấn", "lít": "mỗi lít", "năm": "mỗi năm",
    "tháng": "mỗi tháng", "tuần": "mỗi tuần", "ngày": "mỗi ngày", "giờ": "mỗi giờ",
    "vụ": "mỗi vụ", "người": "mỗi người", "hộ": "mỗi hộ", "lượt": "mỗi lượt", "con": "mỗi con",
}
WORDS_PER_MINUTE = 160  # a measured, clear broadcast pace for Vietnamese (syllables/minute)
NUMBER_MODES = ("digits", "words")

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


@dataclass(frozen=True)
class RadioOptions:
    """`abbreviations` extend DEFAULT_ABBREVIATIONS (a given entry overrides the default one;
    an empty reading leaves that abbreviation as written)."""

    abbreviations: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ABBREVIATIONS))
    numbers: str = "digits"  # or "words"
    intro: str = ""
    outro: str = ""

    def __post_init__(self) -> None:
        if self.numbers not in NUMBER_MODES:
            raise ValueError(f"numbers must be one of {NUMBER_MODES}, not {self.numbers!r}")
        merged = {**DEFAULT_ABBREVIATIONS, **self.abbreviations}
        object.__setattr__(self, "abbreviations", {k: v for k, v in merged.items() if k and v})

    @classmethod
    def from_settings(cls, radio: Mapping) -> RadioOptions:
        """From the site's `radio:` settings (already validated; unknown values fall back)."""
        extra = radio.get("abbreviations") or {}
        if isinstance(extra, list):  # also accept a YAML list of one-entry maps
            extra = {k: v for item in extra if isinstance(item, dict) for k, v in item.items()}
        abbreviations = ({str(k): str(v or "") for k, v in extra.items()}
                         if isinstance(extra, dict) else {})
        numbers = radio.get("numbers", "digits")
        return cls(abbreviations, numbers if numbers in NUMBER_MODES else "digits",
                   str(radio.get("intro") or ""), str(radio.get("outro") or ""))


# ------------------------------------------------------------------ numbers


def _three(n: int, full: bool) -> list[str]:
    """Read 0–999; `full` when a higher group precedes, so 5 reads 'không trăm linh năm'."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or h:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u:
            words += (["linh"] if words else []) + [_DIGITS[u]]
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else _DIGITS[u])  # 14 stays 'mười bốn'
    else:
        words += [_DIGITS[t], "mươi"]
        if u:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, _DIGITS[u]))
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    """0 < n < 10⁹. Zero groups are skipped ('một triệu không trăm linh năm')."""
    words: list[str] = []
    for value, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = n // value % 1000
        if group:
            words += _three(group, full or bool(words)) + ([name] if name else [])
    return words


def number_to_words(n: int) -> str:
    """Vietnamese reading of an integer: 1005 → 'một nghìn không trăm linh năm'."""
    if n < 0:
        return "âm " + number_to_words(-n)
    if n == 0:
        return "không"
    high, low = divmod(n, 10**9)
    words = [number_to_words(high), "tỷ"] if high else []
    if low:
        words += _below_billion(low, full=bool(high))
    return " ".join(words)


def _grouped(n: int) -> str:
    """1250000000 → '1 tỷ 250 triệu': how a large amount is said, digits kept for the reader."""
    parts: list[str] = []
    for value, name in ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn")):
        if n >= value:
            parts.append(f"{_grouped(n // value)} {name}")
            n %= value
    if n or not parts:
        parts.append(str(n))
    return " ".join(parts)


def _digits_to_words(digits: str) -> str:
    # Leading zeros (phone numbers, "1,05") are read one by one: 'không chín…', 'phẩy không năm'.
    if len(digits) > 1 and digits.startswith("0"):
        zeros = len(digits) - len(digits.lstrip("0"))
        rest = digits[zeros:]
        if len(rest) > 3:  # a phone-like code: every digit
            return " ".join(_DIGITS[int(d)] for d in digits)
        return " ".join(["không"] * zeros + ([number_to_words(int(rest))] if rest else []))
    return number_to_words(int(digits))


# ------------------------------------------------------------------ spoken forms

_CODE = r"[A-ZĐ]{2}[A-Za-zĐđ]*(?:[-/][A-ZĐ][A-Za-zĐđ]*)*"  # QĐ-UBND, NĐ-CP, QĐ-TTg, NQ/TW
_YEAR = r"(?:19|20)\d{2}"
_NUM = r"\d+(?:[.,]\d+)*"


def _sentence_start(s: str, pos: int) -> bool:
    # The start of the text may be a fragment ("13/5/2021" in a phrase): only a position
    # after a sentence end or a line break is known to begin a sentence.
    before = s[:pos].rstrip(" \t\"'“‘(")
    return before.endswith(("\n", ".", "!", "?", "…"))


def _capitalize(paragraph: str) -> str:
    """A paragraph is a whole sentence: its first letter is a capital."""
    m = re.search(r"[^\W\d_]", paragraph)
    if m is None or paragraph[:m.start()].strip(" \"'“‘(«"):
        return paragraph
    return paragraph[:m.start()] + paragraph[m.start()].upper() + paragraph[m.start() + 1:]


def _cased(word: str, m: re.Match[str]) -> str:
    return word[:1].upper() + word[1:] if _sentence_start(m.string, m.start()) else word


def _date(m: re.Match[str], day: str, month: str, year: str) -> str:
    d, mo = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return m[0]
    prefix = m["pre"] or _cased("ngày", m)
    return f"{prefix} {d} tháng {mo} năm {year}"


def _month_year(m: re.Match[str]) -> str:
    if not 1 <= int(m["m"]) <= 12:
        return m[0]
    return f"{m['pre'] or _cased('tháng', m)} {int(m['m'])} năm {m['y']}"


def _dotted(m: re.Match[str]) -> str:
    return _grouped(int(m[0].replace(".", "")))


_PER_RE = re.compile(r"(?<=\w)\s*/\s*(" + "|".join(
    re.escape(u) for u in sorted(PER, key=len, reverse=True)) + r")(?![\w²³])")

@dataclass(frozen=True)
class _Found:
    """A step's hint: `pattern` is found in the text, which holds one of `chars` (characters,
    or strings) if given: a substring test costs a fraction of a pattern's scan, and most
    stories have no "/"."""

    pattern: re.Pattern[str]
    chars: str | tuple[str, ...] = ""

    def __call__(self, text: str) -> bool:
        if self.chars and not any(c in text for c in self.chars):
            return False
        return self.pattern.search(text) is not None


def _hint(pattern: str, chars: str | tuple[str, ...] = "") -> _Found:
    return _Found(re.compile(pattern), chars)


def _digits_before(word: str, count: int) -> Callable[[str], bool]:
    """A hint: `count` digits, then only spaces, then `word`, somewhere in the text. Found
    from each `word` backwards: a pattern led by digits is tried at every digit."""

    def found(text: str) -> bool:
        i = text.find(word)
        while i != -1:
            j = i
            while j > 0 and text[j - 1].isspace():  # what \s matches
                j -= 1
            if j >= count and text[j - count:j].isdecimal():  # what \d matches
                return True
            i = text.find(word, i + 1)
        return False

    return found


class _AfterDigit:
    r"""`(?<=\d)BODY` as `re.sub` replaces it, but looked for at the digits only: a pattern
    led by a look-behind is tried in full at every character."""

    def __init__(self, body: str) -> None:
        self.body = re.compile(body)
        self.whole = re.compile(r"(?<=\d)" + body)  # what this stands for (tests)
        self.found = re.compile(r"\d(?=" + body + ")")

    def search(self, text: str) -> re.Match[str] | None:
        return self.whole.search(text)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        out: list[str] = []
        last = 0
        for m in self.found.finditer(text):
            at = m.end()
            if at < last:  # inside the last match: re.sub goes on from its end
                continue
            b = self.body.match(text, at)
            assert b is not None  # the look-ahead just matched there
            out += (text[last:at], repl(b))
            last = b.end()
        return "".join(out) + text[last:] if out else text


class _EndingAt:
    r"""`pattern`, every match of which ends at `end` (one character) and is otherwise made of
    `\d`, `\s` and ",": replaced in the stretch of those before each `end` only, rather than
    looked for at every digit of the text."""

    def __init__(self, pattern: str, end: str) -> None:
        self.pattern, self.end = re.compile(pattern), end

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        out: list[str] = []
        last = 0
        i = text.find(self.end)
        while i != -1:
            start = i
            while start > last and (text[start - 1].isdecimal() or text[start - 1].isspace()
                                    or text[start - 1] == ","):
                start -= 1
            # The character before `start` is none of those: a look-behind for digits sees
            # the same in the stretch as in the text.
            out += (text[last:start], self.pattern.sub(repl, text[start:i + 1]))
            last = i + 1
            i = text.find(self.end, last)
        return "".join(out) + text[last:] if out else text


_Hint = str | _Found | Callable[[str], bool] | None

_UNITS = _AfterDigit(r"\s*(" + "|".join(
    re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?![\w²³])")

# (pattern, replacement, hint) in order: each step sees the previous one's output. The hint is
# a substring or a cheap pattern found wherever the step could match: the step's own pattern
# is tried at every character, the hint only at a digit or a rare character, so a text without
# dates, amounts or ranges skips those steps at a fraction of their cost. A pattern that starts
# with a look-behind is tried in full at every character; one that starts with a literal jumps
# from one occurrence to the next (about ten times faster on Vietnamese text), one that starts
# with a digit skips the others. So the check on the character before comes after the first
# character: "\d(?<![\d.,]\d)" is "(?<![\d.,])\d", ",(?<=\d,)" is "(?<=\d),".
_STEPS: list[tuple[re.Pattern[str] | _AfterDigit | _EndingAt,
                   str | Callable[[re.Match[str]], str], _Hint]] = [
    (re.compile(r"\.\.\.+"), "…",
     None),
    (re.compile(r"[\u00a0\u202f]"), " ",
     _hint(r"[\u00a0\u202f]", "\u00a0\u202f")),
    # Document numbers: the code suffix is not read ("số 1234/QĐ-UBND" → "số 1234"), a year
    # inside is ("15/2021/NĐ-CP" → "15 năm 2021", "45-NQ/TW" → "45").
    (re.compile(rf"(\d+)/({_YEAR})/{_CODE}(?!\w)"), r"\1 năm \2",
     _hint(r"\d/(?:19|20)\d\d/", "/")),
    (re.compile(rf"(\d+)/{_CODE}(?!\w)"), r"\1",
     _hint(r"\d/[A-ZĐ]", "/")),
    (re.compile(r"(\d+)-[A-ZĐ]{2}[A-Za-zĐđ]*(?:/[A-ZĐ][A-Za-zĐđ]*)+(?!\w)"), r"\1",
     _hint(r"\d-[A-ZĐ]", "-")),
    (re.compile(rf"(\b[Ss]ố\s+\d+)/({_YEAR})(?![\d/])"), r"\1 năm \2",
     _hint(r"\d/(?:19|20)\d\d", "/")),
    # Dates, keeping a "ngày"/"tháng" already written (and its capital letter).
    (re.compile(rf"(?:\b(?P<pre>[Nn]gày)\s+)?(?<![\d.,/-])(\d{{1,2}})([/.-])(\d{{1,2}})\3"
                rf"({_YEAR})(?!\d|[/.-]\d)"),
     lambda m: _date(m, m[2], m[4], m[5]),
     _hint(r"\d[/.-]\d\d?[/.-](?:19|20)\d\d", ("/19", "/20", ".19", ".20", "-19", "-20"))),
    (re.compile(rf"(?:\b(?P<pre>[Nn]gày)\s+)?(?<![\d.,/])({_YEAR})-(\d{{2}})-(\d{{2}})(?!\d)"),
     lambda m: _date(m, m[4], m[3], m[2]),
     _hint(r"\d-\d\d-\d\d", "-")),
    (re.compile(r"\b(?P<pre>[Nn]gày)\s+(\d{1,2})/(\d{1,2})(?![\d/])"),
     lambda m: _date(m, m[2], m[3], "").removesuffix(" năm "),
     _hint(r"\d/\d", "/")),
    (re.compile(rf"(?:\b(?P<pre>[Tt]háng)\s+)?(?<![\d.,/])(?P<m>\d{{1,2}})/(?P<y>{_YEAR})"
                r"(?![\d/])"), _month_year,
     _hint(r"\d/(?:19|20)\d\d", "/")),
    # ISO month "2021-05" (zero-padded, so never a range such as "2011-12").
    (re.compile(rf"(?:\b(?P<pre>[Tt]háng)\s+)?(?<![\d.,/-])(?P<y>{_YEAR})-(?P<m>0[1-9])"
                r"(?![\d-])"), _month_year,
     _hint(r"\d-0[1-9]", "-")),
    # Ranges: 2021-2025, 2021 – 2025, 10-15 tấn.
    (re.compile(rf"(?<![\w.,])({_NUM})\s*[-–—]\s*({_NUM})(?![\w²³])"), r"\1 đến \2",
     _hint(r"\d\s*[-–—]\s*\d", "-–—")),
    # Money: "đ" after an amount; undotted large amounts grouped like dotted ones.
    (re.compile(r"(?:(?<=\d)|(?<=tỷ)|(?<=triệu)|(?<=nghìn)|(?<=ngàn))\s*đ(?!\w)"), " đồng",
     _hint(r"đ(?!\w)")),
    (re.compile(r"\d(?<![\d.,]\d)\d{4,}(?=\s*đồng\b)"), _dotted,
     _digits_before("đồng", 5)),
    (re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:\.\d{3})+(?!\d|\.\d)"), _dotted,
     _hint(r"\.(?<=\d\.)\d{3}")),
    (_EndingAt(r"(\d(?<!\d\d)\d*(?:,\d+)?)\s*%", "%"), r"\1 phần trăm",
     "%"),
    (re.compile(r",(?<=\d,)(?=\d)"), " phẩy ",
     None),
    (_UNITS, lambda m: " " + UNITS[m[1]],
     None),
    (_PER_RE, lambda m: " " + PER[m[1]],
     "/"),
    (re.compile(r"~\s*(?=\d)"), "khoảng ",
     None),
]


@lru_cache(maxsize=16)
def _abbreviation_re(keys: tuple[str, ...]) -> re.Pattern[str]:
    # Keys come longest first. One ending in "." (TP., TS.) may touch the next word
    # ("TP.Nha Trang"); any other must end the token.
    # The check on the character before comes after the first letter: every alternative then
    # starts with a literal, and the engine jumps from one possible first letter to the next
    # instead of trying ~150 alternatives at every character.
    alternatives = (re.escape(k[0]) + r"(?<![\w&.](?s:.))" + re.escape(k[1:])
                    + ("" if k.endswith(".") else r"(?![\w&])") for k in keys)
    return re.compile("(?:" + "|".join(alternatives) + ")")


def _expand(abbreviations: Mapping[str, str]) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        word = _cased(abbreviations[m[0]], m)
        before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
        # "QĐ-UBND" reads "quyết định - Ủy ban nhân dân"; "TP.Nha Trang" gets its space.
        if before == "-":
            word = " " + word
        if after == "-" or after.isalnum():
            word += " "
        return word

    return repl


def _words(text: str) -> str:
    text = re.sub(r"\b([Tt]háng)\s+4\b", r"\1 tư", text)  # April is 'tháng tư'
    text = re.sub(r"(phẩy )(\d+)", lambda m: m[1] + _digits_to_words(m[2]), text)
    text = re.sub(r"(\d+)\.(\d+)", lambda m: f"{m[1]} chấm {m[2]}", text)  # "4.0"
    return re.sub(r"\d+", lambda m: _digits_to_words(m[0]), text)


def spoken_text(text: str, options: RadioOptions | None = None) -> str:
    """Written forms → spoken Vietnamese, on plain text (no Markdown)."""
    o = options or RadioOptions()
    for pattern, repl, hint in _STEPS:
        if hint is None or (hint in text if isinstance(hint, str) else hint(text)):
            text = pattern.sub(repl, text)
    if o.abbreviations:
        keys = tuple(sorted(o.abbreviations, key=len, reverse=True))
        text = _abbreviation_re(keys).sub(_expand(o.abbreviations), text)
    if "&" in text:
        text = re.sub(r"\s*&\s*", " và ", text)
    if o.numbers == "words":
        text = _words(text)
    if "  " in text or "\t" in text:  # else the pattern changes nothing
        text = re.sub(r"[ \t]+", " ", text)
    if " \n" in text or "\n " in text:
        text = re.sub(r" ?\n ?", "\n", text)
    return text.strip()


# ------------------------------------------------------------------ markdown → speech

_SKIP = {"table", "pre", "script", "style", "figure", "figcaption", "svg", "iframe", "video",
         "audio", "object", "noscript", "template", "head"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dt", "dd", "div",
           "section", "article", "header", "footer", "aside", "details", "summary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Speech(HTMLParser):
    """Readable blocks of rendered Markdown as (kind, text): kind is 'heading', 'item', 'para',
    or 'end' after a whole (possibly nested) list. Tables, code, media are not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.open: list[str] = []
        self.skip = 0
        self.lists = 0
        self.sup = False
        self.buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS or tag in ("ul", "ol", "dl"):
            self._flush()
            if tag in ("ul", "ol"):
                self.lists += 1
            else:
                self.open.append(tag)
        elif tag in ("br", "hr"):
            self.buf.append(" ")
        elif tag == "sup":
            self.sup = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup":
            self.sup = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS or tag in ("ul", "ol", "dl"):
            self._flush()
            if tag in ("ul", "ol"):
                self.lists = max(0, self.lists - 1)
                if not self.lists:
                    self.blocks.append(("end", ""))
            elif tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if not self.skip:
            # "m<sup>2</sup>" is square metres: keep the superscript the unit table knows.
            self.buf.append({"2": "²", "3": "³"}.get(data, data) if self.sup else data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        if not raw or raw.isspace():  # most flushes: between blocks, nothing to clean
            return
        text = _clean(raw)
        if not text:
            return
        if "li" in self.open:
            kind = "item"
        elif self.open and self.open[-1] in _HEADINGS:
            kind = "heading"
        else:
            kind = "para"
        self.blocks.append((kind, text))


# Anchored at a token start so a long run of letters is scanned once, not once per letter.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"'()]*[^\s<>\"'().,;:!?]"
    r"|(?<![\w@.])(?:[\w-]+\.)+(?:vn|com|net|org|gov|edu|info|io)(?:/[^\s<>\"'()]*)?(?![\w])",
    re.IGNORECASE)
_MARKUP = re.compile(r"[#*_`|<>\[\]{}~•▪►➢❖✓✔]")


_LINK = "\x00"  # where an address was, so the words that pointed to it can go too
_PREP = r"(?:(?:tại|qua|theo|ở)\s+)?"
_LINK_STEPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_LINK}(?:\s*(?:[,;/]|hoặc|và)\s*{_LINK})+", re.IGNORECASE), _LINK),
    # "…, xem thêm tại <url>." / "Liên hệ: <mail>." — the whole pointer goes.
    (re.compile(rf"(?:[,;]\s*)?\b(?:xem thêm|xem|truy cập|liên hệ|tham khảo)\s*{_PREP}"
                r"(?:địa chỉ|trang web|trang|website|email|e-mail|thư điện tử)?\s*:?"
                rf"\s*{_LINK}(?=\s*(?:[.,;!?)]|$))", re.IGNORECASE), ""),
    # "Liên hệ tại <url> để…" → "Liên hệ để…"; "gửi qua email <mail> cho xã" keeps "email".
    (re.compile(rf"\s*\b{_PREP}(?:địa chỉ)?\s*:?\s*{_LINK}", re.IGNORECASE), ""),
    (re.compile(_LINK), ""),
]


# Cheap scans that every address needs: most blocks have none, and the full patterns cost
# far more per character than these literal searches.
_TLD_HINT = re.compile(r"\.(?i:vn|com|net|org|gov|edu|info|io)")
_TILDE = re.compile(r"~(?=\s*\d)")
_EMPTY_PARENS = re.compile(r"\(\s*[,;:]?\s*\)")


_TIDY_STEPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s+([,.;:!?…)])"), r"\1"),
    (re.compile(r"[,;:](?=[.!?…])"), ""),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"([.!?…])(?:\s*[.,;:])+"), r"\1"),
    (re.compile(r"^[\s,.;:!?–—-]+"), ""),
]


# Every match of a tidy step, in text whose only spaces are " ", starts the text with one of
# _TIDY_START or contains a match of _TIDY_HINT: without either no step changes the text. (One
# class first, where alternatives were tried in turn at every character: a third of the cost.)
_TIDY_HINT = re.compile(r"[ ,.;:!?…] *[,.;:!?…)]")
_TIDY_START = tuple(" ,.;:!?–—-")


def _may_hold_address(text: str) -> bool:
    return ("@" in text or "://" in text or _TLD_HINT.search(text) is not None
            or "www." in text.lower())


def _clean(text: str) -> str:
    """Plain readable text: no URL, e-mail, markup character, or orphaned punctuation."""
    if _may_hold_address(text):
        text = _URL.sub(_LINK, _EMAIL.sub(_LINK, text))
    if _LINK in text:
        for pattern, repl in _LINK_STEPS:
            text = pattern.sub(repl, text)
    if "~" in text:
        text = _TILDE.sub("khoảng ", text)  # "~5 tấn" before "~" goes with markup
    text = _MARKUP.sub("", text)
    text = " ".join(text.split())
    if "(" in text:
        text = _EMPTY_PARENS.sub("", text)
    if text.startswith(_TIDY_START) or _TIDY_HINT.search(text):
        for pattern, repl in _TIDY_STEPS:
            text = pattern.sub(repl, text)
    return text.strip()


def _sentence(text: str, end: str = ".") -> str:
    """Give a block its closing punctuation so the announcer (or TTS) pauses there."""
    text = text.strip().rstrip(",;–—- ")
    if not text:
        return ""
    core = text.rstrip("\"'”’»)")
    if core.endswith((".", "!", "?", "…")):
        return text
    if text.endswith(":"):  # a lead-in: keep it inside a list, close it elsewhere
        if end != ".":
            return text
        text = text[:-1].rstrip()
    return text + end


_LIST_LINE = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")


def _loosen_lists(markdown_text: str) -> str:
    """Editors often start a list on the line right after a paragraph; Python-Markdown then
    reads it as text ('Kết quả: - A - B'). Insert the blank line a list needs."""
    out: list[str] = []
    fenced = False
    for line in markdown_text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        prev = out[-1] if out else ""
        if (not fenced and _LIST_LINE.match(line) and prev.strip()
                and not _LIST_LINE.match(prev) and not prev.startswith((" ", "\t"))
                and not prev.lstrip().startswith(("|", ">"))):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _add_list(paragraphs: list[str], items: list[str]) -> None:
    """One paragraph per list, items separated by ';' and the last closed with '.'; a lead-in
    ending with ':' ('Kết quả như sau:') is read together with its list."""
    last = items[-1]
    text = " ".join([*items[:-1], _sentence(last[:-1] if last.endswith(";") else last)])
    if paragraphs and paragraphs[-1].endswith(":"):
        paragraphs[-1] += " " + text
    else:
        paragraphs.append(text)


_CONVERTERS = threading.local()  # one converter per thread: building one costs a third of a
# story's conversion, and a converter is not safe to share between threads


def _converter() -> markdown.Markdown:
    md = getattr(_CONVERTERS, "md", None)
    if md is None:
        md = _CONVERTERS.md = mdprune.install(markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists"]))
    return md.reset()


def story_html(markdown_text: str) -> str:
    """A story rendered as the site renders it (not yet sanitised)."""
    try:
        return _converter().convert(_loosen_lists(markdown_text))
    except BaseException:
        _CONVERTERS.md = None  # a failed conversion may leave state behind: start afresh
        raise


def _story_tree(markdown_text: str) -> Element | None:
    """The element tree `story_html` would write out, when writing it out and parsing it back
    changes nothing: no raw HTML and no character reference can be in it (no '<' and no '&'
    in the story, nothing set aside by the converter). None otherwise."""
    if "<" in markdown_text or "&" in markdown_text:
        return None
    text = _loosen_lists(markdown_text)
    if not text.strip():
        return Element("div")
    md = _converter()
    try:  # Markdown.convert up to the tree, as Python-Markdown runs it
        md.lines = text.split("\n")
        for preprocessor in md.preprocessors:
            md.lines = preprocessor.run(md.lines)
        root = md.parser.parseDocument(md.lines).getroot()
        for treeprocessor in md.treeprocessors:
            new_root = treeprocessor.run(root)
            if new_root is not None:
                root = new_root
    except BaseException:
        _CONVERTERS.md = None
        raise
    return None if md.htmlStash.html_counter else root


def _feed_tree(parser: _Speech, element: Element) -> None:
    """What `parser.feed` would see of the element written out as HTML (void elements such
    as <br /> give a start and an end tag)."""
    parser.handle_starttag(element.tag, [])
    if element.text:
        parser.handle_data(element.text)
    for child in element:
        _feed_tree(parser, child)
    parser.handle_endtag(element.tag)
    if element.tail:
        parser.handle_data(element.tail)


def _tree_blocks(root: Element) -> list[tuple[str, str]]:
    """`story_blocks` of the story `root` is the tree of: the events `parser.feed` would see
    of its HTML, without writing the HTML and parsing it again."""
    parser = _Speech()
    if root.text:
        parser.handle_data(root.text)
    for child in root:
        _feed_tree(parser, child)
    parser.close()
    return parser.blocks


def story_blocks(markdown_text: str) -> list[tuple[str, str]]:
    """A story as plain-text blocks (kind, text): 'heading', 'item', 'para', or 'end' after a
    whole list. No markup, address or e-mail survives; tables, code and media are left out."""
    reused = _reused_blocks(markdown_text)
    if reused is not None:
        return reused
    root = _story_tree(markdown_text)
    if root is not None:
        return _tree_blocks(root)
    parser = _Speech()
    parser.feed(story_html(markdown_text))
    parser.close()
    return parser.blocks


# ------------------------------------------------------------------ the page's tree reused
#
# A profile page converts its story with MkDocs' converter (tables, fenced_code, toc,
# attr_list, admonition); its radio script converted the same story again with ours (tables,
# fenced_code, sane_lists, lists loosened). For a story in which none of these differences
# can show — no fence, admonition, attribute list, HTML, entity or escape, no list right
# after a paragraph line, not both kinds of list — the two trees are the same after the
# inline patterns and prettify, the last steps both converters run before attr_list and toc
# change the page's. `StoryCapture` takes the blocks from the page's tree at that point.

AWARDS_LEAD = "\n\nCác hình thức khen thưởng đã nhận:\n\n"  # see `_make_job`
_FORMS = ("<", "&", "\\", "```", "~~~", "!!!", "{")
_BULLET = re.compile(r"^\s*[-*+]\s", re.MULTILINE)
_ORDERED = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
_CAPTURED = threading.local()  # .wanted: the story a page is about to convert; .last:
# (story, blocks) of the last one converted


def reusable(markdown_text: str) -> bool:
    """Whether the page's converter reads the story into the tree ours would (see above)."""
    if any(form in markdown_text for form in _FORMS):
        return False
    if _BULLET.search(markdown_text) and _ORDERED.search(markdown_text):
        return False
    loosened = _loosen_lists(markdown_text)  # also: no line break other than "\n"
    return loosened == markdown_text or loosened + "\n" == markdown_text


def want_story(markdown_text: str) -> None:
    """The page about to be converted shows this story: keep its blocks if `reusable`."""
    _CAPTURED.wanted = markdown_text if markdown_text and reusable(markdown_text) else None


class StoryCapture(Treeprocessor):
    PRIORITY = 9  # after 'inline' (20) and 'prettify' (10), before 'attr_list' (8), 'toc' (5)

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.source: str | None = None  # set by the page converter around each conversion

    def run(self, root: Element) -> None:
        wanted = getattr(_CAPTURED, "wanted", None)
        if wanted is not None and self.source is not None and self.source == wanted:
            _CAPTURED.last = (wanted, _tree_blocks(root))
        _CAPTURED.wanted = None


# What a converter may hold for its tree to be ours (all but `StoryCapture`'s place checked).
_SAME_BLOCKS = frozenset({"markdown.blockprocessors", "markdown.extensions.tables",
                          "markdown.extensions.admonition"})
_SAME_BEFORE = frozenset({"markdown.preprocessors", "markdown.treeprocessors",
                          "markdown.extensions.fenced_code",  # MkDocs adds it; ours has it
                          "mkdocs.structure.pages", "guongsang.mdprune"})


def install_capture(md: markdown.Markdown) -> StoryCapture | None:
    """Add `StoryCapture` to a page converter whose processors give our tree (else None)."""
    if any(type(p).__module__ not in _SAME_BLOCKS for p in md.parser.blockprocessors):
        return None
    if any(type(p).__module__ not in _SAME_BEFORE for p in md.preprocessors):
        return None
    if any(type(md.treeprocessors[i.name]).__module__ not in _SAME_BEFORE
           for i in md.treeprocessors._priority if i.priority > StoryCapture.PRIORITY):
        return None
    def patterns(m: markdown.Markdown) -> list:
        return [(type(p), getattr(p, "pattern", None)) for p in m.inlinePatterns]

    if patterns(md) != patterns(_converter()):
        return None
    capture = StoryCapture(md)
    md.treeprocessors.register(capture, "guongsang_radio", StoryCapture.PRIORITY)
    return capture


def _reused_blocks(markdown_text: str) -> list[tuple[str, str]] | None:
    last = getattr(_CAPTURED, "last", None)
    # MkDocs gives the page its story without the blank lines it starts with (which the
    # converters skip anyway).
    text = markdown_text.lstrip("\n")
    if last is None or not text.startswith(last[0]):
        return None
    rest = text[len(last[0]):]
    if not rest:
        return list(last[1])
    if rest.startswith(AWARDS_LEAD):  # a paragraph after a blank line: ends any block
        return [*last[1], *story_blocks(rest)]
    return None


def markdown_to_radio(markdown_text: str, options: RadioOptions | None = None) -> str:
    """Markdown story → plain text ready to read on air, paragraphs separated by a blank line."""
    paragraphs: list[str] = []
    items: list[str] = []
    for kind, text in story_blocks(markdown_text):
        if kind == "item":
            items.append(_sentence(text, ";"))
            continue
        if items:
            _add_list(paragraphs, items)
            items = []
        if kind == "heading":
            paragraphs.append(_sentence(text.rstrip(":")))
        elif kind == "para":
            # Keep a colon for now: if a list follows, _add_list reads them together.
            paragraphs.append(_sentence(text, ":" if text.endswith(":") else "."))
    if items:
        _add_list(paragraphs, items)
    paragraphs = [p[:-1] + "." if p.endswith(":") else p for p in paragraphs]  # no list came
    return "\n\n".join(_capitalize(p) for p in
                       spoken_text("\n\n".join(paragraphs), options).split("\n\n"))


def radio_script(title: str, summary: str, markdown_text: str,
                 options: RadioOptions | None = None, kind_label: str = "",
                 locality: str = "") -> str:
    """Intro, who and where ('Gương điển hình cá nhân: <title>, <locality>.'), the summary,
    the story, outro — each a paragraph, all in spoken form."""
    o = options or RadioOptions()
    label = "Gương điển hình" + (f" {kind_label[:1].lower()}{kind_label[1:]}" if kind_label
                                 else "")
    heading = f"{label}: {title.strip()}" + (f", {locality.strip()}" if locality.strip() else "")
    intro, outro = _fixed_parts(o)
    parts = [intro, *(spoken_text(_sentence(_clean(p)), o) for p in (heading, summary)),
             markdown_to_radio(markdown_text, o), outro]
    return "\n\n".join(_capitalize(p) for p in parts if p.strip(" ."))


_PER_OPTIONS: list[tuple[RadioOptions, dict]] = []


def _per_options(o: RadioOptions) -> dict:
    """What is worked out once from a build's options (the same options, or equal ones: a
    spawned worker gets a copy with each script's arguments), forgotten for other options."""
    if not _PER_OPTIONS or (_PER_OPTIONS[0][0] is not o and _PER_OPTIONS[0][0] != o):
        _PER_OPTIONS[:] = [(o, {})]
    return _PER_OPTIONS[0][1]


def _fixed_parts(o: RadioOptions) -> tuple[str, str]:
    """The spoken intro and outro, the same in every script of a build."""
    memo = _per_options(o)
    if "fixed" not in memo:
        memo["fixed"] = (spoken_text(_sentence(_clean(o.intro)), o),
                         spoken_text(_sentence(_clean(o.outro)), o))
    return memo["fixed"]


# A run of non-spaces with no letter or digit ("–", "..."): not read. Counting these and
# taking them from the split's count is a third of the cost of finding every word. Looked
# for in two passes, by its first character: a pattern led by one class (punctuation) is
# skipped ahead to it, one led by a choice of two is tried at every character.
_UNSPOKEN = re.compile(r"[^\w\s](?<!\S(?s:.))(?:[^\w\s]|_)*(?!\S)")
_UNSPOKEN_ = re.compile(r"_(?<!\S_)(?:[^\w\s]|_)*(?!\S)")  # the same, led by "_"


def reading_seconds(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Seconds to read `text` aloud, rounded up. A Vietnamese word is a syllable between spaces;
    a lone dash or other punctuation is not read. (In "digits" mode a number counts as one word,
    so long figures make this a slight underestimate.)"""
    words = len(text.split()) - len(_UNSPOKEN.findall(text))
    if "_" in text:
        words -= len(_UNSPOKEN_.findall(text))
    return math.ceil(words * 60 / words_per_minute)


def duration_label(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs} giây"
    return f"{minutes} phút {secs} giây" if secs else f"{minutes} phút"


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]#])", r"\\\1", text).replace("<", "&lt;")


_SCRIPTS: dict[str, str] = {}  # script key → script, made or read by this process
_NEW: dict[str, str] = {}  # made since the cache was last written (see `save_cache`)
_DISK: list[Packs] = []  # where scripts are kept between builds (see use_cache)
PACK = 500  # scripts per file of the cache
OLD_LAYOUT = ("radio",)  # one file per script: 5,000 files cost a page worker 2 s to create


def use_cache(folder: Path | None) -> None:
    """Keep scripts in `folder` between builds, keyed by everything they are made from and by
    this module's code: an unchanged profile is never converted again. Scripts made are
    kept in memory and written by `save_cache`, a few large files at a time (`packs`)."""
    _DISK[:] = [Packs(folder, OLD_LAYOUT)] if folder is not None else []
    _JOBS.clear()  # a new build: its exemplars are new objects
    _SECONDS.clear()
    _USED.clear()


def take_new() -> dict[str, str]:
    """The scripts made here since the last call: a page worker hands them to the build, and
    keeps only their lengths (a page shows the length; the build writes the scripts)."""
    made = dict(_NEW)
    _NEW.clear()
    for key in made:
        _SCRIPTS.pop(key, None)
    return made


def learn(scripts: dict[str, str]) -> None:
    """Scripts made by another process (a page worker), to be written with this one's."""
    _SCRIPTS.update(scripts)
    _NEW.update(scripts)


def save_cache(tag: str, forget: bool = False) -> None:
    """Write the scripts made since the last call; keep in the cache the scripts this process
    used (all it holds) under `tag` (the command) and those of one other, most recent tag.
    `forget`: the scripts are not needed here any more (their lengths are kept): a build
    drops them once the radio feed is written (~0.1 GB at 10,000 profiles)."""
    if not _DISK:
        return
    packs = _DISK[0]
    for i, (key, text) in enumerate(_NEW.items(), start=1):
        packs.put(key, {"text": text})
        if i % PACK == 0:
            packs.flush()
    _NEW.clear()
    with contextlib.suppress(OSError):  # a cache that cannot be written: slower next time
        packs.save(tag, _SCRIPTS)
    if forget:
        _SCRIPTS.clear()


@cache
def _code_version() -> bytes:
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


_JOBS: dict[int, tuple[Exemplar, RadioOptions, str, tuple]] = {}  # id(e) → its `_job`
_SECONDS: dict[str, int] = {}  # script key → `reading_seconds` of the script


def _job(e: Exemplar, options: RadioOptions) -> tuple[str, tuple]:
    """The cache key of an exemplar's script and the arguments of `radio_script` for it.
    Asked for several times per build (check, page, feed); worked out once per exemplar."""
    known = _JOBS.get(id(e))
    if known is not None and known[0] is e and known[1] == options:
        return known[2], known[3]
    key, args = _make_job(e, options)
    _JOBS[id(e)] = (e, options, key, args)  # holding `e` keeps its id from being reused
    return key, args


_USED: dict[str, int] = {}  # the scripts' seconds asked for since `take_used_seconds`


def script_seconds(e: Exemplar, options: RadioOptions) -> int:
    """`reading_seconds` of the exemplar's script, worked out once per script."""
    key, _ = _job(e, options)
    if key not in _SECONDS:
        _SECONDS[key] = reading_seconds(script_for(e, options))
    _USED[key] = _SECONDS[key]
    return _SECONDS[key]


def take_used_seconds() -> dict[str, int]:
    """The seconds a page showed (by script key): a page worker hands them to the build, so
    the radio length check needs neither the scripts nor a second count of their words."""
    used = dict(_USED)
    _USED.clear()
    return used


def learn_seconds(seconds: dict[str, int]) -> None:
    _SECONDS.update(seconds)


def seconds_known(e: Exemplar, options: RadioOptions) -> bool:
    return _job(e, options)[0] in _SECONDS


def _make_job(e: Exemplar, options: RadioOptions) -> tuple[str, tuple]:
    story = e.body if e.consented("story") else ""
    awards = [a.title for a in e.visible_awards]
    if awards:
        story += AWARDS_LEAD + "\n".join(
            f"- {_escape_markdown(title)}" for title in awards)
    args = (e.title, e.summary, story, options, e.kind_label, e.locality)
    # The code and the options (~150 abbreviations) are hashed once per build; then each
    # text with its length before it (unambiguous, and a tenth of the cost of its repr).
    h = _options_hash(options).copy()
    h.update("".join(f"{len(t)}:{t}" for t in (e.title, e.summary, story, e.kind_label,
                                                e.locality)).encode())
    return h.hexdigest(), args


def _options_hash(options: RadioOptions) -> hashlib._Hash:
    """The code and the options hashed: each script's key goes on from a copy of it."""
    memo = _per_options(options)
    if "hash" not in memo:
        rest = (sorted(options.abbreviations.items()), options.numbers, options.intro,
                options.outro)
        memo["hash"] = hashlib.sha256(_code_version() + repr(rest).encode())
    return memo["hash"]


def _keep(key: str, text: str) -> None:
    _SCRIPTS[key] = text
    _NEW[key] = text


def _known(key: str) -> str | None:
    if key in _SCRIPTS:
        return _SCRIPTS[key]
    entry = _DISK[0].get(key) if _DISK else None
    if entry is not None and isinstance(entry.get("text"), str):
        _SCRIPTS[key] = entry["text"]
        return _SCRIPTS[key]
    return None


def _make(args: tuple) -> str:
    return radio_script(*args)


def prepare_scripts(exemplars: list[Exemplar], options: RadioOptions) -> None:
    """Make the scripts that are neither in memory nor in the cache, on all cores: pure
    Python text work, the largest part of checking a big site from cold."""
    todo = {}
    for e in exemplars:
        key, args = _job(e, options)
        if _known(key) is None:
            todo[key] = args
    if len(todo) < 64:  # a pool's start-up costs more than a few scripts
        return
    workers = os.cpu_count() or 1
    if workers < 2:
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for key, text in zip(todo, pool.map(_make, todo.values(), chunksize=16), strict=True):
            _keep(key, text)


def script_for(e: Exemplar, options: RadioOptions) -> str:
    """The on-air script of one exemplar: the story only where consent allows it; the awards
    (never revoked ones) read as a closing list.

    Validation, pages and the radio feed all ask for it: it is made once per build, and
    read back from the cache on later builds while its inputs are unchanged."""
    key, args = _job(e, options)
    text = _known(key)
    if text is None:
        text = radio_script(*args)
        _keep(key, text)
    return text
