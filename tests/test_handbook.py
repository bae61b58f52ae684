from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from kientruc.errors import KientrucError
from kientruc.exports.handbook import FontMissingError, build_date, handbook_pdf
from kientruc.model import load_model
from kientruc.model.types import Approval
from pypdf import PdfReader

if TYPE_CHECKING:
    from kientruc.model.types import Model

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"

# A small Graphviz-like SVG: transparent fill, a link, Times as the font, Vietnamese labels.
SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="260pt" height="120pt" viewBox="0.00 0.00 260.00 120.00"
 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="v1" class="graph" transform="translate(4 116)">
<title>G</title>
<polygon fill="white" stroke="transparent" points="-4,4 -4,-116 256,-116 256,4 -4,4"/>
<g id="v1_node1" class="node"><title>a</title>
<g id="a_v1_node1"><a xlink:href="../thanh-phan/lgsp/" xlink:title="LGSP">
<polygon fill="none" stroke="black" points="200,-108 20,-108 20,-72 200,-72 200,-108"/>
<text text-anchor="middle" x="110" y="-86" font-family="Times,serif" font-size="14.00">Nền tảng LGSP tỉnh</text>
</a></g></g>
<g id="v1_node2" class="node"><title>b</title>
<polygon fill="none" stroke="black" points="200,-36 20,-36 20,0 200,0 200,-36"/>
<text text-anchor="middle" x="110" y="-14" font-family="DejaVu Sans" font-size="14.00">Cơ sở dữ liệu đất đai</text>
</g></g></svg>
"""

DIAGRAMS = [("Mô hình liên thông", SVG), ("Sơ đồ tổng thể – phiên bản 2.0", SVG),
            ("Sơ đồ kết nối LGSP", SVG), ("Sơ đồ hỏng", "<svg><g>")]
ROWS = [("Thành phần được bổ sung", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)",
         "Bổ sung ở lớp Nền tảng tích hợp"),
        ("Thành phần bị loại bỏ", "Hệ thống một cửa điện tử",
         "Được thay thế bởi Hệ thống thông tin giải quyết thủ tục hành chính tỉnh")]


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(FIXTURE)


@pytest.fixture(scope="module")
def pdf(model: Model) -> bytes:
    return handbook_pdf(model, model.snapshots["demo/2.0"], comparison_rows=ROWS,
                        diagrams=DIAGRAMS)


def _pages(data: bytes, *numbers: int) -> list[str]:
    """Text of the pages (all by default), whitespace collapsed: table cells wrap anywhere."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join(pages[i].extract_text().split()) for i in numbers or range(len(pages))]


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    return _pages(pdf)


def test_cover(pages: list[str]) -> None:
    cover = pages[0]
    for text in ("Kiến trúc Chính quyền điện tử tỉnh", "Phiên bản 2.0", "Trạng thái", "dự thảo",
                 "Quyết định phê duyệt", "chưa có quyết định phê duyệt", "2021–2025",
                 "Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 2.0"):
        assert text in cover
    assert "Trang 1" not in cover  # no page number on the cover


def test_cover_names_the_approving_decision(model: Model) -> None:
    snapshot = dataclasses.replace(model.snapshots["demo/1.0"], status="approved", approval=Approval(
        number="123/QĐ-UBND", date="2016-05-20", signer="Nguyễn Văn A", provenance="confirmed"))
    cover = _pages(handbook_pdf(model, snapshot), 0)[0]
    assert "đã phê duyệt" in cover
    assert "Số 123/QĐ-UBND, ngày 20/05/2016, người ký: Nguyễn Văn A" in cover
    assert "chưa có quyết định" not in cover


def test_contents_page_lists_every_chapter(pages: list[str], model: Model) -> None:
    contents = pages[1]
    assert "Mục lục" in contents
    assert "Trang 2" in contents
    for chapter in model.snapshots["demo/2.0"].framework.chapters:
        assert chapter.title in contents
    for title in ("Tổng quan", "Căn cứ pháp lý", "Danh mục ứng dụng", "Lộ trình thực hiện",
                  "Kế hoạch theo năm", "Khó khăn, vướng mắc", "Sơ đồ kiến trúc",
                  "Sơ đồ kết nối LGSP", "Phụ lục: So sánh với phiên bản trước"):
        assert title in contents


def test_chapters_catalogues_and_diacritics(pages: list[str]) -> None:
    text = "\n".join(pages)
    for i, page in enumerate(pages[1:], start=2):
        assert f"Trang {i}" in page
    for needle in (
        "Kiến trúc ứng dụng", "Danh mục ứng dụng", "Hệ thống thông tin đất đai",
        "Chủ quản: Sở Tài nguyên và Môi trường", "Đặt tại hạ tầng: Trung tâm dữ liệu tỉnh",
        "Liên thông với: Hệ thống thông tin đất đai (qua LGSP)",
        "Danh mục cơ sở dữ liệu", "Kiến trúc dữ liệu", "Danh mục cơ quan, đơn vị",
        "Chính quyền điện tử lấy người dân làm trung tâm",  # the vision
        "2323/QĐ-BTTTT",  # the legal basis
        "Dự án, nhiệm vụ", "Nâng cấp LGSP và kết nối NGSP", "khoảng 8 tỷ đồng",
        "Cộng năm 2021", "khoảng 5 tỷ đồng", "Thiếu kinh phí duy trì LGSP", "Đang xử lý",
        "minh họa (chưa xác minh)",
    ):
        assert needle in text, needle
    assert "Phiên bản này chưa có thành phần thuộc chương này." in text  # empty chapters say so


def test_diagrams_are_drawn_or_noted(pages: list[str]) -> None:
    text = "\n".join(pages)
    # Drawn as vector graphics: their labels become text of the PDF.
    assert text.count("Cơ sở dữ liệu đất đai") == 3
    assert "Nền tảng LGSP tỉnh" in text
    broken = next(p for p in pages if "Sơ đồ hỏng" in p and "Mục lục" not in p)
    assert "Không thể hiển thị sơ đồ này trong tệp PDF" in broken
    # A diagram titled like a chapter (alone or before " – ") sits in that chapter.
    overall = next(p for p in pages if p.startswith(
        "Kiến trúc Chính quyền điện tử tỉnh Mẫu – phiên bản 2.0 Sơ đồ tổng thể"))
    assert "Sơ đồ tổng thể – phiên bản 2.0 Nền tảng LGSP tỉnh" in overall
    integration = next(p for p in pages if p.startswith(
        "Kiến trúc Chính quyền điện tử tỉnh Mẫu – phiên bản 2.0 Mô hình liên thông"))
    assert "Nền tảng LGSP tỉnh" in integration


def test_appendix(pages: list[str]) -> None:
    last = pages[-1]
    assert "Phụ lục: So sánh với phiên bản trước" in last
    assert "so với phiên bản demo/1.0" in last
    for row in ROWS:
        assert row[0] in last
        assert row[1] in last


def test_first_version_has_no_comparison(model: Model) -> None:
    data = handbook_pdf(model, model.snapshots["demo/1.0"])
    cover, last = _pages(data, 0, len(PdfReader(io.BytesIO(data)).pages) - 1)
    assert "không có phiên bản trước để so sánh" in last
    assert "đã được thay thế" in cover


def test_identical_bytes(model: Model, pdf: bytes) -> None:
    again = handbook_pdf(load_model(FIXTURE), model.snapshots["demo/2.0"], comparison_rows=ROWS,
                         diagrams=DIAGRAMS)
    assert again == pdf


def test_creation_date_from_source_date_epoch(model: Model,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = handbook_pdf(model, model.snapshots["demo/1.0"])
    assert PdfReader(io.BytesIO(data)).metadata["/CreationDate"] == "D:20231114221320Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert handbook_pdf(model, model.snapshots["demo/1.0"]) != data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(KientrucError, match="SOURCE_DATE_EPOCH"):
        build_date()


def test_missing_font_names_the_package(model: Model, tmp_path: Path) -> None:
    with pytest.raises(FontMissingError, match="apt-get install fonts-dejavu-core"):
        handbook_pdf(model, model.snapshots["demo/1.0"], font_dir=tmp_path)


def test_long_contents_take_more_pages(model: Model) -> None:
    diagrams = [(f"Sơ đồ số {i}", "<svg/>") for i in range(30)]
    contents, more, after = _pages(
        handbook_pdf(model, model.snapshots["demo/1.0"], diagrams=diagrams), 1, 2, 3)
    assert "Mục lục" in contents
    assert "Sơ đồ số 29" in more  # the contents continue on a second page
    assert "Trang 3" in more
    assert "Trang 4" in after
    assert "Tổng quan" in after
