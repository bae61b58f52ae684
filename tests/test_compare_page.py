"""The comparison page and the page to pick two versions: Markdown, links, and one real build."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from kientruc.compare.diff import compare
from kientruc.compare.history import Histories, element_history, retired_elements
from kientruc.model import load_model
from kientruc.paths import SitePaths
from kientruc.site.pages.comparison import (
    comparison_index_markdown,
    comparison_markdown,
    history_markdown,
    retired_markdown,
    version_pairs,
)
from test_diff import BASE, app, pair, write_versions

if TYPE_CHECKING:
    from kientruc.model.types import Model

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"
ASSETS = Path(__file__).parent.parent / "plugins" / "kientruc" / "assets"
PATHS = SitePaths()
PAGE = PATHS.comparison("demo", "1.0", "2.0")
DIAGRAMS = {"old_diagram_html": '<figure class="kt-diagram">CŨ</figure>',
            "new_diagram_html": '<figure class="kt-diagram">MỚI</figure>',
            "union_diagram_html": '<figure class="kt-diagram">HỢP NHẤT</figure>'}


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(FIXTURE)


@pytest.fixture(scope="module")
def compare_md(model: Model) -> str:
    comparison = compare(model, model.snapshots["demo/1.0"], model.snapshots["demo/2.0"])
    return comparison_markdown(model, comparison, PATHS, PAGE, **DIAGRAMS)


def row(markdown: str, first_cell: str) -> str:
    """The table row whose first cell is ``first_cell``."""
    found = [line for line in markdown.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(found) == 1, (first_cell, found)
    return found[0]


def test_summary_and_roadmap(compare_md: str) -> None:
    assert re.search(r"- \[\*\*5\*\* thành phần được bổ sung\]\(#loc-\w+\)", compare_md)
    assert "thành phần bị loại bỏ" not in compare_md  # the finished project is not "removed"
    assert ("- [**1** thành phần là dự án, nhiệm vụ đã hoàn thành ở phiên bản trước](#loc-"
            in compare_md)
    assert "- [**2** thành phần được hợp nhất vào hoặc thay thế bằng thành phần khác](#loc-" in compare_md
    assert "- [**1** thành phần được đổi tên, đổi mã](#loc-" in compare_md
    # each count links to the filter that shows only that kind of change
    for target in re.findall(r"\]\(#(loc-\w+)\)", compare_md):
        assert f'id="{target}"' in compare_md, target
    assert "2 thành phần không đổi." in compare_md
    assert row(compare_md, "Ứng dụng") == "| Ứng dụng | 1 | 0 | 2 | 0 | 1 | 0 | 0 |"
    assert row(compare_md, "**Tổng cộng**").endswith(
        "| **5** | **0** | **2** | **1** | **1** | **1** | **2** |")
    assert row(compare_md, "Số dự án, nhiệm vụ") == "| Số dự án, nhiệm vụ | 1 | 1 | 0 |"
    assert row(compare_md, "Tổng kinh phí") == (
        "| Tổng kinh phí | khoảng 45 tỷ đồng (minh họa) | khoảng 8 tỷ đồng (minh họa) "
        "| khoảng −37 tỷ đồng |")


def test_diagrams_side_by_side_then_union(compare_md: str) -> None:
    grid = compare_md.index('<div class="grid kt-compare" markdown>')
    assert grid < compare_md.index("**Phiên bản 1.0**") < compare_md.index("CŨ") < compare_md.index(
        "**Phiên bản 2.0**") < compare_md.index("MỚI") < compare_md.index("## Sơ đồ hợp nhất") < compare_md.index(
        "HỢP NHẤT")
    assert compare_md.count('<div class="kt-compare__side" markdown>') == 2


def test_frameworks_note_maps_layers(compare_md: str, tmp_path: Path) -> None:
    assert '!!! note "Hai phiên bản theo hai khung kiến trúc khác nhau"' in compare_md
    assert "    | Hệ thống kết nối, liên thông (GSP) | Nền tảng tích hợp, chia sẻ dữ liệu |" in compare_md
    same = pair(tmp_path, BASE, [*BASE, app("app.b")])
    model = load_model(tmp_path / "arch")
    markdown = comparison_markdown(model, same, PATHS, PATHS.comparison("cqdt", "1.0", "2.0"),
                                   **DIAGRAMS)
    assert "!!! note" not in markdown


def test_change_tables_link_both_versions(compare_md: str) -> None:
    renamed = row(compare_md, "Hệ thống thông tin đất đai")
    assert ("Tên: <del class=\"kt-del\"><span class=\"kt-sr\">đã xoá: </span>Phần mềm quản lý"
            "</del> <ins class=\"kt-ins\"><span class=\"kt-sr\">đã thêm: </span>Hệ thống "
            "thông tin</ins> đất đai") in renamed
    assert "Mã: app.dat-dai → app.quan-ly-dat-dai" in renamed
    assert renamed.endswith("| [phiên bản 1.0](../1.0/thanh-phan/app.dat-dai.md) · "
                            "[phiên bản 2.0](../2.0/thanh-phan/app.quan-ly-dat-dai.md) |")
    removed = row(compare_md, "Xây dựng nền tảng chính quyền điện tử")
    assert removed.endswith("| [phiên bản 1.0](../1.0/thanh-phan/prj.nen-tang.md) |")
    added = row(compare_md, "Cơ sở dữ liệu dùng chung của tỉnh")
    assert added.endswith("| [phiên bản 2.0](../2.0/thanh-phan/db.dung-chung.md) |")
    merged = row(compare_md, "Hệ thống một cửa điện tử")
    assert ("Được thay thế bởi: [Hệ thống thông tin giải quyết thủ tục hành chính tỉnh]"
            "(../2.0/thanh-phan/app.giai-quyet-tthc.md)") in merged
    sections = re.findall(r"^### (.+?)(?: \{ data-search-exclude \})?$", compare_md, flags=re.MULTILINE)
    assert sections == ["Lộ trình, dự án", "Ứng dụng", "Nền tảng tích hợp, chia sẻ dữ liệu",
                        "Dữ liệu", "Hạ tầng kỹ thuật", "Chỉ đạo, chính sách, tiêu chuẩn"]


def test_output_is_deterministic(model: Model, compare_md: str) -> None:
    again = compare(model, model.snapshots["demo/1.0"], model.snapshots["demo/2.0"])
    assert comparison_markdown(model, again, PATHS, PAGE, **DIAGRAMS) == compare_md


def test_index_links_every_pair(tmp_path: Path) -> None:
    model = write_versions(tmp_path, [BASE, BASE, BASE])
    assert [(a.version, b.version) for a, b in version_pairs(model, "cqdt")] == [
        ("1.0", "2.0"), ("1.0", "3.0"), ("2.0", "3.0")]
    src = PATHS.comparison_index("cqdt")
    markdown = comparison_index_markdown(model, "cqdt", PATHS, src)
    assert row(markdown, "**1.0**") == (
        "| **1.0** | [1.0 → 2.0](1.0-2.0.md) | [1.0 → 3.0](1.0-3.0.md) |")
    assert row(markdown, "**2.0**") == "| **2.0** | — | [2.0 → 3.0](2.0-3.0.md) |"
    assert "- [Phiên bản 2.0 → 3.0](2.0-3.0.md)" in markdown
    single = write_versions(tmp_path / "one", [BASE])
    assert "mới có một phiên bản" in comparison_index_markdown(single, "cqdt", PATHS, src)


def test_print_stylesheet_keeps_both_sides() -> None:
    css = (ASSETS / "compare.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    assert ".kt-compare.grid" in printed
    assert "grid-template-columns: 1fr 1fr" in printed
    assert "overflow: visible" in printed
    assert "table-header-group" in printed


def test_real_build(tmp_path: Path, model: Model, compare_md: str) -> None:
    """The compare_md builds under --strict: md_in_html grid, admonition table, every link resolves."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    index = PATHS.comparison_index("demo")
    pages = {PAGE: compare_md, index: comparison_index_markdown(model, "demo", PATHS, index)}
    for retired in retired_elements(model, "demo/2.0"):
        pages[PATHS.element("demo/2.0", retired.id)] = retired_markdown(
            Histories(model), retired, "demo/2.0", PATHS)
    element = PATHS.element("demo/2.0", "app.quan-ly-dat-dai")
    pages[element] = "# Trang\n\n" + history_markdown(
        Histories(model), "demo", element_history(model, "demo", "app.quan-ly-dat-dai"), PATHS, element)
    for src, text in list(pages.items()):
        for target in re.findall(r"\]\(([^)]+\.md)\)", text):
            pages.setdefault(_norm(Path(src).parent / target), "# Trang\n")
    pages[PATHS.comparison_data("demo", "1.0", "2.0")] = "{}\n"  # the diff's JSON, linked
    for src, text in pages.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Thử\ntheme: {name: material, language: vi, font: false}\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables]\n",
        encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"),
                         site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    html = (tmp_path / "site" / PAGE.removesuffix(".md") / "index.html").read_text(
        encoding="utf-8")
    assert re.search(r'<div class="grid kt-compare">\s*<div class="kt-compare__side">', html)
    assert html.count('class="kt-compare__side"') == 2
    assert re.search(r'<div class="admonition note">.*?<table>', html, flags=re.DOTALL)
    assert 'href="../../1.0/thanh-phan/app.dat-dai/"' in html
    retired = (tmp_path / "site" / "kien-truc/demo/2.0/thanh-phan/app.mot-cua/index.html")
    assert '<div class="admonition warning">' in retired.read_text(encoding="utf-8")


def test_history_section(model: Model) -> None:
    element = PATHS.element("demo/2.0", "app.quan-ly-dat-dai")
    markdown = history_markdown(Histories(model), "demo",
                                element_history(model, "demo", "app.quan-ly-dat-dai"),
                                PATHS, element)
    assert markdown.startswith("Có từ 1.0; đổi mã ở 2.0 (mã cũ: app.dat-dai), thay đổi: tên, "
                               "đơn vị vận hành.\n")
    assert row(markdown, "[Phiên bản 1.0](../../1.0/thanh-phan/app.dat-dai.md)").endswith(
        "| Có từ phiên bản này | — |")
    current = row(markdown, "**Phiên bản 2.0**")
    assert "Đổi mã (mã cũ: app.dat-dai)" in current
    assert "Tên: Phần mềm quản lý đất đai → Hệ thống thông tin đất đai" in current
    merged = history_markdown(Histories(model), "demo", element_history(model, "demo", "app.mot-cua"),
                              PATHS, PATHS.element("demo/1.0", "app.mot-cua"))
    assert row(merged, "[Phiên bản 2.0](../../2.0/thanh-phan/app.mot-cua.md)").startswith(
        "| [Phiên bản 2.0](../../2.0/thanh-phan/app.mot-cua.md) | Được thay thế bởi "
        "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh |")


@pytest.mark.parametrize(("element_id", "expected"), [
    ("app.mot-cua", "được hợp nhất vào hoặc thay thế bằng: [Hệ thống thông tin giải quyết thủ "
                    "tục hành chính tỉnh](app.giai-quyet-tthc.md)"),
    ("app.dat-dai", "Xem [Hệ thống thông tin đất đai](app.quan-ly-dat-dai.md) ở phiên bản 2.0"),
    ("prj.nen-tang", "đã hoàn thành ở [phiên bản 1.0]"),
])
def test_retired_pages(model: Model, element_id: str, expected: str) -> None:
    retired = {r.id: r for r in retired_elements(model, "demo/2.0")}[element_id]
    markdown = retired_markdown(Histories(model), retired, "demo/2.0", PATHS)
    assert '!!! warning "Không còn trong phiên bản 2.0"' in markdown
    assert f"[phiên bản 1.0](../../1.0/thanh-phan/{element_id}.md)" in markdown
    assert expected in markdown


def _norm(path: Path) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
