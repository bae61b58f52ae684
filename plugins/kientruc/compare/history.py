"""One element across the versions of its architecture: added, changed, renamed, retired.

Element pages show the history ("có từ 1.0; thay đổi ở 2.0: tên, đơn vị vận hành") and a version
switcher that opens the same element in another version; :func:`retired_elements` lists the ids a
version no longer has, so the site can publish a "retired" page at each of them and an old link
never ends on a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from ..paths import SitePaths
from .diff import ChangeKind, Comparison, compare
from .fates import compose_fates, step_fates

if TYPE_CHECKING:
    from ..model.types import Element, Model, Snapshot
    from .diff import Change
    from .fates import Fate

HistoryStatus = Literal["new", "present", "renamed", "retired", "absent"]
"""``new``: first version that has it (or has it again); ``present``: same id as before;
``renamed``: present under another id; ``retired``: an earlier version had it, this one does not;
``absent``: not yet there."""


@dataclass(frozen=True, kw_only=True)
class VersionEntry:
    """The element in one version of its architecture."""

    key: str
    """``cqdt/2.0``."""
    version: str
    status: HistoryStatus
    element_id: str | None
    """Its id in this version; for ``retired``, the last id it had (its retired page's id)."""
    previous_id: str | None = None
    """For ``renamed``: its id in the previous version."""
    replaced_by: tuple[str, ...] = ()
    """For ``retired``: ids in this version of the elements that replace it."""
    retired_in: str | None = None
    """For ``retired``: the first version (key) without it."""
    replaces: tuple[str, ...] = ()
    """For ``new``: ids in the previous version of the elements it replaces."""
    changes: tuple[Change, ...] = ()
    """Changes against the previous version (``present`` and ``renamed``)."""
    changed_fields: tuple[str, ...] = ()
    """Vietnamese labels of what changed (``tên``, ``đơn vị vận hành`` …), without repeats."""
    page: str | None = None
    """Source path of the element's page in this version (its retired page when retired)."""

    @property
    def exists(self) -> bool:
        """True when the version has the element (under some id)."""
        return self.status in {"new", "present", "renamed"}


@dataclass(frozen=True, kw_only=True)
class Retired:
    """An id an earlier version had and this version has not."""

    id: str
    element: Element
    """The element as it was in ``last_seen``."""
    last_seen: str
    """Latest earlier version (key) that had the id."""
    retired_in: str
    """The version (key) right after ``last_seen``."""
    status: Literal["removed", "replaced", "renamed"]
    successors: tuple[str, ...]
    """Ids in this version: the new id (``renamed``) or the replacing elements (``replaced``)."""


class ArchitectureHistory:
    """The comparisons between consecutive versions of one architecture, computed once."""

    def __init__(self, model: Model, architecture: str) -> None:
        self.model = model
        self.versions: list[Snapshot] = model.versions_of(architecture)
        self.steps: list[dict[str, Fate]] = [
            step_fates(a, b) for a, b in pairwise(self.versions)]
        self.comparisons: list[Comparison] = [
            compare(model, a, b) for a, b in pairwise(self.versions)]
        self._entries = [{e.new_id: e for e in c.elements if e.new_id}
                         for c in self.comparisons]
        self._backs = [{new: old for old, new in c.id_map.items()} for c in self.comparisons]

    def index(self, key: str) -> int:
        """Position of a version (by key) in the architecture's order; -1 when it has none."""
        return next((i for i, s in enumerate(self.versions) if s.key == key), -1)

    def lineage(self, element_id: str, anchor: int) -> list[str | None]:
        """The element's id in each version, following renames back and forth from ``anchor``."""
        ids: list[str | None] = [None] * len(self.versions)
        ids[anchor] = element_id
        for j in range(anchor - 1, -1, -1):
            later = ids[j + 1]
            ids[j] = self._backs[j].get(later) if later else None
            if ids[j] is None:
                break
        for j in range(anchor + 1, len(self.versions)):
            before = ids[j - 1]
            state, found = self.steps[j - 1].get(before, ("gone", ())) if before else ("gone", ())
            if state != "live":
                break
            ids[j] = found[0]
        return ids

    def of(self, element_id: str, *, version: str | None = None,
           paths: SitePaths | None = None) -> list[VersionEntry]:
        """History of an element: one entry per version. See :func:`element_history`."""
        paths = paths or SitePaths()
        having = [i for i, s in enumerate(self.versions) if element_id in s.elements]
        if not self.versions:
            return []
        if version is not None:
            anchor = self.index(f"{self.versions[0].architecture}/{version}"
                                if "/" not in version else version)
            if anchor not in having:
                return []
        elif having:
            anchor = having[-1]
        else:
            return []
        ids = self.lineage(element_id, anchor)
        entries: list[VersionEntry] = []
        last_id: str | None = None
        successors: tuple[str, ...] = ()
        retired_in: str | None = None
        for j, snapshot in enumerate(self.versions):
            current = ids[j]
            if current is None and last_id is not None and last_id in snapshot.elements:
                current = last_id  # the same id came back in a later version
            if current is not None:
                previous = entries[-1] if entries else None
                entries.append(self._present(j, snapshot, current, previous, paths))
                last_id, successors, retired_in = current, (), None
                continue
            if last_id is None:
                entries.append(VersionEntry(key=snapshot.key, version=snapshot.version,
                                            status="absent", element_id=None))
                continue
            if retired_in is None:
                retired_in = snapshot.key
                state, found = self.steps[j - 1].get(last_id, ("gone", ()))
                successors = found if state == "replaced" else ()
            else:
                successors = _follow(successors, self.steps[j - 1])
            entries.append(VersionEntry(
                key=snapshot.key, version=snapshot.version, status="retired",
                element_id=last_id, replaced_by=successors, retired_in=retired_in,
                page=paths.element(snapshot.key, last_id)))
        return entries

    def _present(self, j: int, snapshot: Snapshot, current: str,
                 previous: VersionEntry | None, paths: SitePaths) -> VersionEntry:
        page = paths.element(snapshot.key, current)
        if previous is None or not previous.exists:
            replaces = tuple(old for old, (state, found) in
                             (self.steps[j - 1].items() if j else ())
                             if state == "replaced" and current in found)
            return VersionEntry(key=snapshot.key, version=snapshot.version, status="new",
                                element_id=current, replaces=replaces, page=page)
        entry = self._entries[j - 1].get(current)
        changes = tuple(c for c in entry.changes
                        if c.kind is not ChangeKind.ELEMENT_RENAMED) if entry else ()
        renamed = previous.element_id != current
        return VersionEntry(
            key=snapshot.key, version=snapshot.version,
            status="renamed" if renamed else "present", element_id=current,
            previous_id=previous.element_id if renamed else None, changes=changes,
            changed_fields=tuple(dict.fromkeys(_lower(c.label or c.field or "") for c in changes)),
            page=page)

    def retired(self, key: str) -> list[Retired]:
        """Ids earlier versions had and version ``key`` has not. See :func:`retired_elements`."""
        target = self.index(key)
        snapshot = self.versions[target]
        out: dict[str, Retired] = {}
        for j in range(target - 1, -1, -1):
            earlier = self.versions[j]
            gone = [i for i in earlier.elements if i not in snapshot.elements and i not in out]
            if not gone:
                continue
            fates = self.steps[j]
            for step in self.steps[j + 1:target]:
                fates = compose_fates(fates, step)
            for element_id in gone:
                state, found = fates.get(element_id, ("gone", ()))
                status: Literal["removed", "replaced", "renamed"] = (
                    "renamed" if state == "live" else "replaced" if state == "replaced"
                    else "removed")
                out[element_id] = Retired(
                    id=element_id, element=earlier.elements[element_id], last_seen=earlier.key,
                    retired_in=self.versions[j + 1].key, status=status, successors=found)
        return [out[i] for i in sorted(out)]


def _previous(model: Model, entries: list[VersionEntry],
              entry: VersionEntry) -> Snapshot | None:
    index = entries.index(entry)
    return model.snapshots[entries[index - 1].key] if index else None


def _follow(ids: tuple[str, ...], step: dict[str, Fate]) -> tuple[str, ...]:
    out: list[str] = []
    for element_id in ids:
        state, found = step.get(element_id, ("gone", ()))
        if state != "gone":
            out.extend(i for i in found if i not in out)
    return tuple(out)


def _lower(label: str) -> str:
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class Histories:
    """Every architecture's history in one model, each built on first use, and comparisons.

    The owner (the site planner's context, for one build) decides how long it lives: no
    module-level cache keyed by ``id(model)``, which could hand a later model the history of an
    earlier one that happened to reuse its address.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        self._histories: dict[str, ArchitectureHistory] = {}
        self._pairs: dict[tuple[str, str], Comparison] = {}

    def of(self, architecture: str) -> ArchitectureHistory:
        """The history of one architecture."""
        found = self._histories.get(architecture)
        if found is None:
            found = self._histories[architecture] = ArchitectureHistory(self.model, architecture)
            for comparison in found.comparisons:
                self._pairs[(comparison.old.key, comparison.new.key)] = comparison
        return found

    def comparison(self, old: Snapshot, new: Snapshot) -> Comparison:
        """``compare(model, old, new)``, computed once per pair (consecutive pairs come free)."""
        self.of(new.architecture)
        key = (old.key, new.key)
        if key not in self._pairs:
            self._pairs[key] = compare(self.model, old, new)
        return self._pairs[key]


def element_history(model: Model, architecture: str, element_id: str, *,
                    version: str | None = None,
                    paths: SitePaths | None = None) -> list[VersionEntry]:
    """Follow one element through every version of its architecture.

    Args:
        model: The model.
        architecture: Architecture id (``cqdt``).
        element_id: The element's id in ``version`` (default: in the latest version that has it).
        version: Version (``2.0`` or ``cqdt/2.0``) where ``element_id`` names the element.
        paths: Page locations (default :class:`SitePaths`).

    Returns:
        One entry per version, oldest first; empty when no version has ``element_id``.
    """
    return ArchitectureHistory(model, architecture).of(element_id, version=version, paths=paths)


def retired_elements(model: Model, key: str) -> list[Retired]:
    """List the ids that an earlier version of the same architecture had and ``key`` has not.

    Each gets a page in version ``key`` saying it was removed, replaced (by what) or renamed,
    so that switching versions from an old page never ends on a 404.

    Args:
        model: The model.
        key: The version (``cqdt/2.0``).

    Returns:
        The retired ids, sorted by id.
    """
    snapshot = model.snapshots[key]
    return ArchitectureHistory(model, snapshot.architecture).retired(key)


def history_sentence(model: Model, entries: list[VersionEntry]) -> str:
    """Say in one Vietnamese sentence what happened to the element in each version.

    Example: ``Có từ 1.0; đổi mã ở 2.0 (mã cũ: app.dat-dai), thay đổi: tên, đơn vị vận hành.``

    Args:
        model: The model (to name the replacing elements).
        entries: What :func:`element_history` returned.

    Returns:
        Plain text (no Markdown); empty when there are no entries.
    """
    parts: list[str] = []
    seen = False
    for entry in entries:
        if entry.status == "new":
            text = f"có từ {entry.version}" if not seen else f"có lại ở {entry.version}"
            previous = _previous(model, entries, entry)
            if entry.replaces and previous is not None:
                names = [previous.elements[i].label for i in entry.replaces
                         if i in previous.elements]
                text += f" (thay thế {', '.join(names)})"
            parts.append(text)
            seen = True
        elif entry.status in {"present", "renamed"}:
            text = (f"đổi mã ở {entry.version} (mã cũ: {entry.previous_id})"
                    if entry.status == "renamed" else "")
            if entry.changed_fields:
                what = ", ".join(entry.changed_fields)
                text = (f"{text}, thay đổi: {what}" if text
                        else f"thay đổi ở {entry.version}: {what}")
            parts.append(text or f"không thay đổi ở {entry.version}")
        elif entry.status == "retired" and entry.retired_in == entry.key:
            snapshot = model.snapshots[entry.key]
            names = [snapshot.elements[i].label for i in entry.replaced_by
                     if i in snapshot.elements]
            parts.append(f"được thay thế ở {entry.version} bởi {', '.join(names)}" if names
                         else f"loại bỏ ở {entry.version}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""
