"""The second half of a build in a forked process: same site, errors reported, nothing left."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest
from kientruc.build import pipeline
from kientruc.build.background import LateStore, in_background, ready, scratch_folder
from kientruc.errors import KientrucError
from mkdocs.exceptions import Abort
from sitebuild import build_site, make_site

BLOCKS = [("a.md", [("<!-- x -->", "<svg>Sơ đồ</svg>"), ("<!-- y -->", "")]),
          ("b.md", [("<!-- z -->", "Tiếng Việt " * 100)])]


@pytest.mark.parametrize("on_disk", [False, True])
def test_late_store_gives_back_each_page_s_blocks(tmp_path: Path, on_disk: bool) -> None:
    store = LateStore.write(BLOCKS, tmp_path / "late.bin" if on_disk else None)
    again = pickle.loads(pickle.dumps(store))  # what the forked process sends back
    for page, blocks in BLOCKS:
        assert again.blocks(page) == tuple(blocks)
        assert page in again
    assert again.blocks("c.md") == ()
    assert len(again) == 2
    again.close()


def test_background_result_and_errors_come_back(tmp_path: Path) -> None:
    def work(folder: Path) -> str:
        (folder / "out.txt").write_text("xong", encoding="utf-8")
        return "kết quả"

    pending = in_background(work, scratch_folder(tmp_path))
    assert pending.wait() == "kết quả"
    folder = pending.folder
    assert folder is not None
    assert (folder / "out.txt").read_text(encoding="utf-8") == "xong"
    pending.close()
    assert not folder.exists()

    def fails(folder: Path) -> str:
        raise KientrucError("không tìm thấy Graphviz")

    with pytest.raises(KientrucError, match=r"^không tìm thấy Graphviz$"):
        in_background(fails, scratch_folder(tmp_path)).wait()

    def crashes(folder: Path) -> str:
        return str(1 / 0)

    with pytest.raises(KientrucError, match=r"lỗi nội bộ.*ZeroDivisionError"):
        in_background(crashes, scratch_folder(tmp_path)).wait()
    assert ready(3).wait() == 3


def test_scratch_left_by_a_dead_build_is_removed(tmp_path: Path) -> None:
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f"build-{gone}-abc"
    stale.mkdir()
    mine = scratch_folder(tmp_path)
    assert not stale.exists()
    assert mine.exists()
    assert scratch_folder(tmp_path) != mine
    assert mine.exists(), "a live build's folder is kept"


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_background_build_makes_the_same_site_and_leaves_no_scratch(tmp_path: Path,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inline = build_site(make_site(tmp_path / "a", options="background: false"))
    forked = build_site(make_site(tmp_path / "b", options="background: true"))
    monkeypatch.setattr(pipeline, "SPILL_BYTES", 0)  # as a national-size model: pages on disk
    spill, spills = pipeline._spill, []
    monkeypatch.setattr(pipeline, "_spill", lambda *a: spills.append(a) or spill(*a))
    spilled = build_site(make_site(tmp_path / "c", options="background: true"))
    assert len(spills) > 20
    first, second = _digests(inline), _digests(forked)
    assert any(name.endswith("so-tay.pdf") for name in second)
    assert first == second == _digests(spilled)
    open_data = (forked / "kien-truc" / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    assert "kt-size" not in open_data and " KB</td>" in open_data
    assert not list((tmp_path / "b" / ".cache" / "kientruc" / "tmp").iterdir())


def test_diagram_warnings_from_the_background_fail_a_strict_build(tmp_path: Path,
                                                                  monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    broken = bin_dir / "dot"
    broken.write_text("#!/bin/sh\necho 'Error: hỏng' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    root = make_site(tmp_path / "s", options="background: true, downloads: false")
    with pytest.raises(Abort, match="warning"):
        build_site(root, strict=True)
