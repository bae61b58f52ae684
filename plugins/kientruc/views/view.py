"""The data of a diagram (boxes, bands, arrows) and the helpers every view family shares.

Pure: no Graphviz, no files. :mod:`kientruc.draw` turns a :class:`View` into DOT and SVG, and
:func:`kientruc.draw.embed.text_alternative` turns the same :class:`View` into an accessible HTML
table, so the picture and its text never disagree.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ..metamodel import ELEMENT_TYPES, RELATION_TYPES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence, Set

    from ..model.types import Element, Model, Snapshot
    from ..paths import SitePaths



Change = Literal["added", "removed", "changed", "unchanged"]


Orientation = Literal["horizontal", "vertical", "external", "group", "legend"]


EdgeStyle = Literal["solid", "dashed", "dotted", "bold"]


MAX_NODES = 25
"""Readable bound: a band or neighbourhood with more nodes is rolled up into counts."""


LINK_PREFIX = "kt:"
"""Placeholder scheme for links in cached SVG/HTML; :mod:`kientruc.embed` makes them relative."""


OVERALL_SKIPPED = frozenset({"project", "issue", "legal_document", "principle", "goal",
                             "standard", "admin_unit"})
"""Types that are not boxes of the overall picture (they have their own pages and tables)."""


FLOW_TYPES = frozenset({"exchanges_with"})
"""Relations drawn as data flows in the overall and integration diagrams."""


CHANGES: tuple[Change, ...] = ("added", "removed", "changed", "unchanged")


CHANGE_VI: Mapping[str, str] = {"added": "Bổ sung", "removed": "Loại bỏ",
                                "changed": "Thay đổi", "unchanged": "Không đổi"}


@dataclass(frozen=True, kw_only=True)
class ViewCluster:
    """A band (framework layer) or group of a diagram; ``id`` is unique inside its view."""

    id: str
    label: str
    orientation: Orientation
    parent: str | None = None


@dataclass(frozen=True, kw_only=True)
class ViewNode:
    """A box: an element (``id`` is its id), a roll-up count, or a legend sample."""

    id: str
    label: str
    """Short text in the box (abbreviation when there is one)."""
    name: str
    """Full Vietnamese name, for the tooltip and the text alternative."""
    type: str
    icon: str
    link: str | None
    """Markdown source path of the page the box links to (``kien-truc/…/x.md``)."""
    cluster: str | None = None
    change: Change | None = None
    kind: Literal["element", "rollup", "legend"] = "element"
    count: int = 0
    """How many elements a roll-up node stands for."""


@dataclass(frozen=True, kw_only=True)
class ViewEdge:
    """An arrow; ``label`` is the relation's Vietnamese name or the data exchanged."""

    source: str
    target: str
    label: str
    style: EdgeStyle = "solid"
    change: Change | None = None


@dataclass(frozen=True, kw_only=True)
class View:
    """One diagram, ready to draw and to describe in words."""

    id: str
    """Unique site-wide; a slug used as the Graphviz graph id (SVG ids get it as prefix)."""
    kind: str
    title: str
    summary: str
    """One Vietnamese sentence saying what the diagram shows."""
    clusters: tuple[ViewCluster, ...]
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    direction: Literal["TB", "LR"] = "TB"
    layered: bool = False
    """Bands stacked in cluster order (overall diagrams) instead of a free layout."""
    focus: str | None = None
    """Node drawn highlighted (the element of a context diagram)."""

    def node(self, node_id: str) -> ViewNode | None:
        """Return the node with this id, if the view has it."""
        return next((n for n in self.nodes if n.id == node_id), None)


def view_id(snapshot_key: str, kind: str, element_id: str | None = None) -> str:
    """Site-wide unique slug: ``cqdt-2_0-tong-the``, ``cqdt-2_0-ngu-canh-tb_app_lgsp``."""
    parts = [snapshot_key.replace("/", "-"), kind, *([element_id] if element_id else [])]
    return re.sub(r"[^a-z0-9_-]", "_", "-".join(parts).replace(".", "_").lower())


def node_id(snapshot: Snapshot, element: Element) -> str:
    """Node id of an element: its id, qualified with ``~`` when it comes from another version."""
    if element.scope in ("common", snapshot.key):
        return element.id
    return f"{element.scope}~{element.id}"


def page_of(element: Element, paths: SitePaths) -> str:
    """Source path of an element's page (common reference data has its own folder)."""
    if element.scope == "common":
        return paths.common(element.id)
    return paths.element(element.scope, element.id)


def icon_of(element: Element) -> str:
    """Icon name: the type's icon, or ``national`` for national shared systems."""
    if element.type in ("application", "platform") and element.attrs.get("category") == "quoc-gia":
        return "national"
    return ELEMENT_TYPES[element.type].icon


def type_noun(type_id: str) -> str:
    """The plural noun of an element type, as a roll-up label says it ("ứng dụng")."""
    name = ELEMENT_TYPES[type_id].vi
    return name[:1].lower() + name[1:]


def element_node(snapshot: Snapshot, element: Element, paths: SitePaths, *,
                  cluster: str | None = None, change: Change | None = None,
                  link: str | None = None) -> ViewNode:
    """The box of one element."""
    return ViewNode(id=node_id(snapshot, element), label=element.label, name=element.name_vi,
                    type=element.type, icon=icon_of(element), link=link or page_of(element, paths),
                    cluster=cluster, change=change)


def external_layer(snapshot: Snapshot) -> str | None:
    """The id of the framework's layer for outside systems, if it has one."""
    return next((x.id for x in snapshot.framework.layers if x.orientation == "external"), None)


Flow = tuple["Element", "Element", "Element | None", str]
"""(source, target, via, label) of a data flow."""


def data_flows(model: Model, snapshot: Snapshot, sources: Iterable[Element],
           types: frozenset[str] = FLOW_TYPES) -> list[Flow]:
    """(source, target, via, label) of every flow relation whose ends resolve."""
    found: list[Flow] = []
    for element in sources:
        for relation in element.relations:
            if relation.type not in types:
                continue
            target = model.resolve(snapshot, relation.target)
            via = model.resolve(snapshot, relation.via) if relation.via else None
            if target is not None:
                label = relation.data or RELATION_TYPES[relation.type].vi
                found.append((element, target, via, label))
    return found


def flow_edges(snapshot: Snapshot, flows: Iterable[Flow]) -> list[ViewEdge]:
    """Edges of flows: ``source → via → target`` when the flow passes a platform."""
    edges: list[ViewEdge] = []
    for source, target, via, label in flows:
        hops = [source, via, target] if via is not None else [source, target]
        edges.extend(ViewEdge(source=node_id(snapshot, a), target=node_id(snapshot, b),
                              label=label) for a, b in itertools.pairwise(hops))
    return edges


def merge_edges(edges: Iterable[ViewEdge]) -> list[ViewEdge]:
    """One edge per (source, target, style): labels joined, counts shown past three."""
    groups: dict[tuple[str, str, str], list[ViewEdge]] = {}
    for edge in edges:
        if edge.source != edge.target:
            groups.setdefault((edge.source, edge.target, edge.style), []).append(edge)
    merged = []
    for group in groups.values():
        labels = list(dict.fromkeys(e.label for e in group if e.label))
        label = "; ".join(labels) if len(labels) <= 3 else f"{len(group)} liên kết"
        merged.append(replace(group[0], label=label))
    return merged


def roll_up(nodes: Sequence[ViewNode], edges: Sequence[ViewEdge], *, max_nodes: int,
            link_of: Callable[[str], str | None],
            priority: Callable[[ViewNode], int] | None = None,
            ) -> tuple[list[ViewNode], list[ViewEdge]]:
    """Keep at most ``max_nodes`` boxes per cluster; fold the rest into one count per type.

    Args:
        nodes: The view's nodes, in display order.
        edges: The view's edges.
        max_nodes: The readable bound (per cluster; nodes outside clusters count as one group).
        link_of: Page a roll-up of one element type links to (its catalogue), or ``None``.
        priority: Lower sorts first when choosing which nodes stay; default: nodes with
            edges first, then display order.

    Returns:
        The nodes and edges to draw; edges to folded nodes point at their roll-up node.
    """
    if priority is None:
        linked = {e.source for e in edges} | {e.target for e in edges}
        priority = lambda n: 0 if n.id in linked else 1  # noqa: E731
    groups: dict[str | None, list[ViewNode]] = {}
    for node in nodes:
        groups.setdefault(node.cluster, []).append(node)
    folded: dict[str, str] = {}
    extra: dict[str, ViewNode] = {}
    for cluster, members in groups.items():
        candidates = [n for n in members if n.kind == "element"]
        if len(members) <= max_nodes or not candidates:
            continue
        limit = max(max_nodes - (len(members) - len(candidates)), 0)
        ranked = [n for _, n in sorted(enumerate(candidates),
                                       key=lambda pair: (priority(pair[1]), pair[0]))]
        room = limit
        while room > 0 and room + len({n.type for n in ranked[room:]}) > limit:
            room -= 1  # make space for one count box per element type folded
        counts = Counter(n.type for n in ranked[room:])
        # a count of one takes the same space as the element itself: show the element
        dropped = [n for n in ranked[room:] if counts[n.type] > 1]
        for node in dropped:
            rollup_id = f"more~{cluster or 'all'}~{node.type}"
            folded[node.id] = rollup_id
            if rollup_id not in extra:
                count = counts[node.type]
                extra[rollup_id] = ViewNode(
                    id=rollup_id, label=f"+ {count} {type_noun(node.type)} khác",
                    name=f"{count} {type_noun(node.type)} khác (xem danh mục)", type=node.type,
                    icon=ELEMENT_TYPES[node.type].icon, link=link_of(node.type), cluster=cluster,
                    kind="rollup", count=count)
    if not folded:
        return list(nodes), list(edges)
    kept: list[ViewNode] = []
    for node in nodes:
        if node.id not in folded:
            kept.append(node)
    # roll-up nodes go last in their cluster, in the order their types first appear
    kept.extend(dict.fromkeys(extra[folded[n.id]] for n in nodes if n.id in folded))
    moved = [replace(e, source=folded.get(e.source, e.source),
                     target=folded.get(e.target, e.target)) for e in edges]
    return kept, merge_edges(moved)


def catalogue_link(snapshot: Snapshot, paths: SitePaths,
                    own_types: Set[str]) -> Callable[[str], str | None]:
    """Map an element type to its catalogue page in this version (``None`` when it has none)."""
    return lambda type_id: paths.catalogue(snapshot.key, type_id) if type_id in own_types else None


def version_name(snapshot: Snapshot) -> str:
    """"<title>, phiên bản <n>": how a diagram names its version."""
    return f"{snapshot.title_vi}, phiên bản {snapshot.version}"


def rolled_note(rolled: bool) -> str:
    """The sentence a summary adds when groups were rolled up into counts."""
    return "; các nhóm đông được thu gọn thành số đếm dẫn tới danh mục" if rolled else ""
