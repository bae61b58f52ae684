"""Rendered pages kept between builds: an unchanged page skips Markdown and the theme.

After a one-field edit only a handful of the generated pages change, yet MkDocs converts every
page's Markdown and renders every page through Material's templates (together about two thirds
of a warm build). This cache keeps, for each generated page, two results keyed on a digest of
everything that produced them:

- the **content**: the HTML MkDocs made of the page's Markdown, with its table of contents,
  title and anchors. Its key is the Markdown text, the page's address, the Markdown settings,
  the list of files (relative links resolve against it) and the code and library versions.
- the **output**: the whole HTML page as the theme rendered it, before the plugin inserts the
  diagrams. Its key adds the site navigation with every title, the page's place in it (parent,
  breadcrumbs), its metadata, its table of contents, its edit link, the theme and the whole
  configuration.

A change to the navigation, the theme or an option therefore renders every page again, while
their content is still reused; a change to one element's text re-renders the pages whose
Markdown changed. Entries are sealed files (:mod:`kientruc.sealed`) under the cache folder, safe
to delete at any time; entries no build used for a week are removed.

The adapter (:mod:`kientruc.plugin`) decides when a page may be reused and restores it; this
module knows only keys and files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from .. import sealed

__all__ = ["CACHED_SOURCE", "CACHED_TEMPLATE", "QUIET_CONTEXT", "PageCache", "PageReuse",
           "code_digest", "digest", "stable", "tree_digest"]

CACHED_TEMPLATE = "kientruc/cached-page.html"
"""The template of a page taken whole from the page cache: it prints the HTML it is given (or
renders the page as usual when the entry was damaged after it was chosen)."""
CACHED_SOURCE = ('{% if kientruc_cached is defined %}{{ kientruc_cached }}'
                 '{% else %}{% include "main.html" %}{% endif %}')

MAX_AGE = 7 * 24 * 3600
"""Seconds an unused entry is kept (a week of editing, a theme tried and undone)."""

FORMAT = "kientruc-pages-1"
"""Part of every key: bump it when what is stored, or how it is restored, changes."""

MARKDOWN_SETTINGS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation",
                     "docs_dir")
"""The settings MkDocs' conversion of a page's Markdown reads (links, anchors, extensions)."""

QUIET_CONTEXT = frozenset({"search", "material/search"})
"""Plugins whose ``on_page_context`` only reads the page (to index it for search): pages they
see may still be taken whole from the cache. Any other plugin there, or any plugin changing the
HTML before this one in ``on_post_page``, limits the reuse to the content."""


def stable(value: object) -> Any:
    """``value`` as JSON data that is the same in every run (for a digest).

    Mappings are sorted by key, sets are sorted, functions and classes become their dotted
    names; other objects become their ``repr`` unless it holds a memory address (then only the
    type's name is kept: such an object carries no settings a page could depend on).
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted((stable(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [stable(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    return f"<{type(value).__qualname__}>" if " at 0x" in text else text


def digest(*parts: object) -> str:
    """sha256 of ``parts`` as :func:`stable` JSON."""
    data = json.dumps(stable(parts), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


@cache
def code_digest() -> str:
    """The plugin's own files and the version of every installed distribution.

    The plugin may be installed in editable mode (its version does not change when its code
    does), so its files are read; the libraries (MkDocs, Material, Markdown extensions) are
    taken by version.
    """
    hasher = hashlib.sha256(FORMAT.encode())
    package = resources.files("kientruc")
    for path in sorted(_walk(package), key=lambda p: p[0]):
        hasher.update(path[0].encode() + b"\0" + path[1].read_bytes() + b"\0")
    versions = sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()})
    hasher.update(json.dumps(versions).encode())
    return hasher.hexdigest()


def _walk(folder: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    for item in folder.iterdir():
        name = f"{prefix}{item.name}"
        if item.is_dir():
            if item.name != "__pycache__":
                yield from _walk(item, name + "/")
        elif not item.name.endswith((".pyc", ".pyo")):
            yield name, item


def tree_digest(folder: Path | None) -> str:
    """sha256 of every file under ``folder`` (a theme's ``custom_dir``), names and contents."""
    hasher = hashlib.sha256()
    if folder is not None and folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


class PageCache:
    """The two kinds of entries on disk, with the keys one build used."""

    def __init__(self, folder: Path) -> None:
        """Use ``folder`` (created on the first write)."""
        self.folder = folder
        self.started = time.time()
        self.used: set[str] = set()
        self.hits = {"content": 0, "output": 0, "search": 0}

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def _get(self, kind: str, key: str, *, count: bool = True) -> str | None:
        self.used.add(key)
        path = self._path(kind, key)
        found = sealed.read(path)
        if found is not None and count:
            self.hits[kind] += 1
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: kept by :meth:`prune`
        return found

    def data(self, kind: str, key: str) -> Any:
        """Stored JSON data (a page's converted Markdown, its search entries), or ``None``."""
        found = self._get(kind, key)
        if found is None:
            return None
        try:
            return json.loads(found)
        except ValueError:
            return None

    def put_data(self, kind: str, key: str, data: object) -> None:
        """Store JSON data."""
        self.used.add(key)
        # key order kept: the search plugin writes its entries as they are
        sealed.write(self._path(kind, key), json.dumps(data, ensure_ascii=False))

    def output(self, key: str, *, count: bool = True) -> str | None:
        """A page's HTML as the theme rendered it (``count``: as a hit)."""
        return self._get("output", key, count=count)

    def put_output(self, key: str, html: str) -> None:
        """Store a page's rendered HTML."""
        self.used.add(key)
        sealed.write(self._path("output", key), html)

    def prune(self) -> int:
        """Delete the entries no build has used for :data:`MAX_AGE` seconds.

        Not only this build's: ``mkdocs serve`` and ``mkdocs build`` (or two sites sharing the
        folder) have different entries, and each would otherwise delete the other's. An entry
        is touched whenever it is used. Returns how many files were deleted.
        """
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*/*"):
            if path.name in self.used:
                continue
            try:
                if path.stat().st_mtime < self.started - MAX_AGE:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


Placement = Callable[[Any], tuple[Any, list[tuple[str, str]]]]
"""``page → (navigation page it hangs from, breadcrumbs)``, as the adapter places pages."""


class PageReuse(logging.Handler):
    """One build's use of the page cache (MkDocs pages are handled by duck typing).

    It is also a logging handler on the ``mkdocs`` logger: a page that logged a warning while
    it was converted or rendered (a broken link, say) is not stored, so that the next build
    warns again.
    """

    def __init__(self, cache: PageCache | None) -> None:
        """Use ``cache``; ``None`` turns reuse off for this build."""
        super().__init__(logging.WARNING)
        self.cache = cache
        self.generated: frozenset[str] = frozenset()
        """Source paths of the generated pages: the only ones reused (their inputs are known)."""
        self.base = ""
        self.settings = ""
        self.current: str | None = None
        self.content_keys: dict[str, str] = {}
        self.restored: set[str] = set()
        self.outputs: dict[str, str] = {}
        """Pages to take whole → their key (the HTML is read when the page is written: a
        national model's pages would not fit in memory together)."""
        self.output_keys: dict[str, str] = {}
        self.noisy: set[str] = set()
        self.template = ""
        if cache is not None:
            logging.getLogger("mkdocs").addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        """Mark the page being converted or rendered as not to be stored."""
        if self.current is not None:
            self.noisy.add(self.current)

    def unwatch(self) -> None:
        """Stop listening to the ``mkdocs`` logger."""
        logging.getLogger("mkdocs").removeHandler(self)

    def start(self, config: Any, files: Iterable[Any]) -> None:
        """The key parts shared by every page: code, settings and the list of files.

        The conversion of Markdown depends only on the Markdown settings and on the files
        (relative links resolve against them); the theme sees the whole configuration.
        """
        if self.cache is not None:
            self.base = digest(code_digest(), {k: config[k] for k in MARKDOWN_SETTINGS},
                               [(f.src_uri, f.url, f.inclusion.name) for f in files])
            self.settings = digest(settings(config))

    def read(self, page: Any, markdown: str) -> dict[str, Any] | None:
        """The stored conversion of ``page``'s Markdown, or ``None`` (convert it)."""
        src = page.file.src_uri
        self.current = src
        if self.cache is None or src not in self.generated:
            return None
        key = digest(self.base, src, page.file.url, markdown)
        self.content_keys[src] = key
        entry = self.cache.data("content", key)
        if not isinstance(entry, dict):
            return None
        self.restored.add(src)
        return entry

    def converted(self, page: Any, html: str) -> None:
        """Store the HTML MkDocs made of a page's Markdown (unless taken from the cache)."""
        src = page.file.src_uri
        key = self.content_keys.get(src)
        if (self.cache is not None and key is not None and src not in self.restored
                and src not in self.noisy):
            self.cache.put_data("content", key, {
                "content": html, "toc": toc_data(page.toc),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()}})
        self.current = None

    def index_search(self, config: Any) -> None:
        """Reuse each generated page's search entries when its content and place are the same.

        Material's search plugin parses every page's HTML into sections (about a third of a
        warm build once the pages come from the cache). Its index is wrapped so that a page
        whose content, table of contents, address, title and metadata did not change gets its
        entries back from the cache. If the plugin is not Material's, or no longer looks the
        way this expects, nothing is wrapped and it indexes every page itself.
        """
        search = next((p for n, p in config.plugins.items() if n in QUIET_CONTEXT), None)
        index = getattr(search, "search_index", None)
        entries = getattr(index, "entries", None)
        original = getattr(index, "add_entry_from_context", None)
        if (self.cache is None or index is None or not isinstance(entries, list)
                or not callable(original)):
            return
        settings = stable(getattr(index, "config", {}))

        def add(page: Any) -> None:
            src = page.file.src_uri
            if self.cache is None or src not in self.generated:
                original(page)
                return
            meta = {k: v for k, v in page.meta.items()
                    if not (k == "template" and v == self.template)}  # set by :meth:`plan`
            key = digest(self.base, "search", settings, page.url, page.title, meta,
                         toc_data(page.toc), page.content)
            found = self.cache.data("search", key)
            if isinstance(found, list):
                entries.extend(found)
                return
            start = len(entries)
            original(page)
            if src not in self.noisy:
                self.cache.put_data("search", key, entries[start:])

        index.add_entry_from_context = add

    def whole_pages(self, config: Any, plugin: object) -> bool:
        """Whether pages may be taken whole: no other plugin sees or edits their rendering."""
        if self.cache is None:
            return False
        events = config.plugins.events
        post = events.get("post_page", [])
        if not post or getattr(post[0], "__self__", None) is not plugin:
            return False
        names = {id(p): name for name, p in config.plugins.items()}
        owners = [getattr(h, "__self__", None) for h in events.get("page_context", [])]
        return all(o is plugin or names.get(id(o)) in QUIET_CONTEXT for o in owners)

    def plan(self, nav: Any, files: Any, placement: Placement, *, serving: bool,
             template: str) -> None:
        """Find each generated page's rendered HTML; a page found gets ``template``.

        The key holds the whole navigation with its titles (the theme prints it on every
        page), the page's place, title, metadata, table of contents, content and edit link.
        """
        if self.cache is None:
            return
        self.template = template
        base = digest(self.base, self.settings, nav_data(nav.items),
                      os.environ.get("SOURCE_DATE_EPOCH"), serving)
        for src in self.content_keys:
            file = files.get_file_from_path(src)
            page = file.page if file is not None else None
            if page is None or "template" in page.meta:
                continue
            anchor, crumbs = placement(page)
            key = digest(base, src, page.url, page.title, page.meta, toc_data(page.toc),
                         page.content, page.file.edit_uri,
                         anchor.file.src_uri if anchor is not None else None, crumbs)
            if self.cache.output(key) is None:  # checked now, read again when written
                self.output_keys[src] = key
            else:
                self.outputs[src] = key
                page.meta["template"] = template

    def taken(self, page: Any) -> str | None:
        """The stored HTML of a page rendered through the cache's template, or ``None``."""
        src = page.file.src_uri
        self.current = src
        key = self.outputs.pop(src, None)
        if key is None or self.cache is None:
            return None
        del page.meta["template"]  # the template is chosen already; the page is as it was
        html = self.cache.output(key, count=False)
        if html is None:  # damaged since :meth:`plan`: the template renders the page itself
            self.output_keys[src] = key
        return html

    def rendered(self, page: Any, html: str) -> None:
        """Store a page's HTML as the theme rendered it (unless it warned)."""
        src = page.file.src_uri
        key = self.output_keys.pop(src, None)
        if self.cache is not None and key is not None and src not in self.noisy:
            self.cache.put_output(key, html)
        self.current = None

    def finish(self) -> Reused | None:
        """Remove the entries this build did not use; say what was reused (``None``: no cache)."""
        self.unwatch()
        cache, self.cache = self.cache, None
        if cache is None:
            return None
        return Reused(content=cache.hits["content"], whole=cache.hits["output"],
                      search=cache.hits["search"], pages=len(self.content_keys),
                      removed=cache.prune())


@dataclass(frozen=True, kw_only=True)
class Reused:
    """What one build took from the page cache."""

    content: int
    """Pages whose Markdown conversion was skipped."""
    whole: int
    """Pages taken whole (conversion and theme skipped)."""
    search: int
    """Search-index entries reused."""
    pages: int
    """Generated pages in the build."""
    removed: int
    """Entries deleted because no build used them for :data:`MAX_AGE`."""

    def __str__(self) -> str:
        return (f"trang lấy lại từ bộ nhớ đệm: {self.content} nội dung, {self.whole} nguyên "
                f"trang, {self.search} mục tìm kiếm (trên {self.pages} trang được tạo); "
                f"{self.removed} mục không dùng quá 7 ngày đã xoá")


def settings(config: Any) -> list[Any]:
    """What of the MkDocs configuration a page can depend on (not where the site is written)."""
    skip = {"plugins", "theme", "site_dir", "watch", "config_file_path", "dev_addr"}
    theme = config.theme
    custom = Path(theme.custom_dir) if theme.custom_dir else None
    return [{k: v for k, v in config.items() if k not in skip},
            {name: dict(plugin.config) for name, plugin in config.plugins.items()},
            [theme.name, dict(theme), tree_digest(custom)]]


def nav_data(items: Iterable[Any]) -> list[Any]:
    """Every navigation entry with its title and address (the theme prints them all)."""
    return [[type(item).__name__, item.title, getattr(item, "url", None),
             nav_data(item.children or [])] for item in items]


def toc_data(toc: Iterable[Any]) -> list[Any]:
    """A page's table of contents as JSON data: ``[title, id, level, children]``."""
    return [[link.title, link.id, link.level, toc_data(link.children)] for link in toc]
