"""``mkdocs serve``: one log line per rebuild, saying what the save changed and what was redone.

An editor who saves a YAML file wants to know that the preview took the change, and which
elements it touched; the build's own counters (pages reused, diagrams drawn) say how much was
redone. In ``mkdocs build`` the notes stay out of the way: the page cache's line is logged as
before and no model is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..compare.diff import element_changes

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..model.types import Element, Model
    from .page_cache import Reused

SHOWN = 3
"""Element ids named per kind of change before "và N thành phần khác"."""


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" và {len(ids) - SHOWN} thành phần khác" if len(ids) > SHOWN else "")


def element_edits(old: Mapping[str, Element], new: Mapping[str, Element]) -> list[str]:
    """What changed between two states of the same elements, in words (empty: nothing).

    Positions in the file are not compared: a line added above an element moves it without
    changing it.
    """
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    changed: dict[str, list[str]] = {}
    for key, element in new.items():
        before = old.get(key)
        if before is not None and before is not element:
            labels = dict.fromkeys((c.label or c.field or "").lower()
                                   for c in element_changes(before, element, before.layer, {}))
            if labels:
                changed[key] = [label for label in labels if label]
    parts = []
    if changed:
        first = next(iter(changed))
        detail = f" ({', '.join(changed[first])})" if len(changed) == 1 and changed[first] else ""
        parts.append(f"sửa {_ids(list(changed))}{detail}")
    if added:
        parts.append(f"thêm {_ids(added)}")
    if removed:
        parts.append(f"bỏ {_ids(removed)}")
    return parts


def model_edits(old: Model, new: Model) -> str:
    """The changes between two loads of the sources, version by version, on one line."""
    said = []
    common = element_edits(old.common, new.common)
    if common:
        said.append("danh mục chung: " + ", ".join(common))
    for key, snapshot in new.snapshots.items():
        before = old.snapshots.get(key)
        if before is None:
            said.append(f"{key}: phiên bản mới")
            continue
        edits = element_edits(before.elements, snapshot.elements)
        if edits:
            said.append(f"{key}: " + ", ".join(edits))
    said.extend(f"{key}: phiên bản đã bỏ" for key in old.snapshots if key not in new.snapshots)
    return "; ".join(said) if said else "không có thành phần nào thay đổi"


@dataclass
class ServeNotes:
    """What one rebuild says; ``serving`` off (``mkdocs build``) keeps nothing between builds."""

    serving: bool
    previous: Model | None = None
    edits: str = ""
    stats: dict[str, int] = field(default_factory=dict)

    def loaded(self, model: Model | None) -> None:
        """Compare the new load of the sources with the previous one (``mkdocs serve`` only)."""
        if not self.serving or model is None:
            return
        self.edits = model_edits(self.previous, model) if self.previous is not None else ""
        self.previous = model

    def drew(self, stats: Mapping[str, int]) -> None:
        """Remember the second half's counters (diagrams drawn and reused)."""
        self.stats = dict(stats)

    def line(self, reused: Reused | None, problems: int | None) -> str:
        """The one line to log at the end of a build (empty: nothing to say)."""
        if not self.serving:
            return str(reused) if reused is not None else ""
        if problems is not None:
            return (f"mã nguồn kiến trúc có {problems} lỗi (danh sách ở trang chủ phần kiến "
                    "trúc); các trang khác là bản dựng hợp lệ gần nhất")
        done = []
        if reused is not None:
            done.append(f"{reused.pages - reused.whole} trang tạo lại, {reused.whole} lấy lại")
        if "diagrams" in self.stats:
            done.append(f"{self.stats.get('diagrams_drawn', 0)} sơ đồ vẽ mới")
        head = f"đã cập nhật bản xem trước: {self.edits}" if self.edits else "đã dựng bản xem trước"
        return head + (" — " + ", ".join(done) if done else "")
