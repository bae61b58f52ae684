"""The "Phiên bản: 1.0 · **2.0**" line that keeps a reader on the same page in another version.

Element pages and version overviews build their own line (an element may have another id in
another version); every other page of a version (chapters, catalogues, roadmap, full lists) gets
one here, after planning, from the addresses alone: the same path in the other version's folder
when that page exists, else that version's overview.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..md import after_title, mdlink
from ..paths import link

if TYPE_CHECKING:
    from ..model.types import Model, Snapshot
    from ..paths import SitePaths
    from .context import PageOut

__all__ = ["LEAD", "add_switchers", "switcher"]

LEAD = "Phiên bản: "
"""How the line begins (pages that already have one are left alone)."""


def switcher(model: Model, snapshot: Snapshot, target: Callable[[Snapshot], str | None],
             page: str, *, missing: Callable[[Snapshot], str | None] | None = None) -> str:
    """The line for ``page`` of ``snapshot``; empty when the architecture has one version.

    Args:
        model: The model.
        snapshot: The version the page belongs to (shown in bold, not linked).
        target: The same page in another version, or ``None`` when it has none.
        page: The page's own source path (links are relative to it).
        missing: Where to send readers when ``target`` has nothing (else "chưa có").
    """
    items = []
    for other in model.versions_of(snapshot.architecture):
        if other.key == snapshot.key:
            items.append(f"**{other.version}**")
            continue
        found = target(other)
        fallback = missing(other) if missing is not None and not found else None
        if found:
            items.append(mdlink(other.version, link(page, found)))
        elif fallback:
            items.append(mdlink(f"{other.version} (tổng quan)", link(page, fallback)))
        else:
            items.append(f"{other.version} (chưa có)")
    if len(items) < 2:
        return ""
    return LEAD + " · ".join(items)


def add_switchers(pages: Sequence[PageOut], model: Model, paths: SitePaths) -> list[PageOut]:
    """Return ``pages`` with a switcher after the title of every version page that lacks one."""
    existing = {p.src for p in pages}
    folders = {paths.version(s.key).rsplit("/", 1)[0] + "/": s
               for arch in model.architectures() for s in model.versions_of(arch)
               if len(model.versions_of(arch)) > 1}
    out = []
    for page in pages:
        snapshot = next((s for f, s in folders.items() if page.src.startswith(f)), None)
        content = page.content
        if (snapshot is None or not isinstance(content, str) or not page.src.endswith(".md")
                or f"\n{LEAD}" in content):
            out.append(page)
            continue
        rest = page.src[len(paths.version(snapshot.key)) - len("index.md"):]

        def same(other: Snapshot, rest: str = rest) -> str | None:
            candidate = paths.version(other.key)[: -len("index.md")] + rest
            return candidate if candidate in existing else None

        line = switcher(model, snapshot, same, page.src,
                        missing=lambda other: paths.version(other.key))
        out.append(replace(page, content=after_title(content, line)))
    return out

