"""Diagram data built from the model: which boxes, bands and arrows each diagram shows.

Pure: no Graphviz, no files. :mod:`kientruc.draw` turns a :class:`View` into DOT and SVG;
:func:`text_alternative` turns the same :class:`View` into an accessible HTML table, so the
picture and its text never disagree.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ..metamodel import ELEMENT_TYPES, RELATION_TYPES
from ..paths import href

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence, Set

    from ..model.types import Element, Model, Relation, Snapshot
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


# -- helpers -------------------------------------------------------------------------------------


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


def _noun(type_id: str) -> str:
    name = ELEMENT_TYPES[type_id].vi
    return name[:1].lower() + name[1:]


def _element_node(snapshot: Snapshot, element: Element, paths: SitePaths, *,
                  cluster: str | None = None, change: Change | None = None,
                  link: str | None = None) -> ViewNode:
    return ViewNode(id=node_id(snapshot, element), label=element.label, name=element.name_vi,
                    type=element.type, icon=icon_of(element), link=link or page_of(element, paths),
                    cluster=cluster, change=change)


def _external_layer(snapshot: Snapshot) -> str | None:
    return next((x.id for x in snapshot.framework.layers if x.orientation == "external"), None)


Flow = tuple["Element", "Element", "Element | None", str]
"""(source, target, via, label) of a data flow."""


def _flows(model: Model, snapshot: Snapshot, sources: Iterable[Element],
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


def _flow_edges(snapshot: Snapshot, flows: Iterable[Flow]) -> list[ViewEdge]:
    """Edges of flows: ``source → via → target`` when the flow passes a platform."""
    edges: list[ViewEdge] = []
    for source, target, via, label in flows:
        hops = [source, via, target] if via is not None else [source, target]
        edges.extend(ViewEdge(source=node_id(snapshot, a), target=node_id(snapshot, b),
                              label=label) for a, b in itertools.pairwise(hops))
    return edges


def _merge_edges(edges: Iterable[ViewEdge]) -> list[ViewEdge]:
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
                    id=rollup_id, label=f"+ {count} {_noun(node.type)} khác",
                    name=f"{count} {_noun(node.type)} khác (xem danh mục)", type=node.type,
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
    return kept, _merge_edges(moved)


def _catalogue_link(snapshot: Snapshot, paths: SitePaths,
                    own_types: Set[str]) -> Callable[[str], str | None]:
    return lambda type_id: paths.catalogue(snapshot.key, type_id) if type_id in own_types else None


def _version_name(snapshot: Snapshot) -> str:
    return f"{snapshot.title_vi}, phiên bản {snapshot.version}"


# -- layered views ---------------------------------------------------------------------------


def _layered(model: Model, snapshot: Snapshot, paths: SitePaths, *, kind: str, title: str,
             summary: Callable[[int, int, bool], str], max_nodes: int) -> View:
    framework = snapshot.framework
    external = _external_layer(snapshot)
    elements = [e for e in snapshot.elements.values() if e.type not in OVERALL_SKIPPED]
    # flows are the integration diagram's business (arrows across every band are unreadable);
    # the overall picture shows the national and external systems the version connects to
    flows = [f for f in _flows(model, snapshot, elements)
             if any(x is not None and (x.scope != snapshot.key or x.layer == external)
                    for x in f[:3])]
    nodes: dict[str, ViewNode] = {}
    for element in elements:
        nodes[node_id(snapshot, element)] = _element_node(
            snapshot, element, paths, cluster=f"l-{element.layer}" if element.layer else None)
    for _, target, via, _ in flows:
        for other in (target, via):
            if other is not None and node_id(snapshot, other) not in nodes:
                nodes[node_id(snapshot, other)] = _element_node(
                    snapshot, other, paths, cluster=f"l-{external}" if external else None)
    ordered = [n for layer in framework.layers for n in nodes.values()
               if n.cluster == f"l-{layer.id}"]
    placed = {n.id for n in ordered}
    ordered += [n for n in nodes.values() if n.id not in placed]
    own_types = {e.type for e in elements}
    kept, _ = roll_up(ordered, [], max_nodes=max_nodes,
                      link_of=_catalogue_link(snapshot, paths, own_types))
    used = {n.cluster for n in kept}
    clusters = [ViewCluster(id="frame", label=_version_name(snapshot), orientation="group")]
    clusters += [ViewCluster(id=f"l-{x.id}", label=x.name_vi, orientation=x.orientation,
                             parent=None if x.orientation == "external" else "frame")
                 for x in framework.layers if f"l-{x.id}" in used]
    rolled = any(n.kind == "rollup" for n in kept)
    layers = sum(1 for c in clusters if c.id != "frame")
    return View(id=view_id(snapshot.key, kind), kind=kind, title=title,
                summary=summary(len(nodes), layers, rolled), clusters=tuple(clusters),
                nodes=tuple(kept), edges=(), direction="TB", layered=True)


def _rolled_note(rolled: bool) -> str:
    return "; các nhóm đông được thu gọn thành số đếm dẫn tới danh mục" if rolled else ""


def overall_view(model: Model, snapshot: Snapshot, paths: SitePaths, *,
                 max_nodes: int = MAX_NODES) -> View:
    """The overall diagram (sơ đồ tổng thể): the framework's layers as bands.

    Horizontal layers are stacked, vertical ones (security, governance) stand beside them, and
    the national/external systems the version exchanges data with sit outside the frame. No
    arrows: the flows are drawn by :func:`integration_view`.

    Args:
        model: The whole model (to resolve references to common data and other versions).
        snapshot: The version drawn.
        paths: Where pages live, for node links.
        max_nodes: Readable bound per band before rolling up.

    Returns:
        The view.
    """
    fw = snapshot.framework.short or snapshot.framework.name_vi
    return _layered(
        model, snapshot, paths, kind="tong-the",
        title=f"Sơ đồ tổng thể – {_version_name(snapshot)}",
        summary=lambda n, k, rolled: (f"Sơ đồ tổng thể gồm {n} thành phần xếp theo {k} lớp "
                                      f"của {fw}{_rolled_note(rolled)}."),
        max_nodes=max_nodes)


def smart_city_view(model: Model, snapshot: Snapshot, paths: SitePaths, *,
                    max_nodes: int = MAX_NODES) -> View:
    """The layered ICT reference view of a smart-city architecture (framework ict-dttm-1.0).

    Users, smart services, service and data support, infrastructure, connectivity and sensing
    stacked; operations centre (IOC), security and governance beside them.

    Args:
        model: The whole model.
        snapshot: The version drawn.
        paths: Where pages live.
        max_nodes: Readable bound per band.

    Returns:
        The view.
    """
    fw = snapshot.framework.short or snapshot.framework.name_vi
    return _layered(
        model, snapshot, paths, kind="tham-chieu-ict",
        title=f"Mô hình tham chiếu ICT phân lớp – {_version_name(snapshot)}",
        summary=lambda n, k, rolled: (f"Các thành phần ICT đô thị thông minh ({n} thành phần) xếp "
                                      f"theo {k} lớp của {fw}{_rolled_note(rolled)}."),
        max_nodes=max_nodes)


# -- integration -----------------------------------------------------------------------------


def integration_view(model: Model, snapshot: Snapshot, paths: SitePaths, *,
                     max_nodes: int = MAX_NODES) -> View:
    """The integration diagram (mô hình liên thông): who exchanges which data, through what.

    Each ``exchanges_with`` relation is drawn ``source → via → target`` (via LGSP, NGSP, Trục
    liên thông, Cổng DVC quốc gia …), the data named on the arrows.

    Args:
        model: The whole model.
        snapshot: The version drawn.
        paths: Where pages live.
        max_nodes: Readable bound per group.

    Returns:
        The view.
    """
    flows = _flows(model, snapshot, snapshot.elements.values())
    hubs = {node_id(snapshot, v) for _, _, v, _ in flows if v is not None}
    external = _external_layer(snapshot)
    nodes: dict[str, ViewNode] = {}
    for source, target, via, _ in flows:
        for element in (source, via, target):
            if element is None or node_id(snapshot, element) in nodes:
                continue
            nid = node_id(snapshot, element)
            outside = element.scope != snapshot.key or element.layer == external
            group = ("ngoai" if outside else
                     "nen-tang" if element.type == "platform" or nid in hubs else "he-thong")
            nodes[nid] = _element_node(snapshot, element, paths, cluster=group)
    edges = _merge_edges(_flow_edges(snapshot, flows))
    labels = {"he-thong": "Hệ thống thông tin trong kiến trúc",
              "nen-tang": "Nền tảng tích hợp, chia sẻ dữ liệu",
              "ngoai": "Hệ thống quốc gia, hệ thống bên ngoài"}
    ordered = [n for group in labels for n in nodes.values() if n.cluster == group]
    own_types = _types_of(snapshot)
    kept, edges = roll_up(ordered, edges, max_nodes=max_nodes,
                          link_of=_catalogue_link(snapshot, paths, own_types))
    used = {n.cluster for n in kept}
    clusters = tuple(ViewCluster(id=g, label=label, orientation="group")
                     for g, label in labels.items() if g in used)
    platforms = [n.label for n in kept if n.cluster == "nen-tang" or n.id in hubs]
    via_text = f" qua {', '.join(platforms)}" if platforms else ""
    summary = (f"{len(nodes)} hệ thống trao đổi dữ liệu với nhau{via_text} "
               f"trong {len(flows)} luồng liên thông." if flows else
               "Phiên bản này chưa khai báo luồng liên thông nào giữa các hệ thống.")
    return View(id=view_id(snapshot.key, "lien-thong"), kind="lien-thong",
                title=f"Mô hình liên thông – {_version_name(snapshot)}", summary=summary,
                clusters=clusters, nodes=tuple(kept), edges=tuple(edges), direction="LR")


# -- one element -----------------------------------------------------------------------------


_Pointer = tuple["Element", "Relation", str]
_REVERSE: dict[int, tuple[Snapshot, dict[int, list[_Pointer]]]] = {}


def _pointing_at(model: Model, snapshot: Snapshot, element: Element) -> list[_Pointer]:
    """Relations of ``snapshot`` that point at ``element``, as its target or its ``via``.

    Built once per version (a reverse index) instead of scanning every relation for every
    element page, which made planning quadratic in the size of the version. Entries keep
    source order, so diagrams are the same as with a scan.
    """
    cached = _REVERSE.get(id(snapshot))
    if cached is None or cached[0] is not snapshot:
        index: dict[int, list[_Pointer]] = {}
        for other in snapshot.elements.values():
            for relation in other.relations:
                target = model.resolve(snapshot, relation.target)
                if target is not None:
                    index.setdefault(id(target), []).append((other, relation, "target"))
                via = model.resolve(snapshot, relation.via) if relation.via else None
                if via is not None and via is not target:
                    index.setdefault(id(via), []).append((other, relation, "via"))
        if len(_REVERSE) > 16:  # a serve session rebuilds many models: keep the recent ones
            _REVERSE.clear()
        cached = _REVERSE[id(snapshot)] = (snapshot, index)
    return cached[1].get(id(element), [])


_TYPES: dict[int, tuple[Snapshot, frozenset[str]]] = {}


def _types_of(snapshot: Snapshot) -> frozenset[str]:
    """The element types a version has (which catalogue pages exist), computed once."""
    cached = _TYPES.get(id(snapshot))
    if cached is None or cached[0] is not snapshot:
        if len(_TYPES) > 16:
            _TYPES.clear()
        cached = _TYPES[id(snapshot)] = (
            snapshot, frozenset(e.type for e in snapshot.elements.values()))
    return cached[1]


def context_view(model: Model, snapshot: Snapshot, element: Element, paths: SitePaths, *,
                 max_nodes: int = MAX_NODES) -> View:
    """The context diagram of one element: its direct neighbours, both directions.

    Args:
        model: The whole model.
        snapshot: The version the element page belongs to.
        element: The element in the middle.
        paths: Where pages live.
        max_nodes: Readable bound on the neighbourhood.

    Returns:
        The view.
    """
    centre = _element_node(snapshot, element, paths)
    me = centre.id
    neighbours: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []

    def add(other: Element) -> str:
        nid = node_id(snapshot, other)
        if nid != me and nid not in neighbours:
            neighbours[nid] = _element_node(snapshot, other, paths)
        return nid

    for relation in element.relations:
        target = model.resolve(snapshot, relation.target)
        if target is None:
            continue
        label = RELATION_TYPES[relation.type].vi
        if relation.data:
            label += f": {relation.data}"
        via = model.resolve(snapshot, relation.via) if relation.via else None
        if via is not None:
            label += f" (qua {via.label})"
        edges.append(ViewEdge(source=me, target=add(target), label=label))
    for other, relation, role in _pointing_at(model, snapshot, element):
        if other.id == element.id:
            continue
        if role == "target":
            label = RELATION_TYPES[relation.type].vi
            if relation.data:
                label += f": {relation.data}"
            edges.append(ViewEdge(source=add(other), target=me, label=label))
        else:
            target = model.resolve(snapshot, relation.target)
            data = relation.data or RELATION_TYPES[relation.type].vi
            edges.append(ViewEdge(source=add(other), target=me, label=data))
            if target is not None:
                edges.append(ViewEdge(source=me, target=add(target), label=data))
    own_types = _types_of(snapshot)
    edges = _merge_edges(edges)
    relations = len(edges)
    kept, merged = roll_up(list(neighbours.values()), edges, max_nodes=max_nodes - 1,
                           link_of=_catalogue_link(snapshot, paths, own_types),
                           priority=lambda n: 0)
    kind_vi = _noun(element.type)
    summary = (f"{element.name_vi} ({kind_vi}) có {relations} quan hệ "
               f"trực tiếp với {len(neighbours)} thành phần khác"
               f"{_rolled_note(any(n.kind == 'rollup' for n in kept))}."
               if neighbours else f"{element.name_vi} chưa có quan hệ trực tiếp nào.")
    return View(id=view_id(snapshot.key, "ngu-canh", element.id), kind="ngu-canh",
                title=f"Sơ đồ ngữ cảnh: {element.name_vi}", summary=summary,
                clusters=(), nodes=(centre, *kept), edges=tuple(merged),
                direction="LR", focus=me)


_ORG_GROUPS: tuple[tuple[str, str], ...] = (
    ("chu-quan-van-hanh", "Thành phần do đơn vị làm chủ quản và vận hành"),
    ("chu-quan", "Thành phần do đơn vị làm chủ quản"),
    ("van-hanh", "Thành phần do đơn vị vận hành"),
    ("du-an", "Dự án, nhiệm vụ do đơn vị chủ trì"),
)


def _org_group(relation_types: set[str]) -> str | None:
    owned, operated = "owned_by" in relation_types, "operated_by" in relation_types
    if owned and operated:
        return "chu-quan-van-hanh"
    if owned or operated:
        return "chu-quan" if owned else "van-hanh"
    return "du-an" if "led_by" in relation_types else None


def organization_view(model: Model, snapshot: Snapshot, org: Element, paths: SitePaths, *,
                      max_nodes: int = MAX_NODES) -> View:
    """The diagram of an organization: what it owns, what it operates, the projects it leads.

    The organization on top, then one band per relation (owner and operator, owner, operator,
    project lead); the band names the relation, so there are no arrows.

    Args:
        model: The whole model.
        snapshot: The version the organization page belongs to.
        org: The organization.
        paths: Where pages live.
        max_nodes: Readable bound on the whole diagram (shared between the bands).

    Returns:
        The view.
    """
    centre = replace(_element_node(snapshot, org, paths), cluster="don-vi")
    groups: dict[str, list[ViewNode]] = {g: [] for g, _ in _ORG_GROUPS}
    pointing: dict[str, tuple[Element, set[str]]] = {}
    for other, relation, role in _pointing_at(model, snapshot, org):
        if role == "target":
            pointing.setdefault(other.id, (other, set()))[1].add(relation.type)
    for element, types in pointing.values():
        group = _org_group(types) if element.id != org.id else None
        if group is not None:
            groups[group].append(_element_node(snapshot, element, paths, cluster=group))
    total = sum(len(members) for members in groups.values())
    own_types = _types_of(snapshot)
    kept: list[ViewNode] = []
    rank = {type_id: i for i, type_id in enumerate(ELEMENT_TYPES)}
    for members in groups.values():
        members.sort(key=lambda n: rank[n.type])  # stable: source order within a type
        # the bound is shared: each band gets room in proportion to its size (at least 3)
        room = len(members) if total < max_nodes else max(3, (max_nodes - 1) * len(members)
                                                                // total)
        kept += roll_up(members, [], max_nodes=room,
                        link_of=_catalogue_link(snapshot, paths, own_types),
                        priority=lambda n: 0)[0]
    used = {n.cluster for n in kept}
    clusters = (ViewCluster(id="don-vi", label="Đơn vị", orientation="horizontal"),
                *(ViewCluster(id=g, label=label, orientation="horizontal")
                  for g, label in _ORG_GROUPS if g in used))
    owned = len(groups["chu-quan"]) + len(groups["chu-quan-van-hanh"])
    operated = len(groups["van-hanh"]) + len(groups["chu-quan-van-hanh"])
    summary = (f"{org.name_vi} là chủ quản của {owned} thành phần, vận hành {operated} thành "
               f"phần và chủ trì {len(groups['du-an'])} dự án, nhiệm vụ trong phiên bản này"
               f"{_rolled_note(any(n.kind == 'rollup' for n in kept))}.")
    return View(id=view_id(snapshot.key, "co-quan", org.id), kind="co-quan",
                title=f"Thành phần và dự án của {org.name_vi}", summary=summary,
                clusters=clusters, nodes=(centre, *kept), edges=(), direction="TB",
                layered=True, focus=centre.id)


# -- comparison ------------------------------------------------------------------------------


_CHANGE_RANK = {"added": 0, "removed": 0, "changed": 0, "unchanged": 1}


def _change(value: str | None) -> Change:
    if value in ("added", "removed", "changed", "unchanged"):
        return value  # type: ignore[return-value]
    return "changed"


def union_view(model: Model, old: Snapshot, new: Snapshot, status: Mapping[str, str],
               paths: SitePaths, *, max_nodes: int = MAX_NODES,
               continued: Mapping[str, str] | None = None) -> View:
    """Both versions in one picture, each box marked added, removed, changed or unchanged.

    Bands follow the newer version's framework (older layers mapped through its
    ``layer_map``), like :func:`overall_view` (no arrows). A change is shown by colour, by line
    style (bold, dashed, dotted, thin) and by a word in the box, with a legend, so it reads
    without colour too.

    Args:
        model: The whole model.
        old: The older version.
        new: The newer version.
        status: Change per element id: ``added``, ``removed``, ``changed``, ``unchanged``.
        paths: Where pages live; removed elements link to the older version's page.
        max_nodes: Readable bound per band (changes are kept before unchanged boxes).
        continued: ``{old id: new id}`` of elements that live on in the newer version
            (``Comparison.id_map``, renames followed through intermediate versions); by
            default the newer version's own ``renamed_from``.

    Returns:
        The view.
    """
    from ..compare.diff import layer_mapping

    framework = new.framework
    layer_ids = {x.id for x in framework.layers}
    mapping = layer_mapping(old.framework, framework)
    renamed = ({o for o, n in continued.items() if o != n} if continued is not None
               else {e.renamed_from for e in new.elements.values() if e.renamed_from})
    nodes: dict[str, ViewNode] = {}
    for element in new.elements.values():
        if element.type in OVERALL_SKIPPED:
            continue
        change = _change(status.get(element.id, "unchanged"))
        nodes[element.id] = _element_node(new, element, paths, change=change,
                                          cluster=f"l-{element.layer}")
    for element in old.elements.values():
        if element.type in OVERALL_SKIPPED or element.id in nodes or element.id in renamed:
            continue
        layer = mapping.get(element.layer or "", element.layer)
        if layer not in layer_ids:
            layer = framework.type_defaults.get(element.type)
        nodes[element.id] = _element_node(old, element, paths, cluster=f"l-{layer}",
                                          change=_change(status.get(element.id, "removed")),
                                          link=paths.element(old.key, element.id))
    external = _external_layer(new)
    flows = [*_flows(model, new, new.elements.values()), *_flows(model, old, old.elements.values())]
    for _, target, via, _ in flows:
        for other in (target, via):
            if (other is not None and other.scope not in (old.key, new.key)
                    and node_id(new, other) not in nodes):
                nodes[node_id(new, other)] = _element_node(
                    new, other, paths, cluster=f"l-{external}",
                    change=_change(status.get(other.id, "unchanged")))
    ordered = [n for layer in framework.layers for n in nodes.values()
               if n.cluster == f"l-{layer.id}"]
    placed = {n.id for n in ordered}
    ordered += [replace(n, cluster="l-khac") for n in nodes.values() if n.id not in placed]
    own_types = {e.type for e in new.elements.values()}
    kept, _ = roll_up(ordered, [], max_nodes=max_nodes,
                      link_of=_catalogue_link(new, paths, own_types),
                      priority=lambda n: _CHANGE_RANK.get(n.change or "unchanged", 1))
    used = {n.cluster for n in kept}
    clusters = [ViewCluster(id="chu-giai", label="Chú giải", orientation="legend")]
    clusters += [ViewCluster(id="frame", label=f"{new.title_vi}: phiên bản {old.version} và "
                             f"{new.version}", orientation="group")]
    clusters += [ViewCluster(id=f"l-{x.id}", label=x.name_vi, orientation=x.orientation,
                             parent=None if x.orientation == "external" else "frame")
                 for x in framework.layers if f"l-{x.id}" in used]
    if "l-khac" in used:
        clusters.append(ViewCluster(id="l-khac", label="Khác", orientation="external"))
    legend = [ViewNode(id=f"legend~{c}", label=CHANGE_VI[c], name=f"Chú giải: {CHANGE_VI[c]}",
                       type="application", icon="application", link=None, cluster="chu-giai",
                       change=c, kind="legend") for c in CHANGES]
    tally = Counter(n.change for n in nodes.values())
    summary = (f"So sánh phiên bản {old.version} và {new.version}: {tally['added']} thành phần "
               f"được bổ sung, {tally['removed']} bị loại bỏ, {tally['changed']} thay đổi và "
               f"{tally['unchanged']} không đổi.")
    return View(id=view_id(new.architecture, f"so-sanh-{old.version}-{new.version}"),
                kind="so-sanh", title=f"So sánh phiên bản {old.version} và {new.version} – "
                f"{new.title_vi}", summary=summary, clusters=tuple(clusters),
                nodes=(*legend, *kept), edges=(), direction="TB", layered=True)


# -- text alternative ------------------------------------------------------------------------


def _link(text: str, target: str | None, page_src: str | None, directory_urls: bool) -> str:
    if target is None:
        return html.escape(text)
    url = (LINK_PREFIX + target if page_src is None
           else href(page_src, target, directory_urls=directory_urls))
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def text_alternative(view: View, page_src: str | None = None, *, directory_urls: bool = True,
                     open_: bool = False) -> str:
    """The diagram in words: title, one sentence, a table of boxes and a table of arrows.

    A collapsed ``<details>`` (keyboard and screen-reader reachable) on one raw-HTML block
    with no blank lines.

    Args:
        view: The diagram.
        page_src: Source path of the page it goes on; links are relative to it. ``None`` leaves
            ``kt:`` placeholders for :func:`kientruc.embed.resolve_links`.
        directory_urls: MkDocs' ``use_directory_urls``.
        open_: Show it expanded (used when the picture could not be drawn).

    Returns:
        The HTML.
    """
    clusters = {c.id: c.label for c in view.clusters}
    nodes = [n for n in view.nodes if n.kind != "legend"]
    by_id = {n.id: n for n in view.nodes}
    with_change = any(n.change for n in nodes)
    with_group = any(n.cluster in clusters for n in nodes)
    heads = ["Thành phần", "Loại", *(["Nhóm, lớp"] if with_group else []),
             *(["Thay đổi"] if with_change else [])]
    out = [f'<details class="kt-diagram-text"{" open" if open_ else ""}>',
           f"<summary>Nội dung sơ đồ dạng văn bản: {html.escape(view.title)}</summary>",
           f"<p>{html.escape(view.summary)}</p>",
           "<table>",  # no class: Material styles only `table:not([class])`
           "<caption>Các thành phần trong sơ đồ</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>",
           "<tbody>"]
    for n in nodes:
        name = n.label if n.kind == "rollup" else n.name
        cells = [_link(name, n.link, page_src, directory_urls),
                 html.escape(ELEMENT_TYPES[n.type].vi),
                 *([html.escape(clusters.get(n.cluster or "", ""))] if with_group else []),
                 *([html.escape(CHANGE_VI.get(n.change or "", ""))] if with_change else [])]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    if view.edges:
        out += ["<table>", "<caption>Các quan hệ, luồng dữ liệu</caption>",
                '<thead><tr><th scope="col">Từ</th><th scope="col">Quan hệ, dữ liệu</th>'
                '<th scope="col">Đến</th></tr></thead>', "<tbody>"]
        for e in view.edges:
            a, b = by_id.get(e.source), by_id.get(e.target)
            label = e.label + (f" ({CHANGE_VI[e.change].lower()})" if e.change else "")
            out.append(f"<tr><td>{html.escape(a.label if a else e.source)}</td>"
                       f"<td>{html.escape(label)}</td>"
                       f"<td>{html.escape(b.label if b else e.target)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>Sơ đồ không có quan hệ nào được vẽ.</p>")
    out.append("</details>")
    return "\n".join(out)


VIEW_NAMES = ("overall", "integration", "smart-city")
"""Diagram names of a whole version, as written in a framework chapter's ``diagram:``."""


def named_view(model: Model, snapshot: Snapshot, name: str, paths: SitePaths, *,
               max_nodes: int = MAX_NODES) -> View:
    """The view called ``name``: a whole-version diagram, or an element id.

    An organization id gives its organization diagram; any other element id its context
    diagram.

    Raises:
        KeyError: No such diagram (the message lists the choices, in Vietnamese).
    """
    if name == "overall":
        return overall_view(model, snapshot, paths, max_nodes=max_nodes)
    if name == "integration":
        return integration_view(model, snapshot, paths, max_nodes=max_nodes)
    if name == "smart-city":
        return smart_city_view(model, snapshot, paths, max_nodes=max_nodes)
    element = model.resolve(snapshot, name)
    if element is None:
        raise KeyError(f"không có sơ đồ '{name}' trong {snapshot.key}: chọn "
                       f"{', '.join(VIEW_NAMES)} hoặc mã một thành phần")
    if element.type == "organization":
        return organization_view(model, snapshot, element, paths, max_nodes=max_nodes)
    return context_view(model, snapshot, element, paths, max_nodes=max_nodes)
