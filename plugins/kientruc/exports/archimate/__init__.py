"""One version as an ArchiMate 3.2 model in The Open Group's Open Exchange Format (XML).

Elements keep their Vietnamese (and English) names, their fields become properties, relations
become the ArchiMate relationships of :data:`kientruc.metamodel.RELATION_TYPES` when ArchiMate
allows them between the two concepts (else Association, recording the preferred one), layers
become folders, and the overall diagram and each chapter become views laid out in layer bands.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from ... import safe
from ...metamodel import (
    ELEMENT_TYPES,
    PROVENANCE_VI,
    RELATION_TYPES,
    STATE_VI,
    VERSION_STATUS_VI,
)
from ...text import date_vi
from ..model_json import (
    attr_label,
    display_value,
    external_references,
    value_label,
)
from .oef import (
    NS,
    SCHEMA_LOCATION,
    TYPE,
    XSI,
    Prop,
    Rel,
    definitions,
    lang_text,
    properties,
    xml_id,
)
from .relationships import (
    RELATIONSHIP_TABLE,
    Mapped,
    allowed_relationships,
    is_allowed,
    map_relation,
    relationship_table_json,
)
from .views import ViewPlanner

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ...model.types import Element, Model, Snapshot
    from .views import View

__all__ = ["RELATIONSHIP_TABLE", "Mapped", "allowed_relationships", "archimate_xml",
           "is_allowed", "map_relation", "relationship_table_json", "xml_id"]

_ACCESS = {"r": "Read", "w": "Write", "rw": "ReadWrite"}

def archimate_xml(model: Model, snapshot: Snapshot) -> bytes:
    """Export one version as ArchiMate Open Exchange Format XML (with views).

    Args:
        model: The whole model (common reference data the version points to is exported too).
        snapshot: The version.

    Returns:
        UTF-8 XML that validates against ``archimate3_Diagram.xsd``.
    """
    return _Exporter(model, snapshot).export()


class _Exporter:
    def __init__(self, model: Model, snapshot: Snapshot) -> None:
        self.model = model
        self.snapshot = snapshot
        self.refs = external_references(model, snapshot)
        self.concepts: dict[str, Element] = {**snapshot.elements, **self.refs}
        self.layer_names = {x.id: x.name_vi for x in snapshot.framework.layers}
        self.rels = self._relationships()

    # ---- content

    def _element_props(self, ref: str, e: Element) -> list[Prop]:
        props = [Prop(key="kientruc-id", label="Mã", value=ref),
                 Prop(key="type", label="Loại thành phần", value=ELEMENT_TYPES[e.type].vi)]
        if e.short:
            props.append(Prop(key="short", label="Tên viết tắt", value=e.short))
        if e.layer:
            props.append(Prop(key="layer", label="Lớp",
                               value=self.layer_names.get(e.layer, e.layer)))
        if e.state:
            props.append(Prop(key="state", label="Trạng thái", value=STATE_VI[e.state]))
        props.append(Prop(key="provenance", label="Nguồn gốc thông tin",
                           value=PROVENANCE_VI[e.provenance]))
        if e.sources:
            props.append(Prop(key="sources", label="Nguồn", value=" ".join(e.sources)))
        if e.scope != self.snapshot.key:
            scope = "dữ liệu dùng chung" if e.scope == "common" else f"phiên bản {e.scope}"
            props.append(Prop(key="scope", label="Thuộc", value=scope))
        if e.renamed_from:
            props.append(Prop(key="renamed_from", label="Đổi tên từ", value=e.renamed_from))
        if e.replaces:
            props.append(Prop(key="replaces", label="Thay thế", value="; ".join(e.replaces)))
        for key, value in e.attrs.items():
            props.extend(_attr_props(e.type, key, value))
        return props

    def _relationships(self) -> list[Rel]:
        out: list[Rel] = []
        seen: dict[str, int] = {}
        for relation in self.snapshot.relations():
            source = self.concepts.get(relation.source)
            target = self.concepts.get(relation.target)
            if source is None or target is None:
                continue
            mapped = map_relation(relation, source.type, target.type)
            digest = hashlib.sha1("\x1f".join(relation.key()).encode()).hexdigest()[:16]
            seen[digest] = seen.get(digest, 0) + 1
            identifier = f"rel-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
            kind = RELATION_TYPES[relation.type]
            flipped = mapped.source != relation.source
            props = [Prop(key="relation-type", label="Loại quan hệ (kientruc)",
                           value=relation.type)]
            if mapped.fallback:
                props.append(Prop(key="preferred", label="Quan hệ ArchiMate ưu tiên",
                                   value=kind.archimate))
            if relation.via:
                via = self.concepts.get(relation.via)
                props.append(Prop(key="via", label="Qua nền tảng",
                                   value=via.label if via else relation.via))
            if relation.data:
                props.append(Prop(key="data", label="Dữ liệu", value=relation.data))
            if relation.mode:
                props.append(Prop(key="mode", label="Chế độ truy cập", value=relation.mode))
            if relation.since:
                props.append(Prop(key="since", label="Từ năm", value=str(relation.since),
                                   datatype="number"))
            out.append(Rel(identifier=identifier, mapped=mapped, relation=relation,
                            name=kind.vi_inverse if flipped else kind.vi, props=props))
        return out

    # ---- XML

    def export(self) -> bytes:
        s = self.snapshot
        root = ET.Element("model", {
            "identifier": f"model-{s.architecture}--{s.version.replace('.', '_')}",
            "version": s.version,
            "xmlns": NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": SCHEMA_LOCATION,
        })
        lang_text(root, "name", f"{s.title_vi} (phiên bản {s.version})", "vi")
        if s.title_en:
            lang_text(root, "name", f"{s.title_en} (version {s.version})", "en")
        if s.summary:
            lang_text(root, "documentation", safe.plain(s.summary), "vi")

        element_props = {ref: self._element_props(ref, e) for ref, e in self.concepts.items()}
        all_props = [p for ps in element_props.values() for p in ps]
        all_props += [p for r in self.rels for p in r.props]
        model_props = self._model_props()
        prop_defs = definitions([*model_props, *all_props])
        properties(root, model_props, prop_defs)

        elements = ET.SubElement(root, "elements")
        for ref, e in self.concepts.items():
            node = ET.SubElement(elements, "element", {
                "identifier": xml_id(ref), TYPE: ELEMENT_TYPES[e.type].archimate})
            lang_text(node, "name", e.name_vi, "vi")
            if e.name_en:
                lang_text(node, "name", e.name_en, "en")
            if e.description:
                lang_text(node, "documentation", safe.plain(e.description), "vi")
            properties(node, element_props[ref], prop_defs)

        if self.rels:
            relationships = ET.SubElement(root, "relationships")
            for rel in self.rels:
                attrs = {"identifier": rel.identifier, "source": xml_id(rel.mapped.source),
                         "target": xml_id(rel.mapped.target),
                         TYPE: rel.mapped.relationship}
                if rel.mapped.relationship == "Access":
                    mode = rel.relation.mode
                    if rel.relation.type in ("updates", "updated_by"):
                        mode = "w"
                    if mode in _ACCESS:
                        attrs["accessType"] = _ACCESS[mode]
                node = ET.SubElement(relationships, "relationship", attrs)
                lang_text(node, "name", rel.name, "vi")
                if rel.relation.note:
                    lang_text(node, "documentation", safe.plain(rel.relation.note),
                              "vi")
                properties(node, rel.props, prop_defs)

        planner = ViewPlanner(s, self.concepts, self.rels)
        views = planner.views()
        self._organizations(root, views)

        defs = ET.SubElement(root, "propertyDefinitions")
        for identifier, label, datatype in prop_defs.values():
            definition = ET.SubElement(defs, "propertyDefinition",
                                       {"identifier": identifier, "type": datatype})
            lang_text(definition, "name", label, "vi")

        diagrams = ET.SubElement(ET.SubElement(root, "views"), "diagrams")
        for view in views:
            planner.write_view(diagrams, view)

        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()

    def _model_props(self) -> list[Prop]:
        s = self.snapshot
        props = [
            Prop(key="m-architecture", label="Kiến trúc", value=s.architecture),
            Prop(key="m-version", label="Phiên bản", value=s.version),
            Prop(key="m-status", label="Trạng thái phiên bản", value=VERSION_STATUS_VI[s.status]),
            Prop(key="m-period", label="Giai đoạn", value=f"{s.period[0]}–{s.period[1]}"),
            Prop(key="m-framework", label="Khung kiến trúc", value=s.framework.name_vi),
        ]
        if s.approval is not None:
            when = f" ngày {date_vi(s.approval.date)}" if s.approval.date else ""
            props.append(Prop(key="m-approval", label="Quyết định phê duyệt",
                               value=f"{s.approval.number}{when}"))
        else:
            props.append(Prop(key="m-approval", label="Quyết định phê duyệt",
                               value="chưa có quyết định phê duyệt"))
        if s.supersedes:
            props.append(Prop(key="m-supersedes", label="Thay thế phiên bản", value=s.supersedes))
        for key, label, text in (("m-vision", "Tầm nhìn", s.vision),
                                 ("m-scope", "Phạm vi", s.scope),
                                 ("m-organisation", "Tổ chức triển khai", s.organisation)):
            if text:
                props.append(Prop(key=key, label=label, value=safe.plain_line(text)))
        props.append(Prop(key="provenance", label="Nguồn gốc thông tin",
                           value=PROVENANCE_VI.get(s.provenance, s.provenance)))
        return props

    def _organizations(self, root: ET.Element, views: list[View]) -> None:
        orgs = ET.SubElement(root, "organizations")
        by_layer: dict[str, list[str]] = {}
        for ref, e in self.concepts.items():
            layer = e.layer if ref in self.snapshot.elements and e.layer else ""
            by_layer.setdefault(layer, []).append(ref)
        folders: list[tuple[str, Iterable[str]]] = [
            (f"Lớp: {x.name_vi}", (xml_id(r) for r in by_layer.get(x.id, [])))
            for x in sorted(self.snapshot.framework.layers, key=lambda x: x.order)
            if by_layer.get(x.id)]
        if by_layer.get(""):
            folders.append(("Tham chiếu ngoài phiên bản (dữ liệu dùng chung, phiên bản khác)",
                            (xml_id(r) for r in by_layer[""])))
        if self.rels:
            folders.append(("Quan hệ", (r.identifier for r in self.rels)))
        folders.append(("Sơ đồ", (v.identifier for v in views)))
        for label, refs in folders:
            item = ET.SubElement(orgs, "item")
            lang_text(item, "label", label, "vi")
            for ref in refs:
                ET.SubElement(item, "item", {"identifierRef": ref})

def _attr_props(type_id: str, key: str, value: Any) -> list[Prop]:
    """Turn one type-specific field into properties (amounts and counts as numbers)."""
    if value in (None, "", [], {}):
        return []
    pkey = f"{type_id}.{key}" if key in ("level", "kind", "domain", "number", "status") else key
    label = attr_label(type_id, key) + (" (đồng)" if key.endswith("_vnd") else "")
    if key == "funding" and isinstance(value, dict):
        return [Prop(key=f"funding.{k}", datatype="number", value=str(v),
                      label=f"Nguồn vốn: {value_label(type_id, 'funding', str(k))} (đồng)")
                for k, v in value.items()]
    if key == "carried_out_by" and isinstance(value, list):  # codes, read back on import
        return [Prop(key=pkey, label=label, value="; ".join(
            ", ".join(f"{k}={v}" for k, v in kind.items() if v) for kind in value))]
    if isinstance(value, bool):
        return [Prop(key=pkey, label=label, value="true" if value else "false",
                      datatype="boolean")]
    if isinstance(value, int):
        return [Prop(key=pkey, label=label, value=str(value), datatype="number")]
    if key == "date" and isinstance(value, str):
        return [Prop(key=pkey, label=label, value=value, datatype="date")]
    return [Prop(key=pkey, label=label, value=display_value(type_id, key, value))]
