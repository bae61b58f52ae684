"""Accessibility: axe-core finds no serious or critical violation, in the light and dark schemes.

Stock Material fails some of these (the search dialog has no name; some text is a little too
light on the indigo palette); the fixes live in ``overrides/`` and
``plugins/kientruc/assets/kientruc.css``. Nothing is allow-listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browsing import use_scheme

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from .browsing import Search

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = {
    "home": "",
    "version": "kien-truc/cqdt/2.0/",
    "element": "kien-truc/cqdt/2.0/thanh-phan/tb.platform.lgsp/",
    "comparison": "kien-truc/cqdt/so-sanh/1.0-2.0/",
    "roadmap": "kien-truc/cqdt/2.0/lo-trinh/",
}

BLOCKING = ("serious", "critical")


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            detail = " / ".join(check["message"] for kind in ("any", "all", "none")
                                for check in node.get(kind, []))
            lines.append(f"    {', '.join(map(str, node['target']))}: {detail}")
    return "\n".join(lines)


NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
"""Colours change with a transition (250 ms on a scheme switch): axe must see the end state."""


def _blocking(page: Page) -> list[dict]:
    results = Axe().run(page)  # axe-core ships inside axe-playwright-python: nothing to fetch
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def _check_both_schemes(page: Page, what: str,
                        prepare: Callable[[], object] = lambda: None) -> None:
    """axe in the light scheme, then again after the palette toggle switched to dark."""
    found = []
    page.add_style_tag(content=NO_MOTION)
    for scheme in ("default", "slate"):
        use_scheme(page, scheme)
        prepare()
        violations = _blocking(page)
        if violations:
            found.append(f"{what} ({scheme}):\n{_report(violations)}")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_violation(page: Page, name: str) -> None:
    page.goto(PAGES[name])
    if name == "element":
        assert page.locator(".kt-diagram svg a").count() > 0, "the element page has a diagram"
    _check_both_schemes(page, name)


def test_open_search_dialog_has_no_serious_violation(page: Page, search: Search) -> None:
    def open_search() -> None:
        assert search("dữ liệu")
        assert page.locator("#__search").is_checked(), "the search dialog is open"

    page.goto("")
    assert page.locator(".md-search").get_attribute("aria-label") == "Tìm kiếm"
    _check_both_schemes(page, "search dialog", open_search)
