"""A notice at the top of every page of a version that a newer version has replaced.

Search and old links send readers to pages of superseded versions; each such page says so
first ("Phiên bản cũ") and links to the same page in the newest version when it exists there
(the same element, chapter or catalogue), else to the newest version's overview.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..md import admonition, after_title, mdlink
from ..paths import link

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model.types import Model
    from ..paths import SitePaths
    from .context import PageOut

__all__ = ["mark_old_versions"]


def mark_old_versions(pages: Sequence[PageOut], model: Model, paths: SitePaths) -> list[PageOut]:
    """Return ``pages`` with the notice inserted after the title of each older version's page."""
    existing = {p.src for p in pages}
    newest: dict[str, tuple[str, str]] = {}  # old version's folder → (newest key, its title)
    for arch in model.architectures():
        versions = model.versions_of(arch)
        last = versions[-1]
        for old in versions[:-1]:
            newest[paths.version(old.key).rsplit("/", 1)[0] + "/"] = (
                last.key, f"{last.title_vi} {last.version}")
    out = []
    for page in pages:
        folder = next((f for f in newest if page.src.startswith(f)), None)
        if folder is None or not isinstance(page.content, str) or not page.src.endswith(".md"):
            out.append(page)
            continue
        key, title = newest[folder]
        same = paths.version(key).rsplit("/", 1)[0] + "/" + page.src[len(folder):]
        target = same if same in existing else paths.version(key)
        what = "trang tương ứng" if target == same else "trang tổng quan"
        notice = admonition("warning", "Phiên bản cũ", (
            f"Trang này thuộc một phiên bản đã có phiên bản mới hơn. Xem {what} của "
            f"{mdlink(title, link(page.src, target))}."))
        out.append(replace(page, content=after_title(str(page.content), notice)))
    return out

