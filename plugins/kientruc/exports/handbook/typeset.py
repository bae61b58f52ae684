"""Typesetting the handbook with fpdf2: fonts, A4 pages, headings, paragraphs and tables.

Nothing here knows what a handbook contains; :mod:`.book` decides that and calls these.
Text is set in DejaVu Sans (every Vietnamese glyph), embedded and subset by fpdf2. The creation
date comes from ``SOURCE_DATE_EPOCH`` (or a fixed date), so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF, TextStyle
from fpdf.enums import ResourceAccessPolicy, XPos, YPos

from ...errors import KientrucError
from .prose import nfc, paragraphs
from .svg import landscape, svg_for_pdf

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fpdf.outline import OutlineSection

__all__ = ["FAMILY", "FONT_DIR", "FONT_FILES", "GREY", "Typesetter", "build_date",
           "fonts_missing"]

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian's ``fonts-dejavu-core`` (pulled in by Graphviz) puts DejaVu Sans."""
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu Sans"
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""Creation date written when ``SOURCE_DATE_EPOCH`` is not set."""

GREY = (105, 105, 105)
HEAD_FILL = (226, 233, 243)


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


class Pdf(FPDF):
    """A4 pages with a running title and "Trang N" in the footer (none on the cover)."""

    def __init__(self, running_title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = running_title

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        self.set_y(8)
        self.cell(0, 4, self.running_title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(max(self.get_y() + 4, self.t_margin))

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"Trang {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


TOC_LINE = 5.6
"""Height of one line of the contents, in mm."""


def render_contents(pdf: FPDF, outline: list[OutlineSection]) -> None:
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
        pdf.cell(w=room, h=TOC_LINE, text=f"{name} {'.' * dots}", link=link)
        pdf.cell(w=number_w + 2, h=TOC_LINE, text=label, align="R", link=link,
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)


class Typesetter:
    """An A4 document with the handbook's styles, and the blocks the book is made of."""

    def __init__(self, title: str, fonts: dict[str, Path]) -> None:
        pdf = Pdf(nfc(title))
        for style, path in fonts.items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_creation_date(build_date())
        pdf.set_title(nfc(title))
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

    def chapter(self, title: str) -> None:
        """Start a chapter (level 0 of the outline) on a new page."""
        if not self.fresh_page:
            self.pdf.add_page()
        self.fresh_page = False
        self.pdf.start_section(nfc(title), level=0)
        self.body()

    def section(self, title: str) -> None:
        """Start a section, on a new page when little room is left."""
        if self.pdf.get_y() > self.pdf.page_break_trigger - 30:
            self.pdf.add_page()
        self.pdf.start_section(nfc(title), level=1)
        self.body()

    def body(self, size: float = 10, style: str = "") -> None:
        """Set the body font."""
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.set_text_color(0, 0, 0)

    def text(self, markdown: str, *, size: float = 10, style: str = "") -> None:
        """Print editor Markdown as plain paragraphs."""
        self.body(size, style)
        for paragraph in paragraphs(markdown):
            self.pdf.multi_cell(0, size * 0.5, nfc(paragraph), new_x=XPos.LMARGIN,
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
            lines = [self.wrap(nfc(cell), col - 2 * pad) for cell, col in zip(cells, cols,
                                                                            strict=True)]
            return lines, max(len(x) for x in lines) * line_h + 2 * pad

        def draw(lines: list[list[str]], height: float, bold: bool, fill: bool) -> None:
            pdf.set_font(FAMILY, "B" if bold else "", size)
            x, y = pdf.l_margin, pdf.get_y()
            if fill:
                pdf.set_fill_color(*HEAD_FILL)
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

    def diagram(self, title: str, svg: str, *, own_page: bool, chapter: str = "",
                heading: bool = True) -> None:
        """Draw a diagram as large as the page allows; a note in its place if fpdf2 cannot."""
        pdf = self.pdf
        try:
            data, natural, aspect = svg_for_pdf(svg, FAMILY)
        except (ET.ParseError, ValueError) as error:
            log.info("diagram %r cannot be drawn in the PDF: %s", title, error)
            data, natural, aspect = b"", 0.0, 0.0
        if own_page or pdf.page_break_trigger - pdf.get_y() < 90:
            pdf.add_page(orientation="L" if landscape(aspect, natural) else "P")
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
