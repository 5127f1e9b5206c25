"""The editors' web form at /admin/: Decap CMS, served from the site itself, its collections
made from `schema.py` so the form asks exactly what `guongsang validate` checks.

Decap comes from the npm package `decap-cms` installed beside mkdocs.yml (`npm ci`, run by
scripts/setup.sh); without it the site is built without /admin/. On localhost the form writes
through Decap's local backend (`decap-server`, started by `guongsang serve --admin`) straight
into content/; on the real site it commits to the git host configured under `admin.backend`.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .model import Settings
from .newfile import SECTIONS
from .schema import (
    AWARD_LEVELS,
    CAMPAIGN_KEYS,
    EXEMPLAR_KEYS,
    KINDS,
    STATUSES,
    Key,
    choice_labels,
)

DIST = Path("decap-cms") / "dist"
SERVER = Path("decap-server") / "dist" / "index.js"
MODULES_ENV = "GUONGSANG_NODE_MODULES"  # another node_modules holding both packages
ASSETS = Path(__file__).parent / "admin_assets"
LOCAL_PORT = 8081  # decap-server's default
PORT_ENV = "GUONGSANG_ADMIN_PORT"  # set by `guongsang serve --admin` when 8081 is taken
DEFAULT_BACKEND = {"name": "git-gateway", "branch": "main"}
# A new profile starts as a draft: nothing an editor saves is published by accident.
DEFAULTS = {("status",): "draft", ("campaign", "status"): "active"}
# Files a leaf key points at: picked from content/media/ with Decap's media library.
MEDIA = {("photo", "src"): ("image", "exemplars"), ("audio", "src"): ("file", "audio")}


def node_modules(site_root: Path) -> Path:
    return Path(os.environ.get(MODULES_ENV) or site_root / "node_modules")


def decap_dist(site_root: Path) -> Path | None:
    """Decap's built files, from the node_modules beside mkdocs.yml."""
    folder = node_modules(site_root) / DIST
    return folder if (folder / "decap-cms.js").is_file() else None


def local_port() -> int:
    value = os.environ.get(PORT_ENV, "")
    return int(value) if value.isdigit() else LOCAL_PORT


def start_server(site_root: Path, port: int) -> subprocess.Popen | None:
    """Decap's local backend (decap-server, file-system mode): the form on localhost reads
    and writes the files of this work tree. None when Node.js or the package is missing."""
    server = node_modules(site_root) / SERVER
    node = shutil.which("node")
    if node is None or not server.is_file():
        return None
    # Loopback only: anyone who can reach it can write into content/.
    env = dict(os.environ, PORT=str(port), MODE="fs", LOG_LEVEL="warn", BIND_HOST="127.0.0.1",
               GIT_REPO_DIRECTORY=str(repo_root(site_root.resolve())))
    return subprocess.Popen([node, str(server)], env=env, cwd=site_root)


def repo_root(site_root: Path) -> Path:
    """The git work tree holding the site: Decap's paths are relative to it."""
    for folder in (site_root, *site_root.parents):
        if (folder / ".git").exists():
            return folder
    return site_root


def _field(key: Key, choices: dict[str, dict[str, str]], path: tuple[str, ...],
           content: str, optional_parent: bool = False) -> dict:
    out: dict[str, Any] = {"name": key.name, "label": key.label or key.name}
    if key.help:
        out["hint"] = key.help
    # Decap checks the required keys of an optional group even when the group is left
    # empty; `guongsang validate` checks them when the group is filled in.
    out["required"] = key.required is True and not optional_parent
    options = (choices.get(key.choices, {}) if isinstance(key.choices, str)
               else choice_labels(key.choices) if key.choices else {})
    item = key.item
    if path in MEDIA:
        widget, sub = MEDIA[path]
        out.update(widget=widget, choose_url=False, media_folder=f"/{content}/media/{sub}",
                   public_folder=f"media/{sub}")
    elif options:
        out.update(widget="select", options=_options(options))
    elif key.type == "list" and item is not None and (item.choices or item.type == "map"):
        if item.type == "map":
            out.update(widget="list", collapsed=True, summary="{{fields.title}}",
                       fields=[_field(k, choices, (*path, k.name), content) for k in item.keys])
        else:
            labels = (choices.get(item.choices, {}) if isinstance(item.choices, str)
                      else choice_labels(item.choices))
            out.update(widget="select", multiple=True, options=_options(labels))
    elif key.type == "list":
        out.update(widget="list")  # a comma-separated line of words
    elif key.type == "map":
        optional = optional_parent or key.required is not True
        out.update(widget="object", collapsed=optional,
                   fields=[_field(k, choices, (*path, k.name), content, optional)
                           for k in key.keys])
    elif key.type == "int":
        out.update(widget="number", value_type="int")
        if key.minimum is not None:
            out["min"] = key.minimum
        if key.maximum is not None:
            out["max"] = key.maximum
    elif key.type == "bool":
        out["widget"] = "boolean"  # no default: an untouched group must stay absent
    elif key.type == "date":
        out.update(widget="datetime", format="YYYY-MM-DD", date_format="DD/MM/YYYY",
                   time_format=False, picker_utc=True)
    else:
        out["widget"] = "text" if key.type == "text" else "string"
    if out["widget"] in ("string", "text"):
        if key.pattern:
            out["pattern"] = [key.pattern, f"Không đúng dạng. {key.help}".strip()]
        elif key.min_len or key.max_len:  # Decap's text widgets have no length limits
            low, high = key.min_len or 0, key.max_len or ""
            out["pattern"] = [f"^[\\s\\S]{{{low},{high}}}$",
                              f"Cần từ {low} đến {high} ký tự." if high else
                              f"Cần ít nhất {low} ký tự."]
    if path in DEFAULTS:
        out["default"] = DEFAULTS[path]
    return out


def _options(labels: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": label if label == value else f"{label} ({value})", "value": value}
            for value, label in labels.items()]


def collections(choices: dict[str, dict[str, str]], content: str) -> list[dict]:
    """The two collections, in the order and with the labels of the schema."""
    body = "\n\n".join(f"## {s}\n\n…" for s in SECTIONS["individual"])
    exemplars = {
        "name": "exemplars", "label": "Hồ sơ gương điển hình", "label_singular": "hồ sơ",
        "description": "Mỗi hồ sơ là một tệp content/exemplars/<mã>.md. Hồ sơ mới ở trạng thái "
                       "bản nháp; nút “Lưu” chỉ lưu tệp, hồ sơ lên trang khi Trạng thái là "
                       "“Công bố”. Hướng dẫn biên tập: /huong-dan-bien-tap/",
        "folder": f"{content}/exemplars", "extension": "md", "format": "frontmatter",
        "create": True, "slug": "{{fields.id}}", "identifier_field": "title",
        "summary": "{{title}} · {{locality}} · {{status}}",
        "sortable_fields": ["title", "year", "published"],
        "view_groups": [{"label": "Trạng thái", "field": "status"}],
        "fields": [_field(k, choices, (k.name,), content) for k in EXEMPLAR_KEYS] + [{
            "name": "body", "label": "Câu chuyện", "widget": "markdown", "default": body,
            "hint": "Theo báo cáo thành tích: cá nhân, hộ gia đình — Sơ lược lý lịch; Thành "
                    "tích tiêu biểu xuất sắc; Quá trình khen thưởng. Tập thể — Đặc điểm tình "
                    "hình thay cho Sơ lược lý lịch. Không ghi số điện thoại, số định danh."}],
    }
    campaigns = {
        "name": "campaigns", "label": "Phong trào thi đua", "label_singular": "phong trào",
        "folder": f"{content}/campaigns", "extension": "md", "format": "frontmatter",
        "create": True, "slug": "{{slug}}", "identifier_field": "short_title",
        "summary": "{{title}} ({{period.start}}–{{period.end}})",
        "fields": [_field(k, choices, ("campaign", "status") if k.name == "status"
                          else (k.name,), content) for k in CAMPAIGN_KEYS] + [{
            "name": "body", "label": "Nội dung", "widget": "markdown", "required": False}],
    }
    return [exemplars, campaigns]


def config(settings: Settings, choices: dict[str, dict[str, str]], content: str,
           port: int = LOCAL_PORT) -> dict:
    """Decap's config.yml. `content` is the content folder relative to the git work tree."""
    backend = dict(settings.admin.get("backend") or DEFAULT_BACKEND)
    return {
        "backend": backend,
        # Used only when the form is opened on localhost: the proxy of `serve --admin`.
        "local_backend": {"url": f"http://127.0.0.1:{port}/api/v1"},
        "locale": "vi",
        "site_url": settings.site_url, "display_url": settings.site_url,
        "media_folder": f"{content}/media", "public_folder": "media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(choices, content),
    }


def labels(settings: Settings) -> dict[str, dict[str, str]]:
    """Vietnamese names of the values, for the form's preview pane."""
    return {"kinds": KINDS, "statuses": STATUSES, "levels": AWARD_LEVELS,
            "fields": dict(settings.fields)}


def page(settings: Settings) -> str:
    title = html.escape(f"Biên tập — {settings.site_name}")
    # Inside <script>: "</" must not end the element early.
    names = json.dumps(labels(settings), ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{title}</title>\n"
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        '<link rel="icon" href="../assets/images/favicon.png">\n'
        "<script>window.CMS_MANUAL_INIT = true;</script>\n"
        f'<script id="gs-labels" type="application/json">{names}</script>\n'
        "</head>\n<body>\n"
        "<noscript>Trang biên tập cần bật JavaScript. Cũng có thể sửa trực tiếp tệp "
        "content/exemplars/*.md theo hướng dẫn biên tập.</noscript>\n"
        '<script src="decap-cms.js"></script>\n'
        '<script src="guongsang-admin.js"></script>\n</body>\n</html>\n')


def files(dist: Path) -> Iterator[tuple[str, Path]]:
    """(name under admin/, source) of Decap's runtime: its bundle, lazily loaded chunks,
    WebAssembly and licence — not the source maps nor the duplicate cms.js build."""
    for path in sorted(dist.iterdir()):
        name = path.name
        wanted = name.startswith("decap-cms.js") or name.endswith((".decap-cms.js", ".wasm"))
        if path.is_file() and wanted and not name.endswith(".map"):
            yield name, path


def write(site_dir: Path, settings: Settings, choices: dict[str, dict[str, str]],
          site_root: Path, docs_dir: Path, dist: Path) -> int:
    """Write /admin/; returns the bytes written."""
    out = site_dir / "admin"
    out.mkdir(parents=True, exist_ok=True)
    root = repo_root(site_root.resolve())
    docs = docs_dir.resolve()
    content = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.name
    data = {"index.html": page(settings).encode(),
            "guongsang-admin.js": (ASSETS / "guongsang-admin.js").read_bytes(),
            "config.yml": yaml.safe_dump(config(settings, choices, content, local_port()),
                                         allow_unicode=True, sort_keys=False).encode()}
    total = 0
    for name, blob in data.items():
        (out / name).write_bytes(blob)
        total += len(blob)
    for name, path in files(dist):
        blob = path.read_bytes()
        (out / name).write_bytes(blob)
        total += len(blob)
    return total
