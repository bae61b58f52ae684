"""Read an OEF file (validated against the Open Group schemas) and write a version folder.

A file exported by kientruc carries each element's id, type, layer and each relation's type as
properties, so it comes back as the same model; a file from Archi is mapped by ArchiMate
concept, and whatever has no counterpart is reported, with its place in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from lxml import etree  # type: ignore[import-untyped]

from ..errors import ModelError, Problem
from ..metamodel import ELEMENT_TYPES, PROVENANCE_VI, RELATION_TYPES, STATE_VI, VERSION_STATUS_VI
from ..source.spec import REF_PATTERN
from .attrs import decode_attrs, fill_required, fill_required_shorthands

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ImportReport", "import_oef", "read_oef"]

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_REF = re.compile(REF_PATTERN)

_BY_ARCHIMATE: dict[str, str] = {}
for _t in ELEMENT_TYPES.values():
    _BY_ARCHIMATE.setdefault(_t.archimate, _t.id)
_BY_VI = {t.vi: t.id for t in ELEMENT_TYPES.values()}

_RELATION_BY_ARCHIMATE = {
    "Composition": ("part_of", True), "Aggregation": ("part_of", True),
    "Serving": ("serves", False), "Realization": ("realizes", False),
    "Flow": ("exchanges_with", False), "Access": ("accesses", False),
    "Influence": ("concerns", False), "Association": ("concerns", False),
    "Assignment": ("concerns", False), "Triggering": ("exchanges_with", False),
}
"""A relationship from a model kientruc did not write: the relation type and whether it reads
from the ArchiMate target (``A composed of B`` is ``B part_of A``)."""

_COMMON_SCOPE = "dữ liệu dùng chung"
_KNOWN = frozenset({"kientruc-id", "type", "short", "layer", "state", "provenance", "sources",
                    "@scope", "renamed_from", "replaces"})
"""Properties the export writes for every element and the import reads back."""
_MODES = {"Read": "r", "Write": "w", "ReadWrite": "rw"}


@dataclass
class ImportReport:
    """What an import kept, mapped and dropped, with located Vietnamese warnings."""

    elements: int = 0
    relations: int = 0
    references: int = 0
    mapped: int = 0
    dropped: int = 0
    warnings: list[Problem] = field(default_factory=list)
    dropped_properties: dict[str, int] = field(default_factory=dict)
    """Property names with no kientruc field, and on how many elements they were dropped."""

    def summary(self) -> str:
        """One Vietnamese line with the counts."""
        return (f"Đã nhập {self.elements} thành phần, {self.relations} quan hệ "
                f"({self.references} tham chiếu ngoài phiên bản; {self.mapped} được ánh xạ lại; "
                f"{self.dropped} bị bỏ qua)." + (
                    " Thuộc tính bị bỏ qua: " + ", ".join(
                        f"{k} ({v})" for k, v in sorted(self.dropped_properties.items())) + "."
                    if self.dropped_properties else ""))


def _permitted() -> dict[str, dict[str, str]]:
    """Archi's permitted-relationship table (letters by source and target concept)."""
    text = resources.files("kientruc").joinpath("data/archimate_relationships.json").read_text(
        "utf-8")
    data = json.loads(text)
    keys: dict[str, str] = data["keys"]
    return {source: {target: ",".join(keys[c] for c in letters)
                     for target, letters in targets.items()}
            for source, targets in data["relationships"].items()}


def _schema() -> etree.XMLSchema:
    """The Open Group schema shipped in the package; ``xml.xsd`` answered locally (offline)."""
    folder = resources.files("kientruc").joinpath("data/oef")

    class _Local(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            if url.endswith("/xml.xsd"):
                return self.resolve_filename(str(folder.joinpath("xml.xsd")), context)
            return None

    parser = etree.XMLParser()
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(folder.joinpath("archimate3_Diagram.xsd")), parser))


def read_oef(path: Path) -> Any:
    """Parse and validate ``path``; raise :class:`ModelError` with located problems if bad."""
    name = str(path)
    try:
        tree = etree.parse(name, etree.XMLParser(resolve_entities=False, no_network=True))
    except OSError as error:
        raise ModelError([Problem(file=name, message=f"không đọc được tệp: {error}")]) from None
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ModelError([Problem(file=name, line=line, column=column,
                                  message=f"tệp không phải XML hợp lệ: {error.msg}")]) from None
    schema = _schema()
    if not schema.validate(tree):
        raise ModelError([Problem(file=name, line=e.line, column=e.column,
                                  message=f"không đúng lược đồ ArchiMate (OEF): {e.message}")
                          for e in list(schema.error_log)[:20]])
    return tree.getroot()


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _texts(node: Any, tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in node.findall(_q(tag)):
        out.setdefault(child.get(_LANG) or "vi", (child.text or "").strip())
    return out


def _slug(identifier: str) -> str:
    text = identifier.removeprefix("id-").lower().replace("_", ".")
    text = re.sub(r"[^a-z0-9.]+", "-", text)
    text = re.sub(r"([.\-])[.\-]+", r"\1", text).strip(".-")
    return text or "x"


class _Reader:
    def __init__(self, root: Any, file: str, frameworks: dict[str, dict[str, Any]],
                 framework: str | None) -> None:
        self.root = root
        self.file = file
        self.report = ImportReport()
        self.names = {d.get("identifier", "").removeprefix("prop-"): (
            _texts(d, "name") or {"": d.get("identifier")}).popitem()[1]
                      for d in root.iter(_q("propertyDefinition"))}
        self.keys = {d.get("identifier"): d.get("identifier", "").removeprefix("prop-")
                     for d in root.iter(_q("propertyDefinition"))}
        self.model_props = self._props(root)
        self.labels: dict[str, str] = {}
        self.pending: dict[str, Any] = {}
        self.framework = framework or self._framework(frameworks)
        layers = frameworks.get(self.framework, {}).get("layers", [])
        self.layers = {str(x["name"]["vi"]): str(x["id"]) for x in layers}

    def warn(self, node: Any, message: str) -> None:
        self.report.warnings.append(Problem(file=self.file, line=node.sourceline or 0,
                                            message=message, severity="warning"))

    def _props(self, node: Any) -> dict[str, str]:
        props = node.find(_q("properties"))
        out: dict[str, str] = {}
        for p in [] if props is None else props.findall(_q("property")):
            key = self.keys.get(p.get("propertyDefinitionRef"), "")
            value = p.find(_q("value"))
            text = (value.text or "").strip() if value is not None else ""
            if key == "scope" and (text == _COMMON_SCOPE or text.startswith("phiên bản ")):
                key = "@scope"  # where the element lives, not a database's scope field
            out[key] = text
        return out

    def _framework(self, frameworks: dict[str, dict[str, Any]]) -> str:
        wanted = self.model_props.get("m-framework")
        for fid, data in sorted(frameworks.items()):
            if wanted and data.get("name", {}).get("vi") == wanted:
                return fid
        if not frameworks:
            return "archimate"
        return sorted(frameworks)[-1]

    def read(self) -> tuple[dict[str, str], list[dict[str, Any]]]:
        ids: dict[str, str] = {}
        out: list[dict[str, Any]] = []
        used: set[str] = set()
        nodes = self.root.find(_q("elements"))
        for node in [] if nodes is None else nodes.findall(_q("element")):
            props = self._props(node)
            ref = props.get("kientruc-id", "")
            if not _REF.match(ref):
                ref = _slug(node.get("identifier"))
            if ":" in ref or props.get("@scope") == _COMMON_SCOPE:
                ids[node.get("identifier")] = ref
                self._label(node, ref, props)
                self.report.references += 1
                continue
            concept = node.get(_XSI_TYPE)
            type_id = _BY_VI.get(props.get("type", "")) or _BY_ARCHIMATE.get(concept)
            if type_id is None:
                self.warn(node, f"loại ArchiMate '{concept}' chưa có loại thành phần tương ứng "
                                f"trong kientruc: bỏ qua '{ref}'")
                self.report.dropped += 1
                continue
            while ref in used:
                ref += "-2"
            used.add(ref)
            ids[node.get("identifier")] = ref
            self._label(node, ref, props)
            out.append(self._element(node, ref, type_id, props))
        return ids, out

    def _label(self, node: Any, ref: str, props: dict[str, str]) -> None:
        """Remember how the export names an element in ``via`` (its short name or name)."""
        self.labels.setdefault(ref, ref)
        label = props.get("short") or _texts(node, "name").get("vi")
        if label:
            self.labels.setdefault(label, ref)

    def _element(self, node: Any, ref: str, type_id: str, props: dict[str, str]) -> dict[str, Any]:
        names = _texts(node, "name")
        name: dict[str, str] = {"vi": names.get("vi") or next(iter(names.values()), ref)}
        if names.get("en"):
            name["en"] = names["en"]
        item: dict[str, Any] = {"id": ref, "type": type_id, "name": name}
        if props.get("short"):
            item["short"] = props["short"]
        doc = _texts(node, "documentation")
        if doc:
            item["description"] = doc.get("vi") or next(iter(doc.values()))
        provenance = {v: k for k, v in PROVENANCE_VI.items()}.get(props.get("provenance", ""))
        item["provenance"] = provenance or "illustrative"
        if props.get("sources"):
            item["sources"] = props["sources"].split()
        layer = self.layers.get(props.get("layer", ""))
        if layer:
            item["layer"] = layer
        state = {v: k for k, v in STATE_VI.items()}.get(props.get("state", ""))
        if state:
            item["state"] = state
        if props.get("renamed_from"):
            item["renamed_from"] = props["renamed_from"]
        if props.get("replaces"):
            item["replaces"] = props["replaces"].split("; ")
        decoded = decode_attrs(type_id, props)
        for key, value in decoded.items():
            if value is None:
                self.warn(node, f"không đọc lại được thuộc tính '{key}' của '{ref}': bỏ qua")
            else:
                item[key] = value
        for key in sorted(set(props) - _KNOWN - set(decoded)):
            if key.startswith(("funding-", f"{type_id}-")):
                continue
            prop_name = self.names.get(key, key)
            if prop_name not in self.report.dropped_properties:
                self.warn(node, f"thuộc tính '{prop_name}' chưa có trường tương ứng trong "
                                "kientruc: bỏ qua (ở mọi thành phần có thuộc tính này)")
            counts = self.report.dropped_properties
            counts[prop_name] = counts.get(prop_name, 0) + 1
        item["relations"] = []
        self.pending[ref] = node
        return item

    def relations(self, ids: dict[str, str], elements: list[dict[str, Any]]) -> None:
        by_ref = {e["id"]: e for e in elements}
        types = {e["id"]: e["type"] for e in elements}
        nodes = self.root.find(_q("relationships"))
        rels = [] if nodes is None else nodes.findall(_q("relationship"))
        rel_ids = {n.get("identifier") for n in rels}
        concepts = {n.get("identifier"): n.get(_XSI_TYPE) for n in self.root.iter(_q("element"))}
        permitted = _permitted()
        for node in rels:
            props = self._props(node)
            a, b = ids.get(node.get("source")), ids.get(node.get("target"))
            concept = node.get(_XSI_TYPE)
            if a is None or b is None:
                ends = {node.get("source"), node.get("target")} & rel_ids
                what = ("một quan hệ khác (kientruc chưa hỗ trợ quan hệ nối tới quan hệ)"
                        if ends else "thành phần không được nhập")
                self.warn(node, f"quan hệ '{concept}' nối tới {what}: bỏ qua")
                self.report.dropped += 1
                continue
            ca, cb = concepts.get(node.get("source")), concepts.get(node.get("target"))
            allowed = permitted.get(ca or "", {}).get(cb or "", "").split(",")
            if ca and cb and concept not in allowed:
                self.warn(node, f"ArchiMate 3.2 không cho phép quan hệ '{concept}' từ '{ca}' tới "
                                f"'{cb}' (bảng quan hệ của Archi): vẫn nhập, hãy kiểm tra lại")
            kind = props.get("relation-type", "")
            if kind in RELATION_TYPES:
                flipped = RELATION_TYPES[kind].reverse and concept != "Association"
            elif concept in _RELATION_BY_ARCHIMATE:
                kind, flipped = _RELATION_BY_ARCHIMATE[concept]
                self.report.mapped += 1
            else:
                self.warn(node, f"quan hệ ArchiMate '{concept}' chưa có loại quan hệ tương ứng:"
                                " bỏ qua")
                self.report.dropped += 1
                continue
            source, target = (b, a) if flipped else (a, b)
            if source == target:
                self.warn(node, f"quan hệ '{concept}' của '{source}' với chính nó: bỏ qua")
                self.report.dropped += 1
                continue
            if source not in by_ref:
                self.warn(node, f"quan hệ từ '{source}' (ngoài phiên bản) không ghi được: bỏ qua")
                self.report.dropped += 1
                continue
            rel_type = RELATION_TYPES[kind]
            if (rel_type.sources and types[source] not in rel_type.sources) or (
                    rel_type.targets and types.get(target) not in rel_type.targets
                    and target in types):
                self.warn(node, f"quan hệ '{kind}' không dùng được giữa '{source}' và "
                                f"'{target}': ghi thành 'concerns' (liên quan đến)")
                kind = "concerns"
                self.report.mapped += 1
            relation: dict[str, Any] = {"type": kind, "target": target}
            if props.get("via"):
                via = self.labels.get(props["via"])
                if via is None:
                    self.warn(node, f"không tìm thấy nền tảng trung gian '{props['via']}': bỏ qua")
                else:
                    relation["via"] = via
            if props.get("data"):
                relation["data"] = props["data"]
            mode = props.get("mode") or _MODES.get(node.get("accessType", ""))
            if mode in ("r", "w", "rw") and kind == "accesses":
                relation["mode"] = mode
            if props.get("since", "").isdigit():
                relation["since"] = int(props["since"])
            note = _texts(node, "documentation")
            if note:
                relation["note"] = note.get("vi") or next(iter(note.values()))
            by_ref[source]["relations"].append(relation)
            self.report.relations += 1

    def version(self, architecture: str, version: str) -> dict[str, Any]:
        p = self.model_props
        names = _texts(self.root, "name")
        title = {lang: re.sub(r" \((?:phiên bản|version) [0-9.]+\)$", "", text)
                 for lang, text in names.items() if lang in ("vi", "en")}
        if "vi" not in title:
            title["vi"] = next(iter(names.values()), f"{architecture} {version}")
        period = re.findall(r"[0-9]{4}", p.get("m-period", ""))
        if len(period) != 2:
            period = ["2025", "2030"]
            self.warn(self.root, "tệp không ghi giai đoạn (m-period): dùng 2025–2030, "
                                 "hãy sửa trong version.yaml")
        status = {v: k for k, v in VERSION_STATUS_VI.items()}.get(p.get("m-status", ""), "draft")
        data: dict[str, Any] = {
            "architecture": architecture, "version": version, "title": title,
            "framework": self.framework, "status": status,
            "period": {"from": int(period[0]), "to": int(period[1])},
            "provenance": {v: k for k, v in PROVENANCE_VI.items()}.get(
                p.get("provenance", ""), "illustrative"),
        }
        summary = _texts(self.root, "documentation")
        if summary:
            data["summary"] = summary.get("vi") or next(iter(summary.values()))
        for key in ("vision", "scope", "organisation"):
            if p.get(f"m-{key}"):
                data[key] = p[f"m-{key}"]
        return data


def _dump(data: Any, schema: str) -> str:
    head = f"# yaml-language-server: $schema=../../schema/{schema}\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _frameworks(arch_dir: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((arch_dir / "frameworks").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict):
            out[path.stem] = data
    return out


def _supersedes(reader: _Reader, arch_dir: Path, architecture: str, data: dict[str, Any],
                elements: list[dict[str, Any]]) -> None:
    """Point ``supersedes`` at the previous release imported beside this one, if there is one.

    Renames and replacements only mean something against a previous version; without one they
    are dropped (and said so) so that the version still validates.
    """
    previous = reader.model_props.get("m-supersedes", "")
    old_version = previous.partition("/")[2]
    if old_version and old_version != data["version"] and (
            arch_dir / architecture / old_version / "version.yaml").is_file():
        data["supersedes"] = f"{architecture}/{old_version}"
        return
    dropped = 0
    for item in elements:
        dropped += bool(item.pop("renamed_from", None)) + bool(item.pop("replaces", None))
    if dropped:
        reader.warn(reader.root, f"không có phiên bản trước '{architecture}/{old_version}' trong "
                                 f"thư mục kiến trúc: bỏ {dropped} thông tin đổi tên, thay thế")


def import_oef(path: Path, arch_dir: Path, architecture: str, version: str,
               framework: str | None = None) -> ImportReport:
    """Write (or replace) ``arch_dir/<architecture>/<version>`` from the OEF file ``path``.

    Returns:
        The report: counts of what was kept, mapped and dropped, and located warnings.
    """
    root = read_oef(path)
    reader = _Reader(root, str(path), _frameworks(arch_dir), framework)
    ids, elements = reader.read()
    reader.relations(ids, elements)
    for item in elements:
        fill_required_shorthands(item)
        for note in fill_required(item):
            reader.warn(reader.pending[item["id"]], note)
        if not item["relations"]:
            del item["relations"]
    reader.report.elements = len(elements)
    version_data = reader.version(architecture, version)
    _supersedes(reader, arch_dir, architecture, version_data, elements)
    folder = arch_dir / architecture / version
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    (folder / "version.yaml").write_text(
        _dump(version_data, "version.schema.json"), encoding="utf-8")
    (folder / "thanh-phan.yaml").write_text(
        _dump({"elements": elements}, "catalogue.schema.json"), encoding="utf-8")
    return reader.report
