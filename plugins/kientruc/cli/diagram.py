"""``kientruc diagram``: draw one diagram of a version as SVG or PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..draw.dot import to_dot
from ..draw.embed import resolve_links
from ..draw.render import SvgCache, render_png, render_svgs
from ..errors import KientrucError, UnknownViewError, UsageError
from ..model import load_model
from ..paths import SitePaths
from ..views import named_view
from .common import add_arch_option, arch_folder, find_snapshot

if TYPE_CHECKING:
    import argparse


def cmd_diagram(args: argparse.Namespace) -> int:
    """``kientruc diagram cqdt/2.0 overall -o so-do.svg``: draw one diagram."""
    arch = arch_folder(args.arch)
    model = load_model(arch, repo_root=Path.cwd())
    snapshot = find_snapshot(model, args.version, str(arch))
    try:
        view = named_view(model, snapshot, args.view, SitePaths())
    except UnknownViewError as error:
        raise UsageError(str(error)) from error
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output else "svg")
    if fmt not in ("svg", "png"):
        raise UsageError(f"định dạng '{fmt}' không được hỗ trợ; chọn svg hoặc png")
    if fmt == "png":
        if not args.output:
            raise UsageError("ảnh PNG cần tên tệp đầu ra: -o TỆP.png")
        Path(args.output).write_bytes(render_png(view))
        return 0
    result = render_svgs([to_dot(view)], SvgCache(None))[0]
    if result.svg is None:
        raise KientrucError(f"không vẽ được sơ đồ '{view.id}': {result.error}")
    svg = resolve_links(result.svg, "index.md") + "\n"
    if args.output:
        Path(args.output).write_text(svg, encoding="utf-8")
    else:
        sys.stdout.write(svg)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kientruc diagram`` to the command line."""
    p = sub.add_parser("diagram", help="vẽ một sơ đồ của một phiên bản kiến trúc")
    p.add_argument("version", help="phiên bản, ví dụ cqdt/2.0")
    p.add_argument("view", help="overall, integration, smart-city, hoặc mã một thành phần")
    p.add_argument("-o", "--output", help="tệp đầu ra (mặc định: in SVG ra màn hình)")
    p.add_argument("--format", choices=["svg", "png"], default=None)
    add_arch_option(p)
    p.set_defaults(handler=cmd_diagram)
