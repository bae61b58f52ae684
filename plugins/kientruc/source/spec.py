"""The sources "as written": pydantic models of every YAML file kind, and their JSON Schema.

These classes say what an editor may write. Validation errors they raise are turned into
located Vietnamese messages by :mod:`kientruc.load`; the resolved, cross-checked model lives in
:mod:`kientruc.model`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..metamodel import ELEMENT_TYPES, RELATION_TYPES

SLUG_PATTERN = r"^[a-z0-9]+(?:[.\-][a-z0-9]+)*$"
"""An id: lowercase ASCII letters and digits, joined by single '.' or '-'. It becomes a URL."""
REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/[0-9]+(?:\.[0-9]+)*:)?[a-z0-9]+(?:[.\-][a-z0-9]+)*$"
"""A reference: an id, or ``<architecture>/<version>:<id>`` for another architecture's element."""
VERSION_PATTERN = r"^[0-9]+(?:\.[0-9]+)*$"
"""A version number: ``1.0``, ``2.0``, ``2.1``."""
MAX_ID_LENGTH = 80
"""Longest id: ids become URLs and file names, which must stay portable (and under 255 bytes)."""
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""A date as ``YYYY-MM-DD``."""


def _real_date(value: str) -> str:
    """Refuse dates that match the pattern but do not exist (``2022-13-01``)."""
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"ngày '{value}' không tồn tại (cần dạng YYYY-MM-DD, ví dụ "
                         "2020-11-19)") from None
    return value


def _whole(value: Any) -> Any:
    """Take ``3.0`` as 3 where a whole number is expected.

    JSON Schema (and so the editor's YAML extension) cannot tell ``3.0`` from ``3``; the
    validator agrees with it rather than refusing what the editor showed as valid.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WHOLE = BeforeValidator(_whole)
"""Marks a whole number (``3`` or ``3.0``): ``Annotated[int, Field(ge=0), WHOLE]``.

Placed after the limits so that the schema keeps ``minimum``/``maximum``."""
Whole = Annotated[int, WHOLE]
Year = Annotated[int, Field(ge=1990, le=2100), WHOLE]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH)]
Ref = Annotated[str, StringConstraints(pattern=REF_PATTERN, max_length=2 * MAX_ID_LENGTH)]
VersionRef = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*/[0-9]+(?:\.[0-9]+)*$")]
Date = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_real_date)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
REF_CODE_PATTERN = r"^[A-Z]{3}[0-9]{3}(?:\.[0-9]{3})*$"
"""A reference-model code: ``DRM001``, ``DRM001.002``."""
RefCode = Annotated[str, StringConstraints(pattern=REF_CODE_PATTERN)]
Provenance = Literal["confirmed", "illustrative"]


class _Spec(BaseModel):
    """Base of every "as written" model: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class Text(_Spec):
    """A name in Vietnamese, with an optional English form."""

    vi: NonEmpty
    en: NonEmpty | None = None


class RelationSpec(_Spec):
    """An explicit relation from the element it is written under."""

    type: Literal[tuple(RELATION_TYPES)]  # type: ignore[valid-type]
    target: Ref
    via: Ref | None = Field(default=None,
                            description="Integration platform the exchange goes through.")
    data: str | None = Field(default=None, description="What data is exchanged or accessed.")
    mode: Literal["r", "w", "rw"] | None = None
    since: Year | None = None
    note: str | None = None


class ElementSpec(_Spec):
    """Fields every element has."""

    id: Slug
    type: str
    name: Text
    short: str | None = None
    description: str = ""
    provenance: Provenance
    sources: list[Url] = []
    layer: Slug | None = None
    state: Literal["hien-trang", "dang-trien-khai", "muc-tieu"] | None = None
    renamed_from: Slug | None = None
    replaces: list[Slug] = []
    owner: Ref | None = None
    operator: Ref | None = None
    parent: Ref | None = None
    hosted_on: list[Ref] = []
    uses: list[Ref] = []
    located_in: Ref | None = None
    based_on: list[Ref] = []
    relations: list[RelationSpec] = []


Level = Literal["trung-uong", "tinh", "huyen", "xa"]
OrgType = Literal["ubnd", "so", "ban", "trung-tam", "bo", "co-quan-nganh-doc", "don-vi-su-nghiep",
                  "doanh-nghiep", "vien", "khac"]


class OrganizationSpec(ElementSpec):
    """An agency or unit (sở, ban, UBND, trung tâm …) with its administrative level."""

    type: Literal["organization"]
    level: Level
    org_type: OrgType = "khac"


class OrgKind(_Spec):
    """Every organisation of one kind, for a task the plan gives to all of them.

    ``{level: huyen, org_type: ubnd}`` is each district's and the city's People's Committee.
    """

    level: Level
    org_type: OrgType | None = None


class AdminUnitSpec(ElementSpec):
    """An administrative unit (province, district, commune) with its GSO code."""

    type: Literal["admin_unit"]
    gso_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{2,5}$")]
    unit_type: Literal["tinh", "thanh-pho", "huyen", "thi-xa", "xa", "phuong", "thi-tran"]


class StakeholderSpec(ElementSpec):
    """A group of users (citizens, businesses, officials …)."""

    type: Literal["stakeholder"]
    kind: Literal["nguoi-dan", "doanh-nghiep", "can-bo", "lanh-dao", "khach-du-lich", "khac"]


class ChannelSpec(ElementSpec):
    """A channel through which users reach services (web, mobile, kiosk, counter …)."""

    type: Literal["channel"]
    medium: Literal["web", "mobile", "kiosk", "quay", "dien-thoai", "email", "mang-xa-hoi"]
    url: Url | None = None
    users: list[Ref] = []


class BusinessFunctionSpec(ElementSpec):
    """A business function (lĩnh vực nghiệp vụ)."""

    type: Literal["business_function"]
    ref_model_code: RefCode | None = None


class PublicServiceSpec(ElementSpec):
    """A public service (dịch vụ công) with its online level."""

    type: Literal["public_service"]
    dvc_level: Annotated[int, Field(ge=1, le=4), WHOLE] | None = None
    field: str | None = None
    provider: Ref | None = None
    users: list[Ref] = []


class SmartServiceSpec(ElementSpec):
    """A smart-city service in one priority domain."""

    type: Literal["smart_service"]
    domain: Literal["giao-duc", "y-te", "giao-thong", "moi-truong", "nong-nghiep", "du-lich",
                    "kinh-te-tai-chinh", "quan-ly-do-thi", "an-ninh-trat-tu", "khac"]
    phase: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{4}$")] | None = None
    priority: bool = False
    users: list[Ref] = []


class ApplicationSpec(ElementSpec):
    """An application (phần mềm, hệ thống thông tin)."""

    type: Literal["application"]
    category: Literal["dung-chung", "chuyen-nganh", "noi-bo", "cong", "quoc-gia"] = "chuyen-nganh"
    scope_levels: list[Literal["trung-uong", "tinh", "huyen", "xa"]] = []
    security_level: Annotated[int, Field(ge=1, le=5), WHOLE] | None = None
    ref_model_code: RefCode | None = None
    url: Url | None = None
    users: list[Ref] = []


class PlatformSpec(ApplicationSpec):
    """A shared platform (LGSP, IOC …): an application that others build on."""

    type: Literal["platform"]  # type: ignore[assignment]


class DatabaseSpec(ElementSpec):
    """A database (cơ sở dữ liệu) and its scope."""

    type: Literal["database"]
    scope: Literal["quoc-gia", "chuyen-nganh", "dung-chung", "noi-bo"]
    shared: bool = False
    open_data: bool = False
    ref_model_code: RefCode | None = None
    updated_by: list[Ref] = Field(default=[], description="Who keeps the data up to date.")


class AppServiceSpec(ElementSpec):
    """A shared application service (API) exposed to other systems."""

    type: Literal["app_service"]
    protocol: str | None = None
    exposed_via: Ref | None = None


class NodeSpec(ElementSpec):
    """A computing node: data centre, cloud, server cluster."""

    type: Literal["node"]
    location: str | None = None
    capacity: str | None = None


class NetworkSpec(ElementSpec):
    """A network (mạng truyền số liệu chuyên dùng, Internet, IoT …)."""

    type: Literal["network"]
    level: Literal["cap-i", "cap-ii", "noi-bo", "internet", "di-dong", "iot"] | None = None
    coverage: str | None = None


class DeviceSpec(ElementSpec):
    """A device or sensor, with how many there are."""

    type: Literal["device"]
    count: Annotated[int, Field(ge=0), WHOLE] | None = None
    purpose: str | None = None


class FacilitySpec(ElementSpec):
    """A physical facility (building, operations room)."""

    type: Literal["facility"]
    address: str | None = None


class SecurityControlSpec(ElementSpec):
    """A security control (giải pháp an toàn thông tin) and what it protects."""

    type: Literal["security_control"]
    layer_model: str | None = None
    covers: list[Ref] = []


class PrincipleSpec(ElementSpec):
    """An architecture principle (nguyên tắc)."""

    type: Literal["principle"]
    number: Annotated[int, Field(ge=1), WHOLE] | None = None
    domain: Literal["chung", "nghiep-vu", "du-lieu", "ung-dung", "cong-nghe", "attt"] = "chung"
    statement: str | None = None
    rationale: str | None = None
    implications: str | None = None


class GoalSpec(ElementSpec):
    """A goal (mục tiêu), optionally with a KPI and its horizon."""

    type: Literal["goal"]
    horizon: Year | None = None
    kpi: str | None = None
    target_value: str | None = None


class LegalDocumentSpec(ElementSpec):
    """A legal document (căn cứ pháp lý): number, type, issuer, date, title."""

    type: Literal["legal_document"]
    number: NonEmpty
    doc_type: Literal["luat", "nq", "nd", "qd", "ct", "tt", "cv", "kh", "tb", "khac"]
    issuer: NonEmpty
    date: Date | None = None
    title: NonEmpty
    url: Url | None = None
    signer: str | None = None


class StandardSpec(ElementSpec):
    """A standard or requirement (tiêu chuẩn, quy chuẩn)."""

    type: Literal["standard"]
    code: str | None = None
    mandatory: bool = False


class YearPlan(_Spec):
    """What a project does in one year, and what it spends."""

    tasks: NonEmpty
    budget_vnd: Annotated[int, Field(ge=0), WHOLE] | None = None


class ProjectSpec(ElementSpec):
    """A project or task (dự án, nhiệm vụ): lead, years, budget, funding, yearly plan."""

    type: Literal["project"]
    kind: Literal["dau-tu", "thue-dich-vu", "nhiem-vu"] = "dau-tu"
    lead: Ref
    investor: Ref | None = None
    partners: list[Ref] = []
    carried_out_by: list[OrgKind] = []
    """Kinds of organisation that each carry the project out in their own scope."""
    start: Year
    end: Year
    status: Literal["chua-trien-khai", "dang-trien-khai", "hoan-thanh", "tam-dung"]
    budget_vnd: Annotated[int, Field(ge=0), WHOLE] | None = None
    funding: dict[Literal["nstw", "nsdp", "xhh", "oda", "khac"],
                  Annotated[int, Field(ge=0), WHOLE]] = {}
    year_plan: dict[str, YearPlan] = {}
    decisions: list[Ref] = []
    delivers: list[Ref] = []


class IssueSpec(ElementSpec):
    """An issue (khó khăn, vướng mắc): who reported it, to whom, status, resolution."""

    type: Literal["issue"]
    reported_by: Ref
    reported_to: Ref
    date: Date
    status: Literal["moi", "dang-xu-ly", "da-giai-quyet"]
    resolution: str | None = None
    concerns: list[Ref] = []


ELEMENT_SPECS: dict[str, type[ElementSpec]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (OrganizationSpec, AdminUnitSpec, StakeholderSpec, ChannelSpec,
                BusinessFunctionSpec, PublicServiceSpec, SmartServiceSpec, ApplicationSpec,
                PlatformSpec, DatabaseSpec, AppServiceSpec, NodeSpec, NetworkSpec, DeviceSpec,
                FacilitySpec, SecurityControlSpec, PrincipleSpec, GoalSpec, LegalDocumentSpec,
                StandardSpec, ProjectSpec, IssueSpec)
}
assert set(ELEMENT_SPECS) == set(ELEMENT_TYPES), "metamodel and spec disagree"


class GlossaryEntry(_Spec):
    """One glossary term (abbreviation → meaning)."""

    term: NonEmpty
    vi: NonEmpty
    en: str | None = None
    description: str = ""


class CatalogueFile(_Spec):
    """Any YAML file of a version folder other than ``version.yaml``, and of ``arch/common/``."""

    elements: list[Any] = Field(default=[], description="Elements, each checked on its own.")
    glossary: list[Any] = Field(default=[], description="GlossaryEntry items, each checked.")


class Approval(_Spec):
    """The decision that approved a version."""

    number: NonEmpty
    date: Date | None = None
    signer: str | None = None
    provenance: Provenance
    sources: list[Url] = []


class Digest(_Spec):
    """Written by ``kientruc freeze``: the content digest of an approved version folder."""

    total: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]
    files: dict[str, Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]]


class Period(_Spec):
    """Years a version covers, written ``{from: 2021, to: 2025}``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False)

    start: Year = Field(alias="from")
    end: Year = Field(alias="to")


class VersionFile(_Spec):
    """``version.yaml``: what a version is, which framework it follows and its status."""

    architecture: Slug
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN, max_length=16)]
    title: Text
    framework: Slug
    status: Literal["draft", "approved", "superseded"]
    approval: Approval | None = None
    period: Period
    supersedes: VersionRef | None = None
    summary: str = ""
    vision: str = ""
    scope: str = ""
    organisation: str = Field(default="", description="Tổ chức triển khai (Markdown).")
    legal_basis: list[Ref] = []
    provenance: Provenance
    digest: Digest | None = Field(default=None, description="Written by `kientruc freeze`.")


class LayerSpec(_Spec):
    """One layer (band) of a framework's overall diagram."""

    id: Slug
    name: Text
    order: Whole
    orientation: Literal["horizontal", "vertical", "external"]
    description: str = ""


class ChapterSpec(_Spec):
    """One chapter (component architecture) of a version's pages."""

    id: Slug
    title: NonEmpty
    layers: list[Slug] = []
    types: list[str] = []
    diagram: Literal["overall", "integration", "smart-city"] | None = None
    intro: str = ""


class RefCodeSpec(_Spec):
    """One code of a reference model, with its Vietnamese name."""

    code: RefCode
    name: NonEmpty
    provenance: Provenance = "confirmed"


class RefModelSpec(_Spec):
    """A reference model of a framework (BRM, DRM, ARM, TRM, SRM of Khung 2.0)."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    name: Text
    types: list[str] = []
    """Element types whose ``ref_model_code`` belongs to this model."""
    description: str = ""
    codes: list[RefCodeSpec] = []


class FrameworkFile(_Spec):
    """``arch/frameworks/<id>.yaml``: a framework's layers and chapters, as data."""

    id: Slug
    name: Text
    short: str | None = None
    legal_basis: Ref | None = None
    description: str = ""
    layers: list[LayerSpec]
    chapters: list[ChapterSpec] = []
    type_defaults: dict[str, Slug] = {}
    layer_map: dict[Slug, dict[Slug, Slug]] = Field(
        default={}, description="For comparisons: {other framework: {its layer: our layer}}.")
    reference_models: list[RefModelSpec] = []
    provenance: Provenance = "confirmed"
