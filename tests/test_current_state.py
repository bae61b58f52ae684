"""The "Hiện trạng" chapter: told from the model, true to it, first after the overview."""

from __future__ import annotations

import re

import pytest
from conftest import REPO_ROOT
from kientruc.model import load_model
from kientruc.site.plan import SiteOptions, plan_site


@pytest.fixture(scope="module")
def site():
    model = load_model(REPO_ROOT / "arch")
    plan = plan_site(model, SiteOptions(diagrams=False))
    return model, plan, {p.src: p.content for p in plan.pages}


def rows(text: str, heading: str) -> list[list[str]]:
    part = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [[c.strip() for c in line.strip("|").split("|")] for line in part.splitlines()
            if line.startswith("| ") and not line.startswith("| Dự án") and "---" not in line
            and not line.startswith("| Lớp |")]


def test_the_2016_2020_platform_project_is_completed_and_carried_into_2_0(site) -> None:
    _, _, pages = site
    text = pages["kien-truc/cqdt/2.0/hien-trang.md"]
    row = next(r for r in rows(text, "## Kết quả giai đoạn 2016–2020")
               if "tb.prj.2016-nen-tang-cqdt" in r[0])
    assert row[2:4] == ["Hoàn thành, kế thừa", "45.000.000.000 đ"]  # confirmed: exact
    assert "[LGSP](thanh-phan/tb.platform.lgsp.md)" in row[4]  # the 2.0 page of what it built
    unfinished = next(r for r in rows(text, "## Kết quả giai đoạn 2016–2020")
                      if "tb.prj.2020-kien-truc-cqdt-2-0" in r[0])
    assert unfinished[2] == "Đang triển khai; không tiếp tục"
    assert "(minh họa)" not in row[0]
    assert "Loại bỏ" not in text


def test_the_layer_counts_are_the_models(site) -> None:
    model, _, pages = site
    for key in ("cqdt/2.0", "dttm/1.0"):
        snapshot = model.snapshots[key]
        text = pages[f"kien-truc/{key}/hien-trang.md"]
        names = {layer.name_vi: layer.id for layer in snapshot.framework.layers}
        table = rows(text, "## Hiện trạng theo lớp")
        assert table, key
        for row in table:
            layer = names[row[0]]
            expected = [str(sum(1 for e in snapshot.elements.values()
                                if e.layer == layer and e.state == state))
                        for state in ("hien-trang", "dang-trien-khai", "muc-tieu")]
            assert row[1:4] == expected, (key, row[0])


def test_a_first_version_has_no_previous_results_and_lists_its_issues(site) -> None:
    model, _, pages = site
    text = pages["kien-truc/dttm/1.0/hien-trang.md"]
    assert "## Kết quả giai đoạn" not in text
    issues = list(model.snapshots["dttm/1.0"].of_type("issue"))
    assert f"{len(issues)} khó khăn, vướng mắc được báo cáo" in text or not issues


def test_the_chapter_comes_right_after_the_overview_in_the_navigation(site) -> None:
    _, plan, _ = site
    text = repr(plan.nav)
    for key in ("cqdt/2.0", "cqdt/1.0", "dttm/1.0"):
        assert re.search(rf"'Tổng quan': 'kien-truc/{key}/index.md'\}}, \{{'Hiện trạng': "
                         rf"'kien-truc/{key}/hien-trang.md'\}}", text), key
