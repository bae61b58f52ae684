"""``kientruc review --base REF``: what a branch does to every architecture version, in Markdown.

The base branch's copy of the architecture folder is read straight from git (``git archive``)
into a temporary folder, so the working tree is never touched and nothing is checked out.
The pull-request workflow posts the output as one comment and as the job summary.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..compare.review import review
from ..compare.review_markdown import render_review
from ..errors import ModelError, UsageError
from ..model import load_model
from ..model.types import Model
from .common import add_arch_option, arch_folder, err, out

if TYPE_CHECKING:
    import argparse


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise UsageError("cần cài git để so sánh với một nhánh") from error
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])}: {reason[-1] if reason else 'lỗi'}")
    return done.stdout


def repository_root(start: Path) -> Path:
    """The git work tree holding ``start``.

    Raises:
        UsageError: ``start`` is not inside a git repository.
    """
    try:
        text = _git(start, "rev-parse", "--show-toplevel").decode("utf-8").strip()
    except UsageError as error:
        raise UsageError(f"'{start}' không nằm trong một kho git: {error}") from error
    return Path(text)


def changed_files(root: Path, base: str, folder: str) -> list[str]:
    """Files under ``folder`` that differ between ``base`` and the working tree (sorted).

    ``schema/`` is left out: the editors' schemas are written by ``kientruc validate`` and
    change no version.
    """
    names = _git(root, "diff", "--name-only", "--no-renames", base, "--", folder)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", folder)
    lines = (names + b"\n" + untracked).decode("utf-8").splitlines()
    schemas = "schema/" if folder == "." else f"{folder}/schema/"
    return sorted({line for line in lines if line and not line.startswith(schemas)})


def base_model(root: Path, base: str, folder: str, into: Path) -> Model:
    """The model as it is at ``base``: ``folder`` extracted from git into ``into``.

    A base without the folder gives an empty model (every version is then new).
    """
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    listing = _git(root, "ls-tree", "-d", "--name-only", base, "--", folder).strip()
    if not listing:
        return Model(root=str(into / folder), frameworks={}, common={}, glossary=(),
                     snapshots={})
    archive = _git(root, "archive", "--format=tar", base, "--", folder)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return load_model(into / folder, repo_root=into)


def cmd_review(args: argparse.Namespace) -> int:
    """Print the review of the working tree against ``--base``."""
    arch_dir = arch_folder(args.arch).resolve()
    root = repository_root(arch_dir)
    folder = arch_dir.relative_to(root).as_posix()
    head = load_model(arch_dir, repo_root=root)
    files = changed_files(root, args.base, folder)
    with tempfile.TemporaryDirectory(prefix="kientruc-review-") as scratch:
        try:
            base = base_model(root, args.base, folder, Path(scratch))
        except ModelError as error:
            err(f"kientruc: bản '{folder}' trên {args.base} có {len(error.problems)} lỗi; "
                "so sánh như thể chưa có phiên bản nào")
            base = Model(root=folder, frameworks={}, common={}, glossary=(), snapshots={})
    report = review(base, head, files, base_name=args.base)
    text = render_review(head, report, site_url=args.site_url,
                         directory_urls=not args.file_urls, root=args.output_dir)
    if args.summary_file:  # GitHub's job summary: appended to, as every step does
        with Path(args.summary_file).open("a", encoding="utf-8") as summary:
            summary.write(text)
    out(shorten_comment(text, args.limit))
    return 0


def shorten_comment(text: str, limit: int) -> str:
    """``text`` cut at a line end to fit ``limit`` characters (0: no limit), saying so.

    A GitHub comment holds at most 65,536 characters; the job summary keeps the whole review.
    """
    if not limit or len(text) <= limit:
        return text
    note = ("\n\n… Bản tóm tắt quá dài cho một bình luận; xem toàn bộ trong "
            "Job summary của lần chạy kiểm tra.\n")
    cut = text.rfind("\n", 0, max(0, limit - len(note)))
    return text[: max(cut, 0)] + note


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``review`` subcommand."""
    p = sub.add_parser("review", help="tóm tắt thay đổi của một nhánh so với nhánh gốc "
                                      "(cho pull request)")
    p.add_argument("--base", required=True, metavar="NHÁNH",
                   help="nhánh hoặc commit gốc để so sánh, ví dụ origin/main")
    add_arch_option(p)
    p.add_argument("--site-url", default="", metavar="URL",
                   help="địa chỉ của bản xem trước; bỏ trống: liệt kê đường dẫn tệp")
    p.add_argument("--file-urls", action="store_true",
                   help="bản xem trước dựng với use_directory_urls: false (mở từ ổ đĩa)")
    p.add_argument("--output-dir", default="kien-truc", metavar="THƯ_MỤC",
                   help="output_dir của plugin kientruc (mặc định: kien-truc)")
    p.add_argument("--limit", type=int, default=0, metavar="SỐ_KÝ_TỰ",
                   help="cắt bản tóm tắt cho vừa số ký tự này (bình luận GitHub: 65536)")
    p.add_argument("--summary-file", default="", metavar="TỆP",
                   help="ghi thêm bản đầy đủ (không cắt) vào cuối tệp này, ví dụ "
                        "$GITHUB_STEP_SUMMARY")
    p.set_defaults(handler=cmd_review)
