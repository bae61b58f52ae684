"""The resolved model: frozen records that every later stage reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ..errors import Problem


@dataclass(frozen=True, kw_only=True)
class Origin:
    """Where something was written: a file relative to the repository, and its line."""

    file: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, kw_only=True)
class Layer:
    """A layer (band) of a framework."""

    id: str
    name_vi: str
    name_en: str | None
    order: int
    orientation: Literal["horizontal", "vertical", "external"]
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class Chapter:
    """A chapter of a version: which layers and element types it shows."""

    id: str
    title: str
    layers: tuple[str, ...]
    types: tuple[str, ...]
    diagram: str | None
    intro: str = ""


@dataclass(frozen=True, kw_only=True)
class Framework:
    """A framework (VNEAF 1.0, 2.0, the smart-city ICT reference framework): data, not code."""

    id: str
    name_vi: str
    name_en: str | None
    short: str | None
    legal_basis: str | None
    description: str
    layers: tuple[Layer, ...]
    chapters: tuple[Chapter, ...]
    type_defaults: Mapping[str, str]
    layer_map: Mapping[str, Mapping[str, str]]
    origin: Origin
    reference_models: tuple[ReferenceModel, ...] = ()

    def layer(self, layer_id: str) -> Layer | None:
        """Return the layer with this id, if the framework has it."""
        return next((layer for layer in self.layers if layer.id == layer_id), None)


@dataclass(frozen=True, kw_only=True)
class ReferenceModel:
    """A reference model of a framework: its codes, and which element types it classifies."""

    id: str
    name_vi: str
    types: tuple[str, ...]
    description: str
    codes: Mapping[str, str]
    """Code → Vietnamese name, in the framework's order (may be empty: not published)."""
    illustrative: frozenset[str] = frozenset()
    """Codes whose names are not confirmed."""

    def name_of(self, code: str) -> str | None:
        """The name of ``code`` or of its nearest listed parent (``DRM001.002`` → ``DRM001``)."""
        while code:
            if code in self.codes:
                return self.codes[code]
            code = code.rpartition(".")[0]
        return None


@dataclass(frozen=True, kw_only=True)
class Relation:
    """A directed relation between two elements; ``target`` may be qualified (``cqdt/2.0:id``)."""

    source: str
    type: str
    target: str
    via: str | None = None
    data: str | None = None
    mode: str | None = None
    since: int | None = None
    note: str | None = None
    origin: Origin

    def key(self) -> tuple[str, str, str, str]:
        """Identity used by the diff: the same relation in two versions has the same key."""
        return (self.source, self.type, self.target, self.via or "")


@dataclass(frozen=True, kw_only=True)
class Element:
    """One element of a version (or of the common reference data)."""

    id: str
    type: str
    name_vi: str
    name_en: str | None
    short: str | None
    description: str
    provenance: Literal["confirmed", "illustrative"]
    sources: tuple[str, ...]
    layer: str | None
    """Layer id in the version's framework; ``None`` for common reference data."""
    state: str | None
    renamed_from: str | None
    replaces: tuple[str, ...]
    attrs: Mapping[str, Any]
    """Type-specific fields as written (``level``, ``budget_vnd``, ``year_plan`` …)."""
    relations: tuple[Relation, ...]
    """Outgoing relations, shorthand fields (``owner`` …) included."""
    origin: Origin
    scope: str
    """``common`` or the version key (``cqdt/2.0``) that declares it."""

    @property
    def label(self) -> str:
        """Short label for diagrams and tables: the abbreviation when there is one."""
        return self.short or self.name_vi

    @property
    def illustrative(self) -> bool:
        """True when the element's facts (its amounts too) are not confirmed."""
        return self.provenance == "illustrative"

    def related(self, relation_type: str) -> tuple[str, ...]:
        """Return the targets of this element's relations of one type."""
        return tuple(r.target for r in self.relations if r.type == relation_type)


@dataclass(frozen=True, kw_only=True)
class GlossaryTerm:
    """A glossary entry."""

    term: str
    vi: str
    en: str | None
    description: str


@dataclass(frozen=True, kw_only=True)
class Approval:
    """The decision that approved a version."""

    number: str
    date: str | None
    signer: str | None
    provenance: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """One version of one architecture: complete, self-contained, as approved."""

    architecture: str
    version: str
    title_vi: str
    title_en: str | None
    framework: Framework
    status: Literal["draft", "approved", "superseded"]
    approval: Approval | None
    period: tuple[int, int]
    supersedes: str | None
    summary: str
    vision: str
    scope: str
    organisation: str
    legal_basis: tuple[str, ...]
    provenance: str
    digest: str | None
    """Total digest recorded by `kientruc freeze`, when frozen."""
    elements: Mapping[str, Element]
    """Elements declared in this version folder, by id, in source order."""
    folder: str
    """The version folder relative to the repository (``arch/cqdt/2.0``)."""
    origin: Origin

    @property
    def key(self) -> str:
        """``cqdt/2.0``: how versions are named everywhere."""
        return f"{self.architecture}/{self.version}"

    def of_type(self, *types: str) -> Iterator[Element]:
        """Yield this version's elements of the given types, in source order."""
        return (e for e in self.elements.values() if e.type in types)

    def relations(self) -> Iterator[Relation]:
        """Yield every relation declared in this version."""
        for element in self.elements.values():
            yield from element.relations


@dataclass(frozen=True, kw_only=True)
class Model:
    """Everything under ``arch/``: frameworks, common reference data, and every version."""

    root: str
    frameworks: Mapping[str, Framework]
    common: Mapping[str, Element]
    glossary: tuple[GlossaryTerm, ...]
    snapshots: Mapping[str, Snapshot]
    """By key (``cqdt/2.0``), ordered by architecture then version number."""
    warnings: tuple[Problem, ...] = field(default=())
    """Soft issues (located like errors) that do not stop a build."""

    def versions_of(self, architecture: str) -> list[Snapshot]:
        """Return the versions of one architecture, oldest first."""
        return [s for s in self.snapshots.values() if s.architecture == architecture]

    def architectures(self) -> list[str]:
        """Return the architecture ids, in order."""
        return list(dict.fromkeys(s.architecture for s in self.snapshots.values()))

    def resolve(self, snapshot: Snapshot, ref: str) -> Element | None:
        """Find what ``ref`` names from inside ``snapshot`` (own, qualified, or common)."""
        if ":" in ref:
            key, _, element_id = ref.partition(":")
            other = self.snapshots.get(key)
            return other.elements.get(element_id) if other else None
        return snapshot.elements.get(ref) or self.common.get(ref)


def version_sort_key(version: str) -> tuple[int, ...]:
    """Sort ``"1.0" < "2.0" < "10.0"`` numerically."""
    return tuple(int(part) for part in version.split("."))
