"""Problems found in content: what, where, and what to do about it."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path shown to the editor, relative to the site root
    line: int  # 1-based; 0 when the problem concerns the whole file
    key: str  # front-matter key path ("photo.src"), or "" for the file itself
    message: str  # Vietnamese: what is wrong
    hint: str = ""  # Vietnamese: what to do
    level: str = ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = "LỖI" if self.level == ERROR else "CẢNH BÁO"
        key = f" [{self.key}]" if self.key else ""
        text = f"{where}: {label}{key} {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


class Problems(list[Problem]):
    """All problems of a run; nothing stops at the first one."""

    def add(self, file: str, line: int, key: str, message: str, hint: str = "",
            level: str = ERROR) -> None:
        self.append(Problem(file, line, key, message, hint, level))

    def warn(self, file: str, line: int, key: str, message: str, hint: str = "") -> None:
        self.add(file, line, key, message, hint, WARNING)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.level == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self))

    def report(self) -> str:
        lines = [p.format() for p in self.sorted()]
        n_err, n_warn = len(self.errors), len(self.warnings)
        lines.append(f"Tổng cộng: {n_err} lỗi, {n_warn} cảnh báo.")
        return "\n".join(lines)

    def to_github(self) -> str:
        """GitHub Actions workflow commands: each problem becomes an annotation on its line
        of the pull request (properties and message escaped as the runner requires)."""
        def esc(text: str, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if prop else text

        out = []
        for p in self.sorted():
            kind = "error" if p.level == ERROR else "warning"
            props = f"file={esc(p.file, True)}"
            if p.line:
                props += f",line={p.line}"
            title = f"Gương sáng [{p.key}]" if p.key else "Gương sáng"
            message = p.message + (f"\n→ {p.hint}" if p.hint else "")
            out.append(f"::{kind} {props},title={esc(title, True)}::{esc(message)}")
        return "\n".join(out)

    def only(self, files: set[str]) -> Problems:
        """The problems of these files (a check of what a commit or branch changed)."""
        return Problems(p for p in self if p.file in files)

    def to_json(self) -> str:
        return json.dumps([asdict(p) for p in self.sorted()], ensure_ascii=False, indent=2)


def closest(value: str, choices: Iterable[str], n: int = 1) -> list[str]:
    """Closest valid values for a typo (`tittle` → `title`)."""
    choices = list(choices)
    found = difflib.get_close_matches(value, choices, n=n, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in choices}
        found = [lowered[m] for m in difflib.get_close_matches(value.lower(), lowered, n=n,
                                                                 cutoff=0.5)]
    return found


def suggest(value: str, choices: Iterable[str], what: str = "giá trị") -> str:
    """A Vietnamese hint naming the closest choice and, when short, all of them."""
    choices = sorted(choices)
    near = closest(value, choices)
    parts = []
    if near:
        parts.append(f"Có phải ý bạn là “{near[0]}”?")
    if len(choices) <= 16:
        parts.append(f"Các {what} hợp lệ: " + ", ".join(choices) + ".")
    elif not near:
        parts.append(f"Xem danh sách {what} hợp lệ trong hướng dẫn.")
    return " ".join(parts)
