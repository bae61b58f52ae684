"""The PDF handbook of one version: cover, contents, chapters and catalogues, roadmap, diagrams.

Text is set in DejaVu Sans (every Vietnamese glyph), embedded and subset by fpdf2. The creation
date comes from ``SOURCE_DATE_EPOCH`` (or a fixed date), so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import ResourceAccessPolicy, XPos, YPos
from fpdf.errors import FPDFException

from ...errors import FontMissingError, KientrucError
from ...metamodel import ELEMENT_TYPES, PROVENANCE_VI, RELATION_TYPES, STATE_VI, VERSION_STATUS_VI
from ..model_json import (
    attr_label,
    display_value,
    format_date,
    format_vnd,
    label_of,
    value_label,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fpdf.outline import OutlineSection

    from ...model.types import Chapter, Element, Model, Snapshot

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian's ``fonts-dejavu-core`` (pulled in by Graphviz) puts DejaVu Sans."""
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu Sans"
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""Creation date written when ``SOURCE_DATE_EPOCH`` is not set."""

_OWNERSHIP = ("owned_by", "operated_by", "provided_by", "led_by", "invested_by")
_ELSEWHERE = frozenset({"principle", "goal", "legal_document", "project", "issue"})
"""Types the overview, the roadmap and the issues chapter present, not a catalogue chapter."""
_GREY = (105, 105, 105)
_HEAD_FILL = (226, 233, 243)


def build_date() -> datetime:
    """Return the date to stamp on generated files: ``SOURCE_DATE_EPOCH`` or a fixed date.

    Raises:
        KientrucError: ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return FIXED_DATE
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise KientrucError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {raw!r}") from error


def fonts_missing(font_dir: Path = FONT_DIR) -> list[str]:
    """The DejaVu Sans files the handbook needs and cannot find (empty when all are there)."""
    return sorted(str(font_dir / name) for name in FONT_FILES.values()
                  if not (font_dir / name).is_file())


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


class _Pdf(FPDF):
    """A4 pages with a running title and "Trang N" in the footer (none on the cover)."""

    def __init__(self, running_title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = running_title

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*_GREY)
        self.set_y(8)
        self.cell(0, 4, self.running_title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(max(self.get_y() + 4, self.t_margin))

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*_GREY)
        self.cell(0, 5, f"Trang {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


_TOC_LINE = 5.6
"""Height of one line of the contents, in mm."""


def _render_contents(pdf: FPDF, outline: list[OutlineSection]) -> None:
    """Write the contents: one line per chapter (bold) or section, dot leaders, page numbers."""
    for item in outline:
        pdf.set_font(FAMILY, "B" if item.level == 0 else "", 10 if item.level == 0 else 9.5)
        indent = 6.0 * item.level
        label = pdf.pages[item.page_number].get_label()
        number_w = pdf.get_string_width("0000")
        room = pdf.epw - indent - number_w - 2
        name = item.name
        while pdf.get_string_width(name) > room - 6 and len(name) > 4:
            name = name[:-2].rstrip() + "…"
        dots = max(0, int((room - pdf.get_string_width(name + " ")) / pdf.get_string_width(".")))
        link = pdf.add_link(page=item.page_number)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(w=room, h=_TOC_LINE, text=f"{name} {'.' * dots}", link=link)
        pdf.cell(w=number_w + 2, h=_TOC_LINE, text=label, align="R", link=link,
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)


class _Handbook:
    def __init__(self, model: Model, snapshot: Snapshot, fonts: dict[str, Path],
                 comparison_rows: Sequence[tuple[str, str, str]],
                 diagrams: Sequence[tuple[str, str]]) -> None:
        self.model = model
        self.s = snapshot
        self.rows = comparison_rows
        self.diagrams = [(_t(title), svg) for title, svg in diagrams]
        title = snapshot.title_vi
        if f"phiên bản {snapshot.version}" not in _key(title):
            title += f" – phiên bản {snapshot.version}"
        pdf = _Pdf(_t(title))
        for style, path in fonts.items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_creation_date(build_date())
        pdf.set_title(_t(title))
        pdf.set_subject("Sổ tay kiến trúc")
        pdf.set_creator("kientruc")
        pdf.set_lang("vi")
        pdf.set_section_title_styles(
            TextStyle(font_family=FAMILY, font_style="B", font_size_pt=16,
                      color=(20, 60, 120), t_margin=0, b_margin=5),
            TextStyle(font_family=FAMILY, font_style="B", font_size_pt=12.5,
                      color=(20, 60, 120), t_margin=4, b_margin=2.5),
        )
        self.pdf = pdf
        self.fresh_page = False
        """True right after the contents: their placeholder already opened the next page."""
        self.toc_pages = 0
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

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
        key = _key(title)
        return next((c for c in self.s.framework.chapters
                     if key == _key(c.title) or any(key.startswith(_key(c.title) + sep)
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
                     if (c := self.chapter_of(t)) is not None and _key(t) != _key(c.title))
        others, diagrams = self.other_types(), self.unplaced_diagrams()
        count += (1 + len(others) if others else 0) + (1 + len(diagrams) if diagrams else 0)
        count += 1 + (2 if self.present(("project",)) else 0)  # roadmap
        return count + 2  # issues, appendix

    def chapter(self, title: str) -> None:
        if not self.fresh_page:
            self.pdf.add_page()
        self.fresh_page = False
        self.pdf.start_section(_t(title), level=0)
        self.body()

    def section(self, title: str) -> None:
        if self.pdf.get_y() > self.pdf.page_break_trigger - 30:
            self.pdf.add_page()
        self.pdf.start_section(_t(title), level=1)
        self.body()

    def body(self, size: float = 10, style: str = "") -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.set_text_color(0, 0, 0)

    def text(self, markdown: str, *, size: float = 10, style: str = "") -> None:
        self.body(size, style)
        for paragraph in _paragraphs(markdown):
            self.pdf.multi_cell(0, size * 0.5, _t(paragraph), new_x=XPos.LMARGIN,
                                new_y=YPos.NEXT)
            self.pdf.ln(1.8)
        self.body()

    def table(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], *, bold_rows: frozenset[int] = frozenset()) -> None:
        """Draw a table, breaking lines ourselves.

        fpdf2's own table re-measures every line prefix character by character (quadratic in
        the line length, twice per cell); measuring each word once keeps a large version's
        handbook to seconds. Headings repeat on every page the table spans.
        """
        pdf = self.pdf
        scale = pdf.epw / sum(widths)
        cols = [w * scale for w in widths]
        pad, line_h, size = 1.2, 4.2, 8.5
        auto, margin = pdf.auto_page_break, pdf.b_margin
        pdf.set_auto_page_break(False)

        def row_of(cells: Sequence[str], bold: bool) -> tuple[list[list[str]], float]:
            pdf.set_font(FAMILY, "B" if bold else "", size)
            lines = [self.wrap(_t(cell), col - 2 * pad) for cell, col in zip(cells, cols,
                                                                            strict=True)]
            return lines, max(len(x) for x in lines) * line_h + 2 * pad

        def draw(lines: list[list[str]], height: float, bold: bool, fill: bool) -> None:
            pdf.set_font(FAMILY, "B" if bold else "", size)
            x, y = pdf.l_margin, pdf.get_y()
            if fill:
                pdf.set_fill_color(*_HEAD_FILL)
            for col, cell_lines in zip(cols, lines, strict=True):
                pdf.rect(x, y, col, height, style="DF" if fill else "D")
                for i, line in enumerate(cell_lines):
                    pdf.set_xy(x + pad, y + pad + i * line_h)
                    pdf.cell(col - 2 * pad, line_h, line)
                x += col
            pdf.set_xy(pdf.l_margin, y + height)

        head, head_h = row_of(headings, True)
        room = pdf.page_break_trigger - pdf.t_margin - head_h
        if pdf.get_y() + head_h * 2 > pdf.page_break_trigger:
            pdf.add_page()
        draw(head, head_h, True, True)
        for index, row in enumerate(rows):
            bold = index in bold_rows
            lines, height = row_of(row, bold)
            if height > room:  # one row taller than a page: keep what fits
                keep = max(1, int((room - 2 * pad) // line_h))
                lines = [[*x[: keep - 1], "…"] if len(x) > keep else x for x in lines]
                height = max(len(x) for x in lines) * line_h + 2 * pad
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
                draw(head, head_h, True, True)
            draw(lines, height, bold, False)
        pdf.set_auto_page_break(auto, margin)
        pdf.ln(3)
        self.body()

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy line breaking with each word measured once (in the current font)."""
        measure = self.pdf.get_string_width
        cache = self._widths.setdefault((self.pdf.font_style, self.pdf.font_size_pt), {})

        def width_of(word: str) -> float:
            if word not in cache:
                cache[word] = measure(word)
            return cache[word]

        space = width_of(" ")
        out: list[str] = []
        for paragraph in text.split("\n") or [""]:
            line, used = "", 0.0
            for word in paragraph.split():
                w = width_of(word)
                while w > width:  # a word wider than the column: cut it
                    cut = len(word)
                    while cut > 1 and measure(word[:cut]) > width:
                        cut -= 1
                    if line:
                        out.append(line)
                        line, used = "", 0.0
                    out.append(word[:cut])
                    word = word[cut:]
                    w = width_of(word)
                if line and used + space + w > width:
                    out.append(line)
                    line, used = "", 0.0
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
            out.append(line)
        return out or [""]

    # ---- pages

    def cover(self) -> None:
        pdf, s = self.pdf, self.s
        pdf.add_page()
        pdf.set_y(50)
        self.body(11)
        pdf.set_text_color(*_GREY)
        pdf.cell(0, 6, "SỔ TAY KIẾN TRÚC", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)
        self.body(22, "B")
        pdf.set_text_color(20, 60, 120)
        pdf.multi_cell(0, 10, _t(s.title_vi), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if s.title_en:
            self.body(12, "I")
            pdf.multi_cell(0, 6, _t(s.title_en), align="C", new_x=XPos.LMARGIN,
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
                row.cell(_t(label), style=FontFace(emphasis="B"))
                row.cell(_t(value))
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
            text += f", ngày {format_date(approval.date)}"
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
            first = int((self.pdf.page_break_trigger - self.pdf.get_y()) // _TOC_LINE)
            per_page = int((self.pdf.page_break_trigger - self.pdf.t_margin) // _TOC_LINE)
            pages = 1 + max(0, math.ceil((self.outline_size() - first) / per_page))
        self.toc_pages = pages
        self.pdf.insert_toc_placeholder(_render_contents, pages=pages)
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
                       [(_name(g) + _desc(g), str(g.attrs.get("kpi") or ""),
                         str(g.attrs.get("target_value") or ""), str(g.attrs.get("horizon") or ""))
                        for g in goals], (80, 45, 35, 14))
        documents = self.legal_documents()
        if documents:
            self.section("Căn cứ pháp lý")
            for ref in documents:
                doc = self.model.resolve(s, ref)
                self.text("• " + (_legal(doc) if doc else ref))
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
                             heading=_key(title) != _key(chapter.title))
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
        rows = [(str(i), _name(e), self.ownership(e), self.details(e))
                for i, e in enumerate(self.s.of_type(type_id), 1)]
        self.table(("STT", "Tên", "Chủ quản, vận hành", "Thông tin chính"), rows,
                   (10, 52, 40, 72))

    def ownership(self, e: Element) -> str:
        lines = []
        for t in _OWNERSHIP:
            targets = [label_of(self.model, self.s, x) for x in e.related(t)]
            if targets:
                lines.append(f"{_cap(RELATION_TYPES[t].vi)}: {'; '.join(targets)}")
        return "\n".join(lines)

    def details(self, e: Element) -> str:
        lines = [" ".join(_paragraphs(e.description))] if e.description.strip() else []
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
                lines.append(f"{_cap(RELATION_TYPES[t].vi)}: {'; '.join(targets)}")
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
            budget = p.attrs.get("budget_vnd")
            rows.append((str(i), _name(p) + _desc(p),
                         "; ".join(label_of(self.model, self.s, x) for x in p.related("led_by")),
                         f"{p.attrs.get('start')}–{p.attrs.get('end')}",
                         format_vnd(budget) if isinstance(budget, int) else "",
                         value_label("project", "status", str(p.attrs.get("status", "")))))
        self.table(("STT", "Dự án, nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí (đồng)",
                    "Tình trạng"), rows, (10, 58, 34, 20, 28, 24))
        total = sum(b for p in projects if isinstance(b := p.attrs.get("budget_vnd"), int))
        self.text(f"Tổng kinh phí các dự án, nhiệm vụ: {format_vnd(total)} đồng.")

        by_year: dict[int, list[tuple[str, str, int | None]]] = {}
        for p in projects:
            plan = p.attrs.get("year_plan") or {}
            if plan:
                for year, item in plan.items():
                    by_year.setdefault(int(year), []).append(
                        (p.label, str(item.get("tasks", "")), item.get("budget_vnd")))
            else:
                by_year.setdefault(int(p.attrs.get("start") or 0), []).append(
                    (p.label, f"Thực hiện giai đoạn {p.attrs.get('start')}–{p.attrs.get('end')}",
                     None))
        self.section("Kế hoạch theo năm")
        year_rows: list[tuple[str, str, str, str]] = []
        bold: set[int] = set()
        for year in sorted(by_year):
            for name, tasks, budget in by_year[year]:
                year_rows.append((str(year), name, tasks,
                                  format_vnd(budget) if isinstance(budget, int) else ""))
            subtotal = sum(b for _, _, b in by_year[year] if isinstance(b, int))
            bold.add(len(year_rows))
            year_rows.append(("", f"Cộng năm {year}", "", format_vnd(subtotal)))
        self.table(("Năm", "Dự án, nhiệm vụ", "Nội dung thực hiện", "Kinh phí (đồng)"),
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
            rows.append((str(i), _name(e) + _desc(e)
                         + (f"\nLiên quan đến: {concerns}" if concerns else ""), who,
                         format_date(e.attrs.get("date")),
                         status + (f"\n{resolution}" if resolution else "")))
        self.table(("STT", "Khó khăn, vướng mắc", "Đơn vị báo cáo → tiếp nhận", "Ngày",
                    "Tình trạng, hướng giải quyết"), rows, (10, 62, 40, 22, 40))

    def diagram(self, title: str, svg: str, *, own_page: bool, chapter: str = "",
                heading: bool = True) -> None:
        pdf = self.pdf
        try:
            data, natural, aspect = _svg_for_pdf(svg)
        except (ET.ParseError, ValueError) as error:
            log.info("diagram %r cannot be drawn in the PDF: %s", title, error)
            data, natural, aspect = b"", 0.0, 0.0
        if own_page or pdf.page_break_trigger - pdf.get_y() < 90:
            pdf.add_page(orientation="L" if _landscape(aspect, natural) else "P")
        if chapter:
            pdf.start_section(chapter, level=0)
        if heading:
            self.section(title)
        if data:
            room = pdf.page_break_trigger - pdf.get_y() - 2
            width = min(pdf.epw, room * aspect, natural)
            try:
                pdf.image(io.BytesIO(data), x=pdf.l_margin + (pdf.epw - width) / 2,
                          w=width, h=width / aspect,
                          resource_access_policy=ResourceAccessPolicy.NONE)
                pdf.ln(3)
                return
            except Exception as error:  # fpdf2's SVG support is partial: never fail the book
                log.info("diagram %r cannot be drawn in the PDF: %s", title, error)
        self.text("Không thể hiển thị sơ đồ này trong tệp PDF; xin xem sơ đồ trên trang web "
                  "của phiên bản.", style="I")

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


# -- helpers ---------------------------------------------------------------------------------------


def _landscape(aspect: float, natural: float) -> bool:
    """Whether a drawing (width/height ratio, width in mm) comes out larger on a landscape page."""
    # Room on an A4 page: less the margins (18 mm each side), running title and heading.
    portrait = min(210 - 36, (297 - 60) * aspect, natural)
    landscape = min(297 - 36, (210 - 60) * aspect, natural)
    return aspect > 0 and landscape > portrait * 1.05


def _t(text: str) -> str:
    """Normalise to NFC: DejaVu has the precomposed Vietnamese letters."""
    return unicodedata.normalize("NFC", text)


def _key(title: str) -> str:
    return _t(title).strip().casefold()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(e: Element) -> str:
    name = f"{e.name_vi} ({e.short})" if e.short else e.name_vi
    return name + (f"\n{e.name_en}" if e.name_en else "")


def _desc(e: Element) -> str:
    text = " ".join(_paragraphs(e.description))
    return f"\n{text}" if text else ""


def _legal(doc: Element) -> str:
    number = doc.attrs.get("number") or ""
    date = format_date(doc.attrs.get("date"))
    issuer = doc.attrs.get("issuer") or ""
    head = " ".join(x for x in (display_value(doc.type, "doc_type", doc.attrs.get("doc_type")),
                                f"số {number}" if number else "") if x)
    when = f" ngày {date}" if date else ""
    by = f" của {issuer}" if issuer else ""
    return f"{head}{when}{by}: {doc.attrs.get('title') or doc.name_vi}"


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|`)(.+?)\1")
_ITEM = re.compile(r"^(?:[-*+]\s+|\d+[.)]\s+)")


def _paragraphs(markdown: str) -> list[str]:
    """Reduce Markdown to plain paragraphs (lists as "•" lines, links as "text (url)")."""
    out = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = re.sub(r"^#{1,6}\s+", "", raw.strip())
            item = _ITEM.match(line)
            if item:
                marker = "• " if item.group(0)[0] in "-*+" else item.group(0)
                line = marker + line[item.end():]
            line = _LINK.sub(lambda m: m[1] if m[1] == m[2] else f"{m[1]} ({m[2]})", line)
            line = _EMPHASIS.sub(r"\2", line)
            if lines and not item:
                lines[-1] += " " + line
            else:
                lines.append(line)
        text = "\n".join(x for x in lines if x)
        if text:
            out.append(text)
    return out


_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


def _svg_for_pdf(svg: str) -> tuple[bytes, float, float]:
    """Adapt a Graphviz SVG to what fpdf2 draws; return it, its width in mm and its aspect.

    Drops ``<title>`` and unwraps ``<a>`` (fpdf2 ignores both, noisily), turns ``transparent``
    into ``none``, sets every text in DejaVu Sans (the SVG may ask for Times), and writes image
    sizes without ``px``.
    """
    root = ET.fromstring(svg)
    color = root.attrib.get("color", "black")
    for parent in list(root.iter()):
        for child in list(parent):
            tag = _local(child.tag)
            if tag == "title":
                parent.remove(child)
            elif tag == "a":
                index = list(parent).index(child)
                parent.remove(child)
                for offset, grandchild in enumerate(list(child)):
                    parent.insert(index + offset, grandchild)
    for node in root.iter():
        node.tag = _local(node.tag)
        for name in list(node.attrib):
            value = node.attrib.pop(name)
            local = _local(name)
            if name.startswith(f"{{{_XLINK}}}"):
                local = f"xlink:{local}"
            if value == "transparent":
                value = "none"
            elif value == "currentColor":
                value = color
            if node.tag == "image" and local in ("width", "height"):
                value = value.removesuffix("px")
            if node.tag == "image" and local == "preserveAspectRatio":
                continue
            node.attrib[local] = value
        if node.tag == "text":
            node.attrib["font-family"] = FAMILY
    root.attrib["xmlns"] = _SVG
    root.attrib["xmlns:xlink"] = _XLINK
    width, height = _size(root.attrib)
    return ET.tostring(root, encoding="utf-8"), width * 25.4 / 72, width / height


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _size(attrib: dict[str, Any]) -> tuple[float, float]:
    box = str(attrib.get("viewBox", "")).replace(",", " ").split()
    if len(box) == 4:
        width, height = float(box[2]), float(box[3])
    else:
        width = float(re.sub(r"[a-z%]+$", "", str(attrib.get("width", "0"))))
        height = float(re.sub(r"[a-z%]+$", "", str(attrib.get("height", "0"))))
    if width <= 0 or height <= 0:
        raise ValueError("SVG without a usable size")
    return width, height
