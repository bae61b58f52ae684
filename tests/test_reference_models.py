"""Reference models of a framework: codes checked against the framework data, one page each."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE_ELEMENTS, BASE_FRAMEWORK, REPO_ROOT, with_base, write_files
from kientruc.errors import ModelError
from kientruc.model import load_model
from kientruc.site.plan import SiteOptions, plan_site

F = "arch/frameworks/vneaf-2.0.yaml"
E = "arch/cqdt/2.0/thanh-phan.yaml"
MODELS = """\
reference_models:
  - id: DRM
    name: {vi: "Mô hình tham chiếu dữ liệu"}
    types: [database]
    codes:
      - {code: DRM001, name: "Dữ liệu lĩnh vực kinh tế"}
      - {code: DRM001.001, name: "Hỗ trợ doanh nghiệp và các ngành kinh tế"}
  - id: ARM
    name: {vi: "Mô hình tham chiếu ứng dụng"}
    types: [application]
"""


def database(code: str, element_id: str = "db.moi") -> str:
    return (f"  - id: {element_id}\n    type: database\n    name: {{vi: \"CSDL thử\"}}\n"
            f"    scope: chuyen-nganh\n    ref_model_code: {code}\n"
            "    provenance: illustrative\n")


def load(tmp_path: Path, elements: str, framework: str = BASE_FRAMEWORK + MODELS):
    write_files(tmp_path, with_base({F: framework, E: BASE_ELEMENTS + elements}))
    return load_model(tmp_path / "arch", repo_root=tmp_path)


def problems(tmp_path: Path, elements: str, framework: str = BASE_FRAMEWORK + MODELS) -> list:
    with pytest.raises(ModelError) as caught:
        load(tmp_path, elements, framework)
    return caught.value.problems


def test_listed_codes_and_codes_below_them_are_accepted(tmp_path: Path) -> None:
    model = load(tmp_path, database("DRM001.001") + database("DRM001.001.004", "db.khac"))
    assert model.snapshots["cqdt/2.0"].elements["db.khac"].attrs["ref_model_code"] == (
        "DRM001.001.004")


def test_an_unknown_code_is_located_and_has_a_suggestion(tmp_path: Path) -> None:
    # a code below a listed one is accepted (the published lists are partial); a top-level
    # code the framework does not list is not
    found = problems(tmp_path, database("DRM003"))
    assert len(found) == 1
    assert found[0].file == E and found[0].line == BASE_ELEMENTS.count("\n") + 5
    assert "DRM không có mã 'DRM003'; có phải là 'DRM001'?" in found[0].message
    assert found[0].message.endswith("các mã cấp đầu: DRM001")


def test_a_code_of_no_model_or_of_another_type_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, database("XRM001"))
    assert "không thuộc mô hình tham chiếu nào" in found[0].message
    assert "(các mô hình: DRM, ARM)" in found[0].message
    found = problems(tmp_path / "b", database("ARM001"))
    assert "thuộc Mô hình tham chiếu ứng dụng (ARM), dùng cho ứng dụng" in found[0].message


def test_a_framework_naming_an_unknown_type_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, "", BASE_FRAMEWORK + MODELS.replace("[database]", "[databse]"))
    assert found[0].file == F
    assert "không có loại thành phần 'databse'; có phải là 'database'?" in found[0].message


def test_the_page_lists_each_models_codes_and_the_elements_they_classify() -> None:
    model = load_model(REPO_ROOT / "arch")
    plan = plan_site(model, SiteOptions(diagrams=False))
    pages = {p.src: p.content for p in plan.pages}
    text = pages["kien-truc/cqdt/2.0/mo-hinh-tham-chieu.md"]
    for code in ("BRM", "DRM", "ARM", "TRM", "SRM"):
        assert f"## {code} – Mô hình tham chiếu" in text
    row = next(line for line in text.splitlines() if line.startswith("| `DRM001.002` |"))
    assert "[Cơ sở dữ liệu chỉ tiêu kinh tế – xã hội](thanh-phan/tb.db.chi-tieu-kt-xh.md)" in row
    assert "ref_model_code" not in text  # no field names on a reader page
    assert "kien-truc/cqdt/1.0/mo-hinh-tham-chieu.md" not in pages  # Khung 1.0 has none
    nav = repr(plan.nav)
    assert "'Mô hình tham chiếu': 'kien-truc/cqdt/2.0/mo-hinh-tham-chieu.md'" in nav
    assert "kien-truc/cqdt/1.0/mo-hinh-tham-chieu.md" not in nav
