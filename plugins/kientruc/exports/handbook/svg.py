"""Graphviz SVG → the SVG subset fpdf2 can draw, and how large it comes out on A4."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

__all__ = ["landscape", "svg_for_pdf"]


def landscape(aspect: float, natural: float) -> bool:
    """Whether a drawing (width/height ratio, width in mm) comes out larger on a landscape page."""
    # Room on an A4 page: less the margins (18 mm each side), running title and heading.
    portrait = min(210 - 36, (297 - 60) * aspect, natural)
    landscape = min(297 - 36, (210 - 60) * aspect, natural)
    return aspect > 0 and landscape > portrait * 1.05


_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


def svg_for_pdf(svg: str, family: str) -> tuple[bytes, float, float]:
    """Adapt a Graphviz SVG to what fpdf2 draws; return it, its width in mm and its aspect.

    Drops ``<title>`` and unwraps ``<a>`` (fpdf2 ignores both, noisily), turns ``transparent``
    into ``none``, sets every text in ``family`` (the SVG may ask for Times), and writes image
    sizes without ``px``.
    """
    root = ET.fromstring(svg)
    color = root.attrib.get("color", "black")
    for parent in list(root.iter()):
        for child in list(parent):
            tag = _local(child.tag)
            if tag == "title":
                parent.remove(child)
            elif tag == "a":
                index = list(parent).index(child)
                parent.remove(child)
                for offset, grandchild in enumerate(list(child)):
                    parent.insert(index + offset, grandchild)
    for node in root.iter():
        node.tag = _local(node.tag)
        for name in list(node.attrib):
            value = node.attrib.pop(name)
            local = _local(name)
            if name.startswith(f"{{{_XLINK}}}"):
                local = f"xlink:{local}"
            if value == "transparent":
                value = "none"
            elif value == "currentColor":
                value = color
            if node.tag == "image" and local in ("width", "height"):
                value = value.removesuffix("px")
            if node.tag == "image" and local == "preserveAspectRatio":
                continue
            node.attrib[local] = value
        if node.tag == "text":
            node.attrib["font-family"] = family
    root.attrib["xmlns"] = _SVG
    root.attrib["xmlns:xlink"] = _XLINK
    width, height = _size(root.attrib)
    return ET.tostring(root, encoding="utf-8"), width * 25.4 / 72, width / height


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _size(attrib: dict[str, Any]) -> tuple[float, float]:
    box = str(attrib.get("viewBox", "")).replace(",", " ").split()
    if len(box) == 4:
        width, height = float(box[2]), float(box[3])
    else:
        width = float(re.sub(r"[a-z%]+$", "", str(attrib.get("width", "0"))))
        height = float(re.sub(r"[a-z%]+$", "", str(attrib.get("height", "0"))))
    if width <= 0 or height <= 0:
        raise ValueError("SVG without a usable size")
    return width, height
