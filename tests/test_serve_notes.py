"""``mkdocs serve`` says in one line what a save changed and what the rebuild redid (issue 16)."""

from __future__ import annotations

import logging
import re
import shutil
from typing import TYPE_CHECKING

from kientruc.build.serve_notes import ServeNotes, model_edits
from kientruc.model import load_model
from sitebuild import FIXTURE, make_site

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "arch" / "demo" / "2.0" / "thanh-phan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_edits_between_two_loads_are_named(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "arch")
    before = load_model(tmp_path / "arch", repo_root=tmp_path)
    assert model_edits(before, before) == "không có thành phần nào thay đổi"
    _edit(tmp_path, "name: {vi: Trung tâm dữ liệu tỉnh}", "name: {vi: Trung tâm dữ liệu}")
    after = load_model(tmp_path / "arch", repo_root=tmp_path)
    assert model_edits(before, after) == "demo/2.0: sửa node.ttdl (tên)"
    _edit(tmp_path, "elements:\n", "elements:\n  - {id: org.moi, type: organization, "
                                   "name: {vi: Sở Mới}, level: tinh, org_type: so, "
                                   "provenance: illustrative}\n")
    moved = load_model(tmp_path / "arch", repo_root=tmp_path)  # every element one line lower
    assert model_edits(after, moved) == "demo/2.0: thêm org.moi"
    assert model_edits(moved, after) == "demo/2.0: bỏ org.moi"


def test_a_build_outside_serve_keeps_no_model_and_says_the_cache_line() -> None:
    notes = ServeNotes(serving=False)
    notes.loaded(object())  # type: ignore[arg-type]
    assert notes.previous is None
    assert notes.line(None, None) == ""


def test_each_serve_rebuild_logs_one_line_saying_what_changed(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """As ``mkdocs serve`` does: one ``on_startup``, then a fresh config for every rebuild."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_site(tmp_path / "src", options="downloads: false, background: false")
    site = tmp_path / "served"

    def rebuild() -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kientruc"):
            build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
        return [r.getMessage().removeprefix("kientruc: ") for r in caplog.records
                if r.name.startswith("mkdocs.plugins.kientruc")]

    first = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first)
        _edit(root, "name: {vi: Trung tâm dữ liệu tỉnh}", "name: {vi: Trung tâm dữ liệu}")
        lines = rebuild()
        assert len(lines) == 1, lines
        assert lines[0].startswith("đã cập nhật bản xem trước: demo/2.0: sửa node.ttdl (tên")
        counts = re.fullmatch(r".* — (\d+) trang tạo lại, (\d+) lấy lại, (\d+) sơ đồ vẽ mới",
                              lines[0])
        assert counts is not None, lines[0]
        changed, reused, drawn = (int(n) for n in counts.groups())
        assert 0 < changed < reused  # the pages that show the name, not the whole site
        assert drawn > 0  # the diagrams that show the name
        assert rebuild() == ["đã cập nhật bản xem trước: không có thành phần nào thay đổi — "
                             f"0 trang tạo lại, {changed + reused} lấy lại, 0 sơ đồ vẽ mới"]
        _edit(root, "id: node.ttdl", "id: Node TTDL")
        lines = rebuild()
        assert lines[-1].startswith("mã nguồn kiến trúc có ")
        assert not any("đã cập nhật" in line for line in lines)
    finally:
        first.plugins.on_shutdown()
