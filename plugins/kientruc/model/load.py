"""``arch/**/*.yaml`` → :class:`~kientruc.model.Model`, collecting every problem on the way.

Loading never stops at the first mistake: each file is parsed, each element validated, each
reference resolved, and all problems are raised together in one :class:`ModelError`. A value
that is itself wrong is reported once: references to an element (or version, or framework)
that failed validation are not reported again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, Problem
from ..metamodel import RELATION_SHORTHANDS
from ..source import files
from ..source.messages import describe, translate
from ..source.reader import Path_, Source, read_source
from ..source.spec import (
    ELEMENT_SPECS,
    CatalogueFile,
    ElementSpec,
    FrameworkFile,
    GlossaryEntry,
    ProjectSpec,
    VersionFile,
)
from ..suggest import did_you_mean, known
from . import rules
from .frameworks import check_layer_maps, resolve_framework
from .projects import check_project
from .rules import unchecked
from .snapshots import check_version, make_snapshot
from .types import (
    Element,
    Framework,
    GlossaryTerm,
    Model,
    Origin,
    Relation,
    Snapshot,
    version_sort_key,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from ..source.files import Spec

__all__ = ["RESERVED", "describe", "load_model", "translate"]

RESERVED = frozenset({"frameworks", "common", "schema"})
"""Folder names under ``arch/`` that are not architectures."""


_COMMON_FIELDS = frozenset(ElementSpec.model_fields)
_SHORTHAND_FIELDS = frozenset(name for name, _ in RELATION_SHORTHANDS)


def load_model(arch_dir: Path, *, repo_root: Path | None = None) -> Model:
    """Load and validate every source under ``arch_dir``.

    Args:
        arch_dir: The ``arch/`` folder.
        repo_root: Folder that file names in messages are relative to (default: its parent).

    Returns:
        The validated model; soft issues are in ``Model.warnings``.

    Raises:
        ModelError: With every problem found, each located in its file.
    """
    return _Loader(arch_dir, repo_root or arch_dir.parent).load()


@dataclass(frozen=True)
class _Version:
    """A version folder as read: its ``version.yaml`` (valid) and its catalogue files."""

    source: Source
    spec: VersionFile
    catalogues: list[Source]
    folder: Path


class _Loader:
    def __init__(self, arch_dir: Path, repo_root: Path) -> None:
        self.arch_dir = arch_dir
        self.repo_root = repo_root
        self.problems: list[Problem] = []
        self.locator = rules.Locator()
        self.broken: set[str] = set()
        self.unparsed: set[str] = set()
        """Files that could not be read at all: their problems are the causes of the others."""
        """Ids of elements, frameworks and versions that failed validation (already reported)."""

    # -- files ----------------------------------------------------------------------------

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.repo_root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, kind: str) -> Source | None:
        """Parse one file (``kind``: catalogue, version or framework) and check its text."""
        source, problems = read_source(path, self.display(path))
        self.problems.extend(problems)
        if source is None:
            self.unparsed.add(self.display(path))
            return None
        modeline = files.check_modeline(path, kind, source, self.arch_dir)
        self.problems.extend([modeline] if modeline else [])
        if not isinstance(source.data, dict):
            self.problems.append(source.problem((), (
                f"nội dung tệp phải là một bảng 'khóa: giá trị' (ví dụ 'elements:'), "
                f"nhận được {describe(source.data)}")))
            return None
        self.locator.sources[source.file] = source
        self.problems.extend(rules.check_texts(source))
        return source

    def validate(self, source: Source, spec: Spec, data: Any, base: Path_) -> Any:
        return files.validate(source, spec, data, base, self.problems)

    def yaml_files(self, folder: Path) -> list[Path]:
        return files.yaml_files(folder, self.display, self.problems)

    def stray(self, folder: Path, where: str) -> None:
        self.problems.extend(files.stray_files(folder, where, self.display))

    # -- the whole tree ---------------------------------------------------------------------

    def load(self) -> Model:
        if not self.arch_dir.is_dir():
            raise ModelError([Problem(file=self.display(self.arch_dir),
                                      message="không tìm thấy thư mục mã nguồn kiến trúc")])
        frameworks = self.load_frameworks()
        common, glossary = self.load_common()
        versions = self.load_versions(frameworks)
        snapshots = self.build_snapshots(versions, frameworks, common)
        model = Model(root=self.display(self.arch_dir), frameworks=frameworks, common=common,
                      glossary=tuple(glossary), snapshots=snapshots)
        unread = {f.rsplit("/", 1)[0] for f in self.unparsed}
        found = rules.check_model(model, self.arch_dir, locator=self.locator,
                                  broken=frozenset(self.broken), partial=frozenset(
                                      k for k, s in snapshots.items() if s.folder in unread))
        across = [p for p in found if p.severity == "error"]
        warnings = sorted({p for p in found if p.severity == "warning"})
        if self.unparsed:  # the checks across files would mostly repeat what these files cause
            across = unchecked(self.display(self.arch_dir), sorted(self.unparsed), across)
        if self.problems or across:
            raise ModelError([*self.problems, *across], causes=frozenset(self.unparsed))
        return Model(root=model.root, frameworks=frameworks, common=common,
                     glossary=model.glossary, snapshots=snapshots,
                     warnings=tuple(warnings))

    def load_frameworks(self) -> dict[str, Framework]:
        out, sources = dict[str, Framework](), dict[str, Source]()
        folder = self.arch_dir / "frameworks"
        paths = self.yaml_files(folder) if folder.is_dir() else []
        for path in paths:
            source = self.read(path, "framework")
            spec = self.validate(source, FrameworkFile, source.data, ()) if source else None
            if source is None or spec is None:
                self.broken.add(path.stem)
                continue
            if spec.id != path.stem:
                self.problems.append(source.problem(("id",), (
                    f"mã khung kiến trúc '{spec.id}' phải trùng tên tệp '{path.stem}'"),
                    value=True))
                self.broken.add(path.stem)
                continue
            out[spec.id] = resolve_framework(source, spec, self.problems)
            sources[spec.id] = source
        if not paths:
            self.problems.append(Problem(file=self.display(folder), message=(
                "chưa có khung kiến trúc nào: cần ít nhất một tệp arch/frameworks/<mã>.yaml")))
        self.problems.extend(check_layer_maps(out, sources, self.broken))
        return dict(sorted(out.items()))

    def catalogue(self, source: Source) -> tuple[list[Any], list[GlossaryEntry]] | None:
        """Validate a catalogue file's top level; return its element items and glossary."""
        spec = self.validate(source, CatalogueFile, source.data, ())
        if spec is None:
            return None
        glossary = []
        for i, entry in enumerate(spec.glossary):
            valid = self.validate(source, GlossaryEntry, entry, ("glossary", i))
            if valid is not None:
                glossary.append(valid)
        return list(spec.elements), glossary

    def load_common(self) -> tuple[dict[str, Element], list[GlossaryTerm]]:
        elements: dict[str, Element] = {}
        glossary: dict[str, tuple[GlossaryTerm, str]] = {}
        folder = self.arch_dir / "common"
        seen: dict[str, str] = {}
        for path in self.yaml_files(folder) if folder.is_dir() else []:
            source = self.read(path, "catalogue")
            content = self.catalogue(source) if source is not None else None
            if source is None or content is None:
                continue
            items, entries = content
            for element in self.elements(source, items, "common", None, seen):
                elements[element.id] = element
            for i, g in enumerate(entries):
                line, _ = source.pos(("glossary", i))
                if g.term in glossary:
                    self.problems.append(source.problem(("glossary", i, "term"), (
                        f"thuật ngữ '{g.term}' bị khai báo hai lần (lần đầu ở "
                        f"{glossary[g.term][1]})"), value=True))
                    continue
                glossary[g.term] = (GlossaryTerm(term=g.term, vi=g.vi, en=g.en,
                                                 description=g.description),
                                    f"{source.file}:{line}")
        terms = [term for term, _ in glossary.values()]
        return elements, sorted(terms, key=lambda g: g.term.casefold())

    def load_versions(self, frameworks: dict[str, Framework]) -> list[_Version]:
        found = []
        self.stray(self.arch_dir, (
            "đặt dữ liệu dùng chung trong arch/common/, khung kiến trúc trong arch/frameworks/, "
            "thành phần trong arch/<kiến trúc>/<phiên bản>/"))
        for arch in sorted(p for p in self.arch_dir.iterdir() if p.is_dir()):
            if arch.name in RESERVED or arch.name.startswith("."):
                continue
            self.stray(arch, f"mỗi phiên bản là một thư mục arch/{arch.name}/<phiên bản>/ "
                             "có tệp version.yaml")
            for folder in sorted((p for p in arch.iterdir() if p.is_dir()),
                                 key=lambda p: _version_key(p.name)):
                version = self.load_version(arch, folder, frameworks)
                if version is not None:
                    found.append(version)
        return found

    def load_version(self, arch: Path, folder: Path,
                     frameworks: dict[str, Framework]) -> _Version | None:
        key = f"{arch.name}/{folder.name}"
        version_file = folder / "version.yaml"
        catalogues = [s for p in self.yaml_files(folder) if p.name != "version.yaml"
                      if (s := self.read(p, "catalogue")) is not None]
        source = spec = None
        if not version_file.is_file():
            self.problems.append(Problem(file=self.display(folder), message=(
                "thư mục phiên bản thiếu tệp version.yaml (kiến trúc, phiên bản, tiêu đề, "
                "khung kiến trúc, trạng thái, giai đoạn)")))
        else:
            source = self.read(version_file, "version")
            spec = self.validate(source, VersionFile, source.data, ()) if source else None
        if source is not None and spec is not None:
            self.problems.extend(check_version(source, spec, arch.name, folder.name))
            if spec.framework not in frameworks:
                if spec.framework not in self.broken:
                    self.problems.append(source.problem(("framework",), (
                        f"không có khung kiến trúc '{spec.framework}'"
                        f"{did_you_mean(spec.framework, frameworks)}{known(frameworks)}"),
                        value=True))
                spec = None
        if source is None or spec is None:
            # Still check the catalogues on their own, so that every problem shows in one run.
            self.broken.add(key)
            seen: dict[str, str] = {}
            for catalogue in catalogues:
                content = self.catalogue(catalogue)
                if content is not None:
                    self.broken.update(e.id for e in self.elements(
                        catalogue, content[0], key, None, seen))
            return None
        return _Version(source, spec, catalogues, folder)

    def build_snapshots(self, versions: list[_Version], frameworks: dict[str, Framework],
                        common: dict[str, Element]) -> dict[str, Snapshot]:
        snapshots: dict[str, Snapshot] = {}
        for version in versions:
            spec = version.spec
            key = f"{spec.architecture}/{spec.version}"
            framework = frameworks[spec.framework]
            elements: dict[str, Element] = {}
            seen: dict[str, str] = {}
            for catalogue in version.catalogues:
                content = self.catalogue(catalogue)
                if content is None:
                    continue
                if content[1]:
                    self.problems.append(catalogue.problem(("glossary",), (
                        "thuật ngữ chỉ khai báo trong arch/common/ (dùng chung cho mọi phiên "
                        "bản)")))
                period = (spec.period.start, spec.period.end)
                for element in self.elements(catalogue, content[0], key, framework, seen,
                                             period=period):
                    if element.id in common:
                        base = self.locator.elements[(key, element.id)]
                        self.problems.append(catalogue.problem((*base, "id"), (
                            f"mã '{element.id}' đã dùng cho dữ liệu dùng chung "
                            f"({common[element.id].origin.file}:{common[element.id].origin.line})"
                            "; hãy đặt mã khác hoặc tham chiếu thẳng tới thành phần dùng chung"),
                            value=True))
                    elements[element.id] = element
            snapshots[key] = make_snapshot(version.spec, version.source, framework, elements,
                                           self.display(version.folder))
            if spec.digest is not None:
                rules.check_frozen(version.source, version.folder, spec.digest.files,
                                   spec.digest.total, self.problems)
        return dict(sorted(snapshots.items(),
                           key=lambda kv: (kv[1].architecture, version_sort_key(kv[1].version))))

    # -- elements ---------------------------------------------------------------------------

    def elements(self, source: Source, items: list[Any], scope: str,
                 framework: Framework | None, seen: dict[str, str], *,
                 period: tuple[int, int] | None = None) -> Iterable[Element]:
        for index, item in enumerate(items):
            base: Path_ = ("elements", index)
            if source.is_rejected(base):
                continue
            element = self.element(source, item, base, scope, framework, period)
            if element is None:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.broken.add(item["id"])
                continue
            if element.id in seen:
                self.problems.append(source.problem((*base, "id"), (
                    f"mã '{element.id}' bị trùng: đã khai báo ở {seen[element.id]}; mỗi mã chỉ "
                    "dùng cho một thành phần trong một phiên bản"), value=True))
                continue
            line, col = source.value_pos((*base, "id"))
            seen[element.id] = f"{source.file}:{line}:{col}"
            self.locator.elements[(scope, element.id)] = base
            yield element

    def element(self, source: Source, item: Any, base: Path_, scope: str,
                framework: Framework | None, period: tuple[int, int] | None) -> Element | None:
        if not isinstance(item, dict):
            self.problems.append(source.problem(base, (
                f"cần một thành phần (bảng 'khóa: giá trị' có id, type, name …), nhận được "
                f"{describe(item)}"), value=True))
            return None
        type_id = item.get("type")
        if not isinstance(type_id, str) or type_id not in ELEMENT_SPECS:
            if source.is_rejected((*base, "type")):
                return None
            if type_id is None:
                message = "thiếu trường bắt buộc 'type' (loại thành phần)"
            elif not isinstance(type_id, str):
                message = f"cần tên loại thành phần, nhận được {describe(type_id)}"
            else:
                message = (f"không có loại thành phần '{type_id}'"
                           f"{did_you_mean(type_id, ELEMENT_SPECS)}")
            self.problems.append(source.problem((*base, "type") if type_id else base,
                                                message + known(ELEMENT_SPECS, 30),
                                                value=type_id is not None))
            return None
        spec_cls = ELEMENT_SPECS[type_id]
        spec = self.validate(source, spec_cls, item, base)
        if spec is None:
            return None
        if isinstance(spec, ProjectSpec):
            self.problems.extend(check_project(source, spec, base, scope, period))
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
                    f"thiếu trường 'layer' (lớp của khung '{framework.id}'; loại "
                    f"'{spec.type}' không có lớp mặc định){known(layer_ids, 20)}")))
            elif layer not in layer_ids:
                self.problems.append(source.problem((*base, "layer"), (
                    f"khung '{framework.id}' không có lớp '{layer}'"
                    f"{did_you_mean(layer, layer_ids)}{known(layer_ids, 20)}"), value=True))
        relations = []
        data = spec.model_dump(by_alias=True, exclude_defaults=False)
        for field_name, relation_type in RELATION_SHORTHANDS:
            value = data.get(field_name)
            if value in (None, [], ""):
                continue
            targets = value if isinstance(value, list) else [value]
            for i, target in enumerate(targets):
                path = (*base, field_name, i) if isinstance(value, list) else (*base, field_name)
                relations.append(self.relation(
                    path, None,
                    Relation(source=spec.id, type=relation_type, target=target,
                             origin=_origin(source, path))))
        for i, rel in enumerate(spec.relations):
            path = (*base, "relations", i)
            relations.append(self.relation(
                (*path, "target"), (*path, "via") if rel.via else None,
                Relation(source=spec.id, type=rel.type, target=rel.target, via=rel.via,
                         data=rel.data, mode=rel.mode, since=rel.since, note=rel.note,
                         origin=_origin(source, (*path, "target")))))
        attrs = {k: v for k, v in data.items()
                 if k not in _COMMON_FIELDS and k not in _SHORTHAND_FIELDS and k != "type"}
        return Element(
            id=spec.id, type=spec.type, name_vi=spec.name.vi, name_en=spec.name.en,
            short=spec.short, description=spec.description, provenance=spec.provenance,
            sources=tuple(spec.sources), layer=layer, state=spec.state,
            renamed_from=spec.renamed_from, replaces=tuple(spec.replaces), attrs=attrs,
            relations=tuple(relations), origin=origin, scope=scope,
        )

    def relation(self, target: Path_, via: Path_ | None, relation: Relation) -> Relation:
        """Note where a relation's target (and ``via``) were written, and return it."""
        self.locator.relations[relation] = (target, via)
        return relation


def _origin(source: Source, path: Path_) -> Origin:
    line, column = source.value_pos(path)
    return Origin(file=source.file, line=line, column=column)


def _version_key(name: str) -> tuple[int, ...]:
    try:
        return version_sort_key(name)
    except ValueError:
        return (10**9,)

