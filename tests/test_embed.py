from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from kientruc.draw.dot import to_dot
from kientruc.draw.embed import diagram_html, resolve_links
from kientruc.draw.render import SvgCache, render_svgs
from kientruc.model import load_model
from kientruc.paths import SitePaths
from kientruc.views import View, context_view, integration_view

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"
PAGE = "kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"


@pytest.fixture(scope="module")
def drawn() -> tuple[View, View, str, str]:
    model = load_model(FIXTURE)
    snapshot = model.snapshots["demo/2.0"]
    context = context_view(model, snapshot, snapshot.elements["platform.lgsp"], SitePaths())
    flows = integration_view(model, snapshot, SitePaths())
    first, second = render_svgs([to_dot(context), to_dot(flows)], SvgCache())
    assert first.svg is not None
    assert second.svg is not None
    return context, flows, first.svg, second.svg


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_links_are_relative_to_the_page(drawn: tuple[View, View, str, str]) -> None:
    view, _, svg, _ = drawn
    html = diagram_html(view, svg, None, PAGE)
    assert "kt:" not in html
    assert 'xlink:href="../org.so-tttt/"' in html  # a node in the SVG
    assert '<a href="../org.so-tttt/">Sở Thông tin và Truyền thông</a>' in html  # its table row
    assert 'xlink:href="../../../../chung/vn.platform.ngsp/"' in html
    links = [h for h in hrefs(html) if not h.startswith("#")]
    assert links
    # relative, so the site also works when served from a sub-path
    assert all(not h.startswith(("/", "http")) for h in links)


def test_links_without_directory_urls(drawn: tuple[View, View, str, str]) -> None:
    view, _, svg, _ = drawn
    html = diagram_html(view, svg, None, PAGE, directory_urls=False)
    assert 'xlink:href="org.so-tttt.html"' in html
    assert 'href="../../../chung/vn.platform.ngsp.html"' in html


def test_block_is_one_raw_html_block(drawn: tuple[View, View, str, str]) -> None:
    view, _, svg, _ = drawn
    html = diagram_html(view, svg, None, PAGE)
    assert html.startswith(f'<div class="kt-diagram" data-kt-view="{view.id}">')
    assert html.endswith("</div>")
    assert not re.search(r"\n\s*\n", html)
    page = markdown.markdown(f"# Trang\n\nTrước.\n\n{html}\n\nSau.")
    assert html in page  # Python-Markdown passed it through untouched
    title_id = re.search(r'aria-labelledby="([^"]+)"', html)
    assert title_id is not None
    assert f'<title id="{title_id.group(1)}">Sơ đồ ngữ cảnh: ' in html
    assert html.index("</svg>") < html.index('<details class="kt-diagram-text">')


def test_two_diagrams_on_one_page_do_not_clash(drawn: tuple[View, View, str, str]) -> None:
    context, flows, svg1, svg2 = drawn
    one = diagram_html(context, svg1, None, PAGE)
    two = diagram_html(flows, svg2, None, PAGE)
    ids1 = re.findall(r' id="([^"]+)"', one)
    ids2 = re.findall(r' id="([^"]+)"', two)
    assert ids1
    assert ids2
    assert len(ids1) == len(set(ids1))
    assert not set(ids1) & set(ids2)
    for html in (one, two):  # every local reference points inside its own SVG
        local = {h[1:] for h in hrefs(html) if h.startswith("#")}
        assert local <= set(re.findall(r' id="([^"]+)"', html))


def test_failure_shows_a_notice_and_the_text(drawn: tuple[View, View, str, str]) -> None:
    view, *_ = drawn
    html = diagram_html(view, None, "Graphviz chạy quá 60 giây <x>", PAGE)
    assert "<svg" not in html
    assert '<p class="admonition-title">Không vẽ được sơ đồ</p>' in html
    assert "Graphviz chạy quá 60 giây &lt;x&gt;" in html
    assert '<details class="kt-diagram-text" open>' in html
    assert '<a href="../org.so-tttt/">' in html
    assert not re.search(r"\n\s*\n", html)


def test_resolve_links_keeps_fragments_and_other_links() -> None:
    text = ('<a href="kt:kien-truc/demo/2.0/index.md#muc-1">x</a>'
            '<a xlink:href="#v--i-app"/><a href="https://example.org/">y</a>')
    out = resolve_links(text, "kien-truc/demo/2.0/thanh-phan/a.md")
    assert '<a href="../../#muc-1">x</a>' in out
    assert 'xlink:href="#v--i-app"' in out
    assert 'href="https://example.org/"' in out


def test_wide_diagrams_keep_a_readable_size():
    from kientruc.draw.embed import readable_size

    wide = readable_size('<svg xmlns="x" width="2000pt" height="900pt" viewBox="0 0 2000 900"></svg>')
    assert 'width:min(2000pt,max(100%,1200pt))' in wide
    small = readable_size('<svg width="300pt" height="100pt"></svg>')
    assert 'width:min(300pt,max(100%,180pt))' in small
