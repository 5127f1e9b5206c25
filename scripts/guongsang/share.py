"""Share images (1200×630) for Facebook/Zalo link previews, drawn at build time with Pillow.

The fonts ship with the package (Noto Sans, OFL; see fonts/README.md), so no font is ever
downloaded and an image is byte-identical on every build. `missing_glyphs` reads the font's own
character map, so a test can prove every Vietnamese letter has a real glyph, not a fallback box.
"""

from __future__ import annotations

import io
import math
import struct
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (1200, 630)
FONTS = Path(__file__).parent / "fonts"
FONT_REGULAR = FONTS / "NotoSans-Regular.ttf"
FONT_BOLD = FONTS / "NotoSans-Bold.ttf"

PANEL = 504  # the picture panel on the left: 42% of the width
STRIPE = 8  # accent stripe between picture and text
BAND = 84  # owner band at the bottom of the text side
TEXT_X = PANEL + STRIPE + 48
TEXT_W = SIZE[0] - TEXT_X - 48
TEXT_TOP, TEXT_BOTTOM = 44, SIZE[1] - BAND - 36
TITLE_SIZES = range(64, 39, -4)  # largest first; the ellipsis only below the last one
PAPER = (250, 248, 243)
INK = (28, 28, 30)
MUTED = (88, 88, 92)
WHITE = (255, 255, 255)
ELLIPSIS = "…"

RGB = tuple[int, int, int]
# (light, dark) ends of each kind's gradient: blue for people, green for collectives, warm
# orange for households, flag red for campaigns; all dark enough for a white emblem.
KIND_COLORS: dict[str, tuple[RGB, RGB]] = {
    "individual": ((118, 170, 222), (22, 84, 150)),
    "collective": ((124, 196, 140), (20, 100, 58)),
    "household": ((246, 184, 104), (178, 80, 18)),
    "campaign": ((236, 122, 100), (150, 22, 22)),
}


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _nfc(text: str) -> str:
    # Decomposed input (e.g. pasted from macOS) would otherwise draw tone marks as separate,
    # badly placed combining glyphs with the basic layout engine.
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: int, force: bool = False) -> str:
    """`text` cut to `width` with a trailing '…'; unchanged when it fits and is not `force`d."""
    if not force and font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip(" ,;:–-") + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip(" ,;:–-") + ELLIPSIS


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a single word wider than `width` stays on a line of its own."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and font.getlength(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _balanced(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Wrapped to as few lines as greedy wrapping needs, but as even as they can be, so a
    name never ends with one lonely word ('Gương sáng Cam / Lâm' → 'Gương sáng / Cam Lâm')."""
    lines = _wrap(text, font, width)
    if len(lines) < 2:
        return lines
    lo, hi = 1, width  # the line count only grows as the width shrinks: bisect the narrowest
    while lo < hi:
        mid = (lo + hi) // 2
        if len(_wrap(text, font, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid + 1
    return _wrap(text, font, lo)


def _clip(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Wrapped to at most `max_lines`, every line within `width`; '…' marks what was cut."""
    lines = _wrap(text, font, width)
    cut = len(lines) > max_lines
    if not cut:  # balance only what is shown whole: a cut text keeps its full lines
        lines = _balanced(text, font, width)
    lines = lines[:max_lines]
    if not lines:
        return []
    fitted = [_ellipsize(line, font, width) for line in lines[:-1]]
    return fitted + [_ellipsize(lines[-1], font, width, force=cut)]


def _fit_title(title: str) -> tuple[list[str], int]:
    """The largest size at which the title fits in 3 lines; cut with '…' at the smallest."""
    for size in TITLE_SIZES:
        font = _font(FONT_BOLD, size)
        lines = _balanced(title, font, TEXT_W)
        if len(lines) <= 3 and all(font.getlength(line) <= TEXT_W for line in lines):
            return lines, size
    size = TITLE_SIZES[-1]
    return _clip(title, _font(FONT_BOLD, size), TEXT_W, 3), size


# -- the picture panel ---------------------------------------------------------------------

SCALE = 2  # emblems are drawn at twice the size and scaled down, for smooth edges


def _gradient(light: RGB, dark: RGB, size: tuple[int, int] = (PANEL, SIZE[1])) -> Image.Image:
    """Light at the top left to dark at the bottom right, with a soft glow behind the emblem."""
    w, h = size
    g = round(600 * h / SIZE[1])  # the glow keeps its proportion to the panel's height
    vertical = Image.linear_gradient("L").resize((w, h), Image.BICUBIC)
    horizontal = Image.linear_gradient("L").transpose(Image.Transpose.TRANSPOSE)
    diagonal = Image.blend(vertical, horizontal.resize((w, h), Image.BICUBIC), 0.4)
    im = Image.composite(Image.new("RGB", (w, h), dark), Image.new("RGB", (w, h), light),
                         diagonal)
    # radial_gradient reaches 181 at the square's edges (255 only in its corners): rescale so
    # the glow fades out to nothing inside the square and leaves no visible seam.
    glow = Image.radial_gradient("L").point(
        lambda v: 255 - round(max(0.0, 1 - v / 181) ** 1.5 * 255 * 0.28))
    glow = glow.resize((g, g), Image.BICUBIC)
    mask = Image.new("L", (w, h), 255)
    mask.paste(glow, ((w - g) // 2, (h - g) // 2))
    return Image.composite(im, Image.new("RGB", (w, h), WHITE), mask)


def _figure(draw: ImageDraw.ImageDraw, x: float, ground: float, s: float, fill: int,
            grow: float = 0) -> None:
    """Head and shoulders; `grow` widens the shape, to cut a gap around a figure in front."""
    k = SCALE
    r = 44 * s + grow
    head_y = ground - 196 * s
    draw.ellipse([k * (x - r), k * (head_y - r), k * (x + r), k * (head_y + r)], fill=fill)
    draw.rounded_rectangle(
        [k * (x - 84 * s - grow), k * (ground - 132 * s - grow), k * (x + 84 * s + grow),
         k * ground], radius=round(k * (72 * s + grow)), fill=fill,
        corners=(True, True, False, False))


def _individual(draw: ImageDraw.ImageDraw, cx: float, cy: float) -> None:
    _figure(draw, cx, cy + 150, 1.25, 255)


def _collective(draw: ImageDraw.ImageDraw, cx: float, cy: float) -> None:
    for dx in (-112, 112):
        _figure(draw, cx + dx, cy + 120, 0.86, 255)
    _figure(draw, cx, cy + 150, 1.08, 0, grow=10)  # the gap that sets the front figure apart
    _figure(draw, cx, cy + 150, 1.08, 255)


def _household(draw: ImageDraw.ImageDraw, cx: float, cy: float) -> None:
    def box(x0: float, y0: float, x1: float, y1: float, fill: int) -> None:
        draw.rectangle([SCALE * x0, SCALE * y0, SCALE * x1, SCALE * y1], fill=fill)

    box(cx + 62, cy - 150, cx + 100, cy - 60, 255)  # chimney, half hidden by the roof
    draw.polygon([(SCALE * x, SCALE * y) for x, y in
                  ((cx - 160, cy - 20), (cx, cy - 160), (cx + 160, cy - 20))], fill=255)
    box(cx - 115, cy - 6, cx + 115, cy + 150, 255)
    box(cx - 30, cy + 58, cx + 30, cy + 150, 0)  # door
    for x in (cx - 88, cx + 46):  # windows
        box(x, cy + 30, x + 42, cy + 72, 0)


def _campaign(draw: ImageDraw.ImageDraw, cx: float, cy: float) -> None:
    k = SCALE
    pole = cx - 118
    draw.rectangle([k * (pole - 7), k * (cy - 165), k * (pole + 7), k * (cy + 175)], fill=255)
    draw.ellipse([k * (pole - 14), k * (cy - 190), k * (pole + 14), k * (cy - 162)], fill=255)
    draw.rounded_rectangle([k * (pole - 50), k * (cy + 170), k * (pole + 50), k * (cy + 188)],
                           radius=k * 6, fill=255)
    # a flag waving: top and bottom edges follow the same sine wave
    xs = [pole + 7 + i * 250 / 24 for i in range(25)]
    wave = [14 * math.sin((x - pole) / 250 * 2 * math.pi) for x in xs]
    top = [(k * x, k * (cy - 158 + w)) for x, w in zip(xs, wave, strict=True)]
    bottom = [(k * x, k * (cy - 8 + w)) for x, w in zip(xs, wave, strict=True)]
    draw.polygon(top + bottom[::-1], fill=255)
    sx, sy = pole + 7 + 125, cy - 83 + 14 * math.sin(math.pi)
    draw.polygon(_star(k * sx, k * sy, k * 46), fill=0)  # the star lets the gradient through


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    radii = (r, r * 0.4)
    return [(cx + radii[i % 2] * math.sin(i * math.pi / 5),
             cy - radii[i % 2] * math.cos(i * math.pi / 5)) for i in range(10)]


EMBLEMS: dict[str, Callable[[ImageDraw.ImageDraw, float, float], None]] = {
    "individual": _individual,
    "collective": _collective,
    "household": _household,
    "campaign": _campaign,
}


def _placeholder(kind: str, size: tuple[int, int] = (PANEL, SIZE[1])) -> Image.Image:
    """The kind's gradient with a white emblem drawn from plain shapes, and no text.

    Any `size` at least as wide as the panel's 4:5: the emblem is scaled with the height and
    centred (posters and screen slides use larger, wider panels)."""
    light, dark = KIND_COLORS[kind]
    im = _gradient(light, dark, size)
    mask = Image.new("L", (PANEL * SCALE, SIZE[1] * SCALE), 0)
    EMBLEMS[kind](ImageDraw.Draw(mask), PANEL / 2, SIZE[1] / 2)
    h = size[1]
    w = round(PANEL * h / SIZE[1])
    mask = mask.resize((w, h), Image.LANCZOS).point(lambda v: v * 240 // 255)
    im.paste(WHITE, ((size[0] - w) // 2, 0), mask)
    return im


def _photo(path: Path) -> Image.Image:
    with Image.open(path) as src:
        im = ImageOps.exif_transpose(src).convert("RGB")
    # Cover-crop a little above centre: portraits keep the face, not the belt.
    return ImageOps.fit(im, (PANEL, SIZE[1]), Image.LANCZOS, centering=(0.5, 0.4))


# -- the whole image -------------------------------------------------------------------------


def share_image(title: str, kicker: str, lines: list[str], owner: str, kind: str,
                photo: Path | None = None, accent: RGB = (183, 28, 28)) -> bytes:
    """A 1200×630 JPEG share image; no metadata, and the same input always gives the same bytes.

    Left 42%: `photo` cover-cropped, or a placeholder for `kind` ('individual', 'collective',
    'household' or 'campaign'). Right: the upper-case `kicker`, the `title` in large bold type
    (at most 3 lines, shrunk to fit, '…' as a last resort), up to 2 of `lines` in smaller type,
    and `owner` on an `accent`-coloured band at the bottom.
    """
    if kind not in EMBLEMS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(EMBLEMS)}")
    title, kicker, owner = _nfc(title), _nfc(kicker).upper(), _nfc(owner)
    extra = [t for t in (_nfc(line) for line in lines) if t][:2]

    im = Image.new("RGB", SIZE, PAPER)
    im.paste(_photo(photo) if photo is not None else _placeholder(kind), (0, 0))
    draw = ImageDraw.Draw(im)
    draw.rectangle([PANEL, 0, PANEL + STRIPE - 1, SIZE[1]], fill=accent)
    draw.rectangle([PANEL + STRIPE, SIZE[1] - BAND, SIZE[0], SIZE[1]], fill=accent)

    # Lay the block out as baselines first, so it can be centred vertically above the band.
    # Room above a baseline is ~1 em: Vietnamese capitals stack two marks (Ấ, Ễ, Ở).
    kfont, rfont = _font(FONT_BOLD, 22), _font(FONT_REGULAR, 27)
    title_lines, size = _fit_title(title)
    tfont = _font(FONT_BOLD, size)
    rows: list[tuple[float, str, ImageFont.FreeTypeFont, RGB]] = []
    base = bottom = 0.0  # next baseline; lowest descender so far

    def row(text: str, font: ImageFont.FreeTypeFont, color: RGB) -> None:
        nonlocal bottom
        rows.append((base, text, font, color))
        bottom = base + font.size * 0.3

    base = 22
    for line in _clip(kicker, kfont, TEXT_W, 2):
        row(line, kfont, accent)
        base += 32
    rule = base - 8 if rows else None  # a short accent rule under the kicker
    base = (base + 12 if rows else 0) + size * 1.02
    for line in title_lines:
        row(line, tfont, INK)
        base += size * 1.24
    base = bottom + 26 + 27 * 0.95
    for text in extra:
        for line in _clip(text, rfont, TEXT_W, 2):
            if base + 27 * 0.3 > TEXT_BOTTOM - TEXT_TOP:  # never run into the band
                break
            row(line, rfont, MUTED)
            base += 37
        base += 8
    top = TEXT_TOP + max(0, round((TEXT_BOTTOM - TEXT_TOP - bottom) / 2))
    if rule is not None:
        draw.rectangle([TEXT_X, top + rule, TEXT_X + 55, top + rule + 3], fill=accent)
    for baseline, line, font, color in rows:
        draw.text((TEXT_X, top + round(baseline)), line, font=font, fill=color, anchor="ls")

    ofont = _font(FONT_BOLD, 28)
    draw.text((TEXT_X, SIZE[1] - BAND // 2), _ellipsize(owner, ofont, TEXT_W), font=ofont,
              fill=WHITE, anchor="lm")

    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


# -- glyph coverage ------------------------------------------------------------------------


def missing_glyphs(text: str, font_path: Path = FONT_BOLD) -> set[str]:
    """Characters of `text` (NFC, whitespace ignored) that the font's character map lacks.

    Pillow would draw such a character as an empty box without complaint, and measuring glyphs
    cannot tell a box from a letter, so this reads the font's 'cmap' table itself.
    """
    covered = _cmap(Path(font_path))
    return {ch for ch in unicodedata.normalize("NFC", text)
            if not ch.isspace() and ord(ch) not in covered}


UNICODE_CMAPS = {(0, 3), (0, 4), (3, 1), (3, 10)}  # (platform, encoding): Unicode BMP or full


@cache
def _cmap(font_path: Path) -> frozenset[int]:
    """Code points that map to a real glyph (not .notdef) in a TrueType/OpenType font.

    Reads the Unicode subtables of 'cmap' in formats 4 (BMP) and 12 (full range) with struct,
    which is all Noto and nearly every modern font uses, so fontTools is not a dependency.
    """
    data = font_path.read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    offsets = {data[12 + 16 * i:16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
               for i in range(num_tables)}
    if b"cmap" not in offsets:
        raise ValueError(f"{font_path}: no 'cmap' table")
    cmap = offsets[b"cmap"]
    points: set[int] = set()
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if (platform, encoding) not in UNICODE_CMAPS:
            continue
        sub = cmap + offset
        fmt = struct.unpack_from(">H", data, sub)[0]
        if fmt == 4:
            points |= _format4(data, sub)
        elif fmt == 12:
            points |= _format12(data, sub)
    return frozenset(points)


def _format4(data: bytes, sub: int) -> set[int]:
    """Segments of BMP code points, mapped by a delta or through the glyph id array."""
    segs = struct.unpack_from(">H", data, sub + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, sub + 14)
    starts = struct.unpack_from(f">{segs}H", data, sub + 16 + 2 * segs)  # after reservedPad
    deltas = struct.unpack_from(f">{segs}H", data, sub + 16 + 4 * segs)
    range_at = sub + 16 + 6 * segs
    range_offsets = struct.unpack_from(f">{segs}H", data, range_at)
    points: set[int] = set()
    for i in range(segs):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:  # the required end-of-table segment
                continue
            if range_offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:  # idRangeOffset counts in bytes from its own slot in the array
                at = range_at + 2 * i + range_offsets[i] + 2 * (cp - starts[i])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(cp)
    return points


def _format12(data: bytes, sub: int) -> set[int]:
    """Groups of consecutive code points mapped to consecutive glyphs."""
    points: set[int] = set()
    for g in range(struct.unpack_from(">I", data, sub + 12)[0]):
        start, end, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
        # a group starting at glyph 0 maps its first code point to .notdef
        points.update(range(start + (glyph == 0), end + 1))
    return points
