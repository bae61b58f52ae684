"""The pull-request preview navigates when opened from disk (``use_directory_urls: false``).

A reviewer downloads the preview artifact, unzips it and opens ``index.html``: every link a
page makes must name an existing file, never a folder (``file://…/thanh-phan/x/`` shows a
directory listing, not the page).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from sitebuild import build_site, make_site

LINK = re.compile(r'(?:href|src|xlink:href)="([^"]+)"')


def local_targets(site: Path) -> list[tuple[Path, str, Path]]:
    """``(page, link, file it opens)`` for every relative link of every built page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served by the web server from the root: absolute links
            continue
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith(("#", "/")):
                continue
            path = unquote(link.split("#")[0].split("?")[0])
            if path:
                found.append((page, link, page.parent / path))
    return found


def test_every_link_of_the_preview_opens_a_file(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")  # the logo's link
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n"
                      "nav: [{Trang chủ: index.md}, {Kiến trúc: kien-truc/}]\n",  # as mkdocs.yml
                      encoding="utf-8")
    site = build_site(root)
    targets = local_targets(site)
    pages = {str(t.relative_to(site)) for _, _, t in targets if t.suffix == ".html"}
    assert any("/thanh-phan/" in p for p in pages)  # element pages are linked and checked
    assert any("/so-sanh/" in p for p in pages)  # so are comparisons
    broken = [(str(p.relative_to(site)), link) for p, link, t in targets
              if link.endswith("/") or not t.is_file()]
    assert broken == []
