"""The editors' key reference, generated from `schema.py` (run: python -m guongsang.schema_docs).

`--write README.md` refreshes the block between the schema markers; a test keeps it current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .schema import CAMPAIGN_KEYS, EXEMPLAR_KEYS, SETTINGS_KEYS, Key

START, END = "<!-- schema:start -->", "<!-- schema:end -->"
GUIDE = Path(__file__).parent / "guide" / "huong-dan-bien-tap.md"
_CHOICE_NAMES = {"fields": "khóa lĩnh vực",
                 "campaigns": "mã phong trào có trong content/campaigns/",
                 "localities": "một địa bàn trong `localities` (nếu có cấu hình)"}
_REQUIRED = {"published": "khi công bố", "withdrawn": "khi đã gỡ", "consent":
             "cá nhân/hộ khi công bố", "minor": "khi người chưa thành niên",
             "person-kinds": "không (chỉ cá nhân/hộ)"}


def _type(key: Key) -> str:
    if key.type == "list" and key.item is not None:
        inner = _type(key.item)
        return f"danh sách ({inner})"
    if key.type == "enum" or key.choices:
        if isinstance(key.choices, str):
            return _CHOICE_NAMES[key.choices]
        return " \\| ".join(f"`{c}`" for c in key.choices or ())
    return {"str": "chuỗi", "text": "chuỗi, không Markdown", "int": "số nguyên",
            "bool": "`true`/`false`", "date": "ngày `YYYY-MM-DD`", "map": "nhóm khóa",
            "any": "tùy"}.get(key.type, key.type)


def _rows(keys: tuple[Key, ...], prefix: str = "") -> list[str]:
    rows = []
    for key in keys:
        req = "có" if key.required is True else _REQUIRED.get(str(key.required), "không")
        limits = []
        if key.min_len or key.max_len:
            limits.append(f"{key.min_len or 0}–{key.max_len or '…'} ký tự")
        if key.minimum is not None:
            limits.append(f"{key.minimum}–{key.maximum}")
        detail = " ".join(filter(None, [key.label + ".", key.help, ", ".join(limits)]))
        rows.append(f"| `{prefix}{key.name}` | {req} | {_type(key)} | {detail} |")
        nested = key.keys or (key.item.keys if key.item is not None else ())
        if nested:
            rows += _rows(nested, f"{prefix}{key.name}{'[].' if key.type == 'list' else '.'}")
    return rows


def reference() -> str:
    head = "| khóa | bắt buộc | kiểu | ý nghĩa |\n|---|---|---|---|"
    parts = [
        "#### Hồ sơ gương điển hình (`content/exemplars/*.md`)", "", head, *_rows(EXEMPLAR_KEYS),
        "", "#### Phong trào (`content/campaigns/*.md`)", "", head, *_rows(CAMPAIGN_KEYS), "",
        "#### Cấu hình (`mkdocs.yml`, mục `plugins: - guongsang:`)", "", head,
        *_rows(SETTINGS_KEYS),
    ]
    return "\n".join(parts)


def update(text: str) -> str:
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{reference()}\n{END}{after}"


def guide() -> str:
    """The editors' guide (a page of every site), with this key reference filled in."""
    return update(GUIDE.read_text("utf-8"))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(update(path.read_text("utf-8")), "utf-8")
        return 0
    print(reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
