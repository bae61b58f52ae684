"""The built pages are valid HTML: the Nu HTML Checker (vnu.jar) reports no error.

The checker is the W3C's (npm ``vnu-jar``, installed by ``.ci/install-linters``; it runs on
Java, installed by ``.ci/setup``). Material writes three kinds of error on every page; the
plugin fixes them (:mod:`kientruc.build.theme_html`), and the unit tests below pin each fix.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from kientruc.build.theme_html import RESET_TOGGLES, valid_html

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / ".cache/linters/node_modules/vnu-jar/build/dist/vnu.jar"

MATERIAL = (
    '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
    'autocomplete="off">\n<input class="md-toggle" data-md-toggle="search" type="checkbox" '
    'id="__search" autocomplete="off">\n<main><label class="md-nav__link" for="__nav_3" '
    'id="__nav_3_label" tabindex="">Kiến trúc</label><label class="md-nav__title" '
    'for="__toc">Mục lục</label><input class="search" autocomplete="off"></main>\n'
    '<script id="__config" type="application/json">{}</script>'
    '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script></body>')
"""The three errors as Material 9 writes them (a page outside the navigation: no ``__toc``)."""


def test_the_theme_errors_are_fixed_and_the_toggles_reset_before_materials_script() -> None:
    fixed = valid_html(MATERIAL)
    assert 'tabindex=""' not in fixed
    assert '<label class="md-nav__title">Mục lục</label>' in fixed
    assert fixed.count('autocomplete="off"') == 1  # the search field keeps it: allowed there
    assert fixed.index(RESET_TOGGLES) < fixed.index("assets/javascripts/bundle.")
    assert valid_html(fixed) == fixed  # a page taken from the page cache passes again


def test_a_page_with_a_table_of_contents_keeps_its_label() -> None:
    page = MATERIAL.replace("<main>", '<main><input class="md-nav__toggle md-toggle" '
                                      'type="checkbox" id="__toc">')
    assert '<label class="md-nav__title" for="__toc">' in valid_html(page)


def test_without_materials_script_the_toggles_keep_their_attribute() -> None:
    """No place for the reset: keep ``autocomplete`` rather than let a browser restore them."""
    page = MATERIAL.replace("assets/javascripts/bundle.", "assets/other.")
    assert valid_html(page).count('autocomplete="off"') == 3


def test_the_nu_html_checker_finds_no_error_in_the_built_site(built_site: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is missing: run .ci/setup test (it installs default-jre-headless)"
    assert VNU.is_file(), "vnu.jar is missing: run .ci/install-linters (npm vnu-jar)"
    pages = sorted(built_site.rglob("*.html"))
    sample = [built_site / "404.html", *pages[::3]]  # every family, a third of the pages
    assert len(sample) > 150
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                           *map(str, sample)], capture_output=True, text=True, check=False)
    found = json.loads(done.stderr or done.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/', 3)[-3:]}:{m.get('lastLine')}: {m['message']}"
              for m in found if m["type"] == "error"]
    assert errors == [], errors[:10]
