"""``kientruc diff``: compare two versions (or one version with another branch's copy)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..compare.diff import compare
from ..compare.render import render_json, render_markdown, render_text
from ..errors import UsageError
from ..model import load_model
from .common import add_arch_option, arch_folder, find_snapshot

if TYPE_CHECKING:
    import argparse


def cmd_diff(args: argparse.Namespace) -> int:
    """``kientruc diff <arch>/<a> <arch>/<b>``: print the comparison; exit 1 on changes if asked."""
    arch_dir = arch_folder(args.arch)
    model = load_model(arch_dir, repo_root=Path.cwd())
    old_key, new_key = args.old, args.new or args.old
    if args.base_dir:
        base_dir = arch_folder(args.base_dir)
        base = load_model(base_dir, repo_root=base_dir.parent)
        old = find_snapshot(base, old_key, str(base_dir))
    else:
        if args.new is None:
            raise UsageError("cần hai phiên bản (ví dụ 'kientruc diff cqdt/1.0 cqdt/2.0'), "
                             "hoặc một phiên bản cùng --base-dir")
        if old_key == new_key:
            raise UsageError(f"hai phiên bản giống nhau ('{old_key}'); dùng --base-dir để so "
                             "với bản của một nhánh khác")
        old = find_snapshot(model, old_key, str(arch_dir))
    new = find_snapshot(model, new_key, str(arch_dir))
    if old.architecture != new.architecture:
        raise UsageError(f"chỉ so sánh hai phiên bản của cùng một kiến trúc, nhận được "
                         f"'{old.key}' và '{new.key}'")
    comparison = compare(model, old, new)
    if args.format == "json":
        output = render_json(comparison)
    elif args.format == "markdown":
        output = render_markdown(model, comparison)
    else:
        output = render_text(model, comparison)
    sys.stdout.write(output)
    return 1 if args.exit_code and comparison.has_changes else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand."""
    p = sub.add_parser("diff", help="so sánh hai phiên bản của một kiến trúc")
    p.add_argument("old", metavar="KIẾN_TRÚC/CŨ", help="ví dụ cqdt/1.0")
    p.add_argument("new", metavar="KIẾN_TRÚC/MỚI", nargs="?", default=None,
                   help="ví dụ cqdt/2.0 (bỏ trống khi dùng --base-dir: cùng phiên bản)")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--exit-code", action="store_true",
                   help="trả mã 1 khi có thay đổi (dùng trong CI)")
    add_arch_option(p)
    p.add_argument("--base-dir", default=None, metavar="THƯ_MỤC",
                   help="lấy phiên bản cũ từ một thư mục arch/ khác (ví dụ bản của nhánh main)")
    p.set_defaults(handler=cmd_diff)
