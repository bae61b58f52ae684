"""Where a page sits in the site, for pages the navigation does not list.

The navigation stays bounded: it lists chapters and catalogues, never the thousands of element,
comparison and "full list" pages. Those pages still need breadcrumbs and an open, highlighted
section in the sidebar, so each one is attached to the nearest page that *is* in the navigation.

The nearest page is found from the page's own address (``…/2.0/kien-truc-ung-dung/applications``
belongs to the chapter ``…/2.0/kien-truc-ung-dung``, ``…/so-sanh/1.0-2.0/applications`` to the
comparison ``…/so-sanh/1.0-2.0``), unless the planner names a parent: an element page names the
catalogue of its type (``UP_KEY`` in its front matter), which its address does not show. The
rule is about addresses only, so it also places the pages an adopter adds by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

UP_KEY = "kientruc_up"
"""Front-matter key naming a page's parent page (a source path such as ``…/danh-muc/ung-dung.md``)."""


def _by_address(src: str) -> Iterator[str]:
    """Candidate parents of ``src`` from its address, nearest first."""
    parts = src.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts.pop()
    for end in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:end])
        yield f"{prefix}.md"
        yield f"{prefix}/index.md"


def place(src: str, *, in_nav: Callable[[str], bool], exists: Callable[[str], bool],
          up: Callable[[str], str | None]) -> tuple[str | None, tuple[str, ...]]:
    """The navigation page a page hangs from, and the pages between them.

    Args:
        src: The page's source path (not itself in the navigation).
        in_nav: Whether a source path is a page of the navigation.
        exists: Whether a source path is a page of the site.
        up: The parent the planner named for a page, if any.

    Returns:
        ``(anchor, between)``: the nearest navigation page (``None`` when there is none) and the
        pages from just below the anchor down to just above ``src``, in reading order.
    """
    chain: list[str] = []
    seen = {src}
    current = src
    while True:
        named = up(current)
        parent = named if named and exists(named) else next(
            (c for c in _by_address(current) if c not in seen and exists(c)), None)
        if parent is None or parent in seen:
            return None, tuple(reversed(chain))
        if in_nav(parent):
            return parent, tuple(reversed(chain))
        seen.add(parent)
        chain.append(parent)
        current = parent


def heading(page: Any) -> str:
    """A page's own heading ("Danh mục ứng dụng"), shorter than its ``<title>`` (HTML text)."""
    first = page.toc.items[0] if page.toc.items else None
    return first.title if first is not None and first.level == 1 else page.title or ""
