"""The views of an exported version: the overall view and one per chapter, in layer bands.

Each view places its elements in bands (one per layer, vertical layers as columns at the
right) on a fixed grid, so that Archi opens the model with readable diagrams.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ... import safe
from ...metamodel import ELEMENT_TYPES
from .oef import TYPE, lang_text, style, xml_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...model.types import Element, Snapshot
    from .oef import Rel

__all__ = ["ViewPlanner"]

_MARGIN, _GAP, _HEADER = 12, 16, 28
NODE_W, NODE_H = 150, 56
_COLS = 6


def _band_width(cols: int) -> int:
    return _GAP + cols * (NODE_W + _GAP)


@dataclass(kw_only=True)
class Band:
    label: str
    x: int
    y: int
    w: int
    h: int
    members: list[tuple[str, int, int]]


@dataclass(kw_only=True)
class View:
    identifier: str
    title: str
    intro: str
    bands: list[Band] = field(default_factory=list)

    def band(self, label: str, refs: Sequence[str], x: int, y: int, cols: int, *,
             min_w: int = 0, min_h: int = 0) -> Band:
        rows = max(1, math.ceil(len(refs) / cols))
        members = [(ref, x + _GAP + (i % cols) * (NODE_W + _GAP),
                    y + _HEADER + (i // cols) * (NODE_H + _GAP)) for i, ref in enumerate(refs)]
        band = Band(label=label, x=x, y=y, w=max(min_w, _band_width(cols)),
                     h=max(min_h, _HEADER + rows * (NODE_H + _GAP)), members=members)
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


def fill(concept: str) -> tuple[int, int, int]:
    family = next((v for k, v in _FAMILY.items() if concept.startswith(k)), "other")
    return _FILLS[family]



class ViewPlanner:
    """Lays out and writes the views of one version's export."""

    def __init__(self, snapshot: Snapshot, concepts: dict[str, Element],
                 rels: list[Rel]) -> None:
        self.snapshot = snapshot
        self.concepts = concepts
        self.rels = rels

    def views(self) -> list[View]:
        """The overall view, then one view per chapter that has members."""
        fw = self.snapshot.framework
        views: list[View] = []
        overall = next((c for c in fw.chapters if c.diagram in ("overall", "smart-city")), None)
        views.append(self.overall_view(overall.title if overall else "Sơ đồ tổng thể",
                                        overall.intro if overall else ""))
        for chapter in fw.chapters:
            if chapter.diagram == "integration":
                members = self.integration_members()
            elif chapter.types:
                members = [r for r, e in self.snapshot.elements.items() if e.type in chapter.types]
            else:
                continue
            if members:
                views.append(self.chapter_view(f"view-{chapter.id}", chapter.title,
                                                chapter.intro, members, chapter.layers))
        return views

    def integration_members(self) -> list[str]:
        """The platforms and systems that exchange data (the integration chapter's members)."""
        refs: dict[str, None] = {}
        for rel in self.rels:
            if rel.relation.type == "exchanges_with":
                refs.update(dict.fromkeys(
                    x for x in (rel.relation.source, rel.relation.via, rel.relation.target) if x))
        return list(refs)

    def overall_view(self, title: str, intro: str) -> View:
        """Every element of the version, by layer; references from outside in the last band."""
        layers = sorted(self.snapshot.framework.layers, key=lambda x: x.order)
        groups: dict[str, list[str]] = {x.id: [] for x in layers}
        outside: list[str] = []
        for ref, e in self.concepts.items():
            if ref in self.snapshot.elements and e.layer in groups:
                groups[e.layer].append(ref)
            else:
                outside.append(ref)
        view = View(identifier="view-tong-the", title=title, intro=intro)
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

    def chapter_view(self, identifier: str, title: str, intro: str, members: Sequence[str],
                      layer_ids: Sequence[str]) -> View:
        """The chapter's members by layer, then the elements they relate to."""
        view = View(identifier=identifier, title=title, intro=intro)
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

    def write_view(self, parent: ET.Element, view: View) -> None:
        """Write one view: its bands as containers, its elements, the relationships between them."""
        node = ET.SubElement(parent, "view", {"identifier": view.identifier,
                                                  TYPE: "Diagram"})
        lang_text(node, "name", view.title, "vi")
        if view.intro:
            lang_text(node, "documentation", safe.plain(view.intro), "vi")
        placed: dict[str, str] = {}
        counter = 0
        for b, band in enumerate(view.bands):
            box = ET.SubElement(node, "node", {
                "identifier": f"{view.identifier}-b{b + 1}", TYPE: "Container",
                "x": str(band.x), "y": str(band.y), "w": str(band.w), "h": str(band.h)})
            lang_text(box, "label", band.label, "vi")
            style(box, (242, 242, 242), (160, 160, 160))
            for ref, x, y in band.members:
                counter += 1
                identifier = f"{view.identifier}-n{counter}"
                placed[ref] = identifier
                child = ET.SubElement(box, "node", {
                    "identifier": identifier, "elementRef": xml_id(ref),
                    TYPE: "Element", "x": str(x), "y": str(y), "w": str(NODE_W),
                    "h": str(NODE_H)})
                style(child, fill(ELEMENT_TYPES[self.concepts[ref].type].archimate),
                       (92, 92, 92))
        for c, rel in enumerate(r for r in self.rels
                                if r.mapped.source in placed and r.mapped.target in placed):
            ET.SubElement(node, "connection", {
                "identifier": f"{view.identifier}-c{c + 1}", "relationshipRef": rel.identifier,
                TYPE: "Relationship", "source": placed[rel.mapped.source],
                "target": placed[rel.mapped.target]})
