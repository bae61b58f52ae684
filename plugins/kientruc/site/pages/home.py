"""Site-wide pages: home, one page per architecture, glossary, common reference data."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from ... import safe
from ...md import admonition, esc, front_matter, mdlink, table
from ...metamodel import ELEMENT_TYPES
from ...paths import link
from .version import approval_text, status_badge

if TYPE_CHECKING:
    from ..context import Context

HOME_INTRO = (
    "Trang này công bố các kiến trúc Chính quyền điện tử và kiến trúc ICT phát triển đô thị "
    "thông minh dưới dạng dữ liệu có thể tra cứu, so sánh giữa các phiên bản và tải về. Mọi "
    "trang, sơ đồ và danh mục được sinh tự động từ mã nguồn YAML của kiến trúc."
)


def home_markdown(ctx: Context, page: str, *, open_data: bool = True, notice: str = "") -> str:
    """The list of architectures and their versions with status (after ``notice``, if any)."""
    parts = [front_matter(title="Kiến trúc"), "# Kiến trúc"]
    if notice.strip():
        parts.append(admonition("info", "Lưu ý", safe.inline(notice)))
    parts.append(HOME_INTRO)
    for arch in ctx.model.architectures():
        versions = ctx.model.versions_of(arch)
        latest = versions[-1]
        parts.append(f"## {mdlink(latest.title_vi, link(page, ctx.paths.architecture(arch)))}")
        rows = [[mdlink(f"Phiên bản {s.version}", link(page, ctx.paths.version(s.key))),
                 f"{s.period[0]}–{s.period[1]}", esc(s.framework.short or s.framework.name_vi),
                 status_badge(s), approval_text(s), str(len(s.elements))] for s in versions]
        parts.append(table(["Phiên bản", "Giai đoạn", "Khung", "Trạng thái", "Phê duyệt",
                            "Thành phần"], rows))
    more = [mdlink("Thuật ngữ", link(page, ctx.paths.site_page("thuat-ngu"))),
            mdlink("Dữ liệu dùng chung", link(page, ctx.paths.site_page("chung")))]
    if open_data:
        more.insert(1, mdlink("Dữ liệu mở", link(page, ctx.paths.site_page("du-lieu-mo"))))
    parts.append("Xem thêm: " + " · ".join(more))
    return "\n\n".join(parts) + "\n"


def architecture_markdown(ctx: Context, arch: str) -> str:
    """One architecture: its versions (newest first) and comparisons."""
    page = ctx.paths.architecture(arch)
    versions = ctx.model.versions_of(arch)
    latest = versions[-1]
    parts = [front_matter(title=latest.title_vi), f"# {esc(latest.title_vi)}"]
    if latest.summary:
        parts.append(safe.rich(latest.summary))
    rows = [[mdlink(f"Phiên bản {s.version}", link(page, ctx.paths.version(s.key))),
             f"{s.period[0]}–{s.period[1]}", esc(s.framework.name_vi), status_badge(s),
             approval_text(s)] for s in reversed(versions)]
    parts.append("## Các phiên bản\n\n" + table(
        ["Phiên bản", "Giai đoạn", "Khung kiến trúc", "Trạng thái", "Phê duyệt"], rows))
    if len(versions) > 1:
        pairs = [mdlink(f"Phiên bản {a.version} → {b.version}",
                        link(page, ctx.paths.comparison(arch, a.version, b.version)))
                 for a, b in pairwise(versions)]
        pick = mdlink("Chọn hai phiên bản bất kỳ", link(page, ctx.paths.comparison_index(arch)))
        parts.append("## So sánh\n\n" + "\n".join(f"- {p}" for p in [*pairs, pick]))
    return "\n\n".join(parts) + "\n"


def glossary_markdown(ctx: Context) -> str:
    """The glossary (abbreviation → Vietnamese → English)."""
    rows = [[f"**{esc(t.term)}**", esc(t.vi), esc(t.en or ""), safe.inline(t.description)]
            for t in ctx.model.glossary]
    return (front_matter(title="Thuật ngữ") + "# Thuật ngữ, chữ viết tắt\n\n"
            + table(["Viết tắt", "Tiếng Việt", "Tiếng Anh", "Ghi chú"], rows) + "\n")


def common_index_markdown(ctx: Context) -> str:
    """Shared reference data: national systems and organisations, legal documents."""
    page = ctx.paths.site_page("chung")
    parts = [front_matter(title="Dữ liệu dùng chung"), "# Dữ liệu dùng chung",
             "Hệ thống, cơ quan trung ương và văn bản được các kiến trúc của tỉnh tham chiếu. "
             "Các dữ liệu này không thay đổi theo phiên bản kiến trúc."]
    by_type: dict[str, list[str]] = {}
    for element in ctx.model.common.values():
        by_type.setdefault(element.type, []).append(
            f"- {mdlink(element.name_vi, link(page, ctx.paths.common(element.id)))}"
            + (f" ({esc(element.short)})" if element.short else ""))
    for type_id, lines in by_type.items():
        parts.append(f"## {ELEMENT_TYPES[type_id].vi_plural}\n\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"
