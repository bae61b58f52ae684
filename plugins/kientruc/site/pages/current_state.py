"""The "Hiện trạng" chapter of a version: what it starts from, told by the model itself.

Every provincial architecture opens with the current state: what the previous period
delivered, what each layer already has, and the difficulties reported. Nothing here is written
by hand: the previous version's projects and what they delivered, the elements whose ``state``
is ``hien-trang`` (or still ``dang-trien-khai``), and the version's issues. A completed project
whose products live on in this version is shown as "hoàn thành, kế thừa", never as removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...labels import value_label
from ...md import NO_SEARCH, esc, front_matter, money, table
from ...paths import link
from ...text import years

if TYPE_CHECKING:
    from ...model.types import Element, Snapshot
    from ..context import Context

CURRENT_STATE = "hien-trang"
"""The page's slug (``kien-truc/cqdt/2.0/hien-trang.md``)."""

_STATES = ("hien-trang", "dang-trien-khai", "muc-tieu")


def current_state_markdown(ctx: Context, snapshot: Snapshot) -> str:
    """The chapter: previous period's results, the state of each layer, the difficulties."""
    page = ctx.paths.version_page(snapshot.key, CURRENT_STATE)
    parts = [front_matter(title=f"Hiện trạng – {snapshot.title_vi} {snapshot.version}"),
             "# Hiện trạng",
             f"Hiện trạng khi xây dựng {esc(snapshot.title_vi)}, phiên bản {snapshot.version}: "
             "kết quả của giai đoạn trước, những gì mỗi lớp đã có, và các khó khăn, vướng mắc. "
             "Trang được tổng hợp từ chính các thành phần của kiến trúc: thành phần ở trạng thái "
             "«hiện trạng», lộ trình của phiên bản trước và danh sách khó khăn."]
    previous = ctx.model.snapshots.get(snapshot.supersedes or "")
    if previous is not None:
        parts.append(_results(ctx, page, previous, snapshot))
    parts.append(_layers(ctx, page, snapshot))
    parts.append(_issues(ctx, page, snapshot))
    return "\n\n".join(parts) + "\n"


def _results(ctx: Context, page: str, previous: Snapshot, snapshot: Snapshot) -> str:
    """The previous version's projects: what became of each, and what it left to this one."""
    id_map = ctx.histories.comparison(previous, snapshot).id_map
    projects = list(previous.of_type("project"))
    rows = []
    done = carried = 0
    for project in projects:
        status = project.attrs.get("status")
        done += status == "hoan-thanh"
        later = id_map.get(project.id)
        carried += later is not None
        products = [ctx.element_link(page, snapshot, snapshot.elements[id_map[target]],
                                     short=True)
                    for target in project.related("delivers")
                    if id_map.get(target) in snapshot.elements]
        if status == "hoan-thanh":
            fate = "Hoàn thành, kế thừa" if products else "Hoàn thành"
        else:  # the status, then what this version does with it
            fate = (f"{value_label('status', status)}; "
                    + ("chuyển tiếp" if later is not None else "không tiếp tục"))
        rows.append([ctx.marked_link(page, previous, project),
                     years(project.attrs.get("start"), project.attrs.get("end")), fate,
                     money(project.attrs.get("budget_vnd"),
                           illustrative=project.illustrative),
                     ", ".join(products) or "—"])
    lead = (f"Phiên bản {previous.version} ({previous.period[0]}–{previous.period[1]}) có "
            f"{len(projects)} dự án, nhiệm vụ: {done} đã hoàn thành, {carried} được chuyển "
            f"sang phiên bản {snapshot.version}. Cột cuối là các thành phần do dự án tạo ra mà "
            "phiên bản này tiếp tục sử dụng.")
    return (f"## Kết quả giai đoạn {previous.period[0]}–{previous.period[1]}{NO_SEARCH}\n\n"
            + lead + "\n\n" + table(
                ["Dự án, nhiệm vụ", "Thời gian", "Kết quả", "Kinh phí",
                 f"Kế thừa ở phiên bản {snapshot.version}"], rows))


def _layers(ctx: Context, page: str, snapshot: Snapshot) -> str:
    """How many elements of each layer exist, are being built, or are planned; the existing."""
    by_layer: dict[str | None, list[Element]] = {}
    for element in snapshot.elements.values():
        if element.state in _STATES:
            by_layer.setdefault(element.layer, []).append(element)
    rows = []
    for layer in snapshot.framework.layers:
        items = by_layer.get(layer.id, [])
        if not items:
            continue
        counts = [sum(1 for e in items if e.state == state) for state in _STATES]
        existing = [e for e in items if e.state == "hien-trang"][:ctx.caps.preview_rows]
        names = ", ".join(ctx.element_link(page, snapshot, e, short=True) for e in existing)
        rows.append([esc(layer.name_vi), *map(str, counts), names or "—"])
    if not rows:
        return ("## Hiện trạng theo lớp\n\n*Chưa có thành phần nào được ghi trạng thái "
                "(hiện trạng, đang triển khai, mục tiêu).*")
    return ("## Hiện trạng theo lớp\n\nSố thành phần của mỗi lớp theo trạng thái ghi trong "
            "kiến trúc; cột cuối liệt kê các thành phần đang có.\n\n" + table(
                ["Lớp", "Hiện trạng", "Đang triển khai", "Mục tiêu", "Đang có"], rows))


def _issues(ctx: Context, page: str, snapshot: Snapshot) -> str:
    issues = list(snapshot.of_type("issue"))
    target = link(page, ctx.paths.version_page(snapshot.key, "kho-khan"))
    if not issues:
        return "## Khó khăn, vướng mắc\n\n*Phiên bản này chưa ghi khó khăn, vướng mắc nào.*"
    open_ = sum(1 for i in issues if i.attrs.get("status") != "da-giai-quyet")
    rows = [[ctx.element_link(page, snapshot, i), value_label("status", i.attrs.get("status"))]
            for i in issues[:ctx.caps.preview_rows]]
    return (f"## Khó khăn, vướng mắc\n\n{len(issues)} khó khăn, vướng mắc được báo cáo, "
            f"{open_} chưa giải quyết xong ([xem tất cả]({target})).\n\n"
            + table(["Khó khăn, vướng mắc", "Tình trạng"], rows))
