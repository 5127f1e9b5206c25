"""`guongsang new exemplar|campaign`: a new file from the layout of an achievement report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml
from slugify import slugify

from .config import read_site
from .schema import DEFAULT_FIELDS, KINDS

SECTIONS = {
    "individual": ("Sơ lược lý lịch", "Thành tích tiêu biểu xuất sắc", "Quá trình khen thưởng"),
    "household": ("Sơ lược lý lịch", "Thành tích tiêu biểu xuất sắc", "Quá trình khen thưởng"),
    "collective": ("Đặc điểm tình hình", "Thành tích tiêu biểu xuất sắc",
                   "Quá trình khen thưởng"),
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=("exemplar", "campaign"), help="exemplar hoặc campaign")
    p.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    p.add_argument("--title", help="tên: họ tên, tên tập thể, “Hộ ông …” hoặc tên phong trào")
    p.add_argument("--kind", choices=tuple(KINDS), help="individual | collective | household")
    p.add_argument("--field", help="lĩnh vực (khóa, ví dụ agriculture)")
    p.add_argument("--locality", help="địa bàn")
    p.add_argument("--campaign", action="append", default=[], help="mã phong trào (lặp lại được)")
    p.add_argument("--slug", help="tên tệp (mặc định: từ tên, bỏ dấu)")


def _ask(label: str, current: str | None) -> str:
    if current:
        return current
    if not sys.stdin.isatty():
        return ""
    return input(f"{label}: ").strip()


def run(args: argparse.Namespace) -> int:
    site = read_site(args.config_file)
    title = _ask("Tên", args.title)
    if not title:
        print("LỖI: cần --title (tên hồ sơ hoặc phong trào).", file=sys.stderr)
        return 1
    folder = site.docs_dir / ("exemplars" if args.what == "exemplar" else "campaigns")
    base = args.slug or slugify(title) or "ho-so-moi"
    slug, n = base, 2
    taken = {p.stem for p in folder.rglob("*.md")} if folder.is_dir() else set()
    ids = set(taken)
    while slug in taken or slug in ids:
        slug, n = f"{base}-{n}", n + 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    if args.what == "campaign":
        text = _campaign(title)
    else:
        kind = _ask("Loại (individual/collective/household)", args.kind) or "individual"
        if kind not in KINDS:
            print(f"LỖI: loại “{kind}” không hợp lệ.", file=sys.stderr)
            return 1
        text = _exemplar(slug, title, kind, args)
    path.write_text(text, "utf-8")
    shown = path.relative_to(site.site_root) if path.is_relative_to(site.site_root) else path
    print(f"Đã tạo {shown} — điền các chỗ “…” rồi chạy: guongsang validate")
    return 0


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _exemplar(slug: str, title: str, kind: str, args: argparse.Namespace) -> str:
    today = dt.date.today()
    data: dict = {
        "id": slug, "title": title, "kind": kind,
        "summary": "… (một hai câu, 20–300 ký tự, nêu thành tích chính)",
        "field": args.field or next(iter(DEFAULT_FIELDS)),
        "campaigns": args.campaign, "locality": args.locality or "…",
        "year": today.year, "status": "draft",
    }
    if kind != "collective":
        data["person"] = {"position": "…"}
        data["consent"] = {"date": today, "by": "…", "scope": ["name", "story"]}
    sections = "\n\n".join(f"## {s}\n\n…" for s in SECTIONS[kind])
    return f"---\n{_dump(data)}---\n\n{sections}\n"


def _campaign(title: str) -> str:
    year = dt.date.today().year
    data = {"title": title, "lead": "…", "period": {"start": year, "end": year + 4},
            "targets": {"collective": 0, "individual": 0, "household": 0}, "status": "active"}
    return (f"---\n{_dump(data)}---\n\n## Mục đích, yêu cầu\n\n…\n\n"
            "## Tiêu chí lựa chọn điển hình\n\n…\n")
