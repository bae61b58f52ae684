"""A reader's way through the site, by mouse and by keyboard, at the root and under a sub-path."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response

    from .browsing import Search

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ELEMENT = "kien-truc/cqdt/2.0/thanh-phan/tb.platform.lgsp/"
NEIGHBOUR = "tb.org.so-tttt/"


def content(page: Page) -> Locator:
    """The article of the page (not the navigation, header or footer)."""
    return page.locator("article.md-content__inner")


def text_link(page: Page, name: str) -> Locator:
    """A link in the article's text (not inside a diagram) whose text is exactly ``name``."""
    return content(page).get_by_role("link", name=name, exact=True).and_(
        page.locator(":not(.kt-diagram *)")).first


def diagram_node(page: Page, target: str) -> Locator:
    """The node of the page's diagram that links to a URL ending with ``target``."""
    return content(page).locator(f'.kt-diagram svg a[*|href$="{target}"]').first


def heading(page: Page) -> str:
    """The page's title as shown (without the permalink sign)."""
    return content(page).locator("h1").first.inner_text().rstrip("¶").strip()


def test_reader_journey_from_home_to_a_download(page: Page, site_url: str,
                                                console_errors: list[str],
                                                offsite_requests: list[str]) -> None:
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto("")
    expect(page).to_have_title(re.compile("Kiến trúc"))
    text_link(page, "Kiến trúc Chính quyền điện tử tỉnh Thái Bình").click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/")

    text_link(page, "Phiên bản 2.0").click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/2.0/")
    assert "2.0" in heading(page)

    text_link(page, "Kiến trúc ứng dụng").click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/2.0/kien-truc-ung-dung/")
    assert heading(page).startswith("Kiến trúc ứng dụng")

    content(page).locator('a[href$="thanh-phan/tb.platform.lgsp/"]:not(.kt-diagram *)').first.click()
    expect(page).to_have_url(site_url + ELEMENT)
    assert "LGSP" in heading(page)

    # The context diagram is inline SVG: its boxes are links to the neighbours' pages.
    node = diagram_node(page, NEIGHBOUR)
    expect(node).to_be_visible()
    node.click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/2.0/thanh-phan/" + NEIGHBOUR)
    assert heading(page).startswith("Sở Thông tin và Truyền thông")

    # "Phiên bản: 1.0 · 2.0" switches to the same element in another version.
    switcher = content(page).locator("p", has_text=re.compile(r"^Phiên bản:")).first
    expect(switcher).to_contain_text("1.0")
    switcher.get_by_role("link", name="1.0", exact=True).click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/1.0/thanh-phan/" + NEIGHBOUR)
    assert heading(page).startswith("Sở Thông tin và Truyền thông")
    expect(content(page).locator("p", has_text=re.compile(r"^Phiên bản:")).first
           .get_by_role("link", name="2.0", exact=True)).to_be_visible()

    # Back to the version, then the comparison of the two versions.
    text_link(page, "← Kiến trúc Chính quyền điện tử tỉnh Thái Bình 1.0").click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/1.0/")
    text_link(page, "So sánh phiên bản 1.0 và 2.0").click()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/so-sanh/1.0-2.0/")
    assert heading(page) == "So sánh phiên bản 1.0 và 2.0"
    expect(content(page).locator(".kt-diagram svg").first).to_be_visible()

    # The version's downloads: the links work and carry the right type.
    page.go_back()
    expect(page).to_have_url(site_url + "kien-truc/cqdt/1.0/")
    model = _download(page, "model.json", "application/json")
    assert json.loads(model.body())
    csv = _download(page, "co-quan.csv", "text/csv")
    assert csv.body().decode("utf-8-sig").splitlines()[0].count(",") >= 1
    pdf = _download(page, ".pdf", "application/pdf")
    assert pdf.body().startswith(b"%PDF")

    assert bad == []
    assert offsite_requests == []
    assert console_errors == []


def _download(page: Page, name_end: str, content_type: str) -> Response:
    link = content(page).locator(f'a[href$="{name_end}"]').first
    expect(link).to_be_visible()
    url = link.evaluate("a => a.href")
    assert "/tai-ve/" in url
    response = page.request.get(url)
    assert response.status == 200, url
    assert response.headers["content-type"].split(";")[0] == content_type, url
    return response  # type: ignore[return-value]


def test_keyboard_reaches_a_diagram_node_and_opens_it(page: Page, site_url: str) -> None:
    page.goto(ELEMENT)
    page.locator("body").focus()
    for _ in range(150):
        page.keyboard.press("Tab")
        target = page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || !el.closest(".kt-diagram svg") || el.tagName.toLowerCase() !== "a") return null;
          const href = el.getAttribute("href") || el.getAttribute("xlink:href");
          return href === "./" ? null : new URL(href, location.href).href;
        }""")
        if target:
            break
    else:
        pytest.fail("Tab never reached a link of the diagram")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "a focused diagram node must show a focus outline"
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)
    assert "/thanh-phan/" in target or "/chung/" in target or "/danh-muc/" in target


def test_site_works_under_a_sub_path(page: Page, sub_path_url: str, search: Search,
                                     console_errors: list[str]) -> None:
    """Served from /kientruc/ (a shared host, GitHub Pages), every link stays relative."""
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(sub_path_url + ELEMENT)
    # The stylesheets loaded: Material's header is coloured, the diagram rules apply.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky", "fixed")
    node = diagram_node(page, NEIGHBOUR)
    node.click()
    expect(page).to_have_url(sub_path_url + "kien-truc/cqdt/2.0/thanh-phan/" + NEIGHBOUR)
    page.locator("a.md-header__button.md-logo").click()
    expect(page).to_have_url(sub_path_url)
    title, url = search("lgsp")[0]
    assert url.startswith("/kientruc/") and "tb.platform.lgsp" in url, (title, url)
    assert bad == []
    assert console_errors == []
