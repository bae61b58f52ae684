"""Incremental builds: a build that reuses the page cache gives the same bytes as a clean one.

A table of edits is applied one after the other to one site, each followed by a build that
reuses the page cache of the builds before it; a copy of the same sources is then built with
no page cache, and every file of the two sites is compared. The log line of the page cache
says how much was reused, which shows that the cache is really used (a test passing because
nothing was ever reused would prove nothing).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild import build_site, make_site

if TYPE_CHECKING:
    import pytest

ELEMENTS = "arch/demo/2.0/thanh-phan.yaml"

ADDED = """\
  - id: db.ho-so-cong-viec
    type: database
    name: {vi: Cơ sở dữ liệu hồ sơ công việc}
    scope: noi-bo
    owner: org.so-tttt
    provenance: illustrative
  - id: db.van-ban-den
    type: database
    name: {vi: Cơ sở dữ liệu văn bản đến}
    scope: noi-bo
    owner: org.so-tttt
    provenance: illustrative
"""

REMOVED = ADDED[ADDED.index("  - id: db.van-ban-den"):]

EDITS: list[tuple[str, str, str, str]] = [
    # (what, file, old text, new text); "" as old text appends
    ("a description", ELEMENTS, "    renamed_from: app.dat-dai\n",
     "    renamed_from: app.dat-dai\n    description: Quản lý hồ sơ địa chính của tỉnh.\n"),
    ("a name", ELEMENTS, "Cơ sở dữ liệu dùng chung của tỉnh", "Cơ sở dữ liệu dùng chung tỉnh"),
    ("a relation", ELEMENTS, "data: Hồ sơ đất đai}", "data: Hồ sơ địa chính}"),
    ("two added elements", ELEMENTS, "", ADDED),
    ("a removed element", ELEMENTS, REMOVED, ""),
    ("a framework layer name", "arch/frameworks/vneaf-2.0.yaml", '"Kênh giao tiếp"',
     '"Kênh giao tiếp, tương tác"'),
    ("a common document", "arch/common/van-ban.yaml",
     "title: Ban hành Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 1.0",
     "title: Ban hành Khung Kiến trúc Chính phủ điện tử Việt Nam (phiên bản 1.0)"),
    ("a theme option", "mkdocs.yml", "features: [content.action.edit]",
     "features: [content.action.edit, navigation.top]"),
]

_REUSED = re.compile(r"(\d+) nội dung, (\d+) nguyên trang, (\d+) mục tìm kiếm \(trên (\d+) trang")


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    if old == "":
        path.write_text(text.rstrip("\n") + "\n" + new, encoding="utf-8")
        return
    assert old in text, f"{file}: the edit's old text is not there"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _reused(caplog: pytest.LogCaptureFixture) -> tuple[int, int, int, int]:
    lines = [r.getMessage() for r in caplog.records if _REUSED.search(r.getMessage())]
    assert lines, "the build did not say what it took from the page cache"
    found = _REUSED.search(lines[-1])
    assert found is not None
    content, whole, search, total = (int(g) for g in found.groups())
    return content, whole, search, total


def _clean_copy(source: Path, target: Path) -> Path:
    """The same sources in another folder, without the page cache (diagrams stay cached)."""
    for name in ("arch", "docs"):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    if (source / ".cache" / "svg").is_dir():
        shutil.copytree(source / ".cache" / "svg", target / ".cache" / "svg")
    return target


def test_incremental_builds_match_clean_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    caplog.set_level(logging.INFO)
    site = make_site(tmp_path / "edited", options="cache_dir: .cache")
    build_site(site)
    caplog.clear()
    build_site(site)  # nothing changed: every generated page is taken whole, search entries too
    content, whole, search, total = _reused(caplog)
    assert total > 30
    assert content == whole == search == total
    for step, (what, file, old, new) in enumerate(EDITS):
        _edit(site, file, old, new)
        caplog.clear()
        incremental = _digests(build_site(site))
        content, whole, _, total = _reused(caplog)
        clean = _digests(build_site(_clean_copy(site, tmp_path / f"clean-{step}")))
        assert incremental.keys() == clean.keys(), what
        differing = sorted(name for name in clean if clean[name] != incremental[name])
        assert not differing, f"after {what}, the incremental build differs in {differing[:8]}"
        if what in ("a description", "a relation"):
            # the pages that show the text re-render; most pages are reused whole
            assert whole >= total - 15, (what, whole, total)
            assert whole < total, (what, whole, total)
        if what == "a theme option":
            # the theme is part of every page: all render again, their Markdown is reused
            assert whole == 0, (what, whole)
            assert content == total, (what, content, total)


def test_a_damaged_entry_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = make_site(tmp_path / "site", options="cache_dir: .cache")
    first = _digests(build_site(site))
    entries = sorted((site / ".cache" / "pages").glob("*/*/*"))
    assert entries, "the build stored no page"
    for entry in entries:  # a build killed while writing, a disk error
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert _digests(build_site(site)) == first
    assert sorted((site / ".cache" / "pages").glob("*/*/*")) == entries


def test_a_page_that_warns_is_not_stored(tmp_path: Path) -> None:
    """A warning logged while a page is converted (a broken link, say) must come again in the
    next build, so that page is converted again rather than taken from the cache."""
    from types import SimpleNamespace

    from kientruc.build.page_cache import PageCache, PageReuse

    def page(src: str) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=src, url=src), toc=[],
                               _title_from_render="T", present_anchor_ids=set(),
                               links_to_anchors={})

    cache = PageCache(tmp_path / "pages")
    reuse = PageReuse(cache)
    reuse.generated = frozenset({"a.md", "b.md"})
    try:
        for src in ("a.md", "b.md"):
            assert reuse.read(page(src), f"# {src}") is None
            if src == "b.md":
                logging.getLogger("mkdocs.structure.pages").warning("liên kết hỏng")
            reuse.converted(page(src), f"<h1>{src}</h1>")
    finally:
        reuse.unwatch()
    again = PageReuse(cache)
    again.generated = reuse.generated
    again.unwatch()
    assert again.read(page("a.md"), "# a.md") is not None
    assert again.read(page("b.md"), "# b.md") is None


def test_prune_keeps_what_another_build_may_use(tmp_path: Path) -> None:
    """``mkdocs serve`` and ``mkdocs build`` have different entries: neither deletes the other's
    recent ones; entries nobody used for a week go."""
    import os

    from kientruc.build.page_cache import MAX_AGE, PageCache

    first = PageCache(tmp_path / "pages")
    for key in ("a" * 64, "b" * 64, "c" * 64):
        first.put_output(key, f"<html>{key[0]}</html>")
    old = first.started - MAX_AGE - 60
    for key in ("b" * 64, "c" * 64):
        os.utime(tmp_path / "pages" / "output" / key[:2] / key, (old, old))
    second = PageCache(tmp_path / "pages")
    assert second.output("c" * 64) == "<html>c</html>"  # used again: touched, kept
    assert second.prune() == 1
    left = sorted(p.name[0] for p in (tmp_path / "pages").glob("*/*/*"))
    assert left == ["a", "c"]


def test_an_entry_damaged_after_it_was_chosen_renders_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's template is chosen before the page is written; if its cached HTML cannot be
    read by then, the page is rendered as usual (same bytes), not written empty."""
    from kientruc.build.page_cache import PageCache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = make_site(tmp_path / "site", options="cache_dir: .cache")
    first = _digests(build_site(site))
    real = PageCache.output

    def vanishing(self: PageCache, key: str, *, count: bool = True) -> str | None:
        return real(self, key) if count else None

    monkeypatch.setattr(PageCache, "output", vanishing)
    assert _digests(build_site(site)) == first
