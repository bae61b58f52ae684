"""The index side of Vietnamese search without diacritics (``kientruc.build.pipeline``).

How the folded index ranks real queries in a browser is checked in
``tests/browser/test_search.py``; these are the index transformations themselves.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from kientruc.site.search import SEARCH_SEPARATOR, fold_search_index, folded_words

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(("text", "once", "expected"), [
    ("Cơ sở dữ liệu dùng chung", False, "Co so du lieu dung"),
    ("<p>Sở <code>TT&amp;TT</code> (Sở TT&amp;TT), tỉnh.</p>", False, "So So tinh"),
    ("Đường trục (LGSP) 2.0 kết-nối", False, "Duong truc ket noi"),
    ("Dùng chung và sử dụng, dũng", True, "dung va su"),
    ("LGSP NGSP 47/2020/NĐ-CP", False, "ND"),
    ("", False, ""),
])
def test_folded_words_keep_only_words_that_had_diacritics(text: str, once: bool,
                                                          expected: str) -> None:
    assert folded_words(text, once=once) == expected


def _index(tmp_path: Path, config: dict) -> Path:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": config, "docs": [
        {"location": "", "title": "Trang chủ", "text": "<p>Kiến trúc (CQĐT) và LGSP</p>"},
        {"location": "a/", "title": "Huyện Tiền Hải", "text": "Tiền Hải, Tiền Hải"},
        {"location": "a/#x", "title": "Mục", "text": ""},
        {"location": "danh-muc/", "title": "Danh mục", "text": "bảng"},
    ]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_fold_search_index_adds_folded_fields_and_drops_skipped_pages(tmp_path: Path) -> None:
    path = _index(tmp_path, {"lang": ["vi"], "separator": r"[\s\-]+",
                             "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}})
    fold_search_index(path, frozenset({"danh-muc/"}), directory_urls=True)
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEARCH_SEPARATOR
    assert index["config"]["fields"] == {
        "title": {"boost": 1000.0}, "text": {"boost": 1.0},
        "ascii_title": {"boost": 1000.0}, "ascii": {"boost": 1.0}}
    docs = {d["location"]: d for d in index["docs"]}
    assert list(docs) == ["", "a/", "a/#x"]
    assert docs[""]["ascii_title"] == "chu"
    assert docs[""]["ascii"] == "Kien truc CQDT va"
    assert docs["a/"]["ascii_title"] == "huyen tien hai"
    assert docs["a/"]["ascii"] == "Tien Hai Tien Hai"
    assert docs["a/"]["title"] == "Huyện Tiền Hải", "the original fields are untouched"


def test_fold_search_index_keeps_a_separator_set_in_mkdocs_yml(tmp_path: Path) -> None:
    path = _index(tmp_path, {"lang": ["vi"], "separator": r"[\s]+",
                             "fields": {"title": {"boost": 10.0}, "text": {"boost": 2.0}}})
    fold_search_index(path, frozenset(), directory_urls=True)
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r"[\s]+"
    assert index["config"]["fields"]["ascii_title"] == {"boost": 10.0}
    assert index["config"]["fields"]["ascii"] == {"boost": 2.0}
    assert {d["location"]: d["ascii"] for d in index["docs"]}[""] == "Kien truc (CQDT) va"


def test_page_titles_in_the_index_say_which_version(tmp_path: Path) -> None:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": {}, "docs": [
        {"location": "kien-truc/cqdt/2.0/thanh-phan/tb.org.so-tttt/", "title": "Sở TT&TT",
         "text": ""},
        {"location": "kien-truc/dttm/1.0/thanh-phan/tb.org.so-tttt/", "title": "Sở TT&TT",
         "text": ""},
        {"location": "kien-truc/cqdt/2.0/thanh-phan/tb.org.so-tttt/#lien-ket", "title": "Liên kết",
         "text": ""},
        {"location": "kien-truc/chung/vn.org.btttt/", "title": "Bộ TT&TT", "text": ""},
    ]}, ensure_ascii=False), encoding="utf-8")
    fold_search_index(path, frozenset(), directory_urls=True, root="kien-truc")
    titles = [d["title"] for d in json.loads(path.read_text(encoding="utf-8"))["docs"]]
    assert titles == ["Sở TT&TT · cqdt 2.0", "Sở TT&TT · dttm 1.0", "Liên kết", "Bộ TT&TT"]
