"""The rules of a project element: years inside the version's period, money that adds up.

They need the version's period, which the project's own spec cannot see, so they run while
the model is resolved rather than in the spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import thousands

if TYPE_CHECKING:
    from ..errors import Problem
    from ..source.reader import Path_, Source
    from ..source.spec import ProjectSpec

__all__ = ["check_project"]


def _dong(amount: int) -> str:
    return f"{thousands(amount)} đồng"


def check_project(source: Source, spec: ProjectSpec, base: Path_, scope: str,
                  period: tuple[int, int] | None) -> list[Problem]:
    """Every problem with the project's years, year plan and funding."""
    problems: list[Problem] = []
    if spec.end < spec.start:
        problems.append(source.problem((*base, "end"), (
            f"năm kết thúc {spec.end} trước năm bắt đầu {spec.start}"), value=True))
    elif period is not None:
        low, high = period
        if spec.start < low:
            problems.append(source.problem((*base, "start"), (
                f"dự án bắt đầu năm {spec.start}, trước giai đoạn {low}–{high} của phiên "
                f"bản {scope}; dự án phải nằm trong giai đoạn của phiên bản"), value=True))
        if spec.end > high:
            problems.append(source.problem((*base, "end"), (
                f"dự án kết thúc năm {spec.end}, sau giai đoạn {low}–{high} của phiên bản "
                f"{scope}; dự án phải nằm trong giai đoạn của phiên bản"), value=True))
    if spec.funding and spec.budget_vnd is not None:
        total = sum(spec.funding.values())
        if total != spec.budget_vnd:
            parts = " + ".join(_dong(v) for v in spec.funding.values())
            problems.append(source.problem((*base, "funding"), (
                f"tổng các nguồn vốn {_dong(total)} ({parts}) khác tổng mức đầu tư "
                f"budget_vnd {_dong(spec.budget_vnd)}")))
    for year in spec.year_plan:
        if not year.isdigit():
            problems.append(source.problem((*base, "year_plan", year), (
                f"khóa của kế hoạch phải là một năm (ví dụ 2021), nhận được '{year}'")))
        elif not spec.start <= int(year) <= spec.end:
            problems.append(source.problem((*base, "year_plan", year), (
                f"năm {year} nằm ngoài thời gian thực hiện dự án {spec.start}–{spec.end}")))
    planned = sum(p.budget_vnd or 0 for p in spec.year_plan.values())
    if spec.budget_vnd is not None and planned > spec.budget_vnd:
        problems.append(source.problem((*base, "year_plan"), (
            f"tổng kinh phí các năm {_dong(planned)} vượt tổng mức đầu tư budget_vnd "
            f"{_dong(spec.budget_vnd)}")))
    return problems
