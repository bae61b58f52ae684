"""What the PDF handbook of one version says, in order.

Cover, contents, overview, the framework's chapters and catalogues, roadmap, issues, diagrams
and the comparison appendix.

The typesetting is in :mod:`.typeset`; this module decides what the book says and in what order.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from fpdf import FontFace
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException

from ... import safe
from ...errors import FontMissingError
from ...metamodel import ELEMENT_TYPES, PROVENANCE_VI, RELATION_TYPES, STATE_VI, VERSION_STATUS_VI
from ...text import date_vi, years
from ..model_json import attr_label, display_value, label_of, value_label
from .prose import (
    amount,
    capitalised,
    element_description,
    element_name,
    legal_reference,
    nfc,
    paragraphs,
    title_key,
)
from .typeset import (
    FONT_DIR,
    FONT_FILES,
    GREY,
    TOC_LINE,
    Typesetter,
    fonts_missing,
    render_contents,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from ...model.types import Chapter, Element, Model, Snapshot

__all__ = ["handbook_pdf"]

_OWNERSHIP = ("owned_by", "operated_by", "provided_by", "led_by", "invested_by")
_ELSEWHERE = frozenset({"principle", "goal", "legal_document", "project", "issue"})
"""Types the overview, the roadmap and the issues chapter present, not a catalogue chapter."""

def handbook_pdf(model: Model, snapshot: Snapshot, *,
                 comparison_rows: Sequence[tuple[str, str, str]] = (),
                 diagrams: Sequence[tuple[str, str]] = (),
                 font_dir: Path = FONT_DIR) -> bytes:
    """Typeset the handbook of one version.

    Args:
        model: The whole model (to name what the version refers to).
        snapshot: The version.
        comparison_rows: ``(kind, element, detail)`` rows of the comparison with the previous
            version, shown as the appendix.
        diagrams: ``(title, SVG text)`` pairs. A diagram whose title equals a chapter's title is
            placed in that chapter, the others in the chapter "Sơ đồ kiến trúc". An SVG that
            cannot be drawn is replaced by its title and a note.
        font_dir: Folder holding the DejaVu Sans TTF files.

    Returns:
        The PDF bytes.

    Raises:
        FontMissingError: DejaVu Sans is not installed.
    """
    fonts = {style: font_dir / name for style, name in FONT_FILES.items()}
    missing = fonts_missing(font_dir)
    if missing:
        raise FontMissingError(
            f"DejaVu Sans not found ({', '.join(missing)}); the PDF handbook needs it for "
            "Vietnamese text: install it (apt-get install fonts-dejavu-core)")
    toc_pages = 0  # 0: as many as the planned outline needs
    tried: set[int] = set()
    while True:
        book = _Handbook(model, snapshot, fonts, comparison_rows, diagrams)
        try:
            return bytes(book.render(toc_pages))
        except FPDFException as error:  # the plan of the outline missed: fix the page count
            found = re.search(r"too (many|few) page breaks", str(error))
            tried.add(book.toc_pages)
            toc_pages = book.toc_pages + (1 if found and found[1] == "many" else -1)
            if not found or toc_pages < 1 or toc_pages in tried:
                raise


class _Handbook(Typesetter):
    """The handbook's content: which chapters, sections, tables and diagrams, in order."""

    def __init__(self, model: Model, snapshot: Snapshot, fonts: dict[str, Path],
                 comparison_rows: Sequence[tuple[str, str, str]],
                 diagrams: Sequence[tuple[str, str]]) -> None:
        self.model = model
        self.s = snapshot
        self.rows = comparison_rows
        self.diagrams = [(nfc(title), svg) for title, svg in diagrams]
        title = snapshot.title_vi
        if f"phiên bản {snapshot.version}" not in title_key(title):
            title += f" – phiên bản {snapshot.version}"
        super().__init__(title, fonts)


    # ---- structure

    def render(self, toc_pages: int) -> bytearray:
        self.cover()
        self.contents(toc_pages)
        self.overview()
        for chapter in self.s.framework.chapters:
            self.framework_chapter(chapter)
        self.other_catalogues()
        self.roadmap()
        self.issues()
        for i, (title, svg) in enumerate(self.unplaced_diagrams()):
            self.diagram(title, svg, own_page=True, chapter="Sơ đồ kiến trúc" if i == 0 else "")
        self.appendix()
        try:
            return self.pdf.output()
        finally:
            for font in self.pdf.fonts.values():  # fontTools keeps the TTF files open
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()

    # ---- what the outline will hold (to reserve the pages of the contents)

    def present(self, types: Sequence[str]) -> list[str]:
        return [t for t in types if any(True for _ in self.s.of_type(t))]

    def other_types(self) -> list[str]:
        in_chapters = {t for c in self.s.framework.chapters for t in c.types}
        return self.present([t for t in ELEMENT_TYPES
                             if t not in in_chapters and t not in _ELSEWHERE])

    def chapter_of(self, title: str) -> Chapter | None:
        """The chapter a diagram belongs to: its title, alone or before " – " or ":"."""
        key = title_key(title)
        return next((c for c in self.s.framework.chapters
                     if key == title_key(c.title) or any(key.startswith(title_key(c.title) + sep)
                                                    for sep in (" – ", " - ", ":"))), None)

    def unplaced_diagrams(self) -> list[tuple[str, str]]:
        return [(t, svg) for t, svg in self.diagrams if self.chapter_of(t) is None]

    def legal_documents(self) -> list[str]:
        return list(dict.fromkeys(
            [*self.s.legal_basis, *(e.id for e in self.s.of_type("legal_document"))]))

    def outline_size(self) -> int:
        """Count the chapters and sections :meth:`render` will start."""
        s = self.s
        overview = [s.summary, s.vision, s.scope, s.organisation]
        count = 1 + sum(1 for text in overview if text.strip())
        count += len(self.present(("principle", "goal"))) + bool(self.legal_documents())
        count += sum(1 + len(self.present(c.types)) for c in s.framework.chapters)
        count += sum(1 for t, _ in self.diagrams  # placed in a chapter, under their own title
                     if (c := self.chapter_of(t)) is not None
                     and title_key(t) != title_key(c.title))
        others, diagrams = self.other_types(), self.unplaced_diagrams()
        count += (1 + len(others) if others else 0) + (1 + len(diagrams) if diagrams else 0)
        count += 1 + (2 if self.present(("project",)) else 0)  # roadmap
        return count + 2  # issues, appendix

    # ---- pages

    def cover(self) -> None:
        pdf, s = self.pdf, self.s
        pdf.add_page()
        pdf.set_y(50)
        self.body(11)
        pdf.set_text_color(*GREY)
        pdf.cell(0, 6, "SỔ TAY KIẾN TRÚC", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)
        self.body(22, "B")
        pdf.set_text_color(20, 60, 120)
        pdf.multi_cell(0, 10, nfc(s.title_vi), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if s.title_en:
            self.body(12, "I")
            pdf.multi_cell(0, 6, nfc(s.title_en), align="C", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
        pdf.ln(4)
        self.body(16, "B")
        pdf.cell(0, 8, f"Phiên bản {s.version}", align="C", new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
        pdf.ln(18)
        facts = [("Trạng thái", VERSION_STATUS_VI[s.status]),
                 ("Quyết định phê duyệt", self.approval_text()),
                 ("Giai đoạn", f"{s.period[0]}–{s.period[1]}"),
                 ("Khung kiến trúc", s.framework.name_vi)]
        if s.supersedes:
            facts.append(("Thay thế phiên bản", s.supersedes))
        if s.digest:
            facts.append(("Mã kiểm tra nội dung", s.digest))
        self.body(10.5)
        with pdf.table(col_widths=(50, 124), width=174, text_align="LEFT",
                       borders_layout="NONE", first_row_as_headings=False, line_height=5.5,
                       padding=1) as table:
            for label, value in facts:
                row = table.row()
                row.cell(nfc(label), style=FontFace(emphasis="B"))
                row.cell(nfc(value))
        if s.provenance != "confirmed":
            pdf.ln(10)
            self.text("Lưu ý: một phần nội dung là minh họa, chưa được xác minh với văn bản "
                      "gốc; các thành phần minh họa được ghi rõ trong từng danh mục.",
                      size=9, style="I")

    def approval_text(self) -> str:
        approval = self.s.approval
        if approval is None:
            return "chưa có quyết định phê duyệt"
        text = f"Số {approval.number}"
        if approval.date:
            text += f", ngày {date_vi(approval.date)}"
        if approval.signer:
            text += f", người ký: {approval.signer}"
        if approval.provenance != "confirmed" and "chưa xác minh" not in text:
            text += " (minh họa, chưa xác minh)"
        return text

    def contents(self, pages: int) -> None:
        self.pdf.add_page()
        self.body(16, "B")
        self.pdf.set_text_color(20, 60, 120)
        self.pdf.cell(0, 10, "Mục lục", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(2)
        self.body()
        if pages < 1:  # plan: one line per section
            first = int((self.pdf.page_break_trigger - self.pdf.get_y()) // TOC_LINE)
            per_page = int((self.pdf.page_break_trigger - self.pdf.t_margin) // TOC_LINE)
            pages = 1 + max(0, math.ceil((self.outline_size() - first) / per_page))
        self.toc_pages = pages
        self.pdf.insert_toc_placeholder(render_contents, pages=pages)
        self.fresh_page = True

    def overview(self) -> None:
        s = self.s
        self.chapter("Tổng quan")
        for title, text in (("Tóm tắt", s.summary), ("Tầm nhìn", s.vision),
                            ("Phạm vi", s.scope)):
            if text.strip():
                self.section(title)
                self.text(text)
        principles = sorted(s.of_type("principle"),
                            key=lambda e: (e.attrs.get("number") is None, e.attrs.get("number")
                                           or 0))
        if principles:
            self.section("Nguyên tắc")
            for i, p in enumerate(principles, 1):
                number = p.attrs.get("number") or i
                self.text(f"Nguyên tắc {number}. {p.name_vi}", style="B")
                for key in ("statement", "rationale", "implications"):
                    if p.attrs.get(key):
                        self.text(f"{attr_label(p.type, key)}: {p.attrs[key]}")
                if p.description:
                    self.text(p.description)
        goals = list(s.of_type("goal"))
        if goals:
            self.section("Mục tiêu")
            self.table(("Mục tiêu", "Chỉ tiêu", "Giá trị mục tiêu", "Năm"),
                       [(element_name(g) + element_description(g),
                         safe.plain_line(str(g.attrs.get("kpi") or "")),
                         str(g.attrs.get("target_value") or ""), str(g.attrs.get("horizon") or ""))
                        for g in goals], (80, 45, 35, 14))
        documents = self.legal_documents()
        if documents:
            self.section("Căn cứ pháp lý")
            for ref in documents:
                doc = self.model.resolve(s, ref)
                self.text("• " + (legal_reference(doc) if doc else ref))
        if s.organisation.strip():
            self.section("Tổ chức triển khai")
            self.text(s.organisation)

    def framework_chapter(self, chapter: Chapter) -> None:
        self.chapter(chapter.title)
        if chapter.intro:
            self.text(chapter.intro)
        placed = False
        for title, svg in self.diagrams:
            if self.chapter_of(title) is chapter:
                self.diagram(title, svg, own_page=False,
                             heading=title_key(title) != title_key(chapter.title))
                placed = True
        if chapter.diagram and not placed:
            self.text("Sơ đồ của chương này được trình bày trên trang web của phiên bản"
                      + (" và tại chương «Sơ đồ kiến trúc»." if self.diagrams else "."))
        present = self.present(chapter.types)
        for type_id in present:
            self.catalogue(type_id)
        if chapter.types and not present:
            self.text("Phiên bản này chưa có thành phần thuộc chương này.")

    def other_catalogues(self) -> None:
        rest = self.other_types()
        if rest:
            self.chapter("Các danh mục khác")
            for type_id in rest:
                self.catalogue(type_id)

    def catalogue(self, type_id: str) -> None:
        self.section(ELEMENT_TYPES[type_id].vi_plural)
        rows = [(str(i), element_name(e), self.ownership(e), self.details(e))
                for i, e in enumerate(self.s.of_type(type_id), 1)]
        self.table(("STT", "Tên", "Chủ quản, vận hành", "Thông tin chính"), rows,
                   (10, 52, 40, 72))

    def ownership(self, e: Element) -> str:
        lines = []
        for t in _OWNERSHIP:
            targets = [label_of(self.model, self.s, x) for x in e.related(t)]
            if targets:
                lines.append(f"{capitalised(RELATION_TYPES[t].vi)}: {'; '.join(targets)}")
        return "\n".join(lines)

    def details(self, e: Element) -> str:
        lines = [" ".join(paragraphs(e.description))] if e.description.strip() else []
        if e.state:
            lines.append(f"Trạng thái: {STATE_VI[e.state]}")
        for key, value in e.attrs.items():
            shown = display_value(e.type, key, value)
            if shown and key.endswith("_vnd"):
                shown += " đồng"
            if shown:
                lines.append(f"{attr_label(e.type, key)}: {shown}")
        for t in RELATION_TYPES:
            if t in _OWNERSHIP:
                continue
            targets = [label_of(self.model, self.s, r.target) + self.via(r.via)
                       for r in e.relations if r.type == t]
            if targets:
                lines.append(f"{capitalised(RELATION_TYPES[t].vi)}: {'; '.join(targets)}")
        if e.renamed_from:
            lines.append(f"Đổi tên từ: {e.renamed_from}")
        lines.append(f"Nguồn gốc thông tin: {PROVENANCE_VI[e.provenance]}")
        lines.extend(f"Nguồn: {url}" for url in e.sources)
        return "\n".join(lines)

    def via(self, ref: str | None) -> str:
        if not ref:
            return ""
        platform = self.model.resolve(self.s, ref)
        return f" (qua {platform.label if platform else ref})"

    def roadmap(self) -> None:
        projects = list(self.s.of_type("project"))
        self.chapter("Lộ trình thực hiện")
        if not projects:
            self.text("Phiên bản này chưa có dự án, nhiệm vụ.")
            return
        self.section(ELEMENT_TYPES["project"].vi_plural)

        rows = []
        for i, p in enumerate(projects, 1):
            rows.append((str(i), element_name(p) + (" (minh họa)" if p.illustrative else "")
                         + element_description(p),
                         "; ".join(label_of(self.model, self.s, x) for x in p.related("led_by")),
                         years(p.attrs.get('start'), p.attrs.get('end')),
                         amount(p.attrs.get("budget_vnd"), p.illustrative),
                         value_label("project", "status", str(p.attrs.get("status", "")))))
        self.table(("STT", "Dự án, nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí",
                    "Tình trạng"), rows, (10, 58, 34, 20, 28, 24))
        total = sum(b for p in projects if isinstance(b := p.attrs.get("budget_vnd"), int))
        guessed = any(p.illustrative and p.attrs.get("budget_vnd") for p in projects)
        self.text(f"Tổng kinh phí các dự án, nhiệm vụ: {amount(total, guessed)}"
                  + (" (minh họa)." if guessed else "."))

        by_year: dict[int, list[tuple[str, str, int | None, bool]]] = {}
        for p in projects:
            plan = p.attrs.get("year_plan") or {}
            if plan:
                for year, item in plan.items():
                    by_year.setdefault(int(year), []).append(
                        (p.label, safe.plain_line(str(item.get("tasks", ""))),
                         item.get("budget_vnd"), p.illustrative))
            else:
                by_year.setdefault(int(p.attrs.get("start") or 0), []).append(
                    (p.label, f"Thực hiện {years(p.attrs.get('start'), p.attrs.get('end'))}",
                     None, p.illustrative))
        self.section("Kế hoạch theo năm")
        year_rows: list[tuple[str, str, str, str]] = []
        bold: set[int] = set()
        for year in sorted(by_year):
            for name, tasks, budget, guess in by_year[year]:
                year_rows.append((str(year), name + (" (minh họa)" if guess else ""), tasks,
                                  amount(budget, guess)))
            subtotal = sum(b for _, _, b, _ in by_year[year] if isinstance(b, int))
            bold.add(len(year_rows))
            year_rows.append(("", f"Cộng năm {year}", "",
                              amount(subtotal, any(g and b for _, _, b, g in by_year[year]))))
        self.table(("Năm", "Dự án, nhiệm vụ", "Nội dung thực hiện", "Kinh phí"),
                   year_rows, (14, 55, 75, 30), bold_rows=frozenset(bold))

    def issues(self) -> None:
        issues = list(self.s.of_type("issue"))
        self.chapter(ELEMENT_TYPES["issue"].vi_plural)
        if not issues:
            self.text("Không có khó khăn, vướng mắc nào được ghi nhận trong phiên bản này.")
            return
        rows = []
        for i, e in enumerate(issues, 1):
            concerns = "; ".join(label_of(self.model, self.s, x) for x in e.related("concerns"))
            who = " → ".join("; ".join(label_of(self.model, self.s, x) for x in e.related(t))
                             for t in ("reported_by", "reported_to"))
            status = value_label("issue", "status", str(e.attrs.get("status", "")))
            resolution = e.attrs.get("resolution") or ""
            rows.append((str(i), element_name(e) + element_description(e)
                         + (f"\nLiên quan đến: {concerns}" if concerns else ""), who,
                         date_vi(e.attrs.get("date")),
                         status + (f"\n{resolution}" if resolution else "")))
        self.table(("STT", "Khó khăn, vướng mắc", "Đơn vị báo cáo → tiếp nhận", "Ngày",
                    "Tình trạng, hướng giải quyết"), rows, (10, 62, 40, 22, 40))

    def appendix(self) -> None:
        self.chapter("Phụ lục: So sánh với phiên bản trước")
        if not self.s.supersedes:
            self.text("Đây là phiên bản đầu tiên của kiến trúc; không có phiên bản trước để so "
                      "sánh.")
            return
        if not self.rows:
            self.text(f"Không có thay đổi so với phiên bản {self.s.supersedes}.")
            return
        self.text(f"Những thay đổi của phiên bản {self.s.version} so với phiên bản "
                  f"{self.s.supersedes}:")
        self.table(("Loại thay đổi", "Thành phần", "Chi tiết"), [tuple(r) for r in self.rows],
                   (40, 60, 74))


