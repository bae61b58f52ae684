"""Errors under one root, and the located problems that editors read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal


class KientrucError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass(frozen=True, kw_only=True, order=True)
class Problem:
    """One thing wrong in the architecture sources, with where it is.

    ``file`` is relative to the repository (``arch/cqdt/2.0/ung-dung.yaml``); ``line`` and
    ``column`` are 1-based and 0 when unknown (a missing file, a whole folder); ``where`` is the
    key path inside the file (``elements[3].hosted_on``) so the message still points somewhere
    when the line is not enough. ``severity`` is ``error`` (the build stops) or ``warning`` (a
    soft issue the build reports and goes on); callers read it instead of keeping two lists
    apart by convention.
    """

    file: str
    line: int = 0
    column: int = 0
    where: str = ""
    message: str
    severity: Literal["error", "warning"] = "error"

    def location(self) -> str:
        """Return ``file:line:col`` (or less when the position is unknown)."""
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{self.location()}: {place}{self.message}"


class ModelError(KientrucError):
    """The sources have problems; every one of them is listed, sorted by place.

    Problems in the files named in ``causes`` (files that could not be read at all) come
    first: the rest may follow from them, and GitHub shows only the first annotations.
    """

    def __init__(self, problems: list[Problem], *, causes: frozenset[str] = frozenset()) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file not in causes, p))
        super().__init__(self.render_text())

    def render_text(self) -> str:
        """Return the list as editors read it in a terminal or in the build log."""
        return _text(self.problems)


def _text(problems: list[Problem]) -> str:
    head = f"{len(problems)} lỗi trong mã nguồn kiến trúc:"
    return "\n".join([head, *(f"  {p}" for p in problems)])


class GraphvizMissingError(KientrucError):
    """Graphviz's ``dot`` is not installed."""


class UsageError(KientrucError):
    """The command line was used wrongly (exit code 2)."""


class OutputError(KientrucError):
    """The site folder cannot be written (no permission, a full disk); the old site is kept."""


class FontMissingError(KientrucError):
    """DejaVu Sans is not installed, so Vietnamese text cannot be set in the PDF."""


class UnknownViewError(KientrucError):
    """A diagram was asked for by a name that is neither a version diagram nor an element."""

    def __init__(self, name: str, version: str, choices: tuple[str, ...]) -> None:
        self.name, self.version, self.choices = name, version, choices
        super().__init__(f"không có sơ đồ '{name}' trong {version}: chọn "
                         f"{', '.join(choices)} hoặc mã một thành phần")


class PublishError(KientrucError):
    """Publishing failed; the message is one line, meant for the person at the terminal."""


class GitMissingError(PublishError):
    """The ``git`` executable is not installed."""


class BuildError(PublishError):
    """``mkdocs build --strict`` failed, or its configuration is missing."""


class SiteMissingError(PublishError):
    """The folder to publish does not exist."""


class TargetError(PublishError):
    """The target is not a git repository that can be read."""


class PushRejectedError(PublishError):
    """The target refused the new commit (not a fast-forward, branch checked out, no rights …)."""


def render_problems(problems: list[Problem], fmt: str) -> str:
    """Render problems as ``text``, ``json`` or GitHub workflow annotations (``github``).

    Each annotation's kind (``::error`` or ``::warning``) is the problem's own severity.
    """
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = []
        for p in problems:
            where = f"{p.where}: " if p.where else ""
            message = escape_annotation(f"{where}{p.message}")
            place = f"file={escape_annotation(p.file, prop=True)}"
            if p.line:
                place += f",line={p.line},col={p.column or 1}"
            lines.append(f"::{p.severity} {place}::{message}")
        return "\n".join(lines)
    return _text(problems) if problems else "Không có lỗi."


def escape_annotation(text: str, *, prop: bool = False) -> str:
    """Escape text for a GitHub workflow command: ``%``, CR, LF (and ``:``, ``,`` in a property)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
