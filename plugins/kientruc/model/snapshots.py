"""A version file, checked against its folder, → :class:`~kientruc.model.types.Snapshot`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .types import Approval, Origin, Snapshot

if TYPE_CHECKING:
    from ..errors import Problem
    from ..source.reader import Source
    from ..source.spec import VersionFile
    from .types import Element, Framework

__all__ = ["check_version", "make_snapshot"]


def check_version(source: Source, spec: VersionFile, arch: str, folder: str) -> list[Problem]:
    """The version file names its own folders, and its period does not run backwards.

    Pages and comparisons find a version by its folders, so ``architecture`` and ``version``
    must repeat the folder names (``arch/<architecture>/<version>/``).
    """
    problems = []
    if spec.architecture != arch:
        problems.append(source.problem(("architecture",), (
            f"cần '{arch}' (tên thư mục), nhận được '{spec.architecture}'"), value=True))
    if spec.version != folder:
        problems.append(source.problem(("version",), (
            f"cần '{folder}' (tên thư mục), nhận được '{spec.version}'"), value=True))
    if spec.period.end < spec.period.start:
        problems.append(source.problem(("period", "to"), (
            f"năm kết thúc {spec.period.end} trước năm bắt đầu {spec.period.start}"),
            value=True))
    return problems


def make_snapshot(spec: VersionFile, source: Source, framework: Framework,
                  elements: dict[str, Element], folder: str) -> Snapshot:
    """The resolved version: its fields, its framework and its elements."""
    approval = spec.approval
    return Snapshot(
        architecture=spec.architecture, version=spec.version, title_vi=spec.title.vi,
        title_en=spec.title.en, framework=framework, status=spec.status,
        approval=Approval(number=approval.number, date=approval.date,
                          signer=approval.signer, provenance=approval.provenance,
                          sources=tuple(approval.sources)) if approval else None,
        period=(spec.period.start, spec.period.end), supersedes=spec.supersedes,
        summary=spec.summary, vision=spec.vision, scope=spec.scope,
        organisation=spec.organisation, legal_basis=tuple(spec.legal_basis),
        provenance=spec.provenance,
        digest=spec.digest.total if spec.digest else None,
        elements=elements, folder=folder,
        origin=Origin(file=source.file, line=1),
    )
