"""Vietnamese labels for field names and coded values, as readers see them."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .metamodel import PROVENANCE_VI, STATE_VI
from .text import thousands

if TYPE_CHECKING:
    from collections.abc import Mapping

FIELD_VI: Mapping[str, str] = MappingProxyType({
    "id": "Mã", "type": "Loại", "name": "Tên", "name_vi": "Tên", "name_en": "Tên tiếng Anh",
    "short": "Tên viết tắt", "description": "Mô tả", "provenance": "Nguồn gốc thông tin",
    "sources": "Nguồn", "layer": "Lớp", "state": "Trạng thái", "level": "Cấp",
    "org_type": "Loại cơ quan", "gso_code": "Mã đơn vị hành chính (TCTK)",
    "unit_type": "Loại đơn vị", "kind": "Phân loại", "medium": "Phương thức", "url": "Địa chỉ",
    "ref_model_code": "Mã mô hình tham chiếu", "dvc_level": "Mức độ dịch vụ công",
    "field": "Lĩnh vực", "domain": "Lĩnh vực", "phase": "Giai đoạn", "priority": "Ưu tiên",
    "category": "Nhóm", "scope_levels": "Phạm vi triển khai", "security_level": "Cấp độ ATTT",
    "scope": "Phạm vi", "shared": "Dùng chung", "open_data": "Dữ liệu mở",
    "protocol": "Giao thức", "location": "Vị trí", "capacity": "Năng lực",
    "coverage": "Phạm vi phủ sóng", "count": "Số lượng", "purpose": "Mục đích",
    "address": "Địa chỉ", "layer_model": "Mô hình bảo vệ", "number": "Số",
    "statement": "Nội dung", "rationale": "Lý do", "implications": "Hệ quả",
    "horizon": "Năm đạt", "kpi": "Chỉ tiêu", "target_value": "Giá trị mục tiêu",
    "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "date": "Ngày",
    "title": "Trích yếu", "signer": "Người ký", "code": "Ký hiệu", "mandatory": "Bắt buộc",
    "start": "Năm bắt đầu", "end": "Năm kết thúc", "status": "Tình trạng",
    "budget_vnd": "Tổng kinh phí", "funding": "Nguồn vốn", "year_plan": "Kế hoạch theo năm",
    "resolution": "Hướng giải quyết", "owner": "Chủ quản", "operator": "Đơn vị vận hành",
    "parent": "Trực thuộc", "renamed_from": "Tên cũ (mã cũ)", "replaces": "Thay thế",
    "carried_out_by": "Cơ quan thực hiện",
})

VALUE_VI: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "level": {"trung-uong": "Trung ương", "tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã",
              "cap-i": "Cấp I", "cap-ii": "Cấp II", "noi-bo": "Nội bộ", "internet": "Internet",
              "di-dong": "Di động", "iot": "IoT"},
    "org_type": {"ubnd": "Ủy ban nhân dân", "so": "Sở", "ban": "Ban", "trung-tam": "Trung tâm",
                 "bo": "Bộ, ngành trung ương", "co-quan-nganh-doc": "Cơ quan ngành dọc",
                 "don-vi-su-nghiep": "Đơn vị sự nghiệp", "doanh-nghiep": "Doanh nghiệp",
                 "vien": "Viện nghiên cứu", "khac": "Khác"},
    "unit_type": {"tinh": "Tỉnh", "thanh-pho": "Thành phố", "huyen": "Huyện",
                  "thi-xa": "Thị xã", "xa": "Xã", "phuong": "Phường", "thi-tran": "Thị trấn"},
    "kind": {"nguoi-dan": "Người dân", "doanh-nghiep": "Doanh nghiệp",
             "can-bo": "Cán bộ, công chức, viên chức", "lanh-dao": "Lãnh đạo",
             "khach-du-lich": "Khách du lịch", "khac": "Khác", "dau-tu": "Dự án đầu tư",
             "thue-dich-vu": "Thuê dịch vụ CNTT", "nhiem-vu": "Nhiệm vụ"},
    "medium": {"web": "Trang web", "mobile": "Ứng dụng di động", "kiosk": "Ki-ốt",
               "quay": "Quầy tiếp nhận", "dien-thoai": "Điện thoại", "email": "Thư điện tử",
               "mang-xa-hoi": "Mạng xã hội"},
    "domain": {"giao-duc": "Giáo dục", "y-te": "Y tế", "giao-thong": "Giao thông",
               "moi-truong": "Môi trường", "nong-nghiep": "Nông nghiệp", "du-lich": "Du lịch",
               "kinh-te-tai-chinh": "Kinh tế – tài chính", "quan-ly-do-thi": "Quản lý đô thị",
               "an-ninh-trat-tu": "An ninh, trật tự", "khac": "Khác", "chung": "Chung",
               "nghiep-vu": "Nghiệp vụ", "du-lieu": "Dữ liệu", "ung-dung": "Ứng dụng",
               "cong-nghe": "Công nghệ", "attt": "An toàn thông tin"},
    "category": {"dung-chung": "Dùng chung", "chuyen-nganh": "Chuyên ngành",
                 "noi-bo": "Nội bộ", "cong": "Cổng thông tin", "quoc-gia": "Quốc gia"},
    "scope": {"quoc-gia": "Quốc gia", "chuyen-nganh": "Chuyên ngành",
              "dung-chung": "Dùng chung", "noi-bo": "Nội bộ"},
    "doc_type": {"luat": "Luật", "nq": "Nghị quyết", "nd": "Nghị định", "qd": "Quyết định",
                 "ct": "Chỉ thị", "tt": "Thông tư", "cv": "Công văn", "kh": "Kế hoạch",
                 "tb": "Thông báo", "khac": "Văn bản khác"},
    "status": {"chua-trien-khai": "Chưa triển khai", "dang-trien-khai": "Đang triển khai",
               "hoan-thanh": "Hoàn thành", "tam-dung": "Tạm dừng", "moi": "Mới tiếp nhận",
               "dang-xu-ly": "Đang xử lý", "da-giai-quyet": "Đã giải quyết"},
    "funding": {"nstw": "Ngân sách trung ương", "nsdp": "Ngân sách địa phương",
                "xhh": "Xã hội hóa", "oda": "Vốn ODA", "khac": "Nguồn khác"},
    "state": dict(STATE_VI),
    "provenance": dict(PROVENANCE_VI),
})
VALUE_VI_SCOPE_LEVELS = VALUE_VI["level"]


def field_label(name: str) -> str:
    """The Vietnamese label of a field name (falls back to the name)."""
    return FIELD_VI.get(name, name)


def org_kind_label(level: str | None, org_type: str | None) -> str:
    """``huyen`` + ``ubnd`` → "mọi Ủy ban nhân dân cấp huyện"; ``huyen`` alone → "mọi cơ quan …"."""
    kind = VALUE_VI["org_type"].get(org_type, "cơ quan") if org_type else "cơ quan"
    where = VALUE_VI["level"].get(level or "", level or "").lower()
    return f"mọi {kind} cấp {where}" if where else f"mọi {kind}"


def value_label(name: str, value: Any) -> str:
    """Render a coded value as readers see it (``tinh`` → ``Tỉnh``, ``True`` → ``Có``)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list | tuple):
        return ", ".join(value_label(name, v) for v in value) or "—"
    if name == "carried_out_by" and isinstance(value, dict):
        return org_kind_label(value.get("level"), value.get("org_type"))
    table = VALUE_VI.get("level" if name == "scope_levels" else name)
    if table and isinstance(value, str):
        return table.get(value, value)
    if isinstance(value, int) and name.endswith("_vnd"):
        return thousands(value) + " đ"
    return str(value)
