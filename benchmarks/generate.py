"""Write a synthetic but realistic ``arch/`` tree of a chosen size, for the build benchmark.

Usage::

    python -m benchmarks.generate --size M --out /tmp/bench-m/arch [--seed 0]

The tree holds the frameworks (copied from the repository's ``arch/frameworks``), a ``common/``
folder with a few legal documents and national systems, and one architecture (``cqdt``) in three
versions, 1.0 → 2.0 → 3.0, with realistic change between them: a few percent of the elements
added, removed, renamed (``renamed_from``), replaced (``replaces``) or edited, and relations added
and removed. Its shape follows a province: organisations in a hierarchy (province → departments
→ centres, districts → communes), applications that own databases and exchange data through the
provincial LGSP, public services provided by departments and districts, and projects over the
version's years with a yearly plan whose budgets add up.

The output depends only on the size and the seed (same input → same bytes).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ROOT / "arch" / "frameworks"
ARCH = "cqdt"
PROVINCE = "Mẫu"
FILE_LIMIT = 400
"""At most this many elements per YAML file (the loader refuses files over 2 MB)."""

Item = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class Size:
    """How many elements of each kind one version has."""

    name: str
    departments: int
    centres: int
    districts: int
    communes: int
    applications: int
    databases: int
    platforms: int
    app_services: int
    public_services: int
    business_functions: int
    stakeholders: int
    channels: int
    nodes: int
    networks: int
    devices: int
    facilities: int
    security_controls: int
    principles: int
    goals: int
    standards: int
    projects: int
    issues: int
    change: float = 0.02
    """Base rate of each kind of change between two versions (fraction of the elements)."""
    versions: int = 3
    """How many of :data:`VERSIONS` to write (the smoke-test size writes one)."""


SIZES: dict[str, Size] = {
    # A tiny one-version model for the smoke test of the benchmark (seconds, with diagrams).
    "XS": Size(name="XS", departments=2, centres=1, districts=1, communes=1, applications=3,
               databases=2, platforms=1, app_services=1, public_services=3,
               business_functions=2, stakeholders=2, channels=1, nodes=1, networks=1, devices=1,
               facilities=1, security_controls=1, principles=1, goals=1, standards=1,
               projects=1, issues=1, change=0.1, versions=1),
    # About the reference site: some 150 elements per version.
    "S": Size(name="S", departments=8, centres=3, districts=3, communes=6, applications=25,
              databases=15, platforms=3, app_services=5, public_services=30,
              business_functions=8, stakeholders=3, channels=3, nodes=3, networks=2, devices=4,
              facilities=2, security_controls=4, principles=4, goals=4, standards=3,
              projects=8, issues=3, change=0.04),
    # A province in full: 500 applications, 300 databases, 120 organisations, 2,000 services.
    "M": Size(name="M", departments=20, centres=10, districts=9, communes=80, applications=500,
              databases=300, platforms=5, app_services=40, public_services=2000,
              business_functions=40, stakeholders=5, channels=6, nodes=8, networks=4,
              devices=30, facilities=4, security_controls=15, principles=10, goals=10,
              standards=10, projects=80, issues=20),
    # Five times M: a national-size collection.
    "L": Size(name="L", departments=100, centres=50, districts=45, communes=400,
              applications=2500, databases=1500, platforms=10, app_services=200,
              public_services=10000, business_functions=65, stakeholders=5, channels=6,
              nodes=40, networks=4, devices=150, facilities=20, security_controls=75,
              principles=10, goals=50, standards=50, projects=400, issues=100),
}

VERSIONS = (("1.0", "vneaf-1.0", 2016, 2020, "superseded"),
            ("2.0", "vneaf-2.0", 2021, 2025, "superseded"),
            ("3.0", "vneaf-2.0", 2026, 2030, "draft"))
"""(version, framework, first year, last year, status)."""

# -- vocabulary ----------------------------------------------------------------------------------

DEPARTMENTS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("so-tttt", "Sở Thông tin và Truyền thông", "Sở TT&TT",
     ("cong-nghe-thong-tin", "vien-thong", "bao-chi", "xuat-ban")),
    ("so-tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT",
     ("dat-dai", "moi-truong", "tai-nguyen-nuoc", "khoang-san")),
    ("van-phong-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND", ("kiem-soat-tthc",)),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ("dau-tu", "doanh-nghiep")),
    ("so-tc", "Sở Tài chính", None, ("tai-chinh", "gia-ca")),
    ("so-tp", "Sở Tư pháp", None, ("ho-tich", "ly-lich-tu-phap", "cong-chung")),
    ("so-nv", "Sở Nội vụ", None, ("to-chuc-bo-may", "thi-dua-khen-thuong", "van-thu-luu-tru")),
    ("so-yt", "Sở Y tế", None, ("kham-chua-benh", "duoc", "an-toan-thuc-pham")),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ("giao-duc", "thi-tuyen-sinh")),
    ("so-gtvt", "Sở Giao thông vận tải", "Sở GTVT", ("duong-bo", "dao-tao-sat-hach")),
    ("so-xd", "Sở Xây dựng", None, ("cap-phep-xay-dung", "quy-hoach", "nha-o")),
    ("so-ct", "Sở Công Thương", None, ("thuong-mai", "cong-nghiep")),
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT",
     ("trong-trot", "thuy-loi", "thuy-san")),
    ("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTB&XH",
     ("lao-dong-viec-lam", "nguoi-co-cong", "bao-tro-xa-hoi")),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", ("van-hoa", "du-lich")),
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", ("khoa-hoc-cong-nghe",)),
    ("thanh-tra", "Thanh tra tỉnh", None, ("thanh-tra", "khieu-nai-to-cao")),
    ("ban-dan-toc", "Ban Dân tộc", None, ("dan-toc",)),
    ("bql-kcn", "Ban Quản lý các khu công nghiệp", "BQL KCN", ("khu-cong-nghiep",)),
    ("cong-an", "Công an tỉnh", None, ("cu-tru", "phong-chay-chua-chay")),
)

FIELDS: dict[str, str] = {
    "cong-nghe-thong-tin": "công nghệ thông tin", "vien-thong": "viễn thông",
    "bao-chi": "báo chí", "xuat-ban": "xuất bản, in và phát hành", "dat-dai": "đất đai",
    "moi-truong": "môi trường", "tai-nguyen-nuoc": "tài nguyên nước",
    "khoang-san": "khoáng sản", "kiem-soat-tthc": "kiểm soát thủ tục hành chính",
    "dau-tu": "đầu tư", "doanh-nghiep": "thành lập và phát triển doanh nghiệp",
    "tai-chinh": "tài chính", "gia-ca": "quản lý giá", "ho-tich": "hộ tịch",
    "ly-lich-tu-phap": "lý lịch tư pháp", "cong-chung": "công chứng, chứng thực",
    "to-chuc-bo-may": "tổ chức bộ máy", "thi-dua-khen-thuong": "thi đua, khen thưởng",
    "van-thu-luu-tru": "văn thư, lưu trữ", "kham-chua-benh": "khám bệnh, chữa bệnh",
    "duoc": "dược, mỹ phẩm", "an-toan-thuc-pham": "an toàn thực phẩm", "giao-duc": "giáo dục",
    "thi-tuyen-sinh": "thi, tuyển sinh", "duong-bo": "đường bộ",
    "dao-tao-sat-hach": "đào tạo, sát hạch lái xe", "cap-phep-xay-dung": "cấp phép xây dựng",
    "quy-hoach": "quy hoạch xây dựng", "nha-o": "nhà ở", "thuong-mai": "thương mại",
    "cong-nghiep": "công nghiệp", "trong-trot": "trồng trọt", "thuy-loi": "thủy lợi",
    "thuy-san": "thủy sản", "lao-dong-viec-lam": "lao động, việc làm",
    "nguoi-co-cong": "người có công", "bao-tro-xa-hoi": "bảo trợ xã hội",
    "van-hoa": "văn hóa", "du-lich": "du lịch", "khoa-hoc-cong-nghe": "khoa học và công nghệ",
    "thanh-tra": "thanh tra", "khieu-nai-to-cao": "khiếu nại, tố cáo",
    "dan-toc": "công tác dân tộc",
    "khu-cong-nghiep": "khu công nghiệp", "cu-tru": "cư trú",
    "phong-chay-chua-chay": "phòng cháy, chữa cháy",
}

DISTRICTS = (("Thái Bình", "thanh-pho"), ("Đông Hưng", "huyen"), ("Hưng Hà", "huyen"),
             ("Quỳnh Phụ", "huyen"), ("Thái Thụy", "huyen"), ("Tiền Hải", "huyen"),
             ("Kiến Xương", "huyen"), ("Vũ Thư", "huyen"))
SYLLABLES = ("An", "Bình", "Hòa", "Phú", "Tân", "Thanh", "Đông", "Tây", "Nam", "Bắc", "Minh",
             "Quang", "Hồng", "Vũ", "Thụy", "Hải", "Lạc", "Việt", "Trung", "Hưng", "Đức", "Xuân",
             "Phong", "Sơn", "Lâm", "Thái", "Vĩnh", "Kim", "Ngọc", "Long")
CENTRE_TOPICS = (("Công nghệ thông tin và Truyền thông", "so-tttt"),
                 ("Phục vụ hành chính công", "van-phong-ubnd"),
                 ("Quan trắc tài nguyên và môi trường", "so-tnmt"),
                 ("Phát triển quỹ đất", "so-tnmt"), ("Xúc tiến đầu tư", "so-khdt"),
                 ("Kiểm soát bệnh tật", "so-yt"), ("Dịch vụ việc làm", "so-ldtbxh"),
                 ("Khuyến nông", "so-nnptnt"), ("Thông tin và Thống kê khoa học", "so-khcn"),
                 ("Lưu trữ lịch sử", "so-nv"))
APP_PREFIXES = ("Hệ thống thông tin quản lý", "Phần mềm quản lý", "Ứng dụng hỗ trợ nghiệp vụ",
                "Hệ thống theo dõi, giám sát", "Phần mềm thống kê, báo cáo")
DB_PREFIXES = ("Cơ sở dữ liệu", "Kho dữ liệu", "Cơ sở dữ liệu hồ sơ")
SERVICE_VERBS = ("Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Đăng ký", "Xác nhận",
                 "Thẩm định", "Phê duyệt", "Công nhận")
SERVICE_OBJECTS = ("giấy phép", "giấy chứng nhận", "hồ sơ", "chứng chỉ hành nghề",
                   "quyết định", "văn bản chấp thuận", "thông báo", "danh sách",
                   "kế hoạch", "báo cáo")
SERVICE_LEVELS = (("cấp tỉnh", "tinh"), ("cấp huyện", "huyen"), ("cấp xã", "xa"))
RENAMES = (("Phần mềm quản lý", "Hệ thống thông tin"),
           ("Hệ thống thông tin quản lý", "Nền tảng số"),
           ("Ứng dụng hỗ trợ nghiệp vụ", "Hệ thống nghiệp vụ"),
           ("Cơ sở dữ liệu hồ sơ", "Kho hồ sơ"), ("Cơ sở dữ liệu", "Kho dữ liệu"),
           ("Kho dữ liệu", "Cơ sở dữ liệu"))

LEGAL: dict[str, tuple[str, str, str, str, str]] = {
    "vn.vb.cv-1178-2015-btttt": ("1178/BTTTT-THH", "cv", "Bộ Thông tin và Truyền thông",
                                 "2015-04-21", "Ban hành Khung Kiến trúc Chính phủ điện tử Việt "
                                 "Nam, phiên bản 1.0"),
    "vn.vb.qd-2323-2019-btttt": ("2323/QĐ-BTTTT", "qd", "Bộ Thông tin và Truyền thông",
                                 "2019-12-31", "Ban hành Khung Kiến trúc Chính phủ điện tử Việt "
                                 "Nam, phiên bản 2.0"),
    "vn.vb.qd-829-2019-btttt": ("829/QĐ-BTTTT", "qd", "Bộ Thông tin và Truyền thông",
                                "2019-05-31", "Ban hành Khung tham chiếu ICT phát triển đô thị "
                                "thông minh, phiên bản 1.0"),
    "vn.vb.nd-47-2020-cp": ("47/2020/NĐ-CP", "nd", "Chính phủ", "2020-04-09",
                            "Quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước"),
    "vn.vb.nd-85-2016-cp": ("85/2016/NĐ-CP", "nd", "Chính phủ", "2016-07-01",
                            "Bảo đảm an toàn hệ thống thông tin theo cấp độ"),
    "vn.vb.nd-73-2019-cp": ("73/2019/NĐ-CP", "nd", "Chính phủ", "2019-09-05",
                            "Quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân "
                            "sách nhà nước"),
    "vn.vb.qd-749-2020-ttg": ("749/QĐ-TTg", "qd", "Thủ tướng Chính phủ", "2020-06-03",
                              "Phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định "
                              "hướng đến năm 2030"),
    "vn.vb.nd-61-2018-cp": ("61/2018/NĐ-CP", "nd", "Chính phủ", "2018-04-23",
                            "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ "
                            "tục hành chính"),
}


def slug(text: str) -> str:
    """Turn a Vietnamese name into an id part: ``"Đông Hưng"`` → ``"dong-hung"``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# -- the generator ------------------------------------------------------------------------------

_SCALAR_REFS = ("owner", "operator", "parent", "located_in", "provider", "exposed_via", "lead",
                "investor", "reported_by", "reported_to")
_LIST_REFS = ("hosted_on", "uses", "based_on", "users", "partners", "delivers", "decisions",
              "concerns", "covers")


class _Generator:
    """Builds the first version, then derives each next version by realistic edits."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = Random(f"kientruc-benchmark/{size.name}/{seed}")
        self.elements: dict[str, Item] = {}
        self.used: set[str] = set()
        self.field_dept: dict[str, str] = {}
        self.field_dbs: dict[str, list[str]] = {}
        self.field_apps: dict[str, list[str]] = {}
        self.districts: list[tuple[str, str, str]] = []  # (org id, admin unit id, name)
        self.communes: list[tuple[str, str, str]] = []
        self.counter = 0

    # -- helpers ------------------------------------------------------------------------------

    def new_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def add(self, item: Item) -> Item:
        item.setdefault("provenance", "illustrative")
        self.elements[item["id"]] = item
        return item

    def of_type(self, *types: str) -> list[Item]:
        return [e for e in self.elements.values() if e["type"] in types]

    def pick(self, items: list[Any], k: int = 1) -> list[Any]:
        return self.rng.sample(items, min(k, len(items))) if items else []

    # -- the first version --------------------------------------------------------------------

    def base(self) -> None:
        size = self.size
        self.organisations()
        self.stakeholders_channels()
        fields = list(FIELDS)[:max(size.business_functions, 1)]
        for i in range(size.business_functions):
            key = fields[i % len(fields)]
            self.business_function(key, i // len(fields))
        self.infrastructure()
        self.platforms()
        self.shared_applications()
        for _ in range(size.databases - len(self.of_type("database"))):
            self.database()
        for _ in range(size.applications - len(self.of_type("application"))):
            self.application()
        for _ in range(size.app_services):
            self.app_service()
        for _ in range(size.public_services):
            self.public_service()
        self.governance()

    def organisations(self) -> None:
        size = self.size
        self.add({"id": self.new_id("dv.tinh"), "type": "admin_unit",
                  "name": {"vi": f"Tỉnh {PROVINCE}"}, "gso_code": "34", "unit_type": "tinh",
                  "description": f"Địa bàn tỉnh {PROVINCE}."})
        self.add({"id": self.new_id("org.ubnd-tinh"), "type": "organization",
                  "name": {"vi": f"Ủy ban nhân dân tỉnh {PROVINCE}",
                           "en": f"{PROVINCE} Provincial People's Committee"},
                  "short": "UBND tỉnh", "level": "tinh", "org_type": "ubnd",
                  "located_in": "dv.tinh",
                  "description": "Cơ quan hành chính nhà nước cấp tỉnh, phê duyệt kiến trúc."})
        for i in range(size.departments):
            if i < len(DEPARTMENTS):
                code, name, short, fields = DEPARTMENTS[i]
                item: Item = {"id": self.new_id(f"org.{code}"), "type": "organization",
                              "name": {"vi": name}}
                if short:
                    item["short"] = short
                item.update({"level": "tinh", "org_type": "ban" if "Ban" in name else "so",
                             "parent": "org.ubnd-tinh", "located_in": "dv.tinh",
                             "description": f"Cơ quan chuyên môn thuộc UBND tỉnh {PROVINCE}."})
                self.add(item)
                for key in fields:
                    self.field_dept.setdefault(key, item["id"])
            else:
                key = list(FIELDS)[i % len(FIELDS)]
                parent = self.field_dept.get(key, "org.so-tttt")
                self.add({"id": self.new_id(f"org.chi-cuc-{key}"), "type": "organization",
                          "name": {"vi": f"Chi cục {FIELDS[key]} số {i // len(FIELDS) + 1}"},
                          "level": "tinh", "org_type": "khac", "parent": parent,
                          "located_in": "dv.tinh",
                          "description": f"Đơn vị giúp việc về {FIELDS[key]}."})
        for key in FIELDS:
            self.field_dept.setdefault(key, "org.so-tttt")
        depts = {e["id"] for e in self.of_type("organization")}
        for i in range(size.centres):
            topic, dept = CENTRE_TOPICS[i % len(CENTRE_TOPICS)]
            parent = f"org.{dept}" if f"org.{dept}" in depts else "org.ubnd-tinh"
            suffix = "" if i < len(CENTRE_TOPICS) else f" số {i // len(CENTRE_TOPICS) + 1}"
            self.add({"id": self.new_id(f"org.tt-{slug(topic)}"), "type": "organization",
                      "name": {"vi": f"Trung tâm {topic}{suffix}"}, "level": "tinh",
                      "org_type": "trung-tam", "parent": parent, "located_in": "dv.tinh",
                      "description": "Đơn vị sự nghiệp trực thuộc."})
        for i in range(size.districts):
            if i < len(DISTRICTS):
                name, unit = DISTRICTS[i]
            else:
                name = f"{self.rng.choice(SYLLABLES)} {self.rng.choice(SYLLABLES)}"
                unit = "huyen"
            word = "Thành phố" if unit == "thanh-pho" else "Huyện"
            unit_id = self.new_id(f"dv.{slug(name)}")
            self.add({"id": unit_id, "type": "admin_unit", "name": {"vi": f"{word} {name}"},
                      "gso_code": str(336 + i + (1 if i else 0)), "unit_type": unit,
                      "parent": "dv.tinh"})
            org_id = self.new_id(f"org.ubnd-{slug(name)}")
            self.add({"id": org_id, "type": "organization",
                      "name": {"vi": f"Ủy ban nhân dân {word.lower()} {name}"},
                      "short": f"UBND {name}", "level": "huyen", "org_type": "ubnd",
                      "parent": "org.ubnd-tinh", "located_in": unit_id,
                      "description": (f"Cơ quan hành chính cấp huyện, địa bàn "
                                      f"{word.lower()} {name}.")})
            self.districts.append((org_id, unit_id, f"{word.lower()} {name}"))
        for i in range(size.communes):
            org_d, unit_d, _ = self.districts[i % len(self.districts)]
            name = f"{self.rng.choice(SYLLABLES)} {self.rng.choice(SYLLABLES)}"
            unit_id = self.new_id(f"dv.xa-{slug(name)}")
            self.add({"id": unit_id, "type": "admin_unit", "name": {"vi": f"Xã {name}"},
                      "gso_code": str(12000 + i), "unit_type": "xa", "parent": unit_d})
            org_id = self.new_id(f"org.ubnd-xa-{slug(name)}")
            self.add({"id": org_id, "type": "organization",
                      "name": {"vi": f"Ủy ban nhân dân xã {name}"}, "level": "xa",
                      "org_type": "ubnd", "parent": org_d, "located_in": unit_id})
            self.communes.append((org_id, unit_id, f"xã {name}"))

    def stakeholders_channels(self) -> None:
        groups = (("nguoi-dan", "Người dân"), ("doanh-nghiep", "Doanh nghiệp"),
                  ("can-bo", "Cán bộ, công chức, viên chức"), ("lanh-dao", "Lãnh đạo các cấp"),
                  ("khach-du-lich", "Khách du lịch"))
        for kind, name in groups[:self.size.stakeholders]:
            self.add({"id": self.new_id(f"stk.{kind}"), "type": "stakeholder",
                      "name": {"vi": name}, "kind": kind})
        media = (("web", "Cổng dịch vụ công tỉnh trên web"), ("mobile", "Ứng dụng di động"),
                 ("kiosk", "Ki-ốt tra cứu tại bộ phận một cửa"),
                 ("quay", "Bộ phận tiếp nhận và trả kết quả"), ("dien-thoai", "Tổng đài hỗ trợ"),
                 ("email", "Thư điện tử"))
        users = [e["id"] for e in self.of_type("stakeholder")]
        for medium, name in media[:self.size.channels]:
            self.add({"id": self.new_id(f"kenh.{medium}"), "type": "channel",
                      "name": {"vi": name}, "medium": medium, "users": users[:2]})

    def business_function(self, key: str, round_: int) -> None:
        base = f"nv.{key}"
        item: Item = {"id": self.new_id(base if not round_ else f"{base}-{round_ + 1}"),
                      "type": "business_function",
                      "name": {"vi": f"Lĩnh vực {FIELDS[key]}"
                               + (f" – nhóm {round_ + 1}" if round_ else "")},
                      "ref_model_code": f"BRM{len(self.of_type('business_function')) + 1:03d}",
                      "owner": self.field_dept[key]}
        if round_:
            item["parent"] = base
        self.add(item)

    def infrastructure(self) -> None:
        size = self.size
        names = ("Trung tâm dữ liệu tỉnh", "Hạ tầng điện toán đám mây tỉnh",
                 "Trung tâm dữ liệu dự phòng")
        for i in range(size.nodes):
            name = names[i] if i < len(names) else f"Phòng máy chủ tập trung số {i - 1}"
            self.add({"id": self.new_id(f"ht.{slug(name)}"), "type": "node",
                      "name": {"vi": name}, "short": "TTDL" if i == 0 else None,
                      "owner": "org.so-tttt", "located_in": "dv.tinh",
                      "location": f"Thành phố Thái Bình, tỉnh {PROVINCE}",
                      "capacity": f"{40 + 20 * i} máy chủ"})
        nets = (("cap-ii", "Mạng truyền số liệu chuyên dùng cấp II"),
                ("noi-bo", "Mạng nội bộ các cơ quan"), ("internet", "Kết nối Internet"),
                ("iot", "Mạng IoT đô thị"))
        for level, name in nets[:size.networks]:
            self.add({"id": self.new_id(f"mang.{level}"), "type": "network",
                      "name": {"vi": name}, "level": level, "owner": "org.so-tttt",
                      "coverage": "Toàn tỉnh"})
        for i in range(size.devices):
            _, unit, where = self.districts[i % len(self.districts)]
            kind = ("Camera giám sát giao thông", "Trạm quan trắc môi trường",
                    "Cảm biến mực nước")[i % 3]
            self.add({"id": self.new_id(f"tb.{slug(kind)}-{i + 1}"), "type": "device",
                      "name": {"vi": f"{kind} {where}"}, "count": 5 + (i * 7) % 40,
                      "purpose": f"Thu thập dữ liệu phục vụ điều hành tại {where}",
                      "located_in": unit})
        facilities = ("Trung tâm giám sát, điều hành đô thị thông minh",
                      "Bộ phận một cửa cấp tỉnh", "Phòng họp trực tuyến tỉnh",
                      "Trung tâm giám sát an toàn thông tin")
        for i in range(size.facilities):
            name = facilities[i % len(facilities)]
            self.add({"id": self.new_id(f"csvc.{slug(name)}"), "type": "facility",
                      "name": {"vi": name + (f" số {i // len(facilities) + 1}"
                                             if i >= len(facilities) else "")},
                      "address": f"Thành phố Thái Bình, tỉnh {PROVINCE}",
                      "owner": "org.so-tttt"})
        for item in self.of_type("node", "network", "facility"):
            for key in [k for k, v in item.items() if v is None]:
                del item[key]

    def platforms(self) -> None:
        names = (("lgsp", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "LGSP"),
                 ("ioc", "Nền tảng giám sát, điều hành thông minh", "IOC"),
                 ("dinh-danh", "Nền tảng xác thực, định danh điện tử tỉnh", None),
                 ("gis", "Nền tảng bản đồ số dùng chung", "GIS"),
                 ("kho-du-lieu", "Nền tảng kho dữ liệu dùng chung", None))
        for i in range(max(self.size.platforms, 1)):
            code, name, short = names[i % len(names)]
            item: Item = {"id": self.new_id(f"plt.{code}"), "type": "platform",
                          "name": {"vi": name + (f" số {i // len(names) + 1}"
                                                 if i >= len(names) else "")}}
            if short and i < len(names):
                item["short"] = short
            item.update({"category": "dung-chung", "scope_levels": ["tinh", "huyen", "xa"],
                         "security_level": 3, "owner": "org.so-tttt",
                         "operator": self.centre_it(), "hosted_on": [self.main_node()],
                         "description": f"{name} phục vụ các cơ quan của tỉnh."})
            if i == 0:
                item["relations"] = [{"type": "exchanges_with", "target": "vn.platform.ngsp",
                                      "data": "Dữ liệu dùng chung với các bộ, ngành"}]
            self.add(item)

    def centre_it(self) -> str:
        centres = [e["id"] for e in self.of_type("organization") if e["id"].startswith("org.tt-")]
        return str(centres[0]) if centres else "org.so-tttt"

    def main_node(self) -> str:
        return str(self.of_type("node")[0]["id"])

    def lgsp(self) -> str:
        return str(self.of_type("platform")[0]["id"])

    def shared_applications(self) -> None:
        shared = (("mot-cua", "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
                   "van-phong-ubnd", "dung-chung"),
                  ("qlvb", "Hệ thống quản lý văn bản và điều hành", "so-tttt", "dung-chung"),
                  ("cong-ttdt", "Cổng thông tin điện tử tỉnh", "so-tttt", "cong"),
                  ("thu-cong-vu", "Hệ thống thư điện tử công vụ", "so-tttt", "dung-chung"),
                  ("bao-cao", "Hệ thống thông tin báo cáo tỉnh", "van-phong-ubnd", "dung-chung"),
                  ("hop-truc-tuyen", "Hệ thống hội nghị truyền hình trực tuyến", "so-tttt",
                   "dung-chung"))
        count = min(len(shared), max(self.size.applications // 4, 1))
        depts = {e["id"] for e in self.of_type("organization")}
        for code, name, dept, category in shared[:count]:
            owner = f"org.{dept}" if f"org.{dept}" in depts else "org.so-tttt"
            self.add({"id": self.new_id(f"app.{code}"), "type": "application",
                      "name": {"vi": name}, "category": category,
                      "scope_levels": ["tinh", "huyen", "xa"], "security_level": 3,
                      "owner": owner, "operator": self.centre_it(),
                      "hosted_on": [self.main_node()],
                      "users": [e["id"] for e in self.of_type("stakeholder")][:2],
                      "description": f"{name}, dùng chung cho các cơ quan trong tỉnh.",
                      "relations": [{"type": "exchanges_with", "target": "vn.app.cong-dvc-qg",
                                     "via": self.lgsp(), "data": "Hồ sơ, kết quả giải quyết"}]
                      if code == "mot-cua" else []})
        for item in self.of_type("application"):
            if not item["relations"]:
                del item["relations"]

    def owner_for(self, key: str, n: int) -> tuple[str, str]:
        """Owner and a place suffix for the n-th system of a field (department, then districts)."""
        fields = len(FIELDS)
        tier = n // fields
        if tier < 2 or not self.districts:
            return self.field_dept[key], ""
        if tier < 4 or not self.communes:
            org, _, where = self.districts[n % len(self.districts)]
            return org, f" {where}"
        org, _, where = self.communes[n % len(self.communes)]
        return org, f" {where}"

    def database(self) -> Item:
        n = len(self.of_type("database"))
        key = list(FIELDS)[n % len(FIELDS)]
        owner, where = self.owner_for(key, n)
        prefix = DB_PREFIXES[(n // len(FIELDS)) % len(DB_PREFIXES)]
        name = f"{prefix} {FIELDS[key]}{where}"
        item = self.add({
            "id": self.new_id(f"db.{key}" + (f".{slug(where)}" if where else "")),
            "type": "database", "name": {"vi": name},
            "scope": "dung-chung" if n < 3 else ("chuyen-nganh" if not where else "noi-bo"),
            "shared": self.rng.random() < 0.4, "open_data": self.rng.random() < 0.15,
            "owner": owner, "hosted_on": [self.main_node()],
            "description": (f"{name}: lưu trữ hồ sơ, số liệu về {FIELDS[key]}; cập nhật thường "
                            "xuyên và chia sẻ qua nền tảng tích hợp của tỉnh."),
        })
        self.field_dbs.setdefault(key, []).append(item["id"])
        return item

    def application(self) -> Item:
        n = len(self.of_type("application"))
        key = list(FIELDS)[n % len(FIELDS)]
        owner, where = self.owner_for(key, n)
        prefix = APP_PREFIXES[(n // len(FIELDS)) % len(APP_PREFIXES)]
        name = f"{prefix} {FIELDS[key]}{where}"
        relations: list[Item] = []
        dbs = ([d for d in self.field_dbs.get(key, []) if d in self.elements]
               or [e["id"] for e in self.of_type("database")])
        for db in self.pick(dbs, self.rng.choice((1, 1, 2))):
            relations.append({"type": "accesses", "target": db,
                              "mode": self.rng.choice(("r", "rw", "rw")),
                              "data": f"Dữ liệu {FIELDS[key]}"})
        apps = [e["id"] for e in self.of_type("application")]
        for other in self.pick(apps, self.rng.choice((0, 1, 1, 2))):
            relations.append({"type": "exchanges_with", "target": other, "via": self.lgsp(),
                              "data": "Trao đổi hồ sơ, kết quả xử lý"})
        if self.rng.random() < 0.05:
            relations.append({"type": "exchanges_with", "target": "vn.db.dan-cu",
                              "via": self.lgsp(), "data": "Xác thực thông tin công dân"})
        level = "huyen" if where.startswith(" huyện") or where.startswith(" thành") else (
            "xa" if where.startswith(" xã") else "tinh")
        item: Item = {
            "id": self.new_id(f"app.{key}" + (f".{slug(where)}" if where else "")),
            "type": "application", "name": {"vi": name},
            "category": "chuyen-nganh" if level == "tinh" else "noi-bo",
            "scope_levels": [level], "security_level": self.rng.choice((1, 2, 2, 3)),
            "owner": owner, "hosted_on": [self.main_node()],
            "users": [e["id"] for e in self.of_type("stakeholder")][2:3] or
            [e["id"] for e in self.of_type("stakeholder")][:1],
            "state": self.rng.choice(("hien-trang", "hien-trang", "dang-trien-khai")),
            "description": (f"{name}. Phục vụ cán bộ xử lý nghiệp vụ {FIELDS[key]}, theo dõi "
                            "tiến độ và tổng hợp báo cáo định kỳ."),
        }
        if self.rng.random() < 0.3:
            item["operator"] = self.centre_it()
        if relations:
            item["relations"] = relations
        self.field_apps.setdefault(key, []).append(item["id"])
        return self.add(item)

    def app_service(self) -> Item:
        n = len(self.of_type("app_service"))
        key = list(FIELDS)[n % len(FIELDS)]
        return self.add({
            "id": self.new_id(f"api.{key}"), "type": "app_service",
            "name": {"vi": f"Dịch vụ chia sẻ dữ liệu {FIELDS[key]}"},
            "protocol": self.rng.choice(("REST", "REST", "SOAP")),
            "exposed_via": self.lgsp(), "owner": self.field_dept[key],
            "description": f"Cung cấp dữ liệu {FIELDS[key]} cho các hệ thống khác qua LGSP.",
        })

    def public_service(self) -> Item:
        n = len(self.of_type("public_service"))
        functions = self.of_type("business_function")
        function = functions[n % len(functions)]
        key = _field_of(function)
        verb = SERVICE_VERBS[(n // len(functions)) % len(SERVICE_VERBS)]
        obj = SERVICE_OBJECTS[(n // (len(functions) * len(SERVICE_VERBS))) % len(SERVICE_OBJECTS)]
        level_vi, level = SERVICE_LEVELS[n % len(SERVICE_LEVELS)]
        provider = self.field_dept[key]
        if level == "huyen" and self.districts:
            provider = self.districts[n % len(self.districts)][0]
        elif level == "xa" and self.communes:
            provider = self.communes[n % len(self.communes)][0]
        name = f"{verb} {obj} lĩnh vực {FIELDS[key]} {level_vi}"
        uses = [a for a in ("app.mot-cua",) if a in self.elements]
        sector = [a for a in self.field_apps.get(key, []) if a in self.elements]
        if sector and self.rng.random() < 0.5:
            uses.append(sector[0])
        item: Item = {
            "id": self.new_id(f"dvc.{key}.{n + 1:05d}"), "type": "public_service",
            "name": {"vi": name}, "dvc_level": self.rng.choice((2, 3, 3, 4)),
            "field": FIELDS[key], "provider": provider, "parent": function["id"],
            "users": [e["id"] for e in self.of_type("stakeholder")][:2],
            "description": (f"Thủ tục {name.lower()}; tiếp nhận trực tuyến và tại bộ phận một "
                            "cửa, trả kết quả qua dịch vụ bưu chính công ích."),
        }
        if uses:
            item["uses"] = uses
        return self.add(item)

    def governance(self) -> None:
        size = self.size
        domains = ("chung", "nghiep-vu", "du-lieu", "ung-dung", "cong-nghe", "attt")
        for i in range(size.principles):
            self.add({"id": self.new_id(f"nt.{i + 1:02d}"), "type": "principle",
                      "name": {"vi": f"Nguyên tắc {i + 1}: lấy người dân làm trung tâm"},
                      "number": i + 1, "domain": domains[i % len(domains)],
                      "statement": "Mọi hệ thống phục vụ người dân và doanh nghiệp.",
                      "rationale": "Theo định hướng Chính phủ số.",
                      "implications": "Thiết kế dịch vụ theo nhu cầu người sử dụng."})
        for i in range(size.goals):
            self.add({"id": self.new_id(f"mt.{i + 1:02d}"), "type": "goal",
                      "name": {"vi": f"Mục tiêu {i + 1}: tăng tỷ lệ hồ sơ trực tuyến"},
                      "horizon": 2025, "kpi": "Tỷ lệ hồ sơ trực tuyến toàn trình",
                      "target_value": f"{50 + i}%"})
        for i in range(size.standards):
            self.add({"id": self.new_id(f"tc.{i + 1:02d}"), "type": "standard",
                      "name": {"vi": f"Tiêu chuẩn kết nối, chia sẻ dữ liệu số {i + 1}"},
                      "code": f"TCVN {11930 + i}:2017", "mandatory": i % 2 == 0,
                      "based_on": ["vn.vb.nd-47-2020-cp"]})
        covers_pool = [self.main_node(), self.lgsp(), *[e["id"] for e in
                                                       self.of_type("application")][:6]]
        names = ("Hệ thống giám sát an toàn thông tin tập trung (SOC)",
                 "Tường lửa thế hệ mới", "Phòng chống mã độc tập trung",
                 "Sao lưu, dự phòng dữ liệu", "Xác thực hai yếu tố")
        for i in range(size.security_controls):
            name = names[i % len(names)] + (f" số {i // len(names) + 1}"
                                            if i >= len(names) else "")
            self.add({"id": self.new_id(f"attt.{slug(names[i % len(names)])[:30]}"),
                      "type": "security_control", "name": {"vi": name},
                      "layer_model": "Mô hình 4 lớp", "owner": "org.so-tttt",
                      "covers": self.pick(covers_pool, 2),
                      "based_on": ["vn.vb.nd-85-2016-cp"]})

    # -- per-version elements: projects and issues ---------------------------------------------

    def projects(self, version: str, start: int, end: int) -> list[Item]:
        out = []
        deliverable = [e for e in self.elements.values()
                       if e["type"] in {"application", "database", "platform"}]
        for i in range(self.size.projects):
            target = deliverable[(i * 7 + int(version[0])) % len(deliverable)]
            verb = ("Xây dựng", "Nâng cấp", "Thuê dịch vụ", "Mở rộng")[i % 4]
            first = self.rng.randint(start, end - 1)
            last = min(end, first + self.rng.choice((0, 1, 1, 2)))
            budget = self.rng.randint(5, 500) * 100_000_000
            years = list(range(first, last + 1))
            shares = [self.rng.randint(1, 4) for _ in years]
            amounts = [budget * s // sum(shares) for s in shares]
            amounts[-1] += budget - sum(amounts)
            funding = ({"nsdp": budget} if i % 3 else
                       {"nstw": budget * 7 // 10, "nsdp": budget - budget * 7 // 10})
            if version == "1.0":
                status = "hoan-thanh"
            elif version == "2.0":
                status = "hoan-thanh" if last <= 2023 else "dang-trien-khai"
            else:
                status = "chua-trien-khai"
            lead = target.get("owner", "org.so-tttt")
            item: Item = {
                "id": self.new_id(f"da.{start}.{slug(verb)}-{i + 1:03d}"), "type": "project",
                "name": {"vi": f"{verb} {target['name']['vi'][0].lower()}"
                         f"{target['name']['vi'][1:]}"},
                "kind": "thue-dich-vu" if verb == "Thuê dịch vụ" else "dau-tu",
                "lead": lead, "investor": lead, "start": first, "end": last, "status": status,
                "budget_vnd": budget, "funding": funding,
                "year_plan": {str(y): {"tasks": ("Khảo sát, thiết kế" if k == 0 else
                                                 "Triển khai, nghiệm thu"),
                                       "budget_vnd": a}
                              for k, (y, a) in enumerate(zip(years, amounts, strict=True))},
                "decisions": ["vn.vb.nd-73-2019-cp"], "delivers": [target["id"]],
                "provenance": "illustrative",
                "description": "Dự án đầu tư ứng dụng công nghệ thông tin bằng vốn ngân sách.",
            }
            if lead != "org.so-tttt":
                item["partners"] = ["org.so-tttt"]
            out.append(item)
        return out

    def issues(self, start: int, end: int) -> list[Item]:
        out = []
        apps = self.of_type("application")
        for i in range(self.size.issues):
            app = apps[(i * 13) % len(apps)]
            status = ("moi", "dang-xu-ly", "da-giai-quyet")[i % 3]
            item: Item = {
                "id": self.new_id(f"kk.{start}.{i + 1:03d}"), "type": "issue",
                "name": {"vi": f"Khó khăn khi kết nối {app['name']['vi'][0].lower()}"
                         f"{app['name']['vi'][1:]}"},
                "reported_by": app["owner"], "reported_to": "org.so-tttt",
                "date": f"{self.rng.randint(start, end)}-0{self.rng.randint(1, 9)}-15",
                "status": status, "concerns": [app["id"]], "provenance": "illustrative",
            }
            if status == "da-giai-quyet":
                item["resolution"] = "Đã bổ sung kinh phí và nâng cấp kết nối qua LGSP."
            out.append(item)
        return out

    # -- changes between versions -------------------------------------------------------------

    def evolve(self, version: str, year: int) -> None:
        """Turn the current elements into the next version's (a few percent of each change)."""
        rng = self.rng
        for item in self.elements.values():
            item.pop("renamed_from", None)
            item.pop("replaces", None)
        count = len(self.elements)
        rate = self.size.change
        n = max(1, round(count * rate))
        keep = {"app.mot-cua", "app.qlvb"}
        removable = [e["id"] for e in self.elements.values()
                     if e["type"] in {"application", "database", "public_service", "app_service",
                                      "device"} and e["id"] not in keep]
        removed = self.pick(removable, n)
        apps = [i for i in removable if i.startswith("app.")]
        if apps and not any(i.startswith("app.") for i in removed):
            removed.append(self.rng.choice(apps))  # so that a new system can replace one
        for old in removed:
            del self.elements[old]
        self.clean(set(removed))
        renamable = [e["id"] for e in self.elements.values()
                     if e["type"] in {"application", "database", "public_service"}
                     and e["id"] not in keep]
        renames = {}
        for old in self.pick(renamable, max(1, n // 2)):
            item = self.elements.pop(old)
            new = self.new_id(f"{old}-v{version.split('.')[0]}")
            item["id"] = new
            item["renamed_from"] = old
            item["name"] = {"vi": _renamed(item["name"]["vi"])}
            self.elements[new] = item
            renames[old] = new
        self.clean(set(), renames)
        for item in self.pick(list(self.elements.values()), int(n * 1.5)):
            self.change(item, year)
        apps = [e for e in self.elements.values() if e["type"] == "application"]
        for app in self.pick(apps, n):
            relations = app.setdefault("relations", [])
            accesses = [r for r in relations if r["type"] == "accesses"]
            if len(accesses) > 1 and rng.random() < 0.5:
                relations.remove(accesses[-1])
                continue
            other = rng.choice(apps)
            if other is not app and not any(r["target"] == other["id"] for r in relations):
                relations.append({"type": "exchanges_with", "target": other["id"],
                                  "via": self.lgsp(), "data": "Liên thông hồ sơ điện tử",
                                  "since": year})
        for app in apps:
            if not app.get("relations"):
                app.pop("relations", None)
        added = 0
        makers = (self.public_service, self.public_service, self.application, self.database,
                  self.app_service)
        while added < int(n * 1.5):
            item = makers[added % len(makers)]()
            gone = [r for r in removed if r.startswith("app.")]
            if item["type"] == "application" and gone and (added < 5 or rng.random() < 0.3):
                item["replaces"] = [gone[0]]
                removed.remove(gone[0])
            added += 1

    def change(self, item: Item, year: int) -> None:
        """Edit one element's fields the way a yearly review does."""
        rng = self.rng
        kind = item["type"]
        if kind == "application" and rng.random() < 0.5:
            item["security_level"] = min(5, int(item.get("security_level", 1)) + 1)
            item["state"] = "hien-trang"
        elif kind == "public_service" and rng.random() < 0.7:
            item["dvc_level"] = min(4, int(item.get("dvc_level", 2)) + 1)
        elif kind == "database" and rng.random() < 0.6:
            item["shared"] = True
            item["open_data"] = not item.get("open_data", False)
        else:
            text = item.get("description", "")
            item["description"] = (text + " " if text else "") + (
                f"Năm {year} được rà soát, cập nhật thông tin theo kiến trúc mới.")

    def clean(self, removed: set[str], renames: dict[str, str] | None = None) -> None:
        """Drop references to removed elements and follow renamed ones."""
        renames = renames or {}

        def fix(ref: str) -> str | None:
            if ref in removed:
                return None
            return renames.get(ref, ref)

        for item in self.elements.values():
            for key in _SCALAR_REFS:
                if key in item:
                    value = fix(item[key])
                    if value is None:
                        del item[key]
                    else:
                        item[key] = value
            for key in _LIST_REFS:
                if key in item:
                    values = [v for v in (fix(x) for x in item[key]) if v is not None]
                    if values:
                        item[key] = values
                    else:
                        del item[key]
            if "relations" in item:
                kept = []
                for rel in item["relations"]:
                    target = fix(rel["target"])
                    via = fix(rel["via"]) if rel.get("via") else None
                    if target is None or (rel.get("via") and via is None):
                        continue
                    kept.append({**rel, "target": target, **({"via": via} if via else {})})
                if kept:
                    item["relations"] = kept
                else:
                    del item["relations"]
            for key in ("users", "uses"):  # a public service keeps at least its users
                if key in item and not item[key]:
                    del item[key]


def _field_of(function: Item) -> str:
    """The FIELDS key of a business function id (``nv.dat-dai`` or ``nv.dat-dai-2``)."""
    key = str(function["id"]).split(".", 1)[1]
    return key if key in FIELDS else key.rsplit("-", 1)[0]


def _renamed(name: str) -> str:
    for old, new in RENAMES:
        if name.startswith(old):
            return new + name[len(old):]
    return name + " (trực tuyến)" if not name.endswith(")") else name + " mới"


# -- writing ------------------------------------------------------------------------------------

_GROUPS = (("to-chuc", ("organization", "admin_unit", "stakeholder", "channel")),
           ("nghiep-vu", ("business_function",)), ("dich-vu-cong", ("public_service",)),
           ("ung-dung", ("platform", "application", "app_service")), ("du-lieu", ("database",)),
           ("ha-tang", ("node", "network", "device", "facility", "security_control")),
           ("dinh-huong", ("principle", "goal", "standard")), ("du-an", ("project",)),
           ("kho-khan", ("issue",)))
_KEY_ORDER = ("id", "type", "name", "short", "description", "state", "renamed_from", "replaces")
_TAIL_ORDER = ("relations", "provenance")

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _ordered(item: Item) -> Item:
    head = {k: item[k] for k in _KEY_ORDER if k in item}
    middle = {k: v for k, v in item.items() if k not in head and k not in _TAIL_ORDER}
    tail = {k: item[k] for k in _TAIL_ORDER if k in item}
    return {**head, **middle, **tail}


def dump(data: Any) -> str:
    """Serialise YAML the way the generator writes it (also used to edit one field)."""
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                          width=10**6, default_flow_style=False)
    return text


def _write(path: Path, data: Any, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + dump(data), encoding="utf-8")


def _write_version(folder: Path, version: str, framework: str, start: int, end: int,
                   status: str, elements: list[Item], previous: str | None) -> None:
    meta: Item = {
        "architecture": ARCH, "version": version,
        "title": {"vi": f"Kiến trúc Chính quyền điện tử tỉnh {PROVINCE}"},
        "framework": framework, "status": status,
    }
    if status != "draft":
        meta["approval"] = {"number": f"{1000 + start}/QĐ-UBND", "date": f"{start}-06-30",
                            "provenance": "illustrative"}
    meta["period"] = {"from": start, "to": end}
    if previous:
        meta["supersedes"] = f"{ARCH}/{previous}"
    meta.update({
        "summary": ("Mô hình tổng hợp (sinh tự động) dùng để đo hiệu năng, giai đoạn "
                    f"{start}–{end}."),
        "vision": "Chính quyền số phục vụ người dân và doanh nghiệp.",
        "scope": f"Các cơ quan nhà nước tỉnh {PROVINCE}, cấp tỉnh, huyện và xã.",
        "organisation": "Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành.",
        "legal_basis": ["vn.vb.cv-1178-2015-btttt" if framework == "vneaf-1.0"
                        else "vn.vb.qd-2323-2019-btttt"],
        "provenance": "illustrative",
    })
    _write(folder / "version.yaml", meta)
    for name, types in _GROUPS:
        chosen = [_ordered(e) for e in elements if e["type"] in types]
        chunks = [chosen[i:i + FILE_LIMIT] for i in range(0, len(chosen), FILE_LIMIT)]
        for k, chunk in enumerate(chunks):
            stem = name if len(chunks) == 1 else f"{name}-{k + 1:02d}"
            _write(folder / f"{stem}.yaml", {"elements": chunk})


def _common(frameworks: list[Path]) -> Item:
    needed = dict.fromkeys(LEGAL)
    for path in frameworks:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("legal_basis"):
            needed.setdefault(data["legal_basis"])
    elements: list[Item] = []
    for ref in needed:
        number, doc_type, issuer, date, title = LEGAL.get(
            ref, (ref.rsplit(".", 1)[-1].upper(), "khac", "Cơ quan ban hành", "2019-01-01",
                  f"Văn bản {ref}"))
        elements.append({"id": ref, "type": "legal_document", "name": {"vi": title},
                         "number": number, "doc_type": doc_type, "issuer": issuer,
                         "date": date, "title": title, "provenance": "illustrative"})
    national: list[Item] = [
        {"id": "vn.org.btttt", "type": "organization",
         "name": {"vi": "Bộ Thông tin và Truyền thông"}, "short": "Bộ TT&TT",
         "level": "trung-uong", "org_type": "bo"},
        {"id": "vn.org.vpcp", "type": "organization", "name": {"vi": "Văn phòng Chính phủ"},
         "short": "VPCP", "level": "trung-uong", "org_type": "bo"},
        {"id": "vn.org.bca", "type": "organization", "name": {"vi": "Bộ Công an"},
         "level": "trung-uong", "org_type": "bo"},
        {"id": "vn.platform.ngsp", "type": "platform",
         "name": {"vi": "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia"}, "short": "NGSP",
         "category": "quoc-gia", "owner": "vn.org.btttt", "based_on": ["vn.vb.nd-47-2020-cp"]},
        {"id": "vn.app.cong-dvc-qg", "type": "application",
         "name": {"vi": "Cổng Dịch vụ công quốc gia"}, "category": "quoc-gia",
         "owner": "vn.org.vpcp"},
        {"id": "vn.db.dan-cu", "type": "database",
         "name": {"vi": "Cơ sở dữ liệu quốc gia về dân cư"}, "scope": "quoc-gia",
         "shared": True, "owner": "vn.org.bca"},
    ]
    for item in national:
        item["provenance"] = "illustrative"
    return {"elements": [*national, *elements],
            "glossary": [{"term": "LGSP", "vi": "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh"},
                         {"term": "NGSP", "vi": "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia"},
                         {"term": "TTHC", "vi": "Thủ tục hành chính"}]}


def generate(size: str, out: Path, seed: int = 0) -> dict[str, int]:
    """Write a synthetic ``arch/`` tree of ``size`` (XS, S, M or L) into ``out``.

    Args:
        size: One of :data:`SIZES`.
        out: The ``arch`` folder to create (emptied first if it exists).
        seed: Changes the random choices; the same seed gives the same bytes.

    Returns:
        The number of elements in each version, by version key (``cqdt/1.0``).
    """
    spec = SIZES[size]
    if out.exists():
        shutil.rmtree(out)
    frameworks = sorted(FRAMEWORKS.glob("*.yaml"))
    (out / "frameworks").mkdir(parents=True)
    for path in frameworks:
        shutil.copyfile(path, out / "frameworks" / path.name)
    _write(out / "common" / "quoc-gia.yaml", _common(frameworks))
    gen = _Generator(spec, seed)
    gen.base()
    counts: dict[str, int] = {}
    previous: str | None = None
    for version, framework, start, end, status in VERSIONS[:spec.versions]:
        if previous is not None:
            gen.evolve(version, start)
        extra = gen.projects(version, start, end) + gen.issues(start, end)
        elements = [*copy.deepcopy(list(gen.elements.values())), *extra]
        _write_version(out / ARCH / version, version, framework, start, end, status,
                       elements, previous)
        counts[f"{ARCH}/{version}"] = len(elements)
        previous = version
    return counts


EDIT_TEXT = "Mô tả được sửa để đo lần dựng lại."
"""What :func:`edit_one_field` appends (the serve measurement edits it again)."""


def edit_one_field(arch_dir: Path) -> tuple[Path, str]:
    """Edit one application's ``description`` in the newest version (the warm-rebuild change).

    Returns:
        The edited file and the element id.
    """
    folder = sorted((arch_dir / ARCH).iterdir(), key=lambda p: tuple(map(int, p.name.split("."))))
    path = sorted(folder[-1].glob("ung-dung*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(e for e in data["elements"] if e["type"] == "application")
    item["description"] = item.get("description", "") + " " + EDIT_TEXT
    path.write_text(dump(data), encoding="utf-8")
    return path, str(item["id"])


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.generate --size S --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--out", type=Path, required=True, help="the arch/ folder to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = generate(args.size, args.out, args.seed)
    for key, count in counts.items():
        print(f"{key}: {count} thành phần")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
