"""``kientruc import archimate``: OEF files back into version folders that validate and compare."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from kientruc.cli import main
from kientruc.errors import ModelError
from kientruc.exports.archimate import archimate_xml
from kientruc.importer import import_oef
from kientruc.model import load_model
from kientruc.safe import plain

if TYPE_CHECKING:
    from kientruc.model.types import Element, Snapshot

ROOT = Path(__file__).resolve().parents[1]
ARCH = ROOT / "arch"

ARCHI_MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-model">
  <name xml:lang="nl">Gemeentelijk model</name>
  <elements>
    <element identifier="id-AB12_cd" xsi:type="ApplicationComponent">
      <name xml:lang="nl">Zaaksysteem</name>
      <documentation xml:lang="nl">Registreert zaken.</documentation>
    </element>
    <element identifier="id-Org" xsi:type="BusinessActor">
      <name xml:lang="nl">Gemeente</name>
      <properties>
        <property propertyDefinitionRef="pd-status"><value xml:lang="nl">actief</value></property>
      </properties>
    </element>
    <element identifier="id-Cap" xsi:type="Capability">
      <name xml:lang="nl">Zaakgericht werken</name>
    </element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="id-Org" target="id-AB12_cd" xsi:type="Composition"/>
    <relationship identifier="r2" source="id-AB12_cd" target="id-Cap" xsi:type="Realization"/>
    <relationship identifier="r3" source="id-Org" target="r1" xsi:type="Association"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="pd-status" type="string"><name xml:lang="nl">Status</name>
    </propertyDefinition>
  </propertyDefinitions>
</model>
"""


def _arch_copy(tmp_path: Path) -> Path:
    arch = tmp_path / "arch"
    shutil.copytree(ARCH, arch, ignore=shutil.ignore_patterns("schema"))
    return arch


def _facts(e: Element) -> tuple[object, ...]:
    # The export writes descriptions as plain text (safe.plain): Markdown marks do not come back.
    return (e.type, e.name_vi, e.name_en, e.short, plain(e.description), e.layer, e.state,
            e.provenance, e.sources, e.renamed_from, e.replaces, json.dumps(dict(e.attrs), sort_keys=True, default=str))


def _relations(s: Snapshot) -> set[tuple[object, ...]]:
    return {(*r.key(), r.data, r.mode, r.since, plain(r.note or "") or None)
            for r in s.relations()}


@pytest.mark.parametrize("key", ["cqdt/1.0", "cqdt/2.0", "dttm/1.0"])
def test_round_trip_gives_the_same_model(tmp_path: Path, key: str) -> None:
    """Export a Thái Bình version, import it in place of the original: same elements, relations."""
    original = load_model(ARCH, repo_root=ROOT)
    xml = tmp_path / "model.xml"
    xml.write_bytes(archimate_xml(original, original.snapshots[key]))
    arch = _arch_copy(tmp_path)
    shutil.rmtree(arch / key)
    architecture, version = key.split("/")
    report = import_oef(xml, arch, architecture, version)
    assert report.dropped == 0 and report.mapped == 0, report.warnings
    assert not [w for w in map(str, report.warnings) if "không cho phép" in w]
    imported = load_model(arch, repo_root=tmp_path)
    a, b = original.snapshots[key], imported.snapshots[key]
    assert set(a.elements) == set(b.elements)
    assert {k: _facts(e) for k, e in a.elements.items()} == {
        k: _facts(e) for k, e in b.elements.items()}
    assert _relations(a) == _relations(b)
    assert (b.title_vi, b.period, b.status, b.framework.id) == (
        a.title_vi, a.period, a.status, a.framework.id)


def test_two_releases_become_two_compared_versions(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Release A as nhap/1.0 and release B as nhap/2.0: validate passes and diff sees changes."""
    original = load_model(ARCH, repo_root=ROOT)
    arch = _arch_copy(tmp_path)
    for n, key in ((1, "cqdt/1.0"), (2, "cqdt/2.0")):
        xml = tmp_path / f"release-{n}.xml"
        xml.write_bytes(archimate_xml(original, original.snapshots[key]))
        assert main(["import", "archimate", str(xml), f"nhap/{n}.0",
                     "--arch", str(arch)]) == 0
    model = load_model(arch, repo_root=tmp_path)
    assert {"nhap/1.0", "nhap/2.0"} <= set(model.snapshots)
    capsys.readouterr()
    assert main(["diff", "nhap/1.0", "nhap/2.0", "--arch", str(arch),
                 "--format", "json", "--exit-code"]) == 1
    report = json.loads(capsys.readouterr().out)
    expected = set(original.snapshots["cqdt/2.0"].elements) - set(
        original.snapshots["cqdt/1.0"].elements)
    renamed = {k for k in expected if original.snapshots["cqdt/2.0"].elements[k].renamed_from}
    assert renamed  # the release supersedes the first, so renames are seen as renames
    assert report["counts"]["elements"]["added"] == len(expected - renamed) > 0
    assert all(e in json.dumps(report) for e in expected)
    assert model.snapshots["nhap/2.0"].supersedes == "nhap/1.0"


def test_archi_model_imports_with_located_warnings(tmp_path: Path) -> None:
    """A model made in Archi: Dutch names kept, ids made slugs, unmappable things reported."""
    arch = _arch_copy(tmp_path)
    xml = tmp_path / "archi.xml"
    xml.write_text(ARCHI_MODEL, encoding="utf-8")
    report = import_oef(xml, arch, "gemma", "1.0")
    assert report.elements == 2 and report.relations == 1 and report.dropped == 3
    assert any("archi.xml:16:" in w and "'Capability'" in w for w in map(str, report.warnings))
    assert any("archi.xml:22:" in w and "không được nhập" in w for w in map(str, report.warnings))
    assert any("archi.xml:23:" in w and "một quan hệ khác" in w for w in map(str, report.warnings))
    assert any("archi.xml:10:" in w and "'Status'" in w for w in map(str, report.warnings))
    assert report.dropped_properties == {"Status": 1}
    assert any("archi.xml:21:" in w and "không cho phép quan hệ 'Composition'" in w
               for w in map(str, report.warnings))
    assert "Status (1)" in report.summary()
    model = load_model(arch, repo_root=tmp_path)
    snapshot = model.snapshots["gemma/1.0"]
    app = snapshot.elements["ab12.cd"]
    assert (app.type, app.name_vi, app.description) == (
        "application", "Zaaksysteem", "Registreert zaken.")
    assert [(r.type, r.target) for r in app.relations] == [("part_of", "org")]


def test_bad_files_give_located_problems(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Not XML, or not the exchange schema: located Vietnamese problems, exit 1, no traceback."""
    broken = tmp_path / "broken.xml"
    broken.write_text("<model>\n  <elements>\n</model>\n", encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        import_oef(broken, tmp_path, "x", "1.0")
    assert caught.value.problems[0].line == 3
    assert "XML" in caught.value.problems[0].message

    wrong = tmp_path / "wrong.xml"
    wrong.write_text(ARCHI_MODEL.replace('xsi:type="Capability"', 'xsi:type="Kapabiliteit"'),
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "archimate", str(wrong), "x/1.0", "--arch", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "wrong.xml:16" in out.out and "lược đồ ArchiMate" in out.out
    assert "Traceback" not in out.out + out.err
    assert not (tmp_path / "x").exists()
    assert main(["import", "archimate", str(wrong), "không-hợp-lệ"]) == 2
