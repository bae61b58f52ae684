"""Element pages: attributes, relations both ways, the context diagram, and organisation duties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import safe
from ...text import date_vi, thousands, years
from ...labels import field_label, value_label
from ...md import NO_SEARCH, admonition, esc, front_matter, mdlink, money, table
from ...metamodel import ELEMENT_TYPES, PROVENANCE_VI, RELATION_TYPES, STATE_VI
from ...paths import link, numbered
from .agency import agency_work
from ..paging import list_pages, more_line, page_of

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ...model.types import Element, Snapshot
    from ..context import Context

ILLUSTRATIVE_NOTE = (
    "Thông tin về thành phần này mang tính **minh họa**: chưa được đối chiếu với văn bản hoặc "
    "nguồn công khai. Không sử dụng như số liệu chính thức."
)

_HIDDEN_ATTRS = {"year_plan", "funding", "statement", "rationale", "implications"}


def layer_name(snapshot: Snapshot | None, element: Element) -> str:
    """The Vietnamese name of an element's layer in its version's framework."""
    if snapshot is None or element.layer is None:
        return "Dữ liệu dùng chung"
    layer = snapshot.framework.layer(element.layer)
    return layer.name_vi if layer else element.layer


def attribute_rows(ctx: Context, page: str, snapshot: Snapshot | None,
                   element: Element) -> list[list[str]]:
    """Rows of the attribute table: common fields first, then the type's own fields."""
    kind = ELEMENT_TYPES[element.type]
    rows = [["Mã", f"`{element.id}`"],
            ["Loại", kind.vi],  # Vietnamese only (domain §12.6): "Nền tảng", not "(Platform)"
            ["Lớp", esc(layer_name(snapshot, element))]]
    if element.short:
        rows.append(["Tên viết tắt", esc(element.short)])
    if element.name_en:
        rows.append(["Tên tiếng Anh", esc(element.name_en)])
    for rel_type, label in (("owned_by", "Chủ quản"), ("operated_by", "Đơn vị vận hành"),
                            ("part_of", "Trực thuộc"), ("led_by", "Đơn vị chủ trì"),
                            ("invested_by", "Chủ đầu tư"), ("located_in", "Địa bàn")):
        targets = element.related(rel_type)
        if targets:
            rows.append([label, ", ".join(ctx.ref_link(page, snapshot, t) for t in targets)])
    if element.state:
        rows.append(["Trạng thái", STATE_VI.get(element.state, element.state)])
    for name, value in element.attrs.items():
        if name in _HIDDEN_ATTRS or value in (None, [], {}, ""):
            continue
        if name == "url" and isinstance(value, str):
            rows.append([field_label(name), safe.link(value, value)])
        elif name.endswith("_vnd") and isinstance(value, int):
            rows.append([field_label(name),
                         money(value, illustrative=element.illustrative)])
        else:
            rows.append([field_label(name), esc(value_label(name, value))])
    rows.append(["Nguồn gốc thông tin", PROVENANCE_VI[element.provenance]])
    return rows


def relation_rows(ctx: Context, page: str, snapshot: Snapshot | None,
                  element: Element) -> list[list[str]]:
    """Outgoing relations: label, target link, and what/through what."""
    rows = []
    for relation in element.relations:
        spec = RELATION_TYPES[relation.type]
        notes = []
        if relation.via:
            notes.append("qua " + ctx.ref_link(page, snapshot, relation.via, short=True))
        if relation.data:
            notes.append(esc(relation.data))
        if relation.mode:
            notes.append({"r": "đọc", "w": "ghi", "rw": "đọc, ghi"}[relation.mode])
        if relation.since:
            notes.append(f"từ {relation.since}")
        if relation.note:
            notes.append(safe.inline(relation.note))
        rows.append([spec.vi, ctx.ref_link(page, snapshot, relation.target), "; ".join(notes)])
    return rows


def incoming_rows(ctx: Context, page: str, snapshot: Snapshot,
                  incoming: Sequence[tuple[Element, str, int]]) -> list[list[str]]:
    """Incoming relations, read from the target's side (``là chủ quản của``)."""
    rows = []
    for source, rel_type, index in incoming:
        relation = source.relations[index]
        note = esc(relation.data) if relation.data else ""
        if relation.via:
            via = ctx.ref_link(page, snapshot, relation.via, short=True)
            note = f"qua {via}" + (f"; {note}" if note else "")
        rows.append([RELATION_TYPES[rel_type].vi_inverse,
                     ctx.element_link(page, ctx.model.snapshots.get(source.scope, snapshot),
                                      source, from_snapshot=snapshot), note])
    return rows


def _grouped(incoming: Sequence[tuple[Element, str, int]]) -> list[tuple[Element, str, int]]:
    """Incoming relations grouped by type, types in order of first appearance (stable)."""
    order: dict[str, int] = {}
    for _, rel_type, _ in incoming:
        order.setdefault(rel_type, len(order))
    return sorted(incoming, key=lambda item: order[item[1]])


def _more_links(ctx: Context, page: str, snapshot: Snapshot, element: Element,
                incoming: Sequence[tuple[Element, str, int]]) -> Callable[[str, int], str]:
    """A function that words "và N thành phần khác – xem toàn bộ" for a relation type.

    The link opens the page of :func:`incoming_pages` where that type's rows begin.
    """
    first: dict[str, int] = {}
    for index, (_, rel_type, _) in enumerate(_grouped(incoming)):
        first.setdefault(rel_type, index)
    links = ctx.paths.element_links(snapshot.key, element.id)

    def more(rel_type: str, hidden: int) -> str:
        target = numbered(links, page_of(first[rel_type], ctx.caps.page_rows))
        return more_line(hidden, link(page, target))

    return more


def incoming_pages(ctx: Context, snapshot: Snapshot, element: Element,
                   incoming: Sequence[tuple[Element, str, int]]) -> list[tuple[str, str]]:
    """Pages that list every relation into an element, when its own page shows only the first.

    Args:
        ctx: Site context (``ctx.caps``: rows shown per relation type, rows per page).
        snapshot: The element's version.
        element: The element.
        incoming: Relations that point at the element (from :meth:`Context.incoming`).

    Returns:
        ``(source path, Markdown)`` per numbered page, grouped by relation type; empty when no
        relation type has more rows than the element page shows.
    """
    counts: dict[str, int] = {}
    for _, rel_type, _ in incoming:
        counts[rel_type] = counts.get(rel_type, 0) + 1
    if all(n <= ctx.caps.preview_rows for n in counts.values()):
        return []
    rows = _grouped(incoming)
    name = element.name_vi + (f" ({element.short})"
                              if element.short and element.short not in element.name_vi else "")

    def intro(page: str) -> str:
        return (f"{thousands(len(rows))} liên kết đến "
                + mdlink(element.name_vi, link(page, ctx.element_page(snapshot, element)))
                + f" trong {esc(snapshot.title_vi)}, phiên bản {snapshot.version}.")

    return list_pages(
        ctx.paths.element_links(snapshot.key, element.id), rows, ctx.caps.page_rows,
        title=f"Liên kết đến {name} – {snapshot.title_vi} {snapshot.version}",
        heading=f"Liên kết đến {name}", intro=intro,
        body=lambda page, part: table(["Quan hệ", "Thành phần", "Ghi chú"],
                                      incoming_rows(ctx, page, snapshot, part)))


def _yearly(element: Element) -> str:
    plan: dict[str, Any] = element.attrs.get("year_plan", {})
    funding: dict[str, int] = element.attrs.get("funding", {})
    guessed = element.illustrative  # the page's notice says so once
    parts = []
    if plan:
        parts.append(f"## Kế hoạch theo năm{NO_SEARCH}\n\n" + table(
            ["Năm", "Nhiệm vụ", "Kinh phí"],
            [[year, safe.inline(str(item["tasks"])),
              money(item.get("budget_vnd"), illustrative=guessed)]
             for year, item in sorted(plan.items())]))
    if funding:
        parts.append(f"## Nguồn vốn{NO_SEARCH}\n\n" + table(
            ["Nguồn", "Kinh phí"],
            [[value_label("funding", source), money(amount, illustrative=guessed)]
             for source, amount in funding.items()]))
    return "\n\n".join(parts)


def _principle(element: Element) -> str:
    parts = []
    for name in ("statement", "rationale", "implications"):
        value = element.attrs.get(name)
        if value:
            parts.append(f"**{field_label(name)}.** {value}")
    return "\n\n".join(parts)


def _duties(ctx: Context, page: str, snapshot: Snapshot,
            incoming: list[tuple[Element, str, int]], more: Callable[[str, int], str]) -> str:
    """What an organisation owns, operates, leads, supports, reported: its own to-do list.

    Each list shows at most ``ctx.caps.preview_rows`` items, then links to the full list.
    """
    groups: dict[str, list[Element]] = {}
    for source, rel_type, _ in incoming:
        groups.setdefault(rel_type, []).append(source)
    sections = []
    for rel_type, title in (("owned_by", "Chủ quản"), ("operated_by", "Vận hành"),
                            ("led_by", "Dự án, nhiệm vụ chủ trì"),
                            ("supported_by", "Dự án, nhiệm vụ phối hợp"),
                            ("reported_by", "Khó khăn, vướng mắc đã báo cáo"),
                            ("reported_to", "Khó khăn, vướng mắc tiếp nhận")):
        items = list({e.id: e for e in groups.get(rel_type, [])}.values())
        if not items:
            continue
        hidden = len(items) - ctx.caps.preview_rows
        tail = f"\n\n{more(rel_type, hidden)}" if hidden > 0 else ""
        items = items[:ctx.caps.preview_rows]
        if rel_type in {"led_by", "supported_by"}:
            rows = [[ctx.marked_link(page, snapshot, e),
                     years(e.attrs['start'], e.attrs['end']),
                     value_label("status", e.attrs["status"]),
                     money(e.attrs.get("budget_vnd"), illustrative=e.illustrative)]
                    for e in items]
            sections.append(f"### {title}{NO_SEARCH}\n\n" + table(
                ["Dự án, nhiệm vụ", "Thời gian", "Tình trạng", "Kinh phí"], rows) + tail)
        elif rel_type in {"reported_by", "reported_to"}:
            rows = [[ctx.element_link(page, snapshot, e), esc(date_vi(e.attrs.get("date") or "—")),
                     value_label("status", e.attrs.get("status"))] for e in items]
            sections.append(f"### {title}{NO_SEARCH}\n\n" + table(
                ["Khó khăn, vướng mắc", "Ngày báo cáo", "Tình trạng"], rows) + tail)
        else:
            rows = [[ctx.element_link(page, snapshot, e), ELEMENT_TYPES[e.type].vi,
                     esc(layer_name(snapshot, e))] for e in items]
            sections.append(f"### {title}{NO_SEARCH}\n\n"
                            + table(["Thành phần", "Loại", "Lớp"], rows) + tail)
    if not sections:
        return ""
    return f"## Nhiệm vụ và trách nhiệm{NO_SEARCH}\n\n" + "\n\n".join(sections)


def _incoming_section(ctx: Context, page: str, snapshot: Snapshot,
                      incoming: list[tuple[Element, str, int]],
                      more: Callable[[str, int], str]) -> str:
    """The "Liên kết đến" table: at most ``ctx.caps.preview_rows`` rows per relation type."""
    seen: dict[str, int] = {}
    shown = []
    for item in incoming:
        seen[item[1]] = seen.get(item[1], 0) + 1
        if seen[item[1]] <= ctx.caps.preview_rows:
            shown.append(item)
    text = f"## Liên kết đến{NO_SEARCH}\n\n" + table(
        ["Quan hệ", "Thành phần", "Ghi chú"], incoming_rows(ctx, page, snapshot, shown))
    for rel_type, count in seen.items():
        if count > ctx.caps.preview_rows:
            label = RELATION_TYPES[rel_type].vi_inverse
            text += (f"\n\n{label[:1].upper()}{label[1:]}: "
                     + more(rel_type, count - ctx.caps.preview_rows))
    return text


def element_markdown(ctx: Context, snapshot: Snapshot | None, element: Element, *,
                     incoming: list[tuple[Element, str, int]],
                     diagram_marker: str | None = None,
                     history: str = "", switcher: str = "",
                     extra: Callable[[], str] | None = None) -> str:
    """The Markdown of one element's page.

    Args:
        ctx: Site context.
        snapshot: The version the page belongs to (``None`` for common reference data).
        element: The element.
        incoming: Relations that point at the element (from :meth:`Context.incoming`).
        diagram_marker: Where the context/organisation diagram goes, if any.
        history: Markdown of the element's history across versions.
        switcher: Markdown of the version switcher line.
        extra: More sections for special pages.

    Returns:
        The page's Markdown.
    """
    page = ctx.element_page(snapshot, element)
    kind = ELEMENT_TYPES[element.type]
    title = element.name_vi
    if element.short and element.short not in title:
        title += f" ({element.short})"
    where = snapshot.title_vi + f" {snapshot.version}" if snapshot else "Dữ liệu dùng chung"
    parts = [front_matter(title=title, description=f"{kind.vi} – {where}"), f"# {esc(title)}\n"]
    if switcher:
        parts.append(switcher)
    parts.append(f"*{kind.vi}* · {esc(layer_name(snapshot, element))}"
                 + (f" · {esc(where)}" if snapshot else ""))
    if element.provenance == "illustrative":
        parts.append(admonition("info", "Thông tin minh họa", ILLUSTRATIVE_NOTE))
    if element.description:
        parts.append(safe.rich(element.description))
    parts.append("## Thông tin chung\n\n" + table(
        ["Thuộc tính", "Giá trị"], attribute_rows(ctx, page, snapshot, element)))
    if element.type == "principle":
        parts.append(_principle(element))
    if element.type == "project":
        parts.append(_yearly(element))
    if diagram_marker:
        title_d = "Sơ đồ đơn vị" if element.type == "organization" else "Sơ đồ ngữ cảnh"
        parts.append(f"## {title_d}\n\n{diagram_marker}")
    more = _more_links(ctx, page, snapshot, element, incoming) if snapshot else None
    if element.type == "organization" and snapshot is not None and more is not None:
        parts.append(_duties(ctx, page, snapshot, incoming, more))
        parts.append(agency_work(ctx, page, snapshot, element, incoming))
    outgoing = relation_rows(ctx, page, snapshot, element)
    if outgoing:
        parts.append(f"## Liên kết đi{NO_SEARCH}\n\n"
                     + table(["Quan hệ", "Thành phần", "Ghi chú"], outgoing))
    if incoming and snapshot is not None and more is not None:
        parts.append(_incoming_section(ctx, page, snapshot, incoming, more))
    if extra:
        parts.append(extra())
    if history:
        parts.append(f"## Qua các phiên bản{NO_SEARCH}\n\n" + history)
    if element.sources:
        parts.append("## Nguồn\n\n" + "\n".join(f"- {safe.link(url, url)}"
                                               for url in element.sources))
    if snapshot is not None:
        parts.append(f"[← {esc(snapshot.title_vi)} {snapshot.version}]"
                     f"({link(page, ctx.paths.version(snapshot.key))})")
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"
