"""Pages of a version that a newer one replaced say so first and link to the newest."""

from __future__ import annotations

from pathlib import Path

from kientruc.model import load_model
from kientruc.site.plan import SiteOptions, plan_site

SAMPLE = Path(__file__).parent / "fixtures" / "sample_arch"


def _pages() -> dict[str, str]:
    plan = plan_site(load_model(SAMPLE), SiteOptions(diagrams=False))
    return {p.src: p.content for p in plan.pages if isinstance(p.content, str)}


def test_every_page_of_an_older_version_starts_with_the_notice() -> None:
    pages = _pages()
    old = [src for src in pages if src.startswith("kien-truc/demo/1.0/") and src.endswith(".md")]
    assert len(old) > 5
    for src in old:
        body = pages[src].split("\n# ", 1)[-1]
        title_end = body.index("\n")
        assert body[title_end:].lstrip().startswith('!!! warning "Phiên bản cũ"'), src
    newest = [src for src in pages if src.startswith("kien-truc/demo/2.0/")]
    assert newest and all("Phiên bản cũ" not in pages[src] for src in newest)


def test_the_notice_links_to_the_same_page_in_the_newest_version() -> None:
    pages = _pages()
    element = next(src for src in pages if src.startswith("kien-truc/demo/1.0/thanh-phan/")
                   and src.replace("/1.0/", "/2.0/") in pages)
    assert "trang tương ứng" in pages[element]
    assert "](../../2.0/thanh-phan/" in pages[element]
    overview = pages["kien-truc/demo/1.0/index.md"]
    assert "](../2.0/index.md)" in overview


def test_the_home_page_notice_comes_first_and_is_sanitised() -> None:
    options = SiteOptions(diagrams=False, notice="Từ **01/07/2025** <script>alert(1)</script>")
    plan = plan_site(load_model(SAMPLE), options)
    home = next(p.content for p in plan.pages if p.src == "index.md")
    assert isinstance(home, str)
    notice = home.index('!!! info "Lưu ý"')
    assert notice < home.index("## ")
    assert "<strong>01/07/2025</strong>" in home
    assert "<script>" not in home
    plain = plan_site(load_model(SAMPLE), SiteOptions(diagrams=False))
    assert all("Lưu ý" not in str(p.content) for p in plain.pages if p.src == "index.md")
