"""The index side of Vietnamese search without diacritics (``kientruc.build.pipeline``).

How the folded index ranks real queries in a browser is checked in
``tests/browser/test_search.py``; these are the index transformations themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from kientruc.model.types import GlossaryTerm
from kientruc.site.search import (
    OLD_VERSION_BOOST,
    SEARCH_SEPARATOR,
    abbreviation_words,
    abbreviations,
    fold_search_index,
    folded_words,
    strip_boilerplate,
)


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
        "ascii_title": {"boost": 1000.0}, "ascii": {"boost": 1.0}, "abbr": {"boost": 1000.0}}
    docs = {d["location"]: d for d in index["docs"]}
    assert list(docs) == ["", "a/", "a/#x"]
    assert docs[""]["ascii_title"] == "chu"
    assert docs[""]["ascii"] == "Kien truc CQDT va"
    assert docs["a/"]["ascii_title"] == "huyen tien hai"
    assert docs["a/"]["ascii"] == "Tien Hai Tien Hai"
    assert docs["a/"]["title"] == "Huyện Tiền Hải", "the original fields are untouched"
    assert set(docs["a/#x"]) == {"location", "title", "text", "ascii_title"}  # no empty field


def test_fold_search_index_keeps_a_separator_set_in_mkdocs_yml(tmp_path: Path) -> None:
    path = _index(tmp_path, {"lang": ["vi"], "separator": r"[\s]+",
                             "fields": {"title": {"boost": 10.0}, "text": {"boost": 2.0}}})
    fold_search_index(path, frozenset(), directory_urls=True)
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r"[\s]+"
    assert index["config"]["fields"]["ascii_title"] == {"boost": 10.0}
    assert index["config"]["fields"]["ascii"] == {"boost": 2.0}
    assert {d["location"]: d.get("ascii") for d in index["docs"]}[""] == "Kien truc (CQDT) va"


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
    assert titles == ["Sở TT&TT · cqdt 2.0", "Sở TT&TT · dttm 1.0", "Liên kết",
                      "Bộ TT&TT · dùng chung"]


def _term(term: str, vi: str) -> GlossaryTerm:
    return GlossaryTerm(term=term, vi=vi, en=None, description="")


GLOSSARY = [
    _term("CSDL", "Cơ sở dữ liệu"),
    _term("UBND", "Ủy ban nhân dân (tỉnh/huyện/xã)"),
    _term("DVC", "Dịch vụ công; Cổng Dịch vụ công quốc gia / cấp tỉnh"),
    _term("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    _term("Kiến trúc hiện trạng", "Kiến trúc hiện trạng"),
    _term("Nguyên tắc", "Nguyên tắc, tầm nhìn, mục tiêu"),
    _term("TTDL", "Trung tâm dữ liệu / Trung tâm tích hợp dữ liệu"),
]


def test_abbreviations_come_from_the_glossary() -> None:
    assert abbreviations(GLOSSARY) == (
        ("CSDL", "Cơ sở dữ liệu"), ("UBND", "Ủy ban nhân dân"), ("DVC", "Dịch vụ công"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"), ("TTDL", "Trung tâm dữ liệu"))


def test_abbreviations_exist_in_the_real_glossary() -> None:
    """The abbreviations issue 14 lists are in arch/common, each with its long form."""
    glossary = Path(__file__).resolve().parents[1] / "arch/common/quoc-gia/thuat-ngu.yaml"
    entries = yaml.safe_load(glossary.read_text("utf-8"))["glossary"]
    pairs = dict(abbreviations(_term(e["term"], e["vi"]) for e in entries))
    for short in ("Sở TT&TT", "UBND", "HĐND", "CSDL", "DVC", "TTHC", "CNTT", "ATTT", "LGSP",
                  "NGSP", "IOC", "ĐTTM", "CQĐT"):
        assert short in pairs, short
    assert pairs["CSDL"] == "Cơ sở dữ liệu"
    assert pairs["TTHC"] == "Thủ tục hành chính"


@pytest.mark.parametrize(("title", "expected"), [
    ("Cơ sở dữ liệu quốc gia về dân cư", "csdl"),
    ("Danh mục CSDL quốc gia", "cơ co sở so dữ du liệu lieu"),
    ("Sở Thông tin và Truyền thông tỉnh Thái Bình (Sở TT&amp;TT)", "tt&tt"),
    ("Sở Thông tin và Truyền thông", "sở so tt&tt"),
    ("Sở Kế hoạch và Đầu tư (Sở KH&amp;ĐT)", "kh&đt kh&dt"),
    ("UBND huyện Tiền Hải", "ủy uy ban nhân nhan dân dan"),
    ("Cổng <code>DVC</code>", "dịch dich vụ vu công cong"),
    ("Đường dây nóng", ""),
])
def test_abbreviation_words_give_the_other_form(title: str, expected: str) -> None:
    assert abbreviation_words(title, abbreviations(GLOSSARY)) == expected


def test_strip_boilerplate_keeps_the_description() -> None:
    text = ("<p>Phiên bản cũ</p> <p>Trang này thuộc một phiên bản đã có phiên bản mới hơn.</p> "
            "<p>Phiên bản: 1.0 · 2.0</p> <p>Cơ sở dữ liệu · Dữ liệu · Kiến trúc CQĐT 2.0</p> "
            "<p>Thông tin minh họa</p> <p>Thông tin về thành phần này mang tính minh họa: chưa"
            " được đối chiếu.</p> <p>Vận hành từ năm 2021 · nâng cấp 2023.</p> <p>Thêm.</p>")
    assert strip_boilerplate(text) == "<p>Vận hành từ năm 2021 · nâng cấp 2023.</p> <p>Thêm.</p>"
    assert strip_boilerplate("<p>Mô tả ngắn.</p>") == "<p>Mô tả ngắn.</p>"
    assert strip_boilerplate("<p>Cơ quan · Dữ liệu dùng chung</p>") == ""


def test_index_gets_abbreviations_boilerplate_free_text_and_old_versions_rank_lower(
        tmp_path: Path) -> None:
    path = tmp_path / "search_index.json"
    text = "<p>Phiên bản: 1.0 · 2.0</p> <p>Cơ sở dữ liệu · Dữ liệu</p> <p>Dân cư.</p>"
    path.write_text(json.dumps({"config": {}, "docs": [
        {"location": "kien-truc/cqdt/1.0/thanh-phan/tb.db.x/", "title": "CSDL X", "text": text,
         "boost": 2},
        {"location": "kien-truc/cqdt/2.0/thanh-phan/tb.db.x/", "title": "CSDL X", "text": text},
        {"location": "kien-truc/cqdt/1.0/kien-truc-du-lieu/", "title": "Dữ liệu", "text": text},
        {"location": "kien-truc/chung/vn.db.y/", "title": "Cơ sở dữ liệu Y", "text": text},
    ]}, ensure_ascii=False), encoding="utf-8")
    fold_search_index(path, frozenset(), directory_urls=True,
                      abbreviation_pairs=abbreviations(GLOSSARY))
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    assert [d.get("boost") for d in docs] == [2 * OLD_VERSION_BOOST, None, OLD_VERSION_BOOST,
                                               None]
    assert [d["text"] for d in docs] == ["<p>Dân cư.</p>", "<p>Dân cư.</p>", text,
                                         "<p>Dân cư.</p>"], "chapter pages keep their text"
    assert [d.get("abbr") for d in docs] == ["cơ co sở so dữ du liệu lieu"] * 2 + [None, "csdl"]
