"""`guongsang` command line: a thin adapter over the same pipeline as the MkDocs plugin."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import newfile, reuse, timing, uptodate
from .collect import collect_less
from .config import read_site
from .validate import load_content, preload


def _config_path(value: str) -> Path:
    return Path(value)


def cmd_validate(args: argparse.Namespace) -> int:
    site_in = read_site(args.config_file)
    if site_in.error is not None:
        print(f"{args.config_file}:{site_in.error.line}: LỖI {site_in.error.message}")
        return 1
    content = load_content(site_in.site_root, site_in.docs_dir, site_in.options,
                           site_in.site_url, site_in.site_name,
                           config_file=args.config_file.name, options_line=site_in.options_line)
    problems = content.problems
    if args.changed:
        changed = _changed_files(site_in.site_root, args.changed)
        if changed is None:
            print(f"LỖI: không so được với “{args.changed}” (git chưa có hoặc sai tên nhánh).",
                  file=sys.stderr)
            return 2
        # Everything is still read (ids, campaigns and aliases are checked across files);
        # only the changed files' problems are reported.
        problems = problems.only(changed)
    if args.format == "json":
        print(problems.to_json())
    elif args.format == "github":
        if problems:
            print(problems.to_github())
    else:
        if problems:
            print(problems.report())
        n = len(content.exemplars)
        if not problems.errors:
            print(f"Hợp lệ: {n} hồ sơ, {len(content.campaigns)} phong trào.")
    return 1 if problems.errors else 0


def _changed_files(root: Path, ref: str) -> set[str] | None:
    """Files changed since `ref` (committed, staged or not), relative to the site root."""
    import subprocess

    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, check=True,
                             capture_output=True, text=True).stdout.strip()
        names = set()
        for cmd in (["git", "diff", "--name-only", ref, "--"],
                    ["git", "ls-files", "--others", "--exclude-standard"]):
            out = subprocess.run(cmd, cwd=top, check=True, capture_output=True, text=True)
            names |= {n for n in out.stdout.splitlines() if n}
    except (OSError, subprocess.CalledProcessError):
        return None
    out_names = set()
    for name in names:
        try:
            out_names.add((Path(top) / name).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return out_names


def _checked_site(args: argparse.Namespace, advice: str = ""):
    """The validated site for commands that read it (no radio scripts needed), or None after
    printing its errors."""
    from .site import Site

    site_in = read_site(args.config_file)
    content = load_content(site_in.site_root, site_in.docs_dir, site_in.options,
                           site_in.site_url, site_in.site_name,
                           config_file=args.config_file.name, options_line=site_in.options_line,
                           radio_scripts="skip")
    if content.problems.errors:
        print(content.problems.report(), file=sys.stderr)
        if advice:
            print(advice, file=sys.stderr)
        return None
    return Site(content.settings, content.exemplars, content.campaigns)


def cmd_report(args: argparse.Namespace) -> int:
    """The statistics tables, for pasting into the yearly written report."""
    from . import stats

    site = _checked_site(args)
    if site is None:
        return 1
    if args.format == "csv":
        text = stats.year_field_csv(site, args.year)
        if args.progress:
            text = stats.progress_csv(site)
    else:
        scope = f"năm {args.year}" if args.year else "các năm"
        text = (f"**Số gương điển hình tiên tiến được công bố, {scope}** "
                f"({site.settings.owner})\n\n{stats.year_field_markdown(site, args.year)}\n")
        if args.progress or not args.year:
            text += f"\n**Tiến độ các phong trào thi đua**\n\n{stats.progress_markdown(site)}\n"
    if args.output:
        Path(args.output).write_text(text, "utf-8", newline="")
        print(f"Đã ghi {args.output}")
    else:
        sys.stdout.write(text.removeprefix("\ufeff"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The official achievement report of one public profile, or a selection's bundle."""
    from .report import ExportError, export

    site = _checked_site(args, "Sửa các lỗi trên rồi xuất lại.")
    if site is None:
        return 1
    try:
        name, data = export(site, args.report, args.selection, args.format)
    except ExportError as exc:
        print(f"LỖI: {exc}", file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else Path(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        print(f"LỖI: không ghi được {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Đã ghi {target} ({len(data):,} byte)".replace(",", "."))
    return 0


def _mkdocs_config(args: argparse.Namespace, **overrides):
    from mkdocs.config import load_config

    return load_config(config_file=str(args.config_file), **overrides)


def cmd_build(args: argparse.Namespace) -> int:
    """A checked `mkdocs build` that replaces the output only when everything succeeded."""
    from mkdocs.exceptions import Abort, ConfigurationError

    _quiet_mkdocs(args.verbose)
    try:
        config = _mkdocs_config(args)
    except (ConfigurationError, Abort) as exc:
        print(f"LỖI cấu hình {args.config_file}: {exc}", file=sys.stderr)
        return 1
    timing.reset()
    started = time.perf_counter()
    with timing.phase("unchanged_check"):  # before anything is read: see `uptodate`
        files = uptodate.files_digest(config, Path(config.config_file_path).parent.resolve())
    site_in = read_site(args.config_file)
    with timing.phase("validate"):
        content = load_content(site_in.site_root, site_in.docs_dir, site_in.options,
                               site_in.site_url, site_in.site_name,
                               config_file=args.config_file.name,
                               options_line=site_in.options_line, radio_scripts="skip",
                               later=True)
    try:
        return _build_checked(args, config, content, files, started)
    finally:
        content.finish()  # the build's plugin has done it, unless the build stopped early


def _build_checked(args: argparse.Namespace, config, content, files: str,
                   started: float) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    if content.problems:
        print(content.problems.report(), file=sys.stderr)
    if content.problems.errors:
        print("Không xuất bản: trang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return 1
    final = Path(args.site_dir or config.site_dir).resolve()
    site_root = Path(config.config_file_path).parent.resolve()
    with timing.phase("unchanged_check"):
        inputs = uptodate.inputs_digest(files, content)
        kept = uptodate.unchanged(site_root, final, inputs)
    if kept is not None:
        uptodate.replay(kept)
        print("Không có gì thay đổi kể từ lần dựng trước (nội dung, giao diện, cấu hình, "
              f"phần mềm): giữ nguyên trang đã xuất bản ở {final}")
        if args.timings:
            _write_timings(args.timings, time.perf_counter() - started, {})
        return 0
    preload(Path(config.docs_dir), content)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    config.site_dir = str(tmp)
    errors = _Messages(logging.ERROR)  # MkDocs logs a plugin's error, then raises "Aborted"
    warnings = _Messages(logging.WARNING)  # shown again by a next build that keeps this site
    logging.getLogger("mkdocs").addHandler(errors)
    logging.getLogger("mkdocs").addHandler(warnings)
    reuse.use(final)  # unchanged pages and feeds are linked from it
    try:
        build(config)
    except PluginError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        print(str(exc), file=sys.stderr)
        print("Không xuất bản: trang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return 1
    except (ConfigurationError, Abort) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        print("\n".join(errors.messages) or f"LỖI: {exc}", file=sys.stderr)
        print("Không xuất bản: trang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        reuse.use(None)
        logging.getLogger("mkdocs").removeHandler(errors)
        logging.getLogger("mkdocs").removeHandler(warnings)
    _swap(tmp, final)
    uptodate.record(site_root, final, inputs, warnings.messages)
    plugin = config.plugins.get("guongsang")
    if getattr(plugin, "image_report", ""):
        print(plugin.image_report)
    print(f"Đã xuất bản vào {final}")
    if args.timings:
        _write_timings(args.timings, time.perf_counter() - started,
                       getattr(plugin, "image_counts", {}))
    return 0


def _write_timings(path: Path, total: float, counts: dict[str, list[int]]) -> None:
    """Seconds per phase (photos and share images apart from the rest) and image counts."""
    import json

    data = {"total": round(total, 3),
            "phases": {k: round(v, 3) for k, v in timing.PHASES.items()},
            "images": {"photos": counts.get("Ảnh", [0, 0]),
                       "share_images": counts.get("Ảnh chia sẻ", [0, 0])}}
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")


class _Messages(logging.Handler):
    """The messages logged at `level` or above while it is attached."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap(new: Path, final: Path) -> None:
    """Replace `final` by `new` with renames, so readers never see half a site."""
    os.chmod(new, 0o755)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-old-{os.getpid()}")
        final.rename(old)
    new.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _quiet_mkdocs(verbose: bool) -> None:
    logging.basicConfig(format="%(levelname)s - %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("mkdocs.plugins.guongsang").setLevel(logging.INFO)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    _quiet_mkdocs(args.verbose)
    logging.getLogger("mkdocs.commands.serve").setLevel(logging.INFO)
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    from .plugin import PREVIEW_ENV

    if args.drafts:
        os.environ[PREVIEW_ENV] = "1"  # read by the plugin, which honours it only in serve
    else:
        os.environ.pop(PREVIEW_ENV, None)
    proxy = _start_admin(args) if args.admin else None
    if args.admin and proxy is None:
        return 1
    _stop_on_sigterm()
    try:
        serve(config_file=str(args.config_file), dev_addr=args.dev_addr, livereload=True)
    except (PluginError, ConfigurationError, Abort) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
    return 0


def _stop_on_sigterm() -> None:
    """A plain `kill` stops the preview as Ctrl+C does, so MkDocs deletes its temporary site
    (a folder of the whole site in /tmp per preview otherwise) and the form's backend is
    stopped. Processes forked by a build die of it as before."""
    main = os.getpid()

    def stop(signum: int, frame) -> None:
        if os.getpid() != main:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)


def _start_admin(args: argparse.Namespace):
    """Decap's local backend beside the preview, so /admin/ edits the files on this disk."""
    import socket

    from . import admin

    root = Path(args.config_file).resolve().parent
    with socket.socket() as s:  # the default port when free, else any free one
        port = admin.LOCAL_PORT if s.connect_ex(("127.0.0.1", admin.LOCAL_PORT)) else 0
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    proxy = admin.start_server(root, port) if admin.decap_dist(root) else None
    if proxy is None:
        print("Chưa cài Decap CMS (cần Node.js): chạy bash scripts/setup.sh, hoặc npm ci "
              "cạnh mkdocs.yml.", file=sys.stderr)
        return None
    os.environ[admin.PORT_ENV] = str(port)
    host = args.dev_addr.split(":")[0]
    print(f"Biểu mẫu biên tập: http://{host}:{args.dev_addr.rsplit(':', 1)[-1]}/admin/ "
          f"(ghi thẳng vào content/ trên máy này)", file=sys.stderr)
    return proxy


def schema_choices(site_in) -> dict[str, list[str]]:
    """The site's own lists for the JSON Schema: field keys, campaign slugs, localities."""
    from .config import site_choices

    return {name: list(values) for name, values in site_choices(site_in).items()}


def cmd_schema(args: argparse.Namespace) -> int:
    """JSON Schema of the front matter, for editors' tools (VS Code YAML, Front Matter CMS)."""
    from . import json_schema

    site_in = read_site(args.config_file)
    choices = schema_choices(site_in)
    if args.write:
        for path in json_schema.write(site_in.site_root / "schemas", choices):
            print(f"Đã ghi {path.relative_to(site_in.site_root)}")
        return 0
    print(json_schema.files(choices)[f"{args.kind}.schema.json"], end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="guongsang", description="Gương sáng: xuất bản gương điển hình tiên tiến.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    def with_config(p: argparse.ArgumentParser) -> None:
        p.add_argument("-f", "--config-file", type=_config_path, default=Path("mkdocs.yml"),
                       help="tệp cấu hình (mặc định: mkdocs.yml)")

    p = sub.add_parser("validate", help="kiểm tra toàn bộ nội dung, báo mọi lỗi cùng lúc")
    with_config(p)
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="github: chú thích ngay trên dòng lỗi trong pull request")
    p.add_argument("--changed", metavar="REF",
                   help="chỉ báo lỗi của tệp đã đổi so với REF của git (ví dụ origin/main)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="kiểm tra rồi xuất bản trang tĩnh")
    with_config(p)
    p.add_argument("-d", "--site-dir", help="thư mục xuất bản (mặc định: site/)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--timings", type=Path, metavar="FILE",
                   help="ghi thời gian từng bước (JSON), tách riêng phần xử lý ảnh")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="xem trước trên máy (tự cập nhật khi sửa)")
    with_config(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng")
    p.add_argument("--drafts", action="store_true",
                   help="hiện cả bản nháp, chờ duyệt, hẹn giờ (có nhãn BẢN NHÁP); chỉ xem trên máy")
    p.add_argument("--admin", action="store_true",
                   help="mở kèm biểu mẫu biên tập /admin/ ghi thẳng vào content/ (cần Node.js)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("report", help="in bảng thống kê (CSV hoặc Markdown) cho báo cáo năm")
    with_config(p)
    p.add_argument("--year", type=int, help="chỉ một năm được công nhận")
    p.add_argument("--format", choices=("csv", "md"), default="md")
    p.add_argument("--progress", action="store_true", help="bảng tiến độ phong trào")
    p.add_argument("-o", "--output", help="ghi ra tệp (CSV có BOM để Excel đọc đúng tiếng Việt)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export", help="xuất báo cáo thành tích (DOCX/PDF) của hồ sơ đã công bố")
    with_config(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--report", metavar="MÃ", help="một hồ sơ: tên tệp (không .md) hoặc id")
    which.add_argument("--selection", metavar="CHỌN",
                       help="nhiều hồ sơ trong một tệp: quý Q3-2025, năm 2025 (theo ngày công "
                            "bố) hoặc mã phong trào")
    p.add_argument("--format", choices=("docx", "pdf"), default="docx")
    p.add_argument("-o", "--output", help="tệp ghi ra (mặc định: bao-cao-thanh-tich-<mã>.<đuôi>)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="JSON Schema của phần đầu tệp, cho trình soạn thảo")
    with_config(p)
    p.add_argument("kind", nargs="?", choices=("exemplar", "campaign"), default="exemplar")
    p.add_argument("--write", action="store_true", help="ghi schemas/*.schema.json")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="tạo hồ sơ hoặc phong trào mới từ mẫu")
    newfile.add_arguments(p)
    p.set_defaults(func=newfile.run)

    args = parser.parse_args(argv)
    collect_less()
    if getattr(args, "config_file", None) is not None and not args.config_file.is_file():
        print(f"LỖI: không tìm thấy {args.config_file}. Chạy lệnh trong thư mục có mkdocs.yml "
              "hoặc dùng -f đường/dẫn/mkdocs.yml.", file=sys.stderr)
        return 1
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
