"""What a change to ``arch/`` does to every version: the data behind ``kientruc review``.

A pull request rarely touches one version folder only. A corrected law in ``arch/common/``
or a renamed layer in ``arch/frameworks/`` changes every version that cites it, although no
file of those versions changed; a reviewer must see them all. This module compares two whole
models (the base branch's and the pull request's) and says, for each version, why it is touched:
its own elements, its version-level fields, shared data it uses, or its framework. Rendering
lives in :mod:`kientruc.compare.review_markdown`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .diff import compare, element_changes

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from ..model.types import Element, Model, Snapshot
    from .diff import Change, Comparison

VERSION_FIELDS: tuple[tuple[str, str], ...] = (
    ("title_vi", "Tên phiên bản"), ("title_en", "Tên tiếng Anh"), ("status", "Trạng thái"),
    ("approval", "Quyết định phê duyệt"), ("period", "Giai đoạn"),
    ("supersedes", "Thay thế phiên bản"), ("framework", "Khung kiến trúc"),
    ("summary", "Tóm tắt"), ("vision", "Tầm nhìn"), ("scope", "Phạm vi"),
    ("organisation", "Tổ chức thực hiện"), ("legal_basis", "Căn cứ pháp lý"),
    ("provenance", "Nguồn gốc thông tin"), ("digest", "Mã băm nội dung"),
)
"""The fields of ``version.yaml`` a reviewer sees compared, with their Vietnamese labels."""

PROSE_FIELDS = frozenset({"summary", "vision", "scope", "organisation", "description"})
"""Fields of editor Markdown: shown as a word-level diff, never cut short."""

State = Literal["changed", "added", "removed", "unchanged"]


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    """One version-level field that differs."""

    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True, kw_only=True)
class SharedChange:
    """An element of ``arch/common/`` that was added, removed or changed."""

    id: str
    state: Literal["added", "removed", "changed"]
    element: Element
    """As it is now, or as it was when removed."""
    changes: tuple[Change, ...]
    used_by: tuple[str, ...]
    """Keys of the versions that cite it (in either model)."""


@dataclass(frozen=True, kw_only=True)
class FrameworkChange:
    """A framework whose layers, chapters or names changed (or that was added or removed)."""

    id: str
    name_vi: str
    state: Literal["added", "removed", "changed"]
    used_by: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class VersionReview:
    """What the change does to one version."""

    key: str
    state: State
    against: str | None
    """What the version is compared with: ``"base"`` (its copy on the base branch), the key of
    the version it supersedes (a new version), or ``None`` (nothing to compare with)."""
    comparison: Comparison | None
    fields: tuple[FieldChange, ...]
    shared: tuple[str, ...]
    """Ids of changed shared elements this version cites."""
    framework_changed: bool
    files: tuple[str, ...]
    """Changed files inside this version's folder."""

    @property
    def touched(self) -> bool:
        """True when a reviewer has anything to look at for this version."""
        return (self.state != "unchanged" or bool(self.fields or self.shared or self.files)
                or self.framework_changed
                or bool(self.comparison is not None and self.comparison.has_changes))


@dataclass(frozen=True, kw_only=True)
class Review:
    """Everything a change does, version by version."""

    base: str
    """How the base is named to readers (a git ref such as ``origin/main``)."""
    files: tuple[str, ...]
    shared: tuple[SharedChange, ...]
    frameworks: tuple[FrameworkChange, ...]
    glossary_changed: bool
    versions: tuple[VersionReview, ...]
    """Touched versions only, in the new model's order, then removed ones."""


def review(base: Model, head: Model, files: Sequence[str], *, base_name: str) -> Review:
    """Compare the base branch's model with the pull request's.

    Args:
        base: The model as it is on the base branch (empty when ``arch/`` did not exist).
        head: The model with the change.
        files: Changed paths, relative to the repository (``arch/cqdt/2.0/ung-dung.yaml``).
        base_name: What to call the base in the report.
    """
    shared = tuple(_shared_changes(base, head))
    changed_shared = {s.id for s in shared}
    frameworks = tuple(_framework_changes(base, head))
    changed_frameworks = {f.id for f in frameworks}
    versions: list[VersionReview] = []
    for key, new in head.snapshots.items():
        old = base.snapshots.get(key)
        own_files = tuple(f for f in files if _inside(f, new.folder))
        cited = _cited(head, new) & changed_shared
        if old is not None:
            comparison = compare(head, old, new)
            fields = tuple(version_field_changes(old, new))
            entry = VersionReview(
                key=key, state="changed" if fields or comparison.has_changes else "unchanged",
                against="base", comparison=comparison, fields=fields,
                shared=tuple(sorted(cited)),
                framework_changed=new.framework.id in changed_frameworks, files=own_files)
            if not entry.touched:
                continue
        else:
            previous = head.snapshots.get(new.supersedes or "")
            entry = VersionReview(
                key=key, state="added", against=previous.key if previous else None,
                comparison=compare(head, previous, new) if previous else None,
                fields=tuple(version_field_changes(previous, new)) if previous else (),
                shared=tuple(sorted(cited)), framework_changed=False, files=own_files)
        versions.append(entry)
    for key, old in base.snapshots.items():
        if key not in head.snapshots:
            versions.append(VersionReview(
                key=key, state="removed", against=None, comparison=None, fields=(), shared=(),
                framework_changed=False, files=tuple(f for f in files if _inside(f, old.folder))))
    return Review(base=base_name, files=tuple(files), shared=shared, frameworks=frameworks,
                  glossary_changed=_content(base.glossary) != _content(head.glossary),
                  versions=tuple(versions))


def version_field_changes(old: Snapshot, new: Snapshot) -> Iterator[FieldChange]:
    """The version-level fields (``version.yaml``) that differ, in :data:`VERSION_FIELDS` order."""
    for name, label in VERSION_FIELDS:
        before, after = _version_value(old, name), _version_value(new, name)
        if before != after:
            yield FieldChange(field=name, label=label, old=before, new=after)


def _version_value(snapshot: Snapshot, name: str) -> Any:
    if name == "framework":
        return snapshot.framework.name_vi
    if name == "period":
        return f"{snapshot.period[0]}–{snapshot.period[1]}"
    if name == "approval":
        approval = snapshot.approval
        if approval is None:
            return None
        return " · ".join(part for part in (approval.number, approval.date, approval.signer)
                          if part)
    value = getattr(snapshot, name)
    return list(value) if isinstance(value, tuple) else value


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _shared_changes(base: Model, head: Model) -> Iterator[SharedChange]:
    users = _users(base)
    for element_id, keys in _users(head).items():
        users.setdefault(element_id, set()).update(keys)
    for element_id, element in head.common.items():
        before = base.common.get(element_id)
        if before is None:
            yield SharedChange(id=element_id, state="added", element=element, changes=(),
                               used_by=tuple(sorted(users.get(element_id, ()))))
            continue
        changes = tuple(element_changes(before, element, before.layer, {}))
        if changes:
            yield SharedChange(id=element_id, state="changed", element=element, changes=changes,
                               used_by=tuple(sorted(users.get(element_id, ()))))
    for element_id, element in base.common.items():
        if element_id not in head.common:
            yield SharedChange(id=element_id, state="removed", element=element, changes=(),
                               used_by=tuple(sorted(users.get(element_id, ()))))


def _users(model: Model) -> dict[str, set[str]]:
    """``{shared element id: {version keys citing it}}``."""
    found: dict[str, set[str]] = {}
    for key, snapshot in model.snapshots.items():
        for element_id in _cited(model, snapshot):
            found.setdefault(element_id, set()).add(key)
    return found


def _cited(model: Model, snapshot: Snapshot) -> set[str]:
    """Ids of shared elements a version names anywhere: relations, sources, fields, legal basis."""
    names: set[str] = set(_strings(snapshot.legal_basis))
    for element in snapshot.elements.values():
        names.update(element.sources)
        names.update(_strings(element.attrs))
        for relation in element.relations:
            names.add(relation.target)
            if relation.via:
                names.add(relation.via)
    return {name for name in names if name in model.common and name not in snapshot.elements}


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _framework_changes(base: Model, head: Model) -> Iterator[FrameworkChange]:
    def users(framework_id: str) -> tuple[str, ...]:
        keys = {k for m in (base, head) for k, s in m.snapshots.items()
                if s.framework.id == framework_id}
        return tuple(sorted(keys))

    for framework_id, framework in head.frameworks.items():
        before = base.frameworks.get(framework_id)
        if before is None:
            yield FrameworkChange(id=framework_id, name_vi=framework.name_vi, state="added",
                                  used_by=users(framework_id))
        elif _content(before) != _content(framework):
            yield FrameworkChange(id=framework_id, name_vi=framework.name_vi, state="changed",
                                  used_by=users(framework_id))
    for framework_id, framework in base.frameworks.items():
        if framework_id not in head.frameworks:
            yield FrameworkChange(id=framework_id, name_vi=framework.name_vi, state="removed",
                                  used_by=users(framework_id))


def _content(value: Any) -> Any:
    """A value with every ``origin`` (file and line) left out: moving text is not a change."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _content(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "origin"}
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_content(v) for v in value]
    if hasattr(value, "items"):
        return {k: _content(v) for k, v in value.items()}
    return value
