"""``arch/**/*.yaml`` → :class:`~kientruc.model.Model`, collecting every problem on the way.

Loading never stops at the first mistake: each file is parsed, each element validated, each
reference resolved, and all problems are raised together in one :class:`ModelError`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from . import rules
from .errors import ModelError, Problem
from .metamodel import ELEMENT_TYPES
from .model import (
    Approval,
    Chapter,
    Element,
    Framework,
    GlossaryTerm,
    Layer,
    Model,
    Origin,
    Relation,
    Snapshot,
    version_sort_key,
)
from .spec import ELEMENT_SPECS, CatalogueFile, ElementSpec, FrameworkFile, VersionFile
from .suggest import did_you_mean, known
from .yamlsource import Path_, Source, read_source

if TYPE_CHECKING:
    from collections.abc import Iterable

RESERVED = frozenset({"frameworks", "common", "schema"})
"""Folder names under ``arch/`` that are not architectures."""

_SHORTHANDS: tuple[tuple[str, str], ...] = (
    ("owner", "owned_by"),
    ("operator", "operated_by"),
    ("parent", "part_of"),
    ("hosted_on", "hosted_on"),
    ("uses", "uses"),
    ("located_in", "located_in"),
    ("based_on", "based_on"),
    ("users", "serves"),
    ("provider", "provided_by"),
    ("exposed_via", "uses"),
    ("lead", "led_by"),
    ("investor", "invested_by"),
    ("partners", "supported_by"),
    ("delivers", "delivers"),
    ("decisions", "based_on"),
    ("reported_by", "reported_by"),
    ("reported_to", "reported_to"),
    ("concerns", "concerns"),
    ("covers", "protects"),
    ("updated_by", "updates"),
)
"""Fields that are relations written short: ``owner: x`` is ``{type: owned_by, target: x}``."""

_COMMON_FIELDS = frozenset(ElementSpec.model_fields)
_SHORTHAND_FIELDS = frozenset(name for name, _ in _SHORTHANDS)


def load_model(arch_dir: Path, *, repo_root: Path | None = None) -> Model:
    """Load and validate every source under ``arch_dir``.

    Args:
        arch_dir: The ``arch/`` folder.
        repo_root: Folder that file names in messages are relative to (default: its parent).

    Returns:
        The validated model.

    Raises:
        ModelError: With every problem found, each located in its file.
    """
    return _Loader(arch_dir, repo_root or arch_dir.parent).load()


class _Loader:
    def __init__(self, arch_dir: Path, repo_root: Path) -> None:
        self.arch_dir = arch_dir
        self.repo_root = repo_root
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    # -- files ----------------------------------------------------------------------------

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.repo_root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path) -> Source | None:
        source, problems = read_source(path, self.display(path))
        self.problems.extend(problems)
        if source is not None and not isinstance(source.data, dict):
            self.problems.append(source.problem((), "nội dung tệp phải là một bảng 'khóa: giá trị'"))
            return None
        return source

    def validate(self, source: Source, spec: type[BaseModel], data: Any, base: Path_) -> Any:
        try:
            return spec.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                self.problems.append(translate(source, spec, base, item))
            return None

    # -- the whole tree ---------------------------------------------------------------------

    def load(self) -> Model:
        if not self.arch_dir.is_dir():
            raise ModelError([Problem(file=self.display(self.arch_dir),
                                      message="không tìm thấy thư mục mã nguồn kiến trúc")])
        frameworks = self.load_frameworks()
        common, glossary = self.load_common()
        raw_versions = self.load_versions(frameworks)
        snapshots = self.build_snapshots(raw_versions, frameworks, common)
        model = Model(root=self.display(self.arch_dir), frameworks=frameworks, common=common,
                      glossary=tuple(glossary), snapshots=snapshots)
        self.problems.extend(rules.check_model(model, self.arch_dir, self.warnings))
        if self.problems:
            raise ModelError(self.problems)
        return Model(root=model.root, frameworks=frameworks, common=common,
                     glossary=model.glossary, snapshots=snapshots,
                     warnings=tuple(dict.fromkeys(self.warnings)))

    def yaml_files(self, folder: Path) -> list[Path]:
        for odd in sorted(folder.rglob("*.yml")):
            self.problems.append(Problem(file=self.display(odd),
                                         message="tệp phải có đuôi '.yaml' (không phải '.yml')"))
        return sorted(folder.rglob("*.yaml"))

    def load_frameworks(self) -> dict[str, Framework]:
        out: dict[str, Framework] = {}
        folder = self.arch_dir / "frameworks"
        paths = self.yaml_files(folder) if folder.is_dir() else []
        for path in paths:
            source = self.read(path)
            spec = self.validate(source, FrameworkFile, source.data, ()) if source else None
            if source is None or spec is None:
                continue
            if spec.id != path.stem:
                self.problems.append(source.problem(("id",), (
                    f"mã khung kiến trúc '{spec.id}' phải trùng tên tệp '{path.stem}'")))
            out[spec.id] = self.framework(source, spec)
        if not paths:
            self.problems.append(Problem(file=self.display(folder), message=(
                "chưa có khung kiến trúc nào: cần ít nhất một tệp arch/frameworks/<mã>.yaml")))
        return dict(sorted(out.items()))

    def framework(self, source: Source, spec: FrameworkFile) -> Framework:
        layer_ids = [layer.id for layer in spec.layers]
        for i, layer_id in enumerate(layer_ids):
            if layer_id in layer_ids[:i]:
                self.problems.append(source.problem(("layers", i, "id"),
                                                    f"lớp '{layer_id}' bị khai báo hai lần"))
        for i, chapter in enumerate(spec.chapters):
            for j, layer_id in enumerate(chapter.layers):
                if layer_id not in layer_ids:
                    self.problems.append(source.problem(("chapters", i, "layers", j), (
                        f"không có lớp '{layer_id}'{did_you_mean(layer_id, layer_ids)}")))
            for j, type_id in enumerate(chapter.types):
                if type_id not in ELEMENT_TYPES:
                    self.problems.append(source.problem(("chapters", i, "types", j), (
                        f"không có loại thành phần '{type_id}'"
                        f"{did_you_mean(type_id, ELEMENT_TYPES)}")))
        for type_id, layer_id in spec.type_defaults.items():
            if type_id not in ELEMENT_TYPES:
                self.problems.append(source.problem(("type_defaults", type_id), (
                    f"không có loại thành phần '{type_id}'{did_you_mean(type_id, ELEMENT_TYPES)}")))
            if layer_id not in layer_ids:
                self.problems.append(source.problem(("type_defaults", type_id), (
                    f"không có lớp '{layer_id}'{did_you_mean(layer_id, layer_ids)}")))
        return Framework(
            id=spec.id, name_vi=spec.name.vi, name_en=spec.name.en, short=spec.short,
            legal_basis=spec.legal_basis, description=spec.description,
            layers=tuple(Layer(id=x.id, name_vi=x.name.vi, name_en=x.name.en, order=x.order,
                               orientation=x.orientation, description=x.description)
                         for x in sorted(spec.layers, key=lambda x: x.order)),
            chapters=tuple(Chapter(id=c.id, title=c.title, layers=tuple(c.layers),
                                   types=tuple(c.types), diagram=c.diagram, intro=c.intro)
                           for c in spec.chapters),
            type_defaults=dict(spec.type_defaults),
            layer_map={k: dict(v) for k, v in spec.layer_map.items()},
            origin=Origin(file=source.file, line=1),
        )

    def load_common(self) -> tuple[dict[str, Element], list[GlossaryTerm]]:
        elements: dict[str, Element] = {}
        glossary: list[GlossaryTerm] = []
        folder = self.arch_dir / "common"
        seen: dict[str, str] = {}
        for path in self.yaml_files(folder) if folder.is_dir() else []:
            source = self.read(path)
            if source is None:
                continue
            spec = self.validate(source, CatalogueFile, source.data, ())
            if spec is None:
                continue
            for element in self.elements(source, spec.elements, "common", None, seen):
                elements[element.id] = element
            glossary.extend(GlossaryTerm(term=g.term, vi=g.vi, en=g.en, description=g.description)
                            for g in spec.glossary)
        return elements, sorted(glossary, key=lambda g: g.term.casefold())

    def load_versions(self, frameworks: dict[str, Framework]) -> list[tuple[Source, VersionFile,
                                                                            list[Source], Path]]:
        found = []
        for arch in sorted(p for p in self.arch_dir.iterdir() if p.is_dir()):
            if arch.name in RESERVED or arch.name.startswith("."):
                continue
            for folder in sorted((p for p in arch.iterdir() if p.is_dir()),
                                 key=lambda p: _version_key(p.name)):
                version_file = folder / "version.yaml"
                if not version_file.is_file():
                    self.problems.append(Problem(file=self.display(folder), message=(
                        "thư mục phiên bản thiếu tệp version.yaml (tiêu đề, khung kiến trúc, "
                        "trạng thái, giai đoạn)")))
                    continue
                source = self.read(version_file)
                spec = self.validate(source, VersionFile, source.data, ()) if source else None
                catalogues = [s for p in self.yaml_files(folder) if p.name != "version.yaml"
                              if (s := self.read(p)) is not None]
                if source is None or spec is None:
                    continue
                if spec.architecture != arch.name:
                    self.problems.append(source.problem(("architecture",), (
                        f"cần '{arch.name}' (tên thư mục), nhận được '{spec.architecture}'")))
                if spec.version != folder.name:
                    self.problems.append(source.problem(("version",), (
                        f"cần '{folder.name}' (tên thư mục), nhận được '{spec.version}'")))
                if spec.framework not in frameworks:
                    self.problems.append(source.problem(("framework",), (
                        f"không có khung kiến trúc '{spec.framework}'"
                        f"{did_you_mean(spec.framework, frameworks)}{known(frameworks)}")))
                    continue
                found.append((source, spec, catalogues, folder))
        return found

    def build_snapshots(self, raw: list[tuple[Source, VersionFile, list[Source], Path]],
                        frameworks: dict[str, Framework],
                        common: dict[str, Element]) -> dict[str, Snapshot]:
        snapshots: dict[str, Snapshot] = {}
        for source, spec, catalogues, folder in raw:
            key = f"{spec.architecture}/{spec.version}"
            framework = frameworks[spec.framework]
            elements: dict[str, Element] = {}
            seen: dict[str, str] = {}
            for catalogue in catalogues:
                spec_file = self.validate(catalogue, CatalogueFile, catalogue.data, ())
                if spec_file is None:
                    continue
                if spec_file.glossary:
                    self.problems.append(catalogue.problem(("glossary",), (
                        "thuật ngữ chỉ khai báo trong arch/common/ (dùng chung cho mọi phiên bản)")))
                for element in self.elements(catalogue, spec_file.elements, key, framework, seen):
                    if element.id in common:
                        self.problems.append(Problem(
                            file=element.origin.file, line=element.origin.line, column=1,
                            where=element.id, message=(
                                f"mã '{element.id}' đã dùng cho dữ liệu dùng chung "
                                f"({common[element.id].origin.file}); hãy đặt mã khác")))
                    elements[element.id] = element
            approval = spec.approval
            snapshots[key] = Snapshot(
                architecture=spec.architecture, version=spec.version, title_vi=spec.title.vi,
                title_en=spec.title.en, framework=framework, status=spec.status,
                approval=Approval(number=approval.number, date=approval.date,
                                  signer=approval.signer, provenance=approval.provenance,
                                  sources=tuple(approval.sources)) if approval else None,
                period=(spec.period.start, spec.period.end), supersedes=spec.supersedes,
                summary=spec.summary, vision=spec.vision, scope=spec.scope,
                organisation=spec.organisation, legal_basis=tuple(spec.legal_basis),
                provenance=spec.provenance,
                digest=spec.digest.total if spec.digest else None,
                elements=elements, folder=self.display(folder),
                origin=Origin(file=source.file, line=1),
            )
            if spec.digest is not None:
                rules.check_frozen(source, folder, spec.digest.files, spec.digest.total,
                                   self.problems)
        return dict(sorted(snapshots.items(),
                           key=lambda kv: (kv[1].architecture, version_sort_key(kv[1].version))))

    # -- elements ---------------------------------------------------------------------------

    def elements(self, source: Source, items: list[Any], scope: str,
                 framework: Framework | None, seen: dict[str, str]) -> Iterable[Element]:
        for index, item in enumerate(items):
            base: Path_ = ("elements", index)
            element = self.element(source, item, base, scope, framework)
            if element is None:
                continue
            if element.id in seen:
                self.problems.append(source.problem((*base, "id"), (
                    f"mã '{element.id}' bị trùng: đã khai báo ở {seen[element.id]}")))
                continue
            line, col = source.pos((*base, "id"))
            seen[element.id] = f"{source.file}:{line}:{col}"
            yield element

    def element(self, source: Source, item: Any, base: Path_, scope: str,
                framework: Framework | None) -> Element | None:
        if not isinstance(item, dict):
            self.problems.append(source.problem(base, (
                f"cần một thành phần (bảng 'khóa: giá trị'), nhận được {describe(item)}")))
            return None
        type_id = item.get("type")
        if type_id not in ELEMENT_SPECS:
            message = ("thiếu trường bắt buộc 'type'" if type_id is None else
                       f"không có loại thành phần '{type_id}'"
                       f"{did_you_mean(str(type_id), ELEMENT_SPECS)}")
            self.problems.append(source.problem((*base, "type") if type_id else base,
                                                message + known(ELEMENT_SPECS, 30)))
            return None
        spec_cls = ELEMENT_SPECS[type_id]
        spec = self.validate(source, spec_cls, item, base)
        if spec is None:
            return None
        return self.resolve(source, spec, base, scope, framework)

    def resolve(self, source: Source, spec: ElementSpec, base: Path_, scope: str,
                framework: Framework | None) -> Element:
        line, column = source.pos(base)
        origin = Origin(file=source.file, line=line, column=column)
        layer = spec.layer
        if framework is not None:
            layer = layer or framework.type_defaults.get(spec.type)
            layer_ids = [x.id for x in framework.layers]
            if layer is None:
                self.problems.append(source.problem(base, (
                    f"thiếu trường 'layer' (lớp của khung '{framework.id}'){known(layer_ids, 20)}")))
            elif layer not in layer_ids:
                self.problems.append(source.problem((*base, "layer"), (
                    f"khung '{framework.id}' không có lớp '{layer}'"
                    f"{did_you_mean(layer, layer_ids)}{known(layer_ids, 20)}")))
        self.problems.extend(rules.check_markdown(source, (*base, "description"), spec.description))
        relations = []
        data = spec.model_dump(by_alias=True, exclude_defaults=False)
        for field_name, relation_type in _SHORTHANDS:
            value = data.get(field_name)
            if value in (None, [], ""):
                continue
            for target in value if isinstance(value, list) else [value]:
                relations.append(Relation(source=spec.id, type=relation_type, target=target,
                                          origin=_origin(source, (*base, field_name))))
        for i, rel in enumerate(spec.relations):
            relations.append(Relation(
                source=spec.id, type=rel.type, target=rel.target, via=rel.via, data=rel.data,
                mode=rel.mode, since=rel.since, note=rel.note,
                origin=_origin(source, (*base, "relations", i))))
        attrs = {k: v for k, v in data.items()
                 if k not in _COMMON_FIELDS and k not in _SHORTHAND_FIELDS and k != "type"}
        return Element(
            id=spec.id, type=spec.type, name_vi=spec.name.vi, name_en=spec.name.en,
            short=spec.short, description=spec.description, provenance=spec.provenance,
            sources=tuple(spec.sources), layer=layer, state=spec.state,
            renamed_from=spec.renamed_from, replaces=tuple(spec.replaces), attrs=attrs,
            relations=tuple(relations), origin=origin, scope=scope,
        )


def _origin(source: Source, path: Path_) -> Origin:
    line, column = source.pos(path)
    return Origin(file=source.file, line=line, column=column)


def _version_key(name: str) -> tuple[int, ...]:
    try:
        return version_sort_key(name)
    except ValueError:
        return (10**9,)


# -- pydantic errors → Vietnamese messages -----------------------------------------------------

_KIND_VI = {
    "str": "văn bản", "int": "số nguyên", "float": "số thập phân", "bool": "giá trị đúng/sai",
    "list": "danh sách", "dict": "bảng 'khóa: giá trị'", "NoneType": "giá trị rỗng",
}


def describe(value: Any) -> str:
    """Describe a value found in the sources, for "expected X, got Y" messages."""
    kind = _KIND_VI.get(type(value).__name__, type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    if value is None:
        return "giá trị rỗng"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return f"{kind} {text}"


def _fields_of(spec: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the field names allowed at ``loc`` (for "did you mean" on unknown fields)."""
    model: Any = spec
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        info = getattr(model, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            found = next((x for x in (candidate, *inner)
                          if isinstance(x, type) and issubclass(x, BaseModel)), None)
            if found is not None:
                model = found
                break
        else:
            model = None
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


_ID_FIELDS = {"id", "renamed_from", "replaces", "layer", "architecture", "framework"}


def translate(source: Source, spec: type[BaseModel], base: Path_, item: Any) -> Problem:
    """Turn one pydantic error into a located, Vietnamese :class:`Problem`."""
    loc = tuple(part for part in item["loc"] if part != "[key]")
    path: Path_ = (*base, *loc)
    kind = item["type"]
    found = item.get("input")
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        message = f"thiếu trường bắt buộc '{loc[-1]}'"
        path = (*base, *loc[:-1])
    elif kind == "extra_forbidden":
        allowed = _fields_of(spec, loc)
        message = (f"trường '{loc[-1]}' không được hỗ trợ ở đây"
                   f"{did_you_mean(str(loc[-1]), allowed)}{known(allowed, 40)}")
    elif kind == "literal_error":
        message = f"giá trị không hợp lệ {describe(found)}; cần một trong: {item['ctx']['expected']}"
        hint = did_you_mean(str(found), re.findall(r"'([^']*)'", item["ctx"]["expected"]))
        message += hint
    elif kind == "string_pattern_mismatch":
        if "date" in field:
            message = f"ngày phải có dạng YYYY-MM-DD (ví dụ 2020-11-19), nhận được {describe(found)}"
        elif field in {"sources", "url"}:
            message = f"cần địa chỉ bắt đầu bằng http:// hoặc https://, nhận được {describe(found)}"
        elif field == "version":
            message = f"số phiên bản phải có dạng '2.0', nhận được {describe(found)}"
        else:
            message = (f"mã không hợp lệ {describe(found)}: mã chỉ gồm chữ thường a-z không dấu, "
                       "chữ số, dấu '-' và '.', không có khoảng trắng (ví dụ 'tb.app.lgsp')")
            if field not in _ID_FIELDS:
                message += "; tham chiếu tới phiên bản khác viết 'cqdt/2.0:tb.app.lgsp'"
    elif kind in {"string_type", "int_type", "bool_type", "list_type", "dict_type",
                  "model_type", "float_type", "model_attributes_type"}:
        expected = {"string_type": "văn bản", "int_type": "số nguyên", "bool_type": "true/false",
                    "list_type": "danh sách", "dict_type": "bảng 'khóa: giá trị'",
                    "model_type": "bảng 'khóa: giá trị'", "float_type": "số",
                    "model_attributes_type": "bảng 'khóa: giá trị'"}[kind]
        message = f"cần {expected}, nhận được {describe(found)}"
        if kind == "string_type" and isinstance(found, int | float):
            message += " (hãy đặt trong dấu nháy, ví dụ \"2.0\")"
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(item["ctx"].values()))
        word = "không nhỏ hơn" if kind.startswith("greater") else "không lớn hơn"
        message = f"cần giá trị {word} {bound}, nhận được {describe(found)}"
    elif kind == "string_too_short":
        message = "không được để trống"
    elif kind == "value_error":
        message = str(item["ctx"]["error"])
    else:
        message = f"giá trị không hợp lệ {describe(found)} ({item['msg']})"
    return source.problem(path, message)
