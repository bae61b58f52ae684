"""Read one YAML file safely into plain data plus the line and column of every key and value.

PyYAML's safe loader forgets positions and happily expands aliases; editors need
``file:line:col`` in every message and the site must not be blown up by a billion-laughs
file, so this module composes the node tree itself and builds the data by hand.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from ..errors import Problem

if TYPE_CHECKING:
    from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
"""A source file above this size is refused: no architecture catalogue is that big."""
MAX_NODES = 200_000
"""At most this many YAML values in one file."""
MAX_DEPTH = 40
"""At most this deep a nesting of lists and tables."""

Path_ = tuple[str | int, ...]

_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
"""libyaml's loader when PyYAML was built with it (the Debian and PyPI wheels are)."""

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

_SYNTAX_HINTS = (
    ("found character '\\t'", "không dùng phím Tab để thụt lề, hãy dùng dấu cách"),
    ("mapping values are not allowed", (
        "dấu ':' đặt sai chỗ: thụt lề lệch, hoặc văn bản chứa ': ' cần đặt trong dấu nháy")),
    ("expected <block end>", "thụt lề không khớp: các khóa cùng cấp phải thẳng cột"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa, hoặc thụt lề không khớp"),
    ("expected ',' or ']'", "danh sách [...] thiếu dấu ']' đóng hoặc dấu phẩy"),
    ("expected ',' or '}'", "bảng {...} thiếu dấu '}' đóng hoặc dấu phẩy"),
    ("found unexpected end of stream", "thiếu dấu nháy đóng"),
    ("found another document", "mỗi tệp chỉ chứa một tài liệu YAML (bỏ dòng '---' thứ hai)"),
    ("expected the node content", "thiếu giá trị"),
    ("found undefined tag handle", "không dùng thẻ YAML ('!...')"),
    ("expected a comment or a line break", "có ký tự thừa sau giá trị; đặt văn bản trong dấu nháy"),
)


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its data and where each key and value sits (1-based line, column).

    ``positions`` holds the position of each key (for list items: of the item); ``values`` the
    position of each value; ``rejected`` the places whose value was refused while reading
    (a YAML tag, nesting too deep), so that validation does not report them a second time.
    """

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    rejected: frozenset[Path_] = field(default=frozenset(), repr=False)
    numbers: dict[Path_, str] = field(default_factory=dict, repr=False)
    """Numbers as written (``2.10`` reads as the float 2.1), for "put it in quotes" hints."""

    def pos(self, path: Path_) -> tuple[int, int]:
        """Return the position of ``path``'s key, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (0, 0))

    def value_pos(self, path: Path_) -> tuple[int, int]:
        """Return the position of ``path``'s value (its key's when the value is unknown)."""
        return self.values.get(path) or self.pos(path)

    def is_rejected(self, path: Path_) -> bool:
        """Tell whether ``path`` lies inside a value that was refused while reading."""
        return any(path[: len(bad)] == bad for bad in self.rejected)

    def problem(self, path: Path_, message: str, *, value: bool = False) -> Problem:
        """Build a :class:`Problem` located at ``path``'s key (or its value) in this file."""
        line, column = self.value_pos(path) if value else self.pos(path)
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


def tag_text(tag: str) -> str:
    """Show a YAML tag as written (``!!python/object``), not in its long form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader whose composer refuses aliases (and notes anchors) instead of using them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.anchor_marks: list[yaml.Mark] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="không được dùng tham chiếu YAML (alias '*'): hãy viết đầy đủ giá trị",
                problem_mark=mark,
            )
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.anchor is not None:
            self.anchor_marks.append(mark)
            event.anchor = None
        return Composer.compose_node(self, parent, index)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """Word a PyYAML syntax error for editors: a hint in Vietnamese, then PyYAML's own text."""
    context = error.context or ""
    if context and error.context_mark is not None:
        context += f" (dòng {error.context_mark.line + 1}, cột {error.context_mark.column + 1})"
    detail = ": ".join(part for part in (context, error.problem or "") if part)
    hint = next((vi for en, vi in _SYNTAX_HINTS if en in detail), "")
    if not hint:
        return f"lỗi cú pháp YAML: {detail or 'không đọc được tệp'}"
    return f"lỗi cú pháp YAML: {hint} [PyYAML: {detail}]"


def _reader_problem(display: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """Locate a character YAML does not accept (a control character pasted from elsewhere)."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character[:1] or " ")
    return Problem(file=display, line=line, column=column, message=(
        f"tệp chứa ký tự điều khiển U+{code:04X} mà YAML không chấp nhận "
        "(thường do dán từ Word hay PDF); hãy xóa ký tự đó"))


def read_source(path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse one YAML file.

    Args:
        path: The file on disk.
        display: The file name shown to editors (relative to the repository).

    Returns:
        The parsed source (``None`` when it could not be parsed) and the problems found.
    """
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        return None, [Problem(file=display, message=(
            f"không đọc được tệp: {error.strerror or error}"))]
    if size > MAX_BYTES:
        return None, [Problem(file=display, message=(
            f"tệp quá lớn: {size:,} byte, giới hạn {MAX_BYTES:,} byte; "
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
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [Problem(file=display, line=1, column=1,
                              message="tệp rỗng: cần ít nhất một khóa, ví dụ 'elements:'")]
    try:
        plain, deep = _scan(text)
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(display, text, error)]
    if deep is not None:
        return None, [Problem(file=display, line=deep[0], column=deep[1], message=(
            f"lồng nhau quá sâu: hơn {MAX_DEPTH} cấp danh sách hoặc bảng lồng vào nhau; "
            "một thành phần kiến trúc chỉ cần vài cấp, hãy kiểm tra dấu ngoặc và thụt lề"))]
    fast = _compose_fast(text) if plain else None
    if fast is not None:
        return _build(display, fast, [])
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(display, text, error)]
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = (str(error.problem) if error.problem and "alias" in error.problem
                   else _syntax_message(error))
        return None, [Problem(file=display, line=line, column=column, message=message)]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly everything
        return None, [Problem(file=display, message=f"lỗi cú pháp YAML: {error}")]
    finally:
        loader.dispose()
    anchors = [Problem(file=display, line=mark.line + 1, column=mark.column + 1,
                       message="không được dùng neo YAML (anchor '&'): hãy viết đầy đủ giá trị")
               for mark in loader.anchor_marks]
    if node is None:  # pragma: no cover - an empty stream was caught above
        return None, anchors
    return _build(display, node, anchors)


def _scan(text: str) -> tuple[bool, tuple[int, int] | None]:
    """Walk the parser's events once: is the file plain YAML, and where does it nest too deep?

    Returns whether libyaml may compose it (no anchors, aliases or syntax errors) and the
    place (line, column) where the nesting first goes deeper than :data:`MAX_DEPTH`.
    Composers recurse once per level, so a file nested thousands deep must be refused from the
    event stream, which the parsers produce without recursion, before anything composes it.
    libyaml gives up on very deep flow nesting with a terse error; PyYAML's parser then finds
    the place.
    """
    if _FAST_LOADER is not None:
        try:
            return _walk(text, _FAST_LOADER)
        except yaml.YAMLError:
            pass
    try:
        return False, _walk(text, yaml.SafeLoader)[1]
    except yaml.YAMLError:
        return False, None


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose with libyaml (several times faster); ``None`` means "let PyYAML word it"."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None
    return node


def _walk(text: str, loader: Any) -> tuple[bool, tuple[int, int] | None]:
    depth, plain = 0, True
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            plain = False
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark: Any = event.start_mark
                return False, (mark.line + 1, mark.column + 1)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return plain, None


def _build(display: str, node: yaml.Node,
           problems: list[Problem]) -> tuple[Source | None, list[Problem]]:
    builder = _Builder(display)
    builder.problems.extend(problems)
    data = builder.build(node, (), 0)
    return (Source(display, data, builder.positions, builder.values,
                   frozenset(builder.rejected), builder.numbers), builder.problems)


class _Builder:
    """Turn a composed node tree into dicts, lists and scalars, noting each position."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.values: dict[Path_, tuple[int, int]] = {}
        self.rejected: list[Path_] = []
        self.numbers: dict[Path_, str] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self._constructor = SafeConstructor()

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(file=self.display, line=mark.line + 1,
                                     column=mark.column + 1, where=path_text(path),
                                     message=message))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        """Return the plain value of ``node`` found at ``path``."""
        self.count += 1
        start = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.values[path] = start
        self.positions.setdefault(path, start)
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or depth == MAX_DEPTH + 1:
                self._problem(node, path, (
                    f"tệp quá lớn hoặc lồng nhau quá sâu (tối đa {MAX_NODES:,} giá trị, "
                    f"{MAX_DEPTH} cấp); hãy tách thành nhiều tệp"))
            self.rejected.append(path)
            return None
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, path, (
                f"không được dùng thẻ YAML '{tag_text(node.tag)}': chỉ dùng giá trị thuần "
                "(văn bản, số, true/false, danh sách, bảng 'khóa: giá trị')"))
            self.rejected.append(path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        if node.tag in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}:
            self.numbers[path] = str(node.value)
        return self._constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag not in _PLAIN_TAGS:
                self._problem(key_node, path, (
                    "khóa phải là một tên đơn giản (ví dụ 'name:'), không phải danh sách, "
                    "bảng hay thẻ YAML"))
                continue
            if key in out:
                first = self.positions.get((*path, key), (0, 0))
                self._problem(key_node, (*path, key), (
                    f"khóa '{key}' bị lặp lại: mỗi khóa chỉ viết một lần trong một bảng "
                    f"(lần đầu ở dòng {first[0]}, cột {first[1]}); lần lặp này bị bỏ qua"))
                continue
            self.positions[(*path, key)] = (key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out
