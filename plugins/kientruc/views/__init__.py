"""Which boxes and arrows each diagram shows: (model, snapshot) → :class:`View` (pure data).

:data:`VIEWS` is the one table of the whole-version diagrams: the name a framework chapter
writes in ``diagram:``, the slug of its view id, and the function that builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import UnknownViewError
from .layered import integration_view, overall_view, smart_city_view
from .neighbourhood import context_view, organization_view
from .union import union_view
from .view import (
    CHANGE_VI,
    CHANGES,
    LINK_PREFIX,
    MAX_NODES,
    Change,
    View,
    ViewCluster,
    ViewEdge,
    ViewNode,
    node_id,
    roll_up,
    view_id,
)

if TYPE_CHECKING:
    from ..model.types import Model, Snapshot
    from ..paths import SitePaths


class VersionViewBuilder(Protocol):
    """Builds a whole-version diagram."""

    def __call__(self, model: Model, snapshot: Snapshot, paths: SitePaths, *,
                 max_nodes: int = MAX_NODES) -> View:
        """Return the view of ``snapshot``."""


@dataclass(frozen=True, kw_only=True)
class ViewKind:
    """A whole-version diagram: its name in the sources, its id slug and its builder."""

    name: str
    """As written in a framework chapter's ``diagram:`` and on the command line."""
    slug: str
    """The part of the view id that names the kind (``cqdt-2_0-tong-the``)."""
    build: VersionViewBuilder


VIEWS: dict[str, ViewKind] = {kind.name: kind for kind in (
    ViewKind(name="overall", slug="tong-the", build=overall_view),
    ViewKind(name="integration", slug="lien-thong", build=integration_view),
    ViewKind(name="smart-city", slug="tham-chieu-ict", build=smart_city_view),
)}
"""Every whole-version diagram, by name."""

VIEW_NAMES = tuple(VIEWS)
"""Diagram names of a whole version, as written in a framework chapter's ``diagram:``."""


def version_view_id(snapshot_key: str, name: str) -> str:
    """The view id of the whole-version diagram ``name`` of a version."""
    return view_id(snapshot_key, VIEWS[name].slug)


def named_view(model: Model, snapshot: Snapshot, name: str, paths: SitePaths, *,
               max_nodes: int = MAX_NODES) -> View:
    """The view called ``name``: a whole-version diagram, or an element id.

    An organization id gives its organization diagram; any other element id its context
    diagram.

    Raises:
        UnknownViewError: No such diagram (it carries the choices).
    """
    if name in VIEWS:
        return VIEWS[name].build(model, snapshot, paths, max_nodes=max_nodes)
    element = model.resolve(snapshot, name)
    if element is None:
        raise UnknownViewError(name, snapshot.key, VIEW_NAMES)
    if element.type == "organization":
        return organization_view(model, snapshot, element, paths, max_nodes=max_nodes)
    return context_view(model, snapshot, element, paths, max_nodes=max_nodes)


__all__ = [
    "CHANGES", "CHANGE_VI", "LINK_PREFIX", "MAX_NODES", "VIEWS", "VIEW_NAMES", "Change", "View",
    "ViewCluster", "ViewEdge", "ViewKind", "ViewNode", "context_view", "integration_view",
    "named_view", "node_id", "organization_view", "overall_view", "roll_up", "smart_city_view",
    "union_view", "version_view_id", "view_id",
]
