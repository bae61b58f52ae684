"""The JSON Schemas editors' tools read: the specs' schema in Vietnamese, with one-file rules.

The schema says, for a single file, what the validator says. VS Code's YAML extension shows the
``title``, ``markdownDescription`` and ``patternErrorMessage`` written here, so an editor reads
"mã chỉ gồm chữ thường không dấu…" instead of an English regular expression. The schema is
generated from :mod:`kientruc.source.spec`, never written by hand, and a test runs it and the
validator on the same table of files and requires the same verdict. Rules that need more than
one file (does a reference exist? is a project inside its version's period?) stay with the
validator.
"""

from __future__ import annotations

import functools
import json
import operator
import types
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, create_model

from ..labels import FIELD_VI, VALUE_VI
from ..metamodel import ELEMENT_TYPES, RELATION_SHORTHANDS, RELATION_TYPES
from .spec import (
    DATE_PATTERN,
    ELEMENT_SPECS,
    REF_CODE_PATTERN,
    REF_PATTERN,
    SLUG_PATTERN,
    VERSION_PATTERN,
    CatalogueFile,
    FrameworkFile,
    GlossaryEntry,
    VersionFile,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

NO_MARKUP = (r"^(?![\s\S]*(?:<\s*/?\s*(?!(?:https?|mailto):)[a-zA-Z][^>]*>|<!--"
             r"|\{\s*(?::[^{}\n]*|[^{}\n]*=[^{}\n]*|[#.][\w-][^{}\n]*)\}"
             r"|\]\(\s*(?:javascript|vbscript|data):))")
"""Free text with no raw HTML, no attribute list and no script link (as the validator says)."""

_MESSAGES = {
    SLUG_PATTERN: "mã chỉ gồm chữ thường không dấu, chữ số, nối bằng một dấu '.' hoặc '-', "
                  "ví dụ tb.app.mot-cua",
    REF_PATTERN: "cần mã của một thành phần (ví dụ tb.org.so-tttt), hoặc mã kèm phiên bản "
                 "(cqdt/1.0:tb.app.mot-cua)",
    DATE_PATTERN: "ngày viết dạng YYYY-MM-DD, ví dụ 2020-11-19",
    VERSION_PATTERN: "số phiên bản dạng '2.0', đặt trong dấu nháy",
    r"^https?://[^\s]+$": "địa chỉ bắt đầu bằng https:// hoặc http://, không có dấu cách",
    r"^[0-9]{2,5}$": "mã đơn vị hành chính gồm 2 đến 5 chữ số",
    r"^[0-9]{4}-[0-9]{4}$": "giai đoạn viết dạng 2021-2025",
    NO_MARKUP: "chỉ dùng Markdown (ví dụ **đậm**, [liên kết](https://...)); mã HTML, danh sách "
               "thuộc tính {…} và liên kết javascript: không được phép trên trang công khai",
    r"^[0-9]{4}$": "khóa của kế hoạch phải là một năm, ví dụ 2021",
    REF_CODE_PATTERN: "mã mô hình tham chiếu viết dạng DRM001 hoặc DRM001.002",
    r"^[A-Z]{3}$": "mã mô hình tham chiếu gồm ba chữ in hoa, ví dụ DRM",
}
"""What a broken pattern means, in the words of the validator's messages."""

_LABELS = {
    **FIELD_VI,
    **{name: RELATION_TYPES[relation].vi.capitalize() for name, relation in RELATION_SHORTHANDS
       if name not in FIELD_VI},
    "architecture": "Mã kiến trúc", "version": "Số phiên bản", "framework": "Khung kiến trúc",
    "summary": "Tóm tắt", "vision": "Tầm nhìn", "organisation": "Tổ chức thực hiện",
    "legal_basis": "Căn cứ pháp lý", "period": "Giai đoạn", "from": "Từ năm", "to": "Đến năm",
    "supersedes": "Thay thế phiên bản", "approval": "Quyết định phê duyệt",
    "digest": "Mã băm nội dung (do kientruc freeze ghi)", "elements": "Các thành phần",
    "glossary": "Thuật ngữ", "layers": "Các lớp", "chapters": "Các chương",
    "type_defaults": "Lớp mặc định theo loại", "layer_map": "Đối chiếu lớp với khung khác",
    "order": "Thứ tự", "orientation": "Hướng", "relations": "Liên kết", "target": "Đích",
    "via": "Qua", "data": "Dữ liệu", "mode": "Chế độ", "since": "Từ năm", "note": "Ghi chú",
    "vi": "Tiếng Việt", "en": "Tiếng Anh", "tasks": "Công việc", "term": "Thuật ngữ",
    "intro": "Lời giới thiệu", "diagram": "Sơ đồ", "types": "Các loại thành phần",
    "files": "Mã băm từng tệp", "total": "Mã băm tổng", "decisions": "Quyết định liên quan",
    "reference_models": "Các mô hình tham chiếu", "codes": "Các mã",
}
"""Vietnamese titles of every field a source file may have."""

def field_title(name: str, block: str = "") -> str:
    """The Vietnamese name of a field as written in a source file (the name when unknown).

    ``block`` is the spec class the field belongs to (``VersionFile``): ``title`` is a version's
    name there but a legal document's summary elsewhere.
    """
    if name in ("title", "name") and block in _TITLE_IN:
        return _TITLE_IN[block]
    return _LABELS.get(name, name)


_TITLE_IN = {"VersionFile": "Tên phiên bản", "ChapterSpec": "Tiêu đề chương",
             "FrameworkFile": "Tên khung", "LayerSpec": "Tên lớp"}
"""``title``/``name`` is a decision's summary in a legal document, but not everywhere."""

_DEFS_VI = {
    "Text": ("Tên", "Tên tiếng Việt (vi) và, nếu có, tiếng Anh (en)."),
    "YearPlan": ("Kế hoạch một năm", "Công việc và kinh phí của dự án trong một năm."),
    "RelationSpec": ("Liên kết", "Một liên kết tới thành phần khác: loại, đích, và nếu có: qua "
                                 "hệ thống nào, dữ liệu gì, chế độ, từ năm."),
    "GlossaryEntry": ("Thuật ngữ", "Một thuật ngữ của bảng thuật ngữ."),
    "OrgKind": ("Loại cơ quan", "Một loại cơ quan theo cấp (ví dụ mọi UBND cấp huyện)."),
    "Approval": ("Quyết định phê duyệt", "Quyết định phê duyệt phiên bản: số, ngày, người ký."),
    "Period": ("Giai đoạn", "Giai đoạn của phiên bản, viết {from: 2021, to: 2025}."),
    "Digest": ("Mã băm nội dung", "Do lệnh kientruc freeze ghi; không sửa bằng tay."),
    "LayerSpec": ("Lớp", "Một lớp của sơ đồ tổng thể."),
    "ChapterSpec": ("Chương", "Một chương (kiến trúc thành phần) của trang phiên bản."),
    "CatalogueFile": ("Tệp danh mục", "Tệp danh mục thành phần của một phiên bản kiến trúc."),
    "VersionFile": ("Tệp version.yaml", "Phiên bản là gì, theo khung nào, trạng thái ra sao."),
    "RefModelSpec": ("Mô hình tham chiếu", "Một mô hình tham chiếu của khung (ví dụ DRM) và "
                                           "các mã của nó."),
    "RefCodeSpec": ("Mã tham chiếu", "Một mã của mô hình tham chiếu và tên của nó."),
    "FrameworkFile": ("Khung kiến trúc", "Các lớp và các chương của một khung, dưới dạng dữ "
                                         "liệu."),
}
"""Title and description of every object that is not an element type."""


DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema kientruc writes."""
IDS_SCHEMA = "ids.schema.json"
"""The ids an editor may reference, written from the sources (:func:`id_schema`).

Every reference field of the catalogue schema points to it, so VS Code's YAML extension offers
the ids, each with its name, as the editor types ``owner:`` or ``uses: [``."""


def id_schema(names: Mapping[str, str]) -> dict[str, Any]:
    """Return the schema of a reference, listing ``names`` (id → what it is) for completion.

    The ids are an ``enum`` branch for the editor to offer; the open ``string`` branch keeps the
    verdict the validator's: an id added since the list was written is not an error here, and
    the validator is the one that checks every reference exists.
    """
    ids = sorted(names)
    return {"$schema": DRAFT, "$id": IDS_SCHEMA,
            "title": "Mã thành phần",
            "anyOf": [{"enum": ids, "markdownEnumDescriptions": [names[i] for i in ids]},
                      {"type": "string"}]}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schemas editors' tools use, by file name."""
    union: Any = functools.reduce(operator.or_, ELEMENT_SPECS.values())
    element: Any = Annotated[union, Field(discriminator="type")]
    elements: Any = types.GenericAlias(list, (element,))
    catalogue_model = create_model(  # the file's elements as the union of every element type
        "CatalogueFile", __base__=CatalogueFile, __doc__=CatalogueFile.__doc__,
        elements=(elements, []),
        glossary=(list[GlossaryEntry], []),
    )
    out = {
        "catalogue.schema.json": catalogue_model.model_json_schema(),
        "version.schema.json": VersionFile.model_json_schema(by_alias=True),
        "framework.schema.json": FrameworkFile.model_json_schema(),
    }
    for name, schema in out.items():
        _in_vietnamese(schema)
        schema["$schema"] = DRAFT
        schema["$id"] = name
    return out


def dump_schema(schema: dict[str, Any]) -> str:
    """Serialise a schema deterministically."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _in_vietnamese(schema: dict[str, Any]) -> None:
    """Give every object and field Vietnamese words, and add the single-file rules."""
    defs = schema.get("$defs", {})
    for name, node in [(schema.get("title", ""), schema), *defs.items()]:
        type_id = node.get("properties", {}).get("type", {}).get("const")
        if type_id in ELEMENT_TYPES:
            kind = ELEMENT_TYPES[type_id].vi
            node["title"] = kind
            node["description"] = f"Thành phần loại «{kind}»."
        elif name in _DEFS_VI:
            node["title"], node["description"] = _DEFS_VI[name]
        else:
            node.pop("description", None)
        for field, prop in node.get("properties", {}).items():
            label = field_title(field, name)
            prop["title"] = label
            prop.pop("description", None)
            _field_rules(field, prop)
            values = _enum(prop)
            if values:
                labels = VALUE_VI.get(field, {})
                prop["markdownDescription"] = f"**{label}**. Giá trị: " + ", ".join(
                    f"`{v}`" + (f" ({labels[v]})" if v in labels else "") for v in values)
        if name == "ProjectSpec":
            plan = node["properties"]["year_plan"]
            plan["propertyNames"] = {"pattern": r"^[0-9]{4}$",
                                     "patternErrorMessage": _MESSAGES[r"^[0-9]{4}$"]}


def _enum(prop: dict[str, Any]) -> list[str]:
    for option in [prop, *prop.get("anyOf", []), prop.get("items", {})]:
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return []


def _field_rules(field: str, prop: dict[str, Any]) -> None:
    """Add the free-text rule and Vietnamese pattern messages to one field's schema."""
    for node in _string_nodes(prop):
        if "pattern" not in node and "enum" not in node and "const" not in node:
            node["pattern"] = NO_MARKUP
        message = _MESSAGES.get(node.get("pattern", ""))
        if message:
            node["patternErrorMessage"] = message
        if node.get("pattern") == REF_PATTERN:
            node["$ref"] = IDS_SCHEMA


def _string_nodes(prop: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for option in [prop, *prop.get("anyOf", [])]:
        if option.get("type") == "string":
            found.append(option)
        items = option.get("items")
        if isinstance(items, dict) and items.get("type") == "string":
            found.append(items)
        extra = option.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("type") == "string":
            found.append(extra)
    return found
