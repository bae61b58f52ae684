"""The roadmap of a version: projects by year, the project list, lead agencies and funding.

A province plans hundreds of projects, each over several years, so the page is split per
table (see :mod:`.paging`): each year's table, the project list and the lead-agency table show
at most ``caps.preview_rows`` rows, then "và N thành phần khác – xem toàn bộ" links the full
table on its own numbered pages below the roadmap (``lo-trinh/nam-2026.md``,
``lo-trinh/du-an.md``, ``lo-trinh/chu-tri.md``; ``caps.page_rows`` rows each). Summary figures,
totals and the funding table always count everything and stay on the main page, which is
therefore bounded by the years of the version's period, not by the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, TypeVar

from ... import safe
from ...labels import value_label
from ...md import NO_SEARCH, esc, front_matter, mdlink, money, money_total, table
from ...paths import link
from ...text import thousands, years
from ..paging import list_pages, more_line

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeAlias

    from ...model.types import Element, Snapshot
    from ..context import Context

    YearRow: TypeAlias = tuple[Element, str, int | None]
    """A project in one year: the project, that year's tasks and that year's budget."""
    Lead: TypeAlias = tuple[str, list[Element]]
    """A lead agency (as referenced) and the projects it leads."""

ROADMAP = "lo-trinh"
"""Name of the roadmap page of a version (``paths.version_page(key, ROADMAP)``)."""
PROJECT_LIST = "du-an"
LEADS = "chu-tri"

T = TypeVar("T")


def _projects(snapshot: Snapshot) -> list[Element]:
    return sorted(snapshot.of_type("project"),
                  key=lambda p: (p.attrs["start"], p.attrs["end"], p.name_vi))


def _by_year(projects: Sequence[Element]) -> dict[int, list[YearRow]]:
    """Each year of the plan and the projects active in it, years in order."""
    by_year: dict[int, list[YearRow]] = defaultdict(list)
    for project in projects:
        plan = project.attrs.get("year_plan") or {}
        if plan:
            for year, item in plan.items():
                by_year[int(year)].append((project, item["tasks"], item.get("budget_vnd")))
        else:
            for year in range(project.attrs["start"], project.attrs["end"] + 1):
                by_year[year].append((project, "", None))
    return {year: by_year[year] for year in sorted(by_year)}


def _by_lead(projects: Sequence[Element]) -> list[Lead]:
    """Lead agencies, those leading the most projects first."""
    by_lead: dict[str, list[Element]] = defaultdict(list)
    for project in projects:
        for lead in project.related("led_by"):
            by_lead[lead].append(project)
    return sorted(by_lead.items(), key=lambda kv: -len(kv[1]))


def _year_table(ctx: Context, snapshot: Snapshot) -> Callable[[str, Sequence[YearRow]], str]:
    def render(page: str, rows: Sequence[YearRow]) -> str:
        return table(["Dự án, nhiệm vụ", "Chủ trì", "Nhiệm vụ trong năm", "Kinh phí"],
                     [[ctx.marked_link(page, snapshot, p),
                       ", ".join(ctx.ref_link(page, snapshot, x, short=True)
                                 for x in p.related("led_by")),
                       safe.inline(str(tasks)), money(amount, illustrative=p.illustrative)]
                      for p, tasks, amount in rows])
    return render


def _project_table(ctx: Context, snapshot: Snapshot) -> Callable[[str, Sequence[Element]], str]:
    def render(page: str, projects: Sequence[Element]) -> str:
        return table(
            ["Dự án, nhiệm vụ", "Thời gian", "Chủ trì", "Phối hợp", "Tình trạng", "Kinh phí"],
            [[ctx.marked_link(page, snapshot, p), years(p.attrs['start'], p.attrs['end']),
              ", ".join(ctx.ref_link(page, snapshot, x, short=True) for x in p.related("led_by")),
              ", ".join(ctx.ref_link(page, snapshot, x, short=True)
                        for x in p.related("supported_by")),
              value_label("status", p.attrs["status"]),
              money(p.attrs.get("budget_vnd"), illustrative=p.illustrative)]
             for p in projects])
    return render


def _lead_table(ctx: Context, snapshot: Snapshot) -> Callable[[str, Sequence[Lead]], str]:
    def render(page: str, leads: Sequence[Lead]) -> str:
        return table(["Đơn vị chủ trì", "Số dự án, nhiệm vụ", "Kinh phí"],
                     [[ctx.ref_link(page, snapshot, lead), str(len(items)),
                       money_total(sum(p.attrs.get("budget_vnd") or 0 for p in items),
                                   illustrative=any(p.illustrative for p in items))]
                      for lead, items in leads])
    return render


def _year_part(year: int) -> str:
    return f"nam-{year}"


def roadmap_markdown(ctx: Context, snapshot: Snapshot, *, diagram_marker: str | None = None) -> str:
    """Projects by year, by lead agency and by funding source, with totals.

    Args:
        ctx: Site context (``ctx.caps.preview_rows`` rows shown per table).
        snapshot: The version.
        diagram_marker: Where a diagram goes, if any.

    Returns:
        The Markdown of ``lo-trinh.md``; the tables it shortens continue on the pages of
        :func:`roadmap_pages`.
    """
    page = ctx.paths.version_page(snapshot.key, ROADMAP)
    preview = ctx.caps.preview_rows
    projects = _projects(snapshot)
    title = f"Lộ trình – {snapshot.title_vi} {snapshot.version}"
    parts = [front_matter(title=title), "# Lộ trình, dự án và nhiệm vụ",
             f"{esc(snapshot.title_vi)}, phiên bản {snapshot.version}, giai đoạn "
             f"{snapshot.period[0]}–{snapshot.period[1]}: {len(projects)} dự án, nhiệm vụ."]
    if not projects:
        parts.append("*Phiên bản này chưa có dự án, nhiệm vụ nào.*")
        return "\n\n".join(parts) + "\n"

    def shortened(text: str, total: int, part: str) -> str:
        if total <= preview:
            return text
        full = ctx.paths.version_part(snapshot.key, ROADMAP, part)
        return text + "\n\n" + more_line(total - preview, link(page, full))

    total = sum(p.attrs.get("budget_vnd") or 0 for p in projects)
    guessed = any(p.illustrative and p.attrs.get("budget_vnd") for p in projects)
    parts.append(f"**Tổng kinh phí dự kiến:** {money_total(total, illustrative=guessed)}.")
    year_table = _year_table(ctx, snapshot)
    sections = []
    for year, rows in _by_year(projects).items():
        year_total = sum(a or 0 for _, _, a in rows)
        year_guessed = any(p.illustrative and a for p, _, a in rows)
        sections.append(f"### Năm {year}{NO_SEARCH}\n\nKinh phí kế hoạch năm: "
                        f"{money_total(year_total, illustrative=year_guessed)}\n\n"
                        + shortened(year_table(page, rows[:preview]), len(rows),
                                    _year_part(year)))
    parts.append(f"## Theo năm{NO_SEARCH}\n\n" + "\n\n".join(sections))
    parts.append(f"## Danh mục dự án, nhiệm vụ{NO_SEARCH}\n\n" + shortened(
        _project_table(ctx, snapshot)(page, projects[:preview]), len(projects), PROJECT_LIST))
    by_source: dict[str, int] = defaultdict(int)
    funded_guess = False
    for project in projects:
        for source, amount in (project.attrs.get("funding") or {}).items():
            by_source[source] += amount
            funded_guess = funded_guess or project.illustrative
    if by_source:
        parts.append(f"## Theo nguồn vốn{NO_SEARCH}\n\n" + table(
            ["Nguồn vốn", "Kinh phí", "Tỷ lệ"],
            [[value_label("funding", s), money_total(a, illustrative=funded_guess),
              f"{a / total:.0%}" if total else "—"]
             for s, a in sorted(by_source.items(), key=lambda kv: -kv[1])]
            + [["**Tổng**", "**" + money_total(sum(by_source.values()),
                                                illustrative=funded_guess) + "**", ""]]))
    leads = _by_lead(projects)
    parts.append(f"## Theo đơn vị chủ trì{NO_SEARCH}\n\n" + shortened(
        _lead_table(ctx, snapshot)(page, leads[:preview]), len(leads), LEADS))
    if diagram_marker:
        parts.append(diagram_marker)
    return "\n\n".join(parts) + "\n"


def roadmap_pages(ctx: Context, snapshot: Snapshot) -> list[tuple[str, str]]:
    """The full tables that :func:`roadmap_markdown` shortens, on numbered pages.

    Args:
        ctx: Site context (``ctx.caps``: rows the roadmap shows per table, rows per page).
        snapshot: The version.

    Returns:
        ``(source path, Markdown)`` per page: each long year, then the project list, then the
        lead agencies; empty when every table fits on the roadmap.
    """
    roadmap = ctx.paths.version_page(snapshot.key, ROADMAP)
    preview = ctx.caps.preview_rows
    name = f"{snapshot.title_vi} {snapshot.version}"

    def intro(count: str) -> Callable[[str], str]:
        return lambda page: (f"{esc(snapshot.title_vi)}, phiên bản {snapshot.version}: {count}. "
                             + mdlink("← Lộ trình", link(page, roadmap)))

    def pages(part: str, items: Sequence[T], heading: str, count: str,
              body: Callable[[str, Sequence[T]], str]) -> list[tuple[str, str]]:
        if len(items) <= preview:
            return []
        return list_pages(ctx.paths.version_part(snapshot.key, ROADMAP, part), items,
                          ctx.caps.page_rows, title=f"{heading} – {name}", heading=heading,
                          intro=intro(count), body=body)

    projects = _projects(snapshot)
    out = []
    year_table = _year_table(ctx, snapshot)
    for year, rows in _by_year(projects).items():
        out += pages(_year_part(year), rows, f"Lộ trình năm {year}",
                     f"{thousands(len(rows))} dự án, nhiệm vụ trong năm {year}", year_table)
    out += pages(PROJECT_LIST, projects, "Danh mục dự án, nhiệm vụ",
                 f"{thousands(len(projects))} dự án, nhiệm vụ", _project_table(ctx, snapshot))
    leads = _by_lead(projects)
    out += pages(LEADS, leads, "Đơn vị chủ trì dự án, nhiệm vụ",
                 f"{thousands(len(leads))} đơn vị chủ trì", _lead_table(ctx, snapshot))
    return out
