"""The generated part of the site navigation: a fixed shape that never lists elements.

A national model has thousands of elements; a sidebar listing them would be unusable and would
make every page heavier. Each version gets about twenty entries (overview, current state,
chapters, roadmap, issues, legal basis); elements, catalogues and comparisons hang from them
through breadcrumbs (:mod:`kientruc.site.place`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import safe
from .pages.current_state import CURRENT_STATE
from .pages.reference_models import REFERENCE_MODELS
from .pages.version import EXTRA_PAGES

if TYPE_CHECKING:
    from ..model.types import Model, Snapshot
    from ..paths import SitePaths

NavItem = Any
"""One MkDocs ``nav`` entry: a page path, or ``{title: path | [entries]}``."""


def site_nav(model: Model, paths: SitePaths, *, downloads: bool) -> list[NavItem]:
    """The generated section: never lists elements, about twenty entries per version."""
    section: list[NavItem] = [paths.home()]
    for arch in model.architectures():
        versions = model.versions_of(arch)
        items: list[NavItem] = [paths.architecture(arch)]
        for snapshot in reversed(versions):
            key = snapshot.key
            entries: list[NavItem] = [{"Tổng quan": paths.version(key)},
                                      {"Hiện trạng": paths.version_page(key, CURRENT_STATE)}]
            entries += [{safe.attr(c.title): paths.chapter(key, c.id)}
                        for c in snapshot.framework.chapters]
            if snapshot.framework.reference_models:
                entries.append({"Mô hình tham chiếu": paths.version_page(key, REFERENCE_MODELS)})
            entries += [{name: paths.version_page(key, slug)} for slug, name in EXTRA_PAGES]
            items.append({f"Phiên bản {snapshot.version}": entries})
        if len(versions) > 1:
            items.append({"So sánh phiên bản": paths.comparison_index(arch)})
        # MkDocs and Material write nav titles into the page unescaped.
        section.append({safe.attr(short_title(versions[-1])): items})
    if downloads:
        section.append({"Dữ liệu mở": paths.site_page("du-lieu-mo")})
    section.append({"Dữ liệu dùng chung": paths.site_page("chung")})
    section.append({"Thuật ngữ": paths.site_page("thuat-ngu")})
    return section


def short_title(snapshot: Snapshot) -> str:
    """Navigation title of an architecture, without the province name."""
    title = snapshot.title_vi
    for cut in (" tỉnh ", " thành phố "):
        if cut in title:
            return title.split(cut)[0]
    return title


def splice_nav(nav: list[Any] | None, output_dir: str, generated: list[Any]) -> list[Any]:
    """Put the generated section where ``mkdocs.yml`` says ``- Kiến trúc: kien-truc/``.

    Without a ``nav`` in ``mkdocs.yml`` the generated section comes first (MkDocs' automatic
    navigation would otherwise list every element page).
    """
    marker = output_dir.strip("/") + "/"
    if not nav:
        return [{"Kiến trúc": generated}]
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, str) and value.strip("/") + "/" == marker:
                out.append({title: generated})
                continue
            if isinstance(value, list):
                out.append({title: splice_nav(value, output_dir, generated)
                            if _contains_marker(value, marker) else value})
                continue
        elif isinstance(item, str) and item.strip("/") + "/" == marker:
            out.extend(generated)
            continue
        out.append(item)
    return out


def reaches(items: list[Any], marker: str) -> bool:
    """Tell whether a nav (at any depth) links to the generated section."""
    for item in items:
        values = list(item.values()) if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str) and value.strip("/") + "/" == marker:
                return True
            if isinstance(value, list) and reaches(value, marker):
                return True
    return False


def _contains_marker(items: list[Any], marker: str) -> bool:
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str) and value.strip("/") + "/" == marker:
            return True
        if isinstance(value, list) and _contains_marker(value, marker):
            return True
    return False
