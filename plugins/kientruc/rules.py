"""Cross-checks that need the whole model: references, types, cycles, years, frozen versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import Problem
from .freeze import changed_files
from .metamodel import ELEMENT_TYPES, RELATION_TYPES
from .suggest import did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from .model import Element, Model, Origin, Snapshot
    from .yamlsource import Path_, Source

_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"\]\(\s*(?:javascript|data|vbscript):", re.IGNORECASE)


def check_markdown(source: Source, path: Path_, text: str) -> list[Problem]:
    """Refuse raw HTML and script links in an editor's Markdown: the public site must not carry them."""
    if not text:
        return []
    stripped = _AUTOLINK.sub("", text)
    found = _RAW_HTML.search(stripped)
    if found:
        return [source.problem(path, (
            f"mô tả chứa mã HTML '{found.group(0)[:40]}': chỉ dùng Markdown "
            "(ví dụ **đậm**, [liên kết](https://...)); mã HTML và <script> không được phép"))]
    if _SCRIPT_URL.search(text):
        return [source.problem(path, "liên kết 'javascript:' hoặc 'data:' không được phép")]
    return []


def check_frozen(source: Source, folder: Path, recorded: dict[str, str], total: str,
                 problems: list[Problem]) -> None:
    """An approved version is frozen: its files must still match the digest ``freeze`` wrote."""
    changed = changed_files(folder, recorded)
    if changed:
        problems.append(source.problem(("digest",), (
            "phiên bản đã phê duyệt và được khóa (kientruc freeze) nhưng nội dung đã thay đổi ở: "
            + ", ".join(changed)
            + ". Không sửa phiên bản đã phê duyệt: hãy tạo phiên bản mới bằng "
            "'kientruc new-version <kiến trúc> <phiên bản mới> --from <phiên bản này>'")))


def _at(origin: Origin, where: str, message: str) -> Problem:
    return Problem(file=origin.file, line=origin.line, column=origin.column, where=where,
                   message=message)


def check_model(model: Model, arch_dir: Path, warnings: list[str]) -> list[Problem]:
    """Return every cross-reference problem of the model; append soft issues to ``warnings``."""
    problems: list[Problem] = []
    for element in model.common.values():
        problems.extend(_check_relations(model, None, element))
    for snapshot in model.snapshots.values():
        problems.extend(_check_version(model, snapshot, warnings))
        for element in snapshot.elements.values():
            problems.extend(_check_relations(model, snapshot, element))
            problems.extend(_check_project(snapshot, element))
        problems.extend(_check_cycles(snapshot))
    for element in [*model.common.values(),
                    *(e for s in model.snapshots.values() for e in s.elements.values())]:
        if element.provenance == "confirmed" and not element.sources:
            warnings.append(f"{element.origin.file}:{element.origin.line}: '{element.id}' ghi "
                            "provenance: confirmed nhưng không có 'sources' (nguồn công khai)")
    return problems


def _lookup(model: Model, snapshot: Snapshot | None, ref: str,
            origin: Origin, where: str) -> tuple[Element | None, Problem | None]:
    if ":" in ref:
        key, _, element_id = ref.partition(":")
        other = model.snapshots.get(key)
        if other is None:
            return None, _at(origin, where, (
                f"không có phiên bản kiến trúc '{key}'{did_you_mean(key, model.snapshots)}"))
        found = other.elements.get(element_id)
        if found is None:
            return None, _at(origin, where, (
                f"phiên bản '{key}' không có thành phần '{element_id}'"
                f"{did_you_mean(element_id, other.elements)}"))
        return found, None
    found = (snapshot.elements.get(ref) if snapshot else None) or model.common.get(ref)
    if found is None:
        pool = [*model.common, *(snapshot.elements if snapshot else ())]
        return None, _at(origin, where, f"không tìm thấy thành phần '{ref}'{did_you_mean(ref, pool)}")
    return found, None


def _check_relations(model: Model, snapshot: Snapshot | None, element: Element) -> list[Problem]:
    problems = []
    for relation in element.relations:
        spec = RELATION_TYPES[relation.type]
        where = f"{element.id} → {relation.type}"
        target, problem = _lookup(model, snapshot, relation.target, relation.origin, where)
        if problem:
            problems.append(problem)
        elif target is not None and spec.targets and target.type not in spec.targets:
            wanted = " hoặc ".join(ELEMENT_TYPES[t].vi.lower() for t in sorted(spec.targets))
            problems.append(_at(relation.origin, where, (
                f"'{relation.target}' là {ELEMENT_TYPES[target.type].vi.lower()} "
                f"({target.type}); quan hệ '{relation.type}' cần {wanted}")))
        if spec.sources and element.type not in spec.sources:
            problems.append(_at(relation.origin, where, (
                f"quan hệ '{relation.type}' chỉ dùng cho {', '.join(sorted(spec.sources))}")))
        if relation.target == element.id:
            problems.append(_at(relation.origin, where, "thành phần không thể liên kết với chính nó"))
        if relation.via:
            via, problem = _lookup(model, snapshot, relation.via, relation.origin, where + ".via")
            if problem:
                problems.append(problem)
            elif via is not None and via.type not in {"platform", "network", "app_service"}:
                problems.append(_at(relation.origin, where + ".via", (
                    f"'via' phải là nền tảng tích hợp (platform) hoặc mạng, nhận được "
                    f"{ELEMENT_TYPES[via.type].vi.lower()} '{relation.via}'")))
    return problems


def _check_version(model: Model, snapshot: Snapshot, warnings: list[str]) -> list[Problem]:
    problems = []
    origin = snapshot.origin
    if snapshot.supersedes and snapshot.supersedes not in model.snapshots:
        problems.append(_at(origin, "supersedes", (
            f"không có phiên bản '{snapshot.supersedes}'"
            f"{did_you_mean(snapshot.supersedes, model.snapshots)}")))
    if snapshot.status == "approved" and snapshot.approval is None:
        problems.append(_at(origin, "approval", (
            "phiên bản 'approved' cần 'approval' (số quyết định, ngày, người ký); nếu chưa rõ "
            "quyết định thì để status: draft")))
    if snapshot.status == "approved" and snapshot.digest is None:
        warnings.append(f"{origin.file}: phiên bản đã phê duyệt chưa được khóa; chạy "
                        f"'kientruc freeze {snapshot.key}'")
    for ref in snapshot.legal_basis:
        found, problem = _lookup(model, snapshot, ref, origin, "legal_basis")
        if problem:
            problems.append(problem)
        elif found is not None and found.type != "legal_document":
            problems.append(_at(origin, "legal_basis", f"'{ref}' không phải văn bản (legal_document)"))
    previous = model.snapshots.get(snapshot.supersedes or "")
    for element in snapshot.elements.values():
        for old in (*([element.renamed_from] if element.renamed_from else []), *element.replaces):
            if previous is None:
                problems.append(_at(element.origin, f"{element.id}.renamed_from", (
                    "'renamed_from'/'replaces' cần phiên bản này khai báo 'supersedes'")))
            elif old not in previous.elements:
                problems.append(_at(element.origin, f"{element.id}", (
                    f"phiên bản trước '{previous.key}' không có thành phần '{old}'"
                    f"{did_you_mean(old, previous.elements)}")))
    return problems


def _check_project(snapshot: Snapshot, element: Element) -> list[Problem]:
    if element.type != "project":
        return []
    problems = []
    start, end = element.attrs["start"], element.attrs["end"]
    low, high = snapshot.period
    if start < low or end > high:
        problems.append(_at(element.origin, f"{element.id}", (
            f"dự án {start}–{end} nằm ngoài giai đoạn của phiên bản {snapshot.key} "
            f"({low}–{high})")))
    for year in element.attrs.get("year_plan", {}):
        if not year.isdigit() or not start <= int(year) <= end:
            problems.append(_at(element.origin, f"{element.id}.year_plan.{year}", (
                f"năm '{year}' trong kế hoạch phải nằm trong {start}–{end}")))
    return problems


def _check_cycles(snapshot: Snapshot) -> list[Problem]:
    parents = {e.id: e.related("part_of") for e in snapshot.elements.values()}
    problems = []
    reported: set[str] = set()
    for start in parents:
        path = [start]
        current = start
        while True:
            nxt = next((p for p in parents.get(current, ()) if p in parents), None)
            if nxt is None:
                break
            if nxt in path:
                cycle = path[path.index(nxt):]
                if not reported & set(cycle):
                    reported.update(cycle)
                    element = snapshot.elements[cycle[0]]
                    problems.append(_at(element.origin, f"{element.id}.parent", (
                        "quan hệ 'thuộc' (part_of) tạo vòng lặp: "
                        + " → ".join([*cycle, cycle[0]]))))
                break
            path.append(nxt)
            current = nxt
    return problems
