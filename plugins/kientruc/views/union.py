"""Two versions in one diagram, every box and arrow marked added, removed, changed or unchanged."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..model.types import Model, Snapshot
    from ..paths import SitePaths
from .view import (
    CHANGE_VI,
    CHANGES,
    MAX_NODES,
    OVERALL_SKIPPED,
    Change,
    View,
    ViewCluster,
    ViewNode,
    catalogue_link,
    data_flows,
    element_node,
    external_layer,
    node_id,
    roll_up,
    view_id,
)

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
        nodes[element.id] = element_node(new, element, paths, change=change,
                                          cluster=f"l-{element.layer}")
    for element in old.elements.values():
        if element.type in OVERALL_SKIPPED or element.id in nodes or element.id in renamed:
            continue
        layer = mapping.get(element.layer or "", element.layer)
        if layer not in layer_ids:
            layer = framework.type_defaults.get(element.type)
        nodes[element.id] = element_node(old, element, paths, cluster=f"l-{layer}",
                                          change=_change(status.get(element.id, "removed")),
                                          link=paths.element(old.key, element.id))
    external = external_layer(new)
    flows = [*data_flows(model, new, new.elements.values()),
             *data_flows(model, old, old.elements.values())]
    for _, target, via, _ in flows:
        for other in (target, via):
            if (other is not None and other.scope not in (old.key, new.key)
                    and node_id(new, other) not in nodes):
                nodes[node_id(new, other)] = element_node(
                    new, other, paths, cluster=f"l-{external}",
                    change=_change(status.get(other.id, "unchanged")))
    ordered = [n for layer in framework.layers for n in nodes.values()
               if n.cluster == f"l-{layer.id}"]
    placed = {n.id for n in ordered}
    ordered += [replace(n, cluster="l-khac") for n in nodes.values() if n.id not in placed]
    own_types = {e.type for e in new.elements.values()}
    kept, _ = roll_up(ordered, [], max_nodes=max_nodes,
                      link_of=catalogue_link(new, paths, own_types),
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
