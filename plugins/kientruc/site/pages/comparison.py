"""Markdown of the version pages: comparisons, the page to pick two versions, element history.

The diagrams come in as finished HTML (the diagram stage draws them); everything else is built
from a :class:`~kientruc.diff.Comparison` or from :mod:`kientruc.history`. Links between pages are
relative ``.md`` links, which MkDocs checks under ``--strict``.
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from ...compare.diff import (
    CHANGED_STATUSES,
    STATUS_VI,
    ChangeKind,
    changed_elements,
    layers_in_order,
)
from ...compare.render import (
    budget_text,
    describe_change,
    element_of,
    grouping_layer_name,
    layer_name,
    signed,
)
from ...compare.words import word_diff
from ...compare.history import history_sentence
from ...md import NO_SEARCH, about, admonition, esc, front_matter, mdlink, money_total, table
from ...metamodel import ELEMENT_TYPES
from .comparison_controls import LEGEND, filter_bar
from ...text import thousands
from ..paging import Caps, list_pages, more_line
from ...paths import link

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...compare.diff import Comparison, ElementDiff
    from ...compare.history import Histories, Retired, VersionEntry
    from ...model.types import Model, Snapshot
    from ...paths import SitePaths

_SHOWN: tuple[str, ...] = CHANGED_STATUSES
"""Statuses counted in the summary (unchanged elements are counted apart)."""

PHRASE_VI = {"added": "được bổ sung", "removed": "bị loại bỏ",
             "replaced": "được hợp nhất vào hoặc thay thế bằng thành phần khác",
             "completed": "là dự án, nhiệm vụ đã hoàn thành ở phiên bản trước",
             "renamed": "được đổi tên, đổi mã", "changed": "thay đổi thông tin hoặc liên kết"}
"""How the summary words each status (after "N thành phần")."""


def version_pairs(model: Model, architecture: str) -> list[tuple[Snapshot, Snapshot]]:
    """Every (older, newer) pair of versions of an architecture: one comparison page each."""
    versions = model.versions_of(architecture)
    return [(a, b) for i, a in enumerate(versions) for b in versions[i + 1:]]


def _summary(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    tally = comparison.tally
    if comparison.has_changes:
        lines = [f"- [**{tally.get(s)}** thành phần {PHRASE_VI[s]}](#loc-{s})" for s in _SHOWN
                 if tally.get(s)]
        text = (f"So với phiên bản {old.version}, phiên bản {new.version} có:\n\n"
                + "\n".join(lines)
                + f"\n\n{tally.unchanged} thành phần không đổi.")
    else:
        text = (f"Hai phiên bản {old.version} và {new.version} có cùng các thành phần và "
                "liên kết.")
    rows = []
    for layer, counts_of in comparison.by_layer.items():
        rows.append([esc(grouping_layer_name(comparison, layer)),
                     *(str(counts_of.get(s)) for s in (*_SHOWN, "unchanged"))])
    rows.append(["**Tổng cộng**", *(f"**{tally.get(s)}**" for s in (*_SHOWN, "unchanged"))])
    headers = [f"Lớp (khung của phiên bản {new.version})",
               *(STATUS_VI[s] for s in (*_SHOWN, "unchanged"))]
    return "## Tóm tắt\n\n" + text + "\n\n" + table(headers, rows)


def _guessed(snapshot: Snapshot) -> bool:
    """True when any budget of the version is illustrative (its total is then rounded)."""
    return any(p.illustrative and p.attrs.get("budget_vnd")
               for p in snapshot.of_type("project"))


def _delta(comparison: Comparison) -> str:
    """The budget difference, rounded like its terms when either is illustrative."""
    delta = comparison.budget_delta
    if delta == 0 or not (_guessed(comparison.old) or _guessed(comparison.new)):
        return budget_text(delta)
    return "khoảng " + ("+" if delta > 0 else "−") + about(abs(delta)).removeprefix("khoảng ")


def _roadmap(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    before, after = comparison.old_roadmap, comparison.new_roadmap
    rows = [
        ["Số dự án, nhiệm vụ", str(before.projects), str(after.projects),
         signed(comparison.project_delta)],
        ["Tổng kinh phí", money_total(before.budget_vnd, illustrative=_guessed(old)),
         money_total(after.budget_vnd, illustrative=_guessed(new)), _delta(comparison)],
    ]
    text = "### Lộ trình, dự án\n\n" + table(
        ["", f"Phiên bản {old.version}", f"Phiên bản {new.version}", "Chênh lệch"], rows)
    missing = [f"{n} dự án ở phiên bản {v}" for n, v in
               ((before.unbudgeted, old.version), (after.unbudgeted, new.version)) if n]
    if missing:
        text += ("\n\nTổng kinh phí chỉ cộng các dự án có ghi kinh phí; chưa có số liệu: "
                 + ", ".join(missing) + ".")
    return text


def _frameworks(comparison: Comparison) -> str:
    if not comparison.frameworks_differ:
        return ""
    old, new = comparison.old, comparison.new
    body = (f"Phiên bản {old.version} theo *{esc(old.framework.name_vi)}*; phiên bản "
            f"{new.version} theo *{esc(new.framework.name_vi)}*. Hai khung chia lớp khác nhau, "
            "nên các thành phần được xếp theo lớp của khung mới")
    if comparison.layer_map:
        rows = [[esc(layer.name_vi),
                 esc(layer_name(new, comparison.layer_map[layer.id]))
                 if layer.id in comparison.layer_map else "*(không có lớp tương ứng)*"]
                for layer in old.framework.layers]
        body += (" theo bảng đối chiếu dưới đây (dữ liệu của khung kiến trúc).\n\n"
                 + table([f"Lớp ở phiên bản {old.version}", f"Lớp ở phiên bản {new.version}"],
                         rows))
    else:
        body += ("; dữ liệu khung kiến trúc chưa có bảng đối chiếu lớp, nên thành phần bị "
                 f"loại bỏ được xếp theo lớp ghi ở phiên bản {old.version}.")
    return admonition("note", "Hai phiên bản theo hai khung kiến trúc khác nhau", body)


def _diagrams(comparison: Comparison, old_html: str, new_html: str, union_html: str) -> str:
    old, new = comparison.old, comparison.new
    side_by_side = (
        "## Sơ đồ tổng thể hai phiên bản\n\n"
        '<div class="grid kt-compare" markdown>\n\n'
        f'<div class="kt-compare__side" markdown>\n\n**Phiên bản {old.version}**\n\n'
        f"{old_html.strip()}\n\n</div>\n\n"
        f'<div class="kt-compare__side" markdown>\n\n**Phiên bản {new.version}**\n\n'
        f"{new_html.strip()}\n\n</div>\n\n"
        "</div>")
    union = (
        "## Sơ đồ hợp nhất\n\n"
        f"Các thành phần của cả hai phiên bản trong một sơ đồ; mỗi thành phần được đánh dấu "
        f"bổ sung, loại bỏ, thay đổi hoặc không đổi ở phiên bản {new.version} (xem chú giải). "
        "Thành phần đổi tên, đổi mã được tính là thay đổi; thành phần được hợp nhất, thay thế "
        "được tính là loại bỏ; dự án đã hoàn thành ở phiên bản trước được tính là không đổi.\n\n"
        + LEGEND +
        f'<div class="kt-compare-union" markdown>\n\n{union_html.strip()}\n\n</div>')
    return side_by_side + "\n\n" + union


def _element_cells(model: Model, comparison: Comparison, paths: SitePaths, page_src: str,
                   entry: ElementDiff) -> list[str]:
    old, new = comparison.old, comparison.new
    element = element_of(comparison, entry)
    pages = []
    if entry.old_id is not None:
        pages.append(mdlink(f"phiên bản {old.version}",
                            link(page_src, paths.element(old.key, entry.old_id))))
    if entry.new_id is not None:
        pages.append(mdlink(f"phiên bản {new.version}",
                            link(page_src, paths.element(new.key, entry.new_id))))
    details = []
    for change in entry.changes:
        if change.kind is ChangeKind.ELEMENT_REMOVED:
            continue
        if change.kind is ChangeKind.ELEMENT_REPLACED:
            successors = [mdlink(new.elements[i].name_vi, link(page_src, paths.element(new.key, i)))
                          for i in change.new or () if i in new.elements]
            details.append("Được thay thế bởi: " + ", ".join(successors))
            continue
        if (change.kind is ChangeKind.FIELD_CHANGED and isinstance(change.old, str)
                and isinstance(change.new, str)  # prose: the changed words, texts in full
                and max(len(change.old.split()), len(change.new.split())) > _PROSE_WORDS):
            details.append(f"{esc(change.label or '')}: {word_diff(change.old, change.new)}")
            continue
        details.append(esc(describe_change(model, comparison, change)))
    name = esc(element.name_vi) + (f" ({esc(element.short)})" if element.short else "")
    return [name, STATUS_VI[entry.status], "<br>".join(details) or "—", " · ".join(pages)]


def _by_layer(comparison: Comparison) -> dict[str | None, list[ElementDiff]]:
    """Changed elements per grouping layer, layers in the new framework's order."""
    entries = changed_elements(comparison)
    return {layer: [e for e in entries if e.layer == layer]
            for layer in layers_in_order(comparison)}


_PROSE_WORDS = 5
"""Texts longer than this many words get a word-level diff; shorter values (codes, statuses)
keep their Vietnamese wording ``old → new``."""

_CHANGE_HEADERS = ("Thành phần", "Thay đổi", "Chi tiết ({old} → {new})", "Xem trang")


def _change_table(model: Model, comparison: Comparison, paths: SitePaths, page_src: str,
                  entries: Sequence[ElementDiff]) -> str:
    old, new = comparison.old.version, comparison.new.version
    return table([h.format(old=old, new=new) for h in _CHANGE_HEADERS],
                 [_element_cells(model, comparison, paths, page_src, e) for e in entries])


def _changes(model: Model, comparison: Comparison, paths: SitePaths, page_src: str,
             caps: Caps) -> str:
    old, new = comparison.old, comparison.new
    sections = []
    for layer, entries in _by_layer(comparison).items():
        text = (f"### {esc(grouping_layer_name(comparison, layer))}{NO_SEARCH}\n\n"
                + _change_table(model, comparison, paths, page_src,
                                entries[:caps.preview_rows]))
        if len(entries) > caps.preview_rows:
            full = paths.comparison_layer(new.architecture, old.version, new.version, layer)
            text += "\n\n" + more_line(len(entries) - caps.preview_rows,
                                        link(page_src, full))
        sections.append(text)
    if not sections:
        return ""
    return (f"## Thay đổi theo lớp{NO_SEARCH}\n\n" + filter_bar(comparison, page_src, paths)
            + '<div class="kt-compare-changes" markdown>\n\n'
            + "\n\n".join(sections) + "\n\n</div>")


def _back_to(text: str, label: str, target: str, page: str) -> str:
    """``text`` followed by a link from ``page`` back to ``target``."""
    return text + mdlink(label, link(page, target))


def comparison_layer_pages(model: Model, comparison: Comparison, paths: SitePaths,
                           caps: Caps) -> list[tuple[str, str]]:
    """Pages listing every changed element of a layer the comparison page shortened.

    Args:
        model: The model (to name relation targets).
        comparison: What :func:`kientruc.diff.compare` returned.
        paths: Page locations.
        caps: Rows the comparison page shows per layer, and rows per numbered page.

    Returns:
        ``(source path, Markdown)`` per numbered page of each layer with more changed elements
        than the comparison page shows; empty for small comparisons.
    """
    old, new = comparison.old, comparison.new
    main = paths.comparison(new.architecture, old.version, new.version)
    title = f"So sánh phiên bản {old.version} và {new.version}"
    out = []
    for layer, entries in _by_layer(comparison).items():
        if len(entries) <= caps.preview_rows:
            continue
        name = grouping_layer_name(comparison, layer)
        said = (f"{esc(new.title_vi)}: {thousands(len(entries))} thành phần của lớp này thay đổi "
                f"từ phiên bản {old.version} đến {new.version}. ")
        out += list_pages(
            paths.comparison_layer(new.architecture, old.version, new.version, layer), entries,
            caps.page_rows, title=f"{name} – {title} – {new.title_vi}", heading=name,
            intro=partial(_back_to, said, f"← {title}", main),
            body=partial(_change_table, model, comparison, paths),
            around=('<div class="kt-compare-changes" markdown>\n\n', "\n\n</div>"))
    return out


def comparison_markdown(model: Model, comparison: Comparison, paths: SitePaths, page_src: str,
                        *, old_diagram_html: str, new_diagram_html: str,
                        union_diagram_html: str, caps: Caps | None = None) -> str:
    """The comparison page of two versions, in Vietnamese.

    Args:
        model: The model (to name relation targets).
        comparison: What :func:`kientruc.diff.compare` returned.
        paths: Page locations.
        page_src: This page's source path (``paths.comparison(arch, old, new)``).
        old_diagram_html: The old version's overall diagram, as HTML.
        new_diagram_html: The new version's overall diagram, as HTML.
        union_diagram_html: The union diagram coloured by change, with its legend, as HTML.
        caps: Rows shown per layer before a link to the layer's own pages
            (:func:`comparison_layer_pages`); the defaults of :class:`~kientruc.pages.paging.Caps`.

    Returns:
        The page's Markdown (needs the ``md_in_html``, ``tables`` and ``admonition`` extensions).
    """
    old, new = comparison.old, comparison.new
    title = f"So sánh phiên bản {old.version} và {new.version}"
    intro = (
        f"{esc(new.title_vi)}: "
        + mdlink(f"phiên bản {old.version}", link(page_src, paths.version(old.key)))
        + f" (giai đoạn {old.period[0]}–{old.period[1]}, "
        f"{esc(old.framework.short or old.framework.name_vi)}) và "
        + mdlink(f"phiên bản {new.version}", link(page_src, paths.version(new.key)))
        + f" (giai đoạn {new.period[0]}–{new.period[1]}, "
        f"{esc(new.framework.short or new.framework.name_vi)}). "
        + mdlink("Chọn hai phiên bản khác để so sánh",
                 link(page_src, paths.comparison_index(new.architecture))) + ".")
    parts = [
        front_matter(title=f"{title} – {new.title_vi}",
                     description=f"Những gì được bổ sung, loại bỏ, thay đổi giữa phiên bản "
                                 f"{old.version} và {new.version} của {new.title_vi}"),
        f"# {title}",
        intro,
        _summary(comparison),
        _roadmap(comparison),
        _frameworks(comparison),
        _diagrams(comparison, old_diagram_html, new_diagram_html, union_diagram_html),
        _changes(model, comparison, paths, page_src, caps or Caps()),
    ]
    return "\n\n".join(p.strip() for p in parts if p).rstrip() + "\n"


def comparison_index_markdown(model: Model, architecture: str, paths: SitePaths,
                              page_src: str) -> str:
    """The page that lets a reader pick any two versions of an architecture to compare.

    Args:
        model: The model.
        architecture: Architecture id (``cqdt``).
        paths: Page locations.
        page_src: This page's source path (``paths.comparison_index(architecture)``).

    Returns:
        A matrix of links (older version per row, newer per column) and a list of the
        consecutive comparisons.
    """
    versions = model.versions_of(architecture)
    name = versions[-1].title_vi if versions else architecture
    parts = [front_matter(title=f"So sánh các phiên bản – {name}",
                          description=f"Chọn hai phiên bản của {name} để so sánh"),
             "# So sánh các phiên bản", f"{esc(name)}."]
    if len(versions) < 2:
        parts.append("Kiến trúc này mới có một phiên bản nên chưa có gì để so sánh.")
        return "\n\n".join(parts) + "\n"
    parts.append("Chọn phiên bản cũ (hàng) và phiên bản mới (cột) để xem những gì được bổ sung, "
                 "loại bỏ và thay đổi.")
    rows = []
    for i, older in enumerate(versions[:-1]):
        cells = [f"**{older.version}**"]
        for j, newer in enumerate(versions[1:], start=1):
            cells.append(mdlink(f"{older.version} → {newer.version}",
                                link(page_src, paths.comparison(architecture, older.version,
                                                                newer.version)))
                         if j > i else "—")
        rows.append(cells)
    parts.append(table(["Cũ ↓ · mới →", *(f"**{v.version}**" for v in versions[1:])], rows))
    steps = [
        "- " + mdlink(f"Phiên bản {a.version} → {b.version}",
                      link(page_src, paths.comparison(architecture, a.version, b.version)))
        + f" ({a.period[0]}–{a.period[1]} → {b.period[0]}–{b.period[1]})"
        for a, b in pairwise(versions)]
    parts.append("## Các lần cập nhật liên tiếp\n\n" + "\n".join(steps))
    return "\n\n".join(parts) + "\n"


# -- element pages: history across versions, and pages for retired ids ------------------------

_HISTORY_VI = {"new": "Có từ phiên bản này", "present": "Có", "renamed": "Đổi mã",
               "retired": "Không còn", "absent": "Chưa có"}


def history_markdown(histories: Histories, architecture: str, entries: list[VersionEntry],
                     paths: SitePaths, page_src: str) -> str:
    """The "Qua các phiên bản" section of an element page: a sentence and one row per version.

    Args:
        histories: The build's histories (its model and comparisons).
        architecture: Architecture id.
        entries: What :func:`kientruc.compare.history.element_history` returned.
        paths: Page locations.
        page_src: The element page's source path (links are relative to it).

    Returns:
        Markdown (empty when there is at most one version).
    """
    if len(entries) < 2:
        return ""
    model = histories.model
    history = histories.of(architecture)
    rows = []
    for index, entry in enumerate(entries):
        version = (mdlink(f"Phiên bản {entry.version}", link(page_src, entry.page))
                   if entry.page and entry.page != page_src
                   else f"**Phiên bản {entry.version}**" if entry.page else
                   f"Phiên bản {entry.version}")
        status = _HISTORY_VI[entry.status]
        if entry.status == "renamed":
            status += f" (mã cũ: {esc(entry.previous_id or '')})"
        elif entry.status == "retired":
            snapshot = model.snapshots[entry.key]
            names = [esc(snapshot.elements[i].label) for i in entry.replaced_by
                     if i in snapshot.elements]
            status = f"Được thay thế bởi {', '.join(names)}" if names else "Không còn"
        elif entry.status == "new" and index and entry.replaces:
            status += " (thay thế thành phần cũ)"
        details = [esc(describe_change(model, history.comparisons[index - 1], change))
                   for change in entry.changes] if index else []
        rows.append([version, status, "<br>".join(details) or "—"])
    return (history_sentence(model, entries) + "\n\n"
            + table(["Phiên bản", "Tình trạng", "Thay đổi so với phiên bản trước"], rows))


def retired_markdown(histories: Histories, retired: Retired, key: str,
                     paths: SitePaths) -> str:
    """The page published at a retired id in version ``key``, so an old link never 404s.

    Args:
        histories: The build's histories (its model and comparisons).
        retired: One item of :func:`kientruc.compare.history.retired_elements` for ``key``.
        key: The version the page belongs to (``cqdt/2.0``).
        paths: Page locations.

    Returns:
        The page's Markdown, at ``paths.element(key, retired.id)``.
    """
    model = histories.model
    snapshot = model.snapshots[key]
    page = paths.element(key, retired.id)
    element = retired.element
    last = model.snapshots[retired.last_seen]
    gone_in = model.snapshots[retired.retired_in].version
    before = mdlink(f"phiên bản {last.version}", link(page, paths.element(last.key, retired.id)))
    successors = [mdlink(snapshot.elements[i].name_vi, link(page, paths.element(key, i)))
                  for i in retired.successors if i in snapshot.elements]
    if retired.status == "renamed" and successors:
        body = (f"Thành phần này có ở {before} với mã `{retired.id}`; từ phiên bản {gone_in} "
                f"nó mang mã mới. Xem {successors[0]} ở phiên bản {snapshot.version}.")
    elif successors:
        body = (f"Thành phần này có ở {before}; từ phiên bản {gone_in} nó được hợp nhất vào "
                f"hoặc thay thế bằng: {', '.join(successors)}.")
    elif element.type == "project" and element.attrs.get("status") == "hoan-thanh":
        body = (f"Dự án, nhiệm vụ này đã hoàn thành ở {before}, nên không còn trong lộ trình "
                f"từ phiên bản {gone_in}; các thành phần nó tạo ra vẫn được theo dõi ở trang "
                "của từng thành phần.")
    else:
        body = f"Thành phần này có ở {before} và không còn từ phiên bản {gone_in}."
    entries = histories.of(snapshot.architecture).of(retired.id, version=last.version,
                                                     paths=paths)
    kind = ELEMENT_TYPES[element.type].vi
    return "\n\n".join([
        front_matter(title=f"{element.name_vi} (không còn ở phiên bản {snapshot.version})",
                     description=f"{kind} không còn trong {snapshot.title_vi} "
                                 f"{snapshot.version}").rstrip(),
        f"# {esc(element.name_vi)}",
        f"*{kind}* · không còn trong {esc(snapshot.title_vi)} {snapshot.version}",
        admonition("warning", f"Không còn trong phiên bản {snapshot.version}", body).rstrip(),
        history_sentence(model, entries),
        mdlink(f"← {snapshot.title_vi} {snapshot.version}", link(page, paths.version(key))),
    ]) + "\n"

