"""Property-based checks of the editor-text pipeline: whatever an editor writes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from kientruc import safe

# Pieces of hostile and ordinary editor text, shuffled together by Hypothesis.
PIECES = st.sampled_from([
    "[x](javascript:alert(1))", "{onclick=alert(1)}", "{: onmouseover=alert(1) }",
    "[x][1]\n\n[1]: javascript:alert(1)", "[x](&#106;avascript:alert(1))",
    '<a href=" JaVaScRiPt:alert(1)">x</a>', "<script>alert(1)</script>",
    "<svg onload=alert(1)>", "<iframe src=x>", "<!-- x -->", "<img src=x onerror=alert(1)>",
    "[a [b](c)](data:text/html,x)", "**đậm**", "*nghiêng*", "- mục", "\n\n", " ", "tiếng Việt",
    "https://thaibinh.gov.vn", '"', "'", "&", "<", ">", "|", "\t",
])
TEXT = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=200)

_BAD_TAGS = {"script", "iframe", "svg", "form", "object", "embed", "style", "img", "math"}


class _Markup(HTMLParser):
    """Collects what a browser would execute: dangerous tags, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BAD_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(name)
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in {"href", "src", "action", "formaction"} and re.match(
                    r"(javascript|vbscript|data):", url):
                self.found.append(f"{name}={value}")


def _executable(rendered: str) -> list[str]:
    parser = _Markup()
    parser.feed(rendered)
    return parser.found


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_rendered_editor_text_is_never_executable(text: str) -> None:
    for rendered in (safe.rich(text), safe.inline(text)):
        assert _executable(rendered) == [], (text, rendered)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_attribute_values_cannot_close_their_quotes(text: str) -> None:
    value = safe.attr(text)
    assert '"' not in value and "<" not in value and ">" not in value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["triển", "khai", "dịch", "vụ", "công", "LGSP", "một",
                                 "cửa"]), min_size=1, max_size=30).map(" ".join),
       st.integers(min_value=8, max_value=80))
def test_shortened_text_ends_on_a_whole_word(text: str, limit: int) -> None:
    short = safe.shorten(text, limit)
    assert len(short) <= limit
    words = short.removesuffix("…").split()
    assert words and all(word in text.split() for word in words), (text, short)
