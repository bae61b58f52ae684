"""Every agency sees its work: districts and the city have tasks by year, sentences not "0 …"."""

from __future__ import annotations

import re
from pathlib import Path

import golden
import pytest
from conftest import REPO_ROOT, with_base, write_files
from kientruc.errors import ModelError
from kientruc.labels import org_kind_label
from kientruc.model import load_model
from kientruc.site.plan import SiteOptions, plan_site

GOLDEN = Path(__file__).parent / "goldens" / "agency" / "tien-hai.yml"


@pytest.fixture(scope="module")
def reference() -> tuple[object, dict[str, str]]:
    model = load_model(REPO_ROOT / "arch")
    plan = plan_site(model, SiteOptions(diagrams=False))
    return model, {p.src: p.content for p in plan.pages if isinstance(p.content, str)}


def _section(markdown: str, title: str) -> str:
    found = re.search(rf"^## {title}.*?(?=^## |\Z)", markdown, re.M | re.S)
    return found.group(0).strip() if found else ""


def test_every_district_and_the_city_has_tasks_for_each_year(reference) -> None:
    model, pages = reference
    snapshot = model.snapshots["cqdt/2.0"]
    districts = [e for e in snapshot.of_type("organization")
                 if e.attrs.get("level") == "huyen" and e.attrs.get("org_type") == "ubnd"]
    assert len(districts) == 8  # 7 districts and the city (domain README §7.1)
    for org in districts:
        work = _section(pages[f"kien-truc/cqdt/2.0/thanh-phan/{org.id}.md"], "Việc theo năm")
        assert work, org.id
        years = re.findall(r"^\| (20\d\d) \|", work, re.M)
        assert set(years) >= {"2021", "2022", "2023", "2024", "2025"}, org.id
        assert "việc giao cho mọi Ủy ban nhân dân cấp huyện" in work


def test_a_departments_page_inherits_the_tasks_of_all_departments(reference) -> None:
    _, pages = reference
    work = _section(pages["kien-truc/cqdt/2.0/thanh-phan/tb.org.so-gtvt.md"], "Việc theo năm")
    assert "Triển khai Chính quyền điện tử tại các sở, ban, ngành" in work
    assert "UBND các huyện" not in work  # a department is not a district


def test_the_leads_own_projects_come_first_in_its_role_count(reference) -> None:
    _, pages = reference
    work = _section(pages["kien-truc/cqdt/2.0/thanh-phan/tb.org.ubnd-tp-thai-binh.md"],
                    "Việc theo năm")
    assert re.search(r"\(chủ trì \d+, phối hợp \d+, thực hiện \d+\)", work), work[:400]


def test_the_district_page_section_matches_its_golden(reference) -> None:
    _, pages = reference
    page = pages["kien-truc/cqdt/2.0/thanh-phan/tb.org.ubnd-huyen-tien-hai.md"]
    actual = {"work": _section(page, "Việc theo năm"),
              "duties": _section(page, "Nhiệm vụ và trách nhiệm")}
    golden.check(GOLDEN, golden.read(GOLDEN) if GOLDEN.exists() else {}, actual)


def test_org_kind_labels() -> None:
    assert org_kind_label("huyen", "ubnd") == "mọi Ủy ban nhân dân cấp huyện"
    assert org_kind_label("tinh", None) == "mọi cơ quan cấp tỉnh"


def test_the_diagram_summary_never_says_zero(reference) -> None:
    from kientruc.paths import SitePaths
    from kientruc.views import organization_view

    model, _ = reference
    snapshot = model.snapshots["cqdt/2.0"]
    for org in snapshot.of_type("organization"):
        summary = organization_view(model, snapshot, org, SitePaths()).summary
        assert not re.search(r"\b0 (thành phần|dự án)", summary), summary
    idle = snapshot.elements["tb.org.ubnd-huyen-tien-hai"]
    assert "không là chủ quản" in organization_view(model, snapshot, idle, SitePaths()).summary


def test_an_unknown_kind_is_a_located_error(tmp_path: Path) -> None:
    project = """
  - id: prj.x
    type: project
    name: {vi: Nhiệm vụ}
    kind: nhiem-vu
    lead: org.so-tttt
    carried_out_by: [{level: quan, org_type: ubnd}]
    start: 2021
    end: 2022
    status: chua-trien-khai
    provenance: illustrative
"""
    tree = with_base({})
    tree["arch/cqdt/2.0/thanh-phan.yaml"] = str(tree["arch/cqdt/2.0/thanh-phan.yaml"]) + project
    write_files(tmp_path, tree)
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path / "arch")
    text = str(caught.value)
    assert "thanh-phan.yaml:" in text and "quan" in text and "huyen" in text, text


def test_dates_read_as_vietnamese_write_them() -> None:
    from kientruc.text import date_vi

    assert date_vi("2021-11-02") == "02/11/2021"
    assert date_vi("2021") == "2021"
