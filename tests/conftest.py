"""Shared fixtures: write a small ``arch/`` tree into ``tmp_path`` and load it.

``write_tree(tmp_path, files)`` is generic (any relative path → text or bytes);
``BASE_TREE`` is a minimal valid tree (one framework, shared legal documents, one version)
that golden cases and table tests extend.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

BASE_FRAMEWORK = """\
id: vneaf-2.0
name: {vi: "Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 2.0"}
short: VNEAF 2.0
legal_basis: vn.vb.qd-2323-2019-btttt
provenance: confirmed
layers:
  - {id: users, order: 1, orientation: horizontal, name: {vi: Người sử dụng}}
  - {id: business, order: 2, orientation: horizontal, name: {vi: Nghiệp vụ}}
  - {id: applications, order: 3, orientation: horizontal, name: {vi: Ứng dụng}}
  - {id: integration, order: 4, orientation: horizontal, name: {vi: Nền tảng tích hợp}}
  - {id: data, order: 5, orientation: horizontal, name: {vi: Dữ liệu}}
  - {id: infrastructure, order: 6, orientation: horizontal, name: {vi: Hạ tầng kỹ thuật}}
  - {id: security, order: 7, orientation: vertical, name: {vi: An toàn thông tin}}
  - {id: governance, order: 8, orientation: vertical, name: {vi: "Chỉ đạo, chính sách"}}
type_defaults:
  stakeholder: users
  organization: governance
  admin_unit: governance
  channel: users
  business_function: business
  public_service: business
  smart_service: business
  application: applications
  platform: integration
  app_service: integration
  database: data
  node: infrastructure
  network: infrastructure
  device: infrastructure
  facility: infrastructure
  security_control: security
  principle: governance
  goal: governance
  standard: governance
  legal_document: governance
  project: governance
  issue: governance
chapters:
  - {id: kien-truc-ung-dung, title: Kiến trúc ứng dụng, layers: [applications, integration],
     types: [application, platform]}
"""

BASE_COMMON = """\
elements:
  - id: vn.vb.qd-2323-2019-btttt
    type: legal_document
    name: {vi: "Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 2.0"}
    number: 2323/QĐ-BTTTT
    doc_type: qd
    issuer: Bộ Thông tin và Truyền thông
    date: "2019-12-31"
    title: Ban hành Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 2.0
    provenance: illustrative
  - id: vn.platform.ngsp
    type: platform
    name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia"}
    short: NGSP
    category: quoc-gia
    provenance: illustrative
"""

BASE_VERSION = """\
architecture: cqdt
version: "2.0"
title: {vi: Kiến trúc Chính quyền điện tử tỉnh Thái Bình}
framework: vneaf-2.0
status: draft
period: {from: 2021, to: 2025}
provenance: illustrative
legal_basis: [vn.vb.qd-2323-2019-btttt]
"""

BASE_ELEMENTS = """\
elements:
  - id: org.so-tttt
    type: organization
    name: {vi: Sở Thông tin và Truyền thông}
    level: tinh
    org_type: so
    provenance: illustrative
  - id: node.ttdl
    type: node
    name: {vi: Trung tâm dữ liệu tỉnh}
    owner: org.so-tttt
    provenance: illustrative
  - id: platform.lgsp
    type: platform
    name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
    short: LGSP
    owner: org.so-tttt
    hosted_on: [node.ttdl]
    provenance: illustrative
    relations:
      - {type: exchanges_with, target: vn.platform.ngsp}
  - id: app.mot-cua
    type: application
    name: {vi: Hệ thống một cửa điện tử}
    owner: org.so-tttt
    hosted_on: [node.ttdl]
    provenance: illustrative
"""

BASE_TREE: dict[str, str | bytes | None] = {
    "arch/frameworks/vneaf-2.0.yaml": BASE_FRAMEWORK,
    "arch/common/van-ban.yaml": BASE_COMMON,
    "arch/cqdt/2.0/version.yaml": BASE_VERSION,
    "arch/cqdt/2.0/thanh-phan.yaml": BASE_ELEMENTS,
}
"""A minimal valid tree, relative to the repository root (the parent of ``arch/``)."""


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root`` and return ``root``.

    Text is written as UTF-8 exactly as given (no newline translation); ``None`` deletes the
    file if it exists, so a case can remove a file of a base tree.
    """
    for relative, content in files.items():
        path = root / relative
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def with_base(files: Mapping[str, str | bytes | None]) -> dict[str, str | bytes | None]:
    """Return ``BASE_TREE`` overlaid with ``files`` (a ``None`` value removes a base file)."""
    return {**BASE_TREE, **files}


@pytest.fixture
def write_tree() -> Callable[[Path, Mapping[str, str | bytes | None]], Path]:
    """Return :func:`write_files`: ``write_tree(tmp_path, {"arch/x.yaml": "..."})``."""
    return write_files


@pytest.fixture
def base_tree(tmp_path: Path) -> Path:
    """Write ``BASE_TREE`` into ``tmp_path`` and return the ``arch/`` folder."""
    write_files(tmp_path, BASE_TREE)
    return tmp_path / "arch"


# -- the built reference site (browser, link and offline tests) ---------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository: ``mkdocs.yml`` and ``arch/`` of the Thái Bình reference site."""


def _build_reference_site(target: Path) -> Path:
    """Run ``mkdocs build --strict`` of the reference site into ``target`` (a subprocess keeps
    MkDocs' warnings and logging out of pytest's own configuration)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (target / "index.html").is_file():
        pytest.fail(f"mkdocs build --strict failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site, built once per test run (shared by xdist workers through a lock).

    When ``KIENTRUC_BUILT_SITE`` names a folder (``.ci/test`` builds ``site/`` strictly before
    pytest), that finished build is used as it is.
    """
    given = os.environ.get("KIENTRUC_BUILT_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"KIENTRUC_BUILT_SITE={given}: no index.html there; build the site first")
        return site
    # Under xdist each worker has its own base temp folder; their parent belongs to this run.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    site = shared / "reference-site"
    with (shared / "reference-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = shared / "reference-site.done"
            if not done.is_file():
                _build_reference_site(site)
                done.write_text("built\n", encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return site
