"""``kientruc validate`` and ``kientruc schema``: check the sources, write the editors' schemas."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError, Problem, UsageError, render_problems
from ..model import load_model
from .common import add_arch_option
from .common import err as _err
from .common import out as _out
from .schemas import write_ids, write_schemas

if TYPE_CHECKING:
    import argparse

    from ..model.types import Model


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the sources (or only report on the files named); print every problem."""
    named = [Path(x) for x in args.paths]
    folders = [x for x in named if not x.is_file()]
    arch = folders[0] if folders else Path(args.arch) if not named else _arch_of(named[0])
    if not arch.is_dir() or len(folders) > 1 or (folders and len(named) > 1):
        what = "không phải thư mục" if arch.exists() else "không tồn tại"
        raise UsageError(f"'{arch}' {what}: cần thư mục mã nguồn kiến trúc (ví dụ 'arch') "
                         "hoặc một vài tệp .yaml trong đó")
    repo_root = arch.resolve().parent
    try:
        model = load_model(arch, repo_root=repo_root)
    except ModelError as error:
        problems = error.problems
        if not folders and named:  # only what concerns the named files
            wanted = {x.resolve().relative_to(repo_root).as_posix() for x in named}
            problems = [p for p in problems if p.file in wanted]
            if not problems:
                _out("Các tệp đã chọn hợp lệ (các tệp khác còn lỗi: chạy kientruc validate).")
                return 0
        _out(render_problems(problems, args.format))
        if args.format == "github":
            _job_summary(problems)
        return 1
    if not named and (arch / "schema").is_dir():
        ids = write_ids(model, arch / "schema")
        if ids and args.format == "text":
            _err(f"đã cập nhật {ids}: trình soạn thảo gợi ý các mã mới")
    if args.format == "json":  # soft issues are listed with ``"severity": "warning"``
        _out(render_problems(list(model.warnings), "json"))
        return 0
    if args.format == "github" and model.warnings:
        _out(render_problems(list(model.warnings), "github"))
    elif args.format == "text":
        for warning in model.warnings:
            _err(f"cảnh báo: {warning}")
        count = sum(len(s.elements) for s in model.snapshots.values()) + len(model.common)
        _out(f"Hợp lệ: {len(model.snapshots)} phiên bản, {count} thành phần.")
    return 0


def _arch_of(file: Path) -> Path:
    """The ``arch/`` folder a source file lies in: the nearest parent with ``frameworks/``."""
    for parent in file.resolve().parents:
        if (parent / "frameworks").is_dir():
            return parent
    return file.resolve().parent


def _job_summary(problems: list[Problem]) -> None:
    """Add every problem to the GitHub job summary: annotations show only the first ten."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")
    rows = [f"| {i} | `{cell(p.location())}` | {cell(p.where)} | {cell(p.message)} |"
            for i, p in enumerate(problems, 1)]
    text = "\n".join([f"### {len(problems)} lỗi trong mã nguồn kiến trúc", "",
                      "| # | Vị trí | Trường | Lỗi |", "|---|---|---|---|", *rows, ""])
    with open(path, "a", encoding="utf-8") as handle:  # noqa: PTH123 - GitHub's own file
        handle.write(text + "\n")



def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas that editors' tools use for completion, with the ids of ``--arch``."""
    arch = Path(args.arch)
    try:
        model: Model | None = load_model(arch, repo_root=arch.resolve().parent)
    except ModelError as error:
        model = None
        _err(f"chưa ghi danh sách mã: mã nguồn có {len(error.problems)} lỗi "
             "(chạy kientruc validate)")
    for path in write_schemas(Path(args.output), model):
        _out(f"đã ghi {path}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate`` and ``schema`` to the command line."""
    p = sub.add_parser("validate", help="kiểm tra mã nguồn kiến trúc")
    p.add_argument("paths", nargs="*", metavar="THƯ_MỤC_HOẶC_TỆP",
                   help="thư mục arch/ (mặc định), hoặc các tệp .yaml cần kiểm tra")
    add_arch_option(p)
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text (mặc định), json, hoặc github (chú thích trên pull request)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo")
    p.add_argument("-o", "--output", default="arch/schema")
    add_arch_option(p)
    p.set_defaults(handler=cmd_schema)
