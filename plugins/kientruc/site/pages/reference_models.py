"""The reference-model page of a version: each model of its framework, its codes, and the
version's elements classified by them (``ref_model_code``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...md import NO_SEARCH, esc, front_matter, table

if TYPE_CHECKING:
    from ...model.types import Element, ReferenceModel, Snapshot
    from ..context import Context

REFERENCE_MODELS = "mo-hinh-tham-chieu"
"""The page's slug (``kien-truc/cqdt/2.0/mo-hinh-tham-chieu.md``)."""


def reference_models_markdown(ctx: Context, snapshot: Snapshot) -> str:
    """One section per reference model of the version's framework."""
    page = ctx.paths.version_page(snapshot.key, REFERENCE_MODELS)
    framework = snapshot.framework
    parts = [front_matter(title=f"Mô hình tham chiếu – {snapshot.title_vi} {snapshot.version}"),
             "# Mô hình tham chiếu",
             f"{esc(framework.name_vi)} có {len(framework.reference_models)} mô hình tham chiếu. "
             "Mỗi thành phần của kiến trúc có thể ghi mã của mô hình tham chiếu mà nó thuộc về; "
             "bảng dưới đây xếp các thành phần của phiên bản theo mã."]
    for model in framework.reference_models:
        parts.append(_model(ctx, page, snapshot, model))
    return "\n\n".join(parts) + "\n"


def _model(ctx: Context, page: str, snapshot: Snapshot, model: ReferenceModel) -> str:
    classified: dict[str, list[Element]] = {}
    for element in snapshot.elements.values():
        code = element.attrs.get("ref_model_code")
        if isinstance(code, str) and code.startswith(model.id):
            classified.setdefault(code, []).append(element)
    head = f"## {model.id} – {esc(model.name_vi)}{NO_SEARCH}"
    lines = [head, esc(model.description)] if model.description else [head]

    def links(items: list[Element]) -> str:
        return ", ".join(ctx.element_link(page, snapshot, e, short=True) for e in items)

    if model.codes:
        rows = []
        for code, name in model.codes.items():
            items = [e for c, found in classified.items() if _under(c, code, model)
                     for e in found]
            rows.append([f"`{code}`", esc(name), links(items) or "—"])
        lines.append(table(["Mã", "Tên", "Thành phần của phiên bản"], rows))
    else:
        lines.append("*Chưa có danh mục mã của mô hình này trong các nguồn đã đối chiếu.*")
        if classified:
            lines.append(table(["Mã", "Thành phần của phiên bản"],
                               [[f"`{c}`", links(items)] for c, items in sorted(
                                   classified.items())]))
    return "\n\n".join(lines)


def _under(code: str, listed: str, model: ReferenceModel) -> bool:
    """True when ``code`` is ``listed`` or belongs to it as its nearest listed parent."""
    while code and code not in model.codes:
        code = code.rpartition(".")[0]
    return code == listed
