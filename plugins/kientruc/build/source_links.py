"""Links from a problem in the sources to that line in the repository (GitHub, Gitea, GitLab)."""

from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["source_link"]


def source_link(repo: str | None, edit: str | None, *, root: Path,
                docs: Path) -> Callable[[str, int], str | None] | None:
    """``(file, line) → address of that line in the repository``, from ``repo_url``/``edit_uri``.

    A problem's file is relative to ``root`` (the folder of ``mkdocs.yml``); ``edit_uri`` is
    relative to ``docs`` (``docs_dir``), so the file is reached from there. ``edit/`` becomes
    ``blob/``: the reader lands on the highlighted line (GitHub, Gitea; GitLab's ``-/edit/``
    becomes ``-/blob/``). ``None`` when the site names no repository or an absolute edit URL.
    """
    if not repo or not edit or edit.startswith(("http://", "https://")):
        return None

    def link(file: str, line: int) -> str | None:
        relative = os.path.relpath(root / file, docs).replace(os.sep, "/")
        path = posixpath.normpath(posixpath.join(edit, relative))
        if path.startswith(".."):
            return None
        path = re.sub(r"(^|/)edit/", r"\1blob/", path, count=1)
        return (f"{repo.rstrip('/')}/{urllib.parse.quote(path)}"
                + (f"#L{line}" if line else ""))

    return link
