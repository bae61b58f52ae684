"""freeze → edit → validation fails naming the file → new-version gives a valid draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from kientruc.cli import main
from kientruc.cli.versions import set_top_level, strip_element_keys
from kientruc.model import load_model
from kientruc.source.freeze import folder_digest

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"

APPROVAL = """\
status: approved   # phê duyệt năm 2021
approval:
  number: 123/QĐ-UBND
  date: "2021-05-01"
  provenance: illustrative
"""

SET_CASES = [
    # (text, key, block, after, expected)
    ("a: 1\nstatus: draft\nb: 2\n", "status", "status: approved", (),
     "a: 1\nstatus: approved\nb: 2\n"),
    ("a: 1\ndigest:\n  total: x\n  files:\n    f: y\nb: 2\n", "digest", None, (), "a: 1\nb: 2\n"),
    ("a: 1\n# note\nb: 2", "c", "c: 3", (), "a: 1\n# note\nb: 2\nc: 3\n"),
    ("a: 1\nperiod:\n  from: 1\n  to: 2\nb: 2\n", "supersedes", "supersedes: x/1.0",
     ("period",), "a: 1\nperiod:\n  from: 1\n  to: 2\nsupersedes: x/1.0\nb: 2\n"),
    ("a: 1\n", "missing", None, (), "a: 1\n"),
    ("version: '1.0'  # cũ\nstatus: x\n", "version", 'version: "2.0"', (),
     'version: "2.0"\nstatus: x\n'),
]


@pytest.mark.parametrize(("text", "key", "block", "after", "expected"), SET_CASES)
def test_set_top_level(text: str, key: str, block: str | None, after: tuple[str, ...],
                       expected: str) -> None:
    assert set_top_level(text, key, block, after=after) == expected


STRIP_CASES = [
    ("elements:\n  - id: a\n    renamed_from: b  # cũ\n    type: x\n",
     "elements:\n  - id: a\n    type: x\n"),
    ("elements:\n  - id: a\n    replaces:\n      - b\n      - c\n    # ghi chú\n    type: x\n",
     "elements:\n  - id: a\n    # ghi chú\n    type: x\n"),
    ("elements:\n  - renamed_from: b\n    id: a\n", "elements:\n  -\n    id: a\n"),
    ("elements:\n  - {id: a, replaces: [b, c], type: x}\n", "elements:\n  - {id: a, type: x}\n"),
    ("elements:\n  - {id: a, renamed_from: b}\n", "elements:\n  - {id: a}\n"),
    ("elements:\n  - id: a\n    replaces: [b]\n", "elements:\n  - id: a\n"),
    ("glossary: []\n", "glossary: []\n"),
]


@pytest.mark.parametrize(("text", "expected"), STRIP_CASES)
def test_strip_element_keys(text: str, expected: str) -> None:
    stripped = strip_element_keys(text)
    assert stripped == expected
    data = yaml.safe_load(stripped)
    for element in data.get("elements", []):
        assert "renamed_from" not in element
        assert "replaces" not in element
        assert element["id"] == "a"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def arch(tmp_path: Path) -> Path:
    """A copy of the fixture whose version 2.0 is approved (with a comment to keep)."""
    folder = tmp_path / "arch"
    shutil.copytree(FIXTURE, folder)
    version = folder / "demo" / "2.0" / "version.yaml"
    version.write_text(version.read_text(encoding="utf-8").replace("status: draft\n", APPROVAL),
                       encoding="utf-8")
    return folder


def test_freeze_edit_new_version_cycle(arch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = arch / "demo" / "2.0" / "version.yaml"
    catalogue = arch / "demo" / "2.0" / "thanh-phan.yaml"
    code, out = run(capsys, "freeze", "demo/2.0", "--arch-dir", str(arch))
    assert code == 0, out
    assert out.startswith("Đã khóa phiên bản demo/2.0: sha256:")
    text = version.read_text(encoding="utf-8")
    assert "status: approved   # phê duyệt năm 2021\n" in text
    recorded = yaml.safe_load(text)["digest"]
    assert recorded["total"] == folder_digest(version.parent)[0]
    assert sorted(recorded["files"]) == ["thanh-phan.yaml", "version.yaml"]
    assert load_model(arch).snapshots["demo/2.0"].digest == recorded["total"]

    code, out = run(capsys, "freeze", "demo/2.0", "--arch-dir", str(arch))
    assert (code, version.read_text(encoding="utf-8")) == (0, text)
    assert "không đổi" in out

    original = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(original.replace("Trung tâm dữ liệu tỉnh", "Trung tâm dữ liệu"),
                         encoding="utf-8")
    code, out = run(capsys, "validate", str(arch))
    assert code == 1
    assert "thay đổi ở: thanh-phan.yaml" in out
    assert "kientruc new-version demo <phiên bản mới> --from 2.0" in out
    code, out = run(capsys, "freeze", "demo/2.0", "--arch-dir", str(arch))
    assert code == 1
    assert "thanh-phan.yaml" in out

    code, out = run(capsys, "new-version", "demo", "3.0", "--from", "2.0", "--arch-dir",
                    str(arch))
    assert code == 0, out
    draft = yaml.safe_load((arch / "demo" / "3.0" / "version.yaml").read_text(encoding="utf-8"))
    assert (draft["version"], draft["status"], draft["supersedes"]) == ("3.0", "draft",
                                                                       "demo/2.0")
    assert "digest" not in draft
    assert "approval" not in draft
    copied = (arch / "demo" / "3.0" / "thanh-phan.yaml").read_text(encoding="utf-8")
    assert "renamed_from" not in copied
    assert "replaces" not in copied
    assert "Trung tâm dữ liệu\n" in copied or "{vi: Trung tâm dữ liệu}" in copied

    catalogue.write_text(original, encoding="utf-8")  # the editor restores the frozen version
    code, out = run(capsys, "validate", str(arch))
    assert code == 0, out
    model = load_model(arch)
    assert model.snapshots["demo/3.0"].status == "draft"
    code, out = run(capsys, "diff", "demo/2.0", "demo/3.0", "--arch-dir", str(arch),
                    "--exit-code")
    assert code == 1
    assert "Tên: Trung tâm dữ liệu tỉnh → Trung tâm dữ liệu" in out

    code, out = run(capsys, "new-version", "demo", "3.0", "--from", "2.0", "--arch-dir",
                    str(arch))
    assert code == 2
    assert "đã tồn tại" in out


def test_freeze_refuses_a_draft(arch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "freeze", "demo/1.0", "--arch-dir", str(arch))
    assert code == 1
    assert "chỉ khóa được phiên bản đã phê duyệt" in out
    assert "digest" not in (arch / "demo" / "1.0" / "version.yaml").read_text(encoding="utf-8")


def test_freeze_force_and_failed_validation(arch: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "freeze", "demo/2.0", "--arch-dir", str(arch))[0] == 0
    catalogue = arch / "demo" / "2.0" / "thanh-phan.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n# ghi chú mới\n",
                         encoding="utf-8")
    assert run(capsys, "freeze", "demo/2.0", "--force", "--arch-dir", str(arch))[0] == 0
    assert run(capsys, "validate", str(arch))[0] == 0
    # a broken source: freeze restores version.yaml and reports the problem
    version = arch / "demo" / "2.0" / "version.yaml"
    before = version.read_text(encoding="utf-8")
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "hosted_on: [node.ttdl]", "hosted_on: [node.khong-co]", 1), encoding="utf-8")
    code, out = run(capsys, "freeze", "demo/2.0", "--force", "--arch-dir", str(arch))
    assert code == 1
    assert "node.khong-co" in out
    assert version.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("argv", "message"), [
    (["freeze", "demo"], "cần '<kiến trúc>/<phiên bản>'"),
    (["freeze", "demo/9.0"], "không có phiên bản 'demo/9.0'"),
    (["new-version", "demo", "3.0", "--from", "9.0"], "không có phiên bản 'demo/9.0'"),
    (["new-version", "demo", "1.5", "--from", "2.0"], "phải lớn hơn"),
    (["new-version", "demo", "3", "--from", "2.0"], None),
    (["new-version", "demo", "ba", "--from", "2.0"], "số phiên bản phải có dạng"),
])
def test_usage_errors(arch: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                      message: str | None) -> None:
    code, out = run(capsys, *argv, "--arch-dir", str(arch))
    if message is None:  # "3" is a valid version number
        assert code == 0
        return
    assert code == 2
    assert message in out


def test_new_version_says_what_to_update_next(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    arch = tmp_path / "arch"
    shutil.copytree(Path(__file__).resolve().parent.parent / "arch", arch)
    projects = arch / "cqdt" / "2.0" / "du-an.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace(
        "status: chua-trien-khai", "status: hoan-thanh", 2), encoding="utf-8")
    code, out = run(capsys, "new-version", "cqdt", "3.0", "--from", "2.0", "--arch",
                    str(arch))
    assert code == 0, out
    steps = out[out.index("Việc cần làm tiếp trong cqdt/3.0:"):].splitlines()
    assert steps[1].startswith("  1. version.yaml: sửa title, summary, vision, scope")
    assert "period đang là 2021–2025" in steps[2] and "25 dự án cần xem lại" in steps[2]
    assert steps[3] == ("  3. 2 dự án đã hoàn thành ở cqdt/2.0: xóa khỏi bản mới (trang so "
                        "sánh ghi chúng là «Hoàn thành», không phải «Loại bỏ»).")
    assert "kientruc freeze cqdt/3.0" in steps[4]
