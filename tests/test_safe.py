"""The text pipeline: no editor text reaches a page, attribute or export as executable markup."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from kientruc import safe
from kientruc.md import esc, front_matter, table
from sitebuild import FIXTURE, build_site, make_site

ATTACKS = [
    "[x](https://example.org){onclick=alert(1)}",
    "[x](https://example.org){href=javascript:alert(1)}",
    "[x](https://example.org){: onmouseover=alert(1) }",
    "Văn bản kết thúc {: onmouseover=alert(1) }",
    "Đoạn văn.\n{: onmouseover=alert(1) }",
    "| a | b |\n|---|---|\n| ô {: onmouseover=alert(1) } | d |",
    "[x][1]\n\n[1]: javascript:alert(1)",
    '[x][1]\n\n[1]: <javascript:alert(1)> "t"',
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[[x](javascript:alert(1))](https://example.org)",
    '![x](https://example.org/x.png "t" onerror=alert(1))',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\tjava\tscript:alert(1)">x</a>',
    "<A HREF=JaVaScRiPt:alert(1)>x</A>",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<form action=javascript:alert(1)><input onfocus=alert(1) autofocus></form>",
    "<!-- x --><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<style>body{display:none}</style>",
    "<div markdown=\"1\" onclick=alert(1)>*x*</div>",
    "<https://a><img src=x onerror=alert(1)>",
    "`code` **đậm** <b onclick=alert(1)>y</b>",
    'Tiêu đề "><script>alert(1)</script>',
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
]

_FORBIDDEN_TAGS = {"script", "iframe", "svg", "form", "style", "img", "object", "embed", "input",
                   "math", "base", "link", "meta"}


class _Executable(HTMLParser):
    """Collects every executable construct of an HTML fragment, however it is encoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "markdown", "srcdoc", "formaction"):
                self.found.append(f"{tag}@{name}")
            seen = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in ("href", "src", "action") and re.match(r"(javascript|data|vbscript):",
                                                                 seen):
                self.found.append(f"{tag}@{name}={value}")

    handle_startendtag = handle_starttag


def executable(fragment: str) -> list[str]:
    parser = _Executable()
    parser.feed(fragment)
    parser.close()
    return parser.found


SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                   "pymdownx.superfences"]


def page(markdown_text: str) -> str:
    """Render a generated page's Markdown the way the site does (attr_list and md_in_html on)."""
    return markdown.markdown(markdown_text, extensions=SITE_EXTENSIONS)


@pytest.mark.parametrize("attack", ATTACKS)
def test_rich_text_carries_no_executable_markup_after_the_sites_markdown(attack):
    fragment = safe.rich(attack)
    assert executable(fragment) == []
    assert executable(page(f"# Tiêu đề\n\n{fragment}\n\nSau.")) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_inline_text_in_a_table_cell_or_heading_carries_no_executable_markup(attack):
    fragment = safe.inline(attack)
    assert "\n" not in fragment
    rendered = page(table(["Tên", "Ghi chú"], [["x", fragment]]) + f"\n\n## {fragment}\n")
    assert executable(rendered) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_escaped_literal_text_carries_no_executable_markup(attack):
    line = " ".join(attack.split())
    rendered = page(table(["Tên"], [[esc(line)]]) + f"\n\n# {esc(line)}\n\n*{esc(line)}* · x")
    assert executable(rendered) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_links_to_editor_urls_are_checked(attack):
    rendered = page("- " + safe.link(attack, attack.strip("[]x()")))
    assert executable(rendered) == []


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "&#106;avascript:x",
    "&amp;#106;avascript:x", "data:text/html,x", "vbscript:x", "javascript&colon;alert(1)",
])
def test_unsafe_urls_are_refused(url):
    assert safe.safe_url(url) is None
    assert safe.link("x", url) == "x"


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://x.vn", "mailto:a@b.vn",
                                 "../thanh-phan/x/", "#muc", "/tai-ve/x.csv"])
def test_safe_urls_are_kept(url):
    assert safe.safe_url(url) == url


def test_the_markdown_editors_use_still_renders():
    out = safe.rich("Đoạn **đậm**, *nghiêng*, `mã` và [liên kết](https://example.org).\n\n"
                    "- một\n- hai\n\n1. a\n2. b\n\n> trích dẫn\n\n<https://x.vn>")
    assert "<strong>đậm</strong>" in out and "<em>nghiêng</em>" in out and "<code>mã</code>" in out
    assert '<a href="https://example.org">liên kết</a>' in out
    assert "<ul>" in out and "<ol>" in out and "<blockquote>" in out
    assert '<a href="https://x.vn">' in out
    assert page(out).count("<strong>") == 1  # the page's own Markdown pass leaves it as it is


def test_plain_text_of_ordinary_words_is_unchanged_on_pages():
    text = 'Sở TN&MT (tỉnh) – "Cổng" dịch vụ công: 2021-2025.'
    assert page(safe.rich(text)) == page(text)
    assert page(safe.inline(text)) == page(text)


def test_raw_html_is_shown_as_text_not_passed_through():
    out = safe.rich("a <b>b</b> c")
    assert "<b>" not in out and "&lt;b&gt;" in out


@pytest.mark.parametrize(("text", "expected"), [
    ("**Đậm** và *nghiêng* và `mã`", "Đậm và nghiêng và mã"),
    ("[Cổng](https://dichvucong.gov.vn) quốc gia", "Cổng (https://dichvucong.gov.vn) quốc gia"),
    ("[x](javascript:alert(1)) y", "x y"),
    ("- một\n- hai", "• một\n• hai"),
    ("# Tiêu đề\n\nĐoạn __hai__.", "Tiêu đề\n\nĐoạn hai."),
    ("a {: onmouseover=alert(1) }", "a {: onmouseover=alert(1) }"),
])
def test_plain_text_holds_no_markdown(text, expected):
    assert safe.plain(text) == expected


def test_attribute_values_are_escaped():
    assert safe.attr('Kiến trúc "2.0" <x> **đậm**') == "Kiến trúc &quot;2.0&quot; &lt;x&gt; đậm"
    head = front_matter(title='A "B" <c>', description='x" onload="alert(1)')
    meta = yaml.safe_load(head.strip("-\n"))
    assert '"' not in meta["description"] and "<" not in meta["title"]
    tag = f'<meta name="description" content="{meta["description"]}">'
    seen: list[list[tuple[str, str | None]]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda _tag, attrs: seen.append(attrs)  # type: ignore[method-assign]
    parser.feed(tag)
    assert [name for name, _ in seen[0]] == ["name", "content"]
    assert seen[0][1][1] == 'x" onload="alert(1)'  # shown as written, inside the attribute


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Tiếp tục triển khai dịch vụ công trực tuyến", 20, "Tiếp tục triển khai…"),
    ("Tiếp tục triển khai dịch vụ", 18, "Tiếp tục triển…"),
    ("ngắn", 10, "ngắn"),
    ("một, hai, ba, bốn", 11, "một, hai…"),
    ("Siêudàikhôngcókhoảngtrắng", 10, "Siêudàikh…"),
])
def test_shorten_ends_on_a_word_boundary(text, limit, expected):
    out = safe.shorten(text, limit)
    assert out == expected
    assert len(out) <= limit


def test_shortened_text_never_ends_inside_a_word():
    text = ("triển khai dịch vụ công trực tuyến mức độ bốn cho người dân và doanh nghiệp "
            "trên địa bàn tỉnh")
    words = text.split(" ")
    for limit in range(len(words[0]) + 1, len(text)):
        out = safe.shorten(text, limit)
        assert len(out) <= limit
        kept = out.removesuffix("…").split()
        assert kept == words[:len(kept)], (limit, out)


def test_validation_reports_each_form_at_the_editors_line():
    for attack in ("[x](&#106;avascript:alert(1))", "[x][1]\n\n[1]: javascript:alert(1)",
                   "x {: onmouseover=alert(1) }", "[x](https://a){onclick=alert(1)}"):
        assert safe.findings(attack), attack
    assert safe.findings("Thông tư số 12/2020: [văn bản](https://example.org) {năm 2020}") == []


# -- one real build with hostile text in every kind of field ------------------------------------

HOSTILE_SHORT = "LGSP {: onmouseover=alert(11) }"
HOSTILE_DESCRIPTION = "\n\n".join([
    "Mô tả **đậm** [x](https://example.org){onclick=alert(12)} [y][1]",
    "[z](&#106;avascript:alert(13)) <script>alert(14)</script> <img src=x onerror=alert(15)>",
    "Kết thúc đoạn {: onmouseover=alert(16) }",
    "[1]: javascript:alert(17)",
])


def _hostile_arch(root: Path) -> Path:
    arch = root / "arch-src"
    shutil.copytree(FIXTURE, arch)
    version = arch / "demo" / "2.0" / "version.yaml"
    data = yaml.safe_load(version.read_text(encoding="utf-8"))
    data["title"]["vi"] = 'Kiến trúc "Mẫu" onmouseover="alert(18)'
    data["summary"] = 'Tóm tắt **đậm** " onload="alert(19) {: onclick=alert(20) }'
    version.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    elements = arch / "demo" / "2.0" / "thanh-phan.yaml"
    data = yaml.safe_load(elements.read_text(encoding="utf-8"))
    for element in data["elements"]:
        if element["id"] == "platform.lgsp":
            element["short"] = HOSTILE_SHORT
            element["name"]["en"] = "Platform {onclick=alert(21)}"
            element["description"] = HOSTILE_DESCRIPTION
            element["relations"][0]["note"] = "Ghi chú {: onmouseover=alert(22) }"
        if element["id"] == "node.ttdl":  # in both versions: the comparison shows the change
            element["description"] = "Trung tâm **dữ liệu** " + "triển khai " * 20
        if element["id"] == "prj.lgsp":
            element["year_plan"][2021]["tasks"] = "Nâng cấp {: onmouseover=alert(23) }"
            element["description"] = "Dự án **đậm** " + "triển khai " * 20
    elements.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return arch


class _Markup(HTMLParser):
    """Every ``alert(…)`` the browser would run: in a handler, a URL, a script or a style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if "alert(" in value and (name.startswith("on") or name in ("href", "src", "style",
                                                                       "action", "srcdoc")):
                self.found.append(f"{tag}@{name}={value}")
            if name not in ("content", "title", "alt", "aria-label", "value", "id", "href",
                            "data-md-component") and "alert(" in value:
                self.found.append(f"{tag}@{name}={value}")
        self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:
            while self.inside and self.inside.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] in ("script", "style") and "alert(" in data:
            self.found.append(f"<{self.inside[-1]}>{data[:60]}")


def _alerts_in_markup(text: str) -> list[str]:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    arch = _hostile_arch(root)
    make_site(root / "site-src", arch=arch)
    # Validation refuses all of this (the pull request shows it); switch it off to prove that
    # the sanitiser alone keeps the built site clean.
    patch = pytest.MonkeyPatch()
    patch.setattr("kientruc.model.rules.check_markdown", lambda *_args, **_kw: [])
    try:
        site = build_site(root / "site-src", strict=False)
    finally:
        patch.undo()
    return site


def test_validation_refuses_the_hostile_sources(tmp_path):
    from kientruc import load_model
    from kientruc.errors import ModelError

    arch = _hostile_arch(tmp_path)
    with pytest.raises(ModelError) as caught:
        load_model(arch)
    text = str(caught.value)
    assert "thanh-phan.yaml" in text and "version.yaml" in text
    assert "javascript" in text and "{" in text


def test_built_site_carries_no_editor_markup_anywhere(hostile_site):
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert _alerts_in_markup(text) == [], path
    home = (hostile_site / "kien-truc" / "demo" / "2.0" / "index.html")
    head = home.read_text(encoding="utf-8").split("</head>")[0]
    meta = re.search(r'<meta name="description" content="([^"]*)">', head)
    assert meta and "alert(19)" in html.unescape(meta.group(1)) and "**" not in meta.group(1)
    assert "alert(18)" in html.unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1))


def test_built_site_shows_hostile_text_as_text(hostile_site):
    lgsp = next(p for p in hostile_site.rglob("*.html")
                if "lgsp" in str(p.parent) and "platform" in str(p.parent)
                and "2.0" in str(p) and "lien-ket" not in str(p))
    text = lgsp.read_text(encoding="utf-8")
    assert "<strong>đậm</strong>" in text
    assert "{: onmouseover=alert(16) }" in html.unescape(re.sub(r"<[^>]+>", "", text))


def test_exports_hold_no_markdown(hostile_site):
    downloads = [p for p in hostile_site.rglob("*") if p.suffix in (".csv", ".json", ".xml")
                 and "2.0" in str(p) and "search" not in p.name]
    assert any(p.suffix == ".csv" for p in downloads) and any(p.name == "model.json"
                                                             for p in downloads)
    for path in downloads:
        text = path.read_text(encoding="utf-8")
        assert "**" not in text, path
    model = json.loads(next(p for p in downloads if p.name == "model.json").read_text("utf-8"))
    assert model["summary"].startswith("Tóm tắt đậm")
    rows = list(csv.reader(io.StringIO(next(p for p in downloads if p.suffix == ".csv")
                                       .read_text(encoding="utf-8-sig"))))
    assert rows


def test_comparison_tables_hold_no_markdown_and_no_word_is_cut(hostile_site):
    pages = [p for p in hostile_site.rglob("*.html") if "so-sanh" in str(p)]
    assert pages
    for path in pages:
        body = path.read_text(encoding="utf-8").split('<article', 1)[-1]
        assert "**" not in body, path
        assert not re.search(r"triển kha…|triển kh…|triển k…|triể…", body), path
    table = (hostile_site / "kien-truc" / "demo" / "so-sanh" / "1.0-2.0" / "index.html")
    # A changed description is shown whole, as a word-level diff: nothing cut, no Markdown.
    words = " ".join(re.sub(r'<span class="kt-sr">[^<]*</span>|<[^>]+>', " ",
                            table.read_text("utf-8")).split())
    assert "Trung tâm dữ liệu " + " ".join(["triển khai"] * 20) in words
