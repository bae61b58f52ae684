"""The ``kientruc`` command line: validate, schema, diagram, diff, freeze, new-version, import….

Exit codes: 0 success, 1 the sources (or the diff with ``--exit-code``) have findings,
2 the command was used wrongly. Each subcommand lives in its own module and adds itself to the
parser with ``register(sub)``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import KientrucError, ModelError, UsageError, render_problems
from . import diagram, diff, importer, init, publish, validate, versions
from .common import err as _err
from .common import out as _out

if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS = (validate, publish, diff, versions, diagram, importer, init)
"""The modules that add subcommands, in the order ``kientruc --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; each subcommand names its handler."""
    parser = argparse.ArgumentParser(
        prog="kientruc", description="Kiểm tra và xuất bản kiến trúc (YAML → website).")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
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
