"""``kientruc init FOLDER``: a new architecture site for another province, city or ministry.

Adopting kientruc should not mean forking this repository and pruning Thái Bình out of it: the
template in ``kientruc/templates/site`` holds the national reference data and one small example
version, worded for the kind of government, and the GitHub workflows of this repository (the
same files: a test keeps them equal), which install the kientruc named in ``requirements.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError, UsageError
from ..model import load_model
from .common import out as _out
from .schemas import write_schemas

if TYPE_CHECKING:
    import argparse
    from importlib.resources.abc import Traversable


@dataclass(frozen=True)
class _Kind:
    unit: str
    level: str
    org_type: str
    example: str


KINDS = {
    "province": _Kind(unit="tỉnh", level="tinh", org_type="so", example="Mẫu"),
    "city": _Kind(unit="thành phố", level="tinh", org_type="so", example="Mẫu"),
    "ministry": _Kind(unit="Bộ", level="trung-uong", org_type="bo", example="Mẫu"),
}
"""Wording and example codes per kind of government (tỉnh / thành phố / bộ)."""


def _files(folder: Traversable, prefix: Path = Path()) -> list[tuple[Path, Traversable]]:
    out: list[tuple[Path, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            out.extend(_files(item, prefix / item.name))
        else:
            out.append((prefix / item.name, item))
    return out


def create_site(folder: Path, kind: str, name: str) -> list[Path]:
    """Write the template into ``folder`` (which must be empty or absent); return the files."""
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"'{folder}' đã có nội dung: hãy chọn một thư mục trống")
    spec = KINDS[kind]
    values = {"name": name, "unit": spec.unit, "unit_title": f"{spec.unit} {name}",
              "level": spec.level, "org_type": spec.org_type, "kind": kind,
              "version": _installed_version()}
    written: list[Path] = []
    for relative, source in _files(resources.files("kientruc").joinpath("templates/site")):
        target = folder / relative
        if relative.name == "gitignore":
            target = folder / ".gitignore"
        elif relative.parts[0] == "github":  # package data without a hidden folder
            target = folder / ".github" / Path(*relative.parts[1:])
        text = source.read_text("utf-8")
        if target.suffix == ".tmpl":
            target = target.with_suffix("")
            for key, value in values.items():
                text = text.replace("{{" + key + "}}", value)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    try:  # the template's files name ../schema/*.schema.json for the editor's YAML extension
        model = load_model(folder / "arch", repo_root=folder)
    except ModelError:  # pragma: no cover - the template is valid (tested)
        model = None
    written.extend(write_schemas(folder / "arch" / "schema", model))
    return written


def _installed_version() -> str:
    """The kientruc that makes the site: its ``requirements.txt`` installs the same one in CI."""
    try:
        return version("kientruc")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree only
        raise UsageError("kientruc chưa được cài đặt (pip install -e .): cần số phiên bản để "
                         "ghi vào requirements.txt của website mới") from None


def cmd_init(args: argparse.Namespace) -> int:
    """Create the site and say what to run next."""
    folder = Path(args.folder)
    name = args.name or KINDS[args.kind].example
    files = create_site(folder, args.kind, name)
    _out(f"Đã tạo {len(files)} tệp trong {folder}. Tiếp theo:\n"
         f"  cd {folder}\n  kientruc validate arch\n  mkdocs build --strict")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``init`` to the command line."""
    p = sub.add_parser("init", help="tạo website kiến trúc mới cho một tỉnh, thành phố hoặc bộ")
    p.add_argument("folder")
    p.add_argument("--kind", choices=sorted(KINDS), default="province")
    p.add_argument("--name", default=None, help="tên tỉnh, thành phố hoặc bộ (ví dụ 'Nam Định')")
    p.set_defaults(handler=cmd_init)
