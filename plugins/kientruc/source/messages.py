"""Pydantic validation errors → located Vietnamese messages saying what was expected and found."""

from __future__ import annotations

import re
import types
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..suggest import did_you_mean, known, suggest_slug
from .spec import DATE_PATTERN, REF_PATTERN, SLUG_PATTERN, VERSION_PATTERN

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from ..errors import Problem
    from .reader import Path_, Source

_KIND_VI = {
    "str": "văn bản", "int": "số nguyên", "float": "số thập phân", "bool": "giá trị đúng/sai",
    "list": "danh sách", "dict": "bảng 'khóa: giá trị'", "NoneType": "giá trị rỗng",
}

_TYPE_ERRORS = {
    "string_type": "văn bản", "int_type": "số nguyên", "int_from_float": "số nguyên",
    "bool_type": "true hoặc false", "list_type": "danh sách", "dict_type": "bảng 'khóa: giá trị'",
    "model_type": "bảng 'khóa: giá trị'", "model_attributes_type": "bảng 'khóa: giá trị'",
    "float_type": "số", "none_required": "giá trị rỗng",
}

_ID_FIELDS = {"id", "renamed_from", "replaces", "layer", "architecture", "framework"}


def describe(value: Any) -> str:
    """Describe a value found in the sources, for "expected X, got Y" messages."""
    kind = _KIND_VI.get(type(value).__name__, type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    if value is None:
        return "giá trị rỗng"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return f"{kind} {text}"


def _shown(value: Any) -> str:
    """Show a value briefly: a string in quotes, anything else described."""
    return f"'{value}'" if isinstance(value, str) else describe(value)


def translate(source: Source, spec: type[BaseModel], base: Path_, item: Any) -> Problem:
    """Turn one pydantic error into a located, Vietnamese :class:`Problem`.

    Args:
        source: The file the validated data came from.
        spec: The pydantic model the data was validated against.
        base: Key path of the validated data inside the file (``("elements", 3)``).
        item: One entry of ``ValidationError.errors()``.

    Returns:
        The problem, located at the offending value (or key, or the table missing a field).
    """
    raw_loc = tuple(item["loc"])
    on_key = "[key]" in raw_loc
    loc: Path_ = tuple(part for part in raw_loc if part != "[key]")
    path: Path_ = (*base, *loc)
    kind = item["type"]
    found = item.get("input")
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        info = _field_info(spec, loc)
        expected = f" ({_expect_field(info, str(loc[-1]))})" if info is not None else ""
        return source.problem(path[:-1], f"thiếu trường bắt buộc '{loc[-1]}'{expected}")
    if kind == "extra_forbidden":
        if _split_text(str(loc[-1])):
            return source.problem(path, (
                f"'{loc[-1]}' không phải tên trường mà là phần sau dấu phẩy của văn bản ở "
                "trước: văn bản có dấu phẩy hoặc dấu hai chấm viết trong {…} phải đặt trong "
                "dấu nháy kép, ví dụ {vi: \"Nền tảng tích hợp, chia sẻ dữ liệu\"}"))
        allowed = _fields_of(spec, loc)
        return source.problem(path, (
            f"trường '{loc[-1]}' không được hỗ trợ ở đây{did_you_mean(str(loc[-1]), allowed)}"
            f"{known(allowed, 40, label='các trường hợp lệ')}"))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", item["ctx"]["expected"])
        message = (f"giá trị không hợp lệ {_shown(found)}{did_you_mean(str(found), choices)}"
                   f"; cần một trong: {', '.join(repr(c) for c in choices)}")
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(item["ctx"]["pattern"], field, found)
    elif kind in _TYPE_ERRORS:
        message = _type_message(kind, spec, loc, found, source.numbers.get(path))
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(item["ctx"].values()))
        word = "không nhỏ hơn" if kind.startswith("greater") else "không lớn hơn"
        message = f"cần giá trị {word} {bound}, nhận được {describe(found)}"
    elif kind == "string_too_long":
        limit = item["ctx"]["max_length"]
        message = (f"mã dài {len(str(found))} ký tự, tối đa {limit} ký tự (mã trở thành địa chỉ "
                   "trang và tên tệp); hãy rút gọn")
    elif kind == "string_too_short":
        message = "không được để trống (cần ít nhất một ký tự)"
    elif kind == "value_error":
        message = str(item["ctx"]["error"])
    else:
        message = f"giá trị không hợp lệ {describe(found)} ({item['msg']})"
    return source.problem(path, message, value=not on_key)


def _type_message(kind: str, spec: type[BaseModel], loc: Path_, found: Any,
                  written: str | None) -> str:
    expected = _TYPE_ERRORS[kind]
    if kind in {"model_type", "model_attributes_type"}:
        info = _field_info(spec, loc)
        if info is not None:
            expected = _expect(info.annotation)
    message = f"cần {expected}, nhận được {describe(found)}"
    if kind == "string_type" and isinstance(found, int | float) and not isinstance(found, bool):
        message += f" (hãy đặt trong dấu nháy: \"{written or found}\")"
    elif kind in {"int_type", "int_from_float"} and isinstance(found, str):
        if found.strip().isdigit():
            message += " (bỏ dấu nháy để thành số)"
        else:
            message += " (viết liền các chữ số, không dấu chấm hay phẩy, ví dụ 45000000000)"
    elif kind == "bool_type" and isinstance(found, str):
        message += " (viết true hoặc false, không dấu nháy)"
    elif kind == "list_type" and isinstance(found, str | int):
        message += f" (viết [{found}])"
    return message


def _pattern_message(pattern: str, field: str, found: Any) -> str:
    if pattern == DATE_PATTERN:
        return f"ngày phải có dạng YYYY-MM-DD (ví dụ 2020-11-19), nhận được {_shown(found)}"
    if pattern.startswith("^https?"):
        return f"cần địa chỉ bắt đầu bằng http:// hoặc https://, nhận được {_shown(found)}"
    if pattern == VERSION_PATTERN:
        return f"số phiên bản phải có dạng '2.0' (trong dấu nháy), nhận được {_shown(found)}"
    if pattern in {SLUG_PATTERN, REF_PATTERN}:
        return _slug_message(str(found), qualified=pattern == REF_PATTERN
                             and field not in _ID_FIELDS)
    if "/" in pattern and ":" not in pattern:
        return (f"cần tên phiên bản dạng '<kiến trúc>/<phiên bản>' (ví dụ 'cqdt/1.0'), "
                f"nhận được {_shown(found)}")
    if pattern == r"^[0-9]{2,5}$":
        return f"mã GSO gồm 2 đến 5 chữ số (ví dụ '34'), nhận được {_shown(found)}"
    if pattern == r"^[0-9]{4}-[0-9]{4}$":
        return f"giai đoạn phải có dạng 'YYYY-YYYY' (ví dụ '2021-2025'), nhận được {_shown(found)}"
    return f"giá trị {_shown(found)} không đúng dạng (mẫu {pattern})"


def _slug_message(value: str, *, qualified: bool) -> str:
    """Explain why ``value`` is not an id and propose one."""
    element = value.rpartition(":")[2] if qualified else value
    reasons = []
    if not element:
        reasons.append("rỗng")
    if any(ch.isupper() for ch in element):
        reasons.append("có chữ hoa")
    if any(ord(ch) > 127 for ch in element):
        reasons.append("có chữ có dấu hoặc ký tự ngoài ASCII")
    if any(ch.isspace() for ch in element):
        reasons.append("có khoảng trắng")
    odd = sorted({ch for ch in element if ord(ch) < 128 and not ch.isspace()
                  and not ch.isalnum() and ch not in ".-"})
    if odd:
        reasons.append("có ký tự " + ", ".join(f"'{ch}'" for ch in odd))
    if re.search(r"^[.-]|[.-]$|[.-]{2}", element):
        reasons.append("dấu '.' hoặc '-' ở đầu, ở cuối hoặc liền nhau")
    why = f" ({'; '.join(reasons)})" if reasons else ""
    message = (f"mã không hợp lệ '{value}'{why}: mã chỉ gồm chữ thường a-z không dấu, chữ số, "
               "nối bằng '-' hoặc '.' (ví dụ 'tb.app.lgsp')")
    suggestion = suggest_slug(element)
    if suggestion and suggestion != element:
        prefix = value.rpartition(":")[0] + ":" if qualified and ":" in value else ""
        message += f"; có thể viết '{prefix}{suggestion}'"
    if qualified:
        message += "; tham chiếu tới phiên bản khác viết 'cqdt/2.0:tb.app.lgsp'"
    return message


# -- what a field expects, read from the spec's own annotations ----------------------------------


def _strip(tp: Any) -> Any:
    """Remove ``Annotated`` and ``None`` arms: ``Annotated[int, …] | None`` → ``int``."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            arms = [a for a in get_args(tp) if a is not type(None)]
            if len(arms) != 1:
                return tp
            tp = arms[0]
        else:
            return tp


def _model_field(model: type[BaseModel], name: str) -> FieldInfo | None:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def _field_info(spec: type[BaseModel], loc: Path_) -> FieldInfo | None:
    """Return the field definition at ``loc`` (the last part must be a field name)."""
    if not loc or not isinstance(loc[-1], str):
        return None
    holder = _type_at(spec, loc[:-1])
    if isinstance(holder, type) and issubclass(holder, BaseModel):
        return _model_field(holder, loc[-1])
    return None


def _type_at(tp: Any, loc: Path_) -> Any:
    """Follow ``loc`` through models, lists and dicts; return the type found there (or None)."""
    for part in loc:
        tp = _strip(tp)
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            info = _model_field(tp, part)
            if info is None:
                return None
            tp = info.annotation
        elif origin is list and isinstance(part, int):
            tp = get_args(tp)[0]
        elif origin is dict:
            tp = get_args(tp)[1]
        else:
            return None
    return _strip(tp)


def _fields_of(spec: type[BaseModel], loc: Path_) -> list[str]:
    """Return the field names allowed at ``loc`` (for "did you mean" on unknown fields)."""
    holder = _type_at(spec, loc[:-1])
    if isinstance(holder, type) and issubclass(holder, BaseModel):
        return [info.alias or name for name, info in holder.model_fields.items()]
    return []


def _expect(tp: Any) -> str:
    """Describe in Vietnamese what a type accepts."""
    tp = _strip(tp)
    origin = get_origin(tp)
    if origin is Literal:
        return "một trong: " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " hoặc ".join(_expect(a) for a in get_args(tp) if a is not type(None))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        parts = [f"'{info.alias or name}'" + (" (bắt buộc)" if info.is_required() else "")
                 for name, info in tp.model_fields.items()]
        return "bảng gồm " + ", ".join(parts)
    if origin is list:
        return "danh sách"
    if origin is dict:
        return "bảng 'khóa: giá trị'"
    return {int: "số nguyên", bool: "true hoặc false", str: "văn bản",
            float: "số"}.get(tp, str(tp))


_EXAMPLES = {"framework": "vneaf-2.0", "architecture": "cqdt", "version": "2.0",
             "layer": "applications"}


def _expect_field(info: FieldInfo, name: str) -> str:
    """Describe what a field expects, using its id/reference/year constraints when it has them."""
    patterns = [getattr(m, "pattern", None) for m in info.metadata]
    if name in _EXAMPLES:
        return f"cần {_expect(info.annotation)}, ví dụ '{_EXAMPLES[name]}'"
    if SLUG_PATTERN in patterns:
        return "cần một mã, ví dụ 'tb.app.lgsp'"
    if REF_PATTERN in patterns:
        return "cần mã của một thành phần, ví dụ 'org.so-tttt'"
    if DATE_PATTERN in patterns:
        return "cần ngày dạng YYYY-MM-DD"
    if any(getattr(m, "ge", None) == 1990 for m in info.metadata):
        return "cần một năm, ví dụ 2021"
    return "cần " + _expect(info.annotation)


def _split_text(key: str) -> bool:
    """Whether an unknown key looks like the rest of a sentence cut at a comma.

    ``{vi: Nền tảng tích hợp, chia sẻ dữ liệu}`` is the mapping ``{vi: "Nền tảng tích hợp",
    "chia sẻ dữ liệu": null}``: field names never hold spaces or Vietnamese letters.
    """
    return " " in key.strip() or any(ord(ch) > 127 for ch in key)
