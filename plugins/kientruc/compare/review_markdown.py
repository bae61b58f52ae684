"""A :class:`~kientruc.compare.review.Review` as the Markdown of a pull-request comment.

Written for the colleague who reviews an editor's pull request on GitHub: first which versions
the change touches and why, then, per version, its version-level fields, every changed element
with its changes (texts as word-level diffs, added elements with their relations), the roadmap
figures, and the pages to open in the preview. Every editor word goes through the text pipeline
(:func:`kientruc.md.esc`, :func:`kientruc.compare.words.word_diff`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..md import esc, table
from ..metamodel import ELEMENT_TYPES, RELATION_TYPES
from ..paths import SitePaths, url_of
from .diff import CHANGED_STATUSES, STATUS_VI, ChangeKind, changed_elements, layers_in_order
from .render import (
    describe_change,
    element_of,
    grouping_layer_name,
    layer_rows,
    ref_name,
    roadmap_rows,
    shorten,
)
from .review import PROSE_FIELDS
from .words import word_diff

if TYPE_CHECKING:
    from ..model.types import Element, Model
    from .diff import Change, Comparison, ElementDiff
    from .review import Review, SharedChange, VersionReview

MARKER = "<!-- kientruc-review -->"
"""First line of the comment: the workflow finds its earlier comment by it and updates it."""

MAX_PAGES = 40
"""Pages listed per version; a larger change says how many more there are."""

CONTEXT = 8
"""Unchanged words kept on each side of a changed word in a text's diff."""

_STATE_VI = {"added": "bổ sung", "removed": "loại bỏ", "changed": "thay đổi"}


def render_review(model: Model, report: Review, *, site_url: str = "",
                  directory_urls: bool = True, root: str = "kien-truc") -> str:
    """The whole comment.

    Args:
        model: The model with the change (to name relation targets and find pages).
        report: What the change does.
        site_url: Where the preview is served (links are absolute under it); empty: pages are
            listed as paths to open in the downloaded preview.
        directory_urls: Whether the preview uses MkDocs' ``use_directory_urls``.
        root: The plugin's ``output_dir``.
    """
    parts = [MARKER, "## Xem xét thay đổi kiến trúc"]
    touched = [v.key for v in report.versions]
    parts.append(f"So với `{esc(report.base)}`: {len(report.files)} tệp thay đổi trong mã nguồn "
                 "kiến trúc; " + (f"{len(touched)} phiên bản chịu ảnh hưởng: "
                                  + ", ".join(f"`{k}`" for k in touched) + "."
                                  if touched else "không phiên bản nào chịu ảnh hưởng."))
    if report.files:
        parts.append("<details><summary>Các tệp thay đổi</summary>\n\n"
                     + "\n".join(f"- `{f}`" for f in report.files) + "\n\n</details>")
    if report.shared:
        parts.append(_shared_section(model, report.shared))
    if report.frameworks:
        parts.append("### Khung kiến trúc\n\n" + "\n".join(
            f"- {esc(f.name_vi)} (`{f.id}`): {_STATE_VI[f.state]}; phiên bản dùng khung: "
            + (", ".join(f"`{k}`" for k in f.used_by) or "không có")
            for f in report.frameworks))
    if report.glossary_changed:
        parts.append("Bảng thuật ngữ (`arch/common/`) thay đổi: trang thuật ngữ của mọi "
                     "phiên bản thay đổi theo.")
    links = _Links(SitePaths(root), site_url, directory_urls)
    for entry in report.versions:
        parts.append(_version_section(model, report, entry, links))
    return "\n\n".join(parts) + "\n"


class _Links:
    """Where a page is in the preview: an absolute link, or a path in the downloaded site."""

    def __init__(self, paths: SitePaths, site_url: str, directory_urls: bool) -> None:
        self.paths, self.site_url, self.directory_urls = paths, site_url.rstrip("/"), directory_urls

    def item(self, title: str, src: str) -> str:
        url = url_of(src, directory_urls=self.directory_urls)
        if not self.directory_urls and url.endswith("/"):
            url += "index.html"
        if self.site_url:
            return f"- [{esc(title)}]({self.site_url}/{url})"
        return f"- {esc(title)}: `{url or 'index.html'}`"


def _shared_section(model: Model, shared: tuple[SharedChange, ...]) -> str:
    rows = []
    for item in shared:
        if item.state == "changed":
            details = "<br>".join(_change_line(model, None, c) for c in item.changes)
        else:
            details = "—"
        rows.append([f"{esc(item.element.name_vi)} (`{item.id}`)", _STATE_VI[item.state],
                     details, ", ".join(f"`{k}`" for k in item.used_by) or "không có"])
    return ("### Dữ liệu dùng chung (`arch/common/`)\n\nMột thay đổi ở đây thay đổi mọi phiên "
            "bản dẫn chiếu đến thành phần đó.\n\n"
            + table(["Thành phần", "Thay đổi", "Chi tiết", "Phiên bản dùng"], rows))


def _version_section(model: Model, report: Review, entry: VersionReview, links: _Links) -> str:
    snapshot = model.snapshots.get(entry.key)
    title = f" — {esc(snapshot.title_vi)}" if snapshot else ""
    parts = [f"### `{entry.key}`{title}"]
    if entry.state == "removed":
        parts.append(f"Phiên bản bị xoá khỏi mã nguồn (có trên `{esc(report.base)}`).")
        return "\n\n".join(parts)
    if entry.state == "added":
        parts.append(f"Phiên bản mới, so với phiên bản trước `{entry.against}`."
                     if entry.against else "Phiên bản mới; không có phiên bản trước để so sánh.")
    else:
        reasons = []
        if entry.shared:
            reasons.append("dẫn chiếu dữ liệu dùng chung đã thay đổi: "
                           + ", ".join(f"`{i}`" for i in entry.shared))
        if entry.framework_changed:
            reasons.append("khung kiến trúc của phiên bản thay đổi")
        if entry.state == "unchanged":
            if entry.files and not reasons:
                reasons.append("tệp của phiên bản thay đổi nhưng nội dung hiển thị không đổi "
                               "(chú thích, thứ tự, cách viết)")
            parts.append("Nội dung riêng của phiên bản không đổi; phiên bản chịu ảnh hưởng vì "
                         + "; ".join(reasons) + ".")
        else:
            parts.append(f"So với bản trên `{esc(report.base)}`."
                         + (" Ngoài ra phiên bản " + "; ".join(reasons) + "." if reasons else ""))
    if entry.fields:
        parts.append("#### Thông tin phiên bản\n\n" + table(
            ["Trường", "Thay đổi"],
            [[esc(f.label), _value_diff(f.field, f.old, f.new)] for f in entry.fields]))
    comparison = entry.comparison
    if comparison is not None and comparison.has_changes:
        parts.extend(_comparison_parts(model, comparison))
    if snapshot is not None:
        parts.append(_pages(model, entry, links))
    return "\n\n".join(parts)


def _value_diff(field: str, old: Any, new: Any) -> str:
    if field in PROSE_FIELDS and isinstance(old, str) and isinstance(new, str):
        return word_diff(old, new, on_site=False, context=CONTEXT)
    return esc(f"{_plain_text(old, 200)} → {_plain_text(new, 200)}")


def _comparison_parts(model: Model, comparison: Comparison) -> list[str]:
    tally = comparison.tally
    old, new = comparison.old, comparison.new
    parts = [" · ".join(f"**{tally.get(s)}** {STATUS_VI[s].lower()}" for s in CHANGED_STATUSES
                        if tally.get(s)) + f" · {tally.unchanged} không đổi"]
    if comparison.project_delta or comparison.budget_delta:
        parts.append(table(["Lộ trình", f"Trước ({old.key})", f"Sau ({new.key})", "Chênh lệch"],
                           roadmap_rows(comparison)))
    for layer in layers_in_order(comparison):
        rows = layer_rows(comparison, layer, lambda item, element: _entry_details(
            model, comparison, item, element))
        parts.append(f"#### {esc(grouping_layer_name(comparison, layer))}\n\n"
                     + table(["Thành phần", "Thay đổi", "Chi tiết"], rows))
    return parts


def _entry_details(model: Model, comparison: Comparison, item: ElementDiff,
                   element: Element) -> str:
    if item.status == "added":
        lines = [esc(f"Loại: {ELEMENT_TYPES[element.type].vi}")]
        lines.extend(_relation_line(model, comparison, r.type, r.target, r.via)
                     for r in element.relations)
        return "<br>".join(lines)
    if item.status == "removed":
        return "—"
    return "<br>".join(_change_line(model, comparison, c) for c in item.changes) or "—"


def _relation_line(model: Model, comparison: Comparison, relation_type: str, target: str,
                   via: str | None) -> str:
    label = RELATION_TYPES[relation_type].vi
    text = f"{label[:1].upper()}{label[1:]}: {ref_name(model, comparison, target)}"
    if via:
        text += f" (qua {ref_name(model, comparison, via)})"
    return esc(text)


def _change_line(model: Model, comparison: Comparison | None, change: Change) -> str:
    if (change.kind is ChangeKind.FIELD_CHANGED and change.field in PROSE_FIELDS
            and isinstance(change.old, str) and isinstance(change.new, str)):
        changed = word_diff(change.old, change.new, on_site=False, context=CONTEXT)
        return f"{esc(change.label or '')}: {changed}"
    if comparison is None:  # a shared element: no version to name targets in
        if change.kind is ChangeKind.FIELD_CHANGED:
            return esc(f"{change.label}: {_plain_text(change.old, 120)} → "
                       f"{_plain_text(change.new, 120)}")
        sign = {ChangeKind.RELATION_ADDED: "+ ", ChangeKind.RELATION_REMOVED: "− "}.get(
            change.kind, "")
        return esc(f"{change.label}: {sign}{change.target or change.new or ''}")
    return esc(describe_change(model, comparison, change))


def _plain_text(value: Any, limit: int) -> str:
    """A field value as one line of plain text (lists joined, long text cut at ``limit``)."""
    if value is None or value in ("", [], ()):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return shorten(str(value), limit)


def _pages(model: Model, entry: VersionReview, links: _Links) -> str:
    paths = links.paths
    snapshot = model.snapshots[entry.key]
    items = [links.item(f"Trang phiên bản {entry.key}", paths.version(entry.key))]
    comparison = entry.comparison
    if entry.state == "added" and entry.against and comparison is not None:
        arch = snapshot.architecture
        items.append(links.item(f"So sánh {entry.against} → {entry.key}",
                                paths.comparison(arch, comparison.old.version, snapshot.version)))
    if comparison is not None:
        for item in changed_elements(comparison):
            element = element_of(comparison, item)  # a removed one has a "retired" page
            items.append(links.item(element.name_vi, paths.element(entry.key, item.id)))
    for element_id in entry.shared:
        shared = model.common.get(element_id)
        if shared is not None:
            items.append(links.item(shared.name_vi, paths.common(element_id)))
    shown = items[:MAX_PAGES]
    more = len(items) - len(shown)
    heading = ("#### Trang cần xem trong bản xem trước" + ("" if links.site_url else
               " (mở trong thư mục trang web tải về từ mục Artifacts)"))
    return heading + "\n\n" + "\n".join(shown) + (f"\n- và {more} trang khác" if more else "")
