"""Cross-checks that need the whole model: references, types, cycles, lineage, frozen versions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import safe
from ..errors import Problem
from ..metamodel import ELEMENT_TYPES, RELATION_TYPES
from ..source.freeze import changed_files, frozen_message
from ..source.reader import path_text
from ..suggest import did_you_mean
from .reference import check_reference_codes

if TYPE_CHECKING:
    from pathlib import Path

    from ..source.reader import Path_, Source
    from .types import Element, Framework, Model, Origin, Relation, Snapshot

_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(?:(?:https?://|mailto:)[^>\s]+|[^>\s@]+@[^>\s@]+\.[a-z]+)>",
                       re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.DOTALL)


def check_markdown(source: Source, path: Path_, text: str) -> list[Problem]:
    """Refuse raw HTML, attribute lists and script links in an editor's text, at the editor's line.

    Markdown autolinks (``<https://…>``) and code spans (`` `<div>` ``) are allowed. This is
    feedback for the pull request; :mod:`kientruc.safe` removes these forms from every output
    whatever validation says. Links and attribute lists are found by :func:`kientruc.safe.findings`
    (reference links and ``&#106;avascript:`` included); raw HTML by the expression here.
    """
    if not text or not any(c in text for c in "<:&{"):
        return []
    stripped = _AUTOLINK.sub("", _CODE_SPAN.sub("", text))
    messages = safe.findings(stripped)
    found = _RAW_HTML.search(stripped)
    if found:
        messages.insert(0, (
            f"văn bản chứa mã HTML '{found.group(0)[:40]}': chỉ dùng Markdown (ví dụ **đậm**, "
            "[liên kết](https://...)); mã HTML và <script> không được phép trên trang công khai"))
    return [source.problem(path, message, value=True) for message in messages]


def check_texts(source: Source) -> list[Problem]:
    """Run :func:`check_markdown` on every text value of a file (names, descriptions, notes …)."""
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, str):
            problems.extend(check_markdown(source, path, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(source.data, ())
    return problems


def check_frozen(source: Source, folder: Path, recorded: dict[str, str], total: str,
                 problems: list[Problem]) -> None:
    """An approved version is frozen: its files must still match the digest ``freeze`` wrote."""
    changed = changed_files(folder, recorded)
    if changed:
        key = f"{folder.parent.name}/{folder.name}"
        problems.append(source.problem(("digest",), frozen_message(key, changed)))


@dataclass(kw_only=True)
class Locator:
    """Where the loader read each thing, so that whole-model checks point at the bad value.

    Without a locator (or for what it does not know) problems fall back to the origins kept in
    the model: the element's first line, the version file's first line.
    """

    sources: dict[str, Source] = field(default_factory=dict)
    """Parsed files by their displayed name."""
    elements: dict[tuple[str, str], Path_] = field(default_factory=dict)
    """``(scope, id)`` → key path of the element in its file (``elements[3]``)."""
    relations: dict[Relation, tuple[Path_, Path_ | None]] = field(default_factory=dict)
    """Relation → key paths of its target value and of its ``via`` value."""

    def at(self, origin: Origin, path: Path_ | None, message: str) -> Problem:
        """Return a problem at ``path``'s value in ``origin``'s file, or at ``origin``."""
        source = self.sources.get(origin.file)
        if source is not None and path is not None:
            return source.problem(path, message, value=True)
        return Problem(file=origin.file, line=origin.line, column=origin.column,
                       where=path_text(path) if path else "", message=message)

    def field(self, element: Element, suffix: Path_, message: str) -> Problem:
        """Return a problem at one field of an element (``suffix`` such as ``("replaces", 1)``)."""
        base = self.elements.get((element.scope, element.id))
        return self.at(element.origin, (*base, *suffix) if base is not None else None, message)

    def relation(self, relation: Relation, message: str, *, via: bool = False) -> Problem:
        """Return a problem at a relation's target (or ``via``) value."""
        target_path, via_path = self.relations.get(relation, (None, None))
        return self.at(relation.origin, via_path if via else target_path, message)


def check_model(model: Model, arch_dir: Path, *, locator: Locator | None = None,
                broken: frozenset[str] = frozenset(),
                partial: frozenset[str] = frozenset()) -> list[Problem]:
    """Return every cross-reference problem of the model, soft issues included.

    Args:
        model: The loaded model.
        arch_dir: The ``arch/`` folder.
        locator: Positions of keys and values, for precise locations.
        broken: Element ids and version keys that failed validation and were already reported;
            references to them are not reported again.
        partial: Keys of the versions with a file that could not be read: an element missing
            there may be in that file, so references into them from other versions wait until
            it reads (its syntax error is reported first).

    Returns:
        The problems, in no particular order; those of severity ``warning`` do not stop a build.
    """
    checker = _Checker(model, locator or Locator(), broken, partial)
    for framework in model.frameworks.values():
        checker.framework(framework)
    for element in model.common.values():
        checker.relations(None, element)
    for snapshot in model.snapshots.values():
        checker.version(snapshot)
        checker.lineage(snapshot)
        for element in snapshot.elements.values():
            checker.relations(snapshot, element)
        checker.cycles(snapshot)
        checker.problems.extend(check_reference_codes(snapshot, checker.loc))
    for element in [*model.common.values(),
                    *(e for s in model.snapshots.values() for e in s.elements.values())]:
        if element.provenance == "confirmed" and not element.sources:
            checker.problems.append(Problem(
                file=element.origin.file, line=element.origin.line,
                column=element.origin.column, severity="warning",
                message=f"'{element.id}' ghi provenance: confirmed nhưng không có 'sources' "
                        "(nguồn công khai)"))
    return checker.problems


def _type_name(type_id: str) -> str:
    return f"{ELEMENT_TYPES[type_id].vi.lower()} ({type_id})"


class _Checker:
    def __init__(self, model: Model, locator: Locator, broken: frozenset[str],
                 partial: frozenset[str] = frozenset()) -> None:
        self.model = model
        self.loc = locator
        self.broken = broken
        self.partial = partial
        self.problems: list[Problem] = []

    def lookup(self, snapshot: Snapshot | None, ref: str) -> tuple[Element | None, str | None]:
        """Find ``ref`` from inside ``snapshot``; return it or why it is missing.

        The reason is ``""`` (nothing to report) when the target failed validation itself.
        """
        model = self.model
        if ":" in ref:
            key, _, element_id = ref.partition(":")
            other = model.snapshots.get(key)
            if other is None:
                if key in self.broken:
                    return None, ""
                return None, (f"không có phiên bản kiến trúc '{key}'"
                              f"{did_you_mean(key, model.snapshots)}")
            found = other.elements.get(element_id)
            if found is None:
                if element_id in self.broken or key in self.partial:
                    return None, ""
                return None, (f"phiên bản '{key}' không có thành phần '{element_id}'"
                              f"{did_you_mean(element_id, other.elements)}")
            return found, None
        found = (snapshot.elements.get(ref) if snapshot else None) or model.common.get(ref)
        if found is None:
            if ref in self.broken:
                return None, ""
            pool = [*model.common, *(snapshot.elements if snapshot else ())]
            where = f"phiên bản {snapshot.key} và arch/common" if snapshot else "arch/common"
            return None, (f"không tìm thấy thành phần '{ref}' trong {where}"
                          f"{did_you_mean(ref, pool)}")
        return found, None

    def framework(self, framework: Framework) -> None:
        ref = framework.legal_basis
        if not ref:
            return
        found, why = self.lookup(None, ref)
        if why:
            self.problems.append(self.loc.at(framework.origin, ("legal_basis",), (
                f"{why}; căn cứ của khung kiến trúc phải là một văn bản (legal_document) "
                "khai báo trong arch/common/")))
        elif found is not None and found.type != "legal_document":
            self.problems.append(self.loc.at(framework.origin, ("legal_basis",), (
                f"'{ref}' là {_type_name(found.type)}; cần một văn bản (legal_document)")))

    def relations(self, snapshot: Snapshot | None, element: Element) -> None:
        loc = self.loc
        for relation in element.relations:
            spec = RELATION_TYPES[relation.type]
            target, why = self.lookup(snapshot, relation.target)
            if why:
                self.problems.append(loc.relation(relation, why))
            elif target is not None and spec.targets and target.type not in spec.targets:
                wanted = " hoặc ".join(_type_name(t) for t in sorted(spec.targets))
                self.problems.append(loc.relation(relation, (
                    f"'{relation.target}' là {_type_name(target.type)}; quan hệ "
                    f"'{relation.type}' ({spec.vi}) cần {wanted}")))
            if spec.sources and element.type not in spec.sources:
                allowed = ", ".join(_type_name(t) for t in sorted(spec.sources))
                self.problems.append(loc.relation(relation, (
                    f"quan hệ '{relation.type}' ({spec.vi}) chỉ dùng cho {allowed}, "
                    f"không dùng cho {_type_name(element.type)}")))
            if relation.target == element.id:
                self.problems.append(loc.relation(relation, (
                    f"'{element.id}' không thể có quan hệ '{relation.type}' với chính nó")))
            if relation.via:
                via, why = self.lookup(snapshot, relation.via)
                if why:
                    self.problems.append(loc.relation(relation, why, via=True))
                elif via is not None and via.type not in {"platform", "network", "app_service"}:
                    self.problems.append(loc.relation(relation, (
                        f"'via' cần nền tảng tích hợp (platform), dịch vụ chia sẻ (app_service) "
                        f"hoặc mạng (network); '{relation.via}' là {_type_name(via.type)}"),
                        via=True))

    def version(self, snapshot: Snapshot) -> None:
        model, origin = self.model, snapshot.origin
        if snapshot.supersedes == snapshot.key:
            self.problems.append(self.loc.at(origin, ("supersedes",), (
                f"phiên bản '{snapshot.key}' không thể thay thế chính nó")))
        elif (snapshot.supersedes and snapshot.supersedes not in model.snapshots
              and snapshot.supersedes not in self.broken):
            self.problems.append(self.loc.at(origin, ("supersedes",), (
                f"không có phiên bản '{snapshot.supersedes}'"
                f"{did_you_mean(snapshot.supersedes, model.snapshots)}")))
        if snapshot.status == "approved" and snapshot.approval is None:
            self.problems.append(self.loc.at(origin, ("status",), (
                "phiên bản 'approved' cần 'approval' (số quyết định, ngày, người ký); nếu chưa rõ "
                "quyết định thì để status: draft")))
        if snapshot.status == "approved" and snapshot.digest is None:
            self.problems.append(Problem(
                file=origin.file, severity="warning",
                message=("phiên bản đã phê duyệt chưa được khóa; chạy "
                         f"'kientruc freeze {snapshot.key}'")))
        for i, ref in enumerate(snapshot.legal_basis):
            found, why = self.lookup(snapshot, ref)
            if why:
                self.problems.append(self.loc.at(origin, ("legal_basis", i), why))
            elif found is not None and found.type != "legal_document":
                self.problems.append(self.loc.at(origin, ("legal_basis", i), (
                    f"'{ref}' là {_type_name(found.type)}; căn cứ pháp lý cần một văn bản "
                    "(legal_document)")))

    def lineage(self, snapshot: Snapshot) -> None:
        """Check ``renamed_from`` and ``replaces`` against the version this one supersedes."""
        if snapshot.supersedes == snapshot.key:
            return  # reported by version()
        previous = self.model.snapshots.get(snapshot.supersedes or "")
        renamed: dict[str, Element] = {}
        for element in snapshot.elements.values():
            olds: list[tuple[Path_, str]] = [(("replaces", i), old)
                                             for i, old in enumerate(element.replaces)]
            if element.renamed_from:
                olds.insert(0, (("renamed_from",), element.renamed_from))
            for suffix, old in olds:
                self._lineage_one(snapshot, previous, element, suffix, old, renamed)

    def _lineage_one(self, snapshot: Snapshot, previous: Snapshot | None, element: Element,
                     suffix: Path_, old: str, renamed: dict[str, Element]) -> None:
        field_name = str(suffix[0])
        problem = None
        if old == element.id:
            problem = f"'{element.id}' không thể '{field_name}' chính nó"
        elif snapshot.supersedes is None:
            problem = (f"'{field_name}' chỉ dùng khi version.yaml khai báo 'supersedes' "
                       f"(phiên bản trước), nơi có '{old}'")
        elif previous is None or (old not in previous.elements and previous.key in self.partial):
            return  # the missing 'supersedes' target is reported on its own; or it may be in a
            # file of the previous version that could not be read
        elif old not in previous.elements:
            problem = (f"phiên bản trước '{previous.key}' không có thành phần '{old}'"
                       f"{did_you_mean(old, previous.elements)}")
        elif field_name == "renamed_from" and old in snapshot.elements:
            problem = (f"'{old}' vẫn còn trong phiên bản này: 'renamed_from' nghĩa là mã cũ "
                       "không còn dùng; hãy xóa thành phần cũ hoặc dùng 'replaces'")
        elif field_name == "renamed_from" and element.id in previous.elements:
            problem = (f"'{element.id}' đã có trong phiên bản trước '{previous.key}' nên không "
                       f"thể là tên mới của '{old}'; có lẽ cần 'replaces'")
        elif field_name == "renamed_from" and old in renamed:
            first = renamed[old]
            problem = (f"'{old}' đã được đổi tên thành '{first.id}' "
                       f"({first.origin.file}:{first.origin.line}); một mã cũ chỉ đổi tên "
                       "thành một mã mới")
        if field_name == "renamed_from":
            renamed.setdefault(old, element)
        if problem:
            self.problems.append(self.loc.field(element, suffix, problem))

    def cycles(self, snapshot: Snapshot) -> None:
        """Report each loop of ``part_of`` relations once (iterative depth-first search)."""
        graph = {e.id: [p for p in e.related("part_of") if p in snapshot.elements and p != e.id]
                 for e in snapshot.elements.values()}  # a self-loop is reported on its own
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        reported: set[frozenset[str]] = set()
        for root in graph:
            if root in state:
                continue
            state[root] = 1
            path = [root]
            stack = [iter(graph[root])]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif state.get(nxt) == 1:
                    cycle = path[path.index(nxt):]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        self._report_cycle(snapshot, cycle)
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(graph[nxt]))

    def _report_cycle(self, snapshot: Snapshot, cycle: list[str]) -> None:
        first = min(cycle)
        i = cycle.index(first)
        cycle = [*cycle[i:], *cycle[:i]]
        element = snapshot.elements[first]
        nxt = cycle[1] if len(cycle) > 1 else first
        relation = next(r for r in element.relations if r.type == "part_of" and r.target == nxt)
        self.problems.append(self.loc.relation(relation, (
            "quan hệ 'thuộc' (part_of, 'parent') tạo vòng lặp: "
            + " → ".join([*cycle, cycle[0]])
            + "; một thành phần không thể thuộc chính nó, kể cả gián tiếp")))


def unchecked(root: str, files: list[str], across: list[Problem]) -> list[Problem]:
    """Keep the problems across files that an unreadable file cannot explain; count the rest.

    A reference into an unreadable file, or a count of its version, would give a message that
    only repeats its syntax error. Such problems (those in the same version folder as an
    unreadable file, or all of them when the file is shared data or a framework) are replaced
    by one line; they are checked again once the file reads.
    """
    folders = {f.rsplit("/", 1)[0] for f in files}
    shared = any(f.split("/")[1:2] in (["common"], ["frameworks"]) for f in files)
    kept = [p for p in across if not shared and p.file.rsplit("/", 1)[0] not in folders]
    count = len(across) - len(kept)
    if not count:
        return kept
    names = ", ".join(files[:3]) + (f" và {len(files) - 3} tệp khác" if len(files) > 3 else "")
    return [*kept, Problem(file=root, message=(
        f"và {count} lỗi khác (tham chiếu giữa các tệp) có thể do không đọc được {names}: "
        "hãy sửa lỗi ở tệp đó trước rồi kiểm tra lại"))]
