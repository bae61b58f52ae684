"""The reference content keeps the corrections of the domain facts (../shared/domain §12).

Each test is one fact a reader from a Department of Information and Communications checks first;
a later edit that brings an anachronism or a misnamed layer back fails here.
"""

from __future__ import annotations

import pytest
from conftest import REPO_ROOT
from kientruc.model import load_model

DRAFTED = "2020-11-19"
"""The day the 2.0 and smart-city drafts were reported (domain §9): their content stops there."""


@pytest.fixture(scope="module")
def model():
    return load_model(REPO_ROOT / "arch")


def test_the_smart_city_framework_uses_the_names_of_qd_829(model) -> None:
    names = {layer.name_vi for layer in model.snapshots["dttm/1.0"].framework.layers}
    for name in ("Lớp Điện toán và lưu trữ", "Lớp Mạng kết nối", "Lớp Thu thập dữ liệu",
                 "Hệ thống định danh", "Hệ thống định vị", "Hệ thống xây dựng",
                 "Hệ thống bảo trì và hoạt động"):
        assert name in names, name
    assert not names & {"Lớp Hạ tầng ICT", "Lớp Kết nối", "Lớp Thiết bị, cảm biến"}
    additions = [n for n in names if "Chỉ đạo" in n or "bên ngoài" in n]
    assert additions and all("bổ sung của tỉnh" in n for n in additions)


def test_framework_1_0_has_no_duplicate_database_layer_and_has_standards(model) -> None:
    framework = model.snapshots["cqdt/1.0"].framework
    ids = [layer.id for layer in framework.layers]
    assert "data" not in ids and "standards" in ids
    for name in ("vneaf-1.0", "vneaf-2.0"):  # the layer lists are a reconstruction
        text = (REPO_ROOT / "arch" / "frameworks" / f"{name}.yaml").read_text(encoding="utf-8")
        assert "\nprovenance: illustrative\n" in text, name


@pytest.mark.parametrize("key", ["cqdt/2.0", "dttm/1.0"])
def test_the_2020_drafts_hold_nothing_from_after_them(model, key: str) -> None:
    snapshot = model.snapshots[key]
    assert "vn.vb.nd-107-2021-cp" not in snapshot.legal_basis
    for element in snapshot.elements.values():
        assert "vn.vb.nd-107-2021-cp" not in element.related("based_on"), element.id
        if element.type == "issue":
            assert str(element.attrs["date"]) <= DRAFTED, element.id
            assert element.attrs["status"] != "da-giai-quyet", element.id
        if element.type == "project" and int(element.attrs["start"]) > 2020:
            assert element.attrs["status"] == "chua-trien-khai", element.id


def test_the_one_stop_system_has_its_2020_name(model) -> None:
    system = model.snapshots["cqdt/2.0"].elements["tb.app.giai-quyet-tthc"]
    assert system.name_vi.startswith("Cổng Dịch vụ công và Hệ thống thông tin một cửa điện tử")
    assert "61/2018/NĐ-CP" in (system.description or "")


def test_thai_binh_facts(model) -> None:
    assert "286" in model.snapshots["cqdt/1.0"].elements["tb.org.ubnd-cap-xa"].name_vi
    assert "260" in model.snapshots["cqdt/2.0"].elements["tb.org.ubnd-cap-xa"].name_vi
    for key in ("cqdt/1.0", "cqdt/2.0", "dttm/1.0"):
        snapshot = model.snapshots[key]
        assert "19/08/2005" not in (snapshot.elements["tb.org.so-tttt"].description or "")
        tslcd = snapshot.elements["tb.net.tslcd"]
        assert tslcd.provenance != "confirmed" or not tslcd.related("operated_by"), key


def test_the_laws_are_in_the_legal_basis(model) -> None:
    basis = model.snapshots["cqdt/2.0"].legal_basis
    for law in ("vn.vb.luat-67-2006-qh11", "vn.vb.luat-77-2015-qh13", "vn.vb.luat-24-2018-qh14"):
        assert law in basis, law
    assert "vn.vb.luat-24-2018-qh14" not in model.snapshots["cqdt/1.0"].legal_basis  # 2016–2020


def test_the_finished_platform_project_is_completed_in_the_comparison(model) -> None:
    from kientruc.compare.diff import compare

    comparison = compare(model, model.snapshots["cqdt/1.0"], model.snapshots["cqdt/2.0"])
    status = {e.id: e.status for e in comparison.elements}
    assert status["tb.prj.2016-nen-tang-cqdt"] == "completed"


def test_no_invented_amount_is_shown_to_the_dong(model) -> None:
    """Domain notes §12.6: illustrative amounts are rounded and said to be illustrative."""
    from kientruc.md import vnd
    from kientruc.site.plan import SiteOptions, plan_site

    pages = {p.src: p.content for p in plan_site(model, SiteOptions(diagrams=False)).pages}
    checked = 0
    for snapshot in model.snapshots.values():
        roadmap = pages[f"kien-truc/{snapshot.key}/lo-trinh.md"]
        for project in snapshot.of_type("project"):
            budget = project.attrs.get("budget_vnd")
            if project.provenance != "illustrative" or not budget:
                continue
            checked += 1
            exact = vnd(budget)
            page = pages[f"kien-truc/{snapshot.key}/thanh-phan/{project.id}.md"]
            assert exact not in roadmap and exact not in page, (snapshot.key, project.id)
    assert checked >= 5
    assert "(minh họa)" in pages["kien-truc/cqdt/2.0/lo-trinh.md"]


ENGLISH = ("Platform", "Database", "Application", "Stakeholder", "Issue", "Dashboard",
           "Roadmap", "Framework", "e-Government", "Smart City", "Layer")
"""English words a Vietnamese reader should not meet in running text (domain notes §12.6)."""


def test_reader_pages_say_it_in_vietnamese(model) -> None:
    """No English type or concept names on generated pages.

    English belongs in the glossary's and the metamodel reference's English columns and in an
    element's own "Tên tiếng Anh" row, nowhere else.
    """
    import re

    from kientruc.site.plan import SiteOptions, plan_site

    found = []
    for page in plan_site(model, SiteOptions(diagrams=False)).pages:
        if not page.src.endswith(".md") or page.src.endswith(("thuat-ngu.md", "mo-hinh.md")):
            continue
        text = page.content if isinstance(page.content, str) else page.content.decode()
        text = re.sub(r"\]\([^)]*\)|`[^`]*`", "", text)  # link targets and code are not prose
        lines = [line for line in text.splitlines()
                 if not line.startswith(("| Tên tiếng Anh", "title:", "description:"))]
        for word in ENGLISH:
            if re.search(rf"\b{re.escape(word)}\b", "\n".join(lines)):
                found.append((page.src, word))
    assert found == []
