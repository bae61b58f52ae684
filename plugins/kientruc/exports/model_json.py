"""Open data of one version: ``model.json`` (with its JSON Schema) and one CSV per catalogue.

Also holds the Vietnamese labels of type-specific fields and of their coded values, which every
export (CSV, ArchiMate properties, the PDF handbook) shows to readers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import labels, safe
from ..metamodel import ELEMENT_TYPES, PROVENANCE_VI, RELATION_TYPES, STATE_VI, VERSION_STATUS_VI
from ..text import date_vi, thousands

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ..model.types import Element, Model, Relation, Snapshot

FORMAT_VERSION = 1
"""Bumped when a field of ``model.json`` changes meaning or disappears (adding one does not)."""
SCHEMA_NAME = "model.schema.json"
"""File name under which the JSON Schema of ``model.json`` is published."""

# -- Vietnamese labels of type-specific fields and of their coded values -------------------------
# The vocabulary is the site's (:mod:`kientruc.labels`); a few fields read better with a name
# that depends on the element type, which matters in a catalogue's column header.

ATTR_LABELS_BY_TYPE: Mapping[tuple[str, str], str] = MappingProxyType({
    ("network", "level"): "Cấp mạng",
    ("stakeholder", "kind"): "Nhóm đối tượng",
    ("project", "kind"): "Hình thức thực hiện",
    ("project", "budget_vnd"): "Tổng mức đầu tư",
    ("legal_document", "number"): "Số, ký hiệu",
    ("legal_document", "date"): "Ngày ban hành",
    ("issue", "date"): "Ngày báo cáo",
    ("principle", "number"): "Số thứ tự",
})


def attr_label(type_id: str, key: str) -> str:
    """Return the Vietnamese label of a type-specific field (``budget_vnd`` → ``Tổng kinh phí``)."""
    return ATTR_LABELS_BY_TYPE.get((type_id, key)) or labels.field_label(key)


def value_label(type_id: str, key: str, value: str) -> str:
    """Return the Vietnamese label of a coded value, or the value itself when it has none."""
    del type_id  # the site's tables hold every type's codes without clashes
    return labels.value_label(key, value)


def display_value(type_id: str, key: str, value: Any) -> str:
    """Render a type-specific field for a reader (labels, ``có``/``không``, đồng amounts)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return labels.value_label(key, value)
    if isinstance(value, int):
        return thousands(value) if key.endswith("_vnd") else str(value)
    if isinstance(value, list | tuple):
        return "; ".join(display_value(type_id, key, item) for item in value)
    if key == "year_plan" and isinstance(value, dict):
        return "; ".join(_year_line(year, plan) for year, plan in sorted(value.items()))
    if isinstance(value, dict):
        return "; ".join(f"{value_label(type_id, key, str(k))}: {display_value(type_id, '_vnd', v)}"
                         for k, v in value.items())
    if key == "date":
        return date_vi(value)
    return safe.plain_line(value_label(type_id, key, str(value)))  # free text (a KPI) is Markdown


def _year_line(year: str, plan: Mapping[str, Any]) -> str:
    budget = plan.get("budget_vnd")
    money = f" ({thousands(budget)} đồng)" if isinstance(budget, int) else ""
    return f"{year}: {safe.plain_line(str(plan.get('tasks', '')))}{money}"


# -- model.json: the published document shape ----------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              json_schema_serialization_defaults_required=True)


class TextOut(_Out):
    """A name in Vietnamese, with its English form when there is one."""

    vi: str
    en: str | None = None


class LayerOut(_Out):
    """A layer (band) of the framework."""

    id: str
    name: TextOut
    order: int
    orientation: Literal["horizontal", "vertical", "external"]
    description: str = ""


class ChapterOut(_Out):
    """A chapter of the version: the layers and element types it presents."""

    id: str
    title: str
    layers: list[str]
    types: list[str]
    diagram: str | None = None
    intro: str = ""


class FrameworkOut(_Out):
    """The framework the version follows."""

    id: str
    name: TextOut
    short: str | None = None
    legal_basis: str | None = Field(default=None, description="Id of the issuing legal document.")
    description: str = ""
    layers: list[LayerOut]
    chapters: list[ChapterOut]


class ApprovalOut(_Out):
    """The decision that approved the version."""

    number: str
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD).")
    signer: str | None = None
    provenance: str
    sources: list[str] = []


class PeriodOut(_Out):
    """Years the version covers."""

    start: int = Field(alias="from")
    end: int = Field(alias="to")


class ElementOut(_Out):
    """One element of the version, with every common field and its type-specific ``attrs``."""

    id: str
    type: str = Field(description="Element type id (see type_vi and archimate).")
    type_vi: str
    archimate: str = Field(description="ArchiMate 3.2 element type.")
    name: TextOut
    short: str | None = None
    description: str = Field(default="", description="Markdown.")
    provenance: Literal["confirmed", "illustrative"]
    sources: list[str] = []
    layer: str | None = Field(default=None, description="Layer id of the framework.")
    state: str | None = Field(default=None, description="hien-trang, dang-trien-khai, muc-tieu.")
    renamed_from: str | None = Field(default=None, description="Id in the previous version.")
    replaces: list[str] = []
    attrs: dict[str, Any] = Field(description="Type-specific fields as written (codes, đồng).")


class RelationOut(_Out):
    """A directed relation; ``target`` and ``via`` may name a reference (see ``references``)."""

    source: str
    type: str
    type_vi: str
    target: str
    via: str | None = None
    data: str | None = None
    mode: Literal["r", "w", "rw"] | None = None
    since: int | None = None
    note: str | None = None


class ReferenceOut(_Out):
    """An element outside this version that it refers to (common data or another version)."""

    id: str = Field(description="The reference as written (``vn.x`` or ``cqdt/2.0:x``).")
    type: str
    name: TextOut
    short: str | None = None
    scope: str = Field(description="``common`` or the version key that declares it.")


class ModelDocument(_Out):
    """``model.json``: one version of one architecture, complete."""

    format: Literal["kientruc-model"] = "kientruc-model"
    format_version: Literal[1] = 1
    architecture: str
    version: str
    key: str = Field(description="``architecture/version``.")
    title: TextOut
    framework: FrameworkOut
    status: Literal["draft", "approved", "superseded"]
    status_vi: str
    approval: ApprovalOut | None = None
    period: PeriodOut
    supersedes: str | None = None
    summary: str = ""
    vision: str = ""
    scope: str = ""
    organisation: str = ""
    legal_basis: list[str] = []
    provenance: Literal["confirmed", "illustrative"]
    digest: str | None = Field(default=None, description="Digest recorded by `kientruc freeze`.")
    elements: list[ElementOut]
    relations: list[RelationOut]
    references: list[ReferenceOut]


def model_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``model.json`` (draft 2020-12).

    Returns:
        The schema as a dictionary.
    """
    schema = ModelDocument.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_NAME
    return schema


def model_document(model: Model, snapshot: Snapshot) -> dict[str, Any]:
    """Return the content of ``model.json`` for one version.

    Args:
        model: The whole model (to describe what the version refers to).
        snapshot: The version.

    Returns:
        A JSON-ready dictionary that follows :func:`model_schema`.
    """
    fw = snapshot.framework
    doc = ModelDocument(
        architecture=snapshot.architecture, version=snapshot.version, key=snapshot.key,
        title=TextOut(vi=snapshot.title_vi, en=snapshot.title_en),
        framework=FrameworkOut(
            id=fw.id, name=TextOut(vi=fw.name_vi, en=fw.name_en), short=fw.short,
            legal_basis=fw.legal_basis, description=safe.plain(fw.description),
            layers=[LayerOut(id=x.id, name=TextOut(vi=x.name_vi, en=x.name_en), order=x.order,
                             orientation=x.orientation,
                             description=safe.plain(x.description))
                    for x in fw.layers],
            chapters=[ChapterOut(id=c.id, title=c.title, layers=list(c.layers),
                                 types=list(c.types), diagram=c.diagram,
                                 intro=safe.plain(c.intro))
                      for c in fw.chapters]),
        status=snapshot.status, status_vi=VERSION_STATUS_VI[snapshot.status],
        approval=None if snapshot.approval is None else ApprovalOut(
            number=snapshot.approval.number, date=snapshot.approval.date,
            signer=snapshot.approval.signer, provenance=snapshot.approval.provenance,
            sources=list(snapshot.approval.sources)),
        period=PeriodOut(start=snapshot.period[0], end=snapshot.period[1]),
        supersedes=snapshot.supersedes, summary=safe.plain(snapshot.summary),
        vision=safe.plain(snapshot.vision), scope=safe.plain(snapshot.scope),
        organisation=safe.plain(snapshot.organisation),
        legal_basis=list(snapshot.legal_basis), provenance=_provenance(snapshot.provenance),
        digest=snapshot.digest,
        elements=[_element_out(e) for e in snapshot.elements.values()],
        relations=[_relation_out(r) for r in snapshot.relations()],
        references=[ReferenceOut(id=ref, type=e.type, name=TextOut(vi=e.name_vi, en=e.name_en),
                                 short=e.short, scope=e.scope)
                    for ref, e in external_references(model, snapshot).items()],
    )
    return doc.model_dump(mode="json", by_alias=True)


def _provenance(value: str) -> Literal["confirmed", "illustrative"]:
    return "confirmed" if value == "confirmed" else "illustrative"


def _element_out(e: Element) -> ElementOut:
    return ElementOut(
        id=e.id, type=e.type, type_vi=ELEMENT_TYPES[e.type].vi,
        archimate=ELEMENT_TYPES[e.type].archimate, name=TextOut(vi=e.name_vi, en=e.name_en),
        short=e.short, description=safe.plain(e.description), provenance=e.provenance,
        sources=list(e.sources), layer=e.layer, state=e.state, renamed_from=e.renamed_from,
        replaces=list(e.replaces), attrs=_plain(dict(e.attrs)))


def _relation_out(r: Relation) -> RelationOut:
    mode: Literal["r", "w", "rw"] | None = None
    if r.mode in ("r", "w", "rw"):
        mode = r.mode  # type: ignore[assignment]
    return RelationOut(source=r.source, type=r.type, type_vi=RELATION_TYPES[r.type].vi,
                       target=r.target, via=r.via, data=r.data, mode=mode, since=r.since,
                       note=safe.plain_line(r.note) if r.note else r.note)


MARKDOWN_ATTRS = frozenset({"tasks", "kpi", "resolution"})
"""Type-specific fields that pages render as editor Markdown (:func:`kientruc.safe.inline`);
model.json holds their plain text. Other fields (codes, names) are literal and kept as written."""


def _plain(value: Any, key: str = "") -> Any:
    """Turn mappings and tuples into plain dicts and lists (JSON-ready)."""
    if isinstance(value, dict):
        return {str(k): _plain(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if key in MARKDOWN_ATTRS and isinstance(value, str):
        return safe.plain_line(value)
    return value


def external_references(model: Model, snapshot: Snapshot) -> dict[str, Element]:
    """Return the elements outside the version that it refers to, by reference, sorted.

    Relation targets, ``via`` platforms and the version's legal basis that are common reference
    data (``vn.*``) or another version's elements (``cqdt/1.0:x``).
    """
    refs: set[str] = set(snapshot.legal_basis)
    for relation in snapshot.relations():
        refs.add(relation.target)
        if relation.via:
            refs.add(relation.via)
    out: dict[str, Element] = {}
    for ref in sorted(refs):
        if ref in snapshot.elements:
            continue
        element = model.resolve(snapshot, ref)
        if element is not None:
            out[ref] = element
    return out


def model_json(model: Model, snapshot: Snapshot) -> bytes:
    """Serialise ``model.json``: UTF-8, sorted keys, two-space indent, final newline."""
    return dump_json(model_document(model, snapshot))


def model_schema_json() -> bytes:
    """Serialise the JSON Schema of ``model.json`` deterministically."""
    return dump_json(model_schema())


def dump_json(data: Any) -> bytes:
    """Serialise JSON deterministically (sorted keys, real UTF-8 rather than escapes)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


# -- CSV catalogues --------------------------------------------------------------------------------

BASE_COLUMNS: tuple[str, ...] = (
    "Mã", "Tên", "Tên tiếng Anh", "Tên viết tắt", "Loại", "Lớp", "Mã lớp", "Trạng thái", "Mô tả")
TAIL_COLUMNS: tuple[str, ...] = ("Nguồn gốc thông tin", "Nguồn")


def catalogue_csvs(model: Model, snapshot: Snapshot) -> dict[str, bytes]:
    """Return one CSV per element type present in the version, by file name (``ung-dung.csv``).

    UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly), CRLF line ends, a
    Vietnamese header and one row per element. Related elements appear by name, with their ids
    in a separate column. Amounts in đồng are plain integers so spreadsheets can add them up;
    text that a spreadsheet would take for a formula starts with an apostrophe.

    Args:
        model: The whole model (to name related elements outside the version).
        snapshot: The version.

    Returns:
        ``{file name: bytes}`` in the order of the metamodel.
    """
    out: dict[str, bytes] = {}
    for type_id, element_type in ELEMENT_TYPES.items():
        elements = list(snapshot.of_type(type_id))
        if elements:
            out[f"{element_type.slug}.csv"] = _csv_bytes(_catalogue_rows(model, snapshot,
                                                                         type_id, elements))
    return out


def _catalogue_rows(model: Model, snapshot: Snapshot, type_id: str,
                    elements: list[Element]) -> Iterator[list[str]]:
    attr_keys = list(dict.fromkeys(k for e in elements for k in e.attrs))
    funding_keys = list(dict.fromkeys(
        str(k) for e in elements for k in (e.attrs.get("funding") or {})))
    relation_types = [t for t in RELATION_TYPES
                      if any(r.type == t for e in elements for r in e.relations)]
    renamed = any(e.renamed_from for e in elements)
    replaces = any(e.replaces for e in elements)

    header = list(BASE_COLUMNS)
    for key in attr_keys:
        if key == "funding":
            header += [f"Nguồn vốn: {value_label(type_id, 'funding', k)} (đồng)"
                       for k in funding_keys]
        elif key.endswith("_vnd"):
            header.append(f"{attr_label(type_id, key)} (đồng)")
        else:
            header.append(attr_label(type_id, key))
    for t in relation_types:
        label = RELATION_TYPES[t].vi
        header += [label[:1].upper() + label[1:], f"{label[:1].upper() + label[1:]} (mã)"]
    if renamed:
        header.append("Đổi tên từ (mã)")
    if replaces:
        header.append("Thay thế các thành phần (mã)")
    header += TAIL_COLUMNS
    yield _unique(header)

    layer_names = {x.id: x.name_vi for x in snapshot.framework.layers}
    for e in elements:
        row = [e.id, e.name_vi, e.name_en or "", e.short or "", ELEMENT_TYPES[e.type].vi,
               layer_names.get(e.layer or "", ""), e.layer or "",
               STATE_VI.get(e.state or "", ""), safe.plain_line(e.description)]
        for key in attr_keys:
            value = e.attrs.get(key)
            if key == "funding":
                funding = value or {}
                row += [_cell_int(funding.get(k)) for k in funding_keys]
            elif key.endswith("_vnd"):
                row.append(_cell_int(value))
            elif key == "date":  # ISO: a spreadsheet reads 05/03/2021 as March or May
                row.append(str(value) if value else "")
            else:
                row.append(display_value(type_id, key, value))
        for t in relation_types:
            relations = [r for r in e.relations if r.type == t]
            row.append("; ".join(_relation_text(model, snapshot, r) for r in relations))
            row.append("; ".join(r.target for r in relations))
        if renamed:
            row.append(e.renamed_from or "")
        if replaces:
            row.append("; ".join(e.replaces))
        row += [PROVENANCE_VI[e.provenance], " ".join(e.sources)]
        yield row


def _unique(header: list[str]) -> list[str]:
    """Column names as given, a repeated one numbered (``Mã``, ``Mã (2)``): tools key on them."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _cell_int(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def label_of(model: Model, snapshot: Snapshot, ref: str) -> str:
    """Return the name of what ``ref`` points to (its abbreviation in brackets), or ``ref``."""
    target = model.resolve(snapshot, ref)
    if target is None:
        return ref
    return f"{target.name_vi} ({target.short})" if target.short else target.name_vi


def _relation_text(model: Model, snapshot: Snapshot, r: Relation) -> str:
    text = label_of(model, snapshot, r.target)
    details = []
    if r.via:
        via = model.resolve(snapshot, r.via)
        details.append(f"qua {via.label if via else r.via}")
    if r.data:
        details.append(r.data)
    if r.since:
        details.append(f"từ năm {r.since}")
    return f"{text} [{', '.join(details)}]" if details else text


_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


def _cell(text: str) -> str:
    """Keep spreadsheets from reading text as a formula (``- mục`` → ``'- mục``).

    A cell that starts with ``=``, ``+``, ``-`` or ``@`` and is not a number gets a leading
    apostrophe, as OWASP advises against CSV injection; Excel then shows the text as written.
    """
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(text):
        return "'" + text
    return text


def _csv_bytes(rows: Iterator[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
