"""A framework file, checked for consistency, → :class:`~kientruc.model.types.Framework`.

The spec has already checked each field's form; what is checked here needs the whole file:
layer ids declared once, chapters and type defaults that name layers and types that exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES
from ..suggest import did_you_mean, known
from .types import Chapter, Framework, Layer, Origin, ReferenceModel

if TYPE_CHECKING:
    from ..errors import Problem
    from ..source.reader import Source
    from ..source.spec import FrameworkFile

__all__ = ["check_layer_maps", "resolve_framework"]


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

    def check_layer(path: tuple[str | int, ...], layer_id: str) -> None:
        if layer_id not in layer_ids:
            problems.append(source.problem(path, (
                f"không có lớp '{layer_id}'{did_you_mean(layer_id, layer_ids)}"
                f"{known(layer_ids, 20)}"), value=True))

    def check_type(path: tuple[str | int, ...], type_id: str, *, value: bool = True) -> None:
        if type_id not in ELEMENT_TYPES:
            problems.append(source.problem(path, (
                f"không có loại thành phần '{type_id}'"
                f"{did_you_mean(type_id, ELEMENT_TYPES)}"), value=value))

    for i, chapter in enumerate(spec.chapters):
        for j, layer_id in enumerate(chapter.layers):
            check_layer(("chapters", i, "layers", j), layer_id)
        for j, type_id in enumerate(chapter.types):
            check_type(("chapters", i, "types", j), type_id)
    for i, model in enumerate(spec.reference_models):
        for j, type_id in enumerate(model.types):
            check_type(("reference_models", i, "types", j), type_id)
        for j, code in enumerate(model.codes):
            if not code.code.startswith(model.id):
                problems.append(source.problem(("reference_models", i, "codes", j, "code"), (
                    f"mã '{code.code}' phải bắt đầu bằng '{model.id}'"), value=True))
    for type_id, layer_id in spec.type_defaults.items():
        check_type(("type_defaults", type_id), type_id, value=False)
        check_layer(("type_defaults", type_id), layer_id)
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
        reference_models=tuple(
            ReferenceModel(id=m.id, name_vi=m.name.vi, types=tuple(m.types),
                           description=m.description,
                           codes={c.code: c.name for c in m.codes},
                           illustrative=frozenset(c.code for c in m.codes
                                                  if c.provenance == "illustrative"))
            for m in spec.reference_models),
    )


def check_layer_maps(frameworks: dict[str, Framework], sources: dict[str, Source],
                     broken: set[str]) -> list[Problem]:
    """Each ``layer_map`` names a framework that exists, its layers, and this one's layers.

    A misspelt layer there would silently put elements in the wrong row of a comparison.
    Maps to a framework in ``broken`` (already reported as invalid) are not checked.
    """
    problems: list[Problem] = []
    for framework in frameworks.values():
        source = sources[framework.id]
        ours = [layer.id for layer in framework.layers]
        for other_id, mapping in framework.layer_map.items():
            other = frameworks.get(other_id)
            if other is None:
                if other_id not in broken:
                    problems.append(source.problem(("layer_map", other_id), (
                        f"không có khung kiến trúc '{other_id}'"
                        f"{did_you_mean(other_id, frameworks)}{known(frameworks)}")))
                continue
            theirs = [layer.id for layer in other.layers]
            for their_layer, our_layer in mapping.items():
                if their_layer not in theirs:
                    problems.append(source.problem(("layer_map", other_id, their_layer), (
                        f"khung '{other_id}' không có lớp '{their_layer}'"
                        f"{did_you_mean(their_layer, theirs)}{known(theirs, 20)}")))
                if our_layer not in ours:
                    problems.append(source.problem(("layer_map", other_id, their_layer), (
                        f"khung '{framework.id}' không có lớp '{our_layer}'"
                        f"{did_you_mean(our_layer, ours)}{known(ours, 20)}"), value=True))
    return problems
