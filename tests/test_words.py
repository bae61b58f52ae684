"""Word-level differences of changed texts, and the comparison's JSON written into the site."""

from __future__ import annotations

import json

from kientruc.compare.words import diff_counts, plain_words, word_diff


def test_changed_words_are_marked_and_nothing_is_cut() -> None:
    old = "Cổng dịch vụ công của tỉnh cho người dân " + "và doanh nghiệp " * 30
    new = old.replace("của tỉnh", "của tỉnh Thái Bình")
    out = word_diff(old, new)
    assert '<ins class="kt-ins"><span class="kt-sr">đã thêm: </span>Thái Bình</ins>' in out
    assert "<del" not in out
    assert out.count("doanh nghiệp") == 30 and "…" not in out
    assert diff_counts(old, new) == (0, 2)


def test_replaced_words_show_both_sides() -> None:
    out = word_diff("vận hành bởi Sở A", "vận hành bởi Sở B")
    assert out.startswith("vận hành bởi Sở ")
    assert "đã xoá: </span>A</del>" in out and "đã thêm: </span>B</ins>" in out


def test_markdown_and_html_in_editor_text_never_reach_the_page_raw() -> None:
    out = word_diff("Một **đậm** và [liên kết](http://x) <b>", "Một *đậm* và `mã` <script>")
    assert "**" not in out and "](" not in out and "[liên kết]" not in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert plain_words("**a** *b* `c`") == ["a", "b", "c"]
    assert "\\_b\\_" in word_diff("x", "\\_b\\_")  # literal underscores stay escaped


def test_the_site_carries_the_diff_json(built_site) -> None:  # type: ignore[no-untyped-def]
    data = built_site / "kien-truc" / "cqdt" / "so-sanh" / "1.0-2.0" / "thay-doi.json"
    parsed = json.loads(data.read_text(encoding="utf-8"))
    assert parsed and isinstance(parsed, dict)
    page = (built_site / "kien-truc" / "cqdt" / "so-sanh" / "1.0-2.0" / "index.html").read_text(
        encoding="utf-8")
    assert 'href="thay-doi.json"' in page
    assert 'class="kt-ins"' in page and "**" not in page
