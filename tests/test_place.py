"""Pages the navigation does not list still know their place: breadcrumbs, open section, tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kientruc.model import load_model
from kientruc.site.place import place
from kientruc.site.plan import SiteOptions, plan_site

SAMPLE = Path(__file__).parent / "fixtures" / "sample_arch"

NAV = {"kt/index.md", "kt/a/index.md", "kt/a/2.0/index.md", "kt/a/2.0/chuong.md",
       "kt/a/so-sanh/index.md"}
PAGES = NAV | {"kt/a/2.0/danh-muc/ung-dung.md", "kt/a/2.0/danh-muc/ung-dung/2.md",
               "kt/a/2.0/thanh-phan/app.x.md", "kt/a/2.0/thanh-phan/app.x/lien-ket.md",
               "kt/a/2.0/chuong/applications.md", "kt/a/so-sanh/1.0-2.0.md",
               "kt/a/so-sanh/1.0-2.0/applications.md", "elsewhere/page.md"}
UP = {"kt/a/2.0/thanh-phan/app.x.md": "kt/a/2.0/danh-muc/ung-dung.md"}


def _place(src: str) -> tuple[str | None, tuple[str, ...]]:
    return place(src, in_nav=NAV.__contains__, exists=PAGES.__contains__, up=UP.get)


@pytest.mark.parametrize(("src", "anchor", "between"), [
    ("kt/a/2.0/danh-muc/ung-dung.md", "kt/a/2.0/index.md", ()),
    ("kt/a/2.0/danh-muc/ung-dung/2.md", "kt/a/2.0/index.md", ("kt/a/2.0/danh-muc/ung-dung.md",)),
    # an element hangs from its type's catalogue, which its address does not show
    ("kt/a/2.0/thanh-phan/app.x.md", "kt/a/2.0/index.md", ("kt/a/2.0/danh-muc/ung-dung.md",)),
    ("kt/a/2.0/thanh-phan/app.x/lien-ket.md", "kt/a/2.0/index.md",
     ("kt/a/2.0/danh-muc/ung-dung.md", "kt/a/2.0/thanh-phan/app.x.md")),
    ("kt/a/2.0/chuong/applications.md", "kt/a/2.0/chuong.md", ()),
    ("kt/a/so-sanh/1.0-2.0/applications.md", "kt/a/so-sanh/index.md",
     ("kt/a/so-sanh/1.0-2.0.md",)),
    ("elsewhere/page.md", None, ()),
])
def test_a_page_hangs_from_the_nearest_navigation_page(src, anchor, between) -> None:
    assert _place(src) == (anchor, between)


def test_a_named_parent_that_does_not_exist_falls_back_to_the_address() -> None:
    found = place("kt/a/2.0/thanh-phan/app.x.md", in_nav=NAV.__contains__,
                  exists=PAGES.__contains__, up=lambda s: "kt/a/2.0/danh-muc/gone.md")
    assert found == ("kt/a/2.0/index.md", ())


def test_every_page_of_a_version_has_a_switcher_to_the_same_page() -> None:
    plan = plan_site(load_model(SAMPLE), SiteOptions(diagrams=False))
    pages = {p.src: p.content for p in plan.pages if isinstance(p.content, str)}
    ours = [s for s in pages if re.match(r"kien-truc/demo/[0-9.]+/.*\.md$", s)]
    assert len(ours) > 10
    for src in ours:
        assert "\nPhiên bản: " in pages[src], src
    roadmap = pages["kien-truc/demo/2.0/lo-trinh.md"]
    assert "[1.0](../1.0/lo-trinh.md)" in roadmap and "**2.0**" in roadmap


def _crumbs(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<nav class="md-path".*?</nav>', text, re.S)
    assert found, page
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split())
            for li in re.findall(r"<li.*?</li>", found.group(0), re.S)]


def test_generated_pages_have_breadcrumbs_and_an_open_section(built_site: Path) -> None:
    base = built_site / "kien-truc" / "cqdt"
    element = next(p for p in (base / "2.0" / "thanh-phan").glob("*/index.html")
                   if "tb.org." in p.parent.name)
    assert _crumbs(element) == ["Trang chủ", "Kiến trúc", "Kiến trúc Chính quyền điện tử",
                                "Phiên bản 2.0", "Danh mục cơ quan, đơn vị"]
    catalogue = base / "2.0" / "danh-muc" / "ung-dung" / "index.html"
    assert _crumbs(catalogue)[-1] == "Phiên bản 2.0"
    comparison = base / "so-sanh" / "1.0-2.0" / "index.html"
    assert _crumbs(comparison)[-1] == "So sánh phiên bản"
    for page in (element, catalogue, comparison):
        text = page.read_text(encoding="utf-8")
        tab = re.search(r'md-tabs__item--active.*?<a[^>]*>(.*?)</a>', text, re.S)
        assert tab and " ".join(re.sub(r"<[^>]+>", " ", tab.group(1)).split()) == "Kiến trúc"
        assert "md-nav__item--active" in text
    # the element's crumb to its catalogue leads there
    assert 'href="../../danh-muc/co-quan/"' in element.read_text(encoding="utf-8")
