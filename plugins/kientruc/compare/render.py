"""Render a :class:`~kientruc.compare.diff.Comparison` as text, JSON or Markdown.

The Markdown form is what a pull-request summary shows: headline counts, then one table per
layer. The site's comparison page (:mod:`kientruc.site.pages.comparison`) reuses the wording here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import safe
from ..labels import value_label
from ..md import esc, table, vnd
from ..metamodel import ELEMENT_TYPES
from .diff import CHANGED_STATUSES, STATUS_VI, ChangeKind, changed_elements, layers_in_order

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model.types import Element, Model, Snapshot
    from .diff import Change, Comparison, ElementDiff



SHORT_TEXT = 80
"""Longer values (descriptions) are shortened to this many characters in tables."""


DETAIL_VI = {"data": "dữ liệu", "mode": "chế độ", "since": "từ năm", "note": "ghi chú"}


MODE_VI = {"r": "đọc", "w": "ghi", "rw": "đọc và ghi"}


def shorten(text: str, limit: int = SHORT_TEXT) -> str:
    """Editor text as plain text on one line, cut at a word boundary within ``limit``.

    Markdown is rendered away first (:func:`kientruc.safe.plain_line`): a diff table shows what
    a reader reads, never ``**``.
    """
    return safe.shorten(safe.plain_line(text), limit)


def layer_name(snapshot: Snapshot, layer_id: str | None) -> str:
    """Vietnamese name of a layer of ``snapshot``'s framework (the id when unknown)."""
    if layer_id is None:
        return "—"
    layer = snapshot.framework.layer(layer_id)
    return layer.name_vi if layer else layer_id


def grouping_layer_name(comparison: Comparison, layer_id: str | None) -> str:
    """Name of a grouping layer: the new framework's, or the old one's for unmapped layers."""
    if layer_id is None:
        return "Không thuộc lớp nào"
    for snapshot in (comparison.new, comparison.old):
        layer = snapshot.framework.layer(layer_id)
        if layer is not None:
            return layer.name_vi
    return layer_id


def describe_value(snapshot: Snapshot, field: str | None, value: Any) -> str:
    """Plain-text wording of one field value as written in ``snapshot``."""
    if value is None or value in ("", [], (), {}):
        return "—"
    if field == "layer":
        return layer_name(snapshot, value)
    if field == "type" and value in ELEMENT_TYPES:
        return ELEMENT_TYPES[value].vi
    if field in {"budget_vnd"} and isinstance(value, int):
        return vnd(value)
    if field == "funding" and isinstance(value, dict):
        return "; ".join(f"{value_label('funding', k)}: {vnd(v)}" for k, v in value.items())
    if field == "year_plan" and isinstance(value, dict):
        return "; ".join(
            f"{year}: {shorten(str(plan.get('tasks', '')), 40)}"
            + (f" ({vnd(plan['budget_vnd'])})" if plan.get("budget_vnd") is not None else "")
            for year, plan in value.items())
    if isinstance(value, str):
        return shorten(value_label(field or "", value))
    return shorten(value_label(field or "", value))


def element_of(comparison: Comparison, entry: ElementDiff) -> Element:
    """The element of an entry: as it is in the new version, or as it was in the old one."""
    if entry.new_id is not None:
        return comparison.new.elements[entry.new_id]
    return comparison.old.elements[entry.old_id or entry.id]


def ref_name(model: Model, comparison: Comparison, ref: str) -> str:
    """Label of what ``ref`` names in the new version (or, failing that, in the old one)."""
    found = model.resolve(comparison.new, ref) or model.resolve(comparison.old, ref)
    return found.label if found else ref


def _details(details: Any) -> str:
    if not isinstance(details, dict) or not details:
        return ""
    return "; ".join(f"{DETAIL_VI.get(k, k)}: "
                     f"{MODE_VI.get(str(v), v) if k == 'mode' else shorten(str(v), 60)}"
                     for k, v in details.items())


def describe_change(model: Model, comparison: Comparison, change: Change) -> str:
    """Word one change in plain text: ``Tên: A → B``, ``Đơn vị vận hành: + Sở TN&MT``."""
    kind = change.kind
    if kind is ChangeKind.ELEMENT_ADDED:
        return f"Loại: {ELEMENT_TYPES[change.type].vi}"
    if kind in (ChangeKind.ELEMENT_REMOVED, ChangeKind.ELEMENT_COMPLETED):
        return kind.value
    if kind is ChangeKind.ELEMENT_REPLACED:
        names = ", ".join(ref_name(model, comparison, i) for i in change.new or ())
        return f"Được thay thế bởi: {names}"
    if kind is ChangeKind.ELEMENT_RENAMED:
        return f"{change.label}: {change.old!s} → {change.new!s}"
    if kind is ChangeKind.LAYER_CHANGED:
        return (f"{change.label}: {layer_name(comparison.old, change.old)} → "
                f"{layer_name(comparison.new, change.new)}")
    if kind is ChangeKind.FIELD_CHANGED:
        return (f"{change.label}: {describe_value(comparison.old, change.field, change.old)} → "
                f"{describe_value(comparison.new, change.field, change.new)}")
    target = ref_name(model, comparison, change.target or "")
    via = f" (qua {ref_name(model, comparison, change.via)})" if change.via else ""
    if kind is ChangeKind.RELATION_CHANGED:
        return (f"{change.label} {target}{via}: {_details(change.old) or '—'} → "
                f"{_details(change.new) or '—'}")
    sign = "+" if kind is ChangeKind.RELATION_ADDED else "−"
    details = _details(change.new if kind is ChangeKind.RELATION_ADDED else change.old)
    return f"{change.label}: {sign} {target}{via}" + (f" ({details})" if details else "")


def entry_details(model: Model, comparison: Comparison, entry: ElementDiff) -> list[str]:
    """Plain-text lines describing what happened to one element."""
    if entry.status == "removed":
        return []
    return [describe_change(model, comparison, c) for c in entry.changes]


def counts_line(comparison: Comparison) -> str:
    """``5 bổ sung, 1 loại bỏ, …`` over every element status except unchanged."""
    tally = comparison.tally
    parts = [f"{tally.get(s)} {STATUS_VI[s].lower()}" for s in CHANGED_STATUSES]
    return ", ".join(parts) + f" ({tally.unchanged} không đổi)"


def budget_text(amount: int) -> str:
    """A signed amount of đồng (``+8.000.000.000 đ``, ``−37.000.000.000 đ``)."""
    if amount == 0:
        return "0 đ"
    return ("+" if amount > 0 else "−") + vnd(abs(amount))


def signed(number: int) -> str:
    """A signed count (``+2``, ``−1``, ``0``)."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def render_text(model: Model, comparison: Comparison) -> str:
    """A terminal summary: counts, then each changed element and its changes."""
    old, new = comparison.old, comparison.new
    lines = [f"So sánh {old.key} → {new.key}"]
    if comparison.frameworks_differ:
        lines.append(f"Khung kiến trúc khác nhau: {old.framework.short or old.framework.id} → "
                     f"{new.framework.short or new.framework.id}")
    if not comparison.has_changes:
        lines.append("Không có thay đổi.")
        return "\n".join(lines) + "\n"
    lines.append(f"Thành phần: {counts_line(comparison)}")
    lines.append(f"Dự án: {comparison.old_roadmap.projects} → {comparison.new_roadmap.projects}; "
                 f"tổng kinh phí: {vnd(comparison.old_roadmap.budget_vnd)} → "
                 f"{vnd(comparison.new_roadmap.budget_vnd)} "
                 f"({budget_text(comparison.budget_delta)})")
    marks = {"added": "+", "removed": "-", "replaced": "-", "completed": "=", "renamed": "~",
             "changed": "~"}
    for layer in layers_in_order(comparison):
        lines.append("")
        lines.append(f"[{grouping_layer_name(comparison, layer)}]")
        for entry in changed_elements(comparison):
            if entry.layer != layer:
                continue
            element = element_of(comparison, entry)
            lines.append(f"  {marks[entry.status]} {entry.id} ({element.label}): "
                         f"{STATUS_VI[entry.status]}")
            lines.extend(f"      {line}" for line in entry_details(model, comparison, entry))
    return "\n".join(lines) + "\n"


_PROSE_FIELDS = frozenset({"description"})
"""Fields holding editor Markdown: the JSON keeps their plain text, as every export does."""


def _value(field: str | None, value: Any) -> Any:
    if field in _PROSE_FIELDS and isinstance(value, str):
        return safe.plain_line(value)
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def to_data(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data (stable keys and order)."""
    def tally(t: Any) -> dict[str, int]:
        return {s: t.get(s) for s in STATUS_VI}

    return {
        "old": comparison.old.key,
        "new": comparison.new.key,
        "frameworks": {"old": comparison.old.framework.id, "new": comparison.new.framework.id,
                       "differ": comparison.frameworks_differ,
                       "layer_map": dict(comparison.layer_map),
                       "unmapped_layers": list(comparison.unmapped_layers)},
        "counts": {
            "elements": tally(comparison.tally),
            "by_kind": {k.name: n for k, n in comparison.by_kind.items()},
            "by_layer": {layer: tally(t) for layer, t in comparison.by_layer.items()},
            "by_type": {type_id: tally(t) for type_id, t in comparison.by_type.items()},
        },
        "roadmap": {
            "old": {"projects": comparison.old_roadmap.projects,
                    "budget_vnd": comparison.old_roadmap.budget_vnd},
            "new": {"projects": comparison.new_roadmap.projects,
                    "budget_vnd": comparison.new_roadmap.budget_vnd},
            "project_delta": comparison.project_delta,
            "budget_delta_vnd": comparison.budget_delta,
        },
        "changes": [
            {"kind": c.kind.name, "text": c.kind.value, "element": c.element, "type": c.type,
             "layer": c.layer, "old_id": c.old_id, "new_id": c.new_id, "field": c.field,
             "label": c.label, "old": _value(c.field, c.old), "new": _value(c.field, c.new),
             "target": c.target, "via": c.via}
            for c in comparison.changes],
    }


def render_json(comparison: Comparison) -> str:
    """The comparison as indented JSON (UTF-8 text, Vietnamese kept as is)."""
    return json.dumps(to_data(comparison), ensure_ascii=False, indent=2) + "\n"


def roadmap_rows(comparison: Comparison) -> list[list[str]]:
    """The rows of a comparison's roadmap table: project count and total budget, both sides."""
    return [
        ["Số dự án, nhiệm vụ", str(comparison.old_roadmap.projects),
         str(comparison.new_roadmap.projects), signed(comparison.project_delta)],
        ["Tổng kinh phí", vnd(comparison.old_roadmap.budget_vnd),
         vnd(comparison.new_roadmap.budget_vnd), budget_text(comparison.budget_delta)],
    ]


def layer_rows(comparison: Comparison, layer: str | None,
               details: Callable[[ElementDiff, Element], str]) -> list[list[str]]:
    """One Markdown row per changed element of ``layer``: name and id, status, ``details``."""
    rows = []
    for entry in changed_elements(comparison):
        if entry.layer == layer:
            element = element_of(comparison, entry)
            rows.append([f"{esc(element.name_vi)} (`{entry.id}`)", STATUS_VI[entry.status],
                         details(entry, element)])
    return rows


def _md_lines(lines: list[str]) -> str:
    return "<br>".join(esc(line) for line in lines)


def render_markdown(model: Model, comparison: Comparison, *, heading: int = 2) -> str:
    """What a pull-request summary shows: headline counts, then one table of changes per layer.

    Args:
        model: The model of the new version (to name relation targets).
        comparison: The comparison.
        heading: Level of the top heading (sections use the next level).

    Returns:
        GitHub-flavoured Markdown.
    """
    old, new = comparison.old, comparison.new
    h, h2 = "#" * heading, "#" * (heading + 1)
    parts = [f"{h} Thay đổi {old.key} → {new.key}"]
    if not comparison.has_changes:
        parts.append("Không có thay đổi nào về thành phần và liên kết.")
        return "\n\n".join(parts) + "\n"
    tally = comparison.tally
    parts.append(" · ".join(f"**{tally.get(s)}** {STATUS_VI[s].lower()}"
                            for s in CHANGED_STATUSES)
                 + f" · {tally.unchanged} không đổi")
    if comparison.frameworks_differ:
        parts.append(f"> Hai phiên bản theo hai khung kiến trúc khác nhau: "
                     f"{esc(old.framework.name_vi)} → {esc(new.framework.name_vi)}; các lớp được "
                     "đối chiếu theo dữ liệu của khung.")
    statuses = CHANGED_STATUSES
    rows = [[esc(grouping_layer_name(comparison, layer)),
             *(str(comparison.by_layer[layer].get(s)) for s in statuses)]
            for layer in layers_in_order(comparison)]
    parts.append(table(["Lớp", *(STATUS_VI[s] for s in statuses)], rows))
    parts.append(table(["Lộ trình", old.version, new.version, "Chênh lệch"],
                       roadmap_rows(comparison)))
    for layer in layers_in_order(comparison):
        body = layer_rows(comparison, layer, lambda entry, _: _md_lines(
            entry_details(model, comparison, entry)) or "—")
        parts.append(f"{h2} {esc(grouping_layer_name(comparison, layer))}\n\n"
                     + table(["Thành phần", "Thay đổi", "Chi tiết"], body))
    return "\n\n".join(parts) + "\n"
