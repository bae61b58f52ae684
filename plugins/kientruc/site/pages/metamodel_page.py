"""The metamodel reference for editors, generated from the code's own tables."""

from __future__ import annotations

import types
import typing
from typing import Any

from ...md import esc, front_matter, table
from ...metamodel import ELEMENT_TYPES, RELATION_SHORTHANDS, RELATION_TYPES
from ...source.schema import field_title
from ...source.spec import (
    ELEMENT_SPECS,
    Approval,
    ElementSpec,
    Period,
    RelationSpec,
    VersionFile,
    YearPlan,
)

METAMODEL_PAGE = "huong-dan/mo-hinh.md"


_BASIC = {str: "văn bản", int: "số nguyên", bool: "true/false", float: "số"}


def _kind(annotation: object) -> str:
    """Describe a field's type for editors, without machine details (deterministic text)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return "một trong: " + ", ".join(f"`{a}`" for a in args)
    if origin is typing.Annotated:
        return _kind(args[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(a) for a in args if a is not type(None)]
        return " hoặc ".join(kinds) + (" (có thể bỏ trống)" if type(None) in args else "")
    if origin is list:
        return f"danh sách ({_kind(args[0])})" if args else "danh sách"
    if origin is dict:
        return f"bảng {_kind(args[0])} → {_kind(args[1])}" if args else "bảng"
    if isinstance(annotation, type):
        if annotation in _BASIC:
            return _BASIC[annotation]
        if annotation.__name__ == "Text":
            return "`{vi: …, en: …}`"
        if hasattr(annotation, "model_fields"):  # a nested block: its fields, not a class name
            fields = [info.alias or name for name, info in annotation.model_fields.items()]
            return "`{" + ", ".join(fields) + "}`"
        return "văn bản"
    return f"`{esc(str(annotation))}`"


def _fields_table(spec: Any, *, only: list[str] | None = None) -> str:
    """The fields of one kind of block: name as written, Vietnamese name, required, kind."""
    rows = []
    for name, info in spec.model_fields.items():
        if only is not None and name not in only:
            continue
        written = info.alias or name
        rows.append([f"`{written}`", esc(field_title(written, spec.__name__)),
                     "có" if info.is_required() else "", _kind(info.annotation)])
    return table(["Trường", "Ý nghĩa", "Bắt buộc", "Kiểu"], rows)


def metamodel_markdown() -> str:
    """Element types, their fields, and relations, with their ArchiMate 3.2 concepts."""
    parts = [front_matter(title="Mô hình siêu dữ liệu"), "# Mô hình siêu dữ liệu",
             "Trang này được sinh từ chính các bảng mà công cụ dùng để kiểm tra mã nguồn, nên luôn "
             "khớp với những gì `kientruc validate` chấp nhận."]
    parts.append("## Tệp version.yaml\n\nMỗi thư mục phiên bản có một tệp `version.yaml`:\n\n"
                 + _fields_table(VersionFile))
    parts.append("Quyết định phê duyệt (`approval`), cần có trước khi chạy `kientruc freeze`:"
                 "\n\n" + _fields_table(Approval))
    parts.append("Giai đoạn (`period`):\n\n" + _fields_table(Period))
    parts.append("## Các loại thành phần\n\n" + table(
        ["`type`", "Tên tiếng Việt", "Tiếng Anh", "ArchiMate 3.2"],
        [[f"`{t.id}`", t.vi, t.en, f"`{t.archimate}`"] for t in ELEMENT_TYPES.values()]))
    common = set(ElementSpec.model_fields)
    parts.append("## Trường chung của mọi thành phần\n\n" + _fields_table(ElementSpec))
    parts.append("## Trường của một liên kết\n\nMỗi mục của `relations:` là một liên kết:\n\n"
                 + _fields_table(RelationSpec))
    parts.append("Mỗi năm của kế hoạch (`year_plan`, khóa là năm, ví dụ `\"2021\"`):\n\n"
                 + _fields_table(YearPlan))
    shorthand = "\n".join(f"- `{field}` → quan hệ `{rel}`" for field, rel in RELATION_SHORTHANDS)
    parts.append("## Trường viết tắt cho quan hệ\n\n"
                 "Các trường sau là cách viết ngắn của một quan hệ:\n\n" + shorthand)
    parts.append("## Trường riêng theo loại thành phần")
    for type_id, spec in ELEMENT_SPECS.items():
        own = [(n, i) for n, i in spec.model_fields.items() if n not in common]
        parts.append(f"### `{type_id}` – {ELEMENT_TYPES[type_id].vi}\n\n"
                     + (_fields_table(spec, only=[n for n, _ in own]) if own
                        else "*Không có trường riêng.*"))
    parts.append("## Các loại quan hệ\n\n" + table(
        ["`type`", "Đọc từ nguồn", "Đọc từ đích", "ArchiMate 3.2", "Đích hợp lệ"],
        [[f"`{r.id}`", r.vi, r.vi_inverse, f"`{r.archimate}`" + (" (ngược)" if r.reverse else ""),
          ", ".join(f"`{t}`" for t in sorted(r.targets)) or "mọi loại"]
         for r in RELATION_TYPES.values()]))
    return "\n\n".join(parts) + "\n"
