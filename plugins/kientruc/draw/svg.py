"""Graphviz's SVG made publishable: no build-machine paths, icons once in ``<defs>``, byte-stable.

Strings in, strings out: no process, no disk beyond reading the icon files.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache
from pathlib import Path

from ..views.view import LINK_PREFIX

ICONS_DIR = Path(__file__).parent / "icons"


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


_TITLE = re.compile(r"<title>(.*?)</title>\n?", re.DOTALL)


_IMAGE = re.compile(r"<image\b([^>]*)/>")


_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')


_HREF = re.compile(r'\s(?:xlink:)?href="([^"]*)"')


_PAGE_PREFIX = re.compile(r'id="page\d+,\d+_')
"""Graphviz 2.43 prefixes the graph's id with ``page0,1_`` in every graph after the first of a
batch (its page counter is not reset); our ids never start so."""


@cache
def _icon_symbol_body(name: str) -> tuple[str, str] | None:
    """(viewBox, inner markup wrapped in a ``<g>`` carrying the root's presentation)."""
    path = ICONS_DIR / f"{name}.svg"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        return None
    text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    match = re.search(r"<svg\b([^>]*)>(.*)</svg>", text, re.DOTALL)
    if match is None:
        return None
    attrs = dict(_ATTR.findall(match.group(1)))
    keep = " ".join(f'{k}="{v}"' for k, v in attrs.items()
                    if k in ("fill", "stroke") or k.startswith("stroke-"))
    inner = "".join(line.strip() for line in match.group(2).splitlines())
    return attrs.get("viewBox", "0 0 24 24"), f"<g {keep}>{inner}</g>"


@lru_cache(maxsize=1)
def _icons_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ICONS_DIR.glob("*.svg")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def clean_svg(raw: str) -> str:
    """Make Graphviz's SVG deterministic, self-contained and small.

    Drops the XML prolog, comments (the Graphviz version) and per-element ``<title>``s; names
    the drawing with one ``<title>`` for ``aria-labelledby``; stores each icon once as a
    ``<symbol>`` in ``<defs>`` and points ``<use>`` at it; drops any link that is neither a
    ``kt:`` placeholder nor a local ``#`` reference, so no build-machine path survives.

    Args:
        raw: Graphviz ``-Tsvg`` output.

    Returns:
        The cleaned ``<svg>…</svg>`` text, without blank lines.

    Raises:
        ValueError: The input is not a Graphviz SVG.
    """
    raw = _PAGE_PREFIX.sub('id="', raw.replace("&#45;", "-"))
    start, end = raw.find("<svg"), raw.rfind("</svg>")
    graph = re.search(r'<g id="([^"]+)" class="graph', raw)
    if start < 0 or end < 0 or graph is None:
        raise ValueError("Graphviz không trả về một tệp SVG hợp lệ")
    view_id = graph.group(1)
    text = _COMMENT.sub("", raw[start:end + len("</svg>")])
    titles = _TITLE.findall(text)
    title = titles[0] if titles else ""
    text = _TITLE.sub("", text)
    used: list[str] = []

    def use(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        name = Path(attrs.get("xlink:href") or attrs.get("href") or "").stem
        if _icon_symbol_body(name) is None:
            return ""
        used.append(name)
        size = " ".join(f'{k}="{attrs[k].removesuffix("px")}"'
                        for k in ("x", "y", "width", "height") if k in attrs)
        return f'<use xlink:href="#{view_id}--i-{name}" {size}/>'

    text = _IMAGE.sub(use, text)
    text = _HREF.sub(lambda m: m.group(0) if m.group(1).startswith(("#", LINK_PREFIX)) else "",
                     text)
    head = re.match(r"<svg\b([^>]*)>", text)
    assert head is not None
    attrs = dict(_ATTR.findall(head.group(1)))
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{attrs.get("width", "")}" height="{attrs.get("height", "")}" '
            f'viewBox="{attrs.get("viewBox", "")}" class="kt-svg" color="#37474F" '
            f'role="group" aria-labelledby="{view_id}--title">')
    symbols = []
    for name in sorted(set(used)):
        body = _icon_symbol_body(name)
        assert body is not None
        symbols.append(f'<symbol id="{view_id}--i-{name}" viewBox="{body[0]}">{body[1]}</symbol>')
    defs = f"<defs>{''.join(symbols)}</defs>\n" if symbols else ""
    text = f'{root}\n<title id="{view_id}--title">{title}</title>\n{defs}{text[head.end():]}'
    return re.sub(r"\n\s*\n", "\n", text).strip()
