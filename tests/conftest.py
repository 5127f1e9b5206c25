"""A small real site on disk, written per test, built with the real CLI and MkDocs."""

from __future__ import annotations

import copy
import gzip
import io
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from PIL import Image

from guongsang.cli import main

ROOT = Path(__import__("os").environ.get("GS_ROOT") or Path(__file__).resolve().parent.parent)

MKDOCS_YML = """\
site_name: Gương sáng Thử nghiệm
site_url: https://guongsang.example.gov.vn/
docs_dir: content
theme:
  name: material
  language: vi
plugins:
  - guongsang:
      owner: UBND huyện Thử Nghiệm
      localities:
        - Xã An Bình
        - Xã Đông Hòa
        - Thị trấn Đà Nẵng Mới
"""
# Booklets, posters and slides cost a few seconds of WeasyPrint per build: the sites of other
# tests leave them off, tests/test_print.py and the demo's build turn them on.
PRINT_OFF = """\
      print:
        booklets: false
        posters: false
        slides: false
"""

CAMPAIGN = {
    "title": "Cả nước chung sức xây dựng nông thôn mới",
    "short_title": "Nông thôn mới",
    "lead": "UBND huyện Thử Nghiệm",
    "period": {"start": 2021, "end": 2025},
    "targets": {"collective": 2, "individual": 3, "household": 1},
    "hashtags": ["NongThonMoi"],
}

PERSON = {
    "id": "nguyen-van-an",
    "title": "Nguyễn Văn An",
    "kind": "individual",
    "summary": "Nông dân sản xuất giỏi, hiến đất mở rộng đường giao thông nông thôn.",
    "field": "agriculture",
    "campaigns": ["nong-thon-moi"],
    "locality": "Xã An Bình",
    "year": 2023,
    "published": "2024-01-15",
    "status": "published",
    "person": {"birth_year": 1968, "hometown": "Xã An Bình", "position": "Trưởng thôn"},
    "consent": {"date": "2024-01-02", "by": "Nguyễn Văn An",
                "scope": ["name", "story", "birth_year", "hometown"]},
    "awards": [{"title": "Chiến sĩ thi đua cơ sở", "level": "district",
                "decision": "Quyết định số 12/QĐ-UBND", "date": "2023-05-10"}],
}

COLLECTIVE = {
    "id": "htx-an-binh",
    "title": "Hợp tác xã Nông nghiệp An Bình",
    "kind": "collective",
    "summary": "Hợp tác xã liên kết sản xuất lúa chất lượng cao với 320 hộ thành viên.",
    "field": "agriculture",
    "campaigns": ["nong-thon-moi"],
    "locality": "Xã Đông Hòa",
    "year": 2022,
    "published": "2022-09-05",
    "status": "published",
}

BODY = "## Sơ lược lý lịch\n\nLàm nông nghiệp từ năm 1990.\n\n## Thành tích tiêu biểu\n\n" \
       "Năm 2023 thu nhập đạt 350 triệu đồng.\n"


def dump_front(data: dict, body: str = BODY) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for i, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in text")


def make_jpeg(path: Path, size=(800, 600), color=(40, 120, 60), exif: bytes | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif else {}
    im.save(path, "JPEG", quality=80, **kwargs)
    return path


def mp3(seconds: float) -> bytes:
    """Real MPEG-1 Layer III frames (32 kbps, 44.1 kHz, mono), silent: 26.1 ms each."""
    frame = b"\xff\xfb\x10\xc4" + b"\x00" * 100
    return frame * round(seconds * 44100 / 1152)


class SiteDir:
    def __init__(self, root: Path, prints: bool = False) -> None:
        self.root = root
        self.content = root / "content"
        root.mkdir(parents=True, exist_ok=True)
        (root / "mkdocs.yml").write_text(MKDOCS_YML + ("" if prints else PRINT_OFF), "utf-8")
        for sub in ("exemplars", "campaigns", "media", "pages"):
            (self.content / sub).mkdir(parents=True, exist_ok=True)
        self.campaign("nong-thon-moi", CAMPAIGN)

    def person(self, **changes) -> dict:
        data = copy.deepcopy(PERSON)
        data.update(changes)
        return data

    def collective(self, **changes) -> dict:
        data = copy.deepcopy(COLLECTIVE)
        data.update(changes)
        return data

    def exemplar(self, slug: str, data: dict | str, body: str = BODY) -> Path:
        path = self.content / "exemplars" / f"{slug}.md"
        text = data if isinstance(data, str) else dump_front(data, body)
        path.write_text(text, "utf-8")
        return path

    def campaign(self, slug: str, data: dict, body: str = "Mục đích của phong trào.\n") -> Path:
        path = self.content / "campaigns" / f"{slug}.md"
        path.write_text(dump_front(data, body), "utf-8")
        return path

    def run(self, *args: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*args, "-f", str(self.root / "mkdocs.yml")])
        return code, out.getvalue() + err.getvalue()

    def validate(self) -> tuple[int, str]:
        return self.run("validate")

    def touch(self) -> None:
        """Change an input without changing the site, so that the next `build` builds from
        its caches instead of keeping the published site as it is."""
        path = self.content / "campaigns" / "nong-thon-moi.md"
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))

    def build(self) -> tuple[int, str, Path]:
        site_dir = self.root / "site"
        code, out = self.run("build", "-d", str(site_dir))
        return code, out, site_dir


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    return SiteDir(tmp_path / "site-src")


def all_text(folder: Path) -> str:
    """Every byte of every output file, decoded loosely, for leak searches."""
    chunks = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzipped
                data = gzip.decompress(data)
            chunks.append(path.as_posix())
            chunks.append(data.decode("utf-8", "replace"))
    return "\n".join(chunks)


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)
