"""Draw the demo site's illustrative photos: stylised scenes, never a real person.

For every profile in content/exemplars/ whose `photo.src` is `media/exemplars/<name>.jpg`, draw
content/media/exemplars/<name>.jpg (1200×800 JPEG). The scene follows the photo's alt text when
it names something drawable (rice field, mango orchard, sea, shrimp ponds, school, clinic, …),
otherwise the profile's `field`, `kind` and `locality`. Individuals get a head-and-shoulders
silhouette without any face detail in front of a softened background.

Deterministic (random.Random seeded by the file name), offline, Pillow + PyYAML only, no fonts.
Existing pictures are kept; `--force` draws them all again. Run from anywhere:

    .venv/bin/python scripts/make_demo_media.py [--force]     (any Python with Pillow and PyYAML)

A few pictures deliberately carry phone EXIF (a rotation flag and a GPS position) so the demo
shows that publishing turns them upright and strips all metadata.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
W, H = 1200, 800
SS = 2  # drawn at twice the size, then scaled down: smooth edges without anti-aliasing support
QUALITY = 82
MAX_BYTES = 120_000
SRC = re.compile(r"^media/exemplars/([a-z0-9][a-z0-9-]*)\.jpg$")
# Stored sideways with an EXIF orientation flag and a GPS tag, as a phone would write them; the
# build must turn them upright and drop all metadata (tests/test_demo.py checks this).
PHONE_STYLE = {"nguyen-van-an.jpg", "ho-ba-nguyen-thi-xuan.jpg"}
COASTAL = {"Xã Cam Hải Đông", "Xã Cam Hải Tây"}

Color = tuple[int, ...]


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


class Canvas:
    """An ImageDraw in 1200×800 coordinates over a supersampled RGB image (alpha fills blend)."""

    def __init__(self) -> None:
        self.im = Image.new("RGB", (W * SS, H * SS), (255, 255, 255))
        self.d = ImageDraw.Draw(self.im, "RGBA")

    @staticmethod
    def _pts(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * SS, y * SS) for x, y in pts]

    @staticmethod
    def _box(box: tuple[float, float, float, float]) -> list[float]:
        x0, y0, x1, y1 = box
        return [min(x0, x1) * SS, min(y0, y1) * SS, max(x0, x1) * SS, max(y0, y1) * SS]

    def gradient(self, top: Color, bottom: Color, y0: float, y1: float,
                 x0: float = 0, x1: float = W) -> None:
        a, b = int(y0 * SS), int(y1 * SS)
        for y in range(a, b):
            color = mix(top, bottom, (y - a) / max(1, b - a))
            self.d.line([(x0 * SS, y), (x1 * SS - 1, y)], fill=color)

    def ellipse(self, box: tuple[float, float, float, float], fill: Color) -> None:
        self.d.ellipse(self._box(box), fill=fill)

    def rect(self, box: tuple[float, float, float, float], fill: Color) -> None:
        self.d.rectangle(self._box(box), fill=fill)

    def rounded(self, box: tuple[float, float, float, float], radius: float, fill: Color) -> None:
        self.d.rounded_rectangle(self._box(box), radius=radius * SS, fill=fill)

    def polygon(self, pts: list[tuple[float, float]], fill: Color) -> None:
        self.d.polygon(self._pts(pts), fill=fill)

    def line(self, pts: list[tuple[float, float]], fill: Color, width: float) -> None:
        self.d.line(self._pts(pts), fill=fill, width=max(1, round(width * SS)), joint="curve")

    def soften(self, radius: float) -> None:
        self.im = self.im.filter(ImageFilter.GaussianBlur(radius * SS))
        self.d = ImageDraw.Draw(self.im, "RGBA")

    def result(self) -> Image.Image:
        return self.im.resize((W, H), Image.Resampling.LANCZOS)


# ---------------------------------------------------------------- landscape pieces


def sky(c: Canvas, rnd: random.Random, horizon: float, dusk: bool = False) -> None:
    if dusk:
        c.gradient((26, 34, 76), (232, 146, 104), 0, horizon)
        for _ in range(40):
            x, y = rnd.uniform(0, W), rnd.uniform(0, horizon * 0.5)
            r = rnd.uniform(1, 2.2)
            c.ellipse((x - r, y - r, x + r, y + r), (255, 255, 240, 200))
        mx, my = rnd.uniform(150, 1050), rnd.uniform(70, 140)
        c.ellipse((mx - 60, my - 60, mx + 60, my + 60), (255, 246, 214, 40))
        c.ellipse((mx - 30, my - 30, mx + 30, my + 30), (250, 244, 222))
        return
    c.gradient((86, 152, 220), (214, 234, 246), 0, horizon)
    sx, sy = rnd.uniform(140, 1060), rnd.uniform(80, 150)
    for r, a in ((170, 28), (115, 45), (80, 70)):
        c.ellipse((sx - r, sy - r, sx + r, sy + r), (255, 244, 196, a))
    c.ellipse((sx - 48, sy - 48, sx + 48, sy + 48), (255, 226, 122))
    for _ in range(rnd.randint(2, 4)):
        cx, cy = rnd.uniform(-50, W + 50), rnd.uniform(60, max(90, horizon - 170))
        size = rnd.uniform(0.7, 1.3)
        for _ in range(6):
            dx, dy = rnd.uniform(-110, 110) * size, rnd.uniform(-18, 14) * size
            rx, ry = rnd.uniform(45, 80) * size, rnd.uniform(22, 36) * size
            c.ellipse((cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry),
                      (255, 255, 255, 185))


def ridge(c: Canvas, rnd: random.Random, base: float, amp: float, color: Color) -> None:
    """A smooth line of hills: two sines with random phases plus a gentle tilt."""
    p1, p2 = rnd.uniform(0, 6.3), rnd.uniform(0, 6.3)
    f1, f2 = rnd.uniform(0.004, 0.007), rnd.uniform(0.011, 0.017)
    tilt = rnd.uniform(-0.35, 0.35)
    pts = [(0.0, base + 400)]
    for x in range(0, W + 21, 20):
        h = 0.55 + 0.3 * math.sin(x * f1 + p1) + 0.15 * math.sin(x * f2 + p2)
        pts.append((x, base - amp * h + tilt * amp * (x / W - 0.5)))
    pts.append((W, base + 400))
    c.polygon(pts, color)


def tree(c: Canvas, x: float, ground: float, s: float, leaf: Color = (52, 120, 64),
         flowers: Color | None = None, rnd: random.Random | None = None) -> None:
    c.rect((x - 7 * s, ground - 70 * s, x + 7 * s, ground), (110, 78, 52))
    light = mix(leaf, (170, 210, 120), 0.35)
    for dx, dy, r, col in ((-34, -92, 46, leaf), (30, -96, 48, leaf), (0, -130, 52, leaf),
                           (-12, -138, 30, light), (22, -108, 26, light)):
        cx, cy = x + dx * s, ground + dy * s
        c.ellipse((cx - r * s, cy - r * s, cx + r * s, cy + r * s), col)
    if flowers and rnd:
        for _ in range(18):
            fx, fy = x + rnd.uniform(-70, 70) * s, ground + rnd.uniform(-175, -70) * s
            c.ellipse((fx - 5 * s, fy - 5 * s, fx + 5 * s, fy + 5 * s), flowers)


def palm(c: Canvas, x: float, ground: float, h: float, lean: float) -> None:
    top = (x + lean, ground - h)
    c.line([(x, ground), (x + lean * 0.4, ground - h * 0.5), top], (120, 92, 60), h * 0.05)
    for ang in range(0, 360, 40):
        a = math.radians(ang)
        tip = (top[0] + math.cos(a) * h * 0.42, top[1] + math.sin(a) * h * 0.22 + h * 0.12)
        mid = ((top[0] + tip[0]) / 2, (top[1] + tip[1]) / 2 - h * 0.06)
        c.line([top, mid, tip], (46, 110, 58), h * 0.035)


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + (r if i % 2 == 0 else r * 0.4) * math.cos(-math.pi / 2 + i * math.pi / 5),
             cy + (r if i % 2 == 0 else r * 0.4) * math.sin(-math.pi / 2 + i * math.pi / 5))
            for i in range(10)]


def flag(c: Canvas, x: float, top: float, ground: float, w: float = 96) -> None:
    """A flagpole with a gently waving red flag and yellow star."""
    c.line([(x, top - 6), (x, ground)], (110, 110, 115), 5)
    c.ellipse((x - 6, top - 14, x + 6, top - 2), (200, 170, 60))
    h = w * 2 / 3
    upper = [(x + i * w / 8, top + 5 * math.sin(i * 0.8)) for i in range(9)]
    lower = [(px, py + h) for px, py in reversed(upper)]
    c.polygon(upper + lower, (214, 36, 30))
    c.polygon(star(x + w / 2, top + h / 2 + 3, h * 0.3), (255, 220, 0))


def house(c: Canvas, x: float, base: float, s: float, wall: Color, roof: Color,
          lit: bool = False) -> None:
    w, h = 150 * s, 90 * s
    c.rect((x - w / 2, base - h, x + w / 2, base), wall)
    c.polygon([(x - w / 2 - 14 * s, base - h), (x + w / 2 + 14 * s, base - h),
               (x + w / 2 - 24 * s, base - h - 52 * s), (x - w / 2 + 24 * s, base - h - 52 * s)],
              roof)
    c.rect((x - 14 * s, base - 52 * s, x + 14 * s, base), (116, 80, 54))
    glass = (255, 212, 110) if lit else (170, 204, 226)
    for wx in (x - w / 2 + 16 * s, x + w / 2 - 46 * s):
        c.rect((wx, base - 66 * s, wx + 30 * s, base - 36 * s), glass)
        if lit:
            c.ellipse((wx - 30 * s, base - 90 * s, wx + 60 * s, base - 12 * s), (255, 210, 120, 35))


def ground(c: Canvas, horizon: float, top: Color, bottom: Color) -> None:
    c.gradient(top, bottom, horizon, H)


# ---------------------------------------------------------------- scenes


def scene_rice(c: Canvas, rnd: random.Random) -> None:
    hz = 410
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 20, 120, (150, 176, 196))
    ridge(c, rnd, hz + 2, 55, (104, 146, 112))
    ground(c, hz, (222, 196, 96), (196, 164, 62))
    vx = rnd.uniform(450, 750)
    xs = list(range(-1600, W + 1700, 170))
    for i, (a, b) in enumerate(zip(xs, xs[1:], strict=False)):
        tint = (230, 202, 100) if i % 2 else (206, 186, 84)
        c.polygon([(vx, hz), (a, H), (b, H)], (*tint, 120))
    n = 11
    for k in range(1, n):
        y = hz + (H - hz) * (k / n) ** 1.8
        c.line([(0, y), (W, y)], (150, 130, 60), 1 + 3 * k / n)
    for _ in range(260):
        y = rnd.uniform(hz + 160, H)
        x, s = rnd.uniform(0, W), (y - hz) / (H - hz)
        c.line([(x, y), (x + rnd.uniform(-4, 4) * s, y - 18 * s)], (170, 140, 50, 150), 2 * s + 1)
    for x in (rnd.uniform(60, 300), rnd.uniform(880, 1140)):
        palm(c, x, hz + 8, rnd.uniform(110, 150), rnd.uniform(-25, 25))
    house(c, rnd.uniform(380, 820), hz + 6, 0.35, (236, 224, 200), (184, 84, 56))


def scene_orchard(c: Canvas, rnd: random.Random) -> None:
    hz = 430
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 10, 130, (142, 170, 192))
    ridge(c, rnd, hz + 4, 60, (98, 142, 104))
    ground(c, hz, (150, 190, 96), (96, 150, 66))
    rows = ((hz + 40, 0.45), (hz + 110, 0.7), (hz + 220, 1.0), (H + 40, 1.5))
    for row, (y, s) in enumerate(rows):
        step = 230 * s
        off = rnd.uniform(0, step)
        x = -step + off
        while x < W + step:
            tree(c, x, y, s, leaf=(40, 104, 54) if row % 2 else (48, 116, 60))
            for _ in range(int(7 * s) + 2):
                fx, fy = x + rnd.uniform(-60, 60) * s, y + rnd.uniform(-140, -80) * s
                c.ellipse((fx - 7 * s, fy - 10 * s, fx + 7 * s, fy + 10 * s), (238, 200, 64))
            x += step


def scene_sea(c: Canvas, rnd: random.Random, jars: bool = False) -> None:
    hz = 360
    sky(c, rnd, hz)
    for _ in range(3):  # islands in the bay
        x, w = rnd.uniform(-100, W), rnd.uniform(160, 360)
        c.ellipse((x, hz - rnd.uniform(40, 80), x + w, hz + 40), (118, 150, 168))
    shore = 575
    c.gradient((38, 112, 170), (96, 176, 204), hz, shore)
    for _ in range(28):
        y = rnd.uniform(hz + 10, shore - 20)
        x, L = rnd.uniform(0, W), rnd.uniform(20, 90) * (y - hz) / (shore - hz) + 10
        c.line([(x, y), (x + L, y)], (224, 242, 250, 150), 2)
    c.gradient((240, 222, 182), (222, 198, 148), shore, H)
    foam = [(x, shore + 8 * math.sin(x / 55 + 1.3)) for x in range(0, W + 20, 20)]
    c.line(foam, (252, 252, 248, 230), 9)
    for i in range(rnd.randint(2, 3)):  # fishing boats at sea
        x = rnd.uniform(120, 1080)
        y = hz + 50 + i * 55 + rnd.uniform(0, 30)
        s = 0.5 + (y - hz) / 300
        c.polygon([(x - 80 * s, y), (x + 90 * s, y - 8 * s), (x + 60 * s, y + 26 * s),
                   (x - 60 * s, y + 26 * s)], (34, 88, 160))
        c.line([(x - 72 * s, y + 6 * s), (x + 82 * s, y - 2 * s)], (200, 44, 40), 4 * s)
        c.rect((x - 20 * s, y - 34 * s, x + 24 * s, y), (246, 246, 240))
        c.line([(x + 40 * s, y - 6 * s), (x + 40 * s, y - 70 * s)], (90, 70, 50), 3 * s)
    for _ in range(4):  # basket boats (thuyền thúng) on the sand
        x, y = rnd.uniform(60, 700 if jars else 1140), rnd.uniform(shore + 50, H - 40)
        s = 0.7 + (y - shore) / 300
        c.ellipse((x - 60 * s, y - 18 * s, x + 60 * s, y + 22 * s), (86, 62, 40))
        c.ellipse((x - 52 * s, y - 14 * s, x + 52 * s, y + 10 * s), (130, 100, 62))
    if jars:  # jars of fish sauce under bamboo lids
        for row in range(2):
            for i in range(4):
                x, y = 780 + i * 100 + row * 50, shore + 110 + row * 90
                s = 0.9 + row * 0.2
                c.ellipse((x - 40 * s, y - 70 * s, x + 40 * s, y + 10 * s), (112, 66, 40))
                c.ellipse((x - 22 * s, y - 58 * s, x - 4 * s, y - 20 * s), (170, 110, 70, 140))
                c.polygon([(x - 46 * s, y - 62 * s), (x + 46 * s, y - 62 * s), (x, y - 96 * s)],
                          (206, 176, 112))
    palm(c, rnd.uniform(20, 120), shore + 60, 300, 40)
    palm(c, rnd.uniform(1080, 1180), shore + 40, 260, -35)


def scene_ponds(c: Canvas, rnd: random.Random) -> None:
    hz = 390
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 15, 110, (140, 166, 186))
    ground(c, hz, (170, 170, 120), (140, 140, 96))
    rows = [(hz + 20, hz + 90), (hz + 110, hz + 240), (hz + 270, H + 40)]
    for r, (y0, y1) in enumerate(rows):
        cols = 4 - r
        for i in range(cols):
            x0 = i * W / cols + 14 + r * 6
            x1 = (i + 1) * W / cols - 14 - r * 6
            c.gradient((84, 150, 160), (56, 120, 134), y0, y1, x0, x1)
            for _ in range(1 + r):  # paddle-wheel aerators
                ax, ay = rnd.uniform(x0 + 40, x1 - 40), rnd.uniform(y0 + 20, y1 - 20)
                s = 0.4 + r * 0.4
                c.ellipse((ax - 50 * s, ay - 12 * s, ax + 50 * s, ay + 12 * s),
                          (240, 250, 250, 170))
                c.line([(ax - 40 * s, ay), (ax + 40 * s, ay)], (240, 150, 40), 6 * s)
    hx = rnd.uniform(200, 1000)
    c.rect((hx - 50, hz + 8, hx + 50, hz + 40), (200, 180, 140))
    c.polygon([(hx - 64, hz + 10), (hx + 64, hz + 10), (hx, hz - 26)], (150, 110, 70))


def scene_nethouse(c: Canvas, rnd: random.Random) -> None:
    hz = 420
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 10, 120, (142, 170, 192))
    ridge(c, rnd, hz + 4, 50, (100, 146, 106))
    ground(c, hz, (150, 186, 100), (112, 150, 74))
    for i, (y, s) in enumerate(((hz + 60, 0.6), (hz + 230, 1.0))):
        for k in range(3 - i):
            x0 = 60 + k * (W / (3 - i)) + rnd.uniform(-20, 20)
            x1 = x0 + W / (3 - i) - 90
            top = y - 170 * s
            for r in range(6):  # vegetable rows inside
                ry = y - 10 * s - r * 14 * s
                for vx in range(int(x0 + 20), int(x1 - 20), int(26 * s) + 1):
                    c.ellipse((vx - 9 * s, ry - 7 * s, vx + 9 * s, ry + 5 * s), (60, 140, 60))
            c.rounded((x0, top, x1, y), 70 * s, (245, 248, 250, 150))
            for px in range(int(x0), int(x1) + 1, int(60 * s)):
                c.line([(px, top + 30 * s), (px, y)], (200, 205, 210, 200), 3 * s)


def cow(c: Canvas, x: float, y: float, s: float, coat: Color, flip: bool) -> None:
    d = -1 if flip else 1
    for lx in (-44, -24, 26, 44):
        c.rect((x + (lx - 6) * s, y - 10 * s, x + (lx + 6) * s, y + 40 * s),
               mix(coat, (0, 0, 0), 0.2))
    c.rounded((x - 64 * s, y - 60 * s, x + 64 * s, y + 6 * s), 30 * s, coat)
    hx = x + d * 78 * s
    c.rounded((hx - 24 * s, y - 78 * s, hx + 24 * s, y - 24 * s), 16 * s, coat)
    c.ellipse((hx - 34 * s, y - 78 * s, hx - 14 * s, y - 66 * s), coat)
    c.ellipse((hx + 14 * s, y - 78 * s, hx + 34 * s, y - 66 * s), coat)
    c.rounded((hx - 16 * s, y - 40 * s, hx + 16 * s, y - 22 * s), 8 * s, (222, 190, 170))


def scene_barn(c: Canvas, rnd: random.Random) -> None:
    hz = 450
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 10, 120, (142, 170, 192))
    ground(c, hz, (160, 190, 104), (120, 156, 80))
    bx = rnd.uniform(560, 760)
    c.rect((bx - 330, hz - 40, bx + 330, hz + 190), (200, 184, 150))
    c.polygon([(bx - 380, hz - 40), (bx + 380, hz - 40), (bx + 300, hz - 150),
               (bx - 300, hz - 150)], (130, 150, 160))
    for px in range(int(bx - 320), int(bx + 330), 130):
        c.rect((px - 8, hz - 40, px + 8, hz + 190), (120, 96, 70))
    c.rect((bx - 330, hz + 130, bx + 330, hz + 190), (170, 150, 112))
    c.ellipse((bx - 320, hz + 100, bx - 200, hz + 180), (226, 196, 110))
    for i in range(3):
        coat = rnd.choice([(150, 96, 60), (196, 160, 116), (120, 82, 56)])
        cow(c, 250 + i * 330 + rnd.uniform(-30, 30), 690 + rnd.uniform(-20, 30), 1.1, coat, i == 1)
    tree(c, rnd.uniform(40, 140), hz + 120, 1.2)


def scene_building(c: Canvas, rnd: random.Random, style: str) -> None:
    hz = 520
    sky(c, rnd, hz)
    ridge(c, rnd, hz - 60, 100, (150, 176, 196))
    ground(c, hz, (150, 190, 110), (112, 158, 84))
    c.polygon([(250, hz + 40), (950, hz + 40), (1200, H), (0, H)], (214, 210, 200))
    x0, x1 = 220, 980
    if style == "school":
        wall, roof, floors = (246, 212, 112), (168, 62, 46), 2
    elif style == "clinic":
        wall, roof, floors = (246, 248, 250), (58, 124, 176), 1
    elif style == "office":
        wall, roof, floors = (246, 232, 192), (164, 52, 44), 2
    else:  # culture house (nhà văn hóa)
        wall, roof, floors = (250, 236, 204), (182, 72, 50), 1
        x0, x1 = 300, 900
    fh = 120
    top = hz + 40 - fh * floors
    c.rect((x0, top, x1, hz + 40), wall)
    if style == "culture":
        c.polygon([(x0 - 40, top), (x1 + 40, top), ((x0 + x1) / 2, top - 150)], roof)
        c.polygon([((x0 + x1) / 2 - 60, top - 4), ((x0 + x1) / 2 + 60, top - 4),
                   ((x0 + x1) / 2, top - 64)], mix(wall, (255, 255, 255), 0.3))
    else:
        c.polygon([(x0 - 40, top), (x1 + 40, top), (x1 - 30, top - 80), (x0 + 30, top - 80)], roof)
    for f in range(floors):
        fy = top + f * fh
        if f:
            c.rect((x0, fy - 6, x1, fy + 4), mix(wall, (255, 255, 255), 0.5))
        n = 7 if style != "culture" else 4
        for i in range(n):
            wx = x0 + 40 + i * (x1 - x0 - 80) / n
            ww = (x1 - x0 - 80) / n - 30
            c.rect((wx, fy + 30, wx + ww, fy + 90), (170, 200, 222))
            c.line([(wx + ww / 2, fy + 30), (wx + ww / 2, fy + 90)], (240, 240, 240), 3)
    mid = (x0 + x1) / 2
    c.rect((mid - 45, hz - 50, mid + 45, hz + 40), (126, 86, 56))
    if style == "office":
        for px in (mid - 120, mid - 70, mid + 70, mid + 120):
            c.rect((px - 9, top + fh, px + 9, hz + 40), (250, 248, 240))
        c.rect((mid - 200, top - 2, mid + 200, top + 34), (196, 36, 36))
        c.line([(mid - 170, top + 16), (mid + 170, top + 16)], (250, 214, 80), 4)
    if style == "clinic":
        c.ellipse((mid - 56, top - 130, mid + 56, top - 18), (250, 250, 250))
        c.rect((mid - 14, top - 110, mid + 14, top - 38), (214, 30, 40))
        c.rect((mid - 36, top - 88, mid + 36, top - 60), (214, 30, 40))
    if style == "culture":  # volleyball net in the yard
        c.line([(70, hz + 200), (70, hz + 90)], (90, 90, 90), 5)
        c.line([(250, hz + 210), (250, hz + 100)], (90, 90, 90), 5)
        c.polygon([(70, hz + 92), (250, hz + 102), (250, hz + 140), (70, hz + 130)],
                  (255, 255, 255, 110))
    flag(c, 1080 if style != "culture" else 1000, hz - 190, hz + 60)
    flowers = (226, 60, 40) if style == "school" else None
    tree(c, 120, hz + 90, 1.2, flowers=flowers, rnd=rnd)
    if style != "culture":
        tree(c, 1150, hz + 120, 1.0, flowers=flowers, rnd=rnd)
    for hx in range(x0, x1, 60):
        c.ellipse((hx, hz + 26, hx + 70, hz + 60), (70, 140, 70))


def scene_village(c: Canvas, rnd: random.Random, dusk: bool = False) -> None:
    hz = 440
    sky(c, rnd, hz, dusk=dusk)
    far, near = ((150, 176, 196), (104, 146, 112)) if not dusk else ((70, 74, 110), (50, 70, 70))
    ridge(c, rnd, hz - 20, 110, far)
    ridge(c, rnd, hz + 4, 50, near)
    ground(c, hz, (150, 190, 110) if not dusk else (70, 96, 72),
           (106, 150, 80) if not dusk else (44, 64, 50))
    vx = 600 + rnd.uniform(-60, 60)

    def half(t: float) -> float:
        return 8 + 300 * t

    road = (196, 196, 190) if not dusk else (118, 118, 124)
    c.polygon([(vx - half(0), hz), (vx + half(0), hz), (vx + half(1.1), H + 40),
               (vx - half(1.1), H + 40)], road)
    for t0 in (0.1, 0.3, 0.55, 0.85):  # centre line
        y0, y1 = hz + (H - hz) * t0, hz + (H - hz) * (t0 + 0.08)
        c.line([(vx, y0), (vx, y1)], (250, 250, 240, 180), 2 + 6 * t0)
    walls = [(244, 226, 190), (236, 214, 150), (214, 226, 236), (240, 210, 200), (250, 240, 220)]
    for t in (0.12, 0.2, 0.32, 0.5, 0.78):
        y, s = hz + (H - hz) * t, 0.2 + 1.6 * t
        for side in (-1, 1):
            hxx = vx + side * (half(t) + 120 * s)
            house(c, hxx, y, s, rnd.choice(walls), (186, 84, 56) if not dusk else (120, 60, 48),
                  lit=dusk)
            tree(c, hxx + side * 150 * s, y + 4, s * 0.8,
                 leaf=(52, 120, 64) if not dusk else (36, 70, 48))
            if dusk:  # street lamps along the road
                lx = vx + side * (half(t) + 12 * s)
                c.line([(lx, y), (lx, y - 150 * s)], (60, 60, 70), 4 * s)
                c.ellipse((lx - 60 * s, y - 210 * s, lx + 60 * s, y - 90 * s), (255, 214, 130, 40))
                c.ellipse((lx - 10 * s, y - 160 * s, lx + 10 * s, y - 140 * s), (255, 236, 170))


# ---------------------------------------------------------------- people (no faces)


def silhouette(c: Canvas, cx: float, base: float, size: float, color: Color,
               phone: bool = False) -> None:
    """Head and shoulders only: a round head over rounded shoulders, no face detail."""
    shoulder = base - size * 1.05
    head_r = size * 0.32
    head_cy = shoulder - head_r * 1.05
    rim = (255, 255, 255, 70)
    c.ellipse((cx - head_r - 5, head_cy - head_r - 5, cx + head_r + 5, head_cy + head_r + 5), rim)
    c.rounded((cx - size * 0.82 - 5, shoulder - 5, cx + size * 0.82 + 5, base + size), size * 0.42,
              rim)
    c.rect((cx - size * 0.12, head_cy, cx + size * 0.12, shoulder + 10), color)
    c.ellipse((cx - head_r, head_cy - head_r, cx + head_r, head_cy + head_r), color)
    c.rounded((cx - size * 0.82, shoulder, cx + size * 0.82, base + size), size * 0.42, color)
    if phone:
        px, py = cx + size * 0.25, shoulder + size * 0.45
        c.ellipse((px - size * 0.2, py - size * 0.22, px + size * 0.2, py + size * 0.22),
                  (190, 230, 255, 35))
        c.rounded((px - size * 0.09, py - size * 0.15, px + size * 0.09, py + size * 0.15),
                  size * 0.03, (196, 232, 252))


SCENES: dict[str, Callable[[Canvas, random.Random], None]] = {
    "rice": scene_rice,
    "orchard": scene_orchard,
    "sea": scene_sea,
    "sea_jars": lambda c, r: scene_sea(c, r, jars=True),
    "ponds": scene_ponds,
    "nethouse": scene_nethouse,
    "barn": scene_barn,
    "school": lambda c, r: scene_building(c, r, "school"),
    "clinic": lambda c, r: scene_building(c, r, "clinic"),
    "office": lambda c, r: scene_building(c, r, "office"),
    "culture": lambda c, r: scene_building(c, r, "culture"),
    "night": lambda c, r: scene_village(c, r, dusk=True),
    "village": scene_village,
}
# First match wins: what the alt text says is in the picture.
KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("chum", "mắm"), "sea_jars"),
    (("biển", "thuyền", "bả trạo"), "sea"),
    (("tôm", "đầm", "ao nuôi"), "ponds"),
    (("xoài",), "orchard"),
    (("nhà lưới", "rau"), "nethouse"),
    (("đàn bò", "chuồng"), "barn"),
    (("lúa", "ruộng", "cánh đồng"), "rice"),
    (("trạm y tế", "chữ thập", "bác sĩ", "huyết áp"), "clinic"),
    (("trường", "lớp học", "thư viện", "học sinh"), "school"),
    (("một cửa", "trụ sở", "quầy"), "office"),
    (("nhà văn hóa",), "culture"),
    (("ban đêm", "đèn"), "night"),
    (("đường", "ngõ", "ngôi nhà", "thôn"), "village"),
]
BY_FIELD = {
    "agriculture": "rice", "education": "school", "health": "clinic",
    "administrative-reform": "office", "party-government": "office", "finance-banking": "office",
    "digital-transformation": "culture", "culture-sports": "culture", "defense-security": "night",
    "science-technology": "nethouse",
}


def choose_scene(data: dict) -> str:
    alt = str((data.get("photo") or {}).get("alt", "")).lower()
    for words, scene in KEYWORDS:
        if any(w in alt for w in words):
            return scene
    field = data.get("field", "")
    if data.get("locality") in COASTAL and field in (
            "industry-trade", "environment", "community-life", "culture-sports"):
        return "sea"
    return BY_FIELD.get(field, "village")


def draw(data: dict, name: str) -> Image.Image:
    rnd = random.Random(name)
    c = Canvas()
    SCENES[choose_scene(data)](c, rnd)
    kind = data.get("kind", "")
    alt = str((data.get("photo") or {}).get("alt", "")).lower()
    phone = data.get("field") == "digital-transformation" or any(
        w in alt for w in ("điện thoại", "máy tính"))
    palette = [(38, 64, 88), (92, 52, 60), (36, 84, 96), (70, 58, 100)]
    if kind == "individual":
        c.soften(3.5)
        c.gradient((0, 0, 0, 0), (0, 0, 0, 60), H * 0.55, H)
        cx = W * rnd.choice([0.28, 0.72])
        silhouette(c, cx, H + 10, 290, rnd.choice(palette), phone=phone)
    elif kind == "collective" and any(w in alt for w in ("bạn trẻ", "dáng người")):
        for i, cx in enumerate((W * 0.4, W * 0.6)):
            silhouette(c, cx + rnd.uniform(-20, 20), H - 30, 120 - 10 * i, palette[i], phone=phone)
    return c.result().filter(ImageFilter.SMOOTH_MORE if kind == "household" else ImageFilter.SMOOTH)


def save(im: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name in PHONE_STYLE:
        exif = Image.Exif()
        exif[0x010F] = "Demo Phone"
        exif[0x0112] = 6  # displayed after rotating 90° clockwise
        exif[0x8825] = {1: "N", 2: (12.0, 4.0, 30.0), 3: "E", 4: (109.0, 9.0, 5.0)}
        im.transpose(Image.Transpose.ROTATE_90).save(path, "JPEG", quality=QUALITY, optimize=True,
                                                     exif=exif.tobytes())
    else:
        im.save(path, "JPEG", quality=QUALITY, optimize=True)


def front_matter(path: Path) -> dict:
    """The YAML between the first two `---` lines ({} when there is none)."""
    lines = path.read_text("utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            data = yaml.safe_load("\n".join(lines[1:i]))
            return data if isinstance(data, dict) else {}
    return {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Vẽ ảnh minh họa cho các hồ sơ demo.")
    ap.add_argument("--force", action="store_true", help="vẽ lại cả những ảnh đã có")
    args = ap.parse_args(argv)
    made = kept = 0
    for md in sorted((CONTENT / "exemplars").rglob("*.md")):
        try:
            data = front_matter(md)
        except yaml.YAMLError as err:
            print(f"{md.relative_to(ROOT)}: bỏ qua, front matter lỗi ({err})", file=sys.stderr)
            continue
        match = SRC.match(str((data.get("photo") or {}).get("src", "")))
        if not match:
            continue
        target = CONTENT / "media" / "exemplars" / f"{match.group(1)}.jpg"
        if target.exists() and not args.force:
            kept += 1
            continue
        save(draw(data, target.name), target)
        made += 1
        size = target.stat().st_size
        if size > MAX_BYTES:
            print(f"{target.relative_to(ROOT)}: {size // 1000} KB, lớn hơn mức mong muốn",
                  file=sys.stderr)
    print(f"Đã vẽ {made} ảnh minh họa, giữ nguyên {kept} ảnh có sẵn (content/media/exemplars/).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
