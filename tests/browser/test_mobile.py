"""Phones: at 375 px the page itself never scrolls sideways; screenshots of the key pages.

The PNGs land in ``.cache/screenshots/`` (uploaded by CI as artefacts) for a human to look at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .browsing import SCREENSHOTS, Search, block_offsite, use_scheme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}

KEY_PAGES = {
    "trang-chu": "",
    "phien-ban": "kien-truc/cqdt/2.0/",
    "thanh-phan": "kien-truc/cqdt/2.0/thanh-phan/tb.platform.lgsp/",
    "so-sanh": "kien-truc/cqdt/so-sanh/1.0-2.0/",
    "lo-trinh": "kien-truc/cqdt/2.0/lo-trinh/",
}

NO_HEADER = ".md-header, .md-tabs { visibility: hidden; }"
"""A tall diagram is shot in several scrolls; the sticky header would cover its top."""

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const boxes = [...document.querySelectorAll(".md-typeset__scrollwrap, .kt-diagram-canvas")];
  return {
    page: document.documentElement.scrollWidth,
    width,
    scrollingBoxes: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length,
    widestBox: Math.max(0, ...boxes.map(b => b.getBoundingClientRect().right)),
  };
}"""


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    """A page in a 375 px wide phone viewport."""
    context = browser.new_context(base_url=site_url, **PHONE)
    offsite = block_offsite(context)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert offsite == [], "requests to another host"


@pytest.mark.parametrize("name", ["thanh-phan", "so-sanh"])
def test_no_horizontal_scroll_of_the_page_at_375px(phone: Page, name: str) -> None:
    phone.goto(KEY_PAGES[name])
    found = phone.evaluate(_OVERFLOW)
    assert found["page"] <= found["width"], found
    assert found["widestBox"] <= found["width"] + 1, found
    # Wide tables and diagrams exist on these pages: they scroll inside their own box.
    assert found["scrollingBoxes"] >= 1, found


def test_screenshots_of_the_key_pages(phone: Page, page: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for size, view in (("375", phone), ("1280", page)):
        for name, path in KEY_PAGES.items():
            view.goto(path)
            target = SCREENSHOTS / f"{name}-{size}.png"
            view.screenshot(path=str(target))
            shots.append(target)
    # The search dialog on a phone, and the diagrams on a phone and in the dark scheme ("tối").
    search = Search(phone)
    phone.goto("")
    assert search("tien hai")
    shots.append(SCREENSHOTS / "tim-kiem-375.png")
    phone.screenshot(path=str(shots[-1]))
    phone.goto(KEY_PAGES["thanh-phan"])
    shots.append(SCREENSHOTS / "thanh-phan-375-so-do.png")
    phone.locator(".kt-diagram").first.screenshot(path=str(shots[-1]), style=NO_HEADER)
    page.goto(KEY_PAGES["thanh-phan"])
    use_scheme(page, "slate")
    shots.append(SCREENSHOTS / "thanh-phan-1280-toi.png")
    page.screenshot(path=str(shots[-1]))
    shots.append(SCREENSHOTS / "thanh-phan-1280-toi-so-do.png")
    page.locator(".kt-diagram").first.screenshot(path=str(shots[-1]), style=NO_HEADER)
    for shot in shots:
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000, shot


RESTORED = ('<script>document.getElementById("__drawer").checked = true;'
            'document.getElementById("__search").checked = true;</script>')
"""What Firefox does on reload to a checkbox without ``autocomplete="off"``: tick it again."""


def test_a_restored_drawer_and_search_start_closed_and_still_work(phone: Page) -> None:
    """The toggles lost ``autocomplete="off"`` (invalid HTML on a checkbox, see
    :mod:`kientruc.build.theme_html`); the reset before Material's script keeps them closed."""
    def restore_state(route: Any) -> None:
        html = route.fetch().text()
        html = html.replace('id="__search">', 'id="__search">' + RESTORED, 1)
        route.fulfill(body=html, headers={"content-type": "text/html; charset=utf-8"})

    phone.route("**/kien-truc/cqdt/2.0/", restore_state)
    phone.goto(KEY_PAGES["phien-ban"])
    assert phone.locator('input.md-toggle[autocomplete="off"]').count() == 0
    assert phone.eval_on_selector("#__drawer", "e => e.checked") is False
    assert phone.eval_on_selector("#__search", "e => e.checked") is False
    assert not phone.locator(".md-sidebar--primary").is_visible() or phone.evaluate(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().right <= 0")
    phone.click('label[for="__drawer"].md-header__button')  # Material still drives the drawer
    phone.wait_for_function("() => document.getElementById('__drawer').checked")
