"""Share images (1200×630) for Facebook/Zalo previews, drawn at build time with Pillow.

The fonts ship with the package (Noto Sans, OFL), so images are identical on every machine
and no font is ever downloaded. `missing_glyphs` reads the font's own character map, so a
test can prove every Vietnamese letter is drawn with a real glyph, not a fallback box.
"""

from __future__ import annotations

import io
import math
import struct
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (1200, 630)
FONTS = Path(__file__).parent / "fonts"
FONT_REGULAR = FONTS / "NotoSans-Regular.ttf"
FONT_BOLD = FONTS / "NotoSans-Bold.ttf"

PANEL = 504  # width of the picture panel on the left
MARGIN = 48
KIND_COLORS = {
    "individual": ((33, 102, 172), (120, 180, 230)),
    "collective": ((27, 110, 60), (130, 200, 140)),
    "household": ((190, 90, 20), (250, 190, 110)),
    "campaign": ((160, 25, 25), (235, 120, 100)),
}


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _fit(text: str, width: int, max_lines: int, sizes: range) -> tuple[list[str], int]:
    """The largest size at which `text` fits in `max_lines`; an ellipsis as the last resort."""
    for size in sizes:
        lines = _wrap(text, _font(FONT_BOLD, size), width)
        if len(lines) <= max_lines and all(
                _font(FONT_BOLD, size).getlength(line) <= width for line in lines):
            return lines, size
    size = sizes[-1]
    font = _font(FONT_BOLD, size)
    lines = _wrap(text, font, width)[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return lines, size


def _placeholder(kind: str) -> Image.Image:
    dark, light = KIND_COLORS.get(kind, KIND_COLORS["campaign"])
    w, h = PANEL, SIZE[1]
    im = Image.new("RGB", (w, h), light)
    draw = ImageDraw.Draw(im)
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)],
                  fill=tuple(round(a + (b - a) * t) for a, b in zip(light, dark, strict=True)))
    white = (255, 255, 255)
    cx, cy = w // 2, h // 2
    if kind == "household":
        draw.polygon([(cx - 130, cy - 10), (cx, cy - 130), (cx + 130, cy - 10)], fill=white)
        draw.rectangle([cx - 100, cy - 10, cx + 100, cy + 120], fill=white)
        draw.rectangle([cx - 25, cy + 40, cx + 25, cy + 120], fill=dark)
    elif kind == "collective":
        for dx, s in ((-110, 0.8), (110, 0.8), (0, 1.0)):
            _silhouette(draw, cx + dx, cy + 130, s, white)
    elif kind == "individual":
        _silhouette(draw, cx, cy + 150, 1.4, white)
    else:  # a flag on its pole
        draw.line([(cx - 110, cy - 150), (cx - 110, cy + 160)], fill=white, width=10)
        draw.rectangle([cx - 105, cy - 150, cx + 120, cy], fill=white)
        draw.polygon(_star(cx + 8, cy - 75, 48), fill=dark)
    return im


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
             cy - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]


def _silhouette(draw: ImageDraw.ImageDraw, x: int, ground: int, s: float, color: tuple) -> None:
    draw.ellipse([x - 38 * s, ground - 230 * s, x + 38 * s, ground - 154 * s], fill=color)
    draw.rounded_rectangle([x - 70 * s, ground - 145 * s, x + 70 * s, ground], radius=int(45 * s),
                           fill=color)


def _photo(path: Path) -> Image.Image:
    with Image.open(path) as src:
        im = ImageOps.exif_transpose(src).convert("RGB")
    return ImageOps.fit(im, (PANEL, SIZE[1]), Image.LANCZOS, centering=(0.5, 0.4))


def share_image(title: str, kicker: str, lines: list[str], owner: str, kind: str,
                photo: Path | None = None, accent: tuple[int, int, int] = (183, 28, 28)) -> bytes:
    """A 1200×630 JPEG with no metadata; the same input always gives the same bytes."""
    title, kicker, owner = (unicodedata.normalize("NFC", t) for t in (title, kicker, owner))
    lines = [unicodedata.normalize("NFC", t) for t in lines if t]
    im = Image.new("RGB", SIZE, (252, 250, 245))
    im.paste(_photo(photo) if photo else _placeholder(kind), (0, 0))
    draw = ImageDraw.Draw(im)
    x, width = PANEL + MARGIN, SIZE[0] - PANEL - 2 * MARGIN
    band = 84
    draw.rectangle([PANEL, SIZE[1] - band, SIZE[0], SIZE[1]], fill=accent)
    draw.rectangle([PANEL, 0, PANEL + 8, SIZE[1] - band], fill=accent)

    y = MARGIN
    kfont = _font(FONT_BOLD, 22)
    for line in _wrap(kicker.upper(), kfont, width)[:2]:
        draw.text((x, y), line, font=kfont, fill=accent)
        y += 32
    y += 14
    title_lines, size = _fit(title, width, 3, range(64, 37, -4))
    tfont = _font(FONT_BOLD, size)
    for line in title_lines:
        draw.text((x, y), line, font=tfont, fill=(30, 30, 30))
        y += round(size * 1.22)
    y += 16
    rfont = _font(FONT_REGULAR, 26)
    room = SIZE[1] - band - MARGIN // 2
    for text in lines[:2]:
        for line in _wrap(text, rfont, width)[:2]:
            if y + 36 > room:
                break
            draw.text((x, y), line, font=rfont, fill=(80, 80, 80))
            y += 36
        y += 6
    ofont = _font(FONT_BOLD, 26)
    owner_line = _wrap(owner, ofont, width)[0]
    draw.text((x, SIZE[1] - band // 2), owner_line, font=ofont, fill=(255, 255, 255), anchor="lm")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


@cache
def _cmap(font_path: Path) -> frozenset[int]:
    """Code points with a glyph, from the TrueType 'cmap' table (formats 4 and 12)."""
    data = font_path.read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    tables = {data[12 + 16 * i:16 + 16 * i]: struct.unpack_from(">II", data, 20 + 16 * i)
              for i in range(num_tables)}
    cmap_offset = tables[b"cmap"][0]
    count = struct.unpack_from(">H", data, cmap_offset + 2)[0]
    points: set[int] = set()
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        sub = cmap_offset + offset
        fmt = struct.unpack_from(">H", data, sub)[0]
        if fmt == 4:
            points |= _format4(data, sub)
        elif fmt == 12:
            groups = struct.unpack_from(">I", data, sub + 12)[0]
            for g in range(groups):
                start, end, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
                points.update(range(start, end + 1))
    return frozenset(points)


def _format4(data: bytes, sub: int) -> set[int]:
    segs = struct.unpack_from(">H", data, sub + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, sub + 14)
    starts = struct.unpack_from(f">{segs}H", data, sub + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, sub + 16 + 4 * segs)
    range_base = sub + 16 + 6 * segs
    offsets = struct.unpack_from(f">{segs}H", data, range_base)
    points = set()
    for i in range(segs):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_base + 2 * i + offsets[i] + 2 * (cp - starts[i])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(cp)
    return points


def missing_glyphs(text: str, font_path: Path = FONT_BOLD) -> set[str]:
    covered = _cmap(font_path)
    return {ch for ch in unicodedata.normalize("NFC", text)
            if not ch.isspace() and ord(ch) not in covered}
