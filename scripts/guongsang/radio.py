"""Radio scripts: a profile's Markdown story as plain Vietnamese an announcer — or the
text-to-speech engine of a commune IP radio — can read on air without editing.

Written forms become spoken ones: abbreviations, dates, ranges, percentages, units, money;
`numbers="words"` also spells out every number for TTS engines that read digits badly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

from .model import Exemplar

DEFAULT_ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc",
    "HTX": "hợp tác xã", "THCS": "trung học cơ sở", "THPT": "trung học phổ thông",
    "TP.": "thành phố", "TX.": "thị xã", "TT.": "thị trấn", "CB, CC, VC": "cán bộ, công chức, "
    "viên chức", "CBCCVC": "cán bộ, công chức, viên chức", "QĐ": "quyết định",
    "NQ": "nghị quyết", "KH": "kế hoạch", "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ",
    "ĐTN": "Đoàn Thanh niên", "TNCS": "thanh niên cộng sản", "CCB": "cựu chiến binh",
    "NTM": "nông thôn mới", "KHKT": "khoa học kỹ thuật", "CNTT": "công nghệ thông tin",
    "ANTT": "an ninh trật tự", "TTHC": "thủ tục hành chính", "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội", "GD&ĐT": "giáo dục và đào tạo",
    "LĐTB&XH": "lao động, thương binh và xã hội", "PCCC": "phòng cháy chữa cháy",
    "OCOP": "Ô-cóp", "VietGAP": "Việt-gáp", "COVID-19": "Cô-vít mười chín",
    "ĐVHC": "đơn vị hành chính", "SXKD": "sản xuất kinh doanh", "CSXH": "chính sách xã hội",
    "NHCSXH": "Ngân hàng Chính sách xã hội", "LHPN": "Liên hiệp Phụ nữ", "QL": "quốc lộ",
    "THPTQG": "trung học phổ thông quốc gia", "GDP": "tổng sản phẩm",
}
UNITS: dict[str, str] = {
    "km2": "ki-lô-mét vuông", "km²": "ki-lô-mét vuông", "m2": "mét vuông", "m²": "mét vuông",
    "m3": "mét khối", "m³": "mét khối", "km": "ki-lô-mét", "ha": "héc-ta", "kg": "ki-lô-gam",
    "cm": "xăng-ti-mét", "mm": "mi-li-mét", "m": "mét", "l": "lít", "kW": "ki-lô-oát",
    "kWh": "ki-lô-oát giờ", "MW": "mê-ga-oát",
}
PER = {"năm": "mỗi năm", "tháng": "mỗi tháng", "ngày": "mỗi ngày", "người": "mỗi người",
       "hộ": "mỗi hộ", "lượt": "mỗi lượt", "ha": "trên héc-ta", "con": "mỗi con"}
WORDS_PER_MINUTE = 160  # a measured, clear broadcast pace for Vietnamese (syllables/minute)

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]


@dataclass(frozen=True)
class RadioOptions:
    abbreviations: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ABBREVIATIONS))
    numbers: str = "digits"  # or "words"
    intro: str = ""
    outro: str = ""

    @classmethod
    def from_settings(cls, radio: dict) -> RadioOptions:
        abbreviations = dict(DEFAULT_ABBREVIATIONS)
        extra = radio.get("abbreviations") or {}
        if isinstance(extra, dict):
            abbreviations.update({str(k): str(v) for k, v in extra.items()})
        return cls(abbreviations, radio.get("numbers", "digits"), radio.get("intro", ""),
                   radio.get("outro", ""))


# ------------------------------------------------------------------ numbers


def _three(n: int, full: bool) -> list[str]:
    """Read 0–999; `full` when a higher group precedes (so 5 reads 'không trăm linh năm')."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = []
    if full or h:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u:
            words += (["linh"] if (full or h) else []) + [_DIGITS[u]]
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else _DIGITS[u])
    else:
        words += [_DIGITS[t], "mươi"]
        if u:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, _DIGITS[u]))
    return words


def number_to_words(n: int) -> str:
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_to_words(-n)
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            if i % 3 == 0 and i and any(groups[i:i + 3]) and words and words[-1] != "tỷ":
                words.append("tỷ")
            continue
        words += _three(g, full=bool(words))
        scale = _SCALES[i % 3 if i % 3 else (3 if i else 0)]
        if i and i % 3 == 0:
            scale = "tỷ"
        if scale:
            words.append(scale)
    return " ".join(words)


def _grouped(n: int) -> str:
    """1250000000 → '1 tỷ 250 triệu': how a large amount is said, digits kept for the reader."""
    if n < 1000:
        return str(n)
    parts = []
    for value, name in ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn")):
        if n >= value:
            parts.append(f"{_grouped(n // value) if n // value >= 1000 else n // value} {name}")
            n %= value
    if n:
        parts.append(str(n))
    return " ".join(parts)


# ------------------------------------------------------------------ spoken forms


def _sub(pattern: str, repl, text: str, flags: int = 0) -> str:
    return re.sub(pattern, repl, text, flags=flags)


def spoken_text(text: str, options: RadioOptions | None = None) -> str:
    o = options or RadioOptions()
    # Decision codes are not read out: "Quyết định số 1234/QĐ-UBND" → "Quyết định số 1234".
    text = _sub(r"(\d+)/[A-ZĐ][\wĐđ&-]*", r"\1", text)
    text = _sub(r"(\d+)-(?:QĐ|NQ|KH|CT|TB)[\w/-]*", r"\1", text)
    # Dates: 13/5/2021, 13/05/2021, 13.05.2021, 2021-05-13; month/year 5/2021.
    text = _sub(r"(?:\b[Nn]gày\s+)?\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b",
                lambda m: f"ngày {int(m[1])} tháng {int(m[2])} năm {m[3]}", text)
    text = _sub(r"\b(\d{4})-(\d{2})-(\d{2})\b",
                lambda m: f"ngày {int(m[3])} tháng {int(m[2])} năm {m[1]}", text)
    text = _sub(r"(?:\b[Tt]háng\s+)?\b(\d{1,2})/(\d{4})\b",
                lambda m: f"tháng {int(m[1])} năm {m[2]}", text)
    # Ranges: 2021-2025, 2021 – 2025, 10-15 tấn.
    text = _sub(r"\b(\d+(?:,\d+)?)\s*[-–—]\s*(\d+(?:,\d+)?)\b", r"\1 đến \2", text)
    text = _sub(r"(?<=\d)\s*(?:VNĐ|VND|đồng|đ)(?![\wđ])", " đồng", text)
    # Large amounts written with thousands dots: 1.250.000.000 → 1 tỷ 250 triệu.
    text = _sub(r"\b\d{1,3}(?:\.\d{3})+\b", lambda m: _grouped(int(m[0].replace(".", ""))), text)
    text = _sub(r"(\d+(?:,\d+)?)\s*%", r"\1 phần trăm", text)
    text = _sub(r"(\d+),(\d+)", r"\1 phẩy \2", text)
    # Units right after a number, and "per" slashes: tấn/ha, người/năm.
    units = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
    text = _sub(rf"(?<=\d)\s*({units})(?![\w²³])", lambda m: " " + UNITS[m[1]], text)
    text = _sub(r"(?<=\w)/(" + "|".join(PER) + r")\b", lambda m: " " + PER[m[1]], text)
    abbr = sorted(o.abbreviations, key=len, reverse=True)
    pattern = r"(?<![\w&])(" + "|".join(map(re.escape, abbr)) + r")(?![\w&])"
    text = _sub(pattern, lambda m: o.abbreviations[m[1]], text)
    text = text.replace("&", " và ")
    if o.numbers == "words":
        text = _sub(r"\d+", lambda m: number_to_words(int(m[0])), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


# ------------------------------------------------------------------ markdown → speech


class _Speech(HTMLParser):
    """Collects readable blocks: headings and list items become sentences; tables,
    images and code blocks are not read."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.skip = 0
        self.buf: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("table", "pre", "script", "style"):
            self.skip += 1
        if tag in self.BLOCKS:
            self._flush()
            self.stack.append(tag)
        if tag == "br":
            self.buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("table", "pre", "script", "style"):
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCKS:
            self._flush()
            if self.stack:
                self.stack.pop()
        if tag in ("ul", "ol"):
            self.blocks.append(("/list", ""))

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.blocks.append((self.stack[-1] if self.stack else "p", text))


_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _sentence(text: str, end: str = ".") -> str:
    text = text.strip().rstrip(":;,")
    return text if text.endswith((".", "!", "?", "…", "”")) else text + end


def markdown_to_radio(markdown_text: str, options: RadioOptions | None = None) -> str:
    html = markdown.markdown(markdown_text, extensions=["tables", "sane_lists"])
    parser = _Speech()
    parser.feed(html)
    parser.close()
    paragraphs: list[str] = []
    items: list[str] = []
    for tag, text in parser.blocks:
        if tag == "/list" and items:
            paragraphs.append(" ".join(items[:-1] + [_sentence(items[-1].rstrip(";"))]))
            items = []
        text = _URL.sub("", text)
        text = re.sub(r"[*_`#|<>\[\]]", "", text)
        text = " ".join(text.split())
        if not text:
            continue
        if tag == "li":
            items.append(_sentence(text, ";"))
            continue
        if items:
            paragraphs.append(" ".join(items[:-1] + [_sentence(items[-1].rstrip(";"))]))
            items = []
        paragraphs.append(_sentence(text))
    if items:
        paragraphs.append(" ".join(items[:-1] + [_sentence(items[-1].rstrip(";"))]))
    return spoken_text("\n\n".join(paragraphs), options)


def radio_script(title: str, summary: str, markdown_text: str, options: RadioOptions | None = None,
                 kind: str = "", locality: str = "", awards: list[str] | None = None) -> str:
    """Intro, who and where, the summary, the story, the awards as sentences, outro."""
    o = options or RadioOptions()
    who = f"tập thể {title}" if kind == "collective" else title
    opening = f"Xin giới thiệu gương điển hình tiên tiến: {who}" + (
        f", {locality}." if locality else ".")
    parts = [spoken_text(o.intro, o), spoken_text(opening, o), spoken_text(_sentence(summary), o),
             markdown_to_radio(markdown_text, o)]
    if awards:
        parts.append(spoken_text("Các hình thức khen thưởng đã nhận: "
                                 + "; ".join(awards) + ".", o))
    parts.append(spoken_text(o.outro, o))
    return "\n\n".join(p for p in parts if p)


def reading_seconds(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    return math.ceil(len(text.split()) * 60 / words_per_minute)


def duration_label(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs} giây"
    return f"{minutes} phút {secs} giây" if secs else f"{minutes} phút"


def script_for(e: Exemplar, options: RadioOptions) -> str:
    """The on-air script of one exemplar: only what its consent allows (the story)."""
    story = e.body if e.consented("story") else ""
    awards = [a.title for a in e.visible_awards]
    return radio_script(e.title, e.summary, story, options, e.kind, e.locality, awards)
