"""The site planner: which pages exist, what they say, and a navigation that does not grow."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from kientruc.model import load_model
from kientruc.site.plan import SiteOptions, plan_site

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    plan = plan_site(load_model(FIXTURE), SiteOptions(diagrams=False))
    return {p.src: p.content for p in plan.pages if isinstance(p.content, str)}


@pytest.fixture(scope="module")
def plan():
    return plan_site(load_model(FIXTURE, repo_root=FIXTURE.parents[2]), SiteOptions(diagrams=False))


def _flatten(nav) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, str):
            out.append(item)
        else:
            for value in item.values():
                out.extend(_flatten(value) if isinstance(value, list) else [value])
    return out


def test_every_element_has_a_page_in_its_version(pages):
    model = load_model(FIXTURE)
    for key, snapshot in model.snapshots.items():
        for element_id in snapshot.elements:
            assert f"kien-truc/{key}/thanh-phan/{element_id}.md" in pages
    for element_id in model.common:
        assert f"kien-truc/chung/{element_id}.md" in pages


def test_navigation_never_lists_elements_and_stays_small(plan):
    entries = _flatten(plan.nav)
    assert not [e for e in entries if "/thanh-phan/" in e or "/danh-muc/" in e]
    per_version = [e for e in entries if e.startswith("kien-truc/demo/2.0/")]
    assert 5 <= len(per_version) <= 20


def test_organization_page_lists_its_duties(pages):
    text = pages["kien-truc/demo/2.0/thanh-phan/org.so-tttt.md"]
    assert "## Nhiệm vụ và trách nhiệm" in text
    assert "### Chủ quản" in text and "[Nền tảng tích hợp, chia sẻ dữ liệu tỉnh](platform.lgsp.md)" in text
    assert "### Dự án, nhiệm vụ chủ trì" in text and "khoảng 8 tỷ đồng" in text
    assert "### Khó khăn, vướng mắc tiếp nhận" in text


def test_element_page_shows_relations_both_ways_and_provenance(pages):
    text = pages["kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"]
    assert "| liên thông với | [Nền tảng tích hợp, chia sẻ dữ liệu quốc gia](../../../chung/vn.platform.ngsp.md) | Dữ liệu dùng chung |" in text
    assert "| được tạo ra bởi dự án | [Nâng cấp LGSP và kết nối NGSP](prj.lgsp.md) |" in text
    assert "Thông tin minh họa" in text


def test_exchange_through_platform_names_the_platform(pages):
    text = pages["kien-truc/demo/2.0/thanh-phan/app.giai-quyet-tthc.md"]
    assert "qua [LGSP](platform.lgsp.md); Hồ sơ đất đai" in text


def test_version_switcher_links_same_element(pages):
    text = pages["kien-truc/demo/2.0/thanh-phan/node.ttdl.md"]
    assert "[1.0](../../1.0/thanh-phan/node.ttdl.md)" in text


def test_roadmap_totals_by_year_and_source(pages):
    text = pages["kien-truc/demo/1.0/lo-trinh.md"]
    # the fixture's amounts are illustrative: rounded and said so, never to the đồng
    assert "**Tổng kinh phí dự kiến:** khoảng 45 tỷ đồng (minh họa)." in text
    assert "### Năm 2018" in text and "### Năm 2019" in text
    assert "| Ngân sách trung ương | khoảng 31,5 tỷ đồng (minh họa) | 70% |" in text
    assert " *(minh họa)* |" in text  # each illustrative project row says so, once
    assert "45.000.000.000" not in text


def test_confirmed_amounts_are_shown_to_the_dong(tmp_path):
    root = tmp_path / "arch"
    shutil.copytree(FIXTURE, root)
    path = next((root / "demo" / "1.0").glob("*.yaml"), None)
    for path in (root / "demo" / "1.0").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "budget_vnd: 45000000000" in text:
            path.write_text(text.replace("provenance: illustrative", "provenance: confirmed"),
                            encoding="utf-8")
    plan = plan_site(load_model(root), SiteOptions(diagrams=False))
    text = {p.src: p.content for p in plan.pages}["kien-truc/demo/1.0/lo-trinh.md"]
    assert "**Tổng kinh phí dự kiến:** 45.000.000.000 đ." in text
    assert "| Ngân sách trung ương | 31.500.000.000 đ | 70% |" in text
    assert "minh họa)* |" not in text


def test_pages_carry_their_yaml_source_for_the_edit_link(plan):
    by_src = {p.src: p for p in plan.pages}
    assert by_src["kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"].edit == (
        "tests/fixtures/sample_arch/demo/2.0/thanh-phan.yaml")
    assert by_src["kien-truc/demo/2.0/index.md"].edit.endswith("demo/2.0/version.yaml")


def test_home_lists_versions_with_status(pages):
    text = pages["index.md"]
    assert "Phiên bản 1.0" in text and "Phiên bản 2.0" in text
    assert "Đã được thay thế" in text and "Dự thảo" in text


def test_unapproved_version_never_claims_a_decision(pages):
    assert "Chưa có quyết định phê duyệt được công bố." in pages["kien-truc/demo/2.0/index.md"]


def test_catalogues_are_kept_out_of_search(plan):
    flags = {p.src: p.search for p in plan.pages}
    assert flags["kien-truc/demo/2.0/danh-muc/ung-dung.md"] is False
    assert flags["kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"] is True


def test_markdown_special_characters_in_names_are_escaped(tmp_path):
    import shutil

    root = tmp_path / "arch"
    shutil.copytree(FIXTURE, root)
    path = root / "demo" / "2.0" / "thanh-phan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Cơ sở dữ liệu dùng chung của tỉnh", '"CSDL | dùng *chung* [tỉnh]"'), encoding="utf-8")
    plan = plan_site(load_model(root), SiteOptions(diagrams=False))
    text = {p.src: p.content for p in plan.pages}["kien-truc/demo/2.0/danh-muc/co-so-du-lieu.md"]
    assert "CSDL &#124; dùng \\*chung\\* \\[tỉnh\\]" in text


def test_metamodel_reference_is_generated_from_the_table(pages):
    text = pages["huong-dan/mo-hinh.md"]
    assert "| `application` | Ứng dụng | Application | `ApplicationComponent` |" in text
    assert "`owner` → quan hệ `owned_by`" in text
    # version.yaml, approval and relation fields are documented, in Vietnamese, no class names
    assert "| `title` | Tên phiên bản | có | `{vi: …, en: …}` |" in text
    assert "| `number` | Số | có | văn bản |" in text  # of the approval freeze needs
    assert "| `via` | Qua |  | văn bản (có thể bỏ trống) |" in text
    assert "`{tasks, budget_vnd}`" in text
    assert re.search(r"`[A-Z]\w*(?:Spec|Plan|Kind|File)`|kientruc\.", text) is None


def test_relation_tables_and_histories_are_kept_out_of_search(pages):
    text = pages["kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"]
    assert "## Liên kết đi { data-search-exclude }" in text
    assert "## Thông tin chung\n" in text  # the element's own facts stay searchable


def test_diagrams_are_inserted_after_markdown(tmp_path):
    plan = plan_site(load_model(FIXTURE), SiteOptions(diagrams=True))
    from kientruc.site.plan import late_blocks

    seen = []

    def render(views):
        seen.extend(v.id for v in views)
        return {v.id: (f"<svg id='{v.id}'></svg>", None) for v in views}

    late = dict(late_blocks(plan, render, lambda view, svg, error, page: f"<div>{svg}</div>"))
    assert len(seen) == len(set(seen)), "each distinct view is drawn once"
    src = "kien-truc/demo/2.0/so-do-tong-the.md"
    page = {p.src: p for p in plan.pages}[src]
    marker, html = late[src][0]
    assert marker in page.content and "<svg" not in page.content
    assert html.startswith("<div><svg id=")


def test_late_blocks_in_small_chunks_equal_one_batch():
    from kientruc.site.plan import late_blocks

    plan = plan_site(load_model(FIXTURE), SiteOptions(diagrams=True))
    calls = []

    def render(views):
        calls.append(len(views))
        return {v.id: (f"<svg id='{v.id}'></svg>", None) for v in views}

    def embed(view, svg, error, page):
        return f"<div data-page='{page}'>{svg}</div>"

    whole = dict(late_blocks(plan, render, embed, chunk=len(plan.pages)))
    assert len(calls) == 1
    calls.clear()
    chunked = dict(late_blocks(plan, render, embed, chunk=3))
    assert chunked == whole
    assert len(calls) == -(-len(whole) // 3)  # one render call per chunk of three pages
    assert max(calls) <= 3 * max(len(p.diagrams) for p in plan.pages)


def test_only_the_newest_version_of_an_element_is_searchable(plan):
    flags = {p.src: p for p in plan.pages}
    both = "thanh-phan/node.ttdl.md"  # in 1.0 and 2.0
    assert flags[f"kien-truc/demo/2.0/{both}"].search
    old = flags[f"kien-truc/demo/1.0/{both}"]
    assert not old.search and old.content.startswith("---\nsearch:\n  exclude: true\n")
    # an element that 2.0 renamed stays findable under its new page only
    assert not flags["kien-truc/demo/1.0/thanh-phan/app.dat-dai.md"].search
    # one that 2.0 no longer has at all stays findable in its last version
    assert flags["kien-truc/demo/1.0/thanh-phan/prj.nen-tang.md"].search


def test_systems_rank_above_what_mentions_them_in_search(plan):
    by_src = {p.src: p.content for p in plan.pages}
    assert by_src["kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"].startswith(
        "---\nsearch:\n  boost: 2\n")
    assert "boost" not in by_src["kien-truc/demo/2.0/thanh-phan/prj.lgsp.md"].split("---")[1]
