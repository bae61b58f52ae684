"""One version as an ArchiMate 3.2 model in The Open Group's Open Exchange Format (XML).

Elements keep their Vietnamese (and English) names, their fields become properties, relations
become the ArchiMate relationships of :data:`kientruc.metamodel.RELATION_TYPES` when ArchiMate
allows them between the two concepts (else Association, recording the preferred one), layers
become folders, and the overall diagram and each chapter become views laid out in layer bands.
"""

from __future__ import annotations

import hashlib
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ...metamodel import (
    ELEMENT_TYPES,
    PROVENANCE_VI,
    RELATION_TYPES,
    STATE_VI,
    VERSION_STATUS_VI,
)
from ..model_json import (
    attr_label,
    display_value,
    external_references,
    format_date,
    value_label,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from ...model.types import Element, Model, Relation, Snapshot

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LANG = "xml:lang"
TYPE = "xsi:type"
SCHEMA_LOCATION = (f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd")
RELATIONSHIP_TABLE = "data/archimate_relationships.json"

_KEY_LETTERS = {"a": "Access", "c": "Composition", "f": "Flow", "g": "Aggregation",
                "i": "Assignment", "n": "Influence", "o": "Association", "r": "Realization",
                "s": "Specialization", "t": "Triggering", "v": "Serving"}
_ACCESS = {"r": "Read", "w": "Write", "rw": "ReadWrite"}


# -- which relationships ArchiMate allows ----------------------------------------------------------


@lru_cache(maxsize=1)
def allowed_relationships() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """Return ``{source concept: {target concept: {relationship names}}}`` (ArchiMate 3.2).

    Read from the copy of Archi's permitted-relationship table shipped in the package.
    """
    text = resources.files("kientruc").joinpath(RELATIONSHIP_TABLE).read_text("utf-8")
    data = json.loads(text)
    keys: dict[str, str] = data["keys"]
    return {source: {target: frozenset(keys[c] for c in letters)
                     for target, letters in targets.items()}
            for source, targets in data["relationships"].items()}


def is_allowed(source_concept: str, target_concept: str, relationship: str) -> bool:
    """Tell whether ArchiMate allows ``relationship`` from one concept to another."""
    return relationship in allowed_relationships().get(source_concept, {}).get(
        target_concept, frozenset())


def relationship_table_json(table: Mapping[str, Mapping[str, str]]) -> bytes:
    """Serialise a permitted-relationship table (letters by source and target) as shipped.

    Used to regenerate ``data/archimate_relationships.json`` from Archi's ``relationships.xml``.
    """
    lines = [f"    {json.dumps(source)}: {json.dumps(dict(sorted(targets.items())))}"
             for source, targets in sorted(table.items())]
    head = {
        "about": "ArchiMate 3.2 permitted relationships: for each source concept and target "
                 "concept, the letters of the relationships allowed between them (see keys).",
        "source": "Archi (archimatetool/archi), com.archimatetool.model/model/relationships.xml",
        "licence": "MIT License. Copyright (c) Phillip Beauvoir, Jean-Baptiste Sarrodie, "
                   "The Open Group. Permission is hereby granted, free of charge, to any person "
                   "obtaining a copy of this software and associated documentation files (the "
                   "\"Software\"), to deal in the Software without restriction, including "
                   "without limitation the rights to use, copy, modify, merge, publish, "
                   "distribute, sublicense, and/or sell copies of the Software, and to permit "
                   "persons to whom the Software is furnished to do so, subject to the following "
                   "conditions: The above copyright notice and this permission notice shall be "
                   "included in all copies or substantial portions of the Software. THE SOFTWARE "
                   "IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, "
                   "INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A "
                   "PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR "
                   "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, "
                   "WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR "
                   "IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.",
        "keys": _KEY_LETTERS,
    }
    text = json.dumps(head, ensure_ascii=False, indent=2, sort_keys=True)[:-2]
    return (text + ',\n  "relationships": {\n' + ",\n".join(lines) + "\n  }\n}\n").encode()


@dataclass(frozen=True, kw_only=True)
class Mapped:
    """How one relation is drawn in ArchiMate."""

    relationship: str
    source: str
    """The reference drawn as the relationship's source (the target when ``reverse``)."""
    target: str
    fallback: bool
    """True when ArchiMate forbids the preferred relationship, so Association is used."""


def map_relation(relation: Relation, source_type: str, target_type: str) -> Mapped:
    """Choose the ArchiMate relationship and direction for one relation.

    Args:
        relation: The relation, from its source element.
        source_type: Element type of ``relation.source``.
        target_type: Element type of ``relation.target``.

    Returns:
        The preferred relationship (drawn the other way round when the relation type says
        ``reverse``) if ArchiMate allows it between the two concepts, else Association from
        source to target.
    """
    kind = RELATION_TYPES[relation.type]
    a, b = relation.source, relation.target
    ca, cb = ELEMENT_TYPES[source_type].archimate, ELEMENT_TYPES[target_type].archimate
    if kind.reverse:
        a, b, ca, cb = b, a, cb, ca
    if is_allowed(ca, cb, kind.archimate):
        return Mapped(relationship=kind.archimate, source=a, target=b, fallback=False)
    return Mapped(relationship="Association", source=relation.source, target=relation.target,
                  fallback=kind.archimate != "Association")


def xml_id(ref: str) -> str:
    """Return the xs:ID of an element reference (``app.lgsp`` → ``id-app_lgsp``).

    Qualified references (``cqdt/1.0:app.x``) get ``--`` between their parts, which a plain id
    never contains, so two references never share an identifier.
    """
    if ":" in ref:
        key, _, element_id = ref.partition(":")
        arch, _, version = key.partition("/")
        return f"id-{arch}--{version.replace('.', '_')}--{element_id.replace('.', '_')}"
    return "id-" + ref.replace(".", "_")


# -- the export ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Prop:
    key: str
    label: str
    value: str
    datatype: str = "string"


@dataclass(frozen=True, kw_only=True)
class _Rel:
    identifier: str
    mapped: Mapped
    relation: Relation
    name: str
    props: list[_Prop]


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

    def _element_props(self, ref: str, e: Element) -> list[_Prop]:
        props = [_Prop(key="kientruc-id", label="Mã", value=ref),
                 _Prop(key="type", label="Loại thành phần", value=ELEMENT_TYPES[e.type].vi)]
        if e.short:
            props.append(_Prop(key="short", label="Tên viết tắt", value=e.short))
        if e.layer:
            props.append(_Prop(key="layer", label="Lớp",
                               value=self.layer_names.get(e.layer, e.layer)))
        if e.state:
            props.append(_Prop(key="state", label="Trạng thái", value=STATE_VI[e.state]))
        props.append(_Prop(key="provenance", label="Nguồn gốc thông tin",
                           value=PROVENANCE_VI[e.provenance]))
        if e.sources:
            props.append(_Prop(key="sources", label="Nguồn", value=" ".join(e.sources)))
        if e.scope != self.snapshot.key:
            scope = "dữ liệu dùng chung" if e.scope == "common" else f"phiên bản {e.scope}"
            props.append(_Prop(key="scope", label="Thuộc", value=scope))
        if e.renamed_from:
            props.append(_Prop(key="renamed_from", label="Đổi tên từ", value=e.renamed_from))
        if e.replaces:
            props.append(_Prop(key="replaces", label="Thay thế", value="; ".join(e.replaces)))
        for key, value in e.attrs.items():
            props.extend(_attr_props(e.type, key, value))
        return props

    def _relationships(self) -> list[_Rel]:
        out: list[_Rel] = []
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
            props = [_Prop(key="relation-type", label="Loại quan hệ (kientruc)",
                           value=relation.type)]
            if mapped.fallback:
                props.append(_Prop(key="preferred", label="Quan hệ ArchiMate ưu tiên",
                                   value=kind.archimate))
            if relation.via:
                via = self.concepts.get(relation.via)
                props.append(_Prop(key="via", label="Qua nền tảng",
                                   value=via.label if via else relation.via))
            if relation.data:
                props.append(_Prop(key="data", label="Dữ liệu", value=relation.data))
            if relation.mode:
                props.append(_Prop(key="mode", label="Chế độ truy cập", value=relation.mode))
            if relation.since:
                props.append(_Prop(key="since", label="Từ năm", value=str(relation.since),
                                   datatype="number"))
            out.append(_Rel(identifier=identifier, mapped=mapped, relation=relation,
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
        _lang_text(root, "name", f"{s.title_vi} (phiên bản {s.version})", "vi")
        if s.title_en:
            _lang_text(root, "name", f"{s.title_en} (version {s.version})", "en")
        if s.summary:
            _lang_text(root, "documentation", s.summary, "vi")

        element_props = {ref: self._element_props(ref, e) for ref, e in self.concepts.items()}
        all_props = [p for ps in element_props.values() for p in ps]
        all_props += [p for r in self.rels for p in r.props]
        model_props = self._model_props()
        definitions = _definitions([*model_props, *all_props])
        _properties(root, model_props, definitions)

        elements = ET.SubElement(root, "elements")
        for ref, e in self.concepts.items():
            node = ET.SubElement(elements, "element", {
                "identifier": xml_id(ref), TYPE: ELEMENT_TYPES[e.type].archimate})
            _lang_text(node, "name", e.name_vi, "vi")
            if e.name_en:
                _lang_text(node, "name", e.name_en, "en")
            if e.description:
                _lang_text(node, "documentation", e.description, "vi")
            _properties(node, element_props[ref], definitions)

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
                _lang_text(node, "name", rel.name, "vi")
                if rel.relation.note:
                    _lang_text(node, "documentation", rel.relation.note, "vi")
                _properties(node, rel.props, definitions)

        views = self._views()
        self._organizations(root, views)

        defs = ET.SubElement(root, "propertyDefinitions")
        for identifier, label, datatype in definitions.values():
            definition = ET.SubElement(defs, "propertyDefinition",
                                       {"identifier": identifier, "type": datatype})
            _lang_text(definition, "name", label, "vi")

        diagrams = ET.SubElement(ET.SubElement(root, "views"), "diagrams")
        for view in views:
            self._write_view(diagrams, view)

        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()

    def _model_props(self) -> list[_Prop]:
        s = self.snapshot
        props = [
            _Prop(key="m-architecture", label="Kiến trúc", value=s.architecture),
            _Prop(key="m-version", label="Phiên bản", value=s.version),
            _Prop(key="m-status", label="Trạng thái phiên bản", value=VERSION_STATUS_VI[s.status]),
            _Prop(key="m-period", label="Giai đoạn", value=f"{s.period[0]}–{s.period[1]}"),
            _Prop(key="m-framework", label="Khung kiến trúc", value=s.framework.name_vi),
        ]
        if s.approval is not None:
            when = f" ngày {format_date(s.approval.date)}" if s.approval.date else ""
            props.append(_Prop(key="m-approval", label="Quyết định phê duyệt",
                               value=f"{s.approval.number}{when}"))
        else:
            props.append(_Prop(key="m-approval", label="Quyết định phê duyệt",
                               value="chưa có quyết định phê duyệt"))
        if s.supersedes:
            props.append(_Prop(key="m-supersedes", label="Thay thế phiên bản", value=s.supersedes))
        for key, label, text in (("m-vision", "Tầm nhìn", s.vision),
                                 ("m-scope", "Phạm vi", s.scope),
                                 ("m-organisation", "Tổ chức triển khai", s.organisation)):
            if text:
                props.append(_Prop(key=key, label=label, value=text))
        props.append(_Prop(key="provenance", label="Nguồn gốc thông tin",
                           value=PROVENANCE_VI.get(s.provenance, s.provenance)))
        return props

    def _organizations(self, root: ET.Element, views: list[_View]) -> None:
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
            _lang_text(item, "label", label, "vi")
            for ref in refs:
                ET.SubElement(item, "item", {"identifierRef": ref})

    # ---- views

    def _views(self) -> list[_View]:
        fw = self.snapshot.framework
        views: list[_View] = []
        overall = next((c for c in fw.chapters if c.diagram in ("overall", "smart-city")), None)
        views.append(self._overall_view(overall.title if overall else "Sơ đồ tổng thể",
                                        overall.intro if overall else ""))
        for chapter in fw.chapters:
            if chapter.diagram == "integration":
                members = self._integration_members()
            elif chapter.types:
                members = [r for r, e in self.snapshot.elements.items() if e.type in chapter.types]
            else:
                continue
            if members:
                views.append(self._chapter_view(f"view-{chapter.id}", chapter.title,
                                                chapter.intro, members, chapter.layers))
        return views

    def _integration_members(self) -> list[str]:
        refs: dict[str, None] = {}
        for rel in self.rels:
            if rel.relation.type == "exchanges_with":
                refs.update(dict.fromkeys(
                    x for x in (rel.relation.source, rel.relation.via, rel.relation.target) if x))
        return list(refs)

    def _overall_view(self, title: str, intro: str) -> _View:
        layers = sorted(self.snapshot.framework.layers, key=lambda x: x.order)
        groups: dict[str, list[str]] = {x.id: [] for x in layers}
        outside: list[str] = []
        for ref, e in self.concepts.items():
            if ref in self.snapshot.elements and e.layer in groups:
                groups[e.layer].append(ref)
            else:
                outside.append(ref)
        view = _View(identifier="view-tong-the", title=title, intro=intro)
        y = _MARGIN
        for layer in (x for x in layers if x.orientation == "horizontal"):
            y += view.band(layer.name_vi, groups[layer.id], _MARGIN, y, _COLS).h + _GAP
        col_x = _MARGIN + _band_width(_COLS) + _GAP
        height = y - _GAP - _MARGIN
        for layer in (x for x in layers if x.orientation == "vertical"):
            band = view.band(layer.name_vi, groups[layer.id], col_x, _MARGIN, 1, min_h=height)
            col_x += band.w + _GAP
            y = max(y, _MARGIN + band.h + _GAP)
        external = [r for x in layers if x.orientation == "external" for r in groups[x.id]]
        ext_name = next((x.name_vi for x in layers if x.orientation == "external"),
                        "Hệ thống bên ngoài")
        if external or outside:
            view.band(ext_name, external + outside, _MARGIN, y, _COLS,
                      min_w=max(_band_width(_COLS), col_x - _GAP - _MARGIN))
        return view

    def _chapter_view(self, identifier: str, title: str, intro: str, members: Sequence[str],
                      layer_ids: Sequence[str]) -> _View:
        view = _View(identifier=identifier, title=title, intro=intro)
        layers = {x.id: x for x in self.snapshot.framework.layers}
        groups: dict[str, list[str]] = {}
        for ref in members:
            e = self.concepts[ref]
            layer = e.layer if ref in self.snapshot.elements and e.layer in layers else ""
            groups.setdefault(layer or "", []).append(ref)
        order = [*layer_ids, *sorted((k for k in groups if k and k not in layer_ids),
                                     key=lambda k: layers[k].order), ""]
        chosen = set(members)
        neighbours = [r for rel in self.rels for r in (rel.mapped.source, rel.mapped.target)
                      if (rel.mapped.source in chosen) != (rel.mapped.target in chosen)
                      and r not in chosen]
        y = _MARGIN
        for layer_id in order:
            refs = groups.get(layer_id, [])
            if refs:
                label = layers[layer_id].name_vi if layer_id else "Hệ thống bên ngoài"
                y += view.band(label, refs, _MARGIN, y, _COLS).h + _GAP
        if neighbours:
            view.band("Thành phần liên quan", list(dict.fromkeys(neighbours)), _MARGIN, y, _COLS)
        return view

    def _write_view(self, parent: ET.Element, view: _View) -> None:
        node = ET.SubElement(parent, "view", {"identifier": view.identifier,
                                                  TYPE: "Diagram"})
        _lang_text(node, "name", view.title, "vi")
        if view.intro:
            _lang_text(node, "documentation", view.intro, "vi")
        placed: dict[str, str] = {}
        counter = 0
        for b, band in enumerate(view.bands):
            box = ET.SubElement(node, "node", {
                "identifier": f"{view.identifier}-b{b + 1}", TYPE: "Container",
                "x": str(band.x), "y": str(band.y), "w": str(band.w), "h": str(band.h)})
            _lang_text(box, "label", band.label, "vi")
            _style(box, (242, 242, 242), (160, 160, 160))
            for ref, x, y in band.members:
                counter += 1
                identifier = f"{view.identifier}-n{counter}"
                placed[ref] = identifier
                child = ET.SubElement(box, "node", {
                    "identifier": identifier, "elementRef": xml_id(ref),
                    TYPE: "Element", "x": str(x), "y": str(y), "w": str(_NODE_W),
                    "h": str(_NODE_H)})
                _style(child, _fill(ELEMENT_TYPES[self.concepts[ref].type].archimate),
                       (92, 92, 92))
        for c, rel in enumerate(r for r in self.rels
                                if r.mapped.source in placed and r.mapped.target in placed):
            ET.SubElement(node, "connection", {
                "identifier": f"{view.identifier}-c{c + 1}", "relationshipRef": rel.identifier,
                TYPE: "Relationship", "source": placed[rel.mapped.source],
                "target": placed[rel.mapped.target]})


# -- layout ----------------------------------------------------------------------------------------

_MARGIN, _GAP, _HEADER = 12, 16, 28
_NODE_W, _NODE_H = 150, 56
_COLS = 6


def _band_width(cols: int) -> int:
    return _GAP + cols * (_NODE_W + _GAP)


@dataclass(kw_only=True)
class _Band:
    label: str
    x: int
    y: int
    w: int
    h: int
    members: list[tuple[str, int, int]]


@dataclass(kw_only=True)
class _View:
    identifier: str
    title: str
    intro: str
    bands: list[_Band] = field(default_factory=list)

    def band(self, label: str, refs: Sequence[str], x: int, y: int, cols: int, *,
             min_w: int = 0, min_h: int = 0) -> _Band:
        rows = max(1, math.ceil(len(refs) / cols))
        members = [(ref, x + _GAP + (i % cols) * (_NODE_W + _GAP),
                    y + _HEADER + (i // cols) * (_NODE_H + _GAP)) for i, ref in enumerate(refs)]
        band = _Band(label=label, x=x, y=y, w=max(min_w, _band_width(cols)),
                     h=max(min_h, _HEADER + rows * (_NODE_H + _GAP)), members=members)
        self.bands.append(band)
        return band


_FILLS = {
    "business": (255, 255, 181), "application": (181, 255, 255), "technology": (201, 231, 183),
    "motivation": (204, 204, 255), "implementation": (255, 224, 224), "other": (251, 184, 117),
}
_FAMILY = {
    "Business": "business", "Application": "application", "DataObject": "application",
    "Node": "technology", "Device": "technology", "CommunicationNetwork": "technology",
    "Facility": "technology", "SystemSoftware": "technology", "Technology": "technology",
    "Principle": "motivation", "Goal": "motivation", "Constraint": "motivation",
    "Requirement": "motivation", "Assessment": "motivation", "Stakeholder": "motivation",
    "Driver": "motivation", "WorkPackage": "implementation", "Deliverable": "implementation",
}


def _fill(concept: str) -> tuple[int, int, int]:
    family = next((v for k, v in _FAMILY.items() if concept.startswith(k)), "other")
    return _FILLS[family]


# -- XML helpers -----------------------------------------------------------------------------------


def _lang_text(parent: ET.Element, tag: str, text: str, lang: str | None) -> ET.Element:
    node = ET.SubElement(parent, tag, {LANG: lang} if lang else {})
    node.text = text
    return node


def _style(node: ET.Element, fill: tuple[int, int, int], line: tuple[int, int, int]) -> None:
    style = ET.SubElement(node, "style")
    ET.SubElement(style, "fillColor", {"r": str(fill[0]), "g": str(fill[1]),
                                           "b": str(fill[2])})
    ET.SubElement(style, "lineColor", {"r": str(line[0]), "g": str(line[1]),
                                           "b": str(line[2])})


def _attr_props(type_id: str, key: str, value: Any) -> list[_Prop]:
    """Turn one type-specific field into properties (amounts and counts as numbers)."""
    if value in (None, "", [], {}):
        return []
    pkey = f"{type_id}.{key}" if key in ("level", "kind", "domain", "number", "status") else key
    label = attr_label(type_id, key) + (" (đồng)" if key.endswith("_vnd") else "")
    if key == "funding" and isinstance(value, dict):
        return [_Prop(key=f"funding.{k}", datatype="number", value=str(v),
                      label=f"Nguồn vốn: {value_label(type_id, 'funding', str(k))} (đồng)")
                for k, v in value.items()]
    if isinstance(value, bool):
        return [_Prop(key=pkey, label=label, value="true" if value else "false",
                      datatype="boolean")]
    if isinstance(value, int):
        return [_Prop(key=pkey, label=label, value=str(value), datatype="number")]
    if key == "date" and isinstance(value, str):
        return [_Prop(key=pkey, label=label, value=value, datatype="date")]
    return [_Prop(key=pkey, label=label, value=display_value(type_id, key, value))]


def _definitions(props: Iterable[_Prop]) -> dict[str, tuple[str, str, str]]:
    """Return ``{key: (identifier, label, datatype)}``; a key used with two datatypes is text."""
    out: dict[str, tuple[str, str, str]] = {}
    for p in props:
        identifier = "prop-" + p.key.replace(".", "-")
        if p.key not in out:
            out[p.key] = (identifier, p.label, p.datatype)
        elif out[p.key][2] != p.datatype:
            out[p.key] = (identifier, out[p.key][1], "string")
    return out


def _properties(parent: ET.Element, props: Sequence[_Prop],
                definitions: Mapping[str, tuple[str, str, str]]) -> None:
    if not props:
        return
    node = ET.SubElement(parent, "properties")
    for p in props:
        identifier, _, datatype = definitions[p.key]
        prop = ET.SubElement(node, "property", {"propertyDefinitionRef": identifier})
        _lang_text(prop, "value", p.value, "vi" if datatype == "string" else None)
