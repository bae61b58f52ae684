"""The theme overrides stay copies of Material's files with only the intended change.

When Material is upgraded and one of these files changes upstream, the test names the file to
copy again (then re-apply the change described in its header).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.S)

CHANGES = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" '
        "aria-label=\"{{ lang.t('search') }}\">"),
    "partials/source.html": (' data-md-component="source"', ""),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_partial_is_materials_with_one_change(name: str) -> None:
    old, new = CHANGES[name]
    stock = HEADER.sub("", (THEME / name).read_text(encoding="utf-8"))
    ours = HEADER.sub("", (OVERRIDES / name).read_text(encoding="utf-8"))
    assert old in stock, f"Material's {name} changed: copy it again into overrides/"
    assert ours == stock.replace(old, new, 1)


VI_STRINGS = {
    "search.result.initializer": ("Initializing search", "Đang chuẩn bị tìm kiếm…"),
    "search.result.more.one": ("1 từ khác trong trang", "1 kết quả khác trong trang này"),
    "search.result.more.other": ("# từ khác trong trang", "# kết quả khác trong trang này"),
    "search.result.term.missing": ("Không", "Không chứa"),
    "search.result.none": ("Không tìm thấy tài liệu liên quan", "Không tìm thấy trang nào phù hợp"),
    "search.result.one": ("1 tài liệu liên quan", "1 trang phù hợp"),
    "search.result.other": ("# tài liệu liên quan", "# trang phù hợp"),
}
"""Material's Vietnamese search strings that were English or wrong, and ours."""


def test_vietnamese_strings_are_materials_with_the_search_strings_corrected() -> None:
    name = "partials/languages/vi.html"
    stock = HEADER.sub("", (THEME / name).read_text(encoding="utf-8"))
    ours = HEADER.sub("", (OVERRIDES / name).read_text(encoding="utf-8"))
    for key, (old, new) in VI_STRINGS.items():
        line = f'"{key}": "{old}"'
        assert line in stock, f"Material's {name} changed: copy it again into overrides/"
        stock = stock.replace(line, f'"{key}": "{new}"', 1)
    assert ours == stock


def test_lunr_vi_starts_with_materials_own_copy() -> None:
    name = "assets/javascripts/lunr/min/lunr.vi.min.js"
    stock = (THEME / name).read_text(encoding="utf-8").strip()
    ours = (OVERRIDES / name).read_text(encoding="utf-8")
    assert stock in ours, f"Material's {name} changed: copy it again into overrides/"
    assert "lunr.Index.prototype.search = function" in ours
    assert "this.searchPipeline.reset()" in ours, "lunr's English stemmer stays off queries"
