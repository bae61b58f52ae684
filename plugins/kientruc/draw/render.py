"""View → DOT (with the ``diagrams`` library) → SVG (Graphviz), cached on disk, drawn in parallel.

The only module that imports ``diagrams``/``graphviz``. The DOT text is deterministic and
machine-independent (icons by bare name, links as ``kt:`` placeholders), so it is also the cache
key; the SVG is cleaned to be byte-identical between builds and free of build-machine paths.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GraphvizMissingError, KientrucError, UsageError
from ..metamodel import ELEMENT_TYPES
from ..views.view import CHANGE_VI, LINK_PREFIX

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from ..views.view import View, ViewCluster, ViewEdge, ViewNode

RENDERER_VERSION = "kientruc-draw-1"
"""Part of every cache key: bump it when the DOT→SVG clean-up changes."""

ICONS_DIR = Path(__file__).parent / "icons"
MAX_SVG_BYTES = 300_000
DEFAULT_TIMEOUT = 60.0
MISSING_MESSAGE = ("không tìm thấy Graphviz (lệnh 'dot'), cần để vẽ sơ đồ: hãy cài đặt Graphviz, "
                   "ví dụ 'sudo apt-get install graphviz'")

FONT = "sans-serif"
COLUMNS = {"horizontal": 5, "vertical": 1, "external": 1, "legend": 4, "group": 4}
"""Boxes per row inside a band of a layered diagram."""
SIDE_ROWS = 8
"""Rows of a vertical or external band before it takes another column."""

_GROUP = {
    "organization": "actor", "stakeholder": "actor", "channel": "channel",
    "business_function": "business", "public_service": "business", "smart_service": "business",
    "application": "app", "platform": "platform", "app_service": "platform", "database": "data",
    "node": "infra", "network": "infra", "device": "infra", "facility": "infra",
    "security_control": "security",
}
_PALETTE = {  # group: (fill, border)
    "actor": ("#FFF3E0", "#B26A00"), "channel": ("#E8F1FB", "#1F5FA8"),
    "business": ("#FFF8D6", "#8A6D00"), "app": ("#E6F4EA", "#1E7B34"),
    "platform": ("#E0F2F1", "#00695C"), "data": ("#EFE8F7", "#5E35B1"),
    "infra": ("#ECEFF1", "#455A64"), "security": ("#FDECEA", "#B3261E"),
    "gov": ("#F3F3F3", "#616161"),
}
_CHANGE_STYLE = {  # change: (border colour, style, pen width)
    "added": ("#2E7D32", "bold", "2.5"), "removed": ("#C62828", "dashed", "2"),
    "changed": ("#E65100", "dotted", "2.5"), "unchanged": ("#90A4AE", "solid", "1"),
}
_CLUSTER_STYLE = {  # orientation: (style, fill, border)
    "horizontal": ("rounded,filled", "#F5F8FA", "#B0BEC5"),
    "vertical": ("rounded,filled", "#FBF6EC", "#D7C49E"),
    "external": ("rounded,filled,dashed", "#F1F4F9", "#7986CB"),
    "group": ("rounded", "transparent", "#90A4AE"),
    "legend": ("rounded,dashed", "transparent", "#90A4AE"),
}
_EDGE_STYLE = {"solid": ("solid", "1.2"), "dashed": ("dashed", "1.2"), "dotted": ("dotted", "1.5"),
               "bold": ("solid", "2.4")}


# -- View → DOT ------------------------------------------------------------------------------


def _wrap(text: str, width: int, lines: int = 3) -> list[str]:
    """Balanced line breaks (no one-word last line), at most ``lines`` lines."""
    count = max(1, -(-len(text) // width))
    balanced = max(10, -(-len(text) // count) + 2)
    parts = textwrap.wrap(text, width=min(width, balanced), break_long_words=False) or [""]
    if len(parts) > lines:
        rest = textwrap.shorten(" ".join(parts[lines - 1:]), width, placeholder=" …")
        parts = [*parts[: lines - 1], rest]
    return parts


def _safe(text: str) -> str:
    """Text for a non-HTML Graphviz attribute: backslashes start escapes there."""
    return text.replace("\\", "/")


def _node_label(node: ViewNode, *, icons: bool) -> str:
    lines = "<BR/>".join(html.escape(x) for x in _wrap(node.label, 22))
    if node.change and node.kind != "legend":
        lines += f'<BR/><FONT POINT-SIZE="9"><I>[{html.escape(CHANGE_VI[node.change])}]</I></FONT>'
    icon = (f'<TD FIXEDSIZE="TRUE" WIDTH="24" HEIGHT="24"><IMG SRC="{node.icon}.svg"/></TD>'
            if icons and (ICONS_DIR / f"{node.icon}.svg").is_file() else "")
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>{icon}'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{lines}</TD></TR></TABLE>>')


def _node_attrs(view: View, node: ViewNode) -> dict[str, str]:
    group = _GROUP.get(node.type, "gov")
    fill, border = _PALETTE[group]
    style, pen = "solid", "1.2"
    classes = ["kt-node", f"kt-g-{group}"]
    if node.change:
        border, style, pen = _CHANGE_STYLE[node.change]
        classes.append(f"kt-c-{node.change}")
        if node.change == "removed":
            fill = "#F5F5F5"
    if node.kind == "rollup":
        fill, style = "#FFFFFF", "dashed"
        classes.append("kt-rollup")
    if node.id == view.focus:
        pen = "3"
        classes.append("kt-focus")
    attrs = {"style": f"rounded,filled,{style}", "fillcolor": fill, "color": border,
             "penwidth": pen, "class": " ".join(classes)}
    type_vi = ELEMENT_TYPES[node.type].vi
    if node.kind == "element":
        tooltip = f"{node.name} ({type_vi})"
        if node.change:
            tooltip += f" – {CHANGE_VI[node.change].lower()}"
    else:
        tooltip = node.name
    attrs["tooltip"] = _safe(tooltip)
    if node.link:
        attrs["URL"] = _safe(LINK_PREFIX + node.link)
    return attrs


def _edge_attrs(view: View, edge: ViewEdge) -> dict[str, str]:
    style, pen = _EDGE_STYLE[edge.style]
    color = _CHANGE_STYLE[edge.change][0] if edge.change else "#607D8B"
    attrs = {"style": style, "penwidth": pen, "color": color, "fontcolor": "#37474F",
             "fontname": FONT, "fontsize": "10", "arrowsize": "0.7",
             "class": f"kt-edge kt-c-{edge.change}" if edge.change else "kt-edge"}
    if edge.label:
        text = "<BR/>".join(html.escape(x) for x in _wrap(edge.label, 28, 2))
        attrs["label"] = f"<{text}>"
    if view.layered:
        attrs["constraint"] = "false"
    return attrs


def _cluster_attrs(view: View, cluster: ViewCluster) -> dict[str, str]:
    style, fill, border = _CLUSTER_STYLE[cluster.orientation]
    return {"id": f"{view.id}--{cluster.id}", "style": style, "fillcolor": fill, "color": border,
            "bgcolor": fill, "pencolor": border, "fontname": FONT, "fontsize": "12",
            "fontcolor": "#37474F", "labeljust": "l", "margin": "10",
            "class": f"kt-cluster kt-o-{cluster.orientation}"}


def to_dot(view: View, *, icons: bool = True) -> str:
    """Graphviz source of a view, built with the ``diagrams`` library; deterministic.

    Node ids are element ids; links are ``kt:<source path>`` placeholders (made relative per
    page by :mod:`kientruc.embed`); icons are named by file name only, found at render time.

    Args:
        view: The diagram.
        icons: Put icons in the boxes (PNG output cannot load SVG icons, so it passes False).

    Returns:
        The DOT text.
    """
    import diagrams

    graph_attr = {"id": view.id, "pad": "0.2", "bgcolor": "transparent", "fontname": FONT,
                  "label": "", "splines": "true", "nodesep": "0.25",
                  "ranksep": "0.45" if view.layered else "0.8", "newrank": "true",
                  "compound": "true", "class": f"kt-view kt-k-{view.kind}"}
    node_attr = {"shape": "box", "fixedsize": "false", "width": "0.3", "height": "0.3",
                 "labelloc": "c", "margin": "0.06,0.03", "fontname": FONT, "fontsize": "11",
                 "fontcolor": "#263238", "imagescale": "false"}
    edge_attr = {"fontname": FONT, "fontsize": "10"}
    d = diagrams.Diagram(name=_safe(view.title), show=False, outformat="svg",
                         direction=view.direction, curvestyle="curved", graph_attr=graph_attr,
                         node_attr=node_attr, edge_attr=edge_attr)
    members: dict[str | None, list[ViewNode]] = {}
    for node in view.nodes:
        members.setdefault(node.cluster, []).append(node)
    children: dict[str | None, list[ViewCluster]] = {}
    # Graphviz's crossing minimisation tends to put the cluster declared first on the right:
    # declare vertical bands before the stacked ones so they stand on the right of them.
    for cluster in sorted(view.clusters, key=lambda c: c.orientation != "vertical"):
        children.setdefault(cluster.parent, []).append(cluster)
    made: dict[str, Any] = {}

    def emit(cluster_id: str | None) -> None:
        for node in members.get(cluster_id, []):
            made[node.id] = diagrams.Node(_node_label(node, icons=icons), nodeid=node.id,
                                          **_node_attrs(view, node))
        for child in children.get(cluster_id, []):
            with diagrams.Cluster(_safe(child.label), direction=view.direction,
                                  graph_attr=_cluster_attrs(view, child)) as c:
                c.dot.name = f"cluster_{child.id}"  # labels may repeat; names must not
                emit(child.id)

    diagrams.setdiagram(d)
    try:
        emit(None)
        if view.layered:
            _scaffold(d.dot, view, members)
        for edge in view.edges:
            if edge.source in made and edge.target in made:
                d.connect(made[edge.source], made[edge.target],
                          diagrams.Edge(forward=True, **_edge_attrs(view, edge)))
        return str(d.dot.source)
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)


def _scaffold(dot: Any, view: View, members: dict[str | None, list[ViewNode]]) -> None:
    """Invisible edges that lay out a layered diagram.

    Rows of boxes inside each band; horizontal bands stacked in order; vertical and external
    bands to their right, starting level with the top band.
    """
    from graphviz.quoting import quote

    previous_last_row: list[ViewNode] = []
    side: list[list[ViewNode]] = []
    top: ViewNode | None = None
    for cluster in view.clusters:
        nodes = members.get(cluster.id, [])
        if not nodes:
            continue
        cols = COLUMNS[cluster.orientation]
        if cluster.orientation in ("vertical", "external"):
            cols = -(-len(nodes) // SIDE_ROWS)  # a side band grows sideways past SIDE_ROWS rows
        rows = [nodes[i:i + cols] for i in range(0, len(nodes), cols)]
        for upper, lower in itertools.pairwise(rows):
            for i, node in enumerate(lower):
                dot.edge(upper[min(i, len(upper) - 1)].id, node.id, style="invis")
        for row in rows:  # keep reading order left to right inside a row
            for a, b in itertools.pairwise(row):
                dot.edge(a.id, b.id, style="invis")
            if len(row) > 1:
                dot.body.append(f"\t{{rank=same; {'; '.join(quote(n.id) for n in row)}}}\n")
        if cluster.orientation in ("horizontal", "legend"):
            for node in rows[0]:
                if previous_last_row:
                    dot.edge(previous_last_row[0].id, node.id, style="invis")
            previous_last_row = rows[-1]
            if cluster.orientation == "horizontal" and top is None:
                top = rows[0][-1]
        elif cluster.orientation in ("vertical", "external"):
            side.append(rows[0])
    left = top
    for row in side:
        if left is not None:
            dot.body.append(f"\t{{rank=same; {quote(left.id)}; {quote(row[0].id)}}}\n")
            dot.edge(left.id, row[0].id, style="invis")
        left = row[-1]


# -- SVG clean-up ----------------------------------------------------------------------------

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


# -- rendering and cache ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Rendered:
    """One diagram's outcome: the SVG, or the reason it could not be drawn."""

    svg: str | None
    error: str | None
    from_cache: bool


class SvgCache:
    """SVGs by content hash of their DOT text: in memory, and on disk when given a folder.

    Disk entries are written atomically (temporary file, then ``os.replace``) and end with a
    checksum line; an entry that fails the check is deleted and drawn again.
    """

    def __init__(self, folder: Path | None = None, *,
                 memory: dict[str, str] | None = None, remember: bool = True) -> None:
        """Create a cache.

        Args:
            folder: Disk folder (git-ignored, deletable any time); ``None`` for memory only.
            memory: In-memory layer to share, e.g. a dict kept across ``mkdocs serve``
                rebuilds; a new one by default.
            remember: Keep SVGs in the memory layer; a one-off build of a large model turns
                this off and reads the disk instead.
        """
        self.folder = folder
        self._memory: dict[str, str] = memory if memory is not None else {}
        self._remember = remember
        self.corrupt = 0
        """Disk entries found damaged and discarded since creation."""

    @staticmethod
    def key(dot: str) -> str:
        """Cache key: sha256 of the renderer version, the icon set and the DOT text."""
        data = f"{RENDERER_VERSION}\0{_icons_digest()}\0{dot}".encode()
        return hashlib.sha256(data).hexdigest()

    def path(self, key: str) -> Path | None:
        """Disk location of an entry, if the cache has a folder."""
        return self.folder / f"{key}.svg" if self.folder else None

    def get(self, key: str) -> str | None:
        """Return the SVG for ``key``, or ``None`` (a damaged disk entry counts as missing)."""
        if key in self._memory:
            return self._memory[key]
        path = self.path(key)
        if path is None or not path.is_file():
            return None
        try:
            svg = _unseal(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            svg = None
        if svg is None:
            self.corrupt += 1
            path.unlink(missing_ok=True)
            return None
        if self._remember:
            self._memory[key] = svg
        return svg

    def put(self, key: str, svg: str) -> None:
        """Store an SVG in memory and, atomically, on disk (disk errors are not fatal)."""
        if self._remember:
            self._memory[key] = svg
        path = self.path(key)
        if path is None:
            return
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:12]}-", suffix=".tmp")
            os.fchmod(fd, 0o644)  # mkstemp makes it private; a cache may be shared (CI)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_seal(svg).encode("utf-8"))
            Path(tmp).replace(path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def _seal(svg: str) -> str:
    return f"{svg}\n<!-- kientruc sha256:{hashlib.sha256(svg.encode()).hexdigest()} -->\n"


def _unseal(text: str) -> str | None:
    svg, _, trailer = text.rstrip("\n").rpartition("\n")
    match = re.fullmatch(r"<!-- kientruc sha256:([0-9a-f]{64}) -->", trailer)
    if (match is None or not svg.startswith("<svg") or not svg.endswith("</svg>")
            or hashlib.sha256(svg.encode()).hexdigest() != match.group(1)):
        return None
    return svg


def dot_binary() -> str:
    """Path of Graphviz's ``dot``.

    Raises:
        GraphvizMissingError: It is not installed (one line saying how to install it).
    """
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissingError(MISSING_MESSAGE)
    return found


def _run_dot(binary: str, dot: str, fmt: str, timeout: float) -> tuple[bytes | None, str | None]:
    try:
        proc = subprocess.run([binary, f"-T{fmt}", f"-Gimagepath={ICONS_DIR}"],
                              input=dot.encode("utf-8"), capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return None, f"Graphviz chạy quá {timeout:g} giây"
    except FileNotFoundError as error:
        raise GraphvizMissingError(MISSING_MESSAGE) from error
    except OSError as error:
        return None, f"không chạy được Graphviz: {error.strerror or error}"
    if proc.returncode != 0:
        detail = " ".join(proc.stderr.decode("utf-8", "replace").split())[:300]
        return None, f"Graphviz báo lỗi (mã {proc.returncode}): {detail}"
    return proc.stdout, None


def _finish(out: bytes) -> tuple[str | None, str | None]:
    """Clean one Graphviz SVG and enforce the size limit."""
    try:
        svg = clean_svg(out.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as problem:
        return None, str(problem)
    size = len(svg.encode("utf-8"))
    if size > MAX_SVG_BYTES:
        return None, f"sơ đồ quá lớn ({size // 1000} KB, giới hạn {MAX_SVG_BYTES // 1000} KB)"
    return svg, None


def _render(binary: str, dot: str, timeout: float) -> tuple[str | None, str | None]:
    out, error = _run_dot(binary, dot, "svg", timeout)
    return (None, error) if out is None else _finish(out)


_CLUSTER = re.compile(r'^\s*subgraph "?cluster', re.MULTILINE)
BATCH_SIZE = 64
"""Diagrams drawn by one ``dot`` process; starting the process costs more than a small drawing."""


def batchable(dot: str) -> bool:
    """Whether a diagram draws the same in a batch as alone.

    Graphviz orders named subgraphs by the address of their interned name, so with two or more
    clusters the layout depends on what the process drew before; with one or none it does not
    (checked on every diagram of the reference and benchmark sites).
    """
    return len(_CLUSTER.findall(dot)) <= 1


def _render_batch(binary: str, dots: Sequence[str],
                  timeout: float) -> list[tuple[str | None, str | None]]:
    """Draw several diagrams with one ``dot`` process; alone each if the batch fails."""
    if len(dots) > 1:
        out, _ = _run_dot(binary, "\n".join(dots), "svg", timeout)
        parts = out.split(b"</svg>\n")[:-1] if out is not None else []
        if len(parts) == len(dots):
            return [_finish(part + b"</svg>\n") for part in parts]
    return [_render(binary, dot, timeout) for dot in dots]


def render_svgs(dots: Sequence[str], cache: SvgCache, *, workers: int | None = None,
                timeout: float = DEFAULT_TIMEOUT) -> list[Rendered]:
    """Draw many diagrams: cached ones are reused, the others drawn in parallel.

    Diagrams that draw the same in a batch (:func:`batchable`) go to Graphviz
    :data:`BATCH_SIZE` at a time: one process per small diagram cost more than the drawing.

    Args:
        dots: DOT texts from :func:`to_dot`.
        cache: Where finished SVGs are kept (pass the same object across ``serve`` rebuilds).
        workers: Parallel Graphviz processes; default: one per CPU core.
        timeout: Seconds one diagram may take before it counts as failed.

    Returns:
        One :class:`Rendered` per DOT text, in order. A failed diagram has ``svg=None`` and an
        ``error`` in Vietnamese; it is not cached.

    Raises:
        GraphvizMissingError: A diagram must be drawn and Graphviz is not installed.
    """
    keys = [cache.key(dot) for dot in dots]
    found = {key: svg for key in dict.fromkeys(keys) if (svg := cache.get(key)) is not None}
    todo = {key: dot for key, dot in zip(keys, dots, strict=True) if key not in found}
    drawn: dict[str, tuple[str | None, str | None]] = {}
    if todo:
        binary = dot_binary()
        grouped = [key for key, dot in todo.items() if batchable(dot)]
        jobs = [grouped[i:i + BATCH_SIZE] for i in range(0, len(grouped), BATCH_SIZE)]
        jobs += [[key] for key, dot in todo.items() if not batchable(dot)]
        count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
        with ThreadPoolExecutor(max_workers=count) as pool:
            outcomes = pool.map(
                lambda job: _render_batch(binary, [todo[key] for key in job], timeout), jobs)
            for job, outcome in zip(jobs, outcomes, strict=True):
                drawn.update(zip(job, outcome, strict=True))
        for key, (svg, _) in drawn.items():
            if svg is not None:
                cache.put(key, svg)
    results: list[Rendered] = []
    for key in keys:
        if key in found:
            results.append(Rendered(svg=found[key], error=None, from_cache=True))
        else:
            svg, error = drawn[key]
            results.append(Rendered(svg=svg, error=error, from_cache=False))
    return results


def summarize(results: Sequence[Rendered]) -> str:
    """Build-log line: ``"3 sơ đồ vẽ mới, 40 lấy từ bộ nhớ đệm"`` (and failures, if any)."""
    new = sum(1 for r in results if r.svg is not None and not r.from_cache)
    cached = sum(1 for r in results if r.from_cache)
    failed = sum(1 for r in results if r.svg is None)
    line = f"{new} sơ đồ vẽ mới, {cached} lấy từ bộ nhớ đệm"
    return line + (f", {failed} không vẽ được" if failed else "")


def render_png(view: View, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Draw one view as PNG (without icons: Graphviz's PNG renderer cannot load SVG icons).

    Raises:
        GraphvizMissingError: Graphviz is not installed.
        KientrucError: Graphviz failed.
    """
    out, error = _run_dot(dot_binary(), to_dot(view, icons=False), "png", timeout)
    if out is None:
        raise KientrucError(f"không vẽ được sơ đồ '{view.id}': {error}")
    return out


# -- command line ----------------------------------------------------------------------------


def cmd_diagram(args: argparse.Namespace) -> int:
    """``kientruc diagram cqdt/2.0 overall -o so-do.svg``: draw one diagram."""
    import sys

    from ..model.load import load_model
    from ..paths import SitePaths
    from ..views.view import named_view
    from .embed import resolve_links

    arch = Path(args.arch)
    if not arch.is_dir():
        raise UsageError(f"không tìm thấy thư mục '{arch}'")
    model = load_model(arch, repo_root=Path.cwd())
    snapshot = model.snapshots.get(args.version)
    if snapshot is None:
        raise UsageError(f"không có phiên bản '{args.version}'; có: {', '.join(model.snapshots)}")
    try:
        view = named_view(model, snapshot, args.view, SitePaths())
    except KeyError as error:
        raise UsageError(str(error.args[0])) from error
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output else "svg")
    if fmt not in ("svg", "png"):
        raise UsageError(f"định dạng '{fmt}' không được hỗ trợ; chọn svg hoặc png")
    if fmt == "png":
        if not args.output:
            raise UsageError("ảnh PNG cần tên tệp đầu ra: -o TỆP.png")
        Path(args.output).write_bytes(render_png(view))
        return 0
    result = render_svgs([to_dot(view)], SvgCache(None))[0]
    if result.svg is None:
        raise KientrucError(f"không vẽ được sơ đồ '{view.id}': {result.error}")
    svg = resolve_links(result.svg, "index.md") + "\n"
    if args.output:
        Path(args.output).write_text(svg, encoding="utf-8")
    else:
        sys.stdout.write(svg)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kientruc diagram`` to the command line."""
    p = sub.add_parser("diagram", help="vẽ một sơ đồ của một phiên bản kiến trúc")
    p.add_argument("version", help="phiên bản, ví dụ cqdt/2.0")
    p.add_argument("view", help="overall, integration, smart-city, hoặc mã một thành phần")
    p.add_argument("-o", "--output", help="tệp đầu ra (mặc định: in SVG ra màn hình)")
    p.add_argument("--format", choices=["svg", "png"], default=None)
    p.add_argument("--arch", default="arch", help="thư mục mã nguồn kiến trúc (mặc định: arch)")
    p.set_defaults(handler=cmd_diagram)
