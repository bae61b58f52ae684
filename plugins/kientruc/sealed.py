"""Cache files that prove they are whole: a checksum line, written atomically.

A build killed half-way, a full disk or two builds sharing a cache (CI, ``pytest -n``) must not
leave an entry that is read back as if it were good: a damaged entry counts as missing and is
made again. Used by the diagram cache and the page cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

__all__ = ["read", "seal", "unseal", "write"]

_TRAILER = re.compile(r"<!-- kientruc sha256:([0-9a-f]{64}) -->")


def seal(text: str) -> str:
    """``text`` followed by a line holding its sha256 (an HTML comment, valid in SVG too)."""
    return f"{text}\n<!-- kientruc sha256:{hashlib.sha256(text.encode()).hexdigest()} -->\n"


def unseal(sealed: str) -> str | None:
    """The text :func:`seal` wrapped, or ``None`` when the checksum line is missing or wrong."""
    text, _, trailer = sealed.rstrip("\n").rpartition("\n")
    match = _TRAILER.fullmatch(trailer)
    if match is None or hashlib.sha256(text.encode()).hexdigest() != match.group(1):
        return None
    return text


def read(path: Path) -> str | None:
    """The sealed text in ``path``; ``None`` when it is missing, unreadable or damaged."""
    try:
        return unseal(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def write(path: Path, text: str) -> None:
    """Write ``text`` sealed, atomically (temporary file, then rename); disk errors are ignored.

    A cache that cannot be written only makes the next build slower.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:12]}-", suffix=".tmp")
        os.fchmod(fd, 0o644)  # mkstemp makes it private; a cache may be shared (CI)
        with os.fdopen(fd, "wb") as handle:
            handle.write(seal(text).encode("utf-8"))
        Path(tmp).replace(path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
