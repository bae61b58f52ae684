"""Read one YAML file safely into plain data plus the line and column of every value.

PyYAML's safe loader forgets positions and happily expands aliases; editors need
``file:line:col`` in every message and the site must not be blown up by a billion-laughs
file, so this module composes the node tree itself and builds the data by hand.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent

from .errors import Problem

if TYPE_CHECKING:
    from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
"""A source file above this size is refused: no architecture catalogue is that big."""
MAX_NODES = 200_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its data and where each value sits (1-based line, column)."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)

    def pos(self, path: Path_) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (0, 0))

    def problem(self, path: Path_, message: str) -> Problem:
        """Build a :class:`Problem` located at ``path`` in this file."""
        line, column = self.pos(path)
        return Problem(file=self.file, line=line, column=column, where=path_text(path),
                       message=message)


def path_text(path: Path_) -> str:
    """Render a key path as editors write it: ``elements[3].hosted_on``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader whose composer refuses aliases instead of expanding them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="không được dùng tham chiếu YAML (anchor '&' / alias '*'); "
                "hãy viết đầy đủ giá trị",
                problem_mark=event.start_mark,
            )
        return Composer.compose_node(self, parent, index)


def read_source(path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse one YAML file.

    Args:
        path: The file on disk.
        display: The file name shown to editors (relative to the repository).

    Returns:
        The parsed source (``None`` when it could not be parsed) and the problems found.
    """
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [Problem(file=display, message=(
            f"tệp quá lớn: {len(raw):,} byte, giới hạn {MAX_BYTES:,} byte; "
            "hãy tách thành nhiều tệp"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(file=display, line=line, column=column, message=(
            "tệp không phải UTF-8 (cần mã hóa UTF-8, gặp byte "
            f"0x{raw[error.start]:02x}); hãy lưu lại tệp với mã hóa UTF-8"))]
    text = unicodedata.normalize("NFC", text)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(file=display, line=1, column=1,
                              message="tệp rỗng: cần ít nhất một khóa, ví dụ 'elements:'")]
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        detail = error.problem or "cú pháp YAML không hợp lệ"
        return None, [Problem(file=display, line=line, column=column,
                              message=f"lỗi cú pháp YAML: {detail}" if error.problem_mark and "tham chiếu" not in detail else detail)]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly everything
        return None, [Problem(file=display, message=f"lỗi cú pháp YAML: {error}")]
    builder = _Builder(display)
    data = builder.build(node, (), 0)
    return Source(display, data, builder.positions), builder.problems


class _Builder:
    """Turn a composed node tree into dicts, lists and scalars, noting each position."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self._constructor = SafeConstructor()

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(file=self.display, line=mark.line + 1,
                                     column=mark.column + 1, message=message))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or depth == MAX_DEPTH + 1:
                self._problem(node, "tệp quá lớn hoặc lồng nhau quá sâu; hãy tách thành nhiều tệp")
            return None
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, f"không được dùng thẻ YAML '{node.tag}'; chỉ dùng giá trị thuần")
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str) or key_node.tag not in _PLAIN_TAGS:
                    self._problem(key_node, "khóa phải là một tên đơn giản")
                    continue
                if key in out:
                    first = self.positions.get((*path, key), (0, 0))
                    self._problem(key_node, f"khóa '{key}' bị lặp lại (lần đầu ở dòng {first[0]})")
                    continue
                self.positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
                out[key] = self.build(value_node, (*path, key), depth + 1)
                self.positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        return self._constructor.construct_object(node, deep=True)
