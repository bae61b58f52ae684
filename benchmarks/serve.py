"""The editor's loop: from saving a YAML file to the page showing the change in ``mkdocs serve``.

Measured over HTTP as a browser sees it: ``mkdocs serve`` is started in the site folder, the
element's page is requested until it answers (start-up), then the element's description is
changed and the page is requested every 50 ms until it holds the new text (save-to-page). The
log lines ``mkdocs serve`` printed for the last rebuild are counted too.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

REFERENCE_FILE = "arch/cqdt/2.0/an-toan-thong-tin.yaml"
REFERENCE_TEXT = "100% cơ quan nhà nước cấp tỉnh, huyện có thiết bị tường lửa lớp mạng."
REFERENCE_PAGE = "kien-truc/cqdt/2.0/thanh-phan/tb.sec.tuong-lua/"
"""The Thái Bình site's edit: one security control's description, shown on its page."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return str(answer.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def save_to_page(site: Path, file: Path, text: str, page: str, *, edits: int = 3,
                 timeout: float = 900.0, log: Path | None = None) -> dict[str, Any]:
    """Start ``mkdocs serve`` in ``site``; ``edits`` times, change ``text`` in ``file``.

    Returns ``start_s`` (start to first answer of ``page``), ``save_to_page_s`` (median),
    ``runs`` (each edit) and ``log_lines_per_rebuild`` (lines printed for the last rebuild).
    """
    from .run import ENV  # run imports this module

    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    log = log or site / "serve.log"
    original = file.read_text(encoding="utf-8")
    if text not in original:
        raise ValueError(f"{file}: the text to edit is not there")
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload"],
            cwd=site, env={**os.environ, **ENV}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            while _get(url) is None:
                if proc.poll() is not None or time.perf_counter() - started > timeout:
                    raise RuntimeError(f"mkdocs serve không khởi động được:\n"
                                       f"{log.read_text(encoding='utf-8')[-3000:]}")
                time.sleep(0.2)
            start_s = time.perf_counter() - started
            runs, current = [], text
            for number in range(1, edits + 1):
                marker = f"{text} Sửa lần {number} để đo."
                lines_before = len(log.read_text(encoding="utf-8").splitlines())
                file.write_text(file.read_text(encoding="utf-8").replace(current, marker, 1),
                                encoding="utf-8")
                saved = time.perf_counter()
                while True:
                    body = _get(url)
                    if body is not None and marker in body:
                        break
                    if time.perf_counter() - saved > timeout:
                        raise RuntimeError("trang không cập nhật sau khi sửa")
                    time.sleep(0.05)
                runs.append(round(time.perf_counter() - saved, 3))
                current = marker
                time.sleep(1.0)  # let the server finish logging the rebuild
            lines = log.read_text(encoding="utf-8").splitlines()[lines_before:]
        finally:
            os.killpg(proc.pid, 15)
            proc.wait()
            file.write_text(original, encoding="utf-8")
    return {"start_s": round(start_s, 3), "save_to_page_s": statistics.median(runs),
            "runs": runs,
            "log_lines_per_rebuild": sum(1 for line in lines if line.strip())}


def reference_site(work: Path, *, timeout: float = 900.0) -> dict[str, Any]:
    """The Thái Bình site: a warm ``mkdocs build`` after a one-field edit, then the serve loop.

    The repository's ``mkdocs.yml``, ``docs/``, ``overrides/``, ``arch/`` and ``plugins/`` are
    copied into ``work`` so that the edits never touch the working tree.
    """
    from .run import measured

    site = work / "reference"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for name in ("docs", "overrides", "arch", "plugins"):
        shutil.copytree(ROOT / name, site / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"]
    cold = measured(build, site, site / "cold.log", timeout)
    file = site / REFERENCE_FILE
    file.write_text(file.read_text(encoding="utf-8").replace(
        REFERENCE_TEXT, REFERENCE_TEXT + " Sửa để đo.", 1), encoding="utf-8")
    warm = measured(build, site, site / "warm.log", timeout)
    file.write_text(file.read_text(encoding="utf-8").replace(" Sửa để đo.", "", 1),
                    encoding="utf-8")
    serve = save_to_page(site, file, REFERENCE_TEXT, REFERENCE_PAGE, timeout=timeout)
    return {"size": "TB", "status": "ok", "cold": cold, "warm": warm, "serve": serve,
            "serve_vs_warm": round(serve["save_to_page_s"] / warm["wall_s"], 3)}
