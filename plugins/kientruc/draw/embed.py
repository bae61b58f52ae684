"""A drawn diagram (or its failure) as one raw-HTML block for a page, with its text alternative.

The text alternative is built from the same View as the picture, so the two never disagree.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES
from ..paths import href
from ..views.view import CHANGE_VI, LINK_PREFIX

if TYPE_CHECKING:
    from ..views.view import View

_PLACEHOLDER = re.compile(r'((?:xlink:)?href)="' + re.escape(LINK_PREFIX) + r'([^"]*)"')


def resolve_links(text: str, page_src: str, *, directory_urls: bool = True) -> str:
    """Turn ``kt:<source path>`` placeholders into URLs relative to the page.

    Relative URLs keep working when the site is served from a sub-path.

    Args:
        text: SVG or HTML holding ``href="kt:…"`` / ``xlink:href="kt:…"`` links.
        page_src: Source path of the page the text goes on (``kien-truc/cqdt/2.0/index.md``).
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        The text with every placeholder replaced.
    """
    def relative(match: re.Match[str]) -> str:
        target, _, fragment = html.unescape(match.group(2)).partition("#")
        url = href(page_src, target, directory_urls=directory_urls)
        return f'{match.group(1)}="{html.escape(url + ("#" + fragment if fragment else ""))}"'

    return _PLACEHOLDER.sub(relative, text)


_SVG_WIDTH = re.compile(r'<svg\b([^>]*?)\swidth="([0-9.]+)pt"')

MIN_SCALE = 0.6
"""A large diagram is never shrunk below this share of its natural size (labels stay
readable); the canvas scrolls sideways instead."""


def readable_size(svg: str) -> str:
    """Let a wide diagram keep a readable size instead of shrinking to the text column.

    The SVG gets ``width: min(natural, max(100%, 60% of natural))``: small diagrams fit the
    column, large ones stay legible and scroll inside their own box.
    """
    match = _SVG_WIDTH.search(svg)
    if match is None:
        return svg
    natural = float(match.group(2))
    style = (f' style="max-width:none;height:auto;'
             f'width:min({natural:g}pt,max(100%,{natural * MIN_SCALE:.0f}pt))"')
    return svg[: match.end()] + style + svg[match.end():]


def diagram_html(view: View, svg: str | None, error: str | None, page_src: str, *,
                 directory_urls: bool = True) -> str:
    """The block to put in a page: the inline SVG then its text alternative.

    One raw-HTML ``<div>`` without blank lines, so Python-Markdown passes it through untouched.
    When the diagram could not be drawn, a visible Vietnamese notice replaces the picture and
    the text alternative is shown expanded.

    Args:
        view: The diagram.
        svg: The cleaned SVG from :func:`kientruc.draw.render_svgs`, or ``None``.
        error: Why it could not be drawn (shown to readers when ``svg`` is ``None``).
        page_src: Source path of the page.
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        The HTML.
    """
    if svg is not None:
        # Focusable, so that keyboard users can scroll a wide diagram (axe
        # "scrollable-region-focusable": axe does not count SVG xlink:href links).
        body = (f'<div class="kt-diagram-canvas" tabindex="0">\n{readable_size(svg)}\n</div>\n'
                f"{text_alternative(view)}")
    else:
        reason = html.escape(error or "lỗi không rõ")
        body = ('<div class="admonition warning kt-diagram-error">\n'
                '<p class="admonition-title">Không vẽ được sơ đồ</p>\n'
                f"<p>Sơ đồ “{html.escape(view.title)}” chưa vẽ được ({reason}). Nội dung của "
                "sơ đồ được trình bày dưới dạng bảng bên dưới.</p>\n</div>\n"
                f"{text_alternative(view, open_=True)}")
    block = (f'<div class="kt-diagram" data-kt-view="{html.escape(view.id)}">\n{body}\n</div>')
    block = re.sub(r"\n\s*\n", "\n", block)
    return resolve_links(block, page_src, directory_urls=directory_urls)


# -- text alternative ------------------------------------------------------------------------


def _link(text: str, target: str | None, page_src: str | None, directory_urls: bool) -> str:
    if target is None:
        return html.escape(text)
    url = (LINK_PREFIX + target if page_src is None
           else href(page_src, target, directory_urls=directory_urls))
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def text_alternative(view: View, page_src: str | None = None, *, directory_urls: bool = True,
                     open_: bool = False) -> str:
    """The diagram in words: title, one sentence, a table of boxes and a table of arrows.

    A collapsed ``<details>`` (keyboard and screen-reader reachable) on one raw-HTML block
    with no blank lines.

    Args:
        view: The diagram.
        page_src: Source path of the page it goes on; links are relative to it. ``None`` leaves
            ``kt:`` placeholders for :func:`kientruc.embed.resolve_links`.
        directory_urls: MkDocs' ``use_directory_urls``.
        open_: Show it expanded (used when the picture could not be drawn).

    Returns:
        The HTML.
    """
    clusters = {c.id: c.label for c in view.clusters}
    nodes = [n for n in view.nodes if n.kind != "legend"]
    by_id = {n.id: n for n in view.nodes}
    with_change = any(n.change for n in nodes)
    with_group = any(n.cluster in clusters for n in nodes)
    heads = ["Thành phần", "Loại", *(["Nhóm, lớp"] if with_group else []),
             *(["Thay đổi"] if with_change else [])]
    out = [f'<details class="kt-diagram-text"{" open" if open_ else ""}>',
           f"<summary>Nội dung sơ đồ dạng văn bản: {html.escape(view.title)}</summary>",
           f"<p>{html.escape(view.summary)}</p>",
           "<table>",  # no class: Material styles only `table:not([class])`
           "<caption>Các thành phần trong sơ đồ</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>",
           "<tbody>"]
    for n in nodes:
        name = n.label if n.kind == "rollup" else n.name
        cells = [_link(name, n.link, page_src, directory_urls),
                 html.escape(ELEMENT_TYPES[n.type].vi),
                 *([html.escape(clusters.get(n.cluster or "", ""))] if with_group else []),
                 *([html.escape(CHANGE_VI.get(n.change or "", ""))] if with_change else [])]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    if view.edges:
        out += ["<table>", "<caption>Các quan hệ, luồng dữ liệu</caption>",
                '<thead><tr><th scope="col">Từ</th><th scope="col">Quan hệ, dữ liệu</th>'
                '<th scope="col">Đến</th></tr></thead>', "<tbody>"]
        for e in view.edges:
            a, b = by_id.get(e.source), by_id.get(e.target)
            label = e.label + (f" ({CHANGE_VI[e.change].lower()})" if e.change else "")
            out.append(f"<tr><td>{html.escape(a.label if a else e.source)}</td>"
                       f"<td>{html.escape(label)}</td>"
                       f"<td>{html.escape(b.label if b else e.target)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>Sơ đồ không có quan hệ nào được vẽ.</p>")
    out.append("</details>")
    return "\n".join(out)
