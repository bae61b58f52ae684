from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from kientruc.exports import formats as downloads
from kientruc.exports import model_json as export_data
from kientruc.metamodel import ELEMENT_TYPES
from kientruc.model import load_model

if TYPE_CHECKING:
    from kientruc.model.types import Model

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(FIXTURE)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_model_json_is_deterministic_sorted_utf8(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    first = export_data.model_json(model, snapshot)
    assert first == export_data.model_json(load_model(FIXTURE), snapshot)
    assert "Hệ thống thông tin đất đai".encode() in first  # real UTF-8, not \u escapes
    data = json.loads(first)
    assert first.decode() == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_model_json_carries_the_whole_version(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    data = json.loads(export_data.model_json(model, snapshot))
    assert (data["architecture"], data["version"], data["key"]) == ("demo", "2.0", "demo/2.0")
    assert data["title"] == {"vi": "Kiến trúc Chính quyền điện tử tỉnh Mẫu", "en": None}
    assert data["status"] == "draft"
    assert data["status_vi"] == "dự thảo"
    assert data["approval"] is None
    assert data["period"] == {"from": 2021, "to": 2025}
    assert data["supersedes"] == "demo/1.0"
    assert [layer["id"] for layer in data["framework"]["layers"]][:3] == [
        "users", "channels", "portals"]
    assert data["framework"]["chapters"][2]["types"] == ["database"]
    assert [e["id"] for e in data["elements"]] == list(snapshot.elements)
    project = next(e for e in data["elements"] if e["id"] == "prj.lgsp")
    assert project["attrs"]["budget_vnd"] == 8_000_000_000
    assert project["attrs"]["year_plan"]["2021"]["tasks"] == "Nâng cấp LGSP"
    assert project["archimate"] == "WorkPackage"
    assert project["type_vi"] == "Dự án, nhiệm vụ"
    renamed = next(e for e in data["elements"] if e["id"] == "app.quan-ly-dat-dai")
    assert renamed["renamed_from"] == "app.dat-dai"
    exchange = next(r for r in data["relations"]
                    if r["type"] == "exchanges_with" and r["source"] == "app.giai-quyet-tthc")
    assert exchange == {"source": "app.giai-quyet-tthc", "type": "exchanges_with",
                        "type_vi": "liên thông với", "target": "app.quan-ly-dat-dai",
                        "via": "platform.lgsp", "data": "Hồ sơ đất đai", "mode": None,
                        "since": None, "note": None}
    assert len(data["relations"]) == sum(len(e.relations) for e in snapshot.elements.values())
    references = {r["id"]: r for r in data["references"]}
    assert references["vn.platform.ngsp"]["short"] == "NGSP"
    assert references["vn.platform.ngsp"]["scope"] == "common"
    assert "vn.vb.qd-2323-2019-btttt" in references  # the version's legal basis


@pytest.mark.parametrize("key", ["demo/1.0", "demo/2.0"])
def test_model_json_validates_against_the_published_schema(model: Model, key: str) -> None:
    schema = json.loads(downloads.model_json_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(export_data.model_json(model, model.snapshots[key]))
    assert list(validator.iter_errors(data)) == []
    # The schema really constrains: a missing field or a wrong type is caught.
    del data["elements"][0]["attrs"]
    data["period"]["from"] = "2021"
    assert len(list(validator.iter_errors(data))) == 2


def test_schema_is_stable_and_lists_every_field_as_required() -> None:
    schema = json.loads(downloads.model_json_schema())
    assert downloads.model_json_schema() == export_data.model_schema_json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "model.schema.json"
    assert set(schema["required"]) >= {"architecture", "version", "title", "framework", "status",
                                       "approval", "period", "elements", "relations"}
    element = schema["$defs"]["ElementOut"]
    assert set(element["required"]) == set(element["properties"])


def test_csv_per_catalogue_present(model: Model) -> None:
    files = export_data.catalogue_csvs(model, model.snapshots["demo/2.0"])
    assert list(files) == ["co-quan.csv", "ung-dung.csv", "nen-tang.csv", "co-so-du-lieu.csv",
                           "ha-tang.csv", "du-an.csv", "kho-khan.csv"]
    for data in files.values():
        assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
        assert b"\r\n" in data
        data.decode("utf-8")


def test_csv_rows_have_vietnamese_headers_and_resolved_names(model: Model) -> None:
    files = export_data.catalogue_csvs(model, model.snapshots["demo/2.0"])
    apps = _rows(files["ung-dung.csv"])
    assert [r["Mã"] for r in apps] == ["app.giai-quyet-tthc", "app.quan-ly-dat-dai"]
    land = apps[1]
    assert land["Tên"] == "Hệ thống thông tin đất đai"
    assert land["Chủ quản"] == "Sở Tài nguyên và Môi trường"
    assert land["Chủ quản (mã)"] == "org.so-tnmt"
    assert land["Đặt tại hạ tầng"] == "Trung tâm dữ liệu tỉnh (TTDL)"
    assert land["Lớp"] == "Ứng dụng"
    assert land["Mã lớp"] == "applications"
    assert land["Nhóm"] == "Chuyên ngành"
    assert land["Đổi tên từ (mã)"] == "app.dat-dai"
    assert land["Nguồn gốc thông tin"] == "minh họa (chưa xác minh)"
    assert apps[0]["Liên thông với"] == "Hệ thống thông tin đất đai [qua LGSP, Hồ sơ đất đai]"
    assert apps[0]["Thay thế các thành phần (mã)"] == "app.mot-cua; app.cong-dvc"

    platform = _rows(files["nen-tang.csv"])[0]
    assert platform["Liên thông với (mã)"] == "vn.platform.ngsp"  # common data, by name too
    assert platform["Liên thông với"].startswith("Nền tảng tích hợp, chia sẻ dữ liệu quốc gia")

    project = _rows(files["du-an.csv"])[0]
    assert project["Tổng mức đầu tư (đồng)"] == "8000000000"  # a number Excel can add up
    assert project["Nguồn vốn: Ngân sách địa phương (đồng)"] == "8000000000"
    assert project["Đơn vị chủ trì"] == "Sở Thông tin và Truyền thông (Sở TT&TT)"
    assert project["Tình trạng"] == "Đang triển khai"
    assert "2021: Nâng cấp LGSP (5.000.000.000 đồng)" in project["Kế hoạch theo năm"]

    database = _rows(files["co-so-du-lieu.csv"])[0]
    assert (database["Dùng chung"], database["Dữ liệu mở"]) == ("Có", "Không")


@pytest.mark.parametrize(("text", "cell"), [
    ("- Mục thứ nhất", "'- Mục thứ nhất"), ("=1+1", "'=1+1"), ("@A1", "'@A1"),
    ("-5", "-5"), ("8000000000", "8000000000"), ("Hệ thống", "Hệ thống"), ("", ""),
])
def test_csv_cells_are_never_formulas(text: str, cell: str) -> None:
    assert export_data._cell(text) == cell


def test_csv_is_deterministic(model: Model) -> None:
    snapshot = model.snapshots["demo/1.0"]
    assert export_data.catalogue_csvs(model, snapshot) == export_data.catalogue_csvs(
        load_model(FIXTURE), snapshot)


@pytest.mark.parametrize(("type_id", "key", "value", "expected"), [
    ("organization", "level", "tinh", "Tỉnh"),
    ("network", "level", "cap-ii", "Cấp II"),
    ("project", "status", "hoan-thanh", "Hoàn thành"),
    ("issue", "status", "da-giai-quyet", "Đã giải quyết"),
    ("legal_document", "doc_type", "qd", "Quyết định"),
    ("smart_service", "domain", "y-te", "Y tế"),
    ("principle", "domain", "attt", "An toàn thông tin"),
    ("application", "category", "unknown-code", "unknown-code"),
])
def test_value_labels(type_id: str, key: str, value: str, expected: str) -> None:
    assert export_data.value_label(type_id, key, value) == expected


def test_display_values() -> None:
    assert export_data.display_value("project", "budget_vnd", 45_000_000_000) == "45.000.000.000"
    assert export_data.display_value("database", "shared", True) == "Có"
    assert export_data.display_value("application", "scope_levels", ["tinh", "xa"]) == "Tỉnh; Xã"
    assert export_data.display_value("project", "funding", {"nstw": 1000}) == (
        "Ngân sách trung ương: 1.000")
    assert export_data.display_value("issue", "date", "2022-03-01") == "01/03/2022"
    assert export_data.display_value("goal", "kpi", None) == ""


def test_download_formats_cover_every_download() -> None:
    for type_id, element_type in ELEMENT_TYPES.items():
        assert f"{element_type.slug}.csv" in downloads.DOWNLOAD_FORMATS, type_id
    description, mime = downloads.DOWNLOAD_FORMATS["model.json"]
    assert mime == "application/json"
    assert "JSON" in description
    assert downloads.DOWNLOAD_FORMATS["so-tay.pdf"].mime == "application/pdf"
    assert downloads.DOWNLOAD_FORMATS["archimate.xml"].mime == "application/xml"
    assert downloads.DOWNLOAD_FORMATS["model.schema.json"].mime == "application/schema+json"


def test_version_downloads(model: Model) -> None:
    snapshot = model.snapshots["demo/1.0"]
    files = downloads.version_downloads(model, snapshot)
    assert list(files) == ["model.json", "co-quan.csv", "ung-dung.csv", "ha-tang.csv",
                           "du-an.csv", "archimate.xml", "so-tay.pdf"]
    assert set(files) <= set(downloads.DOWNLOAD_FORMATS)
    assert files["so-tay.pdf"].startswith(b"%PDF-")
    assert files["archimate.xml"].startswith(b"<?xml")
    assert files == downloads.version_downloads(model, snapshot)


def test_every_csv_has_unique_column_names_and_iso_dates() -> None:
    thai_binh = load_model(Path(__file__).parent.parent / "arch")
    dates = 0
    for snapshot in thai_binh.snapshots.values():
        for name, data in export_data.catalogue_csvs(thai_binh, snapshot).items():
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            assert len(set(rows[0])) == len(rows[0]), (snapshot.key, name, rows[0])
            for column in (i for i, h in enumerate(rows[0]) if h.startswith("Ngày")):
                for row in rows[1:]:
                    if row[column]:
                        dates += 1
                        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[column]), row[column]
    assert dates > 0
