"""Printed pages: Chromium's own PDF of a page, read back with pypdf.

The comparison of the reference site is what a department head prints: each diagram gets a
landscape page of its own (the two versions' overall diagrams share theirs, side by side), with
the heading that introduces it, and no page is left blank.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _printed(page: Page, path: str) -> list[tuple[bool, str]]:
    """(landscape?, text) of each printed A4 page of ``path``."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    reader = PdfReader(BytesIO(page.pdf(format="A4", print_background=True)))
    return [(float(p.mediabox.width) > float(p.mediabox.height), p.extract_text() or "")
            for p in reader.pages]


def test_the_printed_comparison_has_each_diagram_on_its_own_landscape_page(page: Page) -> None:
    printed = _printed(page, "kien-truc/cqdt/so-sanh/1.0-2.0/")
    assert all(len(text.strip()) > 100 for _, text in printed), "a blank page"
    landscape = [text for wide, text in printed if wide]
    assert len(landscape) == 2, [t[:60] for t in landscape]
    pair, union = landscape
    assert pair.startswith("Sơ đồ tổng thể hai phiên bản")
    assert "Phiên bản 1.0" in pair and "Phiên bản 2.0" in pair  # side by side, one page
    assert union.startswith("Sơ đồ hợp nhất") and "Bổ sung" in union  # with its key
    tables = [text for wide, text in printed if not wide]
    assert not [t for t in tables if "Sơ đồ hợp nhất" in t or "Sơ đồ tổng thể hai" in t]
    assert len(printed) <= 25, len(printed)  # 48 pages before the print stylesheet


def test_an_element_page_prints_its_diagram_on_a_landscape_page(page: Page) -> None:
    printed = _printed(page, "kien-truc/cqdt/2.0/thanh-phan/tb.platform.lgsp/")
    wide = [text for landscape, text in printed if landscape]
    assert len(wide) == 1 and "Sở TT&TT" in wide[0]  # the context diagram's labels
    assert all(text.strip() for _, text in printed)
