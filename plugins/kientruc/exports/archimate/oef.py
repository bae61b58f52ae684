"""The pieces of an Open Exchange Format document: namespaces, identifiers, properties.

Shared by the export of elements and relationships (:mod:`.`) and of views (:mod:`.views`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from ...model.types import Relation
    from .relationships import Mapped

__all__ = ["LANG", "NS", "SCHEMA_LOCATION", "TYPE", "XSI", "Prop", "Rel", "definitions",
           "lang_text", "properties", "style", "xml_id"]

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LANG = "xml:lang"
TYPE = "xsi:type"
SCHEMA_LOCATION = (f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd")

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


@dataclass(frozen=True, kw_only=True)
class Prop:
    """One property of an element, relationship or the model."""

    key: str
    label: str
    value: str
    datatype: str = "string"


@dataclass(frozen=True, kw_only=True)
class Rel:
    """One relationship as exported: its identifier, mapping, name and properties."""

    identifier: str
    mapped: Mapped
    relation: Relation
    name: str
    props: list[Prop]


def lang_text(parent: ET.Element, tag: str, text: str, lang: str | None) -> ET.Element:
    """Add ``<tag xml:lang=…>text</tag>`` (no language for numbers and dates)."""
    node = ET.SubElement(parent, tag, {LANG: lang} if lang else {})
    node.text = text
    return node


def style(node: ET.Element, fill: tuple[int, int, int], line: tuple[int, int, int]) -> None:
    """Give a view node its fill and line colours."""
    style = ET.SubElement(node, "style")
    ET.SubElement(style, "fillColor", {"r": str(fill[0]), "g": str(fill[1]),
                                           "b": str(fill[2])})
    ET.SubElement(style, "lineColor", {"r": str(line[0]), "g": str(line[1]),
                                           "b": str(line[2])})


def definitions(props: Iterable[Prop]) -> dict[str, tuple[str, str, str]]:
    """Return ``{key: (identifier, label, datatype)}``; a key used with two datatypes is text."""
    out: dict[str, tuple[str, str, str]] = {}
    for p in props:
        identifier = "prop-" + p.key.replace(".", "-")
        if p.key not in out:
            out[p.key] = (identifier, p.label, p.datatype)
        elif out[p.key][2] != p.datatype:
            out[p.key] = (identifier, out[p.key][1], "string")
    return out


def properties(parent: ET.Element, props: Sequence[Prop],
                definitions: Mapping[str, tuple[str, str, str]]) -> None:
    """Write ``props`` under ``parent``, each pointing to its property definition."""
    if not props:
        return
    node = ET.SubElement(parent, "properties")
    for p in props:
        identifier, _, datatype = definitions[p.key]
        prop = ET.SubElement(node, "property", {"propertyDefinitionRef": identifier})
        lang_text(prop, "value", p.value, "vi" if datatype == "string" else None)
