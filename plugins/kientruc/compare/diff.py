"""Two versions of an architecture → a :class:`Comparison`: what was added, removed, changed.

Pure data, as in griffe's ``diff``: the wording readers see lives in :class:`ChangeKind`, and
rendering (text, JSON, Markdown, pages) lives elsewhere. Elements are matched by id; an element
declaring ``renamed_from: <old id>`` is the same element under a new id, and ``replaces: [ids]``
retires the old elements into the new one. Relations are matched by :meth:`Relation.key`, with the
ids of renamed elements translated into the new version's ids first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from ..labels import field_label
from ..metamodel import RELATION_TYPES
from .fates import fates

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ..model.types import Element, Framework, Model, Relation, Snapshot


class ChangeKind(StrEnum):
    """What changed between two versions; the value is the sentence readers see.

    A ``str`` enum (``StrEnum``): ``str(kind)`` and ``kind.value`` are the sentence.
    """

    ELEMENT_ADDED = "Thành phần được bổ sung"
    ELEMENT_REMOVED = "Thành phần bị loại bỏ"
    ELEMENT_RENAMED = "Thành phần được đổi tên, đổi mã"
    ELEMENT_REPLACED = "Thành phần được hợp nhất, thay thế bằng thành phần khác"
    ELEMENT_COMPLETED = "Dự án, nhiệm vụ đã hoàn thành ở phiên bản trước"
    LAYER_CHANGED = "Thành phần chuyển lớp"
    FIELD_CHANGED = "Thông tin thay đổi"
    RELATION_ADDED = "Liên kết được bổ sung"
    RELATION_REMOVED = "Liên kết bị loại bỏ"
    RELATION_CHANGED = "Nội dung liên kết thay đổi"


Status = Literal["added", "removed", "replaced", "completed", "renamed", "changed", "unchanged"]
"""What happened to one element as a whole (each element has exactly one status)."""

SimpleStatus = Literal["added", "removed", "changed", "unchanged"]
"""The four statuses of the union diagram (``replaced`` → removed, ``renamed`` → changed)."""

STATUSES: tuple[Status, ...] = ("added", "removed", "replaced", "completed", "renamed", "changed",
                                "unchanged")

CHANGED_STATUSES: tuple[Status, ...] = STATUSES[:-1]
"""Every status but ``unchanged``: the columns and counts of a comparison, in this order."""

STATUS_VI: Mapping[str, str] = {
    "added": "Bổ sung", "removed": "Loại bỏ", "replaced": "Hợp nhất, thay thế",
    "completed": "Hoàn thành",
    "renamed": "Đổi tên, đổi mã", "changed": "Thay đổi", "unchanged": "Không đổi",
}
"""Column headings and badges for each status."""

_FIELDS = ("type", "name_vi", "name_en", "short", "description", "provenance", "sources", "state")
"""Fields every element has, compared in this order before the type-specific ``attrs``."""

_RELATION_DETAILS = ("data", "mode", "since", "note")


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between two versions.

    ``element`` is the id the change is about: the id in the new version, or the old id when
    the element is gone. For relation changes ``field`` is the relation type, ``target`` and
    ``via`` name the other end (in the new version's ids), and ``old``/``new`` hold the relation's
    details (``data``, ``mode``, ``since``, ``note``) that were there or differ. For a replacement
    ``new`` is the tuple of ids of the elements that replace it.
    """

    kind: ChangeKind
    element: str
    type: str
    layer: str | None
    """Layer to group the change under, in the new version's framework when it can be mapped."""
    old_id: str | None = None
    new_id: str | None = None
    field: str | None = None
    label: str | None = None
    """Vietnamese label of ``field`` (``Tên``, ``đơn vị vận hành`` …)."""
    old: Any = None
    new: Any = None
    target: str | None = None
    via: str | None = None

    @property
    def text(self) -> str:
        """The sentence readers see for this kind of change."""
        return self.kind.value


@dataclass(frozen=True, kw_only=True)
class Tally:
    """How many elements have each status."""

    added: int = 0
    removed: int = 0
    replaced: int = 0
    completed: int = 0
    """Projects finished in the old version and not carried on: not "removed" from the plan."""
    renamed: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def different(self) -> int:
        """Elements that are not unchanged."""
        return sum(self.get(status) for status in CHANGED_STATUSES)

    def get(self, status: str) -> int:
        """Return the count of one status by name."""
        return int(getattr(self, status))


@dataclass(frozen=True, kw_only=True)
class Roadmap:
    """The roadmap of one version in two numbers."""

    projects: int
    budget_vnd: int
    """Sum of the projects' ``budget_vnd`` (projects without a budget count as 0)."""
    unbudgeted: int = 0
    """Projects that give no budget."""


@dataclass(frozen=True, kw_only=True)
class ElementDiff:
    """One element of the union of both versions, with its status and changes."""

    id: str
    type: str
    layer: str | None
    status: Status
    old_id: str | None
    new_id: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Everything that differs between two versions of one architecture."""

    old: Snapshot
    new: Snapshot
    changes: tuple[Change, ...]
    elements: tuple[ElementDiff, ...]
    """Every element of either version, new version order first, then the ones that are gone."""
    frameworks_differ: bool
    layer_map: Mapping[str, str]
    """Old layer → new layer, from ``Framework.layer_map``; empty when the framework is the same."""
    unmapped_layers: tuple[str, ...]
    """Old layers the framework data does not map (only when the frameworks differ)."""
    tally: Tally
    by_kind: Mapping[ChangeKind, int]
    by_layer: Mapping[str, Tally]
    """By grouping layer, in the new framework's order (then old-only layers)."""
    by_type: Mapping[str, Tally]
    old_roadmap: Roadmap
    new_roadmap: Roadmap
    id_map: Mapping[str, str] = field(default_factory=dict)
    """Old id → new id for every element present in both versions (renames included)."""

    @property
    def has_changes(self) -> bool:
        """True when anything differs."""
        return bool(self.changes)

    @property
    def budget_delta(self) -> int:
        """New total budget minus old total budget, in đồng."""
        return self.new_roadmap.budget_vnd - self.old_roadmap.budget_vnd

    @property
    def project_delta(self) -> int:
        """New project count minus old project count."""
        return self.new_roadmap.projects - self.old_roadmap.projects


def layer_mapping(old: Framework, new: Framework) -> dict[str, str]:
    """Return ``{old layer: new layer}`` from the frameworks' ``layer_map`` data.

    The new framework's map of the old one is preferred; otherwise the old framework's map of
    the new one is read backwards. The same framework maps every layer to itself.
    """
    if old.id == new.id:
        return {layer.id: layer.id for layer in old.layers}
    direct = new.layer_map.get(old.id)
    if direct:
        return dict(direct)
    mapping: dict[str, str] = {}
    for new_layer, old_layer in old.layer_map.get(new.id, {}).items():
        mapping.setdefault(old_layer, new_layer)
    return mapping


# -- comparing --------------------------------------------------------------------------------

def compare(model: Model, old: Snapshot, new: Snapshot) -> Comparison:
    """Compare two versions of an architecture.

    Args:
        model: The model ``new`` belongs to; renames declared by versions in between are
            followed when ``old`` precedes ``new`` in it. ``old`` may come from another model
            (another git revision of ``arch/``).
        old: The earlier version.
        new: The later version.

    Returns:
        The changes, their counts and the roadmap figures of both versions.
    """
    mapping = layer_mapping(old.framework, new.framework)
    differ = old.framework.id != new.framework.id
    all_fates = fates(model, old, new)
    id_map = {o: ids[0] for o, (state, ids) in all_fates.items() if state == "live"}
    back = {n: o for o, n in id_map.items()}

    def old_layer_in_new(element: Element) -> str | None:
        if not element.layer:
            return None
        # An element in its type's default layer moves with the framework: Khung 1.0 keeps
        # databases in "Ứng dụng và cơ sở dữ liệu", 2.0 in "Dữ liệu"; that is not a change of
        # the element, and a per-layer map cannot say it (it would move applications too).
        if differ and element.layer == old.framework.type_defaults.get(element.type):
            default = new.framework.type_defaults.get(element.type)
            if default:
                return default
        return mapping.get(element.layer, element.layer)

    entries: list[ElementDiff] = []
    for element in new.elements.values():
        old_id = back.get(element.id)
        if old_id is None:
            change = Change(kind=ChangeKind.ELEMENT_ADDED, element=element.id, type=element.type,
                            layer=element.layer, new_id=element.id)
            entries.append(_entry(element.id, element, "added", None, element.id, (change,)))
            continue
        before = old.elements[old_id]
        changes = tuple(element_changes(before, element, old_layer_in_new(before), id_map))
        renamed = old_id != element.id
        status: Status = "renamed" if renamed else "changed" if changes else "unchanged"
        entries.append(_entry(element.id, element, status, old_id, element.id, changes))
    for element in old.elements.values():
        state, ids = all_fates.get(element.id, ("gone", ()))
        if state == "live":
            continue
        layer = old_layer_in_new(element)
        if state == "replaced":
            change = Change(kind=ChangeKind.ELEMENT_REPLACED, element=element.id,
                            type=element.type, layer=layer, old_id=element.id, old=element.id,
                            new=ids)
            entries.append(_entry(element.id, element, "replaced", element.id, None, (change,),
                                  layer=layer))
        elif element.type == "project" and element.attrs.get("status") == "hoan-thanh":
            change = Change(kind=ChangeKind.ELEMENT_COMPLETED, element=element.id,
                            type=element.type, layer=layer, old_id=element.id)
            entries.append(_entry(element.id, element, "completed", element.id, None,
                                  (change,), layer=layer))
        else:
            change = Change(kind=ChangeKind.ELEMENT_REMOVED, element=element.id,
                            type=element.type, layer=layer, old_id=element.id)
            entries.append(_entry(element.id, element, "removed", element.id, None, (change,),
                                  layer=layer))
    changes = tuple(c for entry in entries for c in entry.changes)
    layer_order = [layer.id for layer in new.framework.layers]
    layer_order += [x.layer for x in entries if x.layer and x.layer not in layer_order]
    return Comparison(
        old=old, new=new, changes=changes, elements=tuple(entries), frameworks_differ=differ,
        layer_map=mapping if differ else {},
        unmapped_layers=tuple(x.id for x in old.framework.layers
                              if differ and x.id not in mapping),
        tally=_tally(entries),
        by_kind={kind: Counter(c.kind for c in changes)[kind] for kind in ChangeKind},
        by_layer={layer: _tally([e for e in entries if e.layer == layer])
                  for layer in layer_order if any(e.layer == layer for e in entries)},
        by_type={t: _tally([e for e in entries if e.type == t])
                 for t in dict.fromkeys(e.type for e in entries)},
        old_roadmap=roadmap(old), new_roadmap=roadmap(new), id_map=id_map,
    )


def _entry(element_id: str, element: Element, status: Status, old_id: str | None,
           new_id: str | None, changes: tuple[Change, ...], *,
           layer: str | None = None) -> ElementDiff:
    return ElementDiff(id=element_id, type=element.type, layer=layer or element.layer,
                       status=status, old_id=old_id, new_id=new_id, changes=changes)


def _tally(entries: list[ElementDiff]) -> Tally:
    counts = Counter(e.status for e in entries)
    return Tally(**{status: counts[status] for status in STATUSES})


def element_changes(old: Element, new: Element, old_layer: str | None,
                    id_map: Mapping[str, str]) -> Iterator[Change]:
    """The changes of one element present in both models, fields first, then relations.

    ``old_layer`` is the old layer as named in the new framework; ``id_map`` translates old ids
    of renamed elements so that their relations match.
    """

    def make(kind: ChangeKind, **values: Any) -> Change:
        return Change(kind=kind, element=new.id, type=new.type, layer=new.layer,
                      old_id=old.id, new_id=new.id, **values)

    if old.id != new.id:
        yield make(ChangeKind.ELEMENT_RENAMED, field="id", label=field_label("id"),
                   old=old.id, new=new.id)
    if old_layer != new.layer:
        yield make(ChangeKind.LAYER_CHANGED, field="layer", label=field_label("layer"),
                   old=old.layer, new=new.layer)
    for name in _FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield make(ChangeKind.FIELD_CHANGED, field=name, label=field_label(name),
                       old=before, new=after)
    for name in dict.fromkeys([*new.attrs, *old.attrs]):
        before, after = old.attrs.get(name), new.attrs.get(name)
        if before != after:
            yield make(ChangeKind.FIELD_CHANGED, field=name, label=field_label(name),
                       old=before, new=after)
    yield from _relation_changes(old, new, id_map, make)


def _translated(relation: Relation, id_map: Mapping[str, str]) -> tuple[str, str, str, str]:
    source, type_, target, via = relation.key()
    return (id_map.get(source, source), type_, id_map.get(target, target),
            id_map.get(via, via) if via else "")


def _details(relation: Relation) -> dict[str, Any]:
    return {k: getattr(relation, k) for k in _RELATION_DETAILS if getattr(relation, k) is not None}


def _relation_changes(old: Element, new: Element, id_map: Mapping[str, str],
                      make: Any) -> Iterator[Change]:
    before: dict[tuple[str, str, str, str], Relation] = {}
    for relation in old.relations:
        before.setdefault(_translated(relation, id_map), relation)
    after: dict[tuple[str, str, str, str], Relation] = {}
    for relation in new.relations:
        after.setdefault(relation.key(), relation)
    found: list[Change] = []
    for key, relation in before.items():
        if key not in after:
            found.append(make(ChangeKind.RELATION_REMOVED, field=relation.type,
                              label=_relation_label(relation.type), target=key[2],
                              via=key[3] or None, old=_details(relation)))
    for key, relation in after.items():
        common = {"field": relation.type, "label": _relation_label(relation.type),
                  "target": key[2], "via": key[3] or None}
        if key not in before:
            found.append(make(ChangeKind.RELATION_ADDED, new=_details(relation), **common))
            continue
        old_details, new_details = _details(before[key]), _details(relation)
        if old_details != new_details:
            names = [k for k in _RELATION_DETAILS if old_details.get(k) != new_details.get(k)]
            found.append(make(ChangeKind.RELATION_CHANGED, **common,
                              old={k: old_details.get(k) for k in names},
                              new={k: new_details.get(k) for k in names}))
    types = list(dict.fromkeys(c.field for c in found))
    rank = {ChangeKind.RELATION_REMOVED: 0, ChangeKind.RELATION_CHANGED: 1,
            ChangeKind.RELATION_ADDED: 2}
    yield from sorted(found, key=lambda c: (types.index(c.field), rank[c.kind]))


def _relation_label(relation_type: str) -> str:
    label = RELATION_TYPES[relation_type].vi
    return label[:1].upper() + label[1:]


def roadmap(snapshot: Snapshot) -> Roadmap:
    """Count a version's projects and add up their budgets."""
    projects = list(snapshot.of_type("project"))
    budgets = [p.attrs.get("budget_vnd") for p in projects]
    return Roadmap(projects=len(projects), budget_vnd=sum(b for b in budgets if b),
                   unbudgeted=sum(1 for b in budgets if b is None))


def status_by_element(comparison: Comparison) -> dict[str, SimpleStatus]:
    """Return ``{id: "added" | "removed" | "changed" | "unchanged"}`` for the union diagram.

    Renamed elements count as ``changed`` (under their new id); replaced ones as ``removed``
    (under their old id).
    """
    simple: dict[Status, SimpleStatus] = {
        "added": "added", "removed": "removed", "replaced": "removed", "renamed": "changed",
        "changed": "changed", "unchanged": "unchanged", "completed": "unchanged"}
    return {e.id: simple[e.status] for e in comparison.elements}


def relation_status(comparison: Comparison) -> dict[tuple[str, str, str, str], str]:
    """Return ``{relation key: "added" | "removed" | "unchanged"}`` over both versions.

    Keys use the new version's ids for elements that were renamed; relations of removed
    elements keep their old ids. Covers every relation, those of added and removed elements too.
    """
    before = {_translated(r, comparison.id_map) for r in comparison.old.relations()}
    after = {r.key() for r in comparison.new.relations()}
    out = {key: "unchanged" if key in before else "added" for key in
           dict.fromkeys(r.key() for r in comparison.new.relations())}
    for relation in comparison.old.relations():
        key = _translated(relation, comparison.id_map)
        if key not in after:
            out.setdefault(key, "removed")
    return out


def changed_elements(comparison: Comparison) -> list[ElementDiff]:
    """Return the elements that are not unchanged, in the comparison's order."""
    return [e for e in comparison.elements if e.status != "unchanged"]


def layers_in_order(comparison: Comparison) -> list[str]:
    """Return the grouping layers that have changed elements, in the new framework's order."""
    return [layer for layer, tally in comparison.by_layer.items() if tally.different]
