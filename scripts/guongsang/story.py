"""A story split into the parts of the official achievement report, for print and export.

Editors write stories in the report's own order ("## Sơ lược lý lịch", "## Thành tích tiêu
biểu", "## Quá trình khen thưởng"); the report and the booklet need to know which part is
which. A story is untrusted: it leaves here only as plain text (escaped by the templates).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Exemplar
from .radio import story_blocks

_HEADING = re.compile(r"^\s{0,3}(#{1,2})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")

# Headings (folded: lower case, no punctuation) that open each part of the report.
PROFILE_HEADINGS = ("so luoc", "ly lich", "dac diem tinh hinh", "dac diem", "chuc nang")
AWARD_HEADINGS = ("qua trinh khen thuong", "cac hinh thuc khen thuong", "khen thuong",
                  "hinh thuc khen thuong", "cac hinh thuc da duoc khen thuong")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"^[ivx]+\s*[.)-]\s*|^\d+\s*[.)-]\s*", "", text.strip())  # "I. ", "2) "
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the text before the first heading
    markdown: str

    @property
    def part(self) -> str:
        """'profile' (I), 'awards' (III) or 'achievements' (II, everything else)."""
        folded = _fold(self.heading)
        if folded.startswith(PROFILE_HEADINGS):
            return "profile"
        if folded.startswith(AWARD_HEADINGS):
            return "awards"
        return "achievements"

    @property
    def blocks(self) -> list[tuple[str, str]]:
        return story_blocks(self.markdown)


def sections(markdown_text: str) -> list[Section]:
    """The story cut at its level-1 and level-2 headings (never inside a fenced block)."""
    out: list[Section] = []
    heading, lines, fenced = "", [], False
    for line in markdown_text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m:
            if heading or "".join(lines).strip():
                out.append(Section(heading, "\n".join(lines).strip() + "\n"))
            heading, lines = m.group(2).strip(), []
        else:
            lines.append(line)
    if heading or "".join(lines).strip():
        out.append(Section(heading, "\n".join(lines).strip() + "\n"))
    return out


def public_sections(e: Exemplar) -> list[Section]:
    """The story as readers may see it: nothing when the story is outside the consent."""
    return sections(public_story(e))


def grouped(blocks: list[tuple[str, str]]) -> list[tuple[str, str | list[str]]]:
    """Plain blocks for a template: ('h', text), ('p', text) or ('ul', [items])."""
    out: list[tuple[str, str | list[str]]] = []
    for kind, text in blocks:
        if kind == "item":
            if not out or out[-1][0] != "ul":
                out.append(("ul", []))
            out[-1][1].append(text)  # type: ignore[union-attr]
        elif kind == "heading":
            out.append(("h", text))
        elif kind == "para":
            out.append(("p", text))
    return out


def public_story(e: Exemplar) -> str:
    """The story's Markdown as readers may see it: empty when outside the consent."""
    return e.body if e.consented("story") else ""


def print_blocks(markdown_text: str, parts: tuple[str, ...] = ("profile", "achievements")
                 ) -> list[tuple[str, str | list[str]]]:
    """A story (see `public_story`) as plain blocks, each section under its heading. The
    awards part is left out by default: layouts show the awards from `awards` as a table."""
    out: list[tuple[str, str | list[str]]] = []
    for s in sections(markdown_text):
        if s.part in parts:
            if s.heading:
                out.append(("h", s.heading.replace("*", "").strip()))
            out += grouped(s.blocks)
    return out
