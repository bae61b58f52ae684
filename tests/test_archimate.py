from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from kientruc.exports import archimate
from kientruc.metamodel import ELEMENT_TYPES, RELATION_TYPES
from kientruc.model import load_model
from kientruc.model.types import Model, Relation
from lxml import etree

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ORACLE = SHARED / "oracles" / "archimate"
NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

needs_oracle = pytest.mark.skipif(
    not (ORACLE / "archimate3_Diagram.xsd").is_file(),
    reason=f"ArchiMate oracles not found in {ORACLE} (../shared beside the checkout)")

# Every element type and every relation type, added to a copy of the sample version 2.0.
RICH = """
elements:
  - {id: org.ubnd, type: organization, name: {vi: Ủy ban nhân dân tỉnh, en: Provincial People's
     Committee}, level: tinh, org_type: ubnd, located_in: au.tinh, provenance: illustrative}
  - {id: org.vp, type: organization, name: {vi: Văn phòng Ủy ban nhân dân tỉnh}, level: tinh,
     parent: org.ubnd, provenance: illustrative}
  - {id: au.tinh, type: admin_unit, name: {vi: Tỉnh Mẫu}, gso_code: "34", unit_type: tinh,
     provenance: illustrative}
  - {id: sh.nguoi-dan, type: stakeholder, name: {vi: Người dân}, kind: nguoi-dan,
     provenance: illustrative}
  - {id: ch.cong, type: channel, name: {vi: Cổng dịch vụ công trực tuyến}, medium: web,
     users: [sh.nguoi-dan], provenance: illustrative}
  - {id: bf.dat-dai, type: business_function, name: {vi: Quản lý đất đai}, owner: org.so-tnmt,
     provenance: illustrative}
  - {id: dvc.cap-giay, type: public_service, name: {vi: Cấp giấy chứng nhận quyền sử dụng đất},
     dvc_level: 4, provider: org.so-tnmt, users: [sh.nguoi-dan], provenance: illustrative}
  - id: api.dat-dai
    type: app_service
    name: {vi: Dịch vụ tra cứu thông tin đất đai}
    protocol: REST
    exposed_via: platform.lgsp
    relations: [{type: serves, target: ch.cong}]
    provenance: illustrative
  - {id: net.tslcd, type: network, name: {vi: Mạng truyền số liệu chuyên dùng}, level: cap-ii,
     provenance: illustrative}
  - {id: dev.camera, type: device, name: {vi: Camera giám sát giao thông}, count: 120,
     located_in: au.tinh, hosted_on: [net.tslcd], provenance: illustrative}
  - {id: fac.ioc, type: facility, name: {vi: "Trung tâm giám sát, điều hành đô thị thông minh"},
     address: Thành phố Mẫu, provenance: illustrative}
  - {id: sec.soc, type: security_control, name: {vi: Trung tâm giám sát an toàn thông tin},
     short: SOC, covers: [node.ttdl, platform.lgsp], provenance: illustrative}
  - {id: pr.du-lieu, type: principle, name: {vi: Dữ liệu được thu thập một lần}, number: 1,
     domain: du-lieu, statement: Dữ liệu chỉ thu thập một lần., provenance: illustrative}
  - {id: goal.dvc, type: goal, name: {vi: Tỷ lệ hồ sơ xử lý trực tuyến}, horizon: 2025,
     kpi: Tỷ lệ hồ sơ trực tuyến, target_value: 80%, based_on: [pr.du-lieu],
     provenance: illustrative}
  - {id: std.tt39, type: standard, name: {vi: Danh mục tiêu chuẩn kỹ thuật},
     code: TT 39/2017/TT-BTTTT, mandatory: true, provenance: illustrative}
  - {id: ss.giao-thong, type: smart_service, name: {vi: Giám sát giao thông thông minh},
     domain: giao-thong, layer: business, priority: true, uses: [dev.camera],
     provenance: illustrative}
  - id: app.tra-cuu
    type: application
    name: {vi: Ứng dụng tra cứu đất đai, en: Land lookup application}
    owner: org.so-tnmt
    operator: org.so-tttt
    hosted_on: [node.ttdl]
    uses: [platform.lgsp]
    based_on: [std.tt39]
    provenance: illustrative
    relations:
      - {type: accesses, target: db.dat-dai, mode: r}
      - {type: updates, target: db.dat-dai}
      - {type: realizes, target: api.dat-dai}
      - {type: exchanges_with, target: app.quan-ly-dat-dai, via: platform.lgsp, since: 2023,
         note: Đồng bộ hằng ngày}
      - {type: supersedes, target: "demo/1.0:app.dat-dai"}
  - {id: db.dat-dai, type: database, name: {vi: Cơ sở dữ liệu đất đai}, scope: chuyen-nganh,
     owner: org.so-tnmt, hosted_on: [node.ttdl], updated_by: [app.quan-ly-dat-dai],
     provenance: illustrative}
  - {id: prj.tra-cuu, type: project, name: {vi: Xây dựng ứng dụng tra cứu đất đai},
     lead: org.so-tnmt, investor: org.ubnd, start: 2023, end: 2024, status: chua-trien-khai,
     budget_vnd: 2500000000, decisions: [vn.vb.qd-2323-2019-btttt], delivers: [app.tra-cuu],
     provenance: illustrative}
  - {id: issue.ket-noi, type: issue, name: {vi: Chưa kết nối được cơ sở dữ liệu đất đai},
     reported_by: sh.nguoi-dan, reported_to: org.so-tttt, date: "2023-05-10", status: moi,
     concerns: [db.dat-dai], provenance: illustrative}
"""


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(FIXTURE)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Model:
    root = tmp_path_factory.mktemp("rich") / "arch"
    shutil.copytree(FIXTURE, root)
    (root / "demo" / "2.0" / "them.yaml").write_text(RICH, encoding="utf-8")
    return load_model(root)


class _LocalXmlXsd(etree.Resolver):  # type: ignore[misc]
    """The schemas import xml.xsd by its web address: answer with the local copy."""

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(ORACLE / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not (ORACLE / "archimate3_Diagram.xsd").is_file():
        pytest.skip(f"ArchiMate oracles not found in {ORACLE} (../shared beside the checkout)")
    parser = etree.XMLParser(no_network=True)  # anything not resolved locally fails
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(ORACLE / "archimate3_Diagram.xsd"), parser))


def _validate(schema: etree.XMLSchema, xml: bytes) -> None:
    document = etree.fromstring(xml, etree.XMLParser(no_network=True))
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)


def oracle_table(folder: Path) -> dict[str, dict[str, str]]:
    """Archi's relationships.xml as {source: {target: letters}} (non-empty letters only)."""
    root = ET.parse(folder / "relationships.xml").getroot()
    return {s.get("concept", ""): {t.get("concept", ""): t.get("relations", "")
                                   for t in s if t.get("relations")} for s in root}


def oracle_allowed(folder: Path) -> dict[tuple[str, str], set[str]]:
    keys = {k.get("char"): k.get("relationship", "").removesuffix("Relationship")
            for k in ET.parse(folder / "relationships-keys.xml").getroot()}
    return {(source, target): {keys[c] for c in letters}
            for source, targets in oracle_table(folder).items()
            for target, letters in targets.items()}


def _export(model: Model, key: str = "demo/2.0") -> ET.Element:
    return ET.fromstring(archimate.archimate_xml(model, model.snapshots[key]))


@pytest.mark.parametrize("key", ["demo/1.0", "demo/2.0"])
def test_validates_against_the_open_group_schema(model: Model, schema: etree.XMLSchema,
                                                 key: str) -> None:
    _validate(schema, archimate.archimate_xml(model, model.snapshots[key]))


def test_rich_model_validates(rich: Model, schema: etree.XMLSchema) -> None:
    _validate(schema, archimate.archimate_xml(rich, rich.snapshots["demo/2.0"]))


@pytest.mark.parametrize(("old", "new"), [
    ('elementRef="id-node_ttdl"', 'elementRef="id-nowhere"'),  # a view node to nothing
    ('xsi:type="Serving"', 'xsi:type="Serves"'),  # no such relationship
    ('identifier="id-org_so-tnmt"', 'identifier="1-org"'),  # not an xs:ID
])
def test_schema_check_is_not_vacuous(model: Model, schema: etree.XMLSchema, old: str,
                                     new: str) -> None:
    xml = archimate.archimate_xml(model, model.snapshots["demo/2.0"]).decode()
    broken = xml.replace(old, new, 1)
    assert broken != xml
    assert not schema.validate(etree.fromstring(broken.encode()))


@needs_oracle
def test_every_relationship_is_allowed_by_archimate(model: Model, rich: Model) -> None:
    allowed = oracle_allowed(ORACLE)
    used_types = set()
    for m in (model, rich):
        for key in m.snapshots:
            root = _export(m, key)
            concepts = {e.get("identifier"): e.get(XSI_TYPE) for e in root.iter(f"{NS}element")}
            for rel in root.iter(f"{NS}relationship"):
                pair = (concepts[rel.get("source")], concepts[rel.get("target")])
                assert rel.get(XSI_TYPE) in allowed.get(pair, set()), (
                    f"{rel.get(XSI_TYPE)} not allowed from {pair[0]} to {pair[1]}")
                used_types.update(v.findtext(f"{NS}value") for v in rel.iter(f"{NS}property")
                                  if v.get("propertyDefinitionRef") == "prop-relation-type")
    assert used_types == set(RELATION_TYPES)  # the rich model exercises every relation type


@needs_oracle
def test_shipped_relationship_table_matches_archi() -> None:
    shipped = json.loads(resources.files("kientruc").joinpath(
        archimate.RELATIONSHIP_TABLE).read_text("utf-8"))
    assert shipped["relationships"] == oracle_table(ORACLE)
    assert "MIT" in shipped["licence"]
    assert {(s, t): set(r) for s, ts in archimate.allowed_relationships().items()
            for t, r in ts.items()} == oracle_allowed(ORACLE)


@pytest.mark.parametrize(("relation", "source_type", "target_type", "expected"), [
    # hosted_on is drawn node → application, as Serving
    ("hosted_on", "application", "node", ("Serving", "b", "a", False)),
    ("accesses", "application", "database", ("Access", "a", "b", False)),
    ("exchanges_with", "application", "platform", ("Flow", "a", "b", False)),
    ("led_by", "project", "organization", ("Assignment", "b", "a", False)),
    ("part_of", "organization", "organization", ("Composition", "b", "a", False)),
    ("located_in", "device", "admin_unit", ("Aggregation", "b", "a", False)),
    # ArchiMate has no Assignment from a business actor to an application component
    ("operated_by", "application", "organization", ("Association", "a", "b", True)),
    ("hosted_on", "database", "node", ("Association", "a", "b", True)),
    ("owned_by", "application", "organization", ("Association", "a", "b", False)),
])
def test_map_relation(relation: str, source_type: str, target_type: str,
                      expected: tuple[str, str, str, bool]) -> None:
    from kientruc.model.types import Origin

    mapped = archimate.map_relation(
        Relation(source="a", type=relation, target="b", origin=Origin(file="x")),
        source_type, target_type)
    assert (mapped.relationship, mapped.source, mapped.target, mapped.fallback) == expected


def test_relationships_keep_their_meaning(rich: Model) -> None:
    root = _export(rich)
    rels = {}
    for rel in root.iter(f"{NS}relationship"):
        props = {p.get("propertyDefinitionRef"): p.findtext(f"{NS}value")
                 for p in rel.iter(f"{NS}property")}
        rels[(props["prop-relation-type"], rel.get("source"), rel.get("target"))] = (rel, props)
    serving, _ = rels[("hosted_on", "id-node_ttdl", "id-app_tra-cuu")]
    assert serving.get(XSI_TYPE) == "Serving"
    assert serving.findtext(f"{NS}name") == "lưu trữ, vận hành"
    read, props = rels[("accesses", "id-app_tra-cuu", "id-db_dat-dai")]
    assert (read.get(XSI_TYPE), read.get("accessType")) == ("Access", "Read")
    write, _ = rels[("updates", "id-app_tra-cuu", "id-db_dat-dai")]
    assert write.get("accessType") == "Write"
    # updated_by is written on the database and drawn from the application that writes it
    write, _ = rels[("updated_by", "id-app_quan-ly-dat-dai", "id-db_dat-dai")]
    assert (write.get(XSI_TYPE), write.get("accessType")) == ("Access", "Write")
    fallback, props = rels[("operated_by", "id-app_tra-cuu", "id-org_so-tttt")]
    assert fallback.get(XSI_TYPE) == "Association"
    assert props["prop-preferred"] == "Assignment"
    flow, props = rels[("exchanges_with", "id-app_tra-cuu", "id-app_quan-ly-dat-dai")]
    assert flow.get(XSI_TYPE) == "Flow"
    assert (props["prop-via"], props["prop-since"]) == ("LGSP", "2023")
    assert flow.findtext(f"{NS}documentation") == "Đồng bộ hằng ngày"
    # A reference to another version's element gets its own, qualified identifier.
    assert ("supersedes", "id-app_tra-cuu", "id-demo--1_0--app_dat-dai") in rels


def test_elements_names_documentation_and_properties(rich: Model) -> None:
    root = _export(rich)
    elements = {e.get("identifier"): e for e in root.iter(f"{NS}element")}
    snapshot = rich.snapshots["demo/2.0"]
    for element_id, e in snapshot.elements.items():
        assert elements[archimate.xml_id(element_id)].get(XSI_TYPE) == (
            ELEMENT_TYPES[e.type].archimate)
    app = elements["id-app_tra-cuu"]
    names = {n.get(LANG): n.text for n in app.findall(f"{NS}name")}
    assert names == {"vi": "Ứng dụng tra cứu đất đai", "en": "Land lookup application"}
    assert {n.get(LANG) for n in elements["id-app_quan-ly-dat-dai"].findall(f"{NS}name")} == {
        "vi"}
    assert "id-vn_platform_ngsp" in elements  # common data the version refers to
    definitions = {d.get("identifier"): (d.findtext(f"{NS}name"), d.get("type"))
                   for d in root.iter(f"{NS}propertyDefinition")}
    assert definitions["prop-budget_vnd"] == ("Tổng mức đầu tư (đồng)", "number")
    assert definitions["prop-layer"] == ("Lớp", "string")
    assert definitions["prop-provenance"] == ("Nguồn gốc thông tin", "string")
    assert definitions["prop-shared"][1] == "boolean"
    project = {p.get("propertyDefinitionRef"): p.findtext(f"{NS}value")
               for p in elements["id-prj_tra-cuu"].iter(f"{NS}property")}
    assert project["prop-budget_vnd"] == "2500000000"
    assert project["prop-project-status"] == "Chưa triển khai"
    assert project["prop-layer"] == "Chỉ đạo, chính sách, tiêu chuẩn"
    assert project["prop-provenance"] == "minh họa (chưa xác minh)"


def test_identifiers_are_valid_and_unique(rich: Model) -> None:
    root = _export(rich)
    identifiers = [n.get("identifier") for n in root.iter() if n.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    assert all(NCNAME.match(i or "") for i in identifiers)
    assert archimate.xml_id("app.lgsp") == "id-app_lgsp"
    assert archimate.xml_id("cqdt/1.0:app.x") == "id-cqdt--1_0--app_x"


def test_folders_per_layer(rich: Model) -> None:
    root = _export(rich)
    folders = {item.findtext(f"{NS}label"): [x.get("identifierRef")
                                            for x in item.findall(f"{NS}item")]
               for item in root.find(f"{NS}organizations") or []}
    assert "id-app_tra-cuu" in folders["Lớp: Ứng dụng"]
    assert "id-node_ttdl" in folders["Lớp: Hạ tầng kỹ thuật"]
    assert "id-vn_platform_ngsp" in next(v for k, v in folders.items() if "Tham chiếu" in k)
    assert len(folders["Quan hệ"]) == len(list(root.iter(f"{NS}relationship")))
    assert len(folders["Sơ đồ"]) == len(list(root.iter(f"{NS}view")))


def test_views_in_layer_bands(rich: Model) -> None:
    root = _export(rich)
    views = {v.findtext(f"{NS}name"): v for v in root.iter(f"{NS}view")}
    chapters = rich.snapshots["demo/2.0"].framework.chapters
    assert set(views) == {c.title for c in chapters}
    overall = views["Sơ đồ tổng thể"]
    bands = {b.findtext(f"{NS}label"): b for b in overall.findall(f"{NS}node")}
    assert all(b.get(XSI_TYPE) == "Container" for b in bands.values())
    layers = rich.snapshots["demo/2.0"].framework.layers
    assert set(bands) == {x.name_vi for x in layers}
    apps = bands["Ứng dụng"].findall(f"{NS}node")
    assert {n.get("elementRef") for n in apps} == {
        "id-app_giai-quyet-tthc", "id-app_quan-ly-dat-dai", "id-app_tra-cuu"}
    positions = [(int(n.get("x", "")), int(n.get("y", ""))) for n in overall.iter(f"{NS}node")
                 if n.get(XSI_TYPE) == "Element"]
    assert len(positions) == len(set(positions))  # a grid: no two nodes on the same spot
    band = bands["Ứng dụng"]
    for node in apps:  # inside their band
        assert int(band.get("x", "")) < int(node.get("x", "")) < int(band.get("x", "")) + int(
            band.get("w", ""))
        assert int(band.get("y", "")) < int(node.get("y", "")) < int(band.get("y", "")) + int(
            band.get("h", ""))
    # Every element of the version is drawn in the overall view, with its relationships.
    drawn = {n.get("elementRef") for n in overall.iter(f"{NS}node")}
    assert {archimate.xml_id(i) for i in rich.snapshots["demo/2.0"].elements} <= drawn
    nodes = {n.get("identifier"): n.get("elementRef") for n in overall.iter(f"{NS}node")}
    relationships = {r.get("identifier"): r for r in root.iter(f"{NS}relationship")}
    connections = overall.findall(f"{NS}connection")
    assert len(connections) == len(relationships)
    for c in connections:
        rel = relationships[c.get("relationshipRef")]
        assert (nodes[c.get("source")], nodes[c.get("target")]) == (
            rel.get("source"), rel.get("target"))
    data_view = views["Kiến trúc dữ liệu"]
    labels = [b.findtext(f"{NS}label") for b in data_view.findall(f"{NS}node")]
    assert labels == ["Dữ liệu", "Thành phần liên quan"]
    integration = {n.get("elementRef") for n in views["Mô hình liên thông"].iter(f"{NS}node")}
    assert {"id-platform_lgsp", "id-vn_platform_ngsp", "id-app_tra-cuu"} <= integration


def test_export_is_deterministic(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    assert archimate.archimate_xml(model, snapshot) == archimate.archimate_xml(
        load_model(FIXTURE), snapshot)


if __name__ == "__main__":  # regenerate the shipped table from Archi's relationships.xml
    target = Path(__file__).resolve().parents[1] / "plugins" / "kientruc" / (
        archimate.RELATIONSHIP_TABLE)
    target.write_bytes(archimate.relationship_table_json(oracle_table(ORACLE)))
