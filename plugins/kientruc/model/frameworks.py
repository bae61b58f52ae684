"""A framework file, checked for consistency, → :class:`~kientruc.model.types.Framework`.

The spec has already checked each field's form; what is checked here needs the whole file:
layer ids declared once, chapters and type defaults that name layers and types that exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES
from ..suggest import did_you_mean, known
from .types import Chapter, Framework, Layer, Origin

if TYPE_CHECKING:
    from ..errors import Problem
    from ..source.reader import Source
    from ..source.spec import FrameworkFile

__all__ = ["resolve_framework"]


def resolve_framework(source: Source, spec: FrameworkFile,
                      problems: list[Problem]) -> Framework:
    """Build the framework; every inconsistency found is added to ``problems``."""
    layer_ids = [layer.id for layer in spec.layers]
    for i, layer_id in enumerate(layer_ids):
        if layer_id in layer_ids[:i]:
            first = source.value_pos(("layers", layer_ids.index(layer_id), "id"))
            problems.append(source.problem(("layers", i, "id"), (
                f"lớp '{layer_id}' bị khai báo hai lần (lần đầu ở dòng {first[0]})"),
                value=True))
    for i, chapter in enumerate(spec.chapters):
        for j, layer_id in enumerate(chapter.layers):
            if layer_id not in layer_ids:
                problems.append(source.problem(("chapters", i, "layers", j), (
                    f"không có lớp '{layer_id}'{did_you_mean(layer_id, layer_ids)}"
                    f"{known(layer_ids, 20)}"), value=True))
        for j, type_id in enumerate(chapter.types):
            if type_id not in ELEMENT_TYPES:
                problems.append(source.problem(("chapters", i, "types", j), (
                    f"không có loại thành phần '{type_id}'"
                    f"{did_you_mean(type_id, ELEMENT_TYPES)}"), value=True))
    for type_id, layer_id in spec.type_defaults.items():
        if type_id not in ELEMENT_TYPES:
            problems.append(source.problem(("type_defaults", type_id), (
                f"không có loại thành phần '{type_id}'"
                f"{did_you_mean(type_id, ELEMENT_TYPES)}")))
        if layer_id not in layer_ids:
            problems.append(source.problem(("type_defaults", type_id), (
                f"không có lớp '{layer_id}'{did_you_mean(layer_id, layer_ids)}"
                f"{known(layer_ids, 20)}"), value=True))
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
