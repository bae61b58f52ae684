"""Write a build next to the site folder and swap it in only when the whole build succeeded.

MkDocs cleans the site folder and writes into it page by page; a build that stops half-way (a
full disk, a killed process, a strict-mode warning) would leave a site that is neither the old
one nor the new one, and a publish step could push it. Instead the build goes into a hidden
sibling folder, and the site folder is replaced by it in two renames at the very end. Folders
left by a build that was killed are removed by the next one.
"""

from __future__ import annotations

import errno
import os
import shutil
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["abandon", "commit", "describe_os_error", "prepare"]

_MARK = ".kientruc-"


def _siblings(site: Path) -> list[Path]:
    prefix = f".{site.name}{_MARK}"
    try:
        return sorted(p for p in site.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def describe_os_error(error: OSError, site: Path) -> str:
    """Say in Vietnamese what went wrong writing the site, and that the old site is intact."""
    if error.errno == errno.ENOSPC:
        cause = "đĩa đã đầy"
        advice = "hãy giải phóng dung lượng rồi dựng lại"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        cause = "không có quyền ghi"
        advice = "hãy kiểm tra quyền ghi của thư mục (hoặc chọn thư mục khác bằng --site-dir)"
    else:
        cause = error.strerror or str(error)
        advice = "hãy kiểm tra thư mục rồi dựng lại"
    return (f"không ghi được trang web vào '{site}': {cause}; trang web cũ (nếu có) được giữ "
            f"nguyên, {advice}")


def _owner_alive(folder: Path) -> bool:
    """Whether the build that named ``folder`` (``…-new-<pid>``) still runs."""
    pid = folder.name.rsplit("-", 1)[-1]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's running process
        return True
    return int(pid) != os.getpid()


def prepare(site: Path) -> Path:
    """Create the folder the build writes into, after removing those of killed builds.

    Folders of a build that still runs (another ``mkdocs build`` into the same site) are left.

    Raises:
        OutputError: The folder holding the site cannot be written.
    """
    for stale in _siblings(site):
        if not _owner_alive(stale):
            shutil.rmtree(stale, ignore_errors=True)
    target = site.parent / f".{site.name}{_MARK}new-{os.getpid()}"
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        target.mkdir()
    except OSError as error:
        raise OutputError(describe_os_error(error, site)) from error
    return target


def commit(built: Path, site: Path) -> None:
    """Put the finished build in place of the site folder (the old one is then deleted).

    Raises:
        OutputError: The swap failed; the old site is back in place.
    """
    old = site.parent / f".{site.name}{_MARK}old-{os.getpid()}"
    moved = False
    try:
        if site.exists():
            site.rename(old)
            moved = True
        built.rename(site)
    except OSError as error:
        if moved and not site.exists():
            old.rename(site)
        abandon(built)
        raise OutputError(describe_os_error(error, site)) from error
    shutil.rmtree(old, ignore_errors=True)


def abandon(built: Path) -> None:
    """Remove an unfinished build; the site folder is left as it was."""
    shutil.rmtree(built, ignore_errors=True)
