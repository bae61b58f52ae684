"""The import contract of ``plugins/kientruc``: every stage imports only from the stages below it.

Layers run from top to bottom; packages on one line are siblings and may not import each other.
The leaf modules at the bottom may import only leaf modules listed before them. Third-party
libraries with a single home are imported only there. The walk reads every ``import`` (lazy
ones inside functions and type-only ones under ``TYPE_CHECKING`` included) with :mod:`ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "kientruc"

LAYERS: list[set[str]] = [
    {"plugin", "cli"},
    {"build"},
    {"site", "exports", "draw", "importer"},
    {"views"},
    {"compare"},
    {"model"},
    {"source"},
]
LEAVES = ["sealed", "errors", "text", "suggest", "metamodel", "labels", "paths", "md", "safe"]
"""Leaf modules, in the order they may import each other (a leaf imports only earlier ones)."""

FACE = "__init__"
"""``kientruc/__init__.py``: the public face; it may re-export from any stage."""

RANK: dict[str, int] = {name: len(LAYERS) - i for i, layer in enumerate(LAYERS) for name in layer}

HOMES: dict[str, set[str]] = {
    "mkdocs": {"plugin"},
    "material": {"plugin"},
    "jinja2": {"plugin"},
    "diagrams": {"draw.dot"},
    "graphviz": {"draw.dot"},
    "fpdf": {"exports.handbook"},
    "pydantic": {"source", "exports.model_json"},
    "nh3": {"safe"},
    "markdown": {"safe"},
    "yaml": {"source", "cli.versions", "importer"},
    "lxml": {"importer"},
}
"""Third-party libraries that may be imported only in the named modules or packages."""

STDLIB_HOMES: dict[str, set[str]] = {
    "subprocess": {"draw.render", "cli.publish", "cli.review"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """``(absolute target, line, is_internal)`` for every import in ``path``."""
    name = _module_name(path)
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    out: list[tuple[str, int, bool]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                out.append((node.module or "", node.lineno, False))
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            if name == FACE and node.level == 1:
                base = []
            if node.module:
                out.append((".".join([*base, node.module]), node.lineno, True))
            else:  # from . import x, y: each name is a module (or a name of the package)
                out.extend((".".join([*base, alias.name]), node.lineno, True)
                           for alias in node.names)
    return out


def _top(module: str) -> str:
    return module.split(".")[0]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _allowed(importer: str, target: str) -> bool:
    a, b = _top(importer), _top(target)
    if importer == FACE or a == b:
        return True
    if b in LEAVES:
        if a in LEAVES:
            return LEAVES.index(b) < LEAVES.index(a)
        return True
    if a in LEAVES:
        return False
    if a not in RANK or b not in RANK:
        return False
    return RANK[a] > RANK[b]


def _violations(files: list[Path]) -> list[str]:
    problems = []
    for path in files:
        importer = _module_name(path)
        for target, line, internal in _imports(path):
            where = f"{path.relative_to(PACKAGE)}:{line}"
            if internal:
                if not _allowed(importer, target):
                    problems.append(f"{where}: {importer} imports {target}")
                continue
            root = target.split(".")[0]
            homes = HOMES.get(root) or STDLIB_HOMES.get(target)
            if homes and not any(importer == h or importer.startswith(h + ".") for h in homes):
                problems.append(f"{where}: {importer} imports {target} (only in {sorted(homes)})")
    return problems


def test_every_module_belongs_to_a_stage() -> None:
    known = set(RANK) | set(LEAVES) | {FACE}
    strays = [_module_name(p) for p in _modules() if _top(_module_name(p)) not in known]
    assert strays == [], f"modules outside every stage: {strays}"


def test_imports_point_down() -> None:
    problems = _violations(_modules())
    assert problems == [], "\n".join(problems)


def test_no_module_over_400_lines() -> None:
    long = {}
    for path in _modules():
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) > 400:
            long[str(path.relative_to(PACKAGE))] = len(lines)
    assert long == {}, long


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("model/types.py", "from ..site import plan_site\n", "model.types imports site"),
    ("views/view.py", "from ..draw import dot\n", "views.view imports draw"),
    ("site/plan.py", "from ..exports import csv_tables\n", "site.plan imports exports"),
    ("paths.py", "from .md import esc\n", "paths imports md"),
    ("site/plan.py", "import mkdocs\n", "site.plan imports mkdocs"),
    ("compare/diff.py", "def f():\n    import diagrams\n", "compare.diff imports diagrams"),
])
def test_contract_catches_a_wrong_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         module: str, source: str, expected: str) -> None:
    fake = tmp_path / "kientruc"
    target = fake / module
    target.parent.mkdir(parents=True)
    target.write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    found = _violations([target])
    assert any(expected in problem for problem in found), found
