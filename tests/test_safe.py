"""The editor text pipeline (kientruc.safe): hostile inputs never become executable HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from kientruc import md, safe

HOSTILE = [
    "[x](https://example.org){onclick=alert(1)}",
    "[x](https://example.org){href=javascript:alert(1)}",
    "Tên phần tử {: onmouseover=alert(1) }",
    "Đoạn văn\n{: onmouseover=alert(1) }",
    "| a | b |\n|---|---|\n| ô {: onmouseover=alert(1) } | c |",
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x][1]\n\n[1]: <javascript:alert(1)>",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#x3A;alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[[x](javascript:alert(1))](https://a.vn)",
    '<a href=" javascript:alert(1)">y</a>',
    "<a href='\tjavascript:alert(1)'>y</a>",
    "<script>alert(1)</script>",
    "<!-- x --><script>alert(1)</script>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<https://a.vn><img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '[x](https://a.vn "t" onclick="alert(1)")',
    "`code` **đậm** {onclick=alert(1)}",
]


class _Scan(HTMLParser):
    """Every tag and attribute of a piece of HTML, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.script = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        self.attrs.extend((name, value or "") for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data


_BAD_URL = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


def executable(markup: str) -> list[str]:
    """What in ``markup`` could run script: handlers, script URLs, dangerous tags, styles."""
    scan = _Scan()
    scan.feed(markup)
    scan.close()
    found = [t for t in scan.tags if t in {"script", "iframe", "svg", "form", "img", "object",
                                          "embed", "style", "button"}]
    for name, value in scan.attrs:
        seen = re.sub(r"[\x00-\x20]+", "", html.unescape(value))
        if name.startswith("on") or name in {"style", "src", "action", "formaction"}:
            found.append(f"{name}={value}")
        elif name in {"href", "xlink:href"} and _BAD_URL.match(seen):
            found.append(f"{name}={value}")
    if "alert(" in scan.script:
        found.append("script")
    return found


def through_page_markdown(fragment: str) -> str:
    """What the page's own Markdown pass (the site's extensions, attr_list included) makes of it."""
    import markdown

    return markdown.markdown(fragment, extensions=["attr_list", "md_in_html", "tables", "toc",
                                                   "admonition", "pymdownx.details"])


@pytest.mark.parametrize("text", HOSTILE)
def test_rich_text_is_never_executable(text):
    out = safe.rich(text)
    assert executable(out) == []
    assert executable(through_page_markdown(out)) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_is_never_executable(text):
    out = safe.inline(text)
    assert executable(out) == []
    # A table cell or a heading: attr_list reads "{: … }" at the end of either.
    assert executable(through_page_markdown(f"| a |\n|---|\n| {out} |")) == []
    assert executable(through_page_markdown(f"## Tiêu đề {out}")) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_short_fields_are_never_executable(text):
    """name.en, short, number: written with md.esc into headings, table cells and lists."""
    flat = " ".join(text.split())
    for page in (f"# {md.esc(flat)}", f"| a |\n|---|\n| {md.esc(flat)} |", f"- {md.esc(flat)}",
                 f"{md.esc(flat)}"):
        assert executable(through_page_markdown(page)) == [], page


@pytest.mark.parametrize("text", HOSTILE)
def test_links_refuse_unsafe_urls(text):
    assert executable(safe.link("nguồn", text)) == []
    assert executable(through_page_markdown(f"- {safe.link(text, text)}")) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "&#106;avascript:alert(1)", " JAVASCRIPT:x",
                                 "java\tscript:x", "data:text/html,x", "vbscript:x",
                                 "javascript&colon;x"])
def test_safe_url_refuses_script_schemes(url):
    assert safe.safe_url(url) is None


@pytest.mark.parametrize("url", ["https://a.vn/x?y=1", "http://a.vn", "mailto:so@a.gov.vn",
                                 "../thanh-phan/", "#muc", "trang.md"])
def test_safe_url_keeps_web_mail_and_relative_links(url):
    assert safe.safe_url(url) == url


def test_allowed_markdown_still_renders():
    out = safe.rich("Có **đậm**, _nghiêng_, `mã` và [liên kết](https://a.vn).\n\n- một\n- hai")
    assert "<strong>đậm</strong>" in out and "<em>nghiêng</em>" in out and "<code>mã</code>" in out
    assert '<a href="https://a.vn">liên kết</a>' in out and "<li>một</li>" in out
    assert through_page_markdown(out).count("<strong>") == 1


def test_raw_html_is_shown_as_text_not_dropped_silently():
    assert "&lt;b&gt;" in safe.rich("chữ <b>đậm</b>")
    assert "<b>" not in through_page_markdown(safe.inline("chữ <b>đậm</b>"))


@pytest.mark.parametrize("text", HOSTILE + ["**Đậm** và _nghiêng_ với `mã` và [x](https://a.vn)",
                                            "# Tiêu đề\n\n- một\n- **hai**"])
def test_plain_text_has_no_markdown(text):
    out = safe.plain(text)
    assert "**" not in out and "`" not in out
    if not text.startswith("[["):  # Markdown has no nested links: the reader sees the inner one
        assert "](" not in out
    assert not re.search(r"(?m)^#+ |^- ", out)


def test_plain_keeps_paragraphs_and_link_addresses():
    assert safe.plain("**Một** đoạn.\n\nHai [nguồn](https://a.vn).") == \
        "Một đoạn.\n\nHai nguồn (https://a.vn)."
    assert safe.plain_line("- **a**\n- b") == "• a • b"


def test_attribute_values_are_escaped():
    value = safe.attr('Phiên bản "2.0" onload="alert(1)" <b>')
    assert '"' not in value and "<" not in value
    assert executable(f'<meta name="description" content="{value}">') == []


def test_front_matter_cannot_close_the_description_attribute():
    """Material writes ``description`` into <meta content="…"> without escaping it."""
    import yaml

    matter = md.front_matter(title='A "x" onload="alert(1)', description='B" onmouseover="x')
    fields = yaml.safe_load(matter.strip().strip("-"))
    for value in fields.values():
        assert '"' not in value
        assert executable(f'<meta name="description" content="{value}">') == []


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Kế hoạch triển khai dịch vụ công", 22, "Kế hoạch triển khai…"),
    ("Kế hoạch triển khai dịch vụ công", 20, "Kế hoạch triển khai…"),
    ("Kế hoạch triển khai dịch vụ công", 19, "Kế hoạch triển…"),
    ("Ngắn", 10, "Ngắn"),
    ("một, hai, ba, bốn năm", 12, "một, hai…"),
    ("Siêudàikhôngcókhoảngtrắng", 10, "Siêudàikh…"),
])
def test_shorten_cuts_at_a_word_boundary(text, limit, expected):
    assert safe.shorten(text, limit) == expected


@pytest.mark.parametrize("limit", range(2, 60))
def test_shortened_text_is_a_prefix_of_whole_words(limit):
    text = "Triển khai hệ thống thông tin giải quyết thủ tục hành chính tỉnh Thái Bình"
    out = safe.shorten(text, limit)
    assert len(out) <= limit
    if out != text:
        kept = out.removesuffix("…")
        words = text.split()
        assert kept in [" ".join(words[:n]) for n in range(1, len(words))] or \
            (" " not in kept and words[0].startswith(kept))


def test_comparison_tables_show_plain_text_cut_at_words():
    from kientruc.compare.render import shorten

    out = shorten("Tăng cường **triển khai** dịch vụ công trực tuyến toàn trình", 30)
    assert "**" not in out
    assert out == "Tăng cường triển khai dịch vụ…"
