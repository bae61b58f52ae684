"""The "Dữ liệu mở" page: every version's downloads, with formats and sizes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...md import esc, front_matter, mdlink, table
from ...paths import link

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..context import Context


def human_size(size: int) -> str:
    """``1536`` → ``1,5 KB`` (Vietnamese decimal comma)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.0f}" if unit == "B" else f"{value:.1f}"
            return text.replace(".", ",") + f" {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def open_data_markdown(ctx: Context, page: str,
                       downloads: Mapping[str, Sequence[tuple[str, str, int | str]]],
                       schema: str | None) -> str:
    """List downloads per version: (file name, description, size in bytes).

    A size may be given as text instead: the build puts a marker there, replaced by the size
    once the file is made (the PDF is made while MkDocs converts the pages).
    """
    parts = [front_matter(title="Dữ liệu mở"), "# Dữ liệu mở",
             "Mỗi phiên bản kiến trúc được cung cấp dưới dạng dữ liệu mở để các cơ quan, đơn vị "
             "sử dụng lại: tệp JSON đầy đủ, bảng CSV theo từng danh mục (mở được bằng Excel), tệp "
             "ArchiMate (Open Exchange Format) để nhập vào công cụ kiến trúc doanh nghiệp, và sổ "
             "tay PDF để lưu trữ, in ấn."]
    if schema:
        parts.append(f"Cấu trúc của tệp `model.json` được mô tả bằng "
                     f"{mdlink('JSON Schema', link(page, schema))}.")
    for key, files in downloads.items():
        snapshot = ctx.model.snapshots[key]
        rows = [[mdlink(name, link(page, ctx.paths.download(key, name))), esc(description),
                 human_size(size) if isinstance(size, int) else size]
                for name, description, size in files]
        title = f"{snapshot.title_vi} – phiên bản {snapshot.version}"
        parts.append(f"## {mdlink(title, link(page, ctx.paths.version(key)))}\n\n"
                     + table(["Tệp", "Định dạng, nội dung", "Dung lượng"], rows))
    return "\n\n".join(parts) + "\n"
