"""The downloads of the whole site, made once per version and cached between builds.

:mod:`kientruc.downloads` makes one version's files; this module adds what the site needs
around it: the PDF handbook's chapter diagrams (taken from the drawn pages by view id), its
comparison appendix, and a disk cache keyed by the version's content and the code that makes
the files, because the PDF and the ArchiMate file are the slowest part of a build.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import threading
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import KientrucError
from ..exports.formats import model_json_schema, version_downloads
from ..exports.model_json import external_references, model_json

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model.types import Model, Snapshot
    from ..paths import SitePaths

class Log(Protocol):
    """What serving a download needs from a logger."""

    def error(self, msg: str, /, *args: object) -> None:
        """Report a download that could not be made."""


DOWNLOADS_CODE = ("kientruc.build.downloads", "kientruc.exports", "kientruc.compare",
                  "kientruc.labels", "kientruc.metamodel")
"""Modules and packages whose code is part of the download cache key (found by import, so a
moved file cannot break the key)."""


def version_diagrams(snapshot: Snapshot, rendered: dict[str, tuple[str | None, str | None]],
                     ) -> list[tuple[str, str]]:
    """The chapter diagrams of a version as (chapter title, SVG) for the PDF handbook.

    The SVGs were drawn for the chapter pages; they are found by view id, without building
    the views a second time.
    """
    return [(title, svg) for title, view in handbook_views(snapshot)
            if (svg := rendered.get(view, (None, None))[0])]


HANDBOOK_DIAGRAMS = {"overall": "tong-the", "integration": "lien-thong",
                     "smart-city": "tham-chieu-ict"}
"""Chapter diagram → view kind of the diagrams the PDF handbook shows."""


def handbook_views(snapshot: Snapshot) -> list[tuple[str, str]]:
    """(chapter title, view id) of each diagram the handbook of a version shows."""
    from ..views.view import view_id

    return [(chapter.title, view_id(snapshot.key, HANDBOOK_DIAGRAMS[chapter.diagram]))
            for chapter in snapshot.framework.chapters if chapter.diagram in HANDBOOK_DIAGRAMS]


def handbook_view_ids(model: Model) -> frozenset[str]:
    """Every view any version's handbook shows (kept in memory while the site is drawn)."""
    return frozenset(view for snapshot in model.snapshots.values()
                     for _, view in handbook_views(snapshot))


def comparison_rows(model: Model, snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """The appendix of the handbook: every change against the version it supersedes."""
    previous = model.snapshots.get(snapshot.supersedes or "")
    if previous is None:
        return []
    from ..compare.diff import compare
    from ..compare.render import describe_change

    comparison = compare(model, previous, snapshot)
    rows = []
    for change in comparison.changes:
        element = snapshot.elements.get(change.new_id or "") or previous.elements.get(
            change.old_id or "")
        name = element.name_vi if element else (change.new_id or change.old_id or "")
        rows.append((change.kind.value, name, describe_change(model, comparison, change)))
    return rows


def site_downloads(model: Model, paths: SitePaths,
                   rendered: dict[str, tuple[str | None, str | None]],
                   cache_dir: Path | None,
                   repaired: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Every version's downloads by site path; the slow PDF is cached by its inputs' digest.

    Args:
        model: The model.
        paths: Page locations.
        rendered: ``{view id: (svg, error)}`` holding at least :func:`handbook_view_ids`.
        cache_dir: Where finished downloads are kept between builds, or ``None``.
        repaired: Told (in Vietnamese) of each damaged cache entry that was remade.

    Returns:
        ``{source path: bytes}``: the JSON Schema, then each version's files.
    """
    out = {paths.download_schema(): model_json_schema()}
    for snapshot in model.snapshots.values():
        out.update(_version_files(model, paths, snapshot, rendered, cache_dir, repaired))
    return out


def _version_files(model: Model, paths: SitePaths, snapshot: Snapshot,
                   rendered: dict[str, tuple[str | None, str | None]], cache_dir: Path | None,
                   repaired: Callable[[str], None] | None) -> dict[str, bytes]:
    rows = comparison_rows(model, snapshot)
    diagrams = version_diagrams(snapshot, rendered)
    make = partial(version_downloads, model, snapshot, comparison_rows=rows, diagrams=diagrams)
    files = _cached_downloads(model, snapshot, rows, diagrams, cache_dir, make, repaired)
    return {paths.download(snapshot.key, name): data for name, data in files.items()}


def download_srcs(paths: SitePaths, names: dict[str, list[str]]) -> list[str]:
    """Site paths of every download: the JSON Schema, then each version's files by name."""
    return [paths.download_schema(), *(paths.download(key, name)
                                       for key, found in names.items() for name in found)]


class LazyDownloads:
    """The downloads of a ``mkdocs serve`` rebuild, made when a browser asks for one.

    An editor previewing a change rarely downloads the PDF handbook, which takes seconds to
    make for each changed version; the preview's pages link to the files as usual, and a
    version's files are made (or taken from the disk cache) on the first request for one of
    them. Requests come from the server's threads, hence the lock.
    """

    def __init__(self, model: Model, paths: SitePaths, names: dict[str, list[str]],
                 rendered: dict[str, tuple[str | None, str | None]],
                 cache_dir: Path | None) -> None:
        """Keep what making the files needs (``names``: each version's download names)."""
        self._model, self._paths, self._rendered = model, paths, rendered
        self._cache_dir = cache_dir
        self.srcs = download_srcs(paths, names)
        self._version = {paths.download(key, name): key
                         for key, found in names.items() for name in found}
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __contains__(self, src: object) -> bool:
        return src in self._version or src == self.srcs[0]

    def get(self, src: str) -> bytes | None:
        """The file at site path ``src``; ``None`` when it is not a download."""
        with self._lock:
            if src not in self._made:
                if src == self.srcs[0]:
                    self._made[src] = model_json_schema()
                elif src in self._version:
                    snapshot = self._model.snapshots[self._version[src]]
                    self._made.update(_version_files(self._model, self._paths, snapshot,
                                                     self._rendered, self._cache_dir, None))
            return self._made.get(src)


@cache
def _downloads_code() -> str:
    """Digest of the code that makes the downloads: a cached PDF is stale when it changes."""
    digest = hashlib.sha256()
    for name in DOWNLOADS_CODE:
        module = importlib.import_module(name)
        origin = Path(module.__spec__.origin or "")  # type: ignore[union-attr]
        files = sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
        for path in files:
            digest.update(path.relative_to(origin.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cached_downloads(model: Model, snapshot: Snapshot, rows: list[tuple[str, str, str]],
                      diagrams: list[tuple[str, str]], cache_dir: Path | None,
                      make: Callable[[], dict[str, bytes]],
                      repaired: Callable[[str], None] | None) -> dict[str, bytes]:
    if cache_dir is None:
        return make()
    digest = hashlib.sha256()
    # model.json names the elements outside the version only; the handbook and the ArchiMate
    # file print more of them (a document's title, its number), so they are keyed whole.
    outside = repr(list(external_references(model, snapshot).items()))
    for part in (_downloads_code(), model_json(model, snapshot).decode(), outside, repr(rows),
                 *(f"{t}\0{svg}" for t, svg in diagrams), os.environ.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode())
        digest.update(b"\0")
    folder = cache_dir / "downloads" / digest.hexdigest()
    cached, damage = _read_cached(folder)
    if cached is not None:
        return cached
    if damage and repaired is not None:
        repaired(f"tệp tải về '{damage}' của phiên bản {snapshot.key} trong bộ nhớ đệm bị hỏng; "
                 "đã tạo lại")
    files = make()
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    (tmp / "MANIFEST").write_text(
        "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items()),
        encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return files


def _read_cached(folder: Path) -> tuple[dict[str, bytes] | None, str]:
    """The cached files of ``folder`` if each still has the digest its manifest records.

    A file changed or cut short on disk (a full disk, a crash, a hand edit) is a cache miss:
    the downloads are made again and the damaged entry replaced. Returns the files, or
    ``None`` and the name of the first damaged file (empty when nothing was cached).
    """
    manifest = folder / "MANIFEST"
    if not manifest.is_file():
        return None, ""
    out: dict[str, bytes] = {}
    name = "MANIFEST"
    try:
        for line in manifest.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if not name or "/" in name:
                return None, name or "MANIFEST"
            data = (folder / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                return None, name
            out[name] = data
    except (OSError, UnicodeDecodeError):
        return None, name
    return (out, "") if out else (None, "MANIFEST")


def lazy_app(app: Callable[..., Any], current: Callable[[], LazyDownloads | None], *,
             mount: str, site: Path, log: Log) -> Callable[..., Any]:
    """Wrap a WSGI application serving ``site`` so that a download is made before it is served.

    ``current()`` gives the downloads of the last good build (``None`` before there is one);
    a file that cannot be made is reported and served as it is (empty).
    """

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        src = path[len(mount):] if path.startswith(mount) else ""
        lazy = current()
        if lazy is not None and src in lazy:
            try:
                data = lazy.get(src)
            except KientrucError as error:
                log.error("%s", error)
                data = None
            if data is not None:
                (site / src).parent.mkdir(parents=True, exist_ok=True)
                (site / src).write_bytes(data)
        return app(environ, start_response)

    return serve
