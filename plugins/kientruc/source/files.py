"""Finding the source files of ``arch/`` and checking each against its pydantic spec.

These are the parts of loading that know about files and the specs' library; the model stage
(:mod:`kientruc.model.load`) calls them and never sees a pydantic error itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .messages import translate

if TYPE_CHECKING:
    from collections.abc import Callable

    from .reader import Path_, Source

__all__ = ["Spec", "check_modeline", "stray_files", "validate", "yaml_files"]

Spec = type[BaseModel]
"""A source spec class; stages above this one name it without importing pydantic."""

_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def validate(source: Source, spec: Spec, data: Any, base: Path_,
             problems: list[Problem]) -> Any:
    """``spec.model_validate(data)``, or ``None`` with each error added to ``problems``.

    Errors under a key path the reader already rejected (a syntax or type problem reported
    there) are left out, so that one mistake is told once.
    """
    try:
        return spec.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            path = (*base, *(p for p in item["loc"] if p != "[key]"))
            if not source.is_rejected(path):
                problems.append(translate(source, spec, base, item))
        return None


def check_modeline(path: Path, kind: str, source: Source, arch_dir: Path) -> Problem | None:
    """A ``# yaml-language-server: $schema=…`` first line must name this file's schema."""
    try:
        with path.open("rb") as stream:
            first = stream.readline(1000).decode("utf-8", "replace")
    except OSError:  # pragma: no cover - the file was just read
        return None
    found = _MODELINE.match(first.lstrip("\ufeff"))
    if found is None:
        return None
    wanted = arch_dir / "schema" / f"{kind}.schema.json"
    if (path.parent / found.group(1)).resolve() == wanted.resolve():
        return None
    relative = Path(os.path.relpath(wanted, path.parent)).as_posix()
    return Problem(file=source.file, line=1, column=found.start(1) + 1, message=(
        f"dòng '$schema' trỏ tới '{found.group(1)}', nhưng tệp này cần "
        f"'{relative}' (lược đồ {kind}) để trình soạn thảo gợi ý và kiểm tra đúng"))


def yaml_files(folder: Path, display: Callable[[Path], str], problems: list[Problem]) -> list[Path]:
    """The ``*.yaml`` files under ``folder``, sorted; a ``*.yml`` file is a problem."""
    for odd in sorted(folder.rglob("*.yml")):
        problems.append(Problem(file=display(odd), message=(
            f"tệp phải có đuôi '.yaml', không phải '.yml': đổi tên thành '{odd.stem}.yaml'")))
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def stray_files(folder: Path, where: str, display: Callable[[Path], str]) -> list[Problem]:
    """YAML files lying where nothing reads them (they would be silently ignored)."""
    return [Problem(file=display(path), message=f"tệp này không được đọc: {where}")
            for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix in {".yaml", ".yml"}]
