"""``kientruc validate`` and ``kientruc schema``: check the sources, write the editors' schemas."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError, Problem, UsageError, escape_annotation, render_problems
from ..model import load_model
from ..source.spec import dump_schema, json_schemas
from .common import err as _err
from .common import out as _out

if TYPE_CHECKING:
    import argparse


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the sources; print every problem."""
    arch = Path(args.path)
    if not arch.is_dir():
        what = "không phải thư mục" if arch.exists() else "không tồn tại"
        raise UsageError(f"'{arch}' {what}: cần thư mục mã nguồn kiến trúc (ví dụ 'arch')")
    try:
        model = load_model(arch, repo_root=Path.cwd())
    except ModelError as error:
        _out(render_problems(error.problems, args.format))
        if args.format == "github":
            _job_summary(error.problems)
        return 1
    for warning in model.warnings:
        if args.format == "github":
            _out(_github_warning(warning))
        else:
            _err(f"cảnh báo: {warning}")
    if args.format == "text":
        count = sum(len(s.elements) for s in model.snapshots.values()) + len(model.common)
        _out(f"Hợp lệ: {len(model.snapshots)} phiên bản, {count} thành phần.")
    elif args.format == "json":
        _out("[]")
    return 0


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


def _github_warning(warning: str) -> str:
    """Turn a ``file[:line]: message`` warning into a GitHub ``::warning`` annotation."""
    match = re.match(r"^([^:\s]+?)(?::(\d+))?: (.*)$", warning, re.DOTALL)
    if match is None:
        return f"::warning::{escape_annotation(warning)}"
    file, line, message = match.groups()
    place = f"file={escape_annotation(file, prop=True)}" + (f",line={line}" if line else "")
    return f"::warning {place}::{escape_annotation(message)}"


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas that editors' tools use for completion."""
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (folder / name).write_text(dump_schema(schema), encoding="utf-8")
        _out(f"đã ghi {folder / name}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``validate`` and ``schema`` to the command line."""
    p = sub.add_parser("validate", help="kiểm tra mã nguồn kiến trúc")
    p.add_argument("path", nargs="?", default="arch")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo")
    p.add_argument("-o", "--output", default="arch/schema")
    p.set_defaults(handler=cmd_schema)
