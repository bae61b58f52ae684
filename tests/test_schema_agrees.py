"""The JSON Schema and the validator give the same verdict on every file of one table.

An editor whose VS Code shows no red line must not get a validation error for that file in the
pull request, and the other way round. Each row is one file as an editor might write it; the
validator's verdict is "no problem located in this file" (cross-file rules are satisfied by the
base tree), the schema's is :mod:`jsonschema` on the same data, as VS Code's YAML extension
reads it (keys as text).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from conftest import BASE_FRAMEWORK, BASE_VERSION, with_base, write_files
from kientruc.errors import ModelError
from kientruc.model import load_model
from kientruc.source.reader import read_source
from kientruc.source.schema import IDS_SCHEMA, id_schema, json_schemas

CATALOGUE = "arch/cqdt/2.0/them.yaml"
VERSION = "arch/cqdt/2.0/version.yaml"
FRAMEWORK = "arch/frameworks/vneaf-2.0.yaml"


def element(body: str, kind: str = "application", element_id: str = "app.moi") -> str:
    return (f"elements:\n  - id: {element_id}\n    type: {kind}\n    name: {{vi: \"Thử\"}}\n"
            "    provenance: illustrative\n" + body)


PROJECT = ("    lead: org.so-tttt\n    start: 2021\n    end: 2023\n"
           "    status: dang-trien-khai\n")

ROWS: list[tuple[str, str, str, bool]] = [
    # (case, file, text, valid)
    ("an application", CATALOGUE, element("    owner: org.so-tttt\n"), True),
    ("unknown field", CATALOGUE, element("    chu_quan: org.so-tttt\n"), False),
    ("unknown type", CATALOGUE, element("", kind="ung-dung"), False),
    ("id with capitals", CATALOGUE, element("", element_id="App.Moi"), False),
    ("id with a space", CATALOGUE, element("", element_id='"app moi"'), False),
    ("id with diacritics", CATALOGUE, element("", element_id="app.một-cửa"), False),
    ("missing provenance", CATALOGUE,
     "elements:\n  - id: app.moi\n    type: application\n    name: {vi: Thử}\n", False),
    ("wrong provenance", CATALOGUE,
     element("").replace("provenance: illustrative", "provenance: minh-hoa"), False),
    ("empty Vietnamese name", CATALOGUE, element("").replace('{vi: "Thử"}', '{vi: ""}'), False),
    ("name as plain text", CATALOGUE, element("").replace('{vi: "Thử"}', "Thử"), False),
    ("the comma trap", CATALOGUE,
     element("").replace('{vi: "Thử"}', "{vi: Thử, nghiệm}"), False),
    ("a quoted comma", CATALOGUE,
     element("").replace('{vi: "Thử"}', '{vi: "Thử, nghiệm"}'), True),
    ("security level 3", CATALOGUE, element("    security_level: 3\n", kind="application"), True),
    ("security level 3.0", CATALOGUE, element("    security_level: 3.0\n", kind="application"), True),
    ("security level 6", CATALOGUE, element("    security_level: 6\n", kind="application"), False),
    ("security level as text", CATALOGUE,
     element('    security_level: "3"\n', kind="application"), False),
    ("security level 2.5", CATALOGUE, element("    security_level: 2.5\n", kind="application"), False),
    ("owner as a list", CATALOGUE, element("    owner: [org.so-tttt]\n"), False),
    ("hosted_on as one id", CATALOGUE, element("    hosted_on: node.ttdl\n"), False),
    ("bad category", CATALOGUE, element("    category: dung_chung\n"), False),
    ("description with bold", CATALOGUE,
     element("    description: Phần mềm **dùng chung** của tỉnh.\n"), True),
    ("description with a link", CATALOGUE,
     element("    description: Xem [cổng](https://thaibinh.gov.vn).\n"), True),
    ("description with an autolink", CATALOGUE,
     element("    description: Xem <https://thaibinh.gov.vn>.\n"), True),
    ("description with HTML", CATALOGUE,
     element('    description: "Phần mềm <b>dùng chung</b>."\n'), False),
    ("description with a script", CATALOGUE,
     element('    description: "<script>alert(1)</script>"\n'), False),
    ("description with an HTML comment", CATALOGUE,
     element('    description: "Phần mềm <!-- ghi chú -->"\n'), False),
    ("description with an attribute list", CATALOGUE,
     element('    description: "Phần mềm {: .lop}"\n'), False),
    ("description with a javascript link", CATALOGUE,
     element('    description: "[bấm](javascript:alert(1))"\n'), False),
    ("HTML in a name", CATALOGUE,
     element("").replace('{vi: "Thử"}', '{vi: "<i>Thử</i>"}'), False),
    ("a project", CATALOGUE, element(PROJECT, kind="project", element_id="da.moi"), True),
    ("project year plan", CATALOGUE,
     element(PROJECT + "    year_plan:\n      2021: {tasks: Khảo sát}\n", kind="project",
             element_id="da.moi"), True),
    ("year plan keyed by a word", CATALOGUE,
     element(PROJECT + "    year_plan:\n      nam-dau: {tasks: Khảo sát}\n", kind="project",
             element_id="da.moi"), False),
    ("year plan without tasks", CATALOGUE,
     element(PROJECT + "    year_plan:\n      2021: {budget_vnd: 5}\n", kind="project",
             element_id="da.moi"), False),
    ("negative budget", CATALOGUE,
     element(PROJECT + "    budget_vnd: -1\n", kind="project", element_id="da.moi"), False),
    ("budget as text", CATALOGUE,
     element(PROJECT + '    budget_vnd: "45 tỷ"\n', kind="project", element_id="da.moi"), False),
    ("bad project status", CATALOGUE,
     element(PROJECT.replace("dang-trien-khai", "dang-lam"), kind="project",
             element_id="da.moi"), False),
    ("year out of range", CATALOGUE,
     element(PROJECT.replace("start: 2021", "start: 21"), kind="project",
             element_id="da.moi"), False),
    ("an issue with a real date", CATALOGUE,
     element("    reported_by: org.so-tttt\n    reported_to: org.so-tttt\n"
             '    date: "2020-11-19"\n    status: moi\n', kind="issue", element_id="kk.moi"),
     True),
    ("an issue with a bad date", CATALOGUE,
     element("    reported_by: org.so-tttt\n    reported_to: org.so-tttt\n"
             '    date: "19/11/2020"\n    status: moi\n', kind="issue", element_id="kk.moi"),
     False),
    ("a relation", CATALOGUE,
     element("    relations:\n      - {type: exchanges_with, target: platform.lgsp}\n"), True),
    ("unknown relation type", CATALOGUE,
     element("    relations:\n      - {type: ket_noi, target: platform.lgsp}\n"), False),
    ("relation without target", CATALOGUE,
     element("    relations:\n      - {type: exchanges_with}\n"), False),
    ("a url", CATALOGUE,
     element("    medium: web\n    url: https://dichvucong.thaibinh.gov.vn\n", kind="channel",
             element_id="ch.moi"), True),
    ("a url without scheme", CATALOGUE,
     element("    medium: web\n    url: dichvucong.thaibinh.gov.vn\n", kind="channel", element_id="ch.moi"),
     False),
    ("the base version", VERSION, BASE_VERSION, True),
    ("version number unquoted", VERSION, BASE_VERSION.replace('version: "2.0"', "version: 2.0"),
     False),
    ("bad version status", VERSION, BASE_VERSION.replace("status: draft", "status: du-thao"),
     False),
    ("period as text", VERSION,
     BASE_VERSION.replace("period: {from: 2021, to: 2025}", "period: 2021-2025"), False),
    ("summary with HTML", VERSION, BASE_VERSION + 'summary: "Tóm tắt <br> mới"\n', False),
    ("summary in Markdown", VERSION, BASE_VERSION + "summary: Tóm tắt **mới**.\n", True),
    ("the base framework", FRAMEWORK, BASE_FRAMEWORK, True),
    ("framework layer without order", FRAMEWORK,
     BASE_FRAMEWORK.replace("order: 1, ", "", 1), False),
]


@functools.cache
def schemas() -> dict[str, Any]:
    """The schemas, generated once for the whole table."""
    return json_schemas()


IDS = referencing.Registry().with_resource(  # a listed id and, in the table, unlisted ones
    IDS_SCHEMA, referencing.Resource.from_contents(id_schema({"org.so-tttt": "Sở TT&TT"})))
"""The id list the file schemas refer to, as ``kientruc schema`` writes it beside them."""


def checker(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, registry=IDS)


def validator_verdict(tmp_path: Path, name: str, text: str) -> tuple[bool, list[str]]:
    root = write_files(tmp_path, with_base({name: text}))
    try:
        load_model(root / "arch", repo_root=root)
    except ModelError as error:
        mine = [p.message for p in error.problems if p.file == name]
        return not mine, mine
    return True, []


def as_editor_reads(value: Any) -> Any:
    """The data as a YAML editor hands it to JSON Schema: keys are text."""
    if isinstance(value, dict):
        return {str(k): as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(v) for v in value]
    return value


def schema_verdict(tmp_path: Path, name: str) -> tuple[bool, list[str]]:
    schema_name = {CATALOGUE: "catalogue.schema.json", VERSION: "version.schema.json",
                   FRAMEWORK: "framework.schema.json"}[name]
    source, problems = read_source(tmp_path / name, name)
    assert source is not None, problems
    errors = [e.message for e in checker(schemas()[schema_name]).iter_errors(
        as_editor_reads(source.data))]
    return not errors, errors


def test_the_table_is_large_and_has_both_verdicts() -> None:
    assert len(ROWS) >= 30
    assert {valid for *_, valid in ROWS} == {True, False}
    assert sum(1 for *_, valid in ROWS if not valid) >= 20


@pytest.mark.parametrize(("name", "text", "valid"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_schema_and_validator_agree(tmp_path: Path, name: str, text: str, valid: bool) -> None:
    by_validator, said = validator_verdict(tmp_path, name, text)
    by_schema, errors = schema_verdict(tmp_path, name)
    assert by_validator is valid, said
    assert by_schema is valid, errors


def test_the_schema_speaks_vietnamese() -> None:
    text = json.dumps(json_schemas(), ensure_ascii=False)
    catalogue = json_schemas()["catalogue.schema.json"]
    app = catalogue["$defs"]["ApplicationSpec"]
    assert app["title"] == "Ứng dụng" and app["properties"]["owner"]["title"] == "Chủ quản"
    assert "Sở hữu" not in text and "Hosted On" not in text  # no English field titles
    assert app["properties"]["id"]["patternErrorMessage"].startswith("mã chỉ gồm chữ thường")
    category = app["properties"]["category"]["markdownDescription"]
    assert "`dung-chung` (Dùng chung)" in category
    assert '"description": "An application' not in text


def test_every_source_file_of_the_repository_passes_its_schema() -> None:
    """The files editors copy from must show no red line in their editor."""
    root = Path(__file__).resolve().parent.parent
    schemas = json_schemas()
    checked = 0
    for path in sorted((root / "arch").rglob("*.yaml")):
        name = ("version.schema.json" if path.name == "version.yaml" else
                "framework.schema.json" if path.parent.name == "frameworks" else
                "catalogue.schema.json")
        source, problems = read_source(path, str(path.relative_to(root)))
        assert source is not None, problems
        errors = [f"{path.name}: {list(e.path)}: {e.message}" for e in
                  checker(schemas[name]).iter_errors(
                      as_editor_reads(source.data))]
        assert errors == []
        checked += 1
    assert checked >= 25
