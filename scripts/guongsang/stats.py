"""Statistics for the emulation board: the tables of the yearly report, counted from the
public profiles only (published, date reached), as CSV, Markdown and SVG charts."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from html import escape

from .schema import AWARD_LEVELS, KINDS
from .site import Site

CSV_HEADER = ["Năm", "Lĩnh vực", "Tập thể", "Cá nhân", "Hộ gia đình", "Tổng"]
KIND_ORDER = ("collective", "individual", "household")  # the order of the official tables
KIND_COLORS = {"collective": "#2e7d32", "individual": "#1565c0", "household": "#e65100"}


@dataclass(frozen=True)
class Row:
    year: int
    field: str
    label: str
    counts: tuple[int, int, int]  # collective, individual, household

    @property
    def total(self) -> int:
        return sum(self.counts)


def year_field_rows(site: Site, year: int | None = None) -> list[Row]:
    """One row per year and field that has any public exemplar; years newest first,
    fields in the site's order."""
    counts: Counter[tuple[int, str, str]] = Counter(
        (e.year, e.field, e.kind) for e in site.public if year is None or e.year == year)
    years = sorted({y for y, _, _ in counts}, reverse=True)
    rows = []
    for y in years:
        for key, label in site.settings.fields.items():
            c = tuple(counts[(y, key, k)] for k in KIND_ORDER)
            if any(c):
                rows.append(Row(y, key, label, c))
    return rows


def year_totals(site: Site) -> list[tuple[int, tuple[int, int, int]]]:
    counts = Counter((e.year, e.kind) for e in site.public)
    years = sorted({y for y, _ in counts}, reverse=True)
    return [(y, tuple(counts[(y, k)] for k in KIND_ORDER)) for y in years]


def awards_by_level(site: Site) -> tuple[list[int], list[tuple[str, str, list[int]]]]:
    """Visible (not revoked) awards of public exemplars, by level and year of the decision."""
    counts: Counter[tuple[str, int]] = Counter()
    for e in site.public:
        for a in e.visible_awards:
            counts[(a.level, a.date.year if a.date else e.year)] += 1
    years = sorted({y for _, y in counts}, reverse=True)
    rows = [(level, label, [counts[(level, y)] for y in years])
            for level, label in AWARD_LEVELS.items() if any(counts[(level, y)] for y in years)]
    return years, rows


def campaign_progress(site: Site) -> list[tuple]:
    """(campaign, kind label, count, target or None, met) for each kind with a target or an
    exemplar, campaign by campaign."""
    rows = []
    for c in site.campaigns.values():
        for _kind, label, count, target in site.progress(c.slug):
            rows.append((c, label, count, target, target is not None and count >= target))
    return rows


def empty_localities(site: Site) -> list[tuple[int, list[str]]]:
    """For each year of the campaign periods (up to now), the configured localities with no
    public exemplar recognised that year."""
    localities = site.settings.localities
    if not localities:
        return []
    years = {y for c in site.campaigns.values() for y in range(c.start, c.end + 1)
             if y <= site.now.year}
    have = {(e.year, e.locality) for e in site.public}
    return [(y, [name for name in localities if (y, name) not in have])
            for y in sorted(years, reverse=True)]


# ------------------------------------------------------------------ CSV and Markdown


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + out.getvalue()  # BOM: Excel then opens Vietnamese text correctly


def year_field_csv(site: Site, year: int | None = None) -> str:
    return _csv([CSV_HEADER] + [[r.year, r.label, *r.counts, r.total]
                                for r in year_field_rows(site, year)])


def progress_csv(site: Site) -> str:
    rows = [["Mã phong trào", "Phong trào", "Giai đoạn", "Loại", "Đã công bố", "Chỉ tiêu",
             "Đạt chỉ tiêu"]]
    for c, label, count, target, met in campaign_progress(site):
        rows.append([c.slug, c.title, f"{c.start}–{c.end}", label, count,
                     "" if target is None else target,
                     "" if target is None else ("Đạt" if met else "Chưa đạt")])
    return _csv(rows)


def year_field_markdown(site: Site, year: int | None = None) -> str:
    """The table as it is pasted into a written report: TT, Năm, Lĩnh vực, Tập thể, Cá nhân,
    Hộ gia đình (and Tổng), with a total row."""
    rows = year_field_rows(site, year)
    lines = ["| TT | Năm | Lĩnh vực | Tập thể | Cá nhân | Hộ gia đình | Tổng |",
             "|---:|---:|---|---:|---:|---:|---:|"]
    for i, r in enumerate(rows, start=1):
        lines.append(f"| {i} | {r.year} | {r.label} | " + " | ".join(map(str, r.counts))
                     + f" | {r.total} |")
    sums = [sum(r.counts[k] for r in rows) for k in range(3)]
    lines.append("|  |  | **Cộng** | " + " | ".join(f"**{n}**" for n in sums)
                 + f" | **{sum(sums)}** |")
    return "\n".join(lines)


def progress_markdown(site: Site) -> str:
    lines = ["| TT | Phong trào | Loại | Đã công bố | Chỉ tiêu | Kết quả |",
             "|---:|---|---|---:|---:|---|"]
    for i, (c, label, count, target, met) in enumerate(campaign_progress(site), start=1):
        result = "" if target is None else ("Đạt" if met else "Chưa đạt")
        lines.append(f"| {i} | {c.title} | {label} | {count} | "
                     f"{'' if target is None else target} | {result} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ SVG


def years_chart(site: Site) -> str:
    """Horizontal stacked bars, one per year; readable without JavaScript, with a text
    alternative that states every number."""
    data = year_totals(site)
    if not data:
        return ""
    width, left, bar, gap = 640, 56, 26, 12
    top = 34
    height = top + len(data) * (bar + gap) + 10
    biggest = max(sum(c) for _, c in data) or 1
    scale = (width - left - 60) / biggest
    alt = "; ".join(f"năm {y}: " + ", ".join(f"{KINDS[k].lower()} {n}" for k, n in
                                              zip(KIND_ORDER, c, strict=True)) for y, c in data)
    parts = [f'<svg class="gs-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="gs-chart-years-t" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="gs-chart-years-t">Số gương điển hình theo năm và loại — '
             f'{escape(alt)}</title>']
    x = left
    for k in KIND_ORDER:  # legend
        parts.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{KIND_COLORS[k]}"/>'
                     f'<text x="{x + 20}" y="18" font-size="14">{escape(KINDS[k])}</text>')
        x += 130
    for i, (y, counts) in enumerate(data):
        ty = top + i * (bar + gap)
        parts.append(f'<text x="0" y="{ty + bar - 8}" font-size="14">{y}</text>')
        x = left
        for k, n in zip(KIND_ORDER, counts, strict=True):
            if n:
                w = n * scale
                parts.append(f'<rect x="{x:.1f}" y="{ty}" width="{w:.1f}" height="{bar}" '
                             f'fill="{KIND_COLORS[k]}"><title>{escape(KINDS[k])} {y}: {n}'
                             f'</title></rect>')
                x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{ty + bar - 8}" font-size="14">'
                     f'{sum(counts)}</text>')
    parts.append("</svg>")
    return "".join(parts)
