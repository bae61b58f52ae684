"""The diff stage as tables of (old, new, expected change kinds), as in griffe's test_diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from kientruc.cli import main
from kientruc.compare.diff import (
    ChangeKind,
    Comparison,
    compare,
    relation_status,
    status_by_element,
)
from kientruc.compare.render import render_json, render_markdown, render_text
from kientruc.model import load_model

if TYPE_CHECKING:
    from kientruc.model.types import Model

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"
K = ChangeKind


def framework(fid: str, integration: str, *, layer_map: dict[str, Any] | None = None) -> str:
    """A small framework whose integration layer is called ``integration``."""
    data = {
        "id": fid, "name": {"vi": f"Khung {fid}"}, "short": fid.upper(),
        "provenance": "illustrative",
        "layers": [
            {"id": "applications", "order": 1, "orientation": "horizontal",
             "name": {"vi": "Ứng dụng"}},
            {"id": integration, "order": 2, "orientation": "horizontal",
             "name": {"vi": "Tích hợp"}},
            {"id": "infrastructure", "order": 3, "orientation": "horizontal",
             "name": {"vi": "Hạ tầng"}},
            {"id": "governance", "order": 4, "orientation": "vertical",
             "name": {"vi": "Chỉ đạo"}},
        ],
        "type_defaults": {"organization": "governance", "application": "applications",
                          "platform": integration, "node": "infrastructure",
                          "project": "governance", "database": "applications"},
        "layer_map": layer_map or {},
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


BASE = [
    {"id": "org.tttt", "type": "organization", "name": {"vi": "Sở Thông tin và Truyền thông"},
     "level": "tinh", "provenance": "illustrative"},
    {"id": "org.khac", "type": "organization", "name": {"vi": "Sở khác"}, "level": "tinh",
     "provenance": "illustrative"},
    {"id": "node.ttdl", "type": "node", "name": {"vi": "Trung tâm dữ liệu"},
     "owner": "org.tttt", "provenance": "illustrative"},
    {"id": "app.a", "type": "application", "name": {"vi": "Ứng dụng A"}, "owner": "org.tttt",
     "provenance": "illustrative"},
]


def version_yaml(version: str, fid: str, supersedes: str | None) -> str:
    data: dict[str, Any] = {
        "architecture": "cqdt", "version": version, "title": {"vi": "Kiến trúc thử"},
        "framework": fid, "status": "draft", "period": {"from": 2016, "to": 2030},
        "provenance": "illustrative"}
    if supersedes:
        data["supersedes"] = supersedes
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_versions(root: Path, versions: list[list[dict[str, Any]]], *,
                   frameworks: list[str] | None = None,
                   framework_files: dict[str, str] | None = None) -> Model:
    """Write versions 1.0, 2.0, … of architecture ``cqdt`` and load the model."""
    arch = root / "arch"
    files = framework_files or {"f1": framework("f1", "integration")}
    for fid, text in files.items():
        (arch / "frameworks").mkdir(parents=True, exist_ok=True)
        (arch / "frameworks" / f"{fid}.yaml").write_text(text, encoding="utf-8")
    for i, elements in enumerate(versions):
        folder = arch / "cqdt" / f"{i + 1}.0"
        folder.mkdir(parents=True)
        fid = (frameworks or ["f1"] * len(versions))[i]
        (folder / "version.yaml").write_text(
            version_yaml(f"{i + 1}.0", fid, f"cqdt/{i}.0" if i else None), encoding="utf-8")
        (folder / "thanh-phan.yaml").write_text(
            yaml.safe_dump({"elements": elements}, allow_unicode=True, sort_keys=False),
            encoding="utf-8")
    return load_model(arch)


def pair(root: Path, old: list[dict[str, Any]], new: list[dict[str, Any]],
         **kwargs: Any) -> Comparison:
    model = write_versions(root, [old, new], **kwargs)
    return compare(model, model.snapshots["cqdt/1.0"], model.snapshots["cqdt/2.0"])


def app(element_id: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": element_id, "type": "application",
                            "name": {"vi": f"Ứng dụng {element_id}"}, "owner": "org.tttt",
                            "provenance": "illustrative"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


CASES: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[ChangeKind]]] = [
    ("identical", [], [], []),
    ("added", [], [app("app.b")], [K.ELEMENT_ADDED]),
    ("removed", [app("app.b")], [], [K.ELEMENT_REMOVED]),
    ("renamed", [app("app.b", name={"vi": "B"})],
     [app("app.c", name={"vi": "B"}, renamed_from="app.b")], [K.ELEMENT_RENAMED]),
    ("renamed and retitled", [app("app.b")], [app("app.c", renamed_from="app.b")],
     [K.ELEMENT_RENAMED, K.FIELD_CHANGED]),
    ("merged into a new element", [app("app.b"), app("app.c")],
     [app("app.d", replaces=["app.b", "app.c"])],
     [K.ELEMENT_ADDED, K.ELEMENT_REPLACED, K.ELEMENT_REPLACED]),
    ("merged into a kept element", [app("app.b"), app("app.c")],
     [app("app.b", replaces=["app.c"])], [K.ELEMENT_REPLACED]),
    ("name", [app("app.b")], [app("app.b", name={"vi": "Tên mới"})], [K.FIELD_CHANGED]),
    ("type-specific field", [app("app.b")], [app("app.b", category="dung-chung")],
     [K.FIELD_CHANGED]),
    ("state", [app("app.b", state="hien-trang")], [app("app.b", state="muc-tieu")],
     [K.FIELD_CHANGED]),
    ("moved layer", [app("app.b")], [app("app.b", layer="integration")], [K.LAYER_CHANGED]),
    ("type changed", [app("app.b")], [app("app.b", type="platform")],
     [K.LAYER_CHANGED, K.FIELD_CHANGED]),
    ("relation added", [app("app.b")], [app("app.b", hosted_on=["node.ttdl"])],
     [K.RELATION_ADDED]),
    ("relation removed", [app("app.b", uses=["app.a"])], [app("app.b")], [K.RELATION_REMOVED]),
    ("relation retargeted", [app("app.b", operator="org.tttt")],
     [app("app.b", operator="org.khac")], [K.RELATION_REMOVED, K.RELATION_ADDED]),
    ("relation details", [app("app.b", relations=[
        {"type": "exchanges_with", "target": "app.a", "data": "Hồ sơ"}])],
     [app("app.b", relations=[{"type": "exchanges_with", "target": "app.a", "data": "Hồ sơ, "
                               "kết quả"}])], [K.RELATION_CHANGED]),
    ("relation to a renamed element", [app("app.b", uses=["app.x"]), app("app.x")],
     [app("app.b", uses=["app.y"]), app("app.y", name={"vi": "Ứng dụng app.x"},
                                          renamed_from="app.x")],
     [K.ELEMENT_RENAMED]),
    ("relation of a renamed element", [app("app.x", hosted_on=["node.ttdl"])],
     [app("app.y", name={"vi": "Ứng dụng app.x"}, hosted_on=["node.ttdl"],
          renamed_from="app.x")], [K.ELEMENT_RENAMED]),
    ("relation via a renamed platform",
     [app("app.b", relations=[{"type": "exchanges_with", "target": "app.a", "via": "app.p"}]),
      {"id": "app.p", "type": "platform", "name": {"vi": "LGSP"}, "provenance": "illustrative"}],
     [app("app.b", relations=[{"type": "exchanges_with", "target": "app.a", "via": "app.q"}]),
      {"id": "app.q", "type": "platform", "name": {"vi": "LGSP"}, "renamed_from": "app.p",
       "provenance": "illustrative"}], [K.ELEMENT_RENAMED]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_change_kinds(tmp_path: Path, old: list[dict[str, Any]], new: list[dict[str, Any]],
                      expected: list[ChangeKind]) -> None:
    comparison = pair(tmp_path, [*BASE, *old], [*BASE, *new])
    assert [c.kind for c in comparison.changes] == expected
    assert comparison.has_changes is bool(expected)
    assert not comparison.frameworks_differ


def test_change_records_carry_old_and_new_values(tmp_path: Path) -> None:
    comparison = pair(tmp_path, [*BASE, app("app.b", operator="org.tttt")],
                      [*BASE, app("app.c", name={"vi": "Tên mới"}, renamed_from="app.b",
                                  layer="integration", hosted_on=["node.ttdl"])])
    got = [(c.kind, c.element, c.old_id, c.new_id, c.field, c.label, c.old, c.new, c.target)
           for c in comparison.changes]
    assert got == [
        (K.ELEMENT_RENAMED, "app.c", "app.b", "app.c", "id", "Mã", "app.b", "app.c", None),
        (K.LAYER_CHANGED, "app.c", "app.b", "app.c", "layer", "Lớp", "applications",
         "integration", None),
        (K.FIELD_CHANGED, "app.c", "app.b", "app.c", "name_vi", "Tên", "Ứng dụng app.b",
         "Tên mới", None),
        (K.RELATION_REMOVED, "app.c", "app.b", "app.c", "operated_by", "Đơn vị vận hành", {},
         None, "org.tttt"),
        (K.RELATION_ADDED, "app.c", "app.b", "app.c", "hosted_on", "Đặt tại hạ tầng", None, {},
         "node.ttdl"),
    ]
    assert all(c.layer == "integration" for c in comparison.changes)
    assert status_by_element(comparison)["app.c"] == "changed"
    assert "app.b" not in status_by_element(comparison)


FRAMEWORK_CASES: list[tuple[str, dict[str, str], dict[str, Any], list[ChangeKind]]] = [
    # (name, framework files, element fields in the new version, expected kinds)
    ("mapped by the new framework",
     {"f1": framework("f1", "gsp"),
      "f2": framework("f2", "integration", layer_map={"f1": {"gsp": "integration"}})},
     {}, []),
    ("mapped backwards from the old framework",
     {"f1": framework("f1", "gsp", layer_map={"f2": {"integration": "gsp"}}),
      "f2": framework("f2", "integration")},
     {}, []),
    ("moved although the layers map",
     {"f1": framework("f1", "gsp"),
      "f2": framework("f2", "integration", layer_map={"f1": {"gsp": "integration"}})},
     {"layer": "applications"}, [K.LAYER_CHANGED]),
    # In its type's default layer in both, an element moves with the framework (Khung 1.0 keeps
    # databases in "Ứng dụng và cơ sở dữ liệu", 2.0 in "Dữ liệu"): not a change of the element.
    ("no mapping, default layers: moves with the framework",
     {"f1": framework("f1", "gsp"), "f2": framework("f2", "integration")},
     {}, []),
    ("no mapping, a layer chosen in the new version: compared by layer id",
     {"f1": framework("f1", "gsp"), "f2": framework("f2", "integration")},
     {"layer": "applications"}, [K.LAYER_CHANGED]),
]


@pytest.mark.parametrize(("files", "fields", "expected"), [c[1:] for c in FRAMEWORK_CASES],
                         ids=[c[0] for c in FRAMEWORK_CASES])
def test_different_frameworks(tmp_path: Path, files: dict[str, str], fields: dict[str, Any],
                              expected: list[ChangeKind]) -> None:
    platform = {"id": "app.lgsp", "type": "platform", "name": {"vi": "LGSP"},
                "provenance": "illustrative"}
    comparison = pair(tmp_path, [*BASE, platform], [*BASE, {**platform, **fields}],
                      frameworks=["f1", "f2"], framework_files=files)
    assert [c.kind for c in comparison.changes] == expected
    assert comparison.frameworks_differ


def test_layer_map_and_unmapped_layers(tmp_path: Path) -> None:
    files = {"f1": framework("f1", "gsp"),
             "f2": framework("f2", "integration", layer_map={"f1": {"gsp": "integration"}})}
    removed = {"id": "app.old", "type": "platform", "name": {"vi": "GSP cũ"},
               "provenance": "illustrative"}
    comparison = pair(tmp_path, [*BASE, removed], BASE, frameworks=["f1", "f2"],
                      framework_files=files)
    assert dict(comparison.layer_map) == {"gsp": "integration"}
    assert comparison.unmapped_layers == ("applications", "infrastructure", "governance")
    (change,) = comparison.changes
    assert (change.kind, change.layer) == (K.ELEMENT_REMOVED, "integration")


def test_chain_of_versions_follows_renames_and_replacements(tmp_path: Path) -> None:
    model = write_versions(tmp_path, [
        [*BASE, app("app.x"), app("app.m")],
        [*BASE, app("app.y", name={"vi": "Ứng dụng app.x"}, renamed_from="app.x"),
         app("app.n", replaces=["app.m"])],
        [*BASE, app("app.z", name={"vi": "Ứng dụng app.x"}, renamed_from="app.y"),
         app("app.o", name={"vi": "Ứng dụng app.n"}, renamed_from="app.n")],
    ])
    comparison = compare(model, model.snapshots["cqdt/1.0"], model.snapshots["cqdt/3.0"])
    got = [(c.kind, c.element, c.old, c.new) for c in comparison.changes]
    assert got == [
        (K.ELEMENT_RENAMED, "app.z", "app.x", "app.z"),
        (K.ELEMENT_ADDED, "app.o", None, None),
        (K.ELEMENT_REPLACED, "app.m", "app.m", ("app.o",)),
    ]
    assert comparison.id_map["app.x"] == "app.z"


# -- the fixture demo 1.0 → 2.0: exact counts ------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> tuple[Model, Comparison]:
    model = load_model(FIXTURE)
    return model, compare(model, model.snapshots["demo/1.0"], model.snapshots["demo/2.0"])


def test_demo_counts(demo: tuple[Model, Comparison]) -> None:
    _, comparison = demo
    tally = comparison.tally
    assert (tally.added, tally.removed, tally.replaced, tally.completed, tally.renamed,
            tally.changed, tally.unchanged) == (5, 0, 2, 1, 1, 1, 2)
    assert {k.name: n for k, n in comparison.by_kind.items() if n} == {
        "ELEMENT_ADDED": 5, "ELEMENT_COMPLETED": 1, "ELEMENT_RENAMED": 1, "ELEMENT_REPLACED": 2,
        "FIELD_CHANGED": 2, "RELATION_ADDED": 1, "RELATION_REMOVED": 1}
    assert {layer: t.different for layer, t in comparison.by_layer.items()} == {
        "applications": 4, "integration": 1, "data": 1, "infrastructure": 1, "governance": 3}
    assert comparison.by_type["application"].replaced == 2
    assert comparison.by_type["organization"].unchanged == 2
    assert (comparison.old_roadmap.projects, comparison.new_roadmap.projects) == (1, 1)
    assert comparison.budget_delta == 8_000_000_000 - 45_000_000_000
    assert comparison.frameworks_differ
    assert comparison.layer_map["gsp"] == "integration"


def test_demo_changes(demo: tuple[Model, Comparison]) -> None:
    _, comparison = demo
    assert [(c.kind.name, c.element, c.field) for c in comparison.changes] == [
        ("FIELD_CHANGED", "node.ttdl", "name_vi"),
        ("ELEMENT_ADDED", "platform.lgsp", None),
        ("ELEMENT_ADDED", "app.giai-quyet-tthc", None),
        ("ELEMENT_RENAMED", "app.quan-ly-dat-dai", "id"),
        ("FIELD_CHANGED", "app.quan-ly-dat-dai", "name_vi"),
        ("RELATION_REMOVED", "app.quan-ly-dat-dai", "operated_by"),
        ("RELATION_ADDED", "app.quan-ly-dat-dai", "operated_by"),
        ("ELEMENT_ADDED", "db.dung-chung", None),
        ("ELEMENT_ADDED", "prj.lgsp", None),
        ("ELEMENT_ADDED", "issue.kinh-phi", None),
        ("ELEMENT_REPLACED", "app.mot-cua", None),
        ("ELEMENT_REPLACED", "app.cong-dvc", None),
        ("ELEMENT_COMPLETED", "prj.nen-tang", None),  # finished in 1.0: not "removed"
    ]
    replaced = [c for c in comparison.changes if c.kind is K.ELEMENT_REPLACED]
    assert all(c.new == ("app.giai-quyet-tthc",) for c in replaced)


def test_demo_statuses_for_the_union_diagram(demo: tuple[Model, Comparison]) -> None:
    _, comparison = demo
    assert status_by_element(comparison) == {
        "org.so-tttt": "unchanged", "org.so-tnmt": "unchanged", "node.ttdl": "changed",
        "platform.lgsp": "added", "app.giai-quyet-tthc": "added",
        "app.quan-ly-dat-dai": "changed", "db.dung-chung": "added", "prj.lgsp": "added",
        "issue.kinh-phi": "added", "app.mot-cua": "removed", "app.cong-dvc": "removed",
        "prj.nen-tang": "unchanged"}
    relations = relation_status(comparison)
    assert relations[("app.quan-ly-dat-dai", "hosted_on", "node.ttdl", "")] == "unchanged"
    assert relations[("app.quan-ly-dat-dai", "operated_by", "org.so-tttt", "")] == "removed"
    assert relations[("app.quan-ly-dat-dai", "operated_by", "org.so-tnmt", "")] == "added"
    assert relations[("app.mot-cua", "hosted_on", "node.ttdl", "")] == "removed"
    assert relations[("platform.lgsp", "exchanges_with", "vn.platform.ngsp", "")] == "added"


def test_kind_values_are_vietnamese_sentences() -> None:
    assert K.ELEMENT_ADDED == "Thành phần được bổ sung"
    assert isinstance(K.RELATION_REMOVED, str)
    assert len({k.value for k in K}) == len(K)


# -- renderers ----------------------------------------------------------------------------

def test_renderers(demo: tuple[Model, Comparison]) -> None:
    model, comparison = demo
    text = render_text(model, comparison)
    assert "5 bổ sung" in text
    assert "Tên: Phần mềm quản lý đất đai → Hệ thống thông tin đất đai" in text
    data = json.loads(render_json(comparison))
    assert data["counts"]["elements"]["added"] == 5
    assert data["roadmap"]["budget_delta_vnd"] == -37_000_000_000
    assert data["changes"][0]["kind"] == "FIELD_CHANGED"
    markdown = render_markdown(model, comparison)
    assert markdown.startswith("## Thay đổi demo/1.0 → demo/2.0")
    assert "| Ứng dụng | 1 | 0 | 2 | 0 | 1 | 0 |" in markdown
    assert "### Hạ tầng kỹ thuật" in markdown
    assert ("Đơn vị vận hành: − Sở TT&TT<br>Đơn vị vận hành: + Sở Tài nguyên và Môi trường"
            in markdown)
    assert render_json(comparison) == render_json(comparison)  # deterministic


# -- the command line ---------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    arch = str(FIXTURE)
    code, out, _ = run(capsys, "diff", "demo/1.0", "demo/2.0", "--arch-dir", arch)
    assert (code, out.splitlines()[0]) == (0, "So sánh demo/1.0 → demo/2.0")
    code, out, _ = run(capsys, "diff", "demo/1.0", "demo/2.0", "--arch-dir", arch,
                       "--exit-code", "--format", "json")
    assert code == 1
    assert json.loads(out)["new"] == "demo/2.0"
    code, out, _ = run(capsys, "diff", "demo/1.0", "demo/2.0", "--arch-dir", arch,
                       "--format", "markdown")
    assert code == 0
    assert out.startswith("## Thay đổi")
    for argv in (["demo/1.0", "demo/9.0"], ["demo/1.0", "demo/1.0"], ["demo/1.0"],
                 ["demo/1.0", "khac/2.0"]):
        code, _, err = run(capsys, "diff", *argv, "--arch-dir", arch)
        assert code == 2, argv
        assert err.startswith("kientruc: ")


def test_cli_base_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "main" / "arch"
    head = tmp_path / "pr" / "arch"
    shutil.copytree(FIXTURE, base)
    shutil.copytree(FIXTURE, head)
    code, out, _ = run(capsys, "diff", "demo/2.0", "--arch-dir", str(head), "--base-dir",
                       str(base), "--exit-code")
    assert (code, out.splitlines()[-1]) == (0, "Không có thay đổi.")
    catalogue = head / "demo" / "2.0" / "thanh-phan.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "name: {vi: Trung tâm dữ liệu tỉnh}", "name: {vi: Trung tâm dữ liệu tỉnh (nâng cấp)}"),
        encoding="utf-8")
    code, out, _ = run(capsys, "diff", "demo/2.0", "demo/2.0", "--arch-dir", str(head),
                       "--base-dir", str(base), "--exit-code", "--format", "markdown")
    assert code == 1
    assert "Tên: Trung tâm dữ liệu tỉnh → Trung tâm dữ liệu tỉnh (nâng cấp)" in out
    assert "**1** thay đổi" in out


def test_a_finished_project_is_completed_not_removed(tmp_path: Path) -> None:
    done = {"id": "prj.cu", "type": "project", "name": {"vi": "Dự án đã xong"},
            "lead": "org.tttt", "start": 2021, "end": 2021, "status": "hoan-thanh",
            "provenance": "illustrative"}
    dropped = {**done, "id": "prj.bo", "name": {"vi": "Dự án bỏ dở"}, "status": "tam-dung"}
    comparison = pair(tmp_path, [*BASE, done, dropped], BASE)
    status = {e.id: e.status for e in comparison.elements}
    assert status["prj.cu"] == "completed" and status["prj.bo"] == "removed"
    assert comparison.tally.completed == 1 and comparison.tally.removed == 1
    assert status_by_element(comparison)["prj.cu"] == "unchanged"  # not drawn as removed
    kinds = {c.element: c.kind for c in comparison.changes}
    assert kinds["prj.cu"] is K.ELEMENT_COMPLETED
