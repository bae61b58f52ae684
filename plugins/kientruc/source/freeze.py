"""Digests of version folders: an approved version is frozen by the digest of its content."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_VOLATILE = re.compile(r"^(?:digest|status)\s*:.*(?:\n[ \t]+.*)*$", re.MULTILINE)
"""Lines of version.yaml that may change after approval (the digest itself, superseded status)."""


def file_digests(folder: Path) -> dict[str, str]:
    """Return ``{relative path: sha256}`` of every file in a version folder."""
    out: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if relative == "version.yaml":
            data = _VOLATILE.sub("", data.decode("utf-8", "replace")).encode()
        out[relative] = hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()
    return out


def folder_digest(folder: Path) -> tuple[str, dict[str, str]]:
    """Return what ``kientruc freeze`` records: the total digest and a short one per file.

    The per-file digests let validation name the files that changed since approval.
    """
    files = file_digests(folder)
    whole = hashlib.sha256("\n".join(f"{k} {v}" for k, v in files.items()).encode()).hexdigest()
    return f"sha256:{whole}", {k: v[:16] for k, v in files.items()}


def frozen_message(key: str, changed: list[str]) -> str:
    """The message shown when an approved version's files no longer match its digest.

    Args:
        key: The version (``cqdt/1.0``).
        changed: Files added, removed or changed since ``kientruc freeze``.

    Returns:
        A Vietnamese message naming the files and the way out (a new draft version).
    """
    arch, _, version = key.partition("/")
    return (f"phiên bản {key} đã phê duyệt và được khóa (kientruc freeze) nhưng nội dung đã "
            f"thay đổi ở: {', '.join(changed)}. Không sửa phiên bản đã phê duyệt: hãy tạo "
            f"phiên bản mới bằng 'kientruc new-version {arch} <phiên bản mới> --from {version}', "
            f"sửa ở phiên bản mới và khôi phục các tệp đã sửa của {key}")


def changed_files(folder: Path, recorded: dict[str, str]) -> list[str]:
    """Return the files added, removed or changed since the recorded per-file digests."""
    now = {k: v[:16] for k, v in file_digests(folder).items()}
    return sorted(k for k in set(now) | set(recorded) if now.get(k) != recorded.get(k))
