"""One build of the generated part of the site: load → plan → diagrams → downloads.

Pure orchestration: no MkDocs import, so ``kientruc`` commands and tests can build without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from functools import partial
from html import unescape
from importlib import resources
from typing import TYPE_CHECKING, Any

from .downloads import download_names
from .load import load_model
from .md import esc, front_matter
from .paths import SitePaths, url_of
from .site import SiteOptions, plan_site
from .text import fold

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from .errors import ModelError
    from .model import Model, Snapshot
    from .site import NavItem, SitePlan

ASSETS = ("kientruc.css", "diagrams.css", "compare.css")
"""Stylesheets shipped in ``kientruc/assets`` and published under ``assets/kientruc/``."""


@dataclass(frozen=True, kw_only=True)
class OutFile:
    """A file to add to the site: its path in ``docs``, content, and the YAML it came from."""

    src: str
    content: str | bytes
    edit_abs: str | None = None
    edit: str | None = None
    late: tuple[tuple[str, str], ...] = ()
    """``(marker, html)`` to put into the final HTML (diagrams)."""


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    """What the plugin adds to the site."""

    files: list[OutFile]
    nav: list[NavItem]
    unsearchable: frozenset[str] = frozenset()
    """URLs whose text is left out of the search index (catalogue tables)."""
    model: Model | None = None
    stats: dict[str, int] = field(default_factory=dict)


def build_site(*, arch_dir: Path, repo_root: Path, docs_dir: Path, options: dict[str, Any],
               cache_dir: Path | None, memory: dict[str, str], downloads: bool,
               log: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> BuildResult:
    """Load, validate and plan the generated pages, drawing diagrams and downloads.

    Raises:
        ModelError: When the sources have problems (nothing is produced).
    """
    del docs_dir
    model = load_model(arch_dir, repo_root=repo_root)
    for warning in model.warnings:
        log.warning("%s", warning)
    site_options = SiteOptions(**options)
    paths = SitePaths(site_options.output_dir)
    names = ({key: download_names(s) for key, s in model.snapshots.items()} if downloads
             else {})
    plan = plan_site(model, site_options, downloads=names)
    stats = dict(plan.stats)
    rendered: dict[str, tuple[str | None, str | None]] = {}
    if site_options.diagrams:
        plan, rendered = _draw(plan, cache_dir, memory, site_options, log, stats)
    files = [OutFile(src=p.src, content=p.content, edit=p.edit, late=p.late,
                     edit_abs=str(repo_root / p.edit) if p.edit else None) for p in plan.pages]
    files.extend(_assets())
    if downloads:
        made = _downloads(model, paths, rendered, cache_dir)
        files.extend(made)
        files.append(_open_data_page(model, paths, made))
    unsearchable = frozenset(url_of(p.src, directory_urls=site_options.directory_urls)
                             for p in plan.pages if not p.search)
    return BuildResult(files=files, nav=plan.nav, unsearchable=unsearchable, model=model,
                       stats=stats)


def _draw(plan: SitePlan, cache_dir: Path | None, memory: dict[str, str], options: SiteOptions,
          log: logging.Logger | logging.LoggerAdapter[logging.Logger],
          stats: dict[str, int]) -> tuple[SitePlan, dict[str, tuple[str | None, str | None]]]:
    from . import draw, embed
    from .site import fill_diagrams

    cache = draw.SvgCache(cache_dir / "svg" if cache_dir else None, memory=memory)
    out: dict[str, tuple[str | None, str | None]] = {}

    def render(views: list[Any]) -> dict[str, tuple[str | None, str | None]]:
        dots = [draw.to_dot(view) for view in views]
        results = draw.render_svgs(dots, cache)
        for view, result in zip(views, results, strict=True):
            if result.error:
                log.warning("không vẽ được sơ đồ '%s': %s", view.title, result.error)
            out[view.id] = (result.svg, result.error)
        drawn = sum(1 for r in results if r.svg is not None and not r.from_cache)
        stats["diagrams"] = len(results)
        stats["diagrams_drawn"] = drawn
        log.info("sơ đồ: %d vẽ mới, %d lấy từ bộ nhớ đệm", drawn, len(results) - drawn)
        return out

    def place(view: Any, svg: str | None, error: str | None, page: str) -> str:
        return str(embed.diagram_html(view, svg, error, page,
                                      directory_urls=options.directory_urls))

    return fill_diagrams(plan, render, place), out


def _assets() -> Iterable[OutFile]:
    folder = resources.files("kientruc") / "assets"
    for name in ASSETS:
        item = folder / name
        if item.is_file():
            yield OutFile(src=f"assets/kientruc/{name}", content=item.read_bytes())


def _version_diagrams(model: Model, snapshot: Snapshot, paths: SitePaths,
                      rendered: dict[str, tuple[str | None, str | None]]) -> list[tuple[str, str]]:
    """The chapter diagrams of a version as (chapter title, SVG) for the PDF handbook.

    The SVGs were drawn for the chapter pages; they are found by view id, without building
    the views a second time.
    """
    if not rendered:
        return []
    from .views import view_id

    kinds = {"overall": "tong-the", "integration": "lien-thong", "smart-city": "tham-chieu-ict"}
    out = []
    for chapter in snapshot.framework.chapters:
        if chapter.diagram in kinds:
            svg, _ = rendered.get(view_id(snapshot.key, kinds[chapter.diagram]), (None, None))
            if svg:
                out.append((chapter.title, svg))
    return out


def _comparison_rows(model: Model, snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """The appendix of the handbook: every change against the version it supersedes."""
    previous = model.snapshots.get(snapshot.supersedes or "")
    if previous is None:
        return []
    from .diff import compare
    from .diff_render import describe_change

    comparison = compare(model, previous, snapshot)
    rows = []
    for change in comparison.changes:
        element = snapshot.elements.get(change.new_id or "") or previous.elements.get(
            change.old_id or "")
        name = element.name_vi if element else (change.new_id or change.old_id or "")
        rows.append((change.kind.value, name, describe_change(model, comparison, change)))
    return rows


def _downloads(model: Model, paths: SitePaths,
               rendered: dict[str, tuple[str | None, str | None]],
               cache_dir: Path | None) -> list[OutFile]:
    """Every version's downloads; the slow PDF is cached under a digest of its inputs."""
    from .downloads import model_json_schema, version_downloads

    out = [OutFile(src=paths.download_schema(), content=model_json_schema())]
    for snapshot in model.snapshots.values():
        rows = _comparison_rows(model, snapshot)
        diagrams = _version_diagrams(model, snapshot, paths, rendered)
        make = partial(version_downloads, model, snapshot, comparison_rows=rows,
                       diagrams=diagrams)
        files = _cached_downloads(model, snapshot, rows, diagrams, cache_dir, make)
        out.extend(OutFile(src=paths.download(snapshot.key, name), content=data)
                   for name, data in files.items())
    return out


def _cached_downloads(model: Model, snapshot: Snapshot, rows: list[tuple[str, str, str]],
                      diagrams: list[tuple[str, str]], cache_dir: Path | None,
                      make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    from . import __version__
    from .export_data import model_json

    if cache_dir is None:
        return make()
    digest = hashlib.sha256()
    for part in (__version__, model_json(model, snapshot).decode(), repr(rows),
                 *(f"{t}\0{svg}" for t, svg in diagrams), os.environ.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode())
        digest.update(b"\0")
    folder = cache_dir / "downloads" / digest.hexdigest()
    manifest = folder / "MANIFEST"
    if manifest.is_file():
        names = manifest.read_text(encoding="utf-8").split("\n")
        if all((folder / n).is_file() for n in names):
            return {n: (folder / n).read_bytes() for n in names}
    files = make()
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    (tmp / "MANIFEST").write_text("\n".join(files), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return files


def _open_data_page(model: Model, paths: SitePaths, made: list[OutFile]) -> OutFile:
    from .context import Context
    from .downloads import DOWNLOAD_FORMATS
    from .pages.open_data import open_data_markdown

    listing: dict[str, list[tuple[str, str, int]]] = {}
    for key in model.snapshots:
        prefix = paths.download(key, "")
        for item in made:
            if item.src.startswith(prefix):
                name = item.src[len(prefix):]
                listing.setdefault(key, []).append(
                    (name, DOWNLOAD_FORMATS[name].description, len(item.content)))
    page = paths.site_page("du-lieu-mo")
    text = open_data_markdown(Context(model=model, paths=paths), page, listing,
                              paths.download_schema())
    return OutFile(src=page, content=text)


def error_pages(error: ModelError, output_dir: str, *,
                home: bool = False) -> tuple[list[OutFile], list[NavItem]]:
    """Pages shown by ``mkdocs serve`` while the sources are broken: the problem list.

    With ``home``, the site's home page (normally generated) shows the list too.
    """
    paths = SitePaths(output_dir)
    body = "\n".join(f"- `{esc(str(p))}`" for p in error.problems)
    text = (front_matter(title="Lỗi trong mã nguồn kiến trúc")
            + "# Lỗi trong mã nguồn kiến trúc\n\n"
            + "Trang kiến trúc chưa được tạo vì mã nguồn YAML có lỗi. Sửa các lỗi dưới đây, "
            + "trang sẽ tự tải lại.\n\n" + body + "\n")
    files = [OutFile(src=paths.home(), content=text)]
    if home:
        files.append(OutFile(src="index.md", content=text))
    return files, [paths.home()]


def insert_late(html: str, late: tuple[tuple[str, str], ...]) -> str:
    """Put each late block (a diagram) where Markdown left its marker comment."""
    for marker, block in late:
        html = html.replace(marker, block, 1)
    return html


SEARCH_SEPARATOR = r"[\s\u200b\-,:;!?=\[\]()\"'`/|]+|\.(?!\d)|&[lg]t;"
"""Word separator of the search index: spaces, hyphens and punctuation, so that ``(LGSP)`` or
``tỉnh,`` index as ``lgsp`` and ``tỉnh`` (a dot splits words, not numbers such as ``2.0``)."""

_PLAIN_SEPARATOR = r"[\s\-]+"
"""The separator Material uses for Vietnamese; replaced by :data:`SEARCH_SEPARATOR`."""

FOLDED_FIELDS = {"title": "ascii_title", "text": "ascii"}
"""Each searchable field and the field that holds its words without diacritics."""

_TAG = re.compile(r"<[^>]*>")


def folded_words(text: str, separator: str = SEARCH_SEPARATOR, *, once: bool = False) -> str:
    """Fold the words of HTML ``text`` that carry diacritics: ``"Dữ liệu (LGSP)"`` → ``"Du lieu"``.

    Words without diacritics are left out: the original field already holds them, and
    repeating them would count them twice. With ``once``, each folded word is kept once:
    folding merges different words (``dùng``, ``dụng`` → ``dung``), so a title that repeats
    a folded form is not a better match for it.
    """
    plain = unescape(_TAG.sub(" ", text))
    words = (word for word in re.split(separator, plain) if word)
    folded = [f for f, w in ((fold(word), word) for word in words) if f != w]
    if once:
        folded = list(dict.fromkeys(f.lower() for f in folded))
    return " ".join(folded)


def fold_search_index(index: Path, skip: frozenset[str], *, directory_urls: bool) -> None:
    """Make Material's search work without Vietnamese diacritics; drop skipped pages.

    Each document gets ``ascii_title`` and ``ascii``: the words of its title and text that
    carry diacritics, folded (``Dữ liệu`` → ``Du lieu``; title words once each). They are
    registered with the boosts of ``title`` and ``text``, so ``du lieu dung chung`` ranks pages
    the way ``dữ liệu dùng chung`` does, while a query with diacritics never matches a folded
    word and ranks exactly as without folding. The query side is in the theme override
    ``overrides/assets/javascripts/lunr/min/lunr.vi.min.js`` (NFC, whole-word matching of
    finished words without diacritics). The word separator also splits at punctuation, so
    that a title ending in ``(LGSP)`` is found by ``lgsp``.
    """
    del directory_urls
    data = json.loads(index.read_text(encoding="utf-8"))
    config = data.setdefault("config", {})
    if config.get("separator", _PLAIN_SEPARATOR) == _PLAIN_SEPARATOR:
        config["separator"] = SEARCH_SEPARATOR
    separator = config["separator"]
    try:
        re.compile(separator)
    except re.error:  # a JavaScript-only pattern from mkdocs.yml: split ours the usual way
        separator = SEARCH_SEPARATOR
    docs = []
    for doc in data.get("docs", []):
        page = doc.get("location", "").split("#", 1)[0]
        if page in skip:
            continue
        for source, target in FOLDED_FIELDS.items():
            doc[target] = folded_words(doc.get(source) or "", separator,
                                       once=source == "title")
        docs.append(doc)
    data["docs"] = docs
    fields = config.setdefault("fields", {"title": {"boost": 1000}, "text": {"boost": 1},
                                          "tags": {"boost": 1000000}})
    for source, target in FOLDED_FIELDS.items():
        fields[target] = {"boost": float(fields.get(source, {}).get("boost", 1.0))}
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
