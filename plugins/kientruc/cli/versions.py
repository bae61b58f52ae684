"""``kientruc freeze`` and ``kientruc new-version``: approved versions are frozen; edit drafts.

Both commands edit YAML as text, so the comments and layout editors wrote survive.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import KientrucError, ModelError, UsageError
from ..metamodel import VERSION_STATUS_VI
from ..model import load_model
from ..model.types import version_sort_key
from ..source.freeze import changed_files, folder_digest, frozen_message
from ..source.spec import VERSION_PATTERN
from .common import add_arch_option

if TYPE_CHECKING:
    import argparse

_KEY = re.compile(r"^(?P<arch>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<version>[0-9]+(?:\.[0-9]+)*)$")
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_./-]+$")
_DRAFT_ONLY_KEYS = ("renamed_from", "replaces")
"""Element fields that point at the previous version; a copied draft starts without them."""


def split_key(key: str) -> tuple[str, str]:
    """Split ``cqdt/2.0`` into ``("cqdt", "2.0")``.

    Raises:
        UsageError: When ``key`` is not ``<architecture>/<version>``.
    """
    found = _KEY.match(key.strip())
    if not found:
        raise UsageError(f"cần '<kiến trúc>/<phiên bản>' (ví dụ cqdt/2.0), nhận được '{key}'")
    return found["arch"], found["version"]


# -- editing YAML text ------------------------------------------------------------------------

def _block(key: str) -> re.Pattern[str]:
    """A top-level ``key:`` and the indented lines under it (what ``freeze._VOLATILE`` drops)."""
    return re.compile(rf"^{re.escape(key)}[ \t]*:.*(?:\n[ \t]+.*)*(?:\n|\Z)", re.MULTILINE)


def set_top_level(text: str, key: str, block: str | None, *, after: tuple[str, ...] = ()) -> str:
    """Replace, insert or (``block=None``) remove a top-level key of a YAML text.

    Args:
        text: The file's text.
        key: The top-level key.
        block: The new ``key: …`` text (one or more lines, no final newline).
        after: Keys to insert after when ``key`` is missing (first found wins; default: the end).

    Returns:
        The edited text; other lines, comments included, are unchanged.
    """
    pattern = _block(key)
    found = pattern.search(text)
    if found:
        replacement = block + "\n" if block is not None else ""
        return text[:found.start()] + replacement + text[found.end():]
    if block is None:
        return text
    for anchor in after:
        place = _block(anchor).search(text)
        if place:
            return text[:place.end()] + block + "\n" + text[place.end():]
    body = text if text.endswith("\n") or not text else text + "\n"
    return body + block + "\n"


def _yaml_key(name: str) -> str:
    return name if _PLAIN_NAME.match(name) else json.dumps(name, ensure_ascii=False)


def digest_block(total: str, files: dict[str, str]) -> str:
    """The ``digest:`` block ``freeze`` writes into ``version.yaml``."""
    lines = ["digest:", "  # ghi bởi 'kientruc freeze': không sửa tay", f"  total: {total}",
             "  files:"]
    lines += [f"    {_yaml_key(name)}: {value}" for name, value in sorted(files.items())]
    return "\n".join(lines)


def strip_element_keys(text: str, keys: tuple[str, ...] = _DRAFT_ONLY_KEYS) -> str:
    """Remove ``keys`` from every element of a catalogue file, keeping everything else as written.

    Handles block mappings (``renamed_from: x`` on its own line, or first after ``- ``) and flow
    mappings (``{id: a, replaces: [b]}``).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    spans: list[tuple[int, int]] = []
    for element in _element_nodes(root):
        for key_node, value_node in element.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in keys:
                spans.append(_pair_span(text, element, key_node, value_node))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return re.sub(r"^([ \t]*)-[ \t]+\n", r"\1-\n", text, flags=re.MULTILINE)


def _element_nodes(root: yaml.Node | None) -> list[yaml.MappingNode]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if key_node.value == "elements" and isinstance(value_node, yaml.SequenceNode):
            return [n for n in value_node.value if isinstance(n, yaml.MappingNode)]
    return []


def _node_end(node: yaml.Node) -> int:
    """Where a node's own text ends (a block collection's end mark is the next key's start)."""
    if (isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style
            and node.value):
        last = node.value[-1]
        return _node_end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def _pair_span(text: str, mapping: yaml.MappingNode, key: yaml.Node,
               value: yaml.Node) -> tuple[int, int]:
    start, end = key.start_mark.index, _node_end(value)
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    if mapping.flow_style:
        rest = re.match(r"[ \t]*,[ \t]*", text[end:])
        if rest:
            return start, end + rest.end()
        before = re.search(r",[ \t]*$", text[:start])
        return (before.start() if before else start), end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() == "":
        return line_start, min(line_end + 1, len(text))
    return start, line_end


# -- freeze -----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class FreezeResult:
    """What ``freeze`` did."""

    key: str
    total: str
    files: dict[str, str]
    written: bool
    """False when the version was already frozen with the same content."""


def _version_folder(arch_dir: Path, key: str) -> tuple[Path, dict[str, Any], str]:
    arch, version = split_key(key)
    folder = arch_dir / arch / version
    version_file = folder / "version.yaml"
    if not version_file.is_file():
        raise UsageError(f"không có phiên bản '{key}': thiếu tệp {version_file}")
    text = version_file.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KientrucError(f"{version_file}: lỗi cú pháp YAML: {error}") from error
    if not isinstance(data, dict):
        raise KientrucError(f"{version_file}: nội dung phải là một bảng 'khóa: giá trị'")
    return folder, data, text


def freeze_version(arch_dir: Path, key: str, *, force: bool = False,
                   repo_root: Path | None = None) -> FreezeResult:
    """Record the digest of an approved version folder in its ``version.yaml``.

    Args:
        arch_dir: The ``arch/`` folder.
        key: The version (``cqdt/1.0``).
        force: Write a new digest even when the recorded one no longer matches.
        repo_root: Folder that file names in messages are relative to.

    Returns:
        The digest, and whether ``version.yaml`` was written.

    Raises:
        UsageError: When the version does not exist.
        KientrucError: When the version is not approved, its content changed since it was
            frozen (without ``force``), or the sources do not validate.
    """
    from ..model import load_model

    folder, data, original = _version_folder(arch_dir, key)
    status = data.get("status")
    if status not in {"approved", "superseded"} or not data.get("approval"):
        label = VERSION_STATUS_VI.get(str(status), str(status))
        raise KientrucError(
            f"chỉ khóa được phiên bản đã phê duyệt: {key} đang ở trạng thái '{status}' ({label})"
            + ("" if data.get("approval") else " và chưa có 'approval'")
            + ". Khi có quyết định phê duyệt, ghi 'status: approved' và 'approval' (số quyết "
            "định, ngày, người ký) vào version.yaml rồi chạy lại 'kientruc freeze "
            f"{key}'")
    recorded = data.get("digest")
    if isinstance(recorded, dict) and isinstance(recorded.get("files"), dict):
        changed = changed_files(folder, recorded["files"])
        if not changed:
            return FreezeResult(key=key, total=str(recorded.get("total")),
                                files=dict(recorded["files"]), written=False)
        if not force:
            raise KientrucError(frozen_message(key, changed))
    version_file = folder / "version.yaml"
    placeholder = set_top_level(original, "digest", digest_block("sha256:" + "0" * 64, {}))
    version_file.write_text(placeholder, encoding="utf-8")
    total, files = folder_digest(folder)
    version_file.write_text(set_top_level(placeholder, "digest", digest_block(total, files)),
                            encoding="utf-8")
    try:
        load_model(arch_dir, repo_root=repo_root)
    except KientrucError:
        version_file.write_text(original, encoding="utf-8")
        raise
    return FreezeResult(key=key, total=total, files=files, written=True)


# -- new version ------------------------------------------------------------------------------

def new_version(arch_dir: Path, architecture: str, new: str, *, source: str) -> Path:
    """Copy version ``source`` of ``architecture`` into a new draft version ``new``.

    The copy gets ``version: "<new>"``, ``status: draft``, ``supersedes: <architecture>/<source>``;
    its ``approval`` and ``digest`` are removed, and so are the elements' ``renamed_from`` and
    ``replaces`` (they pointed at the version before ``source``).

    Args:
        arch_dir: The ``arch/`` folder.
        architecture: Architecture id (``cqdt``).
        new: The new version number (``3.0``).
        source: The version to copy (``2.0``).

    Returns:
        The new folder.

    Raises:
        UsageError: When a version number is malformed, ``source`` does not exist, ``new`` is not
            after ``source`` or its folder already exists.
    """
    for number in (new, source):
        if not re.match(VERSION_PATTERN, number):
            raise UsageError(f"số phiên bản phải có dạng '2.0', nhận được '{number}'")
    src = arch_dir / architecture / source
    dst = arch_dir / architecture / new
    if not (src / "version.yaml").is_file():
        raise UsageError(f"không có phiên bản '{architecture}/{source}' ({src}/version.yaml)")
    if dst.exists():
        raise UsageError(f"thư mục {dst} đã tồn tại; không ghi đè. Chọn số phiên bản khác "
                         "hoặc xóa thư mục đó trước")
    if version_sort_key(new) <= version_sort_key(source):
        raise UsageError(f"phiên bản mới '{new}' phải lớn hơn phiên bản gốc '{source}'")
    shutil.copytree(src, dst)
    version_file = dst / "version.yaml"
    text = version_file.read_text(encoding="utf-8")
    text = set_top_level(text, "version", f'version: "{new}"', after=("architecture",))
    text = set_top_level(text, "status", "status: draft", after=("framework", "title"))
    text = set_top_level(text, "supersedes", f"supersedes: {architecture}/{source}",
                         after=("period", "status"))
    text = set_top_level(text, "approval", None)
    text = set_top_level(text, "digest", None)
    version_file.write_text(text, encoding="utf-8")
    for path in sorted(dst.rglob("*.yaml")):
        if path.name == "version.yaml":
            continue
        before = path.read_text(encoding="utf-8")
        after = strip_element_keys(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
    return dst


# -- command line -----------------------------------------------------------------------------

def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_freeze(args: argparse.Namespace) -> int:
    """``kientruc freeze <architecture>/<version>``."""
    arch_dir = Path(args.arch)
    if not arch_dir.is_dir():
        raise UsageError(f"không tìm thấy thư mục '{arch_dir}'")
    result = freeze_version(arch_dir, args.version, force=args.force, repo_root=Path.cwd())
    if result.written:
        _say(f"Đã khóa phiên bản {result.key}: {result.total} ({len(result.files)} tệp).")
    else:
        _say(f"Phiên bản {result.key} đã được khóa và nội dung không đổi: {result.total}.")
    return 0


def cmd_new_version(args: argparse.Namespace) -> int:
    """``kientruc new-version <architecture> <new> --from <old>``."""
    arch_dir = Path(args.arch)
    if not arch_dir.is_dir():
        raise UsageError(f"không tìm thấy thư mục '{arch_dir}'")
    source = args.source.split("/", 1)[1] if "/" in args.source else args.source
    folder = new_version(arch_dir, args.architecture, args.new, source=source)
    _say(f"Đã tạo bản dự thảo {args.architecture}/{args.new} tại {folder} "
         f"(sao chép từ {args.architecture}/{source}, trạng thái draft).\n"
         f"Sửa nội dung trong {folder}; nếu đã lỡ sửa {args.architecture}/{source}, hãy khôi "
         f"phục thư mục đó (git checkout -- {arch_dir / args.architecture / source}), rồi chạy "
         "'kientruc validate'.")
    _say(next_steps(arch_dir, f"{args.architecture}/{args.new}", f"{args.architecture}/{source}"))
    return 0


def next_steps(arch_dir: Path, key: str, source_key: str) -> str:
    """What an editor updates in a new draft, with the counts that apply to this one.

    The draft is a copy: its title, summary, vision, scope and period still describe the old
    version, and its finished projects are still listed. Nothing says so in the files.
    """
    steps = [f"version.yaml: sửa title, summary, vision, scope (đang chép nguyên từ "
             f"{source_key}); organisation và legal_basis nếu đã đổi."]
    try:
        model = load_model(arch_dir, repo_root=arch_dir.resolve().parent)
    except ModelError:
        model = None
    snapshot = model.snapshots.get(key) if model is not None else None
    if snapshot is None:
        steps.append("version.yaml: sửa period (giai đoạn) cho phiên bản mới.")
        steps.append("Xóa các dự án đã hoàn thành; sửa năm của các dự án còn lại.")
    else:
        start, end = snapshot.period
        projects = list(snapshot.of_type("project"))
        done = [p for p in projects if p.attrs.get("status") == "hoan-thanh"]
        steps.append(f"version.yaml: period đang là {start}–{end}. Khi đổi giai đoạn, mọi dự án "
                     f"phải nằm trong giai đoạn mới: {len(projects) - len(done)} dự án cần xem "
                     "lại năm bắt đầu, kết thúc và year_plan.")
        if done:
            steps.append(f"{len(done)} dự án đã hoàn thành ở {source_key}: xóa khỏi bản mới "
                         "(trang so sánh ghi chúng là «Hoàn thành», không phải «Loại bỏ»).")
    steps.append(f"Chạy 'kientruc validate', rồi 'kientruc diff {source_key} {key}' để xem "
                 "thay đổi; khi được phê duyệt: điền approval, đặt status: approved, chạy "
                 f"'kientruc freeze {key}'.")
    lines = [f"Việc cần làm tiếp trong {key}:",
             *(f"  {number}. {step}" for number, step in enumerate(steps, 1))]
    return "\n".join(lines)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``freeze`` and ``new-version`` subcommands."""
    p = sub.add_parser("freeze", help="khóa phiên bản đã phê duyệt (ghi mã băm nội dung)")
    p.add_argument("version", metavar="KIẾN_TRÚC/PHIÊN_BẢN", help="ví dụ cqdt/1.0")
    add_arch_option(p)
    p.add_argument("--force", action="store_true",
                   help="ghi lại mã băm dù nội dung đã đổi so với lần khóa trước")
    p.set_defaults(handler=cmd_freeze)

    p = sub.add_parser("new-version", help="tạo bản dự thảo phiên bản mới từ một phiên bản")
    p.add_argument("architecture", metavar="KIẾN_TRÚC", help="ví dụ cqdt")
    p.add_argument("new", metavar="PHIÊN_BẢN_MỚI", help="ví dụ 3.0")
    p.add_argument("--from", dest="source", required=True, metavar="PHIÊN_BẢN",
                   help="phiên bản để sao chép, ví dụ 2.0")
    add_arch_option(p)
    p.set_defaults(handler=cmd_new_version)
