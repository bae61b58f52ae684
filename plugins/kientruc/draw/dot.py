"""View → DOT text, through the ``diagrams`` library: styles, labels, bands and the legend.

The only module that imports ``diagrams``/``graphviz``. The DOT text is deterministic and
machine-independent (icons by bare name, links as ``kt:`` placeholders), so the same view always
gives the same text.
"""

from __future__ import annotations

import html
import itertools
import textwrap
from typing import TYPE_CHECKING, Any

from ..metamodel import ELEMENT_TYPES
from ..views.view import CHANGE_VI, LINK_PREFIX

if TYPE_CHECKING:

    from ..views.view import View, ViewCluster, ViewEdge, ViewNode
from .svg import ICONS_DIR

FONT = "sans-serif"


COLUMNS = {"horizontal": 5, "vertical": 1, "external": 1, "legend": 4, "group": 4}
"""Boxes per row inside a band of a layered diagram."""


SIDE_ROWS = 8
"""Rows of a vertical or external band before it takes another column."""


_GROUP = {
    "organization": "actor", "stakeholder": "actor", "channel": "channel",
    "business_function": "business", "public_service": "business", "smart_service": "business",
    "application": "app", "platform": "platform", "app_service": "platform", "database": "data",
    "node": "infra", "network": "infra", "device": "infra", "facility": "infra",
    "security_control": "security",
}


_PALETTE = {  # group: (fill, border)
    "actor": ("#FFF3E0", "#B26A00"), "channel": ("#E8F1FB", "#1F5FA8"),
    "business": ("#FFF8D6", "#8A6D00"), "app": ("#E6F4EA", "#1E7B34"),
    "platform": ("#E0F2F1", "#00695C"), "data": ("#EFE8F7", "#5E35B1"),
    "infra": ("#ECEFF1", "#455A64"), "security": ("#FDECEA", "#B3261E"),
    "gov": ("#F3F3F3", "#616161"),
}


_CHANGE_STYLE = {  # change: (border colour, style, pen width)
    "added": ("#2E7D32", "bold", "2.5"), "removed": ("#C62828", "dashed", "2"),
    "changed": ("#E65100", "dotted", "2.5"), "unchanged": ("#90A4AE", "solid", "1"),
}


_CLUSTER_STYLE = {  # orientation: (style, fill, border)
    "horizontal": ("rounded,filled", "#F5F8FA", "#B0BEC5"),
    "vertical": ("rounded,filled", "#FBF6EC", "#D7C49E"),
    "external": ("rounded,filled,dashed", "#F1F4F9", "#7986CB"),
    "group": ("rounded", "transparent", "#90A4AE"),
    "legend": ("rounded,dashed", "transparent", "#90A4AE"),
}


_EDGE_STYLE = {"solid": ("solid", "1.2"), "dashed": ("dashed", "1.2"), "dotted": ("dotted", "1.5"),
               "bold": ("solid", "2.4")}


def _wrap(text: str, width: int, lines: int = 3) -> list[str]:
    """Balanced line breaks (no one-word last line), at most ``lines`` lines."""
    count = max(1, -(-len(text) // width))
    balanced = max(10, -(-len(text) // count) + 2)
    parts = textwrap.wrap(text, width=min(width, balanced), break_long_words=False) or [""]
    if len(parts) > lines:
        rest = textwrap.shorten(" ".join(parts[lines - 1:]), width, placeholder=" …")
        parts = [*parts[: lines - 1], rest]
    return parts


def _safe(text: str) -> str:
    """Text for a non-HTML Graphviz attribute: backslashes start escapes there."""
    return text.replace("\\", "/")


def _node_label(node: ViewNode, *, icons: bool) -> str:
    lines = "<BR/>".join(html.escape(x) for x in _wrap(node.label, 22))
    if node.change and node.kind != "legend":
        lines += f'<BR/><FONT POINT-SIZE="9"><I>[{html.escape(CHANGE_VI[node.change])}]</I></FONT>'
    icon = (f'<TD FIXEDSIZE="TRUE" WIDTH="24" HEIGHT="24"><IMG SRC="{node.icon}.svg"/></TD>'
            if icons and (ICONS_DIR / f"{node.icon}.svg").is_file() else "")
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>{icon}'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{lines}</TD></TR></TABLE>>')


def _node_attrs(view: View, node: ViewNode) -> dict[str, str]:
    group = _GROUP.get(node.type, "gov")
    fill, border = _PALETTE[group]
    style, pen = "solid", "1.2"
    classes = ["kt-node", f"kt-g-{group}"]
    if node.change:
        border, style, pen = _CHANGE_STYLE[node.change]
        classes.append(f"kt-c-{node.change}")
        if node.change == "removed":
            fill = "#F5F5F5"
    if node.kind == "rollup":
        fill, style = "#FFFFFF", "dashed"
        classes.append("kt-rollup")
    if node.id == view.focus:
        pen = "3"
        classes.append("kt-focus")
    attrs = {"style": f"rounded,filled,{style}", "fillcolor": fill, "color": border,
             "penwidth": pen, "class": " ".join(classes)}
    type_vi = ELEMENT_TYPES[node.type].vi
    if node.kind == "element":
        tooltip = f"{node.name} ({type_vi})"
        if node.change:
            tooltip += f" – {CHANGE_VI[node.change].lower()}"
    else:
        tooltip = node.name
    attrs["tooltip"] = _safe(tooltip)
    if node.link:
        attrs["URL"] = _safe(LINK_PREFIX + node.link)
    return attrs


def _edge_attrs(view: View, edge: ViewEdge) -> dict[str, str]:
    style, pen = _EDGE_STYLE[edge.style]
    color = _CHANGE_STYLE[edge.change][0] if edge.change else "#607D8B"
    attrs = {"style": style, "penwidth": pen, "color": color, "fontcolor": "#37474F",
             "fontname": FONT, "fontsize": "10", "arrowsize": "0.7",
             "class": f"kt-edge kt-c-{edge.change}" if edge.change else "kt-edge"}
    if edge.label:
        text = "<BR/>".join(html.escape(x) for x in _wrap(edge.label, 28, 2))
        attrs["label"] = f"<{text}>"
    if view.layered:
        attrs["constraint"] = "false"
    return attrs


def _cluster_attrs(view: View, cluster: ViewCluster) -> dict[str, str]:
    style, fill, border = _CLUSTER_STYLE[cluster.orientation]
    return {"id": f"{view.id}--{cluster.id}", "style": style, "fillcolor": fill, "color": border,
            "bgcolor": fill, "pencolor": border, "fontname": FONT, "fontsize": "12",
            "fontcolor": "#37474F", "labeljust": "l", "margin": "10",
            "class": f"kt-cluster kt-o-{cluster.orientation}"}


def to_dot(view: View, *, icons: bool = True) -> str:
    """Graphviz source of a view, built with the ``diagrams`` library; deterministic.

    Node ids are element ids; links are ``kt:<source path>`` placeholders (made relative per
    page by :mod:`kientruc.embed`); icons are named by file name only, found at render time.

    Args:
        view: The diagram.
        icons: Put icons in the boxes (PNG output cannot load SVG icons, so it passes False).

    Returns:
        The DOT text.
    """
    import diagrams

    graph_attr = {"id": view.id, "pad": "0.2", "bgcolor": "transparent", "fontname": FONT,
                  "label": "", "splines": "true", "nodesep": "0.25",
                  "ranksep": "0.45" if view.layered else "0.8", "newrank": "true",
                  "compound": "true", "class": f"kt-view kt-k-{view.kind}"}
    node_attr = {"shape": "box", "fixedsize": "false", "width": "0.3", "height": "0.3",
                 "labelloc": "c", "margin": "0.06,0.03", "fontname": FONT, "fontsize": "11",
                 "fontcolor": "#263238", "imagescale": "false"}
    edge_attr = {"fontname": FONT, "fontsize": "10"}
    d = diagrams.Diagram(name=_safe(view.title), show=False, outformat="svg",
                         direction=view.direction, curvestyle="curved", graph_attr=graph_attr,
                         node_attr=node_attr, edge_attr=edge_attr)
    members: dict[str | None, list[ViewNode]] = {}
    for node in view.nodes:
        members.setdefault(node.cluster, []).append(node)
    children: dict[str | None, list[ViewCluster]] = {}
    # Graphviz's crossing minimisation tends to put the cluster declared first on the right:
    # declare vertical bands before the stacked ones so they stand on the right of them.
    for cluster in sorted(view.clusters, key=lambda c: c.orientation != "vertical"):
        children.setdefault(cluster.parent, []).append(cluster)
    made: dict[str, Any] = {}

    def emit(cluster_id: str | None) -> None:
        for node in members.get(cluster_id, []):
            made[node.id] = diagrams.Node(_node_label(node, icons=icons), nodeid=node.id,
                                          **_node_attrs(view, node))
        for child in children.get(cluster_id, []):
            with diagrams.Cluster(_safe(child.label), direction=view.direction,
                                  graph_attr=_cluster_attrs(view, child)) as c:
                c.dot.name = f"cluster_{child.id}"  # labels may repeat; names must not
                emit(child.id)

    diagrams.setdiagram(d)
    try:
        emit(None)
        if view.layered:
            _scaffold(d.dot, view, members)
        for edge in view.edges:
            if edge.source in made and edge.target in made:
                d.connect(made[edge.source], made[edge.target],
                          diagrams.Edge(forward=True, **_edge_attrs(view, edge)))
        return str(d.dot.source)
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)


def _scaffold(dot: Any, view: View, members: dict[str | None, list[ViewNode]]) -> None:
    """Invisible edges that lay out a layered diagram.

    Rows of boxes inside each band; horizontal bands stacked in order; vertical and external
    bands to their right, starting level with the top band.
    """
    from graphviz.quoting import quote

    previous_last_row: list[ViewNode] = []
    side: list[list[ViewNode]] = []
    top: ViewNode | None = None
    for cluster in view.clusters:
        nodes = members.get(cluster.id, [])
        if not nodes:
            continue
        cols = COLUMNS[cluster.orientation]
        if cluster.orientation in ("vertical", "external"):
            cols = -(-len(nodes) // SIDE_ROWS)  # a side band grows sideways past SIDE_ROWS rows
        rows = [nodes[i:i + cols] for i in range(0, len(nodes), cols)]
        for upper, lower in itertools.pairwise(rows):
            for i, node in enumerate(lower):
                dot.edge(upper[min(i, len(upper) - 1)].id, node.id, style="invis")
        for row in rows:  # keep reading order left to right inside a row
            for a, b in itertools.pairwise(row):
                dot.edge(a.id, b.id, style="invis")
            if len(row) > 1:
                dot.body.append(f"\t{{rank=same; {'; '.join(quote(n.id) for n in row)}}}\n")
        if cluster.orientation in ("horizontal", "legend"):
            for node in rows[0]:
                if previous_last_row:
                    dot.edge(previous_last_row[0].id, node.id, style="invis")
            previous_last_row = rows[-1]
            if cluster.orientation == "horizontal" and top is None:
                top = rows[0][-1]
        elif cluster.orientation in ("vertical", "external"):
            side.append(rows[0])
    left = top
    for row in side:
        if left is not None:
            dot.body.append(f"\t{{rank=same; {quote(left.id)}; {quote(row[0].id)}}}\n")
            dot.edge(left.id, row[0].id, style="invis")
        left = row[-1]
