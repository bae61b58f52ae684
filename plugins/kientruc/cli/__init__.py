"""The ``kientruc`` command line: validate, schema, diagram, diff, freeze, new-version, publish.

Exit codes: 0 success, 1 the sources (or the diff with ``--exit-code``) have findings,
2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KientrucError, ModelError, UsageError, escape_annotation, render_problems

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the sources; print every problem."""
    from ..model.load import load_model

    arch = Path(args.path)
    if not arch.is_dir():
        what = "không phải thư mục" if arch.exists() else "không tồn tại"
        raise UsageError(f"'{arch}' {what}: cần thư mục mã nguồn kiến trúc (ví dụ 'arch')")
    try:
        model = load_model(arch, repo_root=Path.cwd())
    except ModelError as error:
        _out(render_problems(error.problems, args.format))
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
    from ..source.spec import dump_schema, json_schemas

    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (folder / name).write_text(dump_schema(schema), encoding="utf-8")
        _out(f"đã ghi {folder / name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; each subcommand names its handler."""
    parser = argparse.ArgumentParser(
        prog="kientruc", description="Kiểm tra và xuất bản kiến trúc (YAML → website).")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="kiểm tra mã nguồn kiến trúc")
    p.add_argument("path", nargs="?", default="arch")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo")
    p.add_argument("-o", "--output", default="arch/schema")
    p.set_defaults(handler=cmd_schema)

    for register in _EXTENSIONS:
        register(sub)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Subcommands defined in other modules (each module owns its own command)."""
    from . import commands

    return commands.REGISTRARS


_EXTENSIONS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _EXTENSIONS[:] = _extensions()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(args.handler(args))
    except UsageError as error:
        _err(f"kientruc: {error}")
        return 2
    except ModelError as error:
        _out(render_problems(error.problems, getattr(args, "format", "text")
                             if getattr(args, "format", "text") in {"text", "json", "github"}
                             else "text"))
        return 1
    except KientrucError as error:
        _err(f"kientruc: {error}")
        return 1
