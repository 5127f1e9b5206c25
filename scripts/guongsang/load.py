"""Files → raw records with line numbers.

Reads UTF-8 Markdown with YAML front matter. The YAML is parsed by our own walk over
PyYAML's safe node graph so that every key keeps its line, duplicate keys are errors
(PyYAML would silently keep the last), aliases are refused (no "billion laughs"), and
tags never construct Python objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .text import clean_text, detect_legacy_encoding

MAX_FILE_BYTES = 1_000_000  # a profile is a few KB; anything this large is a mistake


class LDict(dict):
    """A mapping that remembers the file line of each key (and its own)."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


@dataclass(frozen=True)
class BadValue:
    """A scalar YAML could read but not convert (e.g. `2023-02-30`)."""

    text: str
    reason: str


# libyaml (C) composes the node tree ten times faster than pure Python; both keep line marks.
# Aliases are refused while the tree is converted: libyaml hands back the anchored node
# itself, so a node met twice is an alias (and a "billion laughs" file stops at the first).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIAS = "dùng bí danh YAML (*tên) — không được phép"
_ALIAS_HINT = "Viết lại giá trị đầy đủ thay cho *tên."


_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


class YamlError(Exception):
    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _convert(node: yaml.Node, loader: Any, offset: int, tolerant: bool = False,
             seen: set[int] | None = None, at: int | None = None) -> Any:
    """Node tree → LDict/LList/values. `at` is the line that refers to `node` (for aliases)."""
    line = node.start_mark.line + offset
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise YamlError(at if at is not None else line, _ALIAS, _ALIAS_HINT)
    seen.add(id(node))
    if node.tag not in _SAFE_TAGS and tolerant:
        return f"{node.tag} {node.value}" if isinstance(node, yaml.ScalarNode) else None
    if node.tag not in _SAFE_TAGS:
        raise YamlError(line, f"thẻ YAML “{node.tag}” không được phép",
                        "Bỏ thẻ bắt đầu bằng ! hoặc !!; chỉ ghi giá trị thường.")
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + offset
            key = _convert(key_node, loader, offset, tolerant, seen, key_line)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise YamlError(
                    key_line, f"khóa “{key}” xuất hiện hai lần (lần đầu ở dòng {out.lines[key]})",
                    "Xóa một trong hai dòng; YAML chỉ giữ lại một giá trị.")
            out[key] = _convert(value_node, loader, offset, tolerant, seen, key_line)
            out.lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(v, loader, offset, tolerant, seen, line) for v in node.value)
        seq.line = line
        seq.lines = [v.start_mark.line + offset for v in node.value]
        return seq
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        return BadValue(str(node.value), str(exc))


def parse_yaml(text: str, first_line: int = 1, tolerant: bool = False) -> Any:
    """Parse YAML text whose first line is file line `first_line`; raise YamlError.

    `tolerant` keeps unknown tags as opaque text (for mkdocs.yml) instead of refusing them."""
    offset = first_line
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)  # characters YAML refuses outright
    if bad:
        raise YamlError(first_line + text[:bad.start()].count("\n"),
                        f"phần đầu tệp có ký tự không được phép (U+{ord(bad[0]):04X})",
                        "Xóa ký tự vô hình đó (thường do chép từ Word hoặc trang web): gõ lại "
                        "dòng này.")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _convert(node, loader, offset, tolerant)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else first_line
        problem = exc.problem or str(exc)
        raise YamlError(line, f"YAML không đọc được: {problem}",
                        "Kiểm tra dấu hai chấm, thụt lề bằng dấu cách (không dùng tab) và "
                        "đặt giá trị có dấu “:” hoặc “#” trong ngoặc kép.") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"YAML không đọc được: {exc}") from None
    finally:
        loader.dispose()


@dataclass
class Source:
    """One content file as read: front matter with lines, body, and where the body starts."""

    path: Path
    rel: str
    data: LDict | None = None
    body: str = ""
    body_line: int = 1
    ok: bool = True
    modified: dt.datetime | None = field(default=None, compare=False)


def read_source(path: Path, rel: str, problems: Problems) -> Source:
    """Read one Markdown file; every problem goes into `problems`, nothing raises."""
    src = Source(path, rel)
    try:
        if path.is_symlink():
            problems.add(rel, 0, "", "tệp là liên kết tượng trưng (symlink)",
                         "Chép tệp thật vào thư mục content/ thay vì liên kết.")
            src.ok = False
            return src
        raw_bytes = path.read_bytes()
    except OSError as exc:
        problems.add(rel, 0, "", f"không đọc được tệp: {exc.strerror}")
        src.ok = False
        return src
    if len(raw_bytes) > MAX_FILE_BYTES:
        problems.add(rel, 0, "", f"tệp quá lớn ({len(raw_bytes) // 1024} KB)",
                     "Một hồ sơ chỉ vài KB; ảnh và âm thanh để trong content/media/.")
        src.ok = False
        return src
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        problems.add(rel, line, "", "tệp không phải mã UTF-8",
                     "Mở tệp trong trình soạn thảo và lưu lại với mã hóa UTF-8 (Unicode).")
        src.ok = False
        return src
    raw = raw.removeprefix("\ufeff")
    legacy = detect_legacy_encoding(raw)
    if legacy is not None:
        problems.add(rel, legacy.line, "", legacy.message)
        src.ok = False
    text, issues = clean_text(raw)
    for issue in issues:
        problems.warn(rel, issue.line, "", issue.message)
    _split(text, src, problems)
    return src


def _split(text: str, src: Source, problems: Problems) -> None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(src.rel, 1, "", "thiếu phần thông tin đầu tệp (front matter)",
                     "Dòng đầu tiên của tệp phải là ---, sau đó các khóa YAML, "
                     "rồi một dòng --- nữa.")
        src.ok = False
        src.body = text
        return
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.add(src.rel, 1, "", "phần front matter không có dòng --- kết thúc",
                     "Thêm một dòng chỉ có --- sau khóa YAML cuối cùng.")
        src.ok = False
        return
    try:
        data = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlError as exc:
        problems.add(src.rel, exc.line, "", exc.message, exc.hint)
        src.ok = False
        data = None
    if data is not None and not isinstance(data, LDict):
        problems.add(src.rel, 2, "", "front matter phải là các cặp “khóa: giá trị”")
        src.ok = False
        data = None
    if data is None and src.ok:
        data = LDict()
        data.line, data.lines = 2, {}
    src.data = data
    src.body = "\n".join(lines[end + 1:])
    src.body_line = end + 2


def display_path(path: Path, site_root: Path) -> str:
    """The path an editor recognises: relative to the folder of mkdocs.yml."""
    try:
        return path.relative_to(site_root).as_posix()
    except ValueError:
        return path.as_posix()


def read_tree(base: Path, site_root: Path, problems: Problems) -> list[Source]:
    """Every `*.md` under `base` (sub-folders too), in a stable order."""
    if not base.is_dir():
        return []
    return [read_source(path, display_path(path, site_root), problems)
            for path in sorted(base.rglob("*.md"))]
