"""``mkdocs serve`` with broken sources keeps serving the last good pages (issue 11, item 6).

Before, one broken YAML file turned every version page into a 404 until it was fixed.
"""

from __future__ import annotations

import errno
import re
from typing import TYPE_CHECKING

import pytest
from sitebuild import make_site

if TYPE_CHECKING:
    from pathlib import Path

FAST = "diagrams: false, downloads: false, background: false"


# -- mkdocs serve with broken sources ------------------------------------------------------------


def _article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def test_serve_keeps_the_last_good_pages_while_sources_are_broken(tmp_path: Path) -> None:
    """As ``mkdocs serve`` does: one ``on_startup``, then a fresh config for every rebuild."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_site(tmp_path / "src", options=FAST)
    site = tmp_path / "served"

    def rebuild() -> None:
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))

    first = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first)
        pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
        version_pages = [p for p in pages if p.parts[:1] == ("kien-truc",) and len(p.parts) > 2]
        assert version_pages
        sample = site / version_pages[len(version_pages) // 2]
        good = sample.read_text(encoding="utf-8")
        yaml = root / "arch" / "demo" / "2.0" / "thanh-phan.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8") + "\n  - {id: Bad Id, type: node, "
                        "name: {vi: X}, provenance: illustrative}\n", encoding="utf-8")
        rebuild()
        assert sorted(p.relative_to(site) for p in site.rglob("*.html")) == pages  # no 404
        home = (site / "kien-truc" / "index.html").read_text(encoding="utf-8")
        assert "Lỗi trong mã nguồn kiến trúc" in home and "Bad Id" in home
        assert "bản dựng hợp lệ gần nhất" in home
        stale = sample.read_text(encoding="utf-8")
        assert "kientruc-stale" in stale  # the banner
        banner = stale[stale.index('<div class="admonition danger kientruc-stale"'):
                       stale.index("</div>", stale.index("kientruc-stale")) + 6]
        assert _article(stale.replace(banner, "")) == _article(good)  # same content as before
        assert "arch/demo/2.0/thanh-phan.yaml:" in banner and "Bad Id" in banner  # the cause
        target = re.search(r'<a href="([^"]+)">Xem danh sách lỗi</a>', banner)
        assert target is not None  # and a link to the full list, relative to the page
        assert (sample.parent / target.group(1)).resolve() == (site / "kien-truc").resolve()
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("Bad Id", "bad-id"),
                        encoding="utf-8")
        rebuild()
        assert "kientruc-stale" not in sample.read_text(encoding="utf-8")
        assert "Lỗi trong" not in (site / "kien-truc" / "index.html").read_text(encoding="utf-8")
    finally:
        first.plugins.on_shutdown()


def test_publish_on_a_full_disk_is_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from kientruc.cli import main
    from kientruc.cli import publish as cli_publish

    def full(**kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/x")

    monkeypatch.setattr(cli_publish, "publish", full)
    (tmp_path / "site").mkdir()
    assert main(["publish", "--to", str(tmp_path), "--no-build",
                 "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "không xuất bản được" in err and "No space left on device" in err
    assert "Traceback" not in err


def test_an_overlong_version_number_is_refused(tmp_path: Path) -> None:
    from conftest import BASE_VERSION, with_base, write_files
    from kientruc.errors import ModelError
    from kientruc.model import load_model

    long_version = "2." + "0" * 40
    text = BASE_VERSION.replace('version: "2.0"', f'version: "{long_version}"')
    assert text != BASE_VERSION
    write_files(tmp_path, with_base({"arch/cqdt/2.0/version.yaml": text}))
    with pytest.raises(ModelError) as info:
        load_model(tmp_path / "arch", repo_root=tmp_path)
    assert any("version" in p.where and ("16" in p.message) for p in info.value.problems)


def test_the_error_page_shows_messages_as_written_and_links_each_to_its_line() -> None:
    import markdown
    from kientruc.build.broken import error_pages
    from kientruc.errors import ModelError, Problem

    problem = Problem(file="arch/cqdt/2.0/ung-dung.yaml", line=12, column=5,
                      where="elements[3].name", message="văn bản chứa mã HTML '<b>' (a*b_c\\d)")
    pages, _ = error_pages(ModelError([problem]), "kien-truc",
                           source_link=lambda f, n: f"https://example.org/r/blob/main/{f}#L{n}")
    html = markdown.markdown(pages[0].content.split("---", 2)[2])
    assert ('<a href="https://example.org/r/blob/main/arch/cqdt/2.0/ung-dung.yaml#L12">'
            "<code>arch/cqdt/2.0/ung-dung.yaml:12:5</code></a>") in html
    import html as entities

    shown = entities.unescape(re.sub(r"<[^>]+>", "", html))  # the text a reader sees
    assert "elements[3].name: văn bản chứa mã HTML '<b>' (a*b_c\\d)" in shown
    assert "&amp;" not in html and "<b>" not in html  # escaped once, no tag made


def test_the_banner_names_the_first_problems_as_written_and_links_to_the_list() -> None:
    from kientruc.build.broken import BANNER_PROBLEMS, stale_banner
    from kientruc.errors import ModelError, Problem

    problems = [Problem(file=f"arch/cqdt/2.0/f{i}.yaml", line=i + 1, column=3, where="",
                        message=f"lỗi {i} <script>alert(1)</script> **x**") for i in range(5)]
    banner = stale_banner(ModelError(problems), "kien-truc", "kien-truc/cqdt/2.0/index.md",
                          directory_urls=False,
                          source_link=lambda f, n: f"https://example.org/blob/main/{f}#L{n}")
    assert banner.count("<li>") == BANNER_PROBLEMS == 3
    assert "đang có 5 lỗi" in banner and '<a href="../../index.html">Xem đủ 5 lỗi</a>' in banner
    assert ('<a href="https://example.org/blob/main/arch/cqdt/2.0/f0.yaml#L1">'
            "<code>arch/cqdt/2.0/f0.yaml:1:3</code></a>: lỗi 0 &lt;script&gt;") in banner
    assert "<script>" not in banner and "**x**" in banner  # shown as written, not run or read
    assert "f3.yaml" not in banner


def test_source_links_follow_repo_url_and_edit_uri(tmp_path: Path) -> None:
    from kientruc.plugin import _source_link
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nrepo_url: https://github.com/tinh/kien-truc\nedit_uri: edit/main/docs/\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    link = _source_link(config)
    assert link is not None
    assert link("arch/cqdt/2.0/du an.yaml", 7) == (
        "https://github.com/tinh/kien-truc/blob/main/arch/cqdt/2.0/du%20an.yaml#L7")
