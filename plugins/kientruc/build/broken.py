"""What ``mkdocs serve`` shows while the sources are broken: the problem list and a banner.

The preview never goes blank while an editor is typing: the architecture's home page lists every
problem, each linked to its line in the repository, and every other page keeps the last valid
build with a banner at the top naming the first problems, so the editor sees what to fix on the
page they are looking at.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ..md import esc, front_matter
from ..paths import SitePaths, href
from ..safe import literal
from .pipeline import OutFile

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..errors import ModelError, Problem
    from ..site.nav import NavItem

BANNER_PROBLEMS = 3
"""How many problems the banner names; the home page lists them all."""


def _link_and_text(problem: Problem, source_link: Callable[[str, int], str | None] | None,
                   ) -> tuple[str | None, str]:
    """The address of the problem's line (if known) and what to say: field, then message."""
    url = source_link(problem.file, problem.line) if source_link else None
    return url, (f"{problem.where}: " if problem.where else "") + problem.message


def error_pages(error: ModelError, output_dir: str, *, home: bool = False,
                stale: bool = False,
                source_link: Callable[[str, int], str | None] | None = None,
                ) -> tuple[list[OutFile], list[NavItem]]:
    """Pages shown by ``mkdocs serve`` while the sources are broken: the problem list.

    With ``home``, the site's home page (normally generated) shows the list too; with
    ``stale``, the other pages are those of the last valid build (and the text says so).
    ``source_link(file, line)`` gives the address of a source file's line in the repository
    (from ``repo_url``), so each problem opens where it is. Messages are shown as written: the
    location in a code span, the message as escaped text (never inside a code span, where the
    escapes would show as backslashes and ``&lt;``).
    """
    paths = SitePaths(output_dir)

    def item(problem: Problem) -> str:
        location = "`" + problem.location().replace("`", "'") + "`"
        url, said = _link_and_text(problem, source_link)
        return (f"- [{location}]({url}): " if url else f"- {location}: ") + esc(said)

    body = "\n".join(item(p) for p in error.problems)
    lead = ("Các trang khác đang hiển thị bản dựng hợp lệ gần nhất, chưa có thay đổi mới. "
            if stale else "Trang kiến trúc chưa được tạo vì mã nguồn YAML có lỗi. ")
    text = (front_matter(title="Lỗi trong mã nguồn kiến trúc")
            + "# Lỗi trong mã nguồn kiến trúc\n\n" + lead
            + "Sửa các lỗi dưới đây, trang sẽ tự tải lại.\n\n" + body + "\n")
    files = [OutFile(src=paths.home(), content=text)]
    if home:
        files.append(OutFile(src="index.md", content=text))
    return files, [paths.home()]


def stale_banner(error: ModelError, output_dir: str, page: str, *, directory_urls: bool,
                 source_link: Callable[[str, int], str | None] | None = None) -> str:
    """The banner on ``page`` (a source path) while it shows the last valid build.

    It names the first :data:`BANNER_PROBLEMS` problems, each location linked to its line in
    the repository when ``source_link`` knows the address, and links to the full list on the
    architecture's home page. No editor text is read as Markdown or HTML.
    """
    count = len(error.problems)
    items = []
    for problem in error.problems[:BANNER_PROBLEMS]:
        shown = f"<code>{html.escape(problem.location())}</code>"
        url, said = _link_and_text(problem, source_link)
        if url:
            shown = f'<a href="{html.escape(url, quote=True)}">{shown}</a>'
        items.append(f"<li>{shown}: {literal(said)}</li>")
    home = href(page, SitePaths(output_dir).home(), directory_urls=directory_urls)
    more = f"Xem đủ {count} lỗi" if count > BANNER_PROBLEMS else "Xem danh sách lỗi"
    return ('<div class="admonition danger kientruc-stale"><p class="admonition-title">Mã '
            f'nguồn kiến trúc đang có {count} lỗi</p><p>Trang này là bản dựng hợp lệ gần nhất. '
            f'Sửa các lỗi sau, trang sẽ tự tải lại:</p><ul>{"".join(items)}</ul>'
            f'<p><a href="{html.escape(home, quote=True)}">{more}</a></p></div>')


def insert_banner(html_text: str, banner: str) -> str:
    """Put ``banner`` at the top of the page's content (Material's article)."""
    marker = '<article class="md-content__inner md-typeset">'
    return (html_text.replace(marker, marker + banner, 1) if marker in html_text
            else html_text)
