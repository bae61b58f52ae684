"""What every subcommand shares: terminal output, the architecture folder, finding a version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..suggest import did_you_mean

if TYPE_CHECKING:
    from ..model.types import Model, Snapshot


def out(text: str) -> None:
    """Print to standard output, ending with one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def err(text: str) -> None:
    """Print to standard error, ending with one newline."""
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def add_arch_option(parser: argparse.ArgumentParser) -> None:
    """``--arch THƯ_MỤC`` for every command; ``--arch-dir`` still works but is not listed."""
    parser.add_argument("--arch", dest="arch", default="arch", metavar="THƯ_MỤC",
                        help="thư mục mã nguồn kiến trúc (mặc định: arch)")
    parser.add_argument("--arch-dir", dest="arch", help=argparse.SUPPRESS)


def utf8_output() -> None:
    """Write UTF-8 whatever the console's code page (a Windows pipe would refuse 'ệ')."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def arch_folder(value: str) -> Path:
    """The architecture folder named on the command line.

    Raises:
        UsageError: It does not exist or is not a folder.
    """
    arch = Path(value)
    if not arch.is_dir():
        raise UsageError(f"không tìm thấy thư mục '{arch}'")
    return arch


def find_snapshot(model: Model, key: str, where: str) -> Snapshot:
    """The version ``key`` (``cqdt/2.0``) of ``model``, loaded from ``where``.

    Raises:
        UsageError: No such version; the message suggests the closest and lists them all.
    """
    found = model.snapshots.get(key)
    if found is None:
        raise UsageError(f"không có phiên bản '{key}' trong {where}"
                         f"{did_you_mean(key, model.snapshots)}; có: "
                         + ", ".join(model.snapshots))
    return found
