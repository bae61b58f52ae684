"""The comparison's two panes and the diagram viewer (issue 13), in Chromium.

Side by side from 960 px (each pane at least 40 % of the window), stacked on a phone; one zoom
step on one pane moves both; keyboard zoom; filters hide the other kinds of change; nothing is
fetched from another host (``offsite_requests`` fixture, checked here explicitly too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browsing import block_offsite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COMPARISON = "kien-truc/cqdt/so-sanh/1.0-2.0/"

_PANES = """() => [...document.querySelectorAll('.kt-compare__side')].map(s => {
  const r = s.getBoundingClientRect();
  return {left: r.left, top: r.top, width: r.width};
})"""


def _open(browser: Browser, site_url: str, width: int) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 900})
    offsite = block_offsite(context)
    page = context.new_page()
    page.goto(COMPARISON)
    page.wait_for_selector(".kt-viewer__bar")
    return page, offsite


@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_panes_side_by_side_and_wide(browser: Browser, site_url: str, width: int) -> None:
    page, offsite = _open(browser, site_url, width)
    left, right = page.evaluate(_PANES)
    assert abs(left["top"] - right["top"]) < 2, (left, right)
    assert right["left"] > left["left"] + left["width"] - 1
    assert left["width"] >= 0.4 * width and right["width"] >= 0.4 * width, (left, right, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()
    assert offsite == []


def test_panes_stacked_on_a_phone(browser: Browser, site_url: str) -> None:
    page, offsite = _open(browser, site_url, 375)
    left, right = page.evaluate(_PANES)
    assert right["top"] > left["top"] + 50, (left, right)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()
    assert offsite == []


def _transforms(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".kt-compare .kt-diagram-canvas > svg", "els => els.map(e => e.style.transform)")


def test_zoom_changes_both_panes_together(browser: Browser, site_url: str) -> None:
    page, offsite = _open(browser, site_url, 1280)
    before = _transforms(page)
    assert len(before) == 2
    page.locator(".kt-compare").get_by_role("button", name="Phóng to").first.click()
    after = _transforms(page)
    assert after[0] != before[0] and "scale(1.25)" in after[0], after
    assert after[0] == after[1], "the two versions must zoom together"
    canvas = page.locator(".kt-compare .kt-diagram-canvas").nth(1)
    canvas.focus()
    page.keyboard.press("ArrowLeft")
    moved = _transforms(page)
    assert moved[0] == moved[1] != after[0]
    page.keyboard.press("0")  # fit: the whole diagram in its frame, both panes alike
    fitted = _transforms(page)
    assert fitted[0] == fitted[1] and "translate(0px, 0px)" in fitted[0], fitted
    widths = page.eval_on_selector_all(
        ".kt-compare .kt-diagram-canvas", "cs => cs.map(c => [c.clientWidth, "
        "c.querySelector('svg').getBoundingClientRect().width])")
    assert all(svg <= frame + 1 for frame, svg in widths), widths
    page.context.close()
    assert offsite == []


def test_every_diagram_gets_the_viewer(browser: Browser, site_url: str) -> None:
    page, offsite = _open(browser, site_url, 1280)
    canvases = page.locator(".kt-diagram-canvas").count()
    assert canvases >= 3
    assert page.locator(".kt-viewer__bar").count() == canvases
    for name in ("Phóng to", "Thu nhỏ", "Vừa khung", "Toàn màn hình", "Tải sơ đồ (SVG)"):
        assert page.get_by_role("button", name=name).count() == canvases, name
    page.context.close()
    assert offsite == []


def test_filters_hide_the_other_kinds(browser: Browser, site_url: str) -> None:
    page, offsite = _open(browser, site_url, 1280)
    rows = page.locator(".kt-compare-changes tbody tr")
    total = rows.count()
    page.locator("#loc-added").click()
    kinds = page.eval_on_selector_all(
        ".kt-compare-changes tbody tr:not([hidden])", "rs => rs.map(r => r.cells[1].innerText)")
    assert kinds and set(kinds) == {"Bổ sung"}, kinds
    assert len(kinds) < total
    page.locator("#loc-all").click()
    assert page.locator(".kt-compare-changes tbody tr:not([hidden])").count() == total
    # The summary's counts are links to the filtered list.
    page.locator(".md-typeset a[href='#loc-removed']").first.click()
    kinds = page.eval_on_selector_all(
        ".kt-compare-changes tbody tr:not([hidden])", "rs => rs.map(r => r.cells[1].innerText)")
    assert kinds and set(kinds) == {"Loại bỏ"}, kinds
    page.context.close()
    assert offsite == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_union_legend_is_on_screen(browser: Browser, site_url: str, width: int) -> None:
    page, offsite = _open(browser, site_url, width)
    legend = page.locator("ul.kt-legend")
    legend.scroll_into_view_if_needed()
    box = legend.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    items = legend.locator("li")
    assert [items.nth(i).inner_text() for i in range(items.count())] == [
        "Bổ sung", "Loại bỏ", "Thay đổi", "Không đổi"]
    for i in range(items.count()):
        item = items.nth(i).bounding_box()
        assert item and item["x"] + item["width"] <= width, (i, item)
    page.context.close()
    assert offsite == []


def test_toolbar_icons_are_drawn_not_typed(browser: Browser, site_url: str) -> None:
    page, offsite = _open(browser, site_url, 1280)
    for name in ("Vừa khung", "Toàn màn hình", "Tải sơ đồ (SVG)"):
        icon = page.get_by_role("button", name=name).first.locator("svg path")
        assert icon.count() == 1 and icon.get_attribute("d"), name
        box = icon.bounding_box()
        assert box and box["width"] > 4 and box["height"] > 4, (name, box)
    page.context.close()
    assert offsite == []
