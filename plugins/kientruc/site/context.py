"""What every page generator needs: the model, where pages live, and how to link to an element."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..compare.history import Histories
from ..md import esc, mdlink
from .paging import Caps
from ..paths import SitePaths, link

if TYPE_CHECKING:
    from ..model.types import Element, Model, Snapshot


@dataclass(frozen=True, kw_only=True)
class DiagramSlot:
    """A diagram a page asks for; the site planner renders it and fills the marker."""

    marker: str
    view: object
    """A ``views.View``; typed loosely so page modules do not import the diagram stage."""


@dataclass(frozen=True, kw_only=True)
class PageOut:
    """One generated page (or asset) before diagrams are filled in."""

    src: str
    content: str | bytes
    edit: str | None = None
    """The YAML file the page came from, relative to the repository (for the "edit" link)."""
    diagrams: tuple[DiagramSlot, ...] = ()
    """Diagrams whose HTML replaces their marker in the page's final HTML, after Markdown and
    search (see :func:`kientruc.site.late_blocks`): Python-Markdown does not have to parse a
    large inline SVG, and the search index does not fill up with node labels."""
    search: bool = True
    """False for pages whose text the element pages already cover (big catalogues)."""


@dataclass(frozen=True, kw_only=True)
class Context:
    """The model plus page locations; shared by every page generator."""

    model: Model
    paths: SitePaths = field(default_factory=SitePaths)
    directory_urls: bool = True
    roll_up: int = 25
    caps: Caps = field(default_factory=Caps)
    """How many rows a page shows before it moves the rest to numbered sub-pages."""

    @cached_property
    def histories(self) -> Histories:
        """Each architecture's history and every comparison, built once for this build."""
        return Histories(self.model)

    def element_page(self, snapshot: Snapshot | None, element: Element) -> str:
        """Source path of an element's page (common reference data has its own pages)."""
        if element.scope == "common" or snapshot is None:
            return self.paths.common(element.id)
        return self.paths.element(element.scope, element.id)

    def find(self, snapshot: Snapshot | None, ref: str) -> Element | None:
        """Resolve a reference as written in ``snapshot`` (or in common data)."""
        if snapshot is None:
            return self.model.common.get(ref)
        return self.model.resolve(snapshot, ref)

    def ref_link(self, from_page: str, snapshot: Snapshot | None, ref: str,
                 *, short: bool = False) -> str:
        """Markdown link to what ``ref`` names, labelled with its name."""
        element = self.find(snapshot, ref)
        if element is None:
            return esc(ref)
        return self.element_link(from_page, snapshot, element, short=short)

    def element_link(self, from_page: str, snapshot: Snapshot | None, element: Element,
                     *, short: bool = False, from_snapshot: Snapshot | None = None) -> str:
        """Markdown link to an element's page (naming its version when it is not the page's)."""
        text = element.label if short else element.name_vi
        here = from_snapshot or snapshot
        if element.scope not in {"common", getattr(here, "key", None)}:
            text += f" ({element.scope})"
        return mdlink(text, link(from_page, self.element_page(snapshot, element)))

    def marked_link(self, from_page: str, snapshot: Snapshot | None, element: Element) -> str:
        """:meth:`element_link`, saying "(minh họa)" once in the row when it is illustrative.

        Domain notes §12.6: every illustrative row of a roadmap, budget or issue table says so.
        """
        link_ = self.element_link(from_page, snapshot, element)
        return link_ + " *(minh họa)*" if element.illustrative else link_

    def incoming(self, snapshot: Snapshot) -> dict[str, list[tuple[Element, str, int]]]:
        """Map each target id to (source element, relation type, index) of relations to it.

        Relations from other architectures that name this version explicitly
        (``cqdt/2.0:tb.platform.lgsp`` written in ``dttm/1.0``) are included, so the
        e-government LGSP page shows that the smart-city architecture reuses it.
        """
        out: dict[str, list[tuple[Element, str, int]]] = {}
        prefix = snapshot.key + ":"
        for other in self.model.snapshots.values():
            for element in other.elements.values():
                for index, relation in enumerate(element.relations):
                    if other.key == snapshot.key:
                        target = self.model.resolve(snapshot, relation.target)
                    elif relation.target.startswith(prefix):
                        target = snapshot.elements.get(relation.target[len(prefix):])
                    else:
                        continue
                    if target is not None and target.scope == snapshot.key:
                        out.setdefault(target.id, []).append((element, relation.type, index))
        return out
