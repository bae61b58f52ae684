"""Every internal link and anchor of the built reference site resolves (no browser needed).

Each HTML file is parsed; every ``href``/``xlink:href``/``src`` (links, scripts, images, the
``<a>`` nodes and ``<use>`` icons of inline SVG diagrams) that stays on the site is resolved
against the page's URL and must name an existing file, and its ``#anchor`` an ``id`` (or an
``<a name>``) in the target page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import html

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.xdist_group("browser")  # shares the one build of the site

ORIGIN = "http://site.invalid/"
LINK_ATTRIBUTES = ("href", "xlink:href", "src")
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")


class Site:
    """The built site: its files, and the anchors of its pages (parsed once each)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cache  # noqa: B019 - one Site per test session
    def tree(self, relative: str) -> html.HtmlElement:
        return html.fromstring((self.root / relative).read_bytes())

    @cache  # noqa: B019
    def anchors(self, relative: str) -> frozenset[str]:
        tree = self.tree(relative)
        return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))

    def file_for(self, path: str) -> str | None:
        """The file a URL path is served from (``a/b/`` → ``a/b/index.html``), if any."""
        relative = unquote(path).lstrip("/")
        target = self.root / relative
        if relative == "" or relative.endswith("/") or target.is_dir():
            relative = posixpath.join(relative, "index.html")
            target = self.root / relative
        return relative if target.is_file() else None


def _links(tree: html.HtmlElement) -> list[str]:
    out = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in LINK_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                out.append(value.strip())
    return out


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    site = Site(built_site)
    pages = sorted(str(p.relative_to(built_site)) for p in built_site.rglob("*.html"))
    assert len(pages) > 100
    broken: dict[str, list[str]] = defaultdict(list)
    checked = 0
    for page in pages:
        page_url = ORIGIN + (page[: -len("index.html")] if page.endswith("index.html") else page)
        for link in _links(site.tree(page)):
            if not link or link.startswith(NOT_FETCHED):
                continue
            url = urlsplit(urljoin(page_url, link))
            if f"{url.scheme}://{url.netloc}/" != ORIGIN:
                continue  # another host: tests/test_offline.py looks at those
            checked += 1
            target = site.file_for(url.path)
            if target is None:
                broken[f"missing {url.path}"].append(f"{page}: {link}")
            elif (url.fragment and target.endswith(".html")
                  and unquote(url.fragment) not in site.anchors(target)):
                broken[f"no #{url.fragment} in {target}"].append(f"{page}: {link}")
    assert checked > 10_000
    report = [f"{what} ← {', '.join(where[:3])}" + (f" (+{len(where) - 3})" if len(where) > 3
                                                      else "")
              for what, where in sorted(broken.items())]
    assert report == [], f"{len(report)} broken targets:\n" + "\n".join(report[:50])


def test_link_check_catches_a_broken_link_and_anchor(tmp_path: Path) -> None:
    """The checker itself: a missing page and a missing anchor are both reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a><a href="b/">gone</a><a href="a/#nope">bad anchor</a>'
        '<svg><a xlink:href="#top"><use xlink:href="#missing"/></a></svg></p>',
        encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h1 id="x">A</h1>', encoding="utf-8")
    site = Site(tmp_path)
    found = []
    for link in _links(site.tree("index.html")):
        url = urlsplit(urljoin(ORIGIN, link))
        target = site.file_for(url.path)
        if target is None or (url.fragment and url.fragment not in site.anchors(target)):
            found.append(link)
    assert found == ["b/", "a/#nope", "#missing"]
