"""A small golden-file helper in the spirit of pytest-golden (without the dependency).

A golden file is YAML holding the inputs of a case and its expected outputs. Tests compare
what the code produces with the expected keys; with ``UPDATE_GOLDENS=1`` in the environment
they rewrite those keys instead (review the diff by eye before committing).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pathlib import Path

UPDATE = os.environ.get("UPDATE_GOLDENS", "") not in {"", "0"}


class _Dumper(yaml.SafeDumper):
    """Dump multi-line strings as literal blocks so the file stays readable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def read(path: Path) -> dict[str, Any]:
    """Read a golden file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: a golden file is a mapping"
    return data


def check(path: Path, data: dict[str, Any], actual: dict[str, Any]) -> None:
    """Assert that ``actual``'s keys match the golden file, or rewrite them when updating.

    Keys of the golden file that are not in ``actual`` are inputs and are kept as they are;
    expected keys missing from ``actual`` are removed on update.
    """
    if UPDATE:
        expected_keys = {"problems", "valid", "warnings"}
        merged = {k: v for k, v in data.items() if k not in expected_keys}
        merged.update(actual)
        path.write_text(yaml.dump(merged, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                  width=4096), encoding="utf-8")
        return
    expected = {key: data.get(key) for key in actual}
    assert actual == expected, (
        f"{path.name} differs from its golden file; rerun with UPDATE_GOLDENS=1 and review")
