"""The metamodel reference for editors, generated from the code's own tables."""

from __future__ import annotations

import types
import typing

from ...metamodel import RELATION_SHORTHANDS
from ...md import esc, front_matter, table
from ...metamodel import ELEMENT_TYPES, RELATION_TYPES
from ...source.spec import ELEMENT_SPECS, ElementSpec

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
        return f"`{annotation.__name__}`"
    return f"`{esc(str(annotation))}`"


def metamodel_markdown() -> str:
    """Element types, their fields, and relations, with their ArchiMate 3.2 concepts."""
    parts = [front_matter(title="Mô hình siêu dữ liệu"), "# Mô hình siêu dữ liệu",
             "Trang này được sinh từ bảng siêu dữ liệu trong mã nguồn (`kientruc.metamodel`, "
             "`kientruc.spec`), nên luôn khớp với những gì công cụ kiểm tra."]
    parts.append("## Các loại thành phần\n\n" + table(
        ["`type`", "Tên tiếng Việt", "Tiếng Anh", "ArchiMate 3.2"],
        [[f"`{t.id}`", t.vi, t.en, f"`{t.archimate}`"] for t in ELEMENT_TYPES.values()]))
    common = set(ElementSpec.model_fields)
    parts.append("## Trường chung của mọi thành phần\n\n" + table(
        ["Trường", "Bắt buộc", "Kiểu"],
        [[f"`{name}`", "có" if info.is_required() else "", _kind(info.annotation)]
         for name, info in ElementSpec.model_fields.items()]))
    shorthand = "\n".join(f"- `{field}` → quan hệ `{rel}`" for field, rel in RELATION_SHORTHANDS)
    parts.append("## Trường viết tắt cho quan hệ\n\n"
                 "Các trường sau là cách viết ngắn của một quan hệ:\n\n" + shorthand)
    parts.append("## Trường riêng theo loại thành phần")
    for type_id, spec in ELEMENT_SPECS.items():
        own = [(n, i) for n, i in spec.model_fields.items() if n not in common]
        rows = [[f"`{name}`", "có" if info.is_required() else "", _kind(info.annotation)]
                for name, info in own]
        parts.append(f"### `{type_id}` – {ELEMENT_TYPES[type_id].vi}\n\n"
                     + (table(["Trường", "Bắt buộc", "Kiểu"], rows) if rows
                        else "*Không có trường riêng.*"))
    parts.append("## Các loại quan hệ\n\n" + table(
        ["`type`", "Đọc từ nguồn", "Đọc từ đích", "ArchiMate 3.2", "Đích hợp lệ"],
        [[f"`{r.id}`", r.vi, r.vi_inverse, f"`{r.archimate}`" + (" (ngược)" if r.reverse else ""),
          ", ".join(f"`{t}`" for t in sorted(r.targets)) or "mọi loại"]
         for r in RELATION_TYPES.values()]))
    return "\n\n".join(parts) + "\n"
