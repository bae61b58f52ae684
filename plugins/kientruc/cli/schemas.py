"""The editors' JSON Schemas on disk: the three file schemas and the ids they may reference.

``kientruc schema`` writes them, ``kientruc init`` writes them into a new site, and a successful
``kientruc validate`` refreshes ``ids.schema.json``, so the ids just added are offered as the
editor types the next reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES
from ..source.schema import IDS_SCHEMA, dump_schema, id_schema, json_schemas

if TYPE_CHECKING:
    from pathlib import Path

    from ..model.types import Element, Model


def write_schemas(folder: Path, model: Model | None) -> list[Path]:
    """Write every schema into ``folder``; the ids of ``model``, or none when it did not load.

    The file schemas refer to ``ids.schema.json``, so it is always written when absent (empty if
    there is no model yet) and kept as it was when the sources do not load.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        (folder / name).write_text(dump_schema(schema), encoding="utf-8")
        written.append(folder / name)
    ids = folder / IDS_SCHEMA
    if model is not None:
        write_ids(model, folder)
        written.append(ids)
    elif not ids.is_file():
        ids.write_text(dump_schema(id_schema({})), encoding="utf-8")
        written.append(ids)
    return written


def write_ids(model: Model, folder: Path) -> Path | None:
    """Write ``ids.schema.json`` for ``model``; return its path, or None when it was current."""
    where: dict[str, list[str]] = {}
    latest: dict[str, Element] = {}  # the name and type of the newest version
    for key, snapshot in model.snapshots.items():
        for element in snapshot.elements.values():
            where.setdefault(element.id, []).append(key)
            latest[element.id] = element
    for element in model.common.values():
        where.setdefault(element.id, ["dùng chung"])
        latest.setdefault(element.id, element)
    names = {i: f"{_what(latest[i])} · {', '.join(w)}" for i, w in where.items()}
    path, text = folder / IDS_SCHEMA, dump_schema(id_schema(names))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return None
    path.write_text(text, encoding="utf-8")
    return path


def _what(element: Element) -> str:
    return f"{element.name_vi} ({ELEMENT_TYPES[element.type].vi})"  # a loaded type is known
