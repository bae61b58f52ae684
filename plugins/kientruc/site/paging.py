"""Split long tables into numbered pages, and the Vietnamese pager that links them.

A page must not grow with the model: a province-size model has thousands of public services
and thousands of relations into the citizen portal, and a page of several megabytes is slow to
download, render and search. Catalogues, incoming relations, comparison tables, the roadmap's
tables and the layer lists of a chapter therefore show a bounded number of rows and move the rest
to numbered sub-pages (``…/trang-2/``). Below the caps nothing changes, so small sites stay
byte-for-byte the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..md import esc, front_matter, mdlink
from ..paths import link, numbered
from ..text import thousands

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

PAGE_ROWS = 500
"""Rows of one numbered page (a catalogue page or a "see all" page): about 150 kB of Markdown."""
PREVIEW_ROWS = 100
"""Rows shown on a main page (an element's relations of one type, a comparison layer) before
the line that leads to the full list."""
PAGER_WINDOW = 2
"""Page numbers shown on each side of the current one; the first and last are always shown."""

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Caps:
    """How many rows pages show; tests lower them to exercise paging on small models."""

    page_rows: int = PAGE_ROWS
    preview_rows: int = PREVIEW_ROWS

    def __post_init__(self) -> None:
        if self.page_rows < 1 or self.preview_rows < 1:
            raise ValueError(f"expected positive row caps, got page_rows={self.page_rows}, "
                             f"preview_rows={self.preview_rows}")


@dataclass(frozen=True, kw_only=True)
class Slice:
    """One numbered page of a long list: rows ``start:stop`` of ``total``."""

    number: int
    """1-based; page 1 lives at the list's own address."""
    count: int
    start: int
    stop: int


def slices(total: int, size: int) -> list[Slice]:
    """Cut ``total`` rows into pages of ``size`` (always at least one page, maybe empty).

    Args:
        total: Number of rows.
        size: Rows per page.

    Returns:
        The pages, in order.
    """
    count = max(1, -(-total // size))
    return [Slice(number=n + 1, count=count, start=n * size, stop=min(total, (n + 1) * size))
            for n in range(count)]


def page_of(index: int, size: int) -> int:
    """The 1-based page number that holds row ``index`` (0-based)."""
    return index // size + 1


def more_line(hidden: int, target: str) -> str:
    """The line under a shortened table: "và N thành phần khác – xem toàn bộ"."""
    return f"*và {thousands(hidden)} thành phần khác* – [xem toàn bộ]({target})"


def pager(page: str, current: int, count: int, src_of: Callable[[int], str]) -> str:
    """A "Trang: ← Trang trước · 1 · … · 4 · **5** · 6 · … · 32 · Trang sau →" line.

    Args:
        page: Source path of the page the pager is on (links are relative to it).
        current: This page's number (1-based).
        count: Number of pages.
        src_of: Source path of page ``n``.

    Returns:
        Markdown; empty when there is only one page.
    """
    if count < 2:
        return ""
    shown = sorted({1, count, *range(max(1, current - PAGER_WINDOW),
                                     min(count, current + PAGER_WINDOW) + 1)})
    items: list[str] = []
    if current > 1:
        items.append(mdlink("← Trang trước", link(page, src_of(current - 1))))
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append("…")
        items.append(f"**{number}**" if number == current
                     else mdlink(str(number), link(page, src_of(number))))
        previous = number
    if current < count:
        items.append(mdlink("Trang sau →", link(page, src_of(current + 1))))
    return "Trang: " + " · ".join(items)


def list_pages(first: str, items: Sequence[T], size: int, *, title: str, heading: str,
               intro: Callable[[str], str], body: Callable[[str, Sequence[T]], str],
               around: tuple[str, str] = ("", "")) -> list[tuple[str, str]]:
    """The numbered pages of a list that a main page shows only the start of.

    Every page has the same shape: a title and heading (with "(trang 2/5)" when there are
    several pages), an introduction that links back, and the rows between two pagers. Links
    in the rows are relative to each page, so the caller renders them per page.

    Args:
        first: Source path of page 1 (the others are ``numbered(first, n)``).
        items: Everything the list holds, in order.
        size: Items per page.
        title: Page title (the front matter), without the page number.
        heading: Level-1 heading (plain text), without the page number.
        intro: Markdown of the line under the heading, given the page's source path.
        body: Markdown of some items, given the page's source path and the items.
        around: Markdown put before and after the pagers and rows (a ``<div>`` that styles
            them).

    Returns:
        ``(source path, Markdown)`` per page, page 1 first.
    """
    out = []
    for part in slices(len(items), size):
        page = numbered(first, part.number)
        suffix = f" (trang {part.number}/{part.count})" if part.count > 1 else ""
        nav = pager(page, part.number, part.count, lambda n: numbered(first, n))
        rows = body(page, items[part.start:part.stop])
        if nav:
            rows = f"{nav}\n\n{rows}\n\n{nav}"
        out.append((page, front_matter(title=title + suffix) + f"# {esc(heading)}{suffix}\n\n"
                    + intro(page) + "\n\n" + around[0] + rows + around[1] + "\n"))
    return out
