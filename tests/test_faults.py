"""Faults an editor or an operator can cause: each is detected, told clearly, and recovered."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import build_site, make_site


def test_a_corrupted_download_in_the_cache_is_remade(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path / "s", options="diagrams: false")
    site = build_site(root)
    good = {p.relative_to(site): p.read_bytes() for p in site.rglob("tai-ve/*.csv")}
    assert good
    cached = sorted((root / ".cache" / "kientruc" / "downloads").rglob("*.csv"))
    assert cached, "the downloads are cached between builds"
    for path in cached:
        path.write_bytes(b"garbage;\x00\xff")
    with caplog.at_level(logging.INFO):
        site = build_site(root)
    again = {p.relative_to(site): p.read_bytes() for p in site.rglob("tai-ve/*.csv")}
    assert again == good
    assert any("bị hỏng" in r.getMessage() and ".csv" in r.getMessage() for r in caplog.records)
    assert all(b"garbage" not in p.read_bytes() for p in cached), "the cache entry is repaired"


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_build_swaps_in_a_finished_site_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    root = make_site(tmp_path / "s", options="diagrams: false, downloads: false")
    site = build_site(root)
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    stale = root / ".site.kientruc-new-999999"  # left by a build that was killed
    stale.mkdir()
    build_site(root)
    assert not stale.exists()


def test_a_full_disk_keeps_the_old_site_and_says_so(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs import utils
    from mkdocs.exceptions import Abort

    root = make_site(tmp_path / "s", options="diagrams: false, downloads: false")
    before = _site_files(build_site(root))
    real = utils.write_file
    calls = {"n": 0}

    def full(content: bytes, output_path: str) -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(content, output_path)

    monkeypatch.setattr(utils, "write_file", full)
    with pytest.raises(Abort) as info:
        build_site(root)
    assert "đĩa đã đầy" in str(info.value) and "trang web cũ" in str(info.value)
    assert _site_files(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_an_unwritable_site_folder_is_one_message(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    root = make_site(tmp_path / "s", options="diagrams: false, downloads: false")
    real = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if ".kientruc-new-" in self.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "không có quyền ghi" in errors[0], errors
    assert not (root / "site").exists()


def test_a_site_folder_that_cannot_be_made_gives_no_traceback(tmp_path: Path) -> None:
    root = make_site(tmp_path / "s", options="diagrams: false, downloads: false")
    (tmp_path / "tep").write_text("not a folder", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
         "-d", str(tmp_path / "tep" / "site")],
        cwd=root, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "không ghi được trang web vào" in proc.stderr


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}  # a zombie no longer runs; nobody may be reaping it here


PARENTS = {
    "background": """
import sys, time
from pathlib import Path
from kientruc.build.background import in_background, scratch_folder
pending = in_background(lambda folder: time.sleep(120), scratch_folder(Path(sys.argv[1])))
print(pending._pid, flush=True)
time.sleep(120)
""",
    "publish": """
import os, subprocess, sys, time
from kientruc.build import lifetime
parent = os.getpid()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         preexec_fn=lambda: lifetime.die_with_parent(parent))
print(child.pid, flush=True)
time.sleep(120)
""",
}


@pytest.mark.skipif(sys.platform != "linux", reason="the build forks only on Linux")
@pytest.mark.parametrize("kind", sorted(PARENTS))
def test_kill_9_of_the_build_kills_its_child(tmp_path: Path, kind: str) -> None:
    with subprocess.Popen([sys.executable, "-c", PARENTS[kind], str(tmp_path)],
                          stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child)
        parent.kill()  # SIGKILL: the parent can do nothing about its children
    deadline = time.monotonic() + 10
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child)
