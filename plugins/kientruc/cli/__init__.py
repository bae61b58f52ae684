"""The ``kientruc`` command line: validate, schema, diagram, diff, freeze, new-version, import….

Exit codes: 0 success, 1 the sources (or the diff with ``--exit-code``) have findings,
2 the command was used wrongly. Each subcommand lives in its own module and adds itself to the
parser with ``register(sub)``.
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from ..errors import KientrucError, ModelError, UsageError, render_problems
from . import diagram, diff, importer, init, publish, review, validate, versions
from .common import err as _err
from .common import out as _out
from .common import utf8_output

if TYPE_CHECKING:
    from collections.abc import Sequence

_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu được: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
}
"""argparse's own words in Vietnamese (it looks them up through ``gettext`` when it runs)."""

COMMANDS = (validate, publish, diff, review, versions, diagram, importer, init)
"""The modules that add subcommands, in the order ``kientruc --help`` lists them."""


def _version() -> str:
    """The installed distribution's version (what ``pip show kientruc`` says)."""
    try:
        return version("kientruc")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree only
        return "(chưa cài đặt)"


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; each subcommand names its handler."""
    argparse._ = lambda text: _VI.get(text, text)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="kientruc", description="Kiểm tra và xuất bản kiến trúc (YAML → website).")
    parser.add_argument("--version", action="version", version=f"kientruc {_version()}",
                        help="hiện số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", required=True, title="lệnh",
                                metavar="LỆNH")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    utf8_output()
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
