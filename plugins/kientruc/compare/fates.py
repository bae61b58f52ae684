"""What became of each element between two versions: still there (maybe renamed), replaced, gone.

Elements are matched by id; ``renamed_from: <old id>`` keeps an element under a new id and
``replaces: [ids]`` retires old elements into a new one. Between versions that are not neighbours
the steps in between are composed, so a rename in 2.0 is followed when 1.0 is compared with 3.0.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..model.types import Model, Snapshot

__all__ = ["Fate", "compose_fates", "fates", "step_fates", "version_chain"]

Fate = tuple[Literal["live", "replaced", "gone"], tuple[str, ...]]
"""What became of an old id: ``live`` under an id, ``replaced`` by ids, or ``gone``."""


def step_fates(prev: Snapshot, cur: Snapshot) -> dict[str, Fate]:
    """Return the fate in ``cur`` of every element of ``prev``, from ``cur``'s declarations.

    Args:
        prev: The earlier version (what ``renamed_from`` and ``replaces`` refer to).
        cur: The later version.

    Returns:
        ``{prev id: fate}`` in ``prev``'s order.
    """
    renames: dict[str, str] = {}
    replacers: dict[str, list[str]] = {}
    for element in cur.elements.values():
        old = element.renamed_from
        if old and old in prev.elements and old not in cur.elements:
            renames.setdefault(old, element.id)
    claimed = set(renames.values())
    for element in cur.elements.values():
        for old in element.replaces:
            if old in prev.elements and old not in cur.elements and old not in renames:
                replacers.setdefault(old, []).append(element.id)
    fates: dict[str, Fate] = {}
    for old in prev.elements:
        if old in renames:
            fates[old] = ("live", (renames[old],))
        elif old in cur.elements and old not in claimed:
            fates[old] = ("live", (old,))
        elif old in replacers:
            fates[old] = ("replaced", tuple(replacers[old]))
        else:
            fates[old] = ("gone", ())
    return fates


def compose_fates(first: Mapping[str, Fate], then: Mapping[str, Fate]) -> dict[str, Fate]:
    """Follow fates over two steps (``1.0 → 2.0`` then ``2.0 → 3.0``)."""
    out: dict[str, Fate] = {}
    for old, (state, ids) in first.items():
        if state == "gone":
            out[old] = ("gone", ())
            continue
        if state == "live":
            out[old] = then.get(ids[0], ("gone", ()))
            continue
        successors: list[str] = []
        for replacer in ids:
            next_state, next_ids = then.get(replacer, ("gone", ()))
            if next_state != "gone":
                successors.extend(i for i in next_ids if i not in successors)
        out[old] = ("replaced", tuple(successors)) if successors else ("gone", ())
    return out


def version_chain(model: Model, old: Snapshot, new: Snapshot) -> list[Snapshot] | None:
    """Return the versions from ``old`` to ``new`` when both are in ``model`` and in that order."""
    if old.architecture != new.architecture or old.key == new.key:
        return None
    if model.snapshots.get(old.key) is not old or model.snapshots.get(new.key) is not new:
        return None
    versions = model.versions_of(new.architecture)
    start, end = versions.index(old), versions.index(new)
    return versions[start:end + 1] if start < end else None


def fates(model: Model, old: Snapshot, new: Snapshot) -> dict[str, Fate]:
    """Return the fate in ``new`` of every element of ``old``, through the versions between."""
    chain = version_chain(model, old, new) or [old, new]
    result = step_fates(chain[0], chain[1])
    for prev, cur in pairwise(chain[1:]):
        result = compose_fates(result, step_fates(prev, cur))
    return result


# -- layers -----------------------------------------------------------------------------------
