"""Where every generated page lives, and how to link between them.

All paths are Markdown source paths relative to ``docs_dir`` (``kien-truc/cqdt/2.0/index.md``).
Pages link to each other with relative ``.md`` links (MkDocs checks them under ``--strict``);
raw HTML such as inline SVG diagrams needs a real URL, computed by :func:`href`.
"""

from __future__ import annotations

import posixpath

from .metamodel import ELEMENT_TYPES

ROOT = "kien-truc"
"""Default output folder of the generated pages (``output_dir`` in ``mkdocs.yml``)."""


class SitePaths:
    """Source paths of generated pages under one output folder."""

    def __init__(self, root: str = ROOT) -> None:
        self.root = root.strip("/")

    def home(self) -> str:
        """The list of architectures and their versions."""
        return f"{self.root}/index.md"

    def architecture(self, arch: str) -> str:
        """An architecture: its versions and comparisons."""
        return f"{self.root}/{arch}/index.md"

    def version(self, key: str) -> str:
        """A version's overview (``key`` is ``cqdt/2.0``)."""
        return f"{self.root}/{key}/index.md"

    def chapter(self, key: str, chapter: str) -> str:
        """A chapter of a version (``kien-truc-ung-dung``)."""
        return f"{self.root}/{key}/{chapter}.md"

    def catalogue(self, key: str, type_id: str) -> str:
        """The catalogue table of one element type in a version."""
        return f"{self.root}/{key}/danh-muc/{ELEMENT_TYPES[type_id].slug}.md"

    def element(self, key: str, element_id: str) -> str:
        """An element's page in a version (also the "retired" page of a removed element)."""
        return f"{self.root}/{key}/thanh-phan/{element_id}.md"

    def element_links(self, key: str, element_id: str) -> str:
        """Every relation into an element, when its page shows only the first of each type."""
        return f"{self.root}/{key}/thanh-phan/{element_id}/lien-ket.md"

    def common(self, element_id: str) -> str:
        """A page of common reference data (legal documents, national systems)."""
        return f"{self.root}/chung/{element_id}.md"

    def version_page(self, key: str, name: str) -> str:
        """Other pages of a version: ``lo-trinh``, ``kho-khan``, ``can-cu``, ``du-lieu-mo``."""
        return f"{self.root}/{key}/{name}.md"

    def version_part(self, key: str, page: str, part: str) -> str:
        """The full list behind a shortened table of a version page, below that page.

        ``lo-trinh`` + ``nam-2026`` → ``lo-trinh/nam-2026.md``; ``kien-truc-ung-dung`` +
        ``applications`` (a chapter's layer) → ``kien-truc-ung-dung/applications.md``.
        """
        return f"{self.root}/{key}/{page}/{part}.md"

    def comparison(self, arch: str, old: str, new: str) -> str:
        """The comparison of two versions of one architecture."""
        return f"{self.root}/{arch}/so-sanh/{old}-{new}.md"

    def comparison_data(self, arch: str, old: str, new: str) -> str:
        """The comparison's data as JSON (what ``kientruc diff --format json`` prints)."""
        return f"{self.root}/{arch}/so-sanh/{old}-{new}/thay-doi.json"

    def comparison_layer(self, arch: str, old: str, new: str, layer: str | None) -> str:
        """Every changed element of one layer, when the comparison shows only the first."""
        return f"{self.root}/{arch}/so-sanh/{old}-{new}/{layer or 'khac'}.md"

    def comparison_index(self, arch: str) -> str:
        """The page that lets a reader pick any two versions to compare."""
        return f"{self.root}/{arch}/so-sanh/index.md"

    def download(self, key: str, name: str) -> str:
        """A downloadable file of a version (``model.json``, ``ung-dung.csv`` …)."""
        return f"{self.root}/{key}/tai-ve/{name}"

    def download_schema(self) -> str:
        """The published JSON Schema of every version's ``model.json``."""
        return f"{self.root}/model.schema.json"

    def site_page(self, name: str) -> str:
        """Site-wide pages: ``thuat-ngu`` (glossary), ``du-lieu-mo`` (open data)."""
        return f"{self.root}/{name}.md"


def numbered(src: str, number: int) -> str:
    """Source path of page ``number`` of a long list whose first page is ``src``.

    Page 1 keeps the list's own address, so existing links still work; the others go below it:
    ``danh-muc/dich-vu-cong.md`` → ``danh-muc/dich-vu-cong/trang-2.md``.
    """
    if number <= 1:
        return src
    return f"{src.removesuffix('.md')}/trang-{number}.md"


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for the site's relative paths, at a fraction of its cost.

    The standard function makes both paths absolute first, asking the OS for the working
    folder each time; a national-size site computes about 340,000 links per build, and that
    was 7 s of it. Paths that are absolute or climb (``..``) still go to the standard function.
    """
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def link(from_page: str, to_page: str) -> str:
    """Relative Markdown link from one source page to another (``../thanh-phan/x.md``)."""
    return relpath(to_page, posixpath.dirname(from_page) or ".")


def url_of(src_path: str, *, directory_urls: bool = True) -> str:
    """URL path of a source page as MkDocs builds it, relative to the site root."""
    if not src_path.endswith(".md"):
        return src_path
    stem = src_path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_page: str, to_page: str, *, directory_urls: bool = True) -> str:
    """Relative URL for raw HTML (an SVG node link) on ``from_page`` pointing at ``to_page``.

    Relative URLs keep working when the site is served from a sub-path.
    """
    here = url_of(from_page, directory_urls=directory_urls)
    there = url_of(to_page, directory_urls=directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    rel = relpath(there or ".", base.rstrip("/") or ".")
    if there.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in {".", "./"} else rel
