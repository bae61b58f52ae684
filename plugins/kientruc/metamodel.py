"""The metamodel as one table: element types, relation types and their ArchiMate 3.2 concepts.

Everything that needs to know what a type *is* (validation, pages, diagrams, exports, the
generated metamodel reference) reads it from here, so adding a type is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True, kw_only=True)
class ElementType:
    """One element type: its YAML id, Vietnamese names and ArchiMate concept."""

    id: str
    vi: str
    """Singular Vietnamese name, shown on pages (``Ứng dụng``)."""
    vi_plural: str
    """Heading of its catalogue table (``Danh mục ứng dụng``)."""
    en: str
    archimate: str
    """ArchiMate 3.2 element type, as written in the exchange format (``ApplicationComponent``)."""
    icon: str
    """Icon name in ``kientruc/icons`` used by diagrams."""
    slug: str
    """URL-safe catalogue name (``ung-dung``)."""


@dataclass(frozen=True, kw_only=True)
class RelationType:
    """One relation type: labels in both directions, ArchiMate mapping and allowed targets."""

    id: str
    vi: str
    """Label read from the source (``A — chủ quản → B``)."""
    vi_inverse: str
    """Label read from the target (``B — là chủ quản của → A``)."""
    archimate: str
    """Preferred ArchiMate relationship; exports fall back to Association where it is forbidden."""
    reverse: bool = False
    """True when ArchiMate draws it the other way (``hosted_on`` is node *serves* application)."""
    targets: frozenset[str] = frozenset()
    """Element types the target may have; empty means any type."""
    sources: frozenset[str] = frozenset()
    """Element types the source may have; empty means any type."""


def _types(*items: ElementType) -> Mapping[str, ElementType]:
    return MappingProxyType({item.id: item for item in items})


ELEMENT_TYPES: Mapping[str, ElementType] = _types(
    ElementType(id="organization", vi="Cơ quan, đơn vị", vi_plural="Danh mục cơ quan, đơn vị",
                en="Organization", archimate="BusinessActor", icon="organization", slug="co-quan"),
    ElementType(id="admin_unit", vi="Đơn vị hành chính", vi_plural="Danh mục đơn vị hành chính",
                en="Administrative unit", archimate="Location", icon="location",
                slug="don-vi-hanh-chinh"),
    ElementType(id="stakeholder", vi="Người sử dụng", vi_plural="Người sử dụng",
                en="Stakeholder", archimate="BusinessActor", icon="users", slug="nguoi-su-dung"),
    ElementType(id="channel", vi="Kênh giao tiếp", vi_plural="Danh mục kênh giao tiếp",
                en="Channel", archimate="BusinessInterface", icon="portal", slug="kenh"),
    ElementType(id="business_function", vi="Lĩnh vực nghiệp vụ",
                vi_plural="Danh mục lĩnh vực nghiệp vụ", en="Business function",
                archimate="BusinessFunction", icon="business", slug="nghiep-vu"),
    ElementType(id="public_service", vi="Dịch vụ công", vi_plural="Danh mục dịch vụ công",
                en="Public service", archimate="BusinessService", icon="service",
                slug="dich-vu-cong"),
    ElementType(id="smart_service", vi="Dịch vụ đô thị thông minh",
                vi_plural="Danh mục dịch vụ đô thị thông minh", en="Smart-city service",
                archimate="BusinessService", icon="service", slug="dich-vu-thong-minh"),
    ElementType(id="application", vi="Ứng dụng", vi_plural="Danh mục ứng dụng",
                en="Application", archimate="ApplicationComponent", icon="application",
                slug="ung-dung"),
    ElementType(id="platform", vi="Nền tảng", vi_plural="Danh mục nền tảng", en="Platform",
                archimate="ApplicationComponent", icon="platform", slug="nen-tang"),
    ElementType(id="database", vi="Cơ sở dữ liệu", vi_plural="Danh mục cơ sở dữ liệu",
                en="Database", archimate="DataObject", icon="database", slug="co-so-du-lieu"),
    ElementType(id="app_service", vi="Dịch vụ chia sẻ (API)",
                vi_plural="Danh mục dịch vụ chia sẻ (API)", en="Application service",
                archimate="ApplicationService", icon="api", slug="dich-vu-chia-se"),
    ElementType(id="node", vi="Hạ tầng tính toán", vi_plural="Danh mục hạ tầng tính toán",
                en="Node", archimate="Node", icon="datacenter", slug="ha-tang"),
    ElementType(id="network", vi="Mạng", vi_plural="Danh mục mạng", en="Network",
                archimate="CommunicationNetwork", icon="network", slug="mang"),
    ElementType(id="device", vi="Thiết bị, cảm biến", vi_plural="Danh mục thiết bị, cảm biến",
                en="Device", archimate="Device", icon="sensor", slug="thiet-bi"),
    ElementType(id="facility", vi="Cơ sở vật chất", vi_plural="Danh mục cơ sở vật chất",
                en="Facility", archimate="Facility", icon="facility", slug="co-so-vat-chat"),
    ElementType(id="security_control", vi="Giải pháp an toàn thông tin",
                vi_plural="Danh mục giải pháp an toàn thông tin", en="Security control",
                archimate="Node", icon="security", slug="an-toan-thong-tin"),
    ElementType(id="principle", vi="Nguyên tắc", vi_plural="Các nguyên tắc", en="Principle",
                archimate="Principle", icon="principle", slug="nguyen-tac"),
    ElementType(id="goal", vi="Mục tiêu", vi_plural="Các mục tiêu", en="Goal",
                archimate="Goal", icon="goal", slug="muc-tieu"),
    ElementType(id="legal_document", vi="Văn bản", vi_plural="Căn cứ pháp lý",
                en="Legal document", archimate="Constraint", icon="document", slug="van-ban"),
    ElementType(id="standard", vi="Tiêu chuẩn, yêu cầu", vi_plural="Danh mục tiêu chuẩn",
                en="Standard", archimate="Requirement", icon="document", slug="tieu-chuan"),
    ElementType(id="project", vi="Dự án, nhiệm vụ", vi_plural="Danh mục dự án, nhiệm vụ",
                en="Project", archimate="WorkPackage", icon="project", slug="du-an"),
    ElementType(id="issue", vi="Khó khăn, vướng mắc", vi_plural="Khó khăn, vướng mắc",
                en="Issue", archimate="Assessment", icon="issue", slug="kho-khan"),
)

ORG_TARGET = frozenset({"organization"})


def _relations(*items: RelationType) -> Mapping[str, RelationType]:
    return MappingProxyType({item.id: item for item in items})


RELATION_TYPES: Mapping[str, RelationType] = _relations(
    RelationType(id="part_of", vi="thuộc", vi_inverse="gồm", archimate="Composition",
                 reverse=True),
    RelationType(id="owned_by", vi="chủ quản", vi_inverse="là chủ quản của",
                 archimate="Association", targets=ORG_TARGET),
    RelationType(id="operated_by", vi="đơn vị vận hành", vi_inverse="vận hành",
                 archimate="Assignment", reverse=True, targets=ORG_TARGET),
    RelationType(id="hosted_on", vi="đặt tại hạ tầng", vi_inverse="lưu trữ, vận hành",
                 archimate="Serving", reverse=True,
                 targets=frozenset({"node", "platform", "facility", "network"})),
    RelationType(id="uses", vi="sử dụng", vi_inverse="được sử dụng bởi", archimate="Serving",
                 reverse=True),
    RelationType(id="accesses", vi="truy cập dữ liệu", vi_inverse="được truy cập bởi",
                 archimate="Access", targets=frozenset({"database"})),
    RelationType(id="exchanges_with", vi="liên thông với", vi_inverse="liên thông với",
                 archimate="Flow"),
    RelationType(id="serves", vi="phục vụ", vi_inverse="được phục vụ bởi", archimate="Serving"),
    RelationType(id="realizes", vi="hiện thực hóa", vi_inverse="được hiện thực hóa bởi",
                 archimate="Realization"),
    RelationType(id="delivers", vi="tạo ra", vi_inverse="được tạo ra bởi dự án",
                 archimate="Realization", sources=frozenset({"project"})),
    RelationType(id="led_by", vi="đơn vị chủ trì", vi_inverse="chủ trì",
                 archimate="Assignment", reverse=True, targets=ORG_TARGET,
                 sources=frozenset({"project"})),
    RelationType(id="invested_by", vi="chủ đầu tư", vi_inverse="là chủ đầu tư của",
                 archimate="Association", targets=ORG_TARGET, sources=frozenset({"project"})),
    RelationType(id="supported_by", vi="đơn vị phối hợp", vi_inverse="phối hợp thực hiện",
                 archimate="Association", targets=ORG_TARGET, sources=frozenset({"project"})),
    RelationType(id="based_on", vi="căn cứ", vi_inverse="là căn cứ của", archimate="Influence",
                 reverse=True, targets=frozenset({"legal_document", "standard", "principle"})),
    RelationType(id="supersedes", vi="thay thế", vi_inverse="được thay thế bởi",
                 archimate="Association"),
    RelationType(id="located_in", vi="đặt tại", vi_inverse="là nơi đặt",
                 archimate="Aggregation", reverse=True, targets=frozenset({"admin_unit"})),
    RelationType(id="provided_by", vi="cơ quan cung cấp", vi_inverse="cung cấp",
                 archimate="Assignment", reverse=True, targets=ORG_TARGET),
    RelationType(id="reported_by", vi="đơn vị báo cáo", vi_inverse="đã báo cáo",
                 archimate="Association", targets=frozenset({"organization", "stakeholder"}),
                 sources=frozenset({"issue"})),
    RelationType(id="reported_to", vi="báo cáo tới", vi_inverse="tiếp nhận",
                 archimate="Association", targets=ORG_TARGET, sources=frozenset({"issue"})),
    RelationType(id="concerns", vi="liên quan đến", vi_inverse="có khó khăn",
                 archimate="Association"),
    RelationType(id="protects", vi="bảo vệ", vi_inverse="được bảo vệ bởi", archimate="Serving"),
    RelationType(id="updated_by", vi="được cập nhật bởi", vi_inverse="cập nhật dữ liệu",
                 archimate="Access", reverse=True,
                 targets=frozenset({"stakeholder", "organization", "application", "platform"}),
                 sources=frozenset({"database"})),
    RelationType(id="updates", vi="cập nhật dữ liệu", vi_inverse="được cập nhật bởi",
                 archimate="Access", targets=frozenset({"database"})),
)

PROVENANCE_VI: Mapping[str, str] = MappingProxyType(
    {"confirmed": "đã xác nhận", "illustrative": "minh họa (chưa xác minh)"}
)

STATE_VI: Mapping[str, str] = MappingProxyType(
    {"hien-trang": "hiện trạng", "dang-trien-khai": "đang triển khai", "muc-tieu": "mục tiêu"}
)

VERSION_STATUS_VI: Mapping[str, str] = MappingProxyType(
    {"draft": "dự thảo", "approved": "đã phê duyệt", "superseded": "đã được thay thế"}
)

RELATION_SHORTHANDS: tuple[tuple[str, str], ...] = (
    ("owner", "owned_by"),
    ("operator", "operated_by"),
    ("parent", "part_of"),
    ("hosted_on", "hosted_on"),
    ("uses", "uses"),
    ("located_in", "located_in"),
    ("based_on", "based_on"),
    ("users", "serves"),
    ("provider", "provided_by"),
    ("exposed_via", "uses"),
    ("lead", "led_by"),
    ("investor", "invested_by"),
    ("partners", "supported_by"),
    ("delivers", "delivers"),
    ("decisions", "based_on"),
    ("reported_by", "reported_by"),
    ("reported_to", "reported_to"),
    ("concerns", "concerns"),
    ("covers", "protects"),
    ("updated_by", "updated_by"),
)
"""Fields that are relations written short: ``owner: x`` is ``{type: owned_by, target: x}``."""
