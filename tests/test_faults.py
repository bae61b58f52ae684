"""Faults an editor or an operator can cause: each is detected, told clearly, and recovered."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild import build_site, make_site

if TYPE_CHECKING:
    import pytest


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
