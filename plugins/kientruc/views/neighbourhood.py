"""One element and its neighbours: an element's context diagram, an organisation's diagram."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES, RELATION_TYPES

if TYPE_CHECKING:

    from ..model.types import Element, Model, Relation, Snapshot
    from ..paths import SitePaths
from .view import (
    MAX_NODES,
    View,
    ViewCluster,
    ViewEdge,
    ViewNode,
    catalogue_link,
    element_node,
    merge_edges,
    node_id,
    roll_up,
    rolled_note,
    type_noun,
    view_id,
)

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
    centre = element_node(snapshot, element, paths)
    me = centre.id
    neighbours: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []

    def add(other: Element) -> str:
        nid = node_id(snapshot, other)
        if nid != me and nid not in neighbours:
            neighbours[nid] = element_node(snapshot, other, paths)
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
    edges = merge_edges(edges)
    relations = len(edges)
    kept, merged = roll_up(list(neighbours.values()), edges, max_nodes=max_nodes - 1,
                           link_of=catalogue_link(snapshot, paths, own_types),
                           priority=lambda n: 0)
    kind_vi = type_noun(element.type)
    summary = (f"{element.name_vi} ({kind_vi}) có {relations} quan hệ "
               f"trực tiếp với {len(neighbours)} thành phần khác"
               f"{rolled_note(any(n.kind == 'rollup' for n in kept))}."
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


def _org_sentence(name: str, owned: int, operated: int, led: int, note: str) -> str:
    """A sentence a screen reader can say: only the roles the organisation has, never "0 …"."""
    roles = [text for n, text in ((owned, f"là chủ quản của {owned} thành phần"),
                                  (operated, f"vận hành {operated} thành phần"),
                                  (led, f"chủ trì {led} dự án, nhiệm vụ")) if n]
    if not roles:
        return (f"{name} không là chủ quản, đơn vị vận hành hay đơn vị chủ trì của thành phần, "
                f"dự án nào trong phiên bản này{note}.")
    joined = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " và " + roles[-1]
    return f"{name} {joined} trong phiên bản này{note}."


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
    centre = replace(element_node(snapshot, org, paths), cluster="don-vi")
    groups: dict[str, list[ViewNode]] = {g: [] for g, _ in _ORG_GROUPS}
    pointing: dict[str, tuple[Element, set[str]]] = {}
    for other, relation, role in _pointing_at(model, snapshot, org):
        if role == "target":
            pointing.setdefault(other.id, (other, set()))[1].add(relation.type)
    for element, types in pointing.values():
        group = _org_group(types) if element.id != org.id else None
        if group is not None:
            groups[group].append(element_node(snapshot, element, paths, cluster=group))
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
                        link_of=catalogue_link(snapshot, paths, own_types),
                        priority=lambda n: 0)[0]
    used = {n.cluster for n in kept}
    clusters = (ViewCluster(id="don-vi", label="Đơn vị", orientation="horizontal"),
                *(ViewCluster(id=g, label=label, orientation="horizontal")
                  for g, label in _ORG_GROUPS if g in used))
    owned = len(groups["chu-quan"]) + len(groups["chu-quan-van-hanh"])
    operated = len(groups["van-hanh"]) + len(groups["chu-quan-van-hanh"])
    summary = _org_sentence(org.name_vi, owned, operated, len(groups["du-an"]),
                            rolled_note(any(n.kind == "rollup" for n in kept)))
    return View(id=view_id(snapshot.key, "co-quan", org.id), kind="co-quan",
                title=f"Thành phần và dự án của {org.name_vi}", summary=summary,
                clusters=clusters, nodes=(centre, *kept), edges=(), direction="TB",
                layered=True, focus=centre.id)
