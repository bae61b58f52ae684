"""Which relationships ArchiMate allows between two concepts, and how a relation is mapped.

The table is Archi's permitted-relationship table, shipped in the package as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ...metamodel import ELEMENT_TYPES, RELATION_TYPES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...model.types import Relation

__all__ = ["RELATIONSHIP_TABLE", "Mapped", "allowed_relationships", "is_allowed",
           "map_relation", "relationship_table_json"]

RELATIONSHIP_TABLE = "data/archimate_relationships.json"

_KEY_LETTERS = {"a": "Access", "c": "Composition", "f": "Flow", "g": "Aggregation",
                "i": "Assignment", "n": "Influence", "o": "Association", "r": "Realization",
                "s": "Specialization", "t": "Triggering", "v": "Serving"}

@lru_cache(maxsize=1)
def allowed_relationships() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """Return ``{source concept: {target concept: {relationship names}}}`` (ArchiMate 3.2).

    Read from the copy of Archi's permitted-relationship table shipped in the package.
    """
    text = resources.files("kientruc").joinpath(RELATIONSHIP_TABLE).read_text("utf-8")
    data = json.loads(text)
    keys: dict[str, str] = data["keys"]
    return {source: {target: frozenset(keys[c] for c in letters)
                     for target, letters in targets.items()}
            for source, targets in data["relationships"].items()}


def is_allowed(source_concept: str, target_concept: str, relationship: str) -> bool:
    """Tell whether ArchiMate allows ``relationship`` from one concept to another."""
    return relationship in allowed_relationships().get(source_concept, {}).get(
        target_concept, frozenset())


def relationship_table_json(table: Mapping[str, Mapping[str, str]]) -> bytes:
    """Serialise a permitted-relationship table (letters by source and target) as shipped.

    Used to regenerate ``data/archimate_relationships.json`` from Archi's ``relationships.xml``.
    """
    lines = [f"    {json.dumps(source)}: {json.dumps(dict(sorted(targets.items())))}"
             for source, targets in sorted(table.items())]
    head = {
        "about": "ArchiMate 3.2 permitted relationships: for each source concept and target "
                 "concept, the letters of the relationships allowed between them (see keys).",
        "source": "Archi (archimatetool/archi), com.archimatetool.model/model/relationships.xml",
        "licence": "MIT License. Copyright (c) Phillip Beauvoir, Jean-Baptiste Sarrodie, "
                   "The Open Group. Permission is hereby granted, free of charge, to any person "
                   "obtaining a copy of this software and associated documentation files (the "
                   "\"Software\"), to deal in the Software without restriction, including "
                   "without limitation the rights to use, copy, modify, merge, publish, "
                   "distribute, sublicense, and/or sell copies of the Software, and to permit "
                   "persons to whom the Software is furnished to do so, subject to the following "
                   "conditions: The above copyright notice and this permission notice shall be "
                   "included in all copies or substantial portions of the Software. THE SOFTWARE "
                   "IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, "
                   "INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A "
                   "PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR "
                   "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, "
                   "WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR "
                   "IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.",
        "keys": _KEY_LETTERS,
    }
    text = json.dumps(head, ensure_ascii=False, indent=2, sort_keys=True)[:-2]
    return (text + ',\n  "relationships": {\n' + ",\n".join(lines) + "\n  }\n}\n").encode()


@dataclass(frozen=True, kw_only=True)
class Mapped:
    """How one relation is drawn in ArchiMate."""

    relationship: str
    source: str
    """The reference drawn as the relationship's source (the target when ``reverse``)."""
    target: str
    fallback: bool
    """True when ArchiMate forbids the preferred relationship, so Association is used."""


def map_relation(relation: Relation, source_type: str, target_type: str) -> Mapped:
    """Choose the ArchiMate relationship and direction for one relation.

    Args:
        relation: The relation, from its source element.
        source_type: Element type of ``relation.source``.
        target_type: Element type of ``relation.target``.

    Returns:
        The preferred relationship (drawn the other way round when the relation type says
        ``reverse``) if ArchiMate allows it between the two concepts, else Association from
        source to target.
    """
    kind = RELATION_TYPES[relation.type]
    a, b = relation.source, relation.target
    ca, cb = ELEMENT_TYPES[source_type].archimate, ELEMENT_TYPES[target_type].archimate
    if kind.reverse:
        a, b, ca, cb = b, a, cb, ca
    if is_allowed(ca, cb, kind.archimate):
        return Mapped(relationship=kind.archimate, source=a, target=b, fallback=False)
    return Mapped(relationship="Association", source=relation.source, target=relation.target,
                  fallback=kind.archimate != "Association")
