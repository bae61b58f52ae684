"""Type-specific fields read back from the properties kientruc's export writes.

The export shows coded values by their Vietnamese labels (``tinh`` → ``Tỉnh``) and lists joined
by ``; ``, so reading them back inverts the label tables of :mod:`kientruc.labels`, guided by
each field's declared type in the element's spec.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from ..labels import VALUE_VI
from ..metamodel import RELATION_SHORTHANDS
from ..source.spec import ELEMENT_SPECS, ElementSpec

__all__ = ["decode_attrs", "fill_required", "fill_required_shorthands"]

_COMMON = frozenset(ElementSpec.model_fields)


def _field_kind(annotation: Any) -> str:
    """``list``, ``bool``, ``int``, ``dict`` or ``str`` for a field's annotation."""
    text = str(annotation).replace("typing.", "")
    for name in ("list", "dict"):
        if text.startswith(name) or text.startswith(f"Optional[{name}"):
            return name
    if "bool" in text:
        return "bool"
    if "<class 'int'>" in text or "Annotated[int" in text or text.startswith("int"):
        return "int"
    return "str"


def _code(key: str, text: str) -> str:
    table = VALUE_VI.get("level" if key == "scope_levels" else key, {})
    back = {label: code for code, label in table.items() if isinstance(code, str)}
    return back.get(text, text)


_YEAR = re.compile(r"([0-9]{4}): (.*?)(?: \(([0-9.]+) đồng\))?(?=; [0-9]{4}: |$)", re.DOTALL)


def _year_plan(text: str) -> dict[str, dict[str, Any]] | None:
    """Read ``2021: tasks (6.500.000.000 đồng); 2022: …`` back into a year plan."""
    plan: dict[str, dict[str, Any]] = {}
    for year, tasks, money in _YEAR.findall(text):
        entry: dict[str, Any] = {"tasks": tasks}
        if money:
            entry["budget_vnd"] = int(money.replace(".", ""))
        plan[year] = entry
    return plan or None


def decode_attrs(type_id: str, props: dict[str, str]) -> dict[str, Any]:
    """Return ``{field: value}`` for the type's own fields found in ``props``.

    A value that cannot be read back (a year plan, written as prose) maps to ``None`` so the
    caller can report it.
    """
    fields = {k: f for k, f in ELEMENT_SPECS[type_id].model_fields.items() if k not in _COMMON}
    out: dict[str, Any] = {}
    funding: dict[str, int] = {}
    for raw, text in props.items():
        key = raw.removeprefix(f"{type_id.replace('.', '-')}-")
        if key.startswith("funding-") and "funding" in fields:
            part = key.removeprefix("funding-")
            if text.isdigit():
                funding[part] = int(text)
            continue
        if key not in fields:
            continue
        kind = _field_kind(fields[key].annotation)
        if key == "carried_out_by":  # "level=huyen, org_type=ubnd; level=tinh"
            out[key] = [dict(pair.split("=", 1) for pair in item.split(", ") if "=" in pair)
                        for item in text.split("; ") if item]
        elif kind == "list":
            out[key] = [_code(key, t) for t in text.split("; ") if t]
        elif kind == "bool":
            out[key] = text == "true"
        elif kind == "int":
            out[key] = int(text) if text.lstrip("-").isdigit() else None
        elif key == "year_plan":
            out[key] = _year_plan(text)
        elif kind == "dict":
            out[key] = None
        else:
            out[key] = _code(key, text)
    if funding:
        out["funding"] = funding
    return out


def fill_required_shorthands(item: dict[str, Any]) -> None:
    """Move relations into the shorthand fields the type requires (``lead`` of a project).

    The export writes every relation as a relationship; a type whose spec requires ``lead: x``
    would not validate with the same fact written as ``relations: [{type: led_by, …}]``.
    """
    fields = ELEMENT_SPECS[item["type"]].model_fields
    relations: list[dict[str, Any]] = item.get("relations", [])
    for name, rel_type in RELATION_SHORTHANDS:
        field = fields.get(name)
        if field is None or not field.is_required() or name in item:
            continue
        found = [r for r in relations if r["type"] == rel_type]
        if not found:
            continue
        if _field_kind(field.annotation) == "list":
            item[name] = [r["target"] for r in found]
            relations[:] = [r for r in relations if r not in found]
        else:
            item[name] = found[0]["target"]
            relations.remove(found[0])


def fill_required(item: dict[str, Any]) -> list[str]:
    """Give coded fields the type requires and the file lacks a neutral value; say which.

    A model from Archi has no ``level`` for a BusinessActor; the version should still validate,
    with a warning telling the editor what to check.
    """
    notes: list[str] = []
    for name, field in ELEMENT_SPECS[item["type"]].model_fields.items():
        if not field.is_required() or name in item or name in _COMMON:
            continue
        choices = [c for c in typing.get_args(field.annotation) if isinstance(c, str)]
        if not choices:
            notes.append(f"'{item['id']}' thiếu trường bắt buộc '{name}': hãy bổ sung")
            continue
        value = "khac" if "khac" in choices else choices[0]
        item[name] = value
        notes.append(f"'{item['id']}' thiếu trường bắt buộc '{name}': tạm ghi '{value}', "
                     "hãy kiểm tra lại")
    return notes
