"""One build of the generated part of the site: load → plan → diagrams → downloads.

Pure orchestration: no MkDocs import, so ``kientruc`` commands and tests can build without it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .load import load_model
from .md import esc, front_matter
from .paths import SitePaths, url_of
from .site import SiteOptions, plan_site
from .text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .errors import ModelError
    from .model import Model
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
    model = load_model(arch_dir, repo_root=repo_root)
    for warning in model.warnings:
        log.warning("%s", warning)
    site_options = SiteOptions(**options)
    plan = plan_site(model, site_options)
    stats = dict(plan.stats)
    if site_options.diagrams:
        plan = _draw(plan, cache_dir, memory, site_options, log, stats)
    files = [OutFile(src=p.src, content=p.content, edit=p.edit,
                     edit_abs=str(repo_root / p.edit) if p.edit else None) for p in plan.pages]
    files.extend(_assets())
    if downloads:
        files.extend(_downloads(model, SitePaths(site_options.output_dir), log))
    unsearchable = frozenset(url_of(p.src, directory_urls=site_options.directory_urls)
                             for p in plan.pages if not p.search)
    return BuildResult(files=files, nav=plan.nav, unsearchable=unsearchable, model=model,
                       stats=stats)


def _draw(plan: SitePlan, cache_dir: Path | None, memory: dict[str, str], options: SiteOptions,
          log: logging.Logger | logging.LoggerAdapter[logging.Logger],
          stats: dict[str, int]) -> SitePlan:
    from . import draw, embed
    from .site import fill_diagrams

    cache = draw.SvgCache(cache_dir / "svg" if cache_dir else None, memory=memory)

    def render(views: list[Any]) -> dict[str, tuple[str | None, str | None]]:
        dots = [draw.to_dot(view) for view in views]
        results = draw.render_svgs(dots, cache)
        out = {}
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

    return fill_diagrams(plan, render, place)


def _assets() -> Iterable[OutFile]:
    folder = resources.files("kientruc") / "assets"
    for name in ASSETS:
        item = folder / name
        if item.is_file():
            yield OutFile(src=f"assets/kientruc/{name}", content=item.read_bytes())


def _downloads(model: Model, paths: SitePaths,
               log: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> list[OutFile]:
    try:
        from .downloads import version_downloads
    except ImportError:  # pragma: no cover - the exports stage is optional while developing
        return []
    out = []
    for snapshot in model.snapshots.values():
        for name, data in version_downloads(model, snapshot).items():
            out.append(OutFile(src=paths.download(snapshot.key, name), content=data))
    log.debug("tệp tải về: %d", len(out))
    return out


def error_pages(error: ModelError, output_dir: str) -> tuple[list[OutFile], list[NavItem]]:
    """Pages shown by ``mkdocs serve`` while the sources are broken: the problem list."""
    paths = SitePaths(output_dir)
    body = "\n".join(f"- `{esc(str(p))}`" for p in error.problems)
    text = (front_matter(title="Lỗi trong mã nguồn kiến trúc")
            + "# Lỗi trong mã nguồn kiến trúc\n\n"
            + "Trang kiến trúc chưa được tạo vì mã nguồn YAML có lỗi. Sửa các lỗi dưới đây, "
            + "trang sẽ tự tải lại.\n\n" + body + "\n")
    return [OutFile(src=paths.home(), content=text)], [paths.home()]


def fold_search_index(index: Path, skip: frozenset[str], *, directory_urls: bool) -> None:
    """Add a diacritic-free field to Material's search index, and drop skipped pages.

    Each document gets ``ascii`` = folded title and text; the field is registered in the
    index config with a lower boost, so queries with diacritics still rank as before and
    queries without them find the same pages.
    """
    del directory_urls
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = []
    for doc in data.get("docs", []):
        page = doc.get("location", "").split("#", 1)[0]
        if page in skip:
            continue
        doc["ascii"] = fold(f"{doc.get('title', '')} {doc.get('text', '')}")
        docs.append(doc)
    data["docs"] = docs
    config = data.setdefault("config", {})
    fields = config.setdefault("fields", {"title": {"boost": 1000}, "text": {"boost": 1},
                                          "tags": {"boost": 1000000}})
    fields["ascii"] = {"boost": 0.5}
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
