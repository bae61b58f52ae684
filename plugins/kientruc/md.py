"""Small Markdown builders: escaping, links, tables. Pages are assembled from these."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .text import thousands

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_TABLE_ESCAPES = str.maketrans({"|": "\\|", "\n": " ", "\r": " "})
_INLINE_ESCAPES = str.maketrans({
    "<": "&lt;", ">": "&gt;", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "`": "\\`",
    "#": "\\#", "\\": "&#92;", "{": "&#123;", "}": "&#125;", "|": "&#124;",
    "~": "&#126;", "^": "&#94;",
})
"""``{`` and ``}`` are entities so that ``attr_list`` never sees ``{: onclick=… }`` at the end of
a cell or heading; ``|`` so that a cell stays one cell (a heading would show ``\\|``)."""


def esc(text: str) -> str:
    """Escape plain text (a name, a number) so Markdown shows it literally.

    Editor text with Markdown in it goes through :mod:`kientruc.safe` instead.
    """
    return text.translate(_INLINE_ESCAPES)


def cell(text: str) -> str:
    """Escape text for a table cell (no pipes, one line)."""
    return text.translate(_TABLE_ESCAPES)


def mdlink(text: str, target: str, title: str | None = None) -> str:
    """A Markdown link with escaped text."""
    suffix = f' "{html.escape(title, quote=True)}"' if title else ""
    return f"[{esc(text)}]({target}{suffix})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are already Markdown (use :func:`cell`-safe text)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition block (``!!! note "title"``)."""
    indented = "\n".join(f"    {line}" if line else "" for line in body.strip().splitlines())
    return f'!!! {kind} "{title}"\n\n{indented}\n'


def vnd(amount: int | None) -> str:
    """Format an amount in đồng the Vietnamese way: ``45.000.000.000 đ``."""
    if amount is None:
        return "—"
    return thousands(amount) + " đ"


def about(amount: int) -> str:
    """An invented amount as a planner would say it: ``khoảng 6,5 tỷ đồng``.

    Illustrative amounts are not shown to the đồng (domain notes §12.6): that would claim a
    precision nobody has. From 100 billion, whole billions; from 1 billion, tenths; below,
    tens of millions.
    """
    if amount >= 100_000_000_000:
        return "khoảng " + billions(round(amount / 1_000_000_000) * 1_000_000_000)
    if amount >= 1_000_000_000:
        return "khoảng " + billions(round(amount / 100_000_000) * 100_000_000)
    millions = round(amount / 10_000_000) * 10
    return f"khoảng {thousands(millions)} triệu đồng" if millions else "khoảng 0 đồng"


def money(amount: int | None, *, illustrative: bool) -> str:
    """An amount in a table cell: exact when confirmed, rounded (:func:`about`) when invented."""
    if amount is None:
        return "—"
    return about(amount) if illustrative else vnd(amount)


def money_total(amount: int, *, illustrative: bool) -> str:
    """A total or sum outside a row: when any part is invented it says so itself."""
    return f"{about(amount)} (minh họa)" if illustrative else vnd(amount)


def billions(amount: int) -> str:
    """Format an amount as ``45 tỷ đồng`` / ``31,5 tỷ đồng``."""
    value = amount / 1_000_000_000
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",") + " tỷ đồng"


def front_matter(**fields: str) -> str:
    """YAML front matter for a generated page (title, description, search boost …).

    MkDocs and Material write ``title`` and ``description`` into ``<title>``, ``<meta
    content="…">`` and the navigation without escaping, so every value is HTML-escaped here: a
    ``"`` in a version's title cannot close the attribute.
    """
    lines = ["---"]
    for key, value in fields.items():
        escaped = html.escape(" ".join(value.split()), quote=True)
        escaped = escaped.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'{key}: "{escaped}"')
    lines.append("---")
    return "\n".join(lines) + "\n"


NO_SEARCH = " { data-search-exclude }"
"""Append to a heading: Material's search leaves that section out of the index.

Relation tables, histories and catalogue tables repeat what the element pages already say;
leaving them out keeps the search index small as the model grows."""


def after_title(content: str, block: str) -> str:
    """A generated page with ``block`` inserted after its ``# title`` (after front matter)."""
    lines = content.split("\n")
    start = 0
    if lines and lines[0] == "---":  # front matter
        start = next((i for i in range(1, len(lines)) if lines[i] == "---"), 0) + 1
    heading = next((i for i in range(start, len(lines)) if lines[i].startswith("# ")), None)
    at = heading + 1 if heading is not None else start
    return "\n".join([*lines[:at], "", block, *lines[at:]])
