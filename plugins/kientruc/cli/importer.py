"""``kientruc import archimate FILE.xml ARCH/VERSION``: a release of an Archi model as a version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..importer import import_oef
from .common import add_arch_option
from .common import err as _err
from .common import out as _out

if TYPE_CHECKING:
    import argparse


def cmd_import(args: argparse.Namespace) -> int:
    """Import the OEF file into the version folder; print the report."""
    match = re.fullmatch(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([0-9]+(?:\.[0-9]+)*)", args.into)
    if match is None:
        raise UsageError(f"'{args.into}' không phải <kiến trúc>/<phiên bản> (ví dụ 'gemma/1.0')")
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"'{source}' không tồn tại hoặc không phải tệp")
    report = import_oef(source, Path(args.arch), match[1], match[2], args.framework)
    for warning in report.warnings:
        _err(f"cảnh báo: {warning}")
    _out(report.summary())
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import archimate`` to the command line."""
    p = sub.add_parser("import", help="nhập mô hình ArchiMate (OEF) thành một phiên bản")
    p.add_argument("format", choices=["archimate"])
    p.add_argument("file", help="tệp ArchiMate Open Exchange Format (.xml)")
    p.add_argument("into", help="<kiến trúc>/<phiên bản>, ví dụ gemma/1.0")
    add_arch_option(p)
    p.add_argument("--framework", default=None, help="mã khung kiến trúc (mặc định: theo tệp)")
    p.set_defaults(handler=cmd_import)
