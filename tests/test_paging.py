"""Long lists are cut into numbered pages: catalogues, relations into an element, comparisons.

The caps are lowered (``Caps(page_rows=5, preview_rows=3)``) so that a model of a dozen
applications exercises what a province-size model does with thousands.
"""

from __future__ import annotations

import copy
import posixpath
import re
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from kientruc.paths import numbered
from kientruc.site.paging import Caps, more_line, pager, slices
from kientruc.site.plan import SiteOptions, plan_site
from test_diff import BASE, app, framework, write_versions

if TYPE_CHECKING:
    from pathlib import Path

    from kientruc.model.types import Model
    from kientruc.site.plan import SitePlan

CAPS = Caps(page_rows=5, preview_rows=3)
NEW_APPS = [app(f"app.x{i:02}", relations=[{"type": "uses", "target": "app.a"}])
            for i in range(1, 13)]
"""Twelve applications added in 2.0, each owned by ``org.tttt`` and using ``app.a``."""
V2 = "kien-truc/cqdt/2.0"
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    return write_versions(tmp_path_factory.mktemp("paging"), [BASE, BASE + NEW_APPS])


@pytest.fixture(scope="module")
def plan(model: Model) -> SitePlan:
    return plan_site(model, SiteOptions(diagrams=False, caps=CAPS))


@pytest.fixture(scope="module")
def pages(plan: SitePlan) -> dict[str, str]:
    return {p.src: p.content for p in plan.pages if isinstance(p.content, str)}


def targets(src: str, markdown: str) -> list[str]:
    """Source paths of the pages that ``markdown`` (on page ``src``) links to, in order."""
    return [posixpath.normpath(posixpath.join(posixpath.dirname(src), m))
            for m in LINK.findall(markdown)]


# -- the pure helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "size", "expected"), [
    (0, 5, [(1, 0, 0)]),
    (5, 5, [(1, 0, 5)]),
    (6, 5, [(1, 0, 5), (2, 5, 6)]),
    (13, 5, [(1, 0, 5), (2, 5, 10), (3, 10, 13)]),
])
def test_slices(total: int, size: int, expected: list[tuple[int, int, int]]) -> None:
    parts = slices(total, size)
    assert [(p.number, p.start, p.stop) for p in parts] == expected
    assert {p.count for p in parts} == {len(expected)}


def test_numbered_keeps_page_one_at_the_list_address() -> None:
    assert numbered("k/danh-muc/ung-dung.md", 1) == "k/danh-muc/ung-dung.md"
    assert numbered("k/danh-muc/ung-dung.md", 3) == "k/danh-muc/ung-dung/trang-3.md"


@pytest.mark.parametrize(("current", "count", "expected"), [
    (1, 1, ""),
    (1, 2, "Trang: **1** · [2](a/trang-2.md) · [Trang sau →](a/trang-2.md)"),
    (5, 32, "Trang: [← Trang trước](trang-4.md) · [1](../a.md) · … · [3](trang-3.md) · "
            "[4](trang-4.md) · **5** · [6](trang-6.md) · [7](trang-7.md) · … · "
            "[32](trang-32.md) · [Trang sau →](trang-6.md)"),
])
def test_pager_shows_a_window_of_numbers(current: int, count: int, expected: str) -> None:
    here = numbered("a.md", current)
    assert pager(here, current, count, lambda n: numbered("a.md", n)) == expected


def test_more_line_counts_in_vietnamese() -> None:
    assert more_line(12345, "x.md") == "*và 12.345 thành phần khác* – [xem toàn bộ](x.md)"


def test_caps_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page_rows=0"):
        Caps(page_rows=0)


# -- the planned site -------------------------------------------------------------------------

def test_catalogue_is_split_into_numbered_pages(pages: dict[str, str]) -> None:
    first = f"{V2}/danh-muc/ung-dung.md"
    chain = [first, f"{V2}/danh-muc/ung-dung/trang-2.md", f"{V2}/danh-muc/ung-dung/trang-3.md"]
    assert all(src in pages for src in chain)
    assert f"{V2}/danh-muc/ung-dung/trang-4.md" not in pages
    assert "# Danh mục ứng dụng (trang 2/3)" in pages[chain[1]]
    # every application of the version is reachable from the chain, each exactly once
    linked = [t for src in chain for t in targets(src, pages[src])
              if "/thanh-phan/" in t and "/org." not in t]
    expected = {f"{V2}/thanh-phan/{e['id']}.md" for e in BASE + NEW_APPS
                if e["type"] == "application"}
    assert sorted(linked) == sorted(expected)
    # the pager of page 2 leads back to page 1 and on to page 3
    assert "[← Trang trước](../ung-dung.md)" in pages[chain[1]]
    assert "[Trang sau →](trang-3.md)" in pages[chain[1]]


def test_every_link_of_every_page_resolves(pages: dict[str, str]) -> None:
    broken = [(src, t) for src, text in pages.items() for t in targets(src, text)
              if t not in pages]
    assert not broken


def test_sub_pages_are_out_of_search_and_navigation(plan: SitePlan) -> None:
    sub = [p for p in plan.pages if p.src.endswith(".md") and (  # the diff's JSON is data
           "/trang-" in p.src or p.src.endswith("/lien-ket.md") or "/so-sanh/1.0-2.0/" in p.src)]
    assert len(sub) >= 6
    for page in sub:
        assert page.search is False, page.src
        assert isinstance(page.content, str)
        assert page.content.startswith("---\nsearch:\n  exclude: true\n")
    nav = repr(plan.nav)
    assert "trang-" not in nav
    assert "lien-ket" not in nav


def test_element_page_shows_the_first_relations_and_links_the_rest(pages: dict[str, str]) -> None:
    text = pages[f"{V2}/thanh-phan/app.a.md"]
    section = text.split("## Liên kết đến", 1)[1]
    assert section.count("| được sử dụng bởi |") == CAPS.preview_rows
    assert ("Được sử dụng bởi: *và 9 thành phần khác* – [xem toàn bộ](app.a/lien-ket.md)"
            in section)
    assert "## Thông tin chung" in text  # the rest of the page is unchanged


def test_organisation_duties_are_capped_too(pages: dict[str, str]) -> None:
    text = pages[f"{V2}/thanh-phan/org.tttt.md"]
    duties = text.split("### Chủ quản", 1)[1].split("##", 1)[0]
    owned = 2 + len(NEW_APPS)  # node.ttdl, app.a and the new applications
    assert duties.count("\n| [") == CAPS.preview_rows
    hidden = owned - CAPS.preview_rows
    assert f"*và {hidden} thành phần khác* – [xem toàn bộ](org.tttt/lien-ket.md)" in duties


def test_relations_page_lists_every_relation_once(pages: dict[str, str]) -> None:
    first = f"{V2}/thanh-phan/app.a/lien-ket.md"
    chain = [numbered(first, n) for n in (1, 2, 3)]
    assert all(src in pages for src in chain)
    assert numbered(first, 4) not in pages
    sources = [t for src in chain for t in targets(src, pages[src]) if "/app.x" in t]
    assert sorted(sources) == sorted(f"{V2}/thanh-phan/{a['id']}.md" for a in NEW_APPS)
    assert "12 liên kết đến [Ứng dụng A](../app.a.md)" in pages[first]


def test_comparison_shows_the_first_rows_per_layer_and_links_the_rest(
        pages: dict[str, str]) -> None:
    main = pages["kien-truc/cqdt/so-sanh/1.0-2.0.md"]
    changes = main.split("## Thay đổi theo lớp", 1)[1]
    assert changes.count("| Bổ sung |") == CAPS.preview_rows
    assert ("*và 9 thành phần khác* – [xem toàn bộ](1.0-2.0/applications.md)" in changes)
    assert "## Tóm tắt" in main
    assert "- [**12** thành phần được bổ sung](#loc-" in main  # the summary still counts everything
    layer = "kien-truc/cqdt/so-sanh/1.0-2.0/applications.md"
    chain = [numbered(layer, n) for n in (1, 2, 3)]
    rows = sum(pages[src].count("| Bổ sung |") for src in chain)
    assert rows == len(NEW_APPS)
    assert "[← So sánh phiên bản 1.0 và 2.0](../1.0-2.0.md)" in pages[layer]


@pytest.mark.parametrize("caps", [Caps(), Caps(page_rows=13, preview_rows=14)])
def test_no_sub_pages_below_the_caps(model: Model, caps: Caps) -> None:
    plan = plan_site(model, SiteOptions(diagrams=False, caps=caps))
    srcs = [p.src for p in plan.pages if p.src.endswith(".md")]  # not the diff's JSON
    assert not [s for s in srcs if "/trang-" in s or "lien-ket" in s or "/so-sanh/1.0-2.0/" in s]
    text: Any = next(p.content for p in plan.pages if p.src == f"{V2}/thanh-phan/app.a.md")
    assert "xem toàn bộ" not in text
    assert text.count("| được sử dụng bởi |") == len(NEW_APPS)


def test_big_model_pages_stay_small(tmp_path: Path) -> None:
    """Page size is bounded by the caps, not by the model: 4× the elements, same page size."""
    def largest(count: int) -> int:
        apps = [app(f"app.y{i:04}", relations=[{"type": "uses", "target": "app.a"}])
                for i in range(count)]
        model = write_versions(tmp_path / str(count), [BASE, BASE + apps])
        plan = plan_site(model, SiteOptions(diagrams=False, caps=CAPS))
        # pages only: the comparison's JSON download grows with the model, as data should
        return max(len(p.content) for p in plan.pages if p.src.endswith(".md"))

    assert largest(400) < largest(100) * 1.1


# -- the roadmap and a chapter of layers ------------------------------------------------------

LEAD_ORGS = [{"id": f"org.d{i}", "type": "organization", "name": {"vi": f"Đơn vị {i}"},
              "level": "tinh", "provenance": "illustrative"} for i in range(1, 9)]
PROJECTS = [{"id": f"p{i:02}", "type": "project", "name": {"vi": f"Dự án {i:02}"},
             "lead": f"org.d{(i - 1) % 8 + 1}", "start": 2021,
             "end": 2023 if i <= 2 else 2021 + i % 2, "status": "dang-trien-khai",
             "budget_vnd": 1_000_000 * i, "funding": {"nsdp": 1_000_000 * i},
             "provenance": "illustrative"} for i in range(1, 13)]
"""Twelve projects: all run in 2021, seven in 2022, two in 2023; eight lead agencies."""
PLATFORMS = [{"id": f"plat.{i}", "type": "platform", "name": {"vi": f"Nền tảng {i}"},
              "owner": "org.tttt", "provenance": "illustrative"} for i in (1, 2)]
LAYER_CHAPTER = {"id": "lop-ung-dung", "title": "Các lớp ứng dụng",
                 "layers": ["applications", "integration"]}
"""A chapter that names layers but no element types: it lists the elements of its layers."""
ROADMAP = f"{V2}/lo-trinh.md"
CHAPTER = f"{V2}/lop-ung-dung.md"
NEXT = re.compile(r"\[Trang sau →\]\(([^)]+)\)")


def framework_with_chapters() -> str:
    data = yaml.safe_load(framework("f1", "integration"))
    data["chapters"] = [LAYER_CHAPTER, {"id": "kien-truc-ung-dung", "title": "Kiến trúc ứng dụng",
                                        "layers": ["applications"], "types": ["application"]}]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def roadmap_model(tmp_path_factory: pytest.TempPathFactory) -> Model:
    return write_versions(tmp_path_factory.mktemp("roadmap"),
                          [BASE, BASE + NEW_APPS + PLATFORMS + LEAD_ORGS + PROJECTS],
                          framework_files={"f1": framework_with_chapters()})


def plan_pages(model: Model, caps: Caps) -> tuple[SitePlan, dict[str, str]]:
    plan = plan_site(model, SiteOptions(diagrams=False, caps=caps))
    return plan, {p.src: p.content for p in plan.pages if isinstance(p.content, str)}


@pytest.fixture(scope="module")
def roadmap_site(roadmap_model: Model) -> tuple[SitePlan, dict[str, str]]:
    return plan_pages(roadmap_model, CAPS)


def section(text: str, heading: str) -> str:
    """The text of one section, from ``heading`` to the next heading of any level."""
    return re.split(r"\n#{1,6} ", text.split(heading + "\n", 1)[1], maxsplit=1)[0]


def follow(pages: dict[str, str], first: str) -> list[str]:
    """The pages of a list, page 1 first, reached by following "Trang sau →" links only."""
    chain = [first]
    while (found := NEXT.search(pages[chain[-1]])) is not None:
        chain.append(posixpath.normpath(posixpath.join(posixpath.dirname(chain[-1]),
                                                       found.group(1))))
        assert len(chain) < 20, chain
    return chain


def more_target(src: str, text: str) -> str:
    """The page that the "xem toàn bộ" link of ``text`` (on page ``src``) opens."""
    found = re.findall(r"\[xem toàn bộ\]\(([^)]+)\)", text)
    assert len(found) == 1, text
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), found[0]))


def linked(chain: list[str], pages: dict[str, str], marker: str) -> list[str]:
    return [t for src in chain for t in targets(src, pages[src]) if marker in t]


def element(element_id: str) -> str:
    return f"{V2}/thanh-phan/{element_id}.md"


@pytest.mark.parametrize(("heading", "total", "sub_page", "marker", "expected"), [
    ("### Năm 2021 { data-search-exclude }", 12, "lo-trinh/nam-2021.md", "/thanh-phan/p",
     [p["id"] for p in PROJECTS]),
    ("### Năm 2022 { data-search-exclude }", 7, "lo-trinh/nam-2022.md", "/thanh-phan/p",
     [p["id"] for i, p in enumerate(PROJECTS, 1) if i <= 2 or i % 2]),
    ("## Danh mục dự án, nhiệm vụ { data-search-exclude }", 12, "lo-trinh/du-an.md",
     "/thanh-phan/p", [p["id"] for p in PROJECTS]),
    ("## Theo đơn vị chủ trì { data-search-exclude }", 8, "lo-trinh/chu-tri.md",
     "/thanh-phan/org.d", [o["id"] for o in LEAD_ORGS]),
])
def test_roadmap_table_is_shortened_and_continued_on_numbered_pages(
        roadmap_site: tuple[SitePlan, dict[str, str]], heading: str, total: int,
        sub_page: str, marker: str, expected: list[str]) -> None:
    _, pages = roadmap_site
    text = section(pages[ROADMAP], heading)
    assert text.count("\n| [") == CAPS.preview_rows
    assert f"*và {total - CAPS.preview_rows} thành phần khác* – [xem toàn bộ]" in text
    first = more_target(ROADMAP, text)
    assert first == f"{V2}/{sub_page}"
    chain = follow(pages, first)
    assert len(chain) == -(-total // CAPS.page_rows)
    # every row of the table is on exactly one page of the chain
    assert sorted(linked(chain, pages, marker)) == sorted(element(i) for i in expected)
    assert "[← Lộ trình](" in pages[chain[-1]]
    assert f"(trang {len(chain)}/{len(chain)})" in pages[chain[-1]]


def test_roadmap_keeps_its_summary_and_short_tables(
        roadmap_site: tuple[SitePlan, dict[str, str]]) -> None:
    _, pages = roadmap_site
    text = pages[ROADMAP]
    assert ": 12 dự án, nhiệm vụ." in text
    assert "**Tổng kinh phí dự kiến:** khoảng 80 triệu đồng (minh họa)" in text  # all count
    assert "Kinh phí kế hoạch năm" in section(text, "### Năm 2021 { data-search-exclude }")
    year_2023 = section(text, "### Năm 2023 { data-search-exclude }")
    assert year_2023.count("\n| [") == 2
    assert "xem toàn bộ" not in year_2023
    assert f"{V2}/lo-trinh/nam-2023.md" not in pages
    funding = section(text, "## Theo nguồn vốn { data-search-exclude }")
    assert "| **Tổng** | **khoảng 80 triệu đồng (minh họa)** |" in funding


def test_layer_chapter_lists_the_first_elements_and_links_the_rest(
        roadmap_site: tuple[SitePlan, dict[str, str]]) -> None:
    _, pages = roadmap_site
    applications = section(pages[CHAPTER], "## Ứng dụng")
    assert applications.count("\n- [") == CAPS.preview_rows
    assert "*và 10 thành phần khác* – [xem toàn bộ](lop-ung-dung/applications.md)" in applications
    chain = follow(pages, more_target(CHAPTER, applications))
    assert chain[0] == f"{V2}/lop-ung-dung/applications.md"
    assert len(chain) == 3
    apps = ["app.a", *(a["id"] for a in NEW_APPS)]
    assert linked(chain, pages, "/thanh-phan/app.") == [element(a) for a in apps]
    assert "[← Các lớp ứng dụng](../lop-ung-dung.md)" in pages[chain[0]]
    assert "[← Các lớp ứng dụng](../../lop-ung-dung.md)" in pages[chain[1]]
    integration = section(pages[CHAPTER], "## Tích hợp")
    assert "xem toàn bộ" not in integration
    assert f"{V2}/lop-ung-dung/integration.md" not in pages


def test_new_sub_pages_resolve_and_are_out_of_search_and_navigation(
        roadmap_site: tuple[SitePlan, dict[str, str]]) -> None:
    plan, pages = roadmap_site
    broken = [(src, t) for src, text in pages.items() for t in targets(src, text)
              if t not in pages]
    assert not broken
    sub = [p for p in plan.pages if p.src.startswith((f"{V2}/lo-trinh/", f"{V2}/lop-ung-dung/"))]
    assert len(sub) == 3 + 2 + 3 + 2 + 3  # 2021, 2022, projects, leads, applications
    for page in sub:
        assert page.search is False, page.src
        assert isinstance(page.content, str)
        assert page.content.startswith("---\nsearch:\n  exclude: true\n")
    assert not [p.src for p in plan.pages if p.src in {ROADMAP, CHAPTER} and not p.search]
    nav = repr(plan.nav)
    assert "lo-trinh/" not in nav
    assert "lop-ung-dung/" not in nav


@pytest.mark.parametrize("caps", [Caps(), Caps(page_rows=13, preview_rows=13)])
def test_roadmap_and_layer_chapter_unchanged_below_the_caps(roadmap_model: Model,
                                                            caps: Caps) -> None:
    plan, pages = plan_pages(roadmap_model, caps)
    assert not [p.src for p in plan.pages if "/lo-trinh/" in p.src or "/lop-ung-dung/" in p.src]
    for src in (ROADMAP, CHAPTER):
        assert "xem toàn bộ" not in pages[src]
    roadmap = pages[ROADMAP]
    for heading, rows in (("### Năm 2021", 12), ("### Năm 2022", 7),
                          ("## Danh mục dự án, nhiệm vụ", 12), ("## Theo đơn vị chủ trì", 8)):
        assert section(roadmap, heading + " { data-search-exclude }").count("\n| [") == rows
    assert section(pages[CHAPTER], "## Tích hợp") == (
        "\n- [Nền tảng 1](thanh-phan/plat.1.md)\n- [Nền tảng 2](thanh-phan/plat.2.md)\n")
    assert section(pages[CHAPTER], "## Ứng dụng").count("\n- [") == 13


def test_big_roadmap_stays_small(tmp_path: Path) -> None:
    """The roadmap grows with the years of the period, not with the number of projects."""
    def roadmap_size(count: int) -> int:
        orgs = [{**copy.deepcopy(LEAD_ORGS[0]), "id": f"org.e{i:04}"} for i in range(count)]
        projects = [{**copy.deepcopy(PROJECTS[0]), "id": f"q{i:04}", "lead": f"org.e{i:04}",
                     "end": 2021 + i % 3} for i in range(count)]
        model = write_versions(tmp_path / str(count), [BASE + orgs + projects])
        _, pages = plan_pages(model, CAPS)
        return len(pages["kien-truc/cqdt/1.0/lo-trinh.md"])

    assert roadmap_size(160) < roadmap_size(40) * 1.1


def test_relpath_agrees_with_the_standard_function() -> None:
    import itertools
    import posixpath

    from kientruc.paths import relpath

    parts = ["", ".", "kien-truc", "kien-truc/cqdt", "kien-truc/cqdt/2.0",
             "kien-truc/cqdt/2.0/thanh-phan/app.x.md", "kien-truc/dttm/1.0/", "danh-muc/",
             "index.md", "a/b/../c", "/abs/x", "kien-truc/cqdt/2.0/thanh-phan"]
    for path, start in itertools.product(parts, repeat=2):
        if path and start:
            assert relpath(path, start) == posixpath.relpath(path, start), (path, start)
