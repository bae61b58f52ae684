"""Pages of one version: overview, chapters, issues and legal basis (roadmap: ``roadmap``)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ... import safe
from ...labels import value_label
from ...md import NO_SEARCH, admonition, esc, front_matter, mdlink, table
from ...metamodel import ELEMENT_TYPES, VERSION_STATUS_VI
from ...paths import link
from ...text import thousands
from ..paging import list_pages, more_line
from .catalogue import catalogue_table

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ...model.types import Chapter, Element, Layer, Snapshot
    from ..context import Context

CHAPTER_TABLE_LIMIT = 50
"""Rows of a catalogue shown inside a chapter before "see all" (keeps chapter pages small)."""

EXTRA_PAGES: tuple[tuple[str, str], ...] = (
    ("lo-trinh", "Lộ trình, dự án và nhiệm vụ"),
    ("kho-khan", "Khó khăn, vướng mắc"),
    ("can-cu", "Căn cứ pháp lý"),
)


def approval_text(snapshot: Snapshot) -> str:
    """Who approved the version, or why nothing is stated."""
    approval = snapshot.approval
    if approval is None:
        return "Chưa có quyết định phê duyệt được công bố."
    text = f"Quyết định số {esc(approval.number)}"
    if approval.date:
        y, m, d = approval.date.split("-")
        text += f" ngày {d}/{m}/{y}"
    if approval.signer:
        text += f", người ký: {esc(approval.signer)}"
    if approval.provenance == "illustrative":
        text += " *(minh họa, chưa xác minh)*"
    return text


def status_badge(snapshot: Snapshot) -> str:
    """The version status as readers see it."""
    return VERSION_STATUS_VI[snapshot.status].capitalize()


def overview_markdown(ctx: Context, snapshot: Snapshot, *, downloads: list[tuple[str, str]],
                      comparisons: list[tuple[str, str]], switcher: str = "") -> str:
    """The overview page of a version: what it is, who approved it, and where to read on."""
    page = ctx.paths.version(snapshot.key)
    title = f"{snapshot.title_vi} – phiên bản {snapshot.version}"
    framework = snapshot.framework
    description = safe.shorten(safe.plain_line(snapshot.summary), 160) or title
    parts = [front_matter(title=title, description=description), f"# {esc(title)}"]
    if switcher:
        parts.append(switcher)
    facts = [
        ["Trạng thái", status_badge(snapshot)],
        ["Giai đoạn", f"{snapshot.period[0]}–{snapshot.period[1]}"],
        ["Khung kiến trúc", esc(framework.name_vi)],
        ["Phê duyệt", approval_text(snapshot)],
    ]
    if framework.legal_basis:
        facts[2][1] += " – " + ctx.ref_link(page, snapshot, framework.legal_basis, short=True)
    if snapshot.supersedes and snapshot.supersedes in ctx.model.snapshots:
        old = ctx.model.snapshots[snapshot.supersedes]
        facts.append(["Thay thế", mdlink(f"Phiên bản {old.version}",
                                          link(page, ctx.paths.version(old.key)))])
    parts.append(table(["", ""], facts))
    if snapshot.provenance == "illustrative":
        parts.append(admonition("warning", "Nội dung minh họa", (
            "Phiên bản này được dựng lại từ các thông tin công khai; các thành phần chưa được "
            "đối chiếu với văn bản gốc được đánh dấu *minh họa*.")))
    if snapshot.summary:
        parts.append(safe.rich(snapshot.summary))
    for heading, text in (("Tầm nhìn", snapshot.vision), ("Phạm vi áp dụng", snapshot.scope)):
        if text:
            parts.append(f"## {heading}\n\n{safe.rich(text)}")
    goals = list(snapshot.of_type("goal"))
    if goals:
        parts.append("## Mục tiêu\n\n" + "\n".join(
            f"- {ctx.element_link(page, snapshot, g)}"
            + (f" — {safe.inline(str(g.attrs['kpi']))}" if g.attrs.get("kpi") else "")
            for g in goals))
    principles = sorted(snapshot.of_type("principle"),
                        key=lambda p: (p.attrs.get("number") or 10**6, p.name_vi))
    if principles:
        parts.append("## Nguyên tắc\n\n" + "\n".join(
            f"{i}. {ctx.element_link(page, snapshot, p)}" for i, p in enumerate(principles, 1)))
    parts.append("## Nội dung kiến trúc\n\n" + "\n".join(
        f"- {mdlink(chapter.title, link(page, ctx.paths.chapter(snapshot.key, chapter.id)))}"
        for chapter in framework.chapters)
        + "\n" + "\n".join(
            f"- {mdlink(name, link(page, ctx.paths.version_page(snapshot.key, slug)))}"
            for slug, name in EXTRA_PAGES))
    counts: dict[str, int] = defaultdict(int)
    for element in snapshot.elements.values():
        counts[element.type] += 1
    parts.append("## Danh mục thành phần\n\n" + table(
        ["Danh mục", "Số lượng"],
        [[mdlink(ELEMENT_TYPES[t].vi_plural, link(page, ctx.paths.catalogue(snapshot.key, t))),
          str(n)] for t, n in counts.items()]))
    if snapshot.organisation:
        parts.append("## Tổ chức triển khai\n\n" + safe.rich(snapshot.organisation))
    if comparisons:
        parts.append("## So sánh phiên bản\n\n" + "\n".join(
            f"- {mdlink(text, link(page, target))}" for text, target in comparisons))
    if downloads:
        parts.append("## Tải về\n\n" + "\n".join(
            f"- {mdlink(text, link(page, target))}" for text, target in downloads))
    return "\n\n".join(parts) + "\n"


def chapter_markdown(ctx: Context, snapshot: Snapshot, chapter: Chapter, *,
                     diagram_marker: str | None) -> str:
    """A chapter (component architecture): intro, its diagram, then its catalogues."""
    page = ctx.paths.chapter(snapshot.key, chapter.id)
    title = f"{chapter.title} – {snapshot.title_vi} {snapshot.version}"
    parts = [front_matter(title=title), f"# {esc(chapter.title)}",
             f"{esc(snapshot.title_vi)}, phiên bản {snapshot.version} "
             f"([tổng quan]({link(page, ctx.paths.version(snapshot.key))}))."]
    if chapter.intro:
        parts.append(safe.rich(chapter.intro))
    if diagram_marker:
        parts.append(diagram_marker)
    layers = set(chapter.layers)
    for type_id in chapter.types:
        elements = [e for e in snapshot.of_type(type_id) if not layers or e.layer in layers]
        if not elements:
            continue
        parts.append(f"## {ELEMENT_TYPES[type_id].vi_plural}{NO_SEARCH}\n\n"
                     + catalogue_table(ctx, page, snapshot, elements, limit=CHAPTER_TABLE_LIMIT))
    preview = ctx.caps.preview_rows
    for layer, members in _layer_lists(snapshot, chapter):
        text = f"## {esc(layer.name_vi)}\n\n" + _bullets(ctx, snapshot)(page, members[:preview])
        if len(members) > preview:
            full = ctx.paths.version_part(snapshot.key, chapter.id, layer.id)
            text += "\n\n" + more_line(len(members) - preview, link(page, full))
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def _layer_lists(snapshot: Snapshot, chapter: Chapter) -> list[tuple[Layer, list[Element]]]:
    """The elements of each layer, for a chapter that names layers but no element types."""
    if chapter.types:
        return []
    out = []
    for layer_id in chapter.layers:
        layer = snapshot.framework.layer(layer_id)
        members = [e for e in snapshot.elements.values() if e.layer == layer_id]
        if layer and members:
            out.append((layer, members))
    return out


def _bullets(ctx: Context, snapshot: Snapshot) -> Callable[[str, Sequence[Element]], str]:
    return lambda page, members: "\n".join(
        f"- {ctx.element_link(page, snapshot, e)}" for e in members)


def chapter_layer_pages(ctx: Context, snapshot: Snapshot,
                        chapter: Chapter) -> list[tuple[str, str]]:
    """Every element of a layer that a chapter lists only the start of, on numbered pages.

    A chapter without element types lists the elements of its layers; past
    ``ctx.caps.preview_rows`` per layer it links here (``<chapter>/<layer>.md``,
    ``ctx.caps.page_rows`` elements per page).

    Args:
        ctx: Site context.
        snapshot: The version.
        chapter: The chapter.

    Returns:
        ``(source path, Markdown)`` per page, layer by layer; empty when every layer fits.
    """
    back = ctx.paths.chapter(snapshot.key, chapter.id)

    def intro(count: str) -> Callable[[str], str]:
        return lambda page: (f"{esc(snapshot.title_vi)}, phiên bản {snapshot.version}: "
                             f"{esc(count)}. " + mdlink(f"← {chapter.title}", link(page, back)))

    out = []
    for layer, members in _layer_lists(snapshot, chapter):
        if len(members) <= ctx.caps.preview_rows:
            continue
        out += list_pages(
            ctx.paths.version_part(snapshot.key, chapter.id, layer.id), members,
            ctx.caps.page_rows,
            title=f"{layer.name_vi} – {chapter.title} – {snapshot.title_vi} {snapshot.version}",
            heading=layer.name_vi, body=_bullets(ctx, snapshot),
            intro=intro(f"{thousands(len(members))} thành phần thuộc lớp {layer.name_vi}"))
    return out


def issues_markdown(ctx: Context, snapshot: Snapshot) -> str:
    """Difficulties reported to the Department, with their status and resolution."""
    page = ctx.paths.version_page(snapshot.key, "kho-khan")
    issues = sorted(snapshot.of_type("issue"), key=lambda i: (i.attrs["date"], i.id))
    parts = [front_matter(title=f"Khó khăn, vướng mắc – {snapshot.title_vi} {snapshot.version}"),
             "# Khó khăn, vướng mắc",
             "Các khó khăn, vướng mắc trong quá trình triển khai được các sở, ngành, huyện, "
             "thành phố báo cáo về đơn vị thường trực để tổng hợp, xử lý."]
    if not issues:
        parts.append("*Chưa có khó khăn, vướng mắc nào được ghi nhận.*")
        return "\n\n".join(parts) + "\n"
    open_count = sum(1 for i in issues if i.attrs["status"] != "da-giai-quyet")
    parts.append(f"Tổng số: {len(issues)}; chưa giải quyết xong: {open_count}.")
    rows = []
    for issue in issues:
        y, m, d = issue.attrs["date"].split("-")
        rows.append([
            f"{d}/{m}/{y}", ctx.element_link(page, snapshot, issue),
            ", ".join(ctx.ref_link(page, snapshot, x, short=True)
                      for x in issue.related("reported_by")),
            ", ".join(ctx.ref_link(page, snapshot, x, short=True)
                      for x in issue.related("reported_to")),
            value_label("status", issue.attrs["status"]),
            safe.inline(str(issue.attrs.get("resolution") or "")),
        ])
    parts.append(table(["Ngày", "Nội dung", "Đơn vị báo cáo", "Nơi tiếp nhận", "Tình trạng",
                        "Hướng giải quyết"], rows))
    return "\n\n".join(parts) + "\n"


def legal_basis_markdown(ctx: Context, snapshot: Snapshot) -> str:
    """The legal basis the version cites, and every document its elements are based on."""
    page = ctx.paths.version_page(snapshot.key, "can-cu")
    refs = list(snapshot.legal_basis)
    if snapshot.framework.legal_basis:
        refs.append(snapshot.framework.legal_basis)
    for element in snapshot.elements.values():
        refs.extend(r.target for r in element.relations if r.type == "based_on")
    documents = {}
    for ref in refs:
        found = ctx.find(snapshot, ref)
        if found is not None and found.type == "legal_document":
            documents[found.id] = found
    documents.update((e.id, e) for e in snapshot.of_type("legal_document"))
    ordered = sorted(documents.values(), key=lambda d: (d.attrs.get("date") or "", d.id))
    rows = []
    for doc in ordered:
        date = doc.attrs.get("date")
        if date:
            y, m, d = date.split("-")
            date = f"{d}/{m}/{y}"
        rows.append([ctx.element_link(page, snapshot, doc, short=False),
                     esc(doc.attrs["number"]), value_label("doc_type", doc.attrs["doc_type"]),
                     esc(doc.attrs["issuer"]), date or "—"])
    return (front_matter(title=f"Căn cứ pháp lý – {snapshot.title_vi} {snapshot.version}")
            + "# Căn cứ pháp lý\n\n"
            + table(["Văn bản", "Số, ký hiệu", "Loại", "Cơ quan ban hành", "Ngày"], rows) + "\n")
