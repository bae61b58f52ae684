"""``kientruc validate`` and ``kientruc schema``: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import golden
import pytest
from conftest import BASE_ELEMENTS, BASE_VERSION, with_base, write_files
from kientruc import cli
from kientruc.source.schema import dump_schema, json_schemas

REPO = Path(__file__).resolve().parent.parent
E = "arch/cqdt/2.0/thanh-phan.yaml"
BROKEN = {
    E: BASE_ELEMENTS + "  - id: app.x\n    type: application\n    name: {vi: X}\n"
    "    owner: org.so-ttt\n    provenance: illustrative\n",
    "arch/cqdt/2.0/hong.yaml": "elements: [\n",
}


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> tuple[int, str, str]:
    """Run the command line in ``tmp_path``; return exit code, stdout and stderr."""
    monkeypatch.chdir(tmp_path)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    write_files(tmp_path, with_base({}))
    return tmp_path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    write_files(tmp_path, with_base(BROKEN))
    return tmp_path


def test_valid_tree_exits_0(valid: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(valid, monkeypatch, capsys, "validate", "arch")
    assert code == 0
    assert out == "Hợp lệ: 1 phiên bản, 6 thành phần.\n"
    assert err == ""


def test_default_path_is_arch(valid: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(valid, monkeypatch, capsys, "validate")[0] == 0


def test_problems_exit_1_as_located_text(broken: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(broken, monkeypatch, capsys, "validate", "arch")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "2 lỗi trong mã nguồn kiến trúc:"
    assert lines[1].startswith("  arch/cqdt/2.0/hong.yaml:2:1: lỗi cú pháp YAML: ")
    # The wrong reference lies in the unreadable file's version: it may be a consequence, so
    # it is counted in one line after the cause and shown once the file reads again.
    assert lines[2] == (
        "  arch: và 1 lỗi khác (tham chiếu giữa các tệp) có thể do không đọc được "
        "arch/cqdt/2.0/hong.yaml: hãy sửa lỗi ở tệp đó trước rồi kiểm tra lại")
    assert err == ""


def test_json_format_is_parseable(broken: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(broken, monkeypatch, capsys, "validate", "arch", "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert [sorted(p) for p in problems] == [
        ["column", "file", "line", "message", "severity", "where"]] * 2
    assert {p["severity"] for p in problems} == {"error"}
    assert problems[0]["file"] == "arch/cqdt/2.0/hong.yaml"
    assert problems[1]["file"] == "arch" and problems[1]["message"].startswith("và 1 lỗi khác")


def test_json_format_when_valid(valid: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(valid, monkeypatch, capsys, "validate", "arch", "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_github_format_prints_annotations(broken: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(broken, monkeypatch, capsys, "validate", "arch", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert re.match(r"^::error file=arch/cqdt/2.0/hong.yaml,line=\d+,col=\d+::lỗi cú pháp", lines[0])
    assert lines[1].startswith("::error file=arch::và 1 lỗi khác (tham chiếu giữa các tệp)")


def test_github_format_turns_warnings_into_annotations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    approved = BASE_VERSION.replace("status: draft", "status: approved") + (
        "approval: {number: 1234/QĐ-UBND, provenance: illustrative}\n")
    write_files(tmp_path, with_base({"arch/cqdt/2.0/version.yaml": approved}))
    code, out, err = run(tmp_path, monkeypatch, capsys, "validate", "--format", "github")
    assert code == 0
    assert out == ("::warning file=arch/cqdt/2.0/version.yaml::phiên bản đã phê duyệt chưa được "
                   "khóa; chạy 'kientruc freeze cqdt/2.0'\n")
    assert err == ""
    code, out, err = run(tmp_path, monkeypatch, capsys, "validate")
    assert code == 0
    assert err.startswith("cảnh báo: arch/cqdt/2.0/version.yaml: phiên bản đã phê duyệt")
    code, out, err = run(tmp_path, monkeypatch, capsys, "validate", "--format", "json")
    assert code == 0 and err == ""
    assert [(p["severity"], p["file"]) for p in json.loads(out)] == [
        ("warning", "arch/cqdt/2.0/version.yaml")]


@pytest.mark.parametrize("args", [
    ["validate", "khong-co"],
    ["validate", "arch", "arch/cqdt/2.0/version.yaml"],  # a folder and a file: which one?
    ["validate", "arch", "--format", "xml"],
    ["validate", "arch", "--khong-co"],
    ["khong-co-lenh"],
    [],
])
def test_usage_errors_exit_2(valid: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(valid, monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def test_missing_path_message(valid: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(valid, monkeypatch, capsys, "validate", "khong-co")
    assert err == ("kientruc: 'khong-co' không tồn tại: cần thư mục mã nguồn kiến trúc "
                   "(ví dụ 'arch') hoặc một vài tệp .yaml trong đó\n")


def _subprocess(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kientruc.cli", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=120)


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """Every bad input of the goldens at once, through a real process: exit 1, no traceback."""
    files: dict[str, str | bytes | None] = {}
    for path in sorted((Path(__file__).parent / "goldens" / "load").glob("*.yml")):
        for name, content in (golden.read(path).get("files") or {}).items():
            files.setdefault(name if "/2.0/" not in name or name.endswith("version.yaml")
                             else name.replace(".y", f"-{path.stem}.y", 1), content)
    write_files(tmp_path, with_base(files))
    for fmt in ("text", "json", "github"):
        result = _subprocess(tmp_path, "validate", "arch", "--format", fmt)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stderr == ""
        assert len(result.stdout.splitlines()) > 40
    result = _subprocess(tmp_path, "validate", "arch", "--format", "yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "lựa chọn không hợp lệ" in result.stderr


# -- schema -----------------------------------------------------------------------------------


def test_schema_command_writes_the_file_schemas_and_the_ids(
        valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(valid, monkeypatch, capsys, "schema", "-o", "ra")
    assert code == 0
    written = sorted(p.name for p in (valid / "ra").iterdir())
    assert written == ["catalogue.schema.json", "framework.schema.json", "ids.schema.json",
                       "version.schema.json"]
    assert out.count("đã ghi") == 4
    for name in written:
        schema = json.loads((valid / "ra" / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == name
    version = json.loads((valid / "ra" / "version.schema.json").read_text(encoding="utf-8"))
    assert {"from", "to"} <= set(version["$defs"]["Period"]["properties"])
    listed, _ = _ids(valid / "ra")
    assert listed["org.so-tttt"] == "Sở Thông tin và Truyền thông (Cơ quan, đơn vị) · cqdt/2.0"
    assert set(listed) >= {"app.mot-cua", "org.so-tttt"}


def _ids(folder: Path) -> tuple[dict[str, str], dict[str, object]]:
    schema = json.loads((folder / "ids.schema.json").read_text(encoding="utf-8"))
    branch = schema["anyOf"][0]
    return dict(zip(branch["enum"], branch["markdownEnumDescriptions"], strict=True)), schema


def test_schema_without_sources_still_writes_an_id_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(tmp_path, monkeypatch, capsys, "schema", "-o", "ra")
    assert code == 0 and "chưa ghi danh sách mã" in err
    assert _ids(tmp_path / "ra")[0] == {}  # the file schemas refer to it, so it must exist


def test_validate_keeps_the_id_list_current(valid: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    run(valid, monkeypatch, capsys, "schema")
    source = valid / E
    source.write_text(source.read_text(encoding="utf-8") + (
        "  - id: app.moi\n    type: application\n    name: {vi: Ứng dụng mới}\n"
        "    provenance: illustrative\n"), encoding="utf-8")
    code, _, err = run(valid, monkeypatch, capsys, "validate")
    assert code == 0 and "đã cập nhật arch/schema/ids.schema.json" in err
    assert _ids(valid / "arch" / "schema")[0]["app.moi"] == "Ứng dụng mới (Ứng dụng) · cqdt/2.0"
    assert "ids.schema.json" not in run(valid, monkeypatch, capsys, "validate")[2]  # current
    code, out, _ = run(valid, monkeypatch, capsys, "validate", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_committed_schemas_are_up_to_date() -> None:
    folder = REPO / "arch" / "schema"
    stale = [name for name, schema in json_schemas().items()
             if not (folder / name).is_file()
             or (folder / name).read_text(encoding="utf-8") != dump_schema(schema)]
    assert not stale, (
        f"arch/schema/{', '.join(stale)} is out of date with kientruc.source.spec: run "
        "`.venv/bin/kientruc schema` (it writes arch/schema/) and commit the result")


def test_schema_output_is_deterministic() -> None:
    assert [dump_schema(s) for s in json_schemas().values()] == [
        dump_schema(s) for s in json_schemas().values()]


def test_github_format_writes_every_problem_to_the_job_summary(
        broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    summary = broken / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(broken, monkeypatch, capsys, "validate", "arch", "--format", "github")
    assert code == 1
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("### 2 lỗi trong mã nguồn kiến trúc")
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == len(out.splitlines()) == 2
    assert "`arch/cqdt/2.0/hong.yaml:2:1`" in rows[0]


def test_version_and_vietnamese_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import kientruc

    code, out, _ = run(tmp_path, monkeypatch, capsys, "--version")
    assert (code, out.strip()) == (0, f"kientruc {kientruc.__version__}")
    code, out, _ = run(tmp_path, monkeypatch, capsys, "validate", "--help")
    assert code == 0
    assert out.startswith("cách dùng: kientruc validate")
    assert "hiện hướng dẫn này rồi thoát" in out and "show this help" not in out
    code, _, err = run(tmp_path, monkeypatch, capsys, "diff")
    assert code == 2 and "lỗi: thiếu tham số bắt buộc" in err


def test_validate_named_files_reports_only_their_problems(
        broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(broken, monkeypatch, capsys, "validate", "arch/cqdt/2.0/hong.yaml")
    assert code == 1
    assert all(line.startswith("  arch/cqdt/2.0/hong.yaml") for line in out.splitlines()[1:])
    good = broken / "arch" / "cqdt" / "2.0" / "version.yaml"
    code, out, _ = run(broken, monkeypatch, capsys, "validate", str(good))
    assert code == 0 and out.startswith("Các tệp đã chọn hợp lệ")


def test_paths_are_relative_to_the_repository_wherever_validate_runs(
        broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(broken / "arch")
    code, out, _ = run(broken / "arch", monkeypatch, capsys, "validate", ".", "--format",
                       "github")
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=arch/cqdt/2.0/hong.yaml,")


def test_old_spelling_of_the_arch_option_still_works(
        broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(broken, monkeypatch, capsys, "diff", "cqdt/2.0", "cqdt/2.0",
                       "--arch-dir", "khong-co")
    assert code == 2 and "khong-co" in err
