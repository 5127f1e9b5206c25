"""The official achievement report (báo cáo thành tích) of an exemplar, as DOCX or PDF.

The layout the emulation boards use (NĐ 91/2017 and 98/2023, Mẫu báo cáo thành tích): the
national heading, "BÁO CÁO THÀNH TÍCH", then for an individual or a household "I. Sơ lược lý
lịch", for a collective "I. Đặc điểm tình hình"; "II. Thành tích tiêu biểu xuất sắc đã đạt
được"; "III. Quá trình khen thưởng" as a table (year, title, decision, issuer); signatures.

Filled from the public profile only: the profile must be published (no flag bypasses it),
personal details come from the model's consent-aware properties, the story (plain text, never
HTML) only when it is in the consent. The same input gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field

from . import prints
from .model import Exemplar
from .render import vn_date
from .schema import KINDS, STATUSES
from .site import Site
from .story import grouped, public_sections

PART_I = {"individual": "Sơ lược lý lịch", "household": "Sơ lược lý lịch",
          "collective": "Đặc điểm tình hình"}
PART_II = "Thành tích tiêu biểu xuất sắc đã đạt được"
PART_III = "Quá trình khen thưởng"
AWARD_COLUMNS = ("Năm", "Danh hiệu/Hình thức khen thưởng", "Số quyết định", "Cơ quan ban hành")
NAME_LABEL = {"individual": "Họ và tên", "household": "Tên hộ gia đình",
              "collective": "Tên tập thể"}
SIGNERS = {  # (left, right) of the signature block
    "individual": ("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", "NGƯỜI BÁO CÁO THÀNH TÍCH"),
    "household": ("XÁC NHẬN CỦA UBND CẤP XÃ", "ĐẠI DIỆN HỘ GIA ĐÌNH"),
    "collective": ("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ExportError(Exception):
    """A clear, Vietnamese reason why nothing was exported."""


Blocks = list[tuple[str, "str | list[str]"]]


@dataclass
class Report:
    e: Exemplar
    kind: str
    name: str
    subtitle: str
    rows: list[tuple[str, str]]  # part I facts
    part_i: Blocks
    summary: str
    part_ii: Blocks
    awards: list[dict[str, str]]
    signers: tuple[str, str]
    source: str
    headings: tuple[str, str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headings = (f"I. {PART_I[self.kind]}", f"II. {PART_II}", f"III. {PART_III}")


# ------------------------------------------------------------------ what to export


def find_public(site: Site, name: str) -> Exemplar:
    """The public exemplar named by slug, id or old slug; a clear refusal otherwise."""
    name = name.strip().removesuffix(".md").rsplit("/", 1)[-1]
    for e in site.all:
        if name in (e.slug, e.id) or name in e.aliases:
            if e in site.public:
                return e
            if e.status == "published" and e.published is not None:
                why = f"hẹn công bố ngày {vn_date(e.published)}"
            else:
                why = f"trạng thái “{STATUSES.get(e.status, e.status)}”"
            state = "không còn được công bố" if e.status == "withdrawn" else "chưa được công bố"
            raise ExportError(
                f"Hồ sơ “{e.slug}” {state} ({why}): không xuất báo cáo thành tích. "
                "Chỉ hồ sơ đã công bố mới được xuất, để báo cáo không lộ thông tin chưa duyệt.")
    near = difflib.get_close_matches(name, [e.slug for e in site.public], n=1)
    hint = f" Có phải “{near[0]}”?" if near else ""
    raise ExportError(f"Không có hồ sơ “{name}” trong content/exemplars/.{hint}")


_QUARTER = re.compile(r"^[Qq]([1-4])[-/ ]?(\d{4})$")


def select(site: Site, selection: str) -> tuple[str, list[Exemplar]]:
    """(label, exemplars) of a selection: a quarter `Q3-2025` or a year `2025` of the
    `published` date, or a campaign slug. Collectives, individuals, households; oldest first."""
    sel = selection.strip()
    tz = site.settings.tz
    if m := _QUARTER.match(sel):
        q, year = int(m.group(1)), int(m.group(2))
        label = f"quý {ROMAN[q]} năm {year}"
        items = [e for e in site.public if e.published.astimezone(tz).year == year
                 and (e.published.astimezone(tz).month - 1) // 3 + 1 == q]
    elif re.fullmatch(r"\d{4}", sel):
        label = f"năm {sel}"
        items = [e for e in site.public if e.published.astimezone(tz).year == int(sel)]
    elif sel in site.campaigns:
        label = f"phong trào “{site.campaigns[sel].title}”"
        items = list(site.in_campaign(sel))
    else:
        near = difflib.get_close_matches(sel, list(site.campaigns), n=1)
        hint = f" Có phải phong trào “{near[0]}”?" if near else ""
        raise ExportError(f"Không hiểu lựa chọn “{sel}”: ghi một quý (Q3-2025), một năm (2025) "
                          f"hoặc mã một phong trào ({', '.join(list(site.campaigns)[:3])}…).{hint}")
    if not items:
        raise ExportError(f"Không có gương điển hình nào được công bố trong {label}: "
                          "không có gì để xuất.")
    order = ["collective", "individual", "household"]
    items.sort(key=lambda e: (order.index(e.kind), e.published, e.title))
    return label, items


def build(site: Site, e: Exemplar) -> Report:
    """The report's content, from the public profile and inside the consent only."""
    rows = [(NAME_LABEL[e.kind], e.title)]
    if e.birth_year:
        rows.append(("Năm sinh", str(e.birth_year)))
    if e.hometown:
        rows.append(("Quê quán", e.hometown))
    if e.position:
        rows.append(("Chức vụ", e.position))
    if e.unit:
        rows.append(("Cơ quan, đơn vị", e.unit))
    rows.append(("Địa bàn", e.locality))
    rows.append(("Lĩnh vực", site.field_label(e.field)))
    campaigns = [c.title for c in site.campaigns_of(e)]
    if campaigns:
        rows.append(("Phong trào thi đua", "; ".join(campaigns)))
    rows.append(("Năm được công nhận", str(e.year)))
    part_i: Blocks = []
    part_ii: Blocks = []
    for s in public_sections(e):
        if s.part == "awards":
            continue  # the table below, from the front matter, is the record
        target = part_i if s.part == "profile" else part_ii
        if s.heading and s.part != "profile":
            target.append(("h", s.heading.replace("*", "").strip()))
        target += grouped(s.blocks)
    kind_label = KINDS[e.kind].lower()
    subtitle = f"Gương điển hình tiên tiến ({kind_label})"
    if campaigns:
        subtitle += " trong phong trào " + "; ".join(f"“{c}”" for c in campaigns)
    updated = (e.updated or e.published).date()
    return Report(
        e=e, kind=e.kind, name=e.title, subtitle=subtitle, rows=rows, part_i=part_i,
        summary=e.summary, part_ii=part_ii, awards=prints.awards(e), signers=SIGNERS[e.kind],
        source=f"Lập từ hồ sơ công bố tại {prints.profile_url(site, e)} (cập nhật "
               f"{vn_date(updated)}), chỉ gồm thông tin trong phạm vi đã đồng ý công bố.")


def stamp(items: list[Exemplar]) -> dt.datetime:
    """The documents' date: the newest change among the profiles, never the clock."""
    newest = max((e.updated or e.published) for e in items)
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)


# ------------------------------------------------------------------ PDF


def to_pdf(site: Site, reports: list[Report], title: str, listing: str = "") -> bytes:
    from . import pdf

    when = stamp([r.e for r in reports]).date().isoformat()
    html = prints._render("print/report.html", owner=site.settings.owner, reports=reports,
                          title=title, listing=listing, columns=AWARD_COLUMNS,
                          created=when, modified=when, kinds=KINDS, vn_date=vn_date)
    return pdf.render(html)


# ------------------------------------------------------------------ DOCX


def to_docx(site: Site, reports: list[Report], title: str, listing: str = "") -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")  # Word's own default
    normal.paragraph_format.space_after = Pt(4)

    def para(text: str = "", bold: bool = False, italic: bool = False, align=None,
             size: int | None = None, style: str | None = None):
        p = doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    def blocks(items: Blocks) -> None:
        for kind, value in items:
            if kind == "h":
                para(str(value), bold=True, italic=True)
            elif kind == "ul":
                for item in value:
                    para(str(item), style="List Bullet")
            else:
                para(str(value)).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def no_borders(table) -> None:
        borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
        if borders is not None:
            table._tbl.tblPr.remove(borders)

    def header() -> None:
        t = doc.add_table(rows=1, cols=2)
        no_borders(t)
        left, right = t.rows[0].cells
        left.paragraphs[0].add_run(site.settings.owner.upper()).bold = True
        right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
        right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
        for cell in (left, right):
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.font.size = Pt(12)
        para("……………, ngày …… tháng …… năm ……", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)

    first = True
    if listing:
        header()
        para(title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
        t = doc.add_table(rows=1, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ("TT", "Tên", "Loại", "Địa bàn", "Lĩnh vực"),
                              strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for n, r in enumerate(reports, start=1):
            cells = t.add_row().cells
            for cell, text in zip(cells, (str(n), r.name, KINDS[r.kind], r.e.locality,
                                          site.field_label(r.e.field)), strict=True):
                cell.text = text
        first = False
    for r in reports:
        if not first:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        header()
        para("BÁO CÁO THÀNH TÍCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
        para(r.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
        para(f"{NAME_LABEL[r.kind]}: {r.name}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

        doc.add_heading(r.headings[0], level=2)
        for label, value in r.rows:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
        blocks(r.part_i)

        doc.add_heading(r.headings[1], level=2)
        para(r.summary, italic=True).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        blocks(r.part_ii)

        doc.add_heading(r.headings[2], level=2)
        if r.awards:
            t = doc.add_table(rows=1, cols=4)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(t.rows[0].cells, AWARD_COLUMNS, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for a in r.awards:
                for cell, text in zip(t.add_row().cells,
                                      (a["year"], a["title"], a["decision"], a["issuer"]),
                                      strict=True):
                    cell.text = text
        else:
            para("Chưa có hình thức khen thưởng nào được ghi trong hồ sơ.")

        para()
        t = doc.add_table(rows=1, cols=2)
        no_borders(t)
        for cell, text in zip(t.rows[0].cells, r.signers, strict=True):
            p = cell.paragraphs[0]
            p.add_run(text).bold = True
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            note = cell.add_paragraph()
            note.add_run("(Ký, ghi rõ họ tên"
                         + (", đóng dấu)" if "THỦ TRƯỞNG" in text or "UBND" in text else ")")
                         ).italic = True
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para()
        para(r.source, italic=True, size=10)

    when = stamp([r.e for r in reports]).replace(tzinfo=None)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, site.settings.owner, \
        site.settings.owner
    props.created = props.modified = when
    props.revision = 1
    props.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return _stable_zip(out.getvalue(), when)


def _stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """python-docx stamps every zip member with the current time: rewrite them with the
    document's own date, in the same order, so the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------ the command


def export(site: Site, report: str | None, selection: str | None, fmt: str
           ) -> tuple[str, bytes]:
    """(suggested file name, bytes) of a report or a selection's bundle."""
    if report:
        e = find_public(site, report)
        reports = [build(site, e)]
        title, listing, stem = f"Báo cáo thành tích — {e.title}", "", e.slug
    else:
        label, items = select(site, selection or "")
        reports = [build(site, e) for e in items]
        title = f"Danh sách gương điển hình tiên tiến {label}"
        listing, stem = label, re.sub(r"[^a-z0-9]+", "-", (selection or "").lower()).strip("-")
    maker = to_docx if fmt == "docx" else to_pdf
    return f"bao-cao-thanh-tich-{stem}.{fmt}", maker(site, reports, title, listing)
