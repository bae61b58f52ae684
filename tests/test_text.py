import pytest
from kientruc.text import fold, nfc, slugify


@pytest.mark.parametrize(("text", "folded"), [
    ("Dữ liệu dùng chung", "Du lieu dung chung"),
    ("Sở Thông tin và Truyền thông", "So Thong tin va Truyen thong"),
    ("Huyện Tiền Hải", "Huyen Tien Hai"),
    ("ĐÔNG HƯNG", "DONG HUNG"),
    ("LGSP", "LGSP"),
])
def test_fold_removes_every_vietnamese_mark(text, folded):
    assert fold(text) == folded
    assert fold(nfc(text)) == fold(text.encode().decode())  # NFC or NFD input folds the same


def test_fold_handles_decomposed_input():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Tiền Hải")) == "Tien Hai"


@pytest.mark.parametrize(("heading", "anchor"), [
    ("Sơ đồ ngữ cảnh", "so-do-ngu-canh"),
    ("Đơn vị chủ trì: Sở TT&TT", "don-vi-chu-tri-so-tttt"),
    ("Liên kết <code>đến</code>", "lien-ket-den"),
])
def test_slugify_reads_as_words(heading, anchor):
    assert slugify(heading) == anchor


def test_a_one_year_period_is_one_year():
    from kientruc.text import years

    assert years(2022, 2022) == "2022"
    assert years(2021, 2025) == "2021–2025"
