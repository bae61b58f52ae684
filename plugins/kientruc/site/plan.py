"""Plan the whole generated site: every page, asset and the navigation, without MkDocs.

``plan_site`` is pure: give it a model, get back a :class:`SitePlan`. Diagrams are asked for by
pages (as :class:`~kientruc.context.DiagramSlot`) and filled in large batches by
:func:`late_blocks`, so that cache misses can be rendered in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .pages.comparison import (
    comparison_index_markdown,
    comparison_layer_pages,
    comparison_markdown,
    history_markdown,
    retired_markdown,
    version_pairs,
)
from .context import Context, DiagramSlot, PageOut
from .old_versions import mark_old_versions
from .place import UP_KEY
from .switcher import add_switchers, switcher
from .. import safe
from ..compare.diff import compare, status_by_element
from ..compare.render import render_json
from ..md import esc, front_matter, mdlink
from ..metamodel import ELEMENT_TYPES
from .nav import NavItem, site_nav
from .pages.current_state import CURRENT_STATE, current_state_markdown
from .pages.reference_models import REFERENCE_MODELS, reference_models_markdown
from .pages.catalogue import catalogue_pages
from .pages.element import element_markdown, incoming_pages
from .pages.metamodel_page import METAMODEL_PAGE, metamodel_markdown
from .paging import Caps
from .pages.roadmap import ROADMAP, roadmap_markdown, roadmap_pages
from .pages.home import (
    architecture_markdown,
    common_index_markdown,
    glossary_markdown,
    home_markdown,
)
from .pages.version import (
    EXTRA_PAGES,
    chapter_layer_pages,
    chapter_markdown,
    issues_markdown,
    legal_basis_markdown,
    overview_markdown,
)
from ..paths import SitePaths, link

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from ..model.types import Element, Model, Snapshot

DOWNLOAD_LABELS = {"json": "toàn bộ dữ liệu (JSON)", "csv": "bảng CSV (Excel)",
                   "xml": "mô hình ArchiMate (Open Exchange Format)", "pdf": "sổ tay PDF"}

MENTIONING_TYPES = frozenset({"project", "goal", "principle", "issue", "standard",
                              "legal_document", "business_function", "stakeholder"})
"""Element types whose names mention other elements ("Nâng cấp LGSP và kết nối NGSP")."""
SEARCH_BOOST = 2.0
"""Search boost of the other element pages: a search for "lgsp" should open the platform
itself before the projects, goals and issues that mention it."""

"""MkDocs nav data: a path, or ``{title: path | [items]}``."""


@dataclass(frozen=True, kw_only=True)
class SiteOptions:
    """What the plugin config says about the generated part of the site."""

    output_dir: str = "kien-truc"
    directory_urls: bool = True
    diagrams: bool = True
    context_diagrams: bool = True
    generate_home: bool = True
    roll_up: int = 25
    notice: str = ""
    """A dated notice shown first on the home page (Markdown, through the editor-text pipeline)."""
    caps: Caps = field(default_factory=Caps)
    """Rows a page shows before the rest moves to numbered sub-pages (see ``pages.paging``)."""


@dataclass(frozen=True, kw_only=True)
class SitePlan:
    """Every generated file and the navigation section for them."""

    pages: tuple[PageOut, ...]
    nav: list[NavItem]
    stats: dict[str, int] = field(default_factory=dict)


def _marker(view_id: str) -> str:
    return f"<!-- kientruc-diagram:{view_id} -->"


class _Planner:
    def __init__(self, model: Model, options: SiteOptions,
                 downloads: Mapping[str, Sequence[str]]) -> None:
        self.options = options
        self.downloads = downloads
        self.ctx = Context(model=model, paths=SitePaths(options.output_dir),
                           directory_urls=options.directory_urls, roll_up=options.roll_up,
                           caps=options.caps)
        self.pages: list[PageOut] = []
        self._views: Any = None
        if options.diagrams:
            from .. import views  # the diagram stage; pure, but only needed when drawing

            self._views = views

    def add(self, src: str, content: str | bytes, *, edit: str | None = None,
            diagrams: Sequence[DiagramSlot] = (), search: bool = True,
            boost: float | None = None, up: str | None = None) -> None:
        if isinstance(content, str) and content.startswith("---\n"):
            if up is not None:  # the parent its address does not show (see site.place)
                content = f"---\n{UP_KEY}: {up}\n" + content[4:]
            if not search:
                # Material's search skips the page without parsing it (faster, smaller index)
                content = "---\nsearch:\n  exclude: true\n" + content[4:]
            elif boost is not None:
                content = f"---\nsearch:\n  boost: {boost:g}\n" + content[4:]
        self.pages.append(PageOut(src=src, content=content, edit=edit,
                                  diagrams=tuple(diagrams), search=search))

    def slot(self, make: Callable[[], object]) -> tuple[str | None, list[DiagramSlot]]:
        """Ask for a diagram; returns the marker to put in the page and the slot list."""
        if self._views is None:
            return None, []
        view = make()
        marker = _marker(view.id)  # type: ignore[attr-defined]
        return marker, [DiagramSlot(marker=marker, view=view)]

    # -- the plan -------------------------------------------------------------------------

    def plan(self) -> SitePlan:
        ctx = self.ctx
        model = ctx.model
        paths = ctx.paths
        home = "index.md" if self.options.generate_home else paths.home()
        open_data = bool(self.downloads)
        notice = self.options.notice
        self.add(home, home_markdown(ctx, home, open_data=open_data, notice=notice))
        if home != paths.home():
            self.add(paths.home(), home_markdown(ctx, paths.home(), open_data=open_data,
                                                 notice=notice))
        self.add(paths.site_page("thuat-ngu"), glossary_markdown(ctx))
        self.add(METAMODEL_PAGE, metamodel_markdown())
        self.add(paths.site_page("chung"), common_index_markdown(ctx))
        for element in model.common.values():
            self.add(paths.common(element.id),
                     element_markdown(ctx, None, element, incoming=[]),
                     edit=element.origin.file)
        for arch in model.architectures():
            self.add(paths.architecture(arch), architecture_markdown(ctx, arch),
                     edit=model.versions_of(arch)[-1].origin.file)
            for snapshot in model.versions_of(arch):
                self.plan_version(snapshot)
            self.plan_comparisons(arch)
        pages = mark_old_versions(add_switchers(self.pages, model, paths), model, paths)
        return SitePlan(pages=tuple(pages), nav=self.nav(), stats={"pages": len(pages)})

    def switcher(self, snapshot: Snapshot, target: Callable[[Snapshot], str | None],
                 page: str) -> str:
        """A "Phiên bản: 1.0 | **2.0**" line linking the same page in the other versions."""
        return switcher(self.ctx.model, snapshot, target, page)

    def plan_version(self, snapshot: Snapshot) -> None:
        ctx = self.ctx
        paths = ctx.paths
        key = snapshot.key
        views = self._views
        versions = ctx.model.versions_of(snapshot.architecture)
        comparisons = [(f"So sánh phiên bản {a.version} và {b.version}",
                        paths.comparison(snapshot.architecture, a.version, b.version))
                       for a, b in pairwise(versions)
                       if snapshot.key in {a.key, b.key}]
        overview = paths.version(key)
        downloads = [(f"{name} – {DOWNLOAD_LABELS.get(name.rsplit('.', 1)[-1], name)}",
                      paths.download(key, name)) for name in self.downloads.get(key, ())]
        self.add(overview, overview_markdown(
            ctx, snapshot, downloads=downloads, comparisons=comparisons,
            switcher=self.switcher(snapshot, lambda o: paths.version(o.key), overview)),
            edit=snapshot.origin.file)
        for chapter in snapshot.framework.chapters:
            marker: str | None = None
            slots: list[DiagramSlot] = []
            if chapter.diagram and views is not None:
                make = views.VIEWS[chapter.diagram].build
                marker, slots = self.slot(
                    lambda make=make: make(ctx.model, snapshot, paths,  # type: ignore[misc]
                                           max_nodes=ctx.roll_up))
            self.add(paths.chapter(key, chapter.id),
                     chapter_markdown(ctx, snapshot, chapter, diagram_marker=marker),
                     edit=snapshot.origin.file, diagrams=slots)
            for src, markdown in chapter_layer_pages(ctx, snapshot, chapter):
                self.add(src, markdown, edit=snapshot.origin.file, search=False)
        self.add(paths.version_page(key, CURRENT_STATE), current_state_markdown(ctx, snapshot),
                 edit=snapshot.origin.file)
        if snapshot.framework.reference_models:
            self.add(paths.version_page(key, REFERENCE_MODELS),
                     reference_models_markdown(ctx, snapshot), edit=snapshot.framework.origin.file)
        roadmap_edit = _first_file(snapshot, "project") or snapshot.origin.file
        self.add(paths.version_page(key, ROADMAP), roadmap_markdown(ctx, snapshot),
                 edit=roadmap_edit)
        for src, markdown in roadmap_pages(ctx, snapshot):
            self.add(src, markdown, edit=roadmap_edit, search=False)
        self.add(paths.version_page(key, "kho-khan"), issues_markdown(ctx, snapshot),
                 edit=_first_file(snapshot, "issue") or snapshot.origin.file)
        self.add(paths.version_page(key, "can-cu"), legal_basis_markdown(ctx, snapshot),
                 edit=snapshot.origin.file)
        for type_id in dict.fromkeys(e.type for e in snapshot.elements.values()):
            for src, markdown in catalogue_pages(ctx, snapshot, type_id):
                self.add(src, markdown, edit=_first_file(snapshot, type_id), search=False)
        incoming = ctx.incoming(snapshot)
        for element in snapshot.elements.values():
            self.plan_element(snapshot, element, incoming.get(element.id, []))
        for retired in ctx.histories.of(snapshot.architecture).retired(key):
            self.add(paths.element(key, retired.id),
                     retired_markdown(ctx.histories, retired, key, paths),
                     edit=snapshot.origin.file, search=False)

    def plan_comparisons(self, arch: str) -> None:
        """A page per pair of versions, and a page to pick any two."""
        ctx = self.ctx
        paths = ctx.paths
        model = ctx.model
        if len(model.versions_of(arch)) < 2:
            return
        index = paths.comparison_index(arch)
        self.add(index, comparison_index_markdown(model, arch, paths, index))
        views = self._views
        for old, new in version_pairs(model, arch):
            page = paths.comparison(arch, old.version, new.version)
            comparison = ctx.histories.comparison(old, new)
            slots: list[DiagramSlot] = []
            html = {"old": "", "new": "", "union": ""}
            if views is not None:
                status = status_by_element(comparison)
                for name, make in (
                    ("old", lambda old=old: views.overall_view(model, old, paths,
                                                               max_nodes=ctx.roll_up)),
                    ("new", lambda new=new: views.overall_view(model, new, paths,
                                                               max_nodes=ctx.roll_up)),
                    ("union", lambda old=old, new=new, status=status, c=comparison:
                        views.union_view(model, old, new, status, paths,
                                         max_nodes=ctx.roll_up, continued=c.id_map)),
                ):
                    marker, made = self.slot(make)
                    html[name] = marker or ""
                    slots.extend(made)
            self.add(page, comparison_markdown(
                model, comparison, paths, page, old_diagram_html=html["old"],
                new_diagram_html=html["new"], union_diagram_html=html["union"],
                caps=ctx.caps),
                edit=new.origin.file, diagrams=slots)
            self.add(paths.comparison_data(arch, old.version, new.version),
                     render_json(comparison).encode("utf-8"), search=False)
            for src, markdown in comparison_layer_pages(model, comparison, paths, ctx.caps):
                self.add(src, markdown, edit=new.origin.file, search=False)

    def plan_element(self, snapshot: Snapshot, element: Element,
                     incoming: list[tuple[Element, str, int]]) -> None:
        ctx = self.ctx
        views = self._views
        page = ctx.paths.element(snapshot.key, element.id)
        marker: str | None = None
        slots: list[DiagramSlot] = []
        if views is not None and self.options.context_diagrams:
            if element.type == "organization":
                marker, slots = self.slot(
                    lambda: views.organization_view(ctx.model, snapshot, element, ctx.paths,
                                                    max_nodes=ctx.roll_up))
            else:
                marker, slots = self.slot(
                    lambda: views.context_view(ctx.model, snapshot, element, ctx.paths,
                                               max_nodes=ctx.roll_up))
        entries = ctx.histories.of(snapshot.architecture).of(
            element.id, version=snapshot.version, paths=ctx.paths)
        pages = {entry.key: entry.page for entry in entries}
        switcher = self.switcher(snapshot, lambda other: pages.get(other.key), page)
        history = history_markdown(ctx.histories, snapshot.architecture, entries, ctx.paths, page)
        # Only the newest version that has the element is searchable: the same element in
        # three versions would otherwise fill the index three times; the switcher leads on.
        newest = next((e.key for e in reversed(entries) if e.exists), snapshot.key)
        self.add(page, element_markdown(ctx, snapshot, element, incoming=incoming,
                                        diagram_marker=marker, switcher=switcher,
                                        history=history),
                 edit=element.origin.file, diagrams=slots, search=newest == snapshot.key,
                 boost=SEARCH_BOOST if element.type not in MENTIONING_TYPES else None,
                 up=ctx.paths.catalogue(snapshot.key, element.type))
        for src, markdown in incoming_pages(ctx, snapshot, element, incoming):
            self.add(src, markdown, edit=element.origin.file, search=False)

    def nav(self) -> list[NavItem]:
        """The generated section (:func:`kientruc.site.nav.site_nav`)."""
        return site_nav(self.ctx.model, self.ctx.paths, downloads=bool(self.downloads))


def _first_file(snapshot: Snapshot, type_id: str) -> str | None:
    return next((e.origin.file for e in snapshot.of_type(type_id)), None)


def plan_site(model: Model, options: SiteOptions | None = None, *,
              downloads: Mapping[str, Sequence[str]] | None = None) -> SitePlan:
    """Plan every generated page of the site.

    Args:
        model: The validated model.
        options: Output folder, URL style, whether to draw diagrams.
        downloads: File names offered for each version (linked from its overview); the
            files themselves and the open-data page are made after the diagrams.

    Returns:
        The pages (with diagram slots still to fill) and the navigation section.
    """
    return _Planner(model, options or SiteOptions(), downloads or {}).plan()


DIAGRAM_CHUNK = 2000
"""Pages whose diagrams are drawn and embedded together: enough for parallel drawing, few
enough that a national-size model never holds every diagram in memory."""


def late_blocks(plan: SitePlan,
                render: Callable[[list[Any]], Mapping[str, tuple[str | None, str | None]]],
                embed: Callable[[Any, str | None, str | None, str], str], *,
                chunk: int = DIAGRAM_CHUNK) -> Iterator[tuple[str, tuple[tuple[str, str], ...]]]:
    """Render the diagrams of the site and yield each page's ``(marker, html)`` blocks.

    The page keeps its marker (an HTML comment); the block replaces it in the final HTML.
    Pages are taken ``chunk`` at a time: the views of a chunk are rendered in one call (cache
    misses in parallel), embedded, and let go.

    Args:
        plan: The planned site.
        render: Takes distinct views, returns ``{view id: (svg, error)}``; each view is passed
            once per chunk that uses it.
        embed: Turns ``(view, svg, error, page src)`` into the HTML block for that page (links
            inside an inline SVG are relative to the page, so embedding is per page).
        chunk: Pages with diagrams handled per batch.

    Yields:
        ``(page src, blocks)`` in plan order, for pages with diagrams.
    """
    pages = [p for p in plan.pages if p.diagrams and isinstance(p.content, str)]
    for start in range(0, len(pages), chunk):
        batch = pages[start:start + chunk]
        views: dict[str, Any] = {}
        for page in batch:
            for slot in page.diagrams:
                views.setdefault(slot.view.id, slot.view)  # type: ignore[attr-defined]
        rendered = render(list(views.values()))
        for page in batch:
            blocks = []
            for slot in page.diagrams:
                svg, error = rendered[slot.view.id]  # type: ignore[attr-defined]
                blocks.append((slot.marker, embed(slot.view, svg, error, page.src)))
            yield page.src, tuple(blocks)


__all__ = ["ELEMENT_TYPES", "SiteOptions", "SitePlan", "late_blocks", "plan_site"]
