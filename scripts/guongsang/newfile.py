"""`guongsang new exemplar|campaign`: a new file from the layout of an achievement report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml
from slugify import slugify

from .config import read_site, site_choices
from .problems import suggest
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
    p.add_argument("-i", "--interactive", action="store_true",
                   help="hỏi từng mục còn thiếu (mặc định khi chạy trong cửa sổ lệnh)")


class Stop(Exception):
    """A value that cannot be used; the message says which and what to write instead."""


def _ask(label: str, current: str | None, interactive: bool) -> str:
    if current:
        return current
    if not interactive:
        return ""
    return input(f"{label}: ").strip()


def _choose(label: str, current: str | None, choices: dict[str, str], interactive: bool,
            default: str = "") -> str:
    """One key of `choices`: given on the command line, or picked by number or key."""
    if current:
        if current not in choices:
            raise Stop(f"{label} “{current}” không có. " + suggest(current, choices, label.lower()))
        return current
    if not interactive or not choices:
        return default
    keys = list(choices)
    print(f"{label}:")
    for n, key in enumerate(keys, start=1):
        print(f"  {n}. {key} — {choices[key]}" if choices[key] != key else f"  {n}. {key}")
    while True:
        answer = input(f"Chọn số hoặc mã{f' (Enter: {default})' if default else ''}: ").strip()
        if not answer and default:
            return default
        if answer.isdigit() and 1 <= int(answer) <= len(keys):
            return keys[int(answer) - 1]
        if answer in choices:
            return answer
        print("  Không có lựa chọn đó, hãy chọn lại.")


def _existing_ids(folder: Path) -> set[str]:
    """Ids, old addresses and file names already used: a new profile must take none of them."""
    used: set[str] = set()
    for path in folder.rglob("*.md") if folder.is_dir() else ():
        used.add(path.stem)
        text = path.read_text("utf-8", errors="replace")
        if not text.startswith("---"):
            continue
        try:
            data = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            used.add(str(data.get("id", "")))
            used.update(str(a) for a in data.get("aliases") or () if isinstance(a, str))
    return used


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except Stop as exc:
        print(f"LỖI: {exc}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nĐã dừng, chưa tạo tệp nào.", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    site = read_site(args.config_file)
    interactive = args.interactive or sys.stdin.isatty()
    title = _ask("Tên", args.title, interactive)
    if not title:
        print("LỖI: cần --title (tên hồ sơ hoặc phong trào).", file=sys.stderr)
        return 1
    folder = site.docs_dir / ("exemplars" if args.what == "exemplar" else "campaigns")
    base = args.slug or slugify(title) or "ho-so-moi"
    slug, n = base, 2
    taken = _existing_ids(folder)
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    if args.what == "campaign":
        text = _campaign(title)
    else:
        choices = site_choices(site)
        fields, campaigns = choices["fields"], choices["campaigns"]
        localities = choices.get("localities", {})
        kind = _choose("Loại", args.kind, KINDS, interactive, "individual")
        args.field = _choose("Lĩnh vực", args.field, fields, interactive, next(iter(fields)))
        picked = [_choose("Phong trào", c, campaigns, False) for c in args.campaign]
        if not picked and interactive and campaigns:
            picked = [_choose("Phong trào", None, campaigns, True)]
        args.campaign = picked
        if localities:
            args.locality = _choose("Địa bàn", args.locality, localities, interactive)
        else:
            args.locality = _ask("Địa bàn (xã, phường, thị trấn)", args.locality, interactive)
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
