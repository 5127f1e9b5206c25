"""Draw the demo site's illustrative photos (no real people): one scene per profile photo.

Deterministic (seeded by file name), offline, Pillow only. Run from the repository root:
    .venv/bin/python scripts/make_demo_media.py [--force]
Scenes are chosen by the profile's field and kind. A few pictures deliberately carry phone
EXIF (an orientation flag and a GPS position) so the demo shows that publishing strips it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
W, H = 1200, 800
# These demo photos are stored sideways with an EXIF orientation flag and a GPS tag, as a
# phone would write them; the build must turn them upright and drop all metadata.
PHONE_STYLE = {"nguyen-van-an.jpg", "ho-ba-nguyen-thi-xuan.jpg"}


def gradient(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, y0: int, y1: int) -> None:
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0)
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (W, y)], fill=color)


def sky(draw: ImageDraw.ImageDraw, rnd: random.Random, horizon: int) -> None:
    gradient(draw, (120, 180, 230), (215, 235, 245), 0, horizon)
    sx, sy = rnd.randint(150, 1050), rnd.randint(70, 180)
    draw.ellipse([sx - 55, sy - 55, sx + 55, sy + 55], fill=(255, 214, 102))
    for _ in range(3):
        cx, cy = rnd.randint(0, W), rnd.randint(40, horizon - 120)
        for dx in (-50, 0, 45):
            draw.ellipse([cx + dx - 60, cy - 28, cx + dx + 60, cy + 28], fill=(250, 250, 252))


def hills(draw: ImageDraw.ImageDraw, rnd: random.Random, horizon: int, color: tuple) -> None:
    pts = [(0, horizon)]
    for x in range(0, W + 100, 100):
        pts.append((x, horizon - rnd.randint(40, 140)))
    pts.append((W, horizon))
    draw.polygon(pts, fill=color)


def person(draw: ImageDraw.ImageDraw, x: int, ground: int, scale: float, color: tuple) -> None:
    """A simple silhouette: head and shoulders, no face."""
    h = int(220 * scale)
    draw.ellipse([x - 32 * scale, ground - h - 70 * scale, x + 32 * scale, ground - h],
                 fill=color)
    draw.rounded_rectangle([x - 60 * scale, ground - h + 5 * scale, x + 60 * scale, ground],
                           radius=int(40 * scale), fill=color)


def rice_fields(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    horizon = 430
    sky(draw, rnd, horizon)
    hills(draw, rnd, horizon, (96, 140, 110))
    gradient(draw, (150, 200, 80), (70, 140, 40), horizon, H)
    for i in range(14):
        y = horizon + 12 + i * i * 2.2
        draw.line([(0, y), (W, y + rnd.randint(-6, 6))], fill=(60, 120, 35), width=3)


def mango_orchard(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    rice_fields(draw, rnd)
    for _ in range(9):
        x, y = rnd.randint(40, W - 40), rnd.randint(470, 700)
        r = rnd.randint(55, 85)
        draw.rectangle([x - 8, y, x + 8, y + r], fill=(110, 80, 50))
        draw.ellipse([x - r, y - r, x + r, y + r // 2], fill=(40, 110, 50))
        for _ in range(5):
            fx, fy = x + rnd.randint(-r // 2, r // 2), y + rnd.randint(-r // 2, r // 4)
            draw.ellipse([fx - 9, fy - 12, fx + 9, fy + 12], fill=(240, 200, 60))


def sea(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    horizon = 380
    sky(draw, rnd, horizon)
    gradient(draw, (40, 120, 170), (90, 170, 200), horizon, 600)
    gradient(draw, (235, 215, 170), (220, 195, 140), 600, H)
    for i in range(6):
        y = horizon + 30 + i * 35
        draw.arc([rnd.randint(-200, 600), y, rnd.randint(700, 1400), y + 40], 200, 340,
                 fill=(200, 230, 245), width=3)
    for _ in range(3):
        x, y = rnd.randint(100, 1000), rnd.randint(420, 540)
        draw.polygon([(x - 70, y), (x + 70, y), (x + 45, y + 28), (x - 45, y + 28)],
                     fill=(170, 50, 40))
        draw.line([(x, y), (x, y - 80)], fill=(80, 60, 40), width=4)
        draw.polygon([(x + 2, y - 78), (x + 50, y - 20), (x + 2, y - 20)], fill=(245, 240, 230))


def building(draw: ImageDraw.ImageDraw, rnd: random.Random, wall: tuple, roof: tuple,
             sign: tuple | None = None, flag: bool = False) -> None:
    horizon = 520
    sky(draw, rnd, horizon)
    gradient(draw, (170, 200, 140), (120, 160, 100), horizon, H)
    x0, x1, top = 200, 1000, 280
    draw.rectangle([x0, top, x1, horizon + 40], fill=wall)
    draw.polygon([(x0 - 40, top), (x1 + 40, top), (x1 - 20, top - 90), (x0 + 20, top - 90)],
                 fill=roof)
    for i in range(6):
        wx = x0 + 50 + i * 125
        for wy in (320, 420):
            draw.rectangle([wx, wy, wx + 70, wy + 60], fill=(200, 225, 240),
                           outline=(120, 120, 120), width=3)
    draw.rectangle([560, 450, 640, horizon + 40], fill=(120, 80, 50))
    if sign:
        draw.rectangle([x0 + 250, top - 60, x1 - 250, top - 20], fill=sign)
    if flag:
        draw.line([(1080, 200), (1080, horizon + 30)], fill=(90, 90, 90), width=6)
        draw.rectangle([1084, 200, 1164, 252], fill=(218, 37, 29))
        cx, cy = 1124, 226
        draw.regular_polygon((cx, cy, 16), 5, rotation=-90, fill=(255, 221, 0))


def village(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    horizon = 470
    sky(draw, rnd, horizon)
    hills(draw, rnd, horizon, (110, 150, 120))
    gradient(draw, (160, 200, 120), (110, 160, 90), horizon, H)
    draw.polygon([(520, H), (680, H), (620, horizon), (590, horizon)], fill=(170, 170, 165))
    for side in (-1, 1):
        for i in range(3):
            x = 600 + side * (170 + i * 180)
            y = horizon + 60 + i * 40
            draw.rectangle([x - 70, y - 60, x + 70, y + 30], fill=(240, 225, 200))
            draw.polygon([(x - 85, y - 60), (x + 85, y - 60), (x, y - 120)], fill=(190, 80, 60))
            draw.rectangle([x - 15, y - 20, x + 15, y + 30], fill=(120, 80, 50))
    for i in range(10):
        x = 540 - i * 8 if i % 2 else 660 + i * 8
        y = horizon + 20 + i * 30
        draw.ellipse([x - 10, y - 10, x + 10, y + 10], fill=(250, 240, 150))


def people_scene(draw: ImageDraw.ImageDraw, rnd: random.Random, n: int, base: str) -> None:
    {"village": village, "fields": rice_fields, "building": lambda d, r: building(
        d, r, (245, 235, 210), (180, 60, 50), flag=True)}[base](draw, rnd)
    palette = [(52, 73, 94), (120, 60, 50), (40, 90, 120), (90, 60, 110)]
    for i in range(n):
        x = int(W / (n + 1) * (i + 1)) + rnd.randint(-30, 30)
        person(draw, x, H - 20, 1.3 if n == 1 else 1.0 - 0.05 * (i % 2), palette[i % 4])


SCENES = {
    "agriculture": lambda d, r, k: mango_orchard(d, r) if k == "individual" else rice_fields(d, r),
    "education": lambda d, r, k: building(d, r, (250, 230, 170), (200, 70, 50), flag=True),
    "health": lambda d, r, k: _clinic(d, r),
    "administrative-reform": lambda d, r, k: building(d, r, (240, 240, 235), (150, 50, 50),
                                                      sign=(200, 40, 40), flag=True),
    "defense-security": lambda d, r, k: people_scene(d, r, 3, "village"),
    "digital-transformation": lambda d, r, k: people_scene(d, r, 2, "building"),
    "social-welfare": lambda d, r, k: village(d, r),
    "community-life": lambda d, r, k: village(d, r),
    "culture-sports": lambda d, r, k: sea(d, r),
    "environment": lambda d, r, k: sea(d, r),
    "industry-trade": lambda d, r, k: sea(d, r),
}


def _clinic(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    building(draw, rnd, (245, 248, 250), (60, 120, 170))
    draw.rectangle([575, 190, 625, 290], fill=(210, 30, 40))
    draw.rectangle([550, 215, 650, 265], fill=(210, 30, 40))


def make(path: Path, field: str, kind: str, name: str) -> None:
    rnd = random.Random(name)
    im = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(im)
    SCENES.get(field, lambda d, r, k: village(d, r))(draw, rnd, kind)
    if kind == "individual" and field not in ("defense-security", "digital-transformation"):
        person(draw, rnd.choice([260, 940]), H - 10, 1.35, (45, 62, 80))
    im = im.filter(ImageFilter.SMOOTH)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name in PHONE_STYLE:
        exif = Image.Exif()
        exif[0x010F] = "Demo Phone"
        exif[0x0112] = 6  # displayed after rotating 90° clockwise
        exif[0x8825] = {1: "N", 2: (12.0, 4.0, 30.0), 3: "E", 4: (109.0, 9.0, 5.0)}
        im.transpose(Image.Transpose.ROTATE_90).save(path, "JPEG", quality=82, optimize=True,
                                                     exif=exif.tobytes())
    else:
        im.save(path, "JPEG", quality=82, optimize=True)


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}


def main(argv: list[str]) -> int:
    force = "--force" in argv
    made = 0
    for md in sorted((CONTENT / "exemplars").rglob("*.md")):
        data = front_matter(md)
        src = (data.get("photo") or {}).get("src", "")
        if not src.startswith("media/"):
            continue
        target = CONTENT / src
        if target.exists() and not force:
            continue
        make(target, data.get("field", ""), data.get("kind", ""), target.name)
        made += 1
    print(f"{made} ảnh minh họa đã tạo trong content/media/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
