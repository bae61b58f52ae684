"""The MkDocs plugin: a thin adapter from MkDocs events to the pure pipeline.

This is the only module that imports ``mkdocs``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .build import output
from .build.broken import error_pages, insert_banner, stale_banner
from .build.downloads import lazy_app
from .build.page_cache import CACHED_SOURCE, CACHED_TEMPLATE, PageCache, PageReuse
from .build.pipeline import (
    ASSETS,
    Finished,
    Started,
    insert_late,
    log_messages,
    start_site,
)
from .build.serve_notes import ServeNotes
from .build.source_links import source_link
from .build.theme_html import valid_html
from .errors import KientrucError, ModelError
from .site.nav import reaches, splice_nav
from .site.place import UP_KEY, heading, place
from .site.plan import SiteOptions
from .site.search import abbreviations, fold_search_index
from .text import slugify

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from .build.downloads import LazyDownloads

log = get_plugin_logger(__name__)

_QUIET = InclusionLevel.NOT_IN_NAV
"""Generated pages are placed by our own navigation: MkDocs must not log each as not in it."""

REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc",
                       "pymdownx.details")
"""Markdown extensions the generated pages use (added when ``mkdocs.yml`` lacks them)."""


class KientrucConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the ``kientruc`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the hand-written pages still build)."""
    arch_dir = c.Dir(exists=True, default="arch")
    """Folder with the YAML architecture sources, relative to mkdocs.yml."""
    output_dir = c.Type(str, default="kien-truc")
    """Folder of the generated pages inside the site."""
    diagrams = c.Type(bool, default=True)
    """Draw diagrams (needs Graphviz)."""
    context_diagrams = c.Type(bool, default=True)
    """Draw a context diagram on every element page (the costliest part of a cold build)."""
    cache_dir = c.Type(str, default=".cache/kientruc")
    """Disk cache of rendered SVGs, relative to mkdocs.yml; safe to delete at any time."""
    notice = c.Type(str, default="")
    """A dated notice shown first on the home page (for example that the province was merged)."""
    roll_up = c.Type(int, default=25)
    """A layer or neighbourhood with more nodes than this is rolled up into counts."""
    downloads = c.Type(bool, default=True)
    """Offer each version as JSON, CSV, ArchiMate and PDF."""
    fold_search = c.Type(bool, default=True)
    """Make search work without Vietnamese diacritics."""
    background = c.Type(bool, default=True)
    """In ``mkdocs build``, draw diagrams and make downloads in a second process while MkDocs
    converts the pages (Linux; ``mkdocs serve`` always works in one process)."""
    page_cache = c.Type(bool, default=True)
    """Keep the generated pages' HTML in ``cache_dir`` between builds: a page whose inputs did
    not change skips Markdown conversion and the theme (:mod:`kientruc.build.page_cache`)."""


class KientrucPlugin(BasePlugin[KientrucConfig]):  # type: ignore[no-untyped-call]
    """Generate the architecture pages from ``arch/`` into the MkDocs site."""

    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Create the in-memory SVG cache; defining this hook keeps it across serve rebuilds."""
        self._serving = command == "serve"
        self._swap = command == "build" and not dirty  # build beside, swap in (.build.output)
        self._site: tuple[Path, Path] | None = None
        self._failed = False
        self._memory: dict[str, str] = {}
        self._result: Started | None = None
        self._finished: Finished | None = None
        self._problems: ModelError | None = None
        self._banner: Callable[[str], str] | None = None  # serve, sources broken: page → banner
        self._good: tuple[list[Any], list[Any]] | None = None  # serve: last valid pages, nav
        self._good_finished: Finished | None = None
        self._abbreviations: tuple[tuple[str, str], ...] = ()
        self._files: Files | None = None
        self._nav_pages: dict[str, Page] = {}
        self._lit: Page | None = None
        self._reuse = PageReuse(None)
        self._nav: Navigation | None = None
        self._lazy: LazyDownloads | None = None  # serve: the last good build's downloads
        self._lazy_ready = False
        self._notes = ServeNotes(serving=self._serving)  # serve: one line per rebuild

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Watch ``arch/`` and add the plugin's stylesheets; nothing heavy (runs every rebuild)."""
        if not self.config.enabled:
            return config
        config.watch.append(self.config.arch_dir)
        if not config.site_url and not getattr(self, "_serving", False):
            # Without it the sitemap is empty and there are no canonical links; a warning would
            # fail every strict build of a site that has no address yet: strict builds inform.
            say = log.info if config.strict else log.warning
            say("site_url chưa được đặt (biến môi trường SITE_URL hoặc site_url trong mkdocs.yml):"
                " sơ đồ trang sitemap.xml sẽ trống và các trang không có liên kết chính tắc")
        if getattr(self, "_swap", False) and self._site is None:
            final = Path(config.site_dir)
            try:
                self._site = (output.prepare(final), final)
            except KientrucError as error:
                raise PluginError(str(error)) from error
            config.site_dir = str(self._site[0])
        for extension in REQUIRED_EXTENSIONS:  # the generated Markdown relies on these
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)
        for name in ASSETS:  # stylesheets, the search-box fix and the diagram viewer
            asset = f"assets/kientruc/{name}"
            extra = config.extra_javascript if name.endswith(".js") else config.extra_css
            if asset not in extra:
                extra.append(asset)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and plan before MkDocs cleans the site folder, so bad sources destroy nothing."""
        if not self.config.enabled:
            return
        self._release()
        self._problems, self._banner = None, None
        self._reuse = PageReuse(None)
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            self._result = start_site(
                arch_dir=Path(self.config.arch_dir), repo_root=root,
                options=self._options(config), cache_dir=root / self.config.cache_dir,
                memory=self._memory if self._serving else None,
                downloads=self.config.downloads, log=log,
                background=self.config.background and not self._serving,
                lazy_downloads=self._serving and self._lazy_ready)
            self._notes.loaded(self._result.model)
            if self.config.page_cache:
                self._reuse = PageReuse(PageCache(root / self.config.cache_dir / "pages"))
        except ModelError as error:
            if not self._serving:
                raise PluginError(str(error)) from error
            for problem in error.problems:
                log.error("%s", problem)
            self._problems = error
        except KientrucError as error:
            raise PluginError(str(error)) from error

    def _options(self, config: MkDocsConfig) -> SiteOptions:
        docs = Path(config.docs_dir)
        return SiteOptions(
            output_dir=self.config.output_dir.strip("/"),
            directory_urls=bool(config.use_directory_urls),
            diagrams=self.config.diagrams,
            context_diagrams=self.config.context_diagrams,
            generate_home=not (docs / "index.md").exists(),
            roll_up=self.config.roll_up,
            notice=self.config.notice,
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and assets as virtual files; splice the navigation."""
        if not self.config.enabled:
            return files
        if self._problems is not None:
            link = _source_link(config)
            pages, nav = error_pages(self._problems, self.config.output_dir,
                                     home=not (Path(config.docs_dir) / "index.md").exists(),
                                     stale=self._good is not None, source_link=link)
            if self._good is not None:  # keep serving the last good pages; home lists problems
                self._banner = partial(stale_banner, self._problems, self.config.output_dir,
                                       directory_urls=config.use_directory_urls, source_link=link)
                replaced = {page.src for page in pages}
                pages = [p for p in self._good[0] if p.src not in replaced] + pages
                nav = self._good[1]
                self._finished = self._good_finished
        elif self._result is not None:
            pages, nav = self._result.files, self._result.nav
            self._reuse.generated = frozenset(p.src for p in pages if p.src.endswith(".md"))
            self._good = (pages, nav) if self._serving else None
        else:  # pragma: no cover - on_pre_build always sets one of them
            return files
        for planned in pages:
            if files.get_file_from_path(planned.src) is not None:
                files.remove(files.get_file_from_path(planned.src))  # type: ignore[arg-type]
            if planned.path is not None:  # written by the background process before on_env
                file = File.generated(config, planned.src, abs_src_path=str(planned.path),
                                      inclusion=_QUIET)
            else:  # UTF-8 takes half the memory of a Vietnamese str
                content = planned.content
                file = File.generated(config, planned.src, content=content.encode("utf-8")
                                      if isinstance(content, str) else content,
                                      inclusion=_QUIET)
            if planned.edit is not None:
                file.edit_uri = os.path.relpath(planned.edit_abs, config.docs_dir).replace(
                    os.sep, "/") if planned.edit_abs else None
            files.append(file)
        marker = self.config.output_dir.strip("/") + "/"
        if config.nav and not reaches(config.nav, marker):
            log.warning("mục 'nav' trong mkdocs.yml không dẫn tới trang kiến trúc nào: thêm "
                        "'- Kiến trúc: %s' vào nav", marker)
        config.nav = splice_nav(config.nav, self.config.output_dir, nav)
        if self._result is not None:  # MkDocs holds the pages now; keep only what is needed
            if self._result.model is not None:
                self._abbreviations = abbreviations(self._result.model.glossary)
            self._result = replace(self._result, files=[], model=None)
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Wait for the diagrams and downloads: MkDocs copies files and writes pages next."""
        if self._result is not None and self._finished is None:
            try:
                self._finished = self._result.pending.wait()
            except KientrucError as error:
                raise PluginError(str(error)) from error
            log_messages(self._finished, log, quiet=self._serving)
            self._notes.drew(self._finished.stats)
            self._lazy = self._finished.lazy or self._lazy
            if self._serving:
                if self._good_finished is not None:
                    self._good_finished.late.close()
                self._good_finished = self._finished
        self._reuse.index_search(config)
        if self._reuse.whole_pages(config, self):
            env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: CACHED_SOURCE}),
                                       env.loader])  # type: ignore[list-item]
            self._reuse.plan(self._nav, files, self._placement, serving=self._serving,
                             template=CACHED_TEMPLATE)
        return env

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        """After the first build (which made them all), make each download when asked for."""
        self._lazy_ready = True
        app = server.get_app()
        if app is not None:
            server.set_app(lazy_app(app, lambda: self._lazy, mount=server.mount_path,
                                    site=Path(config.site_dir), log=log))
        return server

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Remember which pages the navigation lists, to place the others (:mod:`.site.place`)."""
        self._files = files
        self._nav_pages = {page.file.src_uri: page for page in nav.pages}
        self._nav = nav
        self._reuse.start(config, files)
        return nav

    @event_priority(-100)  # the Markdown as every other plugin left it
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        """Take the page's HTML from the page cache when its Markdown and settings are known."""
        entry = self._reuse.read(page, markdown)
        if entry is not None:
            page.render = partial(_restore, page, entry)  # type: ignore[method-assign]
        return markdown

    @event_priority(100)  # MkDocs' own HTML, before other plugins change it
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        """Keep the HTML MkDocs made of a generated page's Markdown, unless it warned."""
        self._reuse.converted(page, html)
        return html

    def on_page_context(self, context: TemplateContext, /, *, page: Page,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Hang a page outside the navigation in its nearest section, with its breadcrumbs.

        Material then opens and highlights the section and the tab (``partials/path.html``).
        """
        cached = self._reuse.taken(page)
        if cached is not None:  # printed as it is: the page's place was part of its key
            cast("dict[str, Any]", context)["kientruc_cached"] = cached
            return context
        anchor, crumbs = self._placement(page)
        if anchor is None:
            return context
        page.parent = anchor.parent
        page.active = True  # MkDocs set it before the parent was known: mark the section too
        anchor.active = True
        self._lit = anchor
        extra = cast("dict[str, Any]", context)  # read by overrides/partials/path.html
        extra["kientruc_path"] = crumbs
        return context

    def _placement(self, page: Page) -> tuple[Page | None, list[tuple[str, str]]]:
        """The navigation page a page outside the navigation hangs from, and its breadcrumbs."""
        files, src = self._files, page.file.src_uri
        if files is None or src in self._nav_pages or page.parent is not None:
            return None, []

        def existing(path: str) -> Page | None:
            file = files.get_file_from_path(path)
            return file.page if file is not None and file.page is not None else None

        def up(path: str) -> str | None:
            found = existing(path)
            named = found.meta.get(UP_KEY) if found is not None and found.meta else None
            return named if isinstance(named, str) else None

        anchor_src, between = place(src, in_nav=self._nav_pages.__contains__,
                                    exists=lambda p: existing(p) is not None, up=up)
        anchor = self._nav_pages.get(anchor_src) if anchor_src else None
        if anchor is None:
            return None, []
        crumbs = [(heading(p), p.url) for p in (existing(s) for s in between) if p is not None]
        if anchor.parent is None or anchor.parent.children[0] is not anchor:
            # under its navigation title; a section's first page is the section's own crumb
            crumbs.insert(0, (anchor.title or "", anchor.url))
        return anchor, crumbs

    @event_priority(-50)  # after other plugins' HTML edits; diagrams go in last
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Insert the diagrams into the final HTML (after Markdown and after search indexing)."""
        output = valid_html(output)  # the theme's own markup errors (Nu HTML Checker)
        self._reuse.rendered(page, output)  # before the diagrams: they have their own cache
        if self._lit is not None:
            self._lit.active = False
            self._lit = None
        finished = getattr(self, "_finished", None)
        if (banner := getattr(self, "_banner", None)) is not None:
            output = insert_banner(output, banner(page.file.src_uri))
        if finished is None or page.file.src_uri not in finished.late:
            return output
        return insert_late(output, finished.late.blocks(page.file.src_uri))

    def on_post_template(self, output: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (``404.html``) get the markup fixes every page gets."""
        return valid_html(output)

    @event_priority(-100)  # after the search plugin has written search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add a diacritic-free copy of each page's text to the search index."""
        skip = self._result.unsearchable if self._result else frozenset()
        self._release()
        count = len(self._problems.problems) if self._problems is not None else None
        if line := self._notes.line(self._reuse.finish(), count):
            log.info("%s", line)
        if not self.config.enabled or not self.config.fold_search:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():
            fold_search_index(index, skip, directory_urls=bool(config.use_directory_urls),
                              root=self.config.output_dir,
                              abbreviation_pairs=self._abbreviations)

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the background work, drop the unfinished site; a write error is one message."""
        self._release()
        self._failed = True
        site = getattr(self, "_site", None)
        if site is not None:
            output.abandon(site[0])
        if isinstance(error, OSError):
            raise Abort(output.describe_os_error(error, site[1] if site else Path()))

    def on_shutdown(self) -> None:
        """Stop the background work; swap in the new site if the whole build succeeded."""
        self._release()
        if getattr(self, "_good_finished", None) is not None:
            self._good_finished.late.close()  # type: ignore[union-attr]
        self._good, self._good_finished = None, None
        site, self._site = getattr(self, "_site", None), None
        if site is None:
            return
        if self._failed:
            output.abandon(site[0])
            return
        try:
            output.commit(*site)
        except KientrucError as error:
            raise Abort(str(error)) from error

    def _release(self) -> None:
        reuse = getattr(self, "_reuse", None)
        if reuse is not None:
            reuse.unwatch()
        result = getattr(self, "_result", None)
        if result is not None:
            result.pending.close()
        finished = getattr(self, "_finished", None)
        if finished is not None and finished is not getattr(self, "_good_finished", None):
            finished.late.close()
        self._result, self._finished = None, None


def _source_link(config: MkDocsConfig) -> Callable[[str, int], str | None] | None:
    """``(file, line) → address of that line in the repository`` (:mod:`.build.source_links`)."""
    return source_link(config.repo_url, config.edit_uri,
                       root=Path(config.config_file_path or ".").resolve().parent,
                       docs=Path(config.docs_dir).resolve())


def _toc(data: list[Any]) -> list[AnchorLink]:
    links = []
    for title, anchor, level, children in data:
        link = AnchorLink(title, anchor, level)
        link.children = _toc(children)
        links.append(link)
    return links


def _restore(page: Page, entry: dict[str, Any], config: MkDocsConfig, files: Files) -> None:
    """Stand in for ``Page.render`` on a page whose HTML the page cache holds."""
    del config
    page.content = entry["content"]
    page.toc = TableOfContents(_toc(entry["toc"]))
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    links = {files.get_file_from_path(src): anchors for src, anchors in entry["links"].items()}
    page.links_to_anchors = {f: a for f, a in links.items() if f is not None}
