r"""One text pipeline for every word an editor writes in ``arch/``.

This is a provincial government's public site: a pull request that slips through review must not
be able to run script on it. Validation (:mod:`kientruc.model.rules`) tells the editor about a
forbidden form at their line; this module is the guarantee. Each field has a kind:

* **inline** (notes, tasks, table cells): Markdown emphasis, code and links only, on one line;
* **rich** (descriptions, summaries, intros): a fixed Markdown subset (paragraphs, lists, quotes,
  tables, headings, code, links);
* **url**: ``http:``, ``https:``, ``mailto:`` or site-relative, nothing else;
* **plain** (CSV, JSON, XML, PDF, comparison tables, ``<title>``, ``<meta>``): the text with the
  Markdown rendered away, never ``**``.

Editor Markdown is rendered with Python-Markdown *without* ``attr_list`` or ``md_in_html`` and with
raw HTML switched off (``<b>`` is shown as text), whatever ``mkdocs.yml`` enables for hand-written
pages. The HTML is then sanitised by :mod:`nh3` against an allow-list of tags, attributes and URL
schemes, and written out once more so that the page's own Markdown pass, which runs over it with
the site's extensions, finds nothing to act on: every character Markdown or ``attr_list`` reacts to
(``{ } [ ] * _ ` | \\``) is an HTML entity in the text, and every attribute value is escaped.

This is the only module that imports :mod:`markdown` and :mod:`nh3`.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

from .text import nfc

__all__ = ["attr", "inline", "plain", "plain_line", "rich", "safe_url", "shorten"]

INLINE_TAGS = frozenset({"a", "em", "strong", "code", "br"})
"""Tags an inline field may produce."""

RICH_TAGS = INLINE_TAGS | frozenset({
    "p", "ul", "ol", "li", "blockquote", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
"""Tags a rich field may produce: no ``img``, ``iframe``, ``svg``, ``form``, ``script``."""

ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
"""The only attributes kept: no ``on*`` handler, no ``style``, no ``class``, no ``id``."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link may use; a link without a scheme is site-relative."""

_DROP_WITH_CONTENT = {"script", "style"}

_MARKDOWN_ACTIVE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;", "`": "&#96;", "*": "&#42;",
    "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "|": "&#124;",
    "~": "&#126;", "^": "&#94;",
})
"""Characters that mean something to Markdown or its extensions, written as entities in text."""

_ATTRIBUTE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "|": "&#124;",
    "`": "&#96;", "{": "&#123;", "}": "&#125;",
})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_BLOCK_PROCESSORS_INLINE = ("empty", "indent", "code", "hashheader", "setextheader", "hr",
                            "olist", "ulist", "quote", "reference", "table")


_LOCAL = threading.local()


def _converter(*, inline: bool) -> markdown.Markdown:
    """A Markdown converter that cannot create attributes and passes no raw HTML through.

    One converter per kind and thread, reset before each use: building one costs more than
    converting a description.
    """
    key = "inline" if inline else "rich"
    md: markdown.Markdown | None = getattr(_LOCAL, key, None)
    if md is None:
        md = _new_converter(inline=inline)
        setattr(_LOCAL, key, md)
    md.reset()
    return md


def _new_converter(*, inline: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[] if inline else ["tables", "sane_lists"],
                           output_format="html")
    md.preprocessors.deregister("html_block", strict=False)
    md.inlinePatterns.deregister("html", strict=False)
    if inline:
        for name in _BLOCK_PROCESSORS_INLINE:
            md.parser.blockprocessors.deregister(name, strict=False)
    return md


def safe_url(url: str) -> str | None:
    r"""``url`` if it is ``http:``, ``https:``, ``mailto:`` or relative, else ``None``.

    Entities are decoded and control characters and spaces removed first, the way a browser
    reads an ``href`` (``&#106;avascript:``, ``java\\tscript:`` and `` JAVASCRIPT:`` are refused).
    """
    seen = _CONTROL.sub("", html.unescape(html.unescape(url)))
    found = _SCHEME.match(seen)
    if found and found.group(1).lower() not in URL_SCHEMES:
        return None
    if not found and ":" in seen.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # "javascript&colon;…" and other spellings a parser might read as a scheme
    return url.strip()


class _Writer(HTMLParser):
    """Re-emit sanitised HTML so that a later Markdown pass leaves it exactly as it is."""

    def __init__(self, tags: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tags = tags
        self.out: list[str] = []
        self.pre = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip += 1
        if tag not in self.tags or self.skip:
            return
        if tag == "pre":
            self.pre += 1
        kept = []
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, ()) or value is None:
                continue
            if name == "href" and safe_url(value) is None:
                continue
            kept.append(f' {name}="{value.translate(_ATTRIBUTE)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr") and tag in self.tags and not self.skip:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if tag not in self.tags or self.skip or tag in ("br", "hr"):
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.pre and data.isspace() and "\n" in data:
            self.out.append("\n")  # between blocks: the next line starts with a tag
            return
        if not self.pre:
            data = re.sub(r"\s*\n\s*", " ", data)  # no line of text may start a Markdown block
        self.out.append(data.translate(_MARKDOWN_ACTIVE).replace("\n", "&#10;"))


def _sanitise(rendered: str, tags: frozenset[str]) -> str:
    cleaned = nh3.clean(rendered, tags=set(tags), attributes=ATTRIBUTES,
                        url_schemes=set(URL_SCHEMES), clean_content_tags=_DROP_WITH_CONTENT,
                        strip_comments=True, link_rel=None)
    writer = _Writer(tags)
    writer.feed(cleaned)
    writer.close()
    return "".join(writer.out)


@lru_cache(maxsize=8192)
def rich(text: str) -> str:
    """Editor Markdown (a description, a summary) as sanitised HTML for a page's Markdown.

    The result is one HTML block per line, so a page can place it between blank lines; the
    page's Markdown pass leaves it unchanged.
    """
    if not text.strip():
        return ""
    return _sanitise(_converter(inline=False).convert(nfc(text)), RICH_TAGS).strip()


@lru_cache(maxsize=8192)
def inline(text: str) -> str:
    """Editor text for one line of a page (a note, a table cell): emphasis, code and links only.

    Block Markdown (``# …``, ``- …``, ``1. …``, reference definitions) is shown as written.
    """
    flat = " ".join(nfc(text).split())
    if not flat:
        return ""
    return _sanitise(_converter(inline=True).convert(flat), INLINE_TAGS).strip()


class _Text(HTMLParser):
    """Text of sanitised HTML: blocks on their own lines, a link's address after its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []
        self.link_text: list[int] = []
        self.numbers: list[int | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.numbers.append(int(start) if tag == "ol" and start.isdigit() else None)
        if tag in _PARAGRAPHS:
            self.out.append(_PARAGRAPH)
        elif tag == "li":
            number = self.numbers[-1] if self.numbers else None
            if number is None:
                self.out.append(_LINE + "• ")
            else:
                self.out.append(f"{_LINE}{number}. ")
                self.numbers[-1] = number + 1
        elif tag in ("tr", "br"):
            self.out.append(_LINE)
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.link_text.append(len(self.out))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.numbers:
            self.numbers.pop()
        if tag in _PARAGRAPHS:
            self.out.append(_PARAGRAPH)
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "a" and self.href:
            href, start = self.href.pop(), self.link_text.pop()
            shown = "".join(self.out[start:]).strip()
            if href and _SCHEME.match(href) and href.removeprefix("mailto:") != shown:
                self.out.append(f" ({href.removeprefix('mailto:')})")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


_PARAGRAPH, _LINE = "\x00", "\x01"
_PARAGRAPHS = frozenset({"p", "ul", "ol", "blockquote", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
                         "table"})


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """Editor Markdown as plain text: paragraphs separated by a blank line, no Markdown syntax.

    For the PDF and every place that keeps paragraphs; :func:`plain_line` for one line.
    """
    if not text.strip():
        return ""
    rendered = _converter(inline=False).convert(nfc(text))
    cleaned = nh3.clean(rendered, tags=set(RICH_TAGS), attributes=ATTRIBUTES,
                        url_schemes=set(URL_SCHEMES), clean_content_tags=_DROP_WITH_CONTENT,
                        strip_comments=True, link_rel=None)
    reader = _Text()
    reader.feed(cleaned)
    reader.close()
    paragraphs = []
    for block in "".join(reader.out).split(_PARAGRAPH):
        lines = [" ".join(line.split()) for line in block.split(_LINE)]
        if any(lines):
            paragraphs.append("\n".join(line for line in lines if line))
    return "\n\n".join(paragraphs)


def plain_line(text: str) -> str:
    """Editor Markdown as plain text on one line (a CSV cell, a diff value, a ``<meta>``)."""
    return " ".join(plain(text).split())


def literal(text: str) -> str:
    """Text shown in HTML exactly as written, on one line: never read as Markdown or HTML.

    For a validator's message, which quotes what an editor typed (``'<b>'``, ``**``).
    """
    return html.escape(" ".join(text.split()), quote=True)


def attr(text: str, limit: int | None = None) -> str:
    """Editor text for an HTML attribute value or ``<title>``: plain, one line, escaped."""
    flat = plain_line(text)
    return html.escape(shorten(flat, limit) if limit else flat, quote=True)


_TRAILING = " \t,;:.–—-/(\u00a0"


def shorten(text: str, limit: int) -> str:
    """Put ``text`` on one line and cut it to at most ``limit`` characters at a word boundary.

    ``"… triển khai dịch vụ"`` cut at 14 gives ``"… triển khai…"``, never ``"triển kha…"``; a single
    word longer than ``limit`` is the only text cut inside a word.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = flat[:max(limit - 1, 1)]
    if flat[len(room)] != " ":
        cut = room.rfind(" ")
        if cut > 0:
            room = room[:cut]
    return room.rstrip(_TRAILING) + "…"


def link(text: str, url: str) -> str:
    """An HTML link to an editor's URL with literal text, or the text alone if the URL is unsafe.

    For ``url`` fields and ``sources``: written as HTML, not as a Markdown autolink, because
    ``<https://a><img onerror=…>`` would otherwise open a raw HTML tag after the link.
    """
    shown = " ".join(text.split()).translate(_MARKDOWN_ACTIVE)
    target = safe_url(url)
    if target is None:
        return shown
    return f'<a href="{target.translate(_ATTRIBUTE)}">{shown}</a>'


_ATTR_LIST = re.compile(r"\{\s*(?::[^{}\n]*|[^{}\n]*=[^{}\n]*|[#.][\w-][^{}\n]*)\}")


def findings(text: str) -> list[str]:
    """What the pipeline will remove from ``text``, in Vietnamese, for validation to report.

    Validation tells the editor at their line; the sanitiser removes these forms whatever
    validation says. Links are found the way Markdown reads them (reference links and
    entity-encoded schemes included).
    """
    found: list[str] = []
    attr_list = _ATTR_LIST.search(text) if "{" in text else None
    if attr_list:
        found.append(f"văn bản chứa danh sách thuộc tính Markdown '{attr_list.group(0)[:40]}': "
                     "không được phép trên trang công khai; hãy xóa phần trong dấu {…}")
    if "](" in text or "]:" in text or "][" in text:  # the only ways to write a link target
        collector = _Links()
        collector.feed(_converter(inline=False).convert(nfc(text)))
        collector.close()
        bad = [href for href in collector.hrefs if safe_url(href) is None]
        if bad:
            found.append(f"liên kết '{bad[0][:40]}' không được phép: chỉ dùng liên kết "
                         "https://, http://, mailto: hoặc liên kết trong trang")
    return found


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(v for k, v in attrs if k in ("href", "src") and v is not None)
