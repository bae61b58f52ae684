"""A real build with hostile editor text in every kind of field: nothing in the output can run.

Validation (``rules.check_texts``) is switched off here on purpose: the review that filed issue 11
found forms it missed, and the sanitiser must hold on its own.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from kientruc.model import load_model, rules
from sitebuild import FIXTURE, build_site, make_site


class _Scan(HTMLParser):
    """Attributes and script text of a page, as a browser reads them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            seen = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if "alert" in name or (name.startswith("on") and "alert" in seen) or \
                    seen.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append("<script>alert")


def executable(markup: str) -> list[str]:
    """Event handlers, script URLs or script bodies an attack could have produced."""
    scan = _Scan()
    scan.feed(markup)
    scan.close()
    return scan.found

ATTACKS = {
    "name_en": "LGSP {: onmouseover=alert(1) }",
    "short": "LGSP{onclick=alert(1)}",
    "description": ("Nền tảng **dùng chung** [x](https://example.org){onclick=alert(1)}\n\n"
                    "Xem [tài liệu][1] và [mã](&#106;avascript:alert(1)).\n"
                    "{: onmouseover=alert(1) }\n\n[1]: javascript:alert(1)\n\n"
                    "<script>alert(1)</script><svg onload=alert(1)>"),
    "note": "Trao đổi **hồ sơ** {: onmouseover=alert(1) }",
    "tasks": "Nâng cấp **LGSP** {: onmouseover=alert(1) }",
    "number": "2323/QĐ-BTTTT {: onmouseover=alert(1) }",
    "title": 'Kiến trúc "mẫu" onload="alert(1)',
    "summary": 'Phiên bản **mẫu** 2.0" onmouseover="alert(1)',
}


LONG = ("Cơ quan **chuyên môn** tham mưu giúp Ủy ban nhân dân tỉnh về thông tin và truyền thông, "
        "chủ trì triển khai kiến trúc Chính quyền điện tử của tỉnh trong giai đoạn mới")
"""A changed description longer than the comparison table shows."""


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_arch(root: Path) -> Path:
    """A copy of the test sources with an attack in name.en, short, description, note, tasks,
    a legal document's number, and the version's title and summary."""
    import shutil

    arch = root / "arch-src"
    shutil.copytree(FIXTURE, arch)

    def elements(data):
        by_id = {e["id"]: e for e in data["elements"]}
        lgsp = by_id["platform.lgsp"]
        lgsp["name"]["en"] = ATTACKS["name_en"]
        lgsp["short"] = ATTACKS["short"]
        lgsp["description"] = ATTACKS["description"]
        lgsp["relations"][0]["note"] = ATTACKS["note"]
        by_id["prj.lgsp"]["year_plan"][2021]["tasks"] = ATTACKS["tasks"]
        by_id["org.so-tttt"]["description"] = LONG

    def version(data):
        data["title"]["vi"] = ATTACKS["title"]
        data["summary"] = ATTACKS["summary"]

    def laws(data):
        for e in data["elements"]:
            if e["id"] == "vn.vb.qd-2323-2019-btttt":
                e["number"] = ATTACKS["number"]

    _edit(arch / "demo" / "2.0" / "thanh-phan.yaml", elements)
    _edit(arch / "demo" / "2.0" / "version.yaml", version)
    _edit(arch / "common" / "van-ban.yaml", laws)
    return arch


@pytest.fixture(scope="module")
def arch(tmp_path_factory) -> Path:
    return hostile_arch(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def no_validation():
    mp = pytest.MonkeyPatch()
    mp.setattr(rules, "check_texts", lambda source: [])
    yield
    mp.undo()


@pytest.fixture(scope="module")
def site(tmp_path_factory, arch, no_validation) -> Path:
    root = make_site(tmp_path_factory.mktemp("site"), options="diagrams: false, downloads: false",
                     arch=arch)
    return build_site(root, strict=False)


def test_validation_reports_what_it_can(arch):
    """Without the switch-off, the editor hears about the raw HTML and script links at their line."""
    from kientruc.errors import KientrucError

    with pytest.raises(KientrucError) as caught:
        load_model(arch)
    assert "thanh-phan.yaml" in str(caught.value)


def test_the_attacks_reached_the_pages(site):
    """Guard against a vacuous pass: the hostile fields are on the pages, shown as text."""
    page = (site / "kien-truc" / "demo" / "2.0" / "thanh-phan" / "platform.lgsp" / "index.html")
    text = page.read_text(encoding="utf-8")
    assert "dùng chung" in text and "onmouseover=alert(1)" in text


def test_no_built_page_carries_executable_editor_markup(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert executable(page.read_text(encoding="utf-8")) == [], page


def test_meta_description_and_title_stay_one_attribute(site):
    page = (site / "kien-truc" / "demo" / "2.0" / "index.html").read_text(encoding="utf-8")
    meta = re.findall(r"<meta name=\"description\"[^>]*>", page)
    assert meta and all('onmouseover="' not in m and "onload=" not in m.replace("&#34;", "")
                        for m in meta)
    assert "**" not in meta[0]
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title and "<" not in title.group(1) and "**" not in title.group(1)


def test_plain_text_outputs_have_no_markdown(arch, no_validation):
    from kientruc.exports.archimate import archimate_xml
    from kientruc.exports.model_json import catalogue_csvs, model_json

    model = load_model(arch)
    snapshot = model.snapshots["demo/2.0"]
    document = json.loads(model_json(model, snapshot))
    lgsp = next(e for e in document["elements"] if e["id"] == "platform.lgsp")
    assert "dùng chung" in lgsp["description"] and "**" not in lgsp["description"]
    assert "**" not in json.dumps(document, ensure_ascii=False)  # attrs (tasks) included
    cells = [cell for data in catalogue_csvs(model, snapshot).values()
             for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert any("dùng chung" in c for c in cells) and not any("**" in c for c in cells)
    xml = archimate_xml(model, snapshot).decode("utf-8")
    assert "dùng chung" in xml and "**" not in xml and "<script" not in xml


def test_pdf_text_has_no_markdown(arch, no_validation):
    from kientruc.exports.handbook import handbook_pdf
    from pypdf import PdfReader

    model = load_model(arch)
    data = handbook_pdf(model, model.snapshots["demo/2.0"])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "dùng chung" in " ".join(text.split()) and "**" not in text


def test_comparison_table_shows_the_changed_text_whole_as_plain_words(site):
    page = (site / "kien-truc" / "demo" / "so-sanh" / "1.0-2.0" / "index.html")
    text = page.read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", text, re.DOTALL) if "Cơ quan" in r)
    assert "**" not in row and "<strong>" not in row and "…" not in row
    assert '<ins class="kt-ins">' in row  # the added words are marked
    words = " ".join(re.sub(r'<span class="kt-sr">[^<]*</span>|<[^>]+>', " ", row).split())
    assert " ".join(LONG.replace("**", "").split()) in words  # whole, word for word
    # The full text is one click away: the row links to the element's page in version 2.0.
    assert "thanh-phan/org.so-tttt/" in row
    full = (site / "kien-truc" / "demo" / "2.0" / "thanh-phan" / "org.so-tttt" / "index.html")
    assert "giai đoạn mới" in full.read_text(encoding="utf-8")
