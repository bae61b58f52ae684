"""``ref_model_code`` against the reference models of the version's framework.

Framework 2.0 classifies business functions, data, applications, technology and security by
five reference models (BRM, DRM, ARM, TRM, SRM). A code an editor writes must belong to a model
of the framework the version follows, to a model meant for the element's type, and, where the
framework data lists the model's codes, be one of them (or below one of them). A framework
that declares no reference models (Khung 1.0, an adopter's own) leaves codes unchecked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..metamodel import ELEMENT_TYPES
from ..suggest import did_you_mean

if TYPE_CHECKING:
    from ..errors import Problem
    from .rules import Locator
    from .types import Snapshot


def check_reference_codes(snapshot: Snapshot, locator: Locator) -> list[Problem]:
    """Every problem with the ``ref_model_code`` of the version's elements."""
    framework = snapshot.framework
    models = {m.id: m for m in framework.reference_models}
    problems: list[Problem] = []
    if not models:  # a framework without reference-model data has nothing to check against
        return problems
    for element in snapshot.elements.values():
        code = element.attrs.get("ref_model_code")
        if not isinstance(code, str) or not code:
            continue

        def say(message: str, element_id: str = element.id) -> None:
            problems.append(locator.field(snapshot.elements[element_id], ("ref_model_code",),
                                          message))

        model = models.get(code[:3])
        if model is None:
            say(f"mã '{code}' không thuộc mô hình tham chiếu nào của {framework.name_vi} "
                f"(các mô hình: {', '.join(models)})")
            continue
        if model.types and element.type not in model.types:
            wanted = ", ".join(ELEMENT_TYPES[t].vi.lower() for t in model.types
                               if t in ELEMENT_TYPES)
            say(f"mã '{code}' thuộc {model.name_vi} ({model.id}), dùng cho {wanted}; "
                f"'{element.id}' là {ELEMENT_TYPES[element.type].vi.lower()}")
        elif model.codes and model.name_of(code) is None:
            say(f"{model.id} không có mã '{code}'{did_you_mean(code, model.codes)}; các mã "
                f"cấp đầu: {', '.join(c for c in model.codes if '.' not in c)}")
    return problems
