"""One build of the generated part of the site: load → plan → diagrams → downloads.

Pure orchestration: no MkDocs import, so ``kientruc`` commands and tests can build without it.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from ..exports.formats import download_names
from ..model import load_model
from ..paths import SitePaths, url_of
from ..site.pages.open_data import human_size
from ..site.plan import SiteOptions, plan_site
from . import downloads as site_downloads
from .background import LateWriter, Pending, can_fork, in_background, ready, scratch_folder

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from ..model.types import Model
    from ..site.nav import NavItem
    from ..site.plan import SitePlan
    from .background import LateStore

ASSETS = ("kientruc.css", "diagrams.css", "compare.css", "search.js", "viewer.js")
"""Stylesheets and scripts shipped in ``kientruc/assets``, published under ``assets/kientruc/``."""


@dataclass(frozen=True, kw_only=True)
class OutFile:
    """A file to add to the site: its path in ``docs``, content, and the YAML it came from."""

    src: str
    content: str | bytes = b""
    path: Path | None = None
    """Where the content will be once the background work is done (instead of ``content``)."""
    edit_abs: str | None = None
    edit: str | None = None
    late: tuple[tuple[str, str], ...] = ()
    """``(marker, html)`` to put into the final HTML (diagrams)."""


class Log(Protocol):
    """What the build needs from a logger."""

    def info(self, msg: str, /, *args: object) -> None:
        """Report progress."""

    def warning(self, msg: str, /, *args: object) -> None:
        """Report a problem that does not stop the build."""


class _Messages:
    """A :class:`Log` that keeps messages for the main process to log.

    ``mkdocs build --strict`` counts warnings only in the process that logs them.
    """

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def info(self, msg: str, /, *args: object) -> None:
        self.items.append((logging.INFO, msg % args if args else msg))

    def warning(self, msg: str, /, *args: object) -> None:
        self.items.append((logging.WARNING, msg % args if args else msg))


@dataclass(frozen=True, kw_only=True)
class Finished:
    """The second half of a build: what MkDocs needs only after it has read every page."""

    late: LateStore
    """Each page's diagrams (and the open-data page's file sizes)."""
    downloads: dict[str, bytes] = field(default_factory=dict)
    """Download contents by source path (empty when they were written to files)."""
    messages: tuple[tuple[int, str], ...] = ()
    """``(logging level, text)`` to log in the main process."""
    stats: dict[str, int] = field(default_factory=dict)
    lazy: site_downloads.LazyDownloads | None = None
    """With ``lazy_downloads``: makes each download when it is asked for (``mkdocs serve``)."""


@dataclass(frozen=True, kw_only=True)
class Started:
    """The first half of a build: every page's Markdown, ready before MkDocs reads pages."""

    files: list[OutFile]
    nav: list[NavItem]
    unsearchable: frozenset[str] = frozenset()
    """URLs whose text is left out of the search index (catalogue tables)."""
    model: Model | None
    stats: dict[str, int] = field(default_factory=dict)
    pending: Pending[Finished]
    """Diagrams and downloads: done already, or being made in a forked process."""


def start_site(*, arch_dir: Path, repo_root: Path, options: SiteOptions,
               cache_dir: Path | None, memory: dict[str, str] | None, downloads: bool,
               log: Log, background: bool = False, lazy_downloads: bool = False) -> Started:
    """Load, validate and plan the generated pages; draw diagrams and make downloads.

    The drawing and the downloads run in a forked process with ``background`` (when the
    platform can fork and Graphviz and the PDF fonts are there, so that missing tools are
    still reported before MkDocs cleans the site folder); otherwise before returning. With
    ``lazy_downloads`` (``mkdocs serve`` rebuilds) the downloads are empty files in the site and
    :attr:`Finished.lazy` makes them when they are asked for.

    Raises:
        ModelError: When the sources have problems (nothing is produced).
    """
    model = load_model(arch_dir, repo_root=repo_root)
    for warning in model.warnings:
        log.warning("%s", warning)
    site_options = options
    paths = SitePaths(site_options.output_dir)
    names = ({key: download_names(s) for key, s in model.snapshots.items()} if downloads
             else {})
    plan = plan_site(model, site_options, downloads=names)
    files = [OutFile(src=p.src, content=p.content, edit=p.edit,
                     edit_abs=str(repo_root / p.edit) if p.edit else None) for p in plan.pages]
    files.extend(_assets())
    download_srcs = site_downloads.download_srcs(paths, names) if downloads else []
    if downloads:
        files.append(_open_data_page(model, paths, names))
    unsearchable = frozenset(url_of(p.src, directory_urls=site_options.directory_urls)
                             for p in plan.pages if not p.search)

    nav, stats = plan.nav, dict(plan.stats)
    # What the second half needs of the plan: the pages with diagrams, without their text.
    plan = replace(plan, pages=tuple(replace(p, content="") for p in plan.pages if p.diagrams))

    def finish(folder: Path | None) -> Finished:
        return _finish(plan, model, paths, site_options, downloads=downloads,
                       cache_dir=cache_dir, memory=memory, folder=folder,
                       lazy=names if lazy_downloads else None)

    pending: Pending[Finished]
    if background and can_fork() and _tools_present(site_options, downloads):
        folder = scratch_folder(cache_dir / "tmp" if cache_dir else None)
        if sum(len(f.content) for f in files) > SPILL_BYTES:  # before the fork: freed, not copied
            files = [_spill(f, folder / "docs") for f in files]
        pending = in_background(finish, folder)
        files.extend(OutFile(src=src, path=folder / "downloads" / src) for src in download_srcs)
    else:
        finished = finish(None)
        pending = ready(finished)
        files.extend(OutFile(src=src, content=finished.downloads.get(src, b""))
                     for src in download_srcs)
    return Started(files=files, nav=nav, unsearchable=unsearchable, model=model, stats=stats,
                   pending=pending)


SPILL_BYTES = 64_000_000
"""Generated Markdown above this size goes to files before the fork instead of staying in memory.

A national-size model (the benchmark's L, some 200 MB of Markdown, held twice by MkDocs) needs
it to stay under 4 GB; below it, writing ten thousand small files cost more than it saved
(8 s of a warm build at M, 40 MB of Markdown).
"""


def _spill(item: OutFile, folder: Path) -> OutFile:
    """Write a page's Markdown to ``folder``, for MkDocs to read it as it reads its own pages.

    The Markdown of a national-size model's pages then does not stay in memory.
    """
    if not isinstance(item.content, str):
        return item
    path = folder / item.src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item.content, encoding="utf-8")
    return replace(item, content=b"", path=path)


def log_messages(finished: Finished, log: Log, *, quiet: bool = False) -> None:
    """Log what the second half of the build reported; only the warnings when ``quiet``."""
    for level, text in finished.messages:
        if level >= logging.WARNING:
            log.warning("%s", text)
        elif not quiet:
            log.info("%s", text)


def _tools_present(options: SiteOptions, downloads: bool) -> bool:
    """Whether Graphviz and the PDF fonts are installed.

    Without them the build runs in this process, so that it says what is missing before MkDocs
    deletes the previous site.
    """
    from ..exports.handbook import fonts_missing

    if options.diagrams and shutil.which("dot") is None:
        return False
    return not (downloads and fonts_missing())


def _finish(plan: SitePlan, model: Model, paths: SitePaths, options: SiteOptions, *,
            downloads: bool, cache_dir: Path | None, memory: dict[str, str] | None,
            folder: Path | None, lazy: dict[str, list[str]] | None = None) -> Finished:
    """Draw and embed the diagrams, make the downloads; into ``folder`` when given.

    Diagram HTML goes to the late store page by page as it is made; only the few diagrams the
    PDF handbook needs stay in memory.
    """
    log = _Messages()
    stats: dict[str, int] = {}
    rendered: dict[str, tuple[str | None, str | None]] = {}
    writer = LateWriter(folder / "late.bin" if folder else None)
    if options.diagrams:
        keep = site_downloads.handbook_view_ids(model) if downloads else frozenset()
        for page, blocks in _draw(plan, cache_dir, memory, options, log, stats, keep, rendered):
            writer.add(page, blocks)
    made: dict[str, bytes] = {}
    if downloads and lazy is not None:
        maker = site_downloads.LazyDownloads(model, paths, lazy, rendered, cache_dir)
        writer.add(paths.site_page("du-lieu-mo"), tuple(
            (_size_marker(src), LAZY_SIZE) for src in maker.srcs))
        return Finished(late=writer.close(), messages=tuple(log.items), stats=stats,
                        lazy=maker)
    if downloads:
        made = site_downloads.site_downloads(model, paths, rendered, cache_dir, log.info)
        writer.add(paths.site_page("du-lieu-mo"), tuple(
            (_size_marker(src), human_size(len(data))) for src, data in made.items()))
        if folder is not None:
            for src, data in made.items():
                target = folder / "downloads" / src
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            made = {}
    return Finished(late=writer.close(), downloads=made, messages=tuple(log.items), stats=stats)


def _draw(plan: SitePlan, cache_dir: Path | None, memory: dict[str, str] | None,
          options: SiteOptions, log: Log, stats: dict[str, int], keep: frozenset[str],
          kept: dict[str, tuple[str | None, str | None]],
          ) -> Iterator[tuple[str, tuple[tuple[str, str], ...]]]:
    """Yield each page's diagram blocks; the views named in ``keep`` are also put in ``kept``.

    Without a ``memory`` dict (one ``mkdocs build``) drawn SVGs are not kept in memory.
    """
    from ..draw import embed
    from ..draw import render as draw
    from ..site.plan import late_blocks

    cache = draw.SvgCache(cache_dir / "svg" if cache_dir else None, memory=memory,
                          remember=memory is not None)
    seen: set[str] = set()
    drawn = 0

    def render(views: list[Any]) -> dict[str, tuple[str | None, str | None]]:
        nonlocal drawn
        results = draw.render_views(views, cache)
        out = {}
        for view, result in zip(views, results, strict=True):
            if result.error and view.id not in seen:
                log.warning("không vẽ được sơ đồ '%s': %s", view.title, result.error)
            out[view.id] = (result.svg, result.error)
            if view.id in keep:
                kept[view.id] = out[view.id]
            if view.id not in seen:
                seen.add(view.id)
                drawn += result.svg is not None and not result.from_cache
        return out

    def place(view: Any, svg: str | None, error: str | None, page: str) -> str:
        return str(embed.diagram_html(view, svg, error, page,
                                      directory_urls=options.directory_urls))

    yield from late_blocks(plan, render, place)
    stats["diagrams"] = len(seen)
    stats["diagrams_drawn"] = drawn
    log.info("sơ đồ: %d vẽ mới, %d lấy từ bộ nhớ đệm", drawn, len(seen) - drawn)
    if cache.corrupt:
        log.info("%d sơ đồ trong bộ nhớ đệm bị hỏng; đã vẽ lại", cache.corrupt)


def _assets() -> Iterable[OutFile]:
    folder = resources.files("kientruc") / "assets"
    for name in ASSETS:
        item = folder / name
        if item.is_file():
            yield OutFile(src=f"assets/kientruc/{name}", content=item.read_bytes())


LAZY_SIZE = "tạo khi tải về"
"""The size column of the open-data page in a ``mkdocs serve`` preview (files made on request)."""


def _size_marker(src: str) -> str:
    return f"<!-- kt-size:{src} -->"


def _open_data_page(model: Model, paths: SitePaths, names: dict[str, list[str]]) -> OutFile:
    """The open-data page, with markers for the file sizes.

    The sizes come in with the diagrams: the files may not be made yet.
    """
    from ..exports.formats import DOWNLOAD_FORMATS
    from ..site.context import Context
    from ..site.pages.open_data import open_data_markdown

    listing = {key: [(name, DOWNLOAD_FORMATS[name].description,
                      _size_marker(paths.download(key, name))) for name in found]
               for key, found in names.items()}
    page = paths.site_page("du-lieu-mo")
    text = open_data_markdown(Context(model=model, paths=paths), page, listing,
                              paths.download_schema())
    return OutFile(src=page, content=text)


def insert_late(html: str, late: tuple[tuple[str, str], ...]) -> str:
    """Put each late block (a diagram) where Markdown left its marker comment."""
    for marker, block in late:
        html = html.replace(marker, block, 1)
    return html
