"""DOT → SVG with Graphviz: the disk cache, parallel and batched runs, PNG for the CLI."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import sealed
from ..errors import GraphvizMissingError, KientrucError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..views.view import View
from .dot import to_dot
from .svg import ICONS_DIR, _icons_digest, clean_svg

RENDERER_VERSION = "kientruc-draw-1"
"""Part of every cache key: bump it when the DOT→SVG clean-up changes."""


MAX_SVG_BYTES = 300_000


DEFAULT_TIMEOUT = 60.0


MISSING_MESSAGE = ("không tìm thấy Graphviz (lệnh 'dot'), cần để vẽ sơ đồ: hãy cài đặt Graphviz, "
                   "ví dụ 'sudo apt-get install graphviz'")


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

    @staticmethod
    def view_key(view: View) -> str:
        """Cache key of a view's SVG: its inputs, without making its DOT text.

        A view is a frozen tree of strings, numbers and tuples, so its ``repr`` is the whole
        of what :func:`to_dot` reads from it, and is the same in every process. Making the
        DOT of every view only to look it up cost a national-size site about 11 s per build
        when two diagrams had changed; the ``repr`` of all of them costs a fraction of a
        second. The code that turns a view into an SVG is part of the key
        (:func:`drawing_digest`).
        """
        data = f"{drawing_digest()}\0{view!r}".encode()
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
        svg = sealed.read(path)
        if svg is not None and not (svg.startswith("<svg") and svg.endswith("</svg>")):
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
        if path is not None:
            sealed.write(path, svg)


@cache
def drawing_digest() -> str:
    """What turns a view into an SVG besides the view itself, as one digest.

    The source of the drawing modules and of what they read (:mod:`kientruc.views.view`, the
    metamodel's colours and icons), the icon set, the renderer version and the versions of
    the ``diagrams`` and ``graphviz`` libraries. Modules are found through their import, so a
    move does not break the key.
    """
    from .. import metamodel
    from ..views import view
    from . import dot, svg

    hasher = hashlib.sha256(f"{RENDERER_VERSION}\0{_icons_digest()}".encode())
    for module in (dot, svg, sys.modules[__name__], view, metamodel):
        hasher.update(Path(str(module.__file__)).read_bytes() + b"\0")
    for library in ("diagrams", "graphviz"):
        try:
            hasher.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{library}=\0".encode())
    return hasher.hexdigest()


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
    return _render_keyed([cache.key(dot) for dot in dots], dots.__getitem__, cache,
                         workers=workers, timeout=timeout)


def render_views(views: Sequence[View], cache: SvgCache, *, workers: int | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> list[Rendered]:
    """:func:`render_svgs` for views: keyed on the view (:meth:`SvgCache.view_key`).

    The DOT text is made only for the views the cache does not hold.
    """
    return _render_keyed([cache.view_key(view) for view in views],
                         lambda i: to_dot(views[i]), cache, workers=workers, timeout=timeout)


def _render_keyed(keys: list[str], dot_of: Callable[[int], str], cache: SvgCache, *,
                  workers: int | None, timeout: float) -> list[Rendered]:
    """Reuse the cached SVG of each key; draw the others from ``dot_of(index)``."""
    found = {key: svg for key in dict.fromkeys(keys) if (svg := cache.get(key)) is not None}
    todo: dict[str, str] = {}
    for i, key in enumerate(keys):
        if key not in found and key not in todo:
            todo[key] = dot_of(i)
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
