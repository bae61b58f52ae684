"""Whole-version diagrams in layers: the overall view, the smart-city layered view, integration."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model.types import Model, Snapshot
    from ..paths import SitePaths
from .neighbourhood import _types_of
from .view import (
    MAX_NODES,
    OVERALL_SKIPPED,
    View,
    ViewCluster,
    ViewNode,
    catalogue_link,
    data_flows,
    element_node,
    external_layer,
    flow_edges,
    merge_edges,
    node_id,
    roll_up,
    rolled_note,
    version_name,
    view_id,
)


def _layered(model: Model, snapshot: Snapshot, paths: SitePaths, *, kind: str, title: str,
             summary: Callable[[int, int, bool], str], max_nodes: int) -> View:
    framework = snapshot.framework
    external = external_layer(snapshot)
    elements = [e for e in snapshot.elements.values() if e.type not in OVERALL_SKIPPED]
    # flows are the integration diagram's business (arrows across every band are unreadable);
    # the overall picture shows the national and external systems the version connects to
    flows = [f for f in data_flows(model, snapshot, elements)
             if any(x is not None and (x.scope != snapshot.key or x.layer == external)
                    for x in f[:3])]
    nodes: dict[str, ViewNode] = {}
    for element in elements:
        nodes[node_id(snapshot, element)] = element_node(
            snapshot, element, paths, cluster=f"l-{element.layer}" if element.layer else None)
    for _, target, via, _ in flows:
        for other in (target, via):
            if other is not None and node_id(snapshot, other) not in nodes:
                nodes[node_id(snapshot, other)] = element_node(
                    snapshot, other, paths, cluster=f"l-{external}" if external else None)
    ordered = [n for layer in framework.layers for n in nodes.values()
               if n.cluster == f"l-{layer.id}"]
    placed = {n.id for n in ordered}
    ordered += [n for n in nodes.values() if n.id not in placed]
    own_types = {e.type for e in elements}
    kept, _ = roll_up(ordered, [], max_nodes=max_nodes,
                      link_of=catalogue_link(snapshot, paths, own_types))
    used = {n.cluster for n in kept}
    clusters = [ViewCluster(id="frame", label=version_name(snapshot), orientation="group")]
    clusters += [ViewCluster(id=f"l-{x.id}", label=x.name_vi, orientation=x.orientation,
                             parent=None if x.orientation == "external" else "frame")
                 for x in framework.layers if f"l-{x.id}" in used]
    rolled = any(n.kind == "rollup" for n in kept)
    layers = sum(1 for c in clusters if c.id != "frame")
    return View(id=view_id(snapshot.key, kind), kind=kind, title=title,
                summary=summary(len(nodes), layers, rolled), clusters=tuple(clusters),
                nodes=tuple(kept), edges=(), direction="TB", layered=True)


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
        title=f"Sơ đồ tổng thể – {version_name(snapshot)}",
        summary=lambda n, k, rolled: (f"Sơ đồ tổng thể gồm {n} thành phần xếp theo {k} lớp "
                                      f"của {fw}{rolled_note(rolled)}."),
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
        title=f"Mô hình tham chiếu ICT phân lớp – {version_name(snapshot)}",
        summary=lambda n, k, rolled: (f"Các thành phần ICT đô thị thông minh ({n} thành phần) xếp "
                                      f"theo {k} lớp của {fw}{rolled_note(rolled)}."),
        max_nodes=max_nodes)


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
    flows = data_flows(model, snapshot, snapshot.elements.values())
    hubs = {node_id(snapshot, v) for _, _, v, _ in flows if v is not None}
    external = external_layer(snapshot)
    nodes: dict[str, ViewNode] = {}
    for source, target, via, _ in flows:
        for element in (source, via, target):
            if element is None or node_id(snapshot, element) in nodes:
                continue
            nid = node_id(snapshot, element)
            outside = element.scope != snapshot.key or element.layer == external
            group = ("ngoai" if outside else
                     "nen-tang" if element.type == "platform" or nid in hubs else "he-thong")
            nodes[nid] = element_node(snapshot, element, paths, cluster=group)
    edges = merge_edges(flow_edges(snapshot, flows))
    labels = {"he-thong": "Hệ thống thông tin trong kiến trúc",
              "nen-tang": "Nền tảng tích hợp, chia sẻ dữ liệu",
              "ngoai": "Hệ thống quốc gia, hệ thống bên ngoài"}
    ordered = [n for group in labels for n in nodes.values() if n.cluster == group]
    own_types = _types_of(snapshot)
    kept, edges = roll_up(ordered, edges, max_nodes=max_nodes,
                          link_of=catalogue_link(snapshot, paths, own_types))
    used = {n.cluster for n in kept}
    clusters = tuple(ViewCluster(id=g, label=label, orientation="group")
                     for g, label in labels.items() if g in used)
    platforms = [n.label for n in kept if n.cluster == "nen-tang" or n.id in hubs]
    via_text = f" qua {', '.join(platforms)}" if platforms else ""
    summary = (f"{len(nodes)} hệ thống trao đổi dữ liệu với nhau{via_text} "
               f"trong {len(flows)} luồng liên thông." if flows else
               "Phiên bản này chưa khai báo luồng liên thông nào giữa các hệ thống.")
    return View(id=view_id(snapshot.key, "lien-thong"), kind="lien-thong",
                title=f"Mô hình liên thông – {version_name(snapshot)}", summary=summary,
                clusters=clusters, nodes=tuple(kept), edges=tuple(edges), direction="LR")
