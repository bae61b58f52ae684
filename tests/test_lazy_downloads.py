"""``mkdocs serve`` rebuilds make the downloads when they are asked for, with the same bytes."""

from __future__ import annotations

import logging
from pathlib import Path

from kientruc.build.downloads import LazyDownloads, lazy_app, site_downloads
from kientruc.build.pipeline import LAZY_SIZE, start_site
from kientruc.exports.formats import download_names
from kientruc.model import load_model
from kientruc.paths import SitePaths
from kientruc.site.plan import SiteOptions
from sitebuild import FIXTURE

LOG = logging.getLogger("test-lazy")


def test_a_lazy_download_has_the_bytes_a_build_makes(tmp_path: Path) -> None:
    model = load_model(FIXTURE, repo_root=FIXTURE.parent)
    paths = SitePaths("kien-truc")
    names = {key: download_names(s) for key, s in model.snapshots.items()}
    made = site_downloads(model, paths, {}, None)
    lazy = LazyDownloads(model, paths, names, {}, tmp_path / "cache")
    assert set(made) and all(src in lazy for src in made)
    assert "kien-truc/demo/2.0/index.md" not in lazy
    for src, data in made.items():
        assert lazy.get(src) == data, src


def test_the_server_gets_the_file_before_it_serves_it(tmp_path: Path) -> None:
    model = load_model(FIXTURE, repo_root=FIXTURE.parent)
    paths = SitePaths("kien-truc")
    names = {key: download_names(s) for key, s in model.snapshots.items()}
    lazy = LazyDownloads(model, paths, names, {}, None)
    site = tmp_path / "site"
    src = paths.download("demo/2.0", "model.json")
    (site / src).parent.mkdir(parents=True)
    (site / src).write_bytes(b"")  # the rebuild's empty placeholder
    seen: list[str] = []

    def app(environ: dict[str, str], start_response: object) -> list[bytes]:
        seen.append(environ["PATH_INFO"])
        path = site / environ["PATH_INFO"].lstrip("/")
        return [path.read_bytes() if path.is_file() else b"<html>"]

    served = lazy_app(app, lambda: lazy, mount="/", site=site, log=LOG)
    body = served({"PATH_INFO": "/" + src}, None)
    assert body == [lazy.get(src)] and body[0].startswith(b"{")
    served({"PATH_INFO": "/kien-truc/demo/2.0/"}, None)  # pages pass through untouched
    assert seen == ["/" + src, "/kien-truc/demo/2.0/"]
    assert not (site / "kien-truc/demo/2.0/index.html").exists()


def test_a_serve_rebuild_leaves_downloads_for_later(tmp_path: Path) -> None:
    started = start_site(arch_dir=FIXTURE, repo_root=FIXTURE.parent,
                         options=SiteOptions(output_dir="kien-truc", diagrams=False),
                         cache_dir=None, memory={}, downloads=True, log=LOG,
                         lazy_downloads=True)
    finished = started.pending.wait()
    try:
        assert finished.lazy is not None
        downloads = [f for f in started.files if f.src in finished.lazy]
        assert downloads and all(f.content == b"" for f in downloads)
        sizes = finished.late.blocks("kien-truc/du-lieu-mo.md")
        assert sizes and all(html == LAZY_SIZE for _, html in sizes)
    finally:
        finished.late.close()
