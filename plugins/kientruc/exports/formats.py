"""The downloads of one version, as the site generator publishes them under ``tai-ve/``."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ..metamodel import ELEMENT_TYPES
from .archimate import archimate_xml
from .handbook import handbook_pdf
from .model_json import SCHEMA_NAME, catalogue_csvs, model_json, model_schema_json

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..model.types import Model, Snapshot


class DownloadFormat(NamedTuple):
    """What a downloadable file is, for the open-data page."""

    description: str
    """Vietnamese description shown to readers."""
    mime: str
    """Media type (``application/json`` …)."""


DOWNLOAD_FORMATS: Mapping[str, DownloadFormat] = MappingProxyType({
    "model.json": DownloadFormat(
        "Toàn bộ phiên bản kiến trúc dưới dạng dữ liệu có cấu trúc JSON: thành phần, thuộc tính, "
        "quan hệ, khung kiến trúc và các lớp", "application/json"),
    SCHEMA_NAME: DownloadFormat(
        "Lược đồ JSON Schema mô tả cấu trúc của tệp model.json", "application/schema+json"),
    **{f"{t.slug}.csv": DownloadFormat(
        f"{t.vi_plural} dạng bảng CSV (mã UTF-8, mở trực tiếp bằng Excel)", "text/csv")
       for t in ELEMENT_TYPES.values()},
    "archimate.xml": DownloadFormat(
        "Mô hình ArchiMate 3.2 theo định dạng trao đổi mở (Open Exchange Format) của "
        "The Open Group, kèm các sơ đồ; nhập được vào Archi và các công cụ kiến trúc khác",
        "application/xml"),
    "so-tay.pdf": DownloadFormat(
        "Sổ tay kiến trúc (PDF) để lưu trữ và in: các chương, danh mục, lộ trình, sơ đồ và "
        "phụ lục so sánh với phiên bản trước", "application/pdf"),
})
"""Every download's file name → (Vietnamese description, media type)."""


def version_downloads(model: Model, snapshot: Snapshot, *,
                      comparison_rows: Sequence[tuple[str, str, str]] = (),
                      diagrams: Sequence[tuple[str, str]] = ()) -> dict[str, bytes]:
    """Build every download of one version.

    The same input gives the same bytes (the PDF's date comes from ``SOURCE_DATE_EPOCH``).

    Args:
        model: The whole model.
        snapshot: The version.
        comparison_rows: ``(kind, element, detail)`` Vietnamese rows comparing the version with
            the previous one, for the PDF's appendix.
        diagrams: ``(title, SVG text)`` pairs to place in the PDF; a diagram titled like a
            chapter of the framework goes into that chapter.

    Returns:
        ``{file name: bytes}``: ``model.json``, one CSV per catalogue present (``ung-dung.csv``
        …, in metamodel order), ``archimate.xml`` and ``so-tay.pdf``. Every name is a key of
        :data:`DOWNLOAD_FORMATS`.

    Raises:
        kientruc.handbook.FontMissingError: DejaVu Sans is not installed.
    """
    return {
        "model.json": model_json(model, snapshot),
        **catalogue_csvs(model, snapshot),
        "archimate.xml": archimate_xml(model, snapshot),
        "so-tay.pdf": handbook_pdf(model, snapshot, comparison_rows=comparison_rows,
                                   diagrams=diagrams),
    }


def model_json_schema() -> bytes:
    """Return the published JSON Schema of ``model.json`` (file name :data:`SCHEMA_NAME`)."""
    return model_schema_json()


def download_names(snapshot: Snapshot) -> list[str]:
    """The file names :func:`version_downloads` returns for ``snapshot``, without building them.

    Pages link to the downloads before they are built (the PDF waits for the diagrams).
    """
    present = {element.type for element in snapshot.elements.values()}
    csvs = [f"{t.slug}.csv" for t in ELEMENT_TYPES.values() if t.id in present]
    return ["model.json", *csvs, "archimate.xml", "so-tay.pdf"]
