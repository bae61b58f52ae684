"""Catalogue tables: every element of a type in a version, the way readers scan an inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...labels import value_label
from ...md import esc, table
from ...metamodel import ELEMENT_TYPES
from ...paths import link
from .element import layer_name
from ..paging import list_pages

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..context import Context
    from ...model.types import Element, Snapshot

_EXTRA_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "organization": (("level", "Cấp"), ("org_type", "Loại")),
    "admin_unit": (("gso_code", "Mã TCTK"), ("unit_type", "Loại")),
    "application": (("category", "Nhóm"),),
    "platform": (("category", "Nhóm"),),
    "database": (("scope", "Phạm vi"), ("shared", "Dùng chung")),
    "public_service": (("dvc_level", "Mức độ"),),
    "smart_service": (("domain", "Lĩnh vực"), ("phase", "Giai đoạn")),
    "project": (("start", "Bắt đầu"), ("end", "Kết thúc"), ("status", "Tình trạng")),
    "issue": (("date", "Ngày"), ("status", "Tình trạng")),
    "legal_document": (("number", "Số"), ("date", "Ngày")),
}


def catalogue_table(ctx: Context, page: str, snapshot: Snapshot,
                    elements: Sequence[Element], *, limit: int | None = None) -> str:
    """A table of elements of one type, each linking to its page.

    Args:
        ctx: Site context.
        page: The page the table is on (links are relative to it).
        snapshot: The version.
        elements: Elements of one type, in order.
        limit: Show at most this many rows, then a link to the full catalogue.

    Returns:
        Markdown.
    """
    if not elements:
        return "*Chưa có thành phần nào.*"
    type_id = elements[0].type
    extra = _EXTRA_COLUMNS.get(type_id, ())
    headers = ["Tên", "Viết tắt", *(label for _, label in extra), "Chủ quản / chủ trì", "Lớp"]
    rows = []
    shown = elements if limit is None else elements[:limit]
    for element in shown:
        owner = element.related("owned_by") or element.related("led_by")
        rows.append([
            ctx.element_link(page, snapshot, element), esc(element.short or ""),
            *(esc(value_label(name, element.attrs.get(name))) for name, _ in extra),
            ", ".join(ctx.ref_link(page, snapshot, o, short=True) for o in owner),
            esc(layer_name(snapshot, element)),
        ])
    out = table(headers, rows)
    if limit is not None and len(elements) > limit:
        full = link(page, ctx.paths.catalogue(snapshot.key, type_id))
        out += (f"\n\n[Xem toàn bộ {len(elements)} {ELEMENT_TYPES[type_id].vi.lower()} →]"
                f"({full})")
    return out


def catalogue_pages(ctx: Context, snapshot: Snapshot, type_id: str) -> list[tuple[str, str]]:
    """The catalogue of one element type in a version, cut into numbered pages when long.

    Args:
        ctx: Site context (``ctx.caps.page_rows`` rows per page).
        snapshot: The version.
        type_id: The element type.

    Returns:
        ``(source path, Markdown)`` per page; the first is at ``paths.catalogue(...)``, so links
        to the catalogue keep working, and the others (``…/trang-2.md``) follow it.
    """
    kind = ELEMENT_TYPES[type_id]
    elements = list(snapshot.of_type(type_id))

    def intro(page: str) -> str:
        back = link(page, ctx.paths.version(snapshot.key))
        return (f"{esc(snapshot.title_vi)}, phiên bản {snapshot.version}: "
                f"{len(elements)} {kind.vi.lower()}. [← Tổng quan phiên bản]({back})")

    return list_pages(ctx.paths.catalogue(snapshot.key, type_id), elements, ctx.caps.page_rows,
                      title=f"{kind.vi_plural} – {snapshot.title_vi} {snapshot.version}",
                      heading=kind.vi_plural, intro=intro,
                      body=lambda page, rows: catalogue_table(ctx, page, snapshot, rows))
