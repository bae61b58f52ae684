"""An organisation's work, year by year: what the head of a district office opens the site for.

The plan says departments, districts and the city carry out the component projects in their
scope, year by year. An organisation's page therefore lists, per year, the projects it leads,
those it takes part in, and those the plan gives to every organisation of its kind (a project
with ``carried_out_by: [{level: huyen, org_type: ubnd}]`` is on the page of each district's and
the city's People's Committee), with that year's tasks; then the shared databases it updates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import safe
from ...labels import org_kind_label, value_label
from ...md import NO_SEARCH, table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...model.types import Element, Snapshot
    from ..context import Context

_ORDER = ("chủ trì", "phối hợp", "thực hiện")


def _kind_of(org: Element, project: Element) -> str | None:
    """The label of the first ``carried_out_by`` kind that ``org`` belongs to, if any."""
    for kind in project.attrs.get("carried_out_by") or ():
        if kind.get("level") == org.attrs.get("level") and kind.get("org_type") in (
                None, org.attrs.get("org_type")):
            return org_kind_label(kind.get("level"), kind.get("org_type"))
    return None


def _role(org: Element, project: Element) -> tuple[str, str] | None:
    """(role, how the table names it): "Chủ trì", "Phối hợp" or "Thực hiện" (with the kind)."""
    if org.id in project.related("led_by"):
        return "chủ trì", "Chủ trì"
    if org.id in project.related("supported_by"):
        return "phối hợp", "Phối hợp"
    kind = _kind_of(org, project)
    return ("thực hiện", f"Thực hiện (việc giao cho {kind})") if kind else None


def _years(project: Element) -> list[int]:
    plan = project.attrs.get("year_plan") or {}
    if plan:
        return sorted(int(year) for year in plan)
    return list(range(int(project.attrs["start"]), int(project.attrs["end"]) + 1))


def agency_work(ctx: Context, page: str, snapshot: Snapshot, org: Element,
                incoming: Sequence[tuple[Element, str, int]]) -> str:
    """The "Việc theo năm" section of an organisation's page (empty when it has no work).

    Args:
        ctx: Site context (links).
        page: The organisation's page (links are relative to it).
        snapshot: The version.
        org: The organisation.
        incoming: Relations into the organisation (:meth:`Context.incoming`), so that a
            national-size model is not scanned once per organisation.
    """
    projects = {e.id: e for e, rel_type, _ in incoming
                if e.type == "project" and rel_type in ("led_by", "supported_by")}
    projects.update((e.id, e) for e in snapshot.of_type("project")
                    if e.attrs.get("carried_out_by") and _kind_of(org, e))
    rows: list[tuple[int, int, list[str]]] = []
    roles: dict[str, int] = {}
    for order, project in enumerate(projects.values()):
        found = _role(org, project)
        if found is None:
            continue
        role, shown = found
        roles[role] = roles.get(role, 0) + 1
        plan = project.attrs.get("year_plan") or {}
        for year in _years(project):
            tasks = (plan.get(str(year)) or {}).get("tasks")
            rows.append((year, order, [
                str(year), ctx.element_link(page, snapshot, project), shown,
                safe.inline(tasks) if tasks else "—",
                value_label("status", project.attrs.get("status"))]))
    parts = []
    if rows:
        rows.sort(key=lambda r: (r[0], r[1]))  # by year, then as the projects were written
        first, last = rows[0][0], rows[-1][0]
        spread = ", ".join(f"{role} {n}" for role, n in sorted(
            roles.items(), key=lambda item: _ORDER.index(item[0])))
        parts.append(
            f"## Việc theo năm{NO_SEARCH}\n\n"
            f"{safe.inline(org.name_vi)} có việc trong {sum(roles.values())} dự án, nhiệm vụ "
            f"của phiên bản này ({spread}), từ năm {first} đến năm {last}.\n\n"
            + table(["Năm", "Dự án, nhiệm vụ", "Vai trò", "Việc trong năm", "Tình trạng"],
                    [r[2] for r in rows]))
    databases = _databases(ctx, page, snapshot, org, incoming)
    if databases:
        parts.append(f"## Cơ sở dữ liệu phải cập nhật{NO_SEARCH}\n\n" + table(
            ["Cơ sở dữ liệu", "Dữ liệu cập nhật"], databases))
    return "\n\n".join(parts)


def _databases(ctx: Context, page: str, snapshot: Snapshot, org: Element,
               incoming: Sequence[tuple[Element, str, int]]) -> list[list[str]]:
    """Databases the organisation updates (``updates`` from it, ``updated_by`` to it)."""
    found: dict[str, list[str]] = {}
    for relation in org.relations:
        if relation.type == "updates":
            found.setdefault(relation.target, []).append(relation.data or "")
    for element, rel_type, index in incoming:
        if rel_type == "updated_by":
            found.setdefault(element.id, []).append(element.relations[index].data or "")
    return [[ctx.ref_link(page, snapshot, target),
             "; ".join(safe.inline(d) for d in data if d) or "—"]
            for target, data in found.items()]
