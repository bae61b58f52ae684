"""Real MkDocs builds of small sites: pages, edit links, bad sources, serve mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from sitebuild import build_site, make_site

FAST = "diagrams: false, downloads: false"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("site"), options=FAST)
    # Comparison and open-data pages come from other stages; only check what this stage makes.
    return build_site(root, strict=False)


def test_generated_pages_exist_in_vietnamese(built):
    html = (built / "kien-truc" / "demo" / "2.0" / "thanh-phan" / "platform.lgsp" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh" in html
    assert (built / "index.html").exists()


def test_edit_button_opens_the_yaml_source(built):
    html = (built / "kien-truc" / "demo" / "2.0" / "thanh-phan" / "platform.lgsp" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/repo/edit/main/arch/demo/2.0/thanh-phan.yaml"' in html


def test_search_index_is_folded_and_skips_catalogues(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    fields = index["config"]["fields"]
    assert fields["ascii_title"] == fields["title"] and fields["ascii"] == fields["text"]
    assert fields["abbr"] == fields["title"], "abbreviations rank like titles"
    docs = {d["location"]: d for d in index["docs"]}
    lgsp = [d for loc, d in docs.items() if loc.startswith("kien-truc/demo/2.0/thanh-phan/platform.lgsp/")]
    assert lgsp and lgsp[0]["ascii_title"].startswith("nen tang tich hop se du lieu tinh")
    assert not [loc for loc in docs if "/danh-muc/" in loc]


def test_bad_sources_fail_the_build_with_the_problem_list_and_keep_the_old_site(tmp_path, caplog):
    root = make_site(tmp_path, options=FAST)
    site = build_site(root, strict=False)
    assert (site / "index.html").exists()
    yaml = root / "arch" / "demo" / "2.0" / "thanh-phan.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("owner: org.so-tnmt", "owner: org.so-tnmtt"), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root, strict=False)
    message = caplog.text
    assert "thanh-phan.yaml:" in message and "org.so-tnmtt" in message and "có phải là 'org.so-tnmt'?" in message
    assert "Traceback" not in message
    assert (site / "index.html").exists(), "a failed build must not delete the previous site"


def test_serve_mode_shows_the_problems_instead_of_crashing(tmp_path):
    root = make_site(tmp_path, options=FAST)
    yaml = root / "arch" / "demo" / "2.0" / "thanh-phan.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\n  - {id: Bad Id, type: node, name: {vi: X}, provenance: illustrative}\n", encoding="utf-8")
    site = build_site(root, strict=False, command="serve")
    html = (site / "kien-truc" / "index.html").read_text(encoding="utf-8")
    assert "Lỗi trong mã nguồn kiến trúc" in html
    assert "Lỗi trong mã nguồn kiến trúc" in (site / "index.html").read_text(encoding="utf-8")
    assert "Bad Id" in html


def test_strict_build_flags_broken_links_in_hand_written_pages(tmp_path):
    root = make_site(tmp_path, options=FAST)
    (root / "docs" / "trang.md").write_text("[x](kien-truc/khong-co.md)\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(root, strict=True)


def test_handbook_gets_the_chapter_diagrams(tmp_path):
    import logging

    from kientruc.build.downloads import version_diagrams
    from kientruc.build.pipeline import start_site
    from kientruc.site.plan import SiteOptions

    root = make_site(tmp_path)
    started = start_site(arch_dir=root / "arch", repo_root=root,
                         options=SiteOptions(generate_home=True), cache_dir=None, memory={},
                         downloads=False, log=logging.getLogger("test"))
    finished = started.pending.wait()
    rendered = {}
    for out in started.files:
        for marker, html in finished.late.blocks(out.src):
            rendered[marker.split(":", 1)[1].split(" ")[0]] = (html, None)
    snapshot = started.model.snapshots["demo/2.0"]
    found = version_diagrams(snapshot, rendered)
    titles = [title for title, _ in found]
    assert titles == ["Sơ đồ tổng thể", "Mô hình liên thông"]


def test_site_url_gives_a_sitemap_and_canonical_links_and_its_absence_is_said(tmp_path, caplog):
    import logging

    root = make_site(tmp_path / "without", options=FAST)
    with caplog.at_level(logging.INFO):
        site = build_site(root, strict=False)
    assert "site_url chưa được đặt" in caplog.text
    # a build says a few lines, not one per generated page (MkDocs' "not included in the nav")
    assert "kien-truc/demo/2.0/thanh-phan" not in caplog.text
    assert len([r for r in caplog.records if r.name.startswith("mkdocs")]) < 10
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    root = make_site(tmp_path / "with", options=FAST)
    yml = root / "mkdocs.yml"
    yml.write_text("site_url: https://kientruc.example.gov.vn/\n" + yml.read_text("utf-8"), "utf-8")
    caplog.clear()
    site = build_site(root, strict=False)
    assert "site_url chưa được đặt" not in caplog.text
    page = (site / "kien-truc" / "demo" / "2.0" / "thanh-phan" / "platform.lgsp" / "index.html")
    assert ('<link rel="canonical" href="https://kientruc.example.gov.vn/kien-truc/demo/2.0/'
            'thanh-phan/platform.lgsp/">') in page.read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kientruc.example.gov.vn/kien-truc/demo/2.0/thanh-phan/platform.lgsp/" in sitemap
