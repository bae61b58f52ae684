"""``kientruc review --base REF``: what a branch does to every version, for a pull request.

Each test commits a copy of the real ``arch/`` to a scratch git repository, edits it as an
editor would, and reads the Markdown the reviewer gets.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from kientruc import cli
from kientruc.compare.review_markdown import MARKER
from kientruc.compare.words import word_diff

REPO = Path(__file__).resolve().parent.parent
LAW = "vn.vb.luat-67-2006-qh11"


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=where, check=True, capture_output=True)


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the real ``arch/`` in one commit (copied per test)."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "arch", root / "arch")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "arch")
    git(root, "commit", "-q", "-m", "base")
    return root


@pytest.fixture
def repo(committed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(committed, copy)
    return copy


def review(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           *extra: str) -> str:
    monkeypatch.chdir(repo)
    code = cli.main(["review", "--base", "main", *extra])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sections(markdown: str) -> dict[str, str]:
    """``{version key: its section}`` from the ``### `key` — …`` headings."""
    found = re.split(r"^### `([a-z0-9-]+/[0-9.]+)`.*$", markdown, flags=re.M)
    return dict(zip(found[1::2], found[2::2], strict=True))


def test_a_change_in_common_data_names_every_version_that_cites_it(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / "arch/common/thai-binh/van-ban.yaml", "description: Luật được Quyết định",
         "description: Luật Công nghệ thông tin được Quyết định")
    out = review(repo, monkeypatch, capsys)
    assert out.startswith(MARKER)
    assert "### Dữ liệu dùng chung" in out
    row = next(line for line in out.splitlines() if f"`{LAW}`" in line and line.startswith("|"))
    assert "<ins>Công nghệ thông tin</ins>" in row
    assert row.rstrip(" |").endswith("`cqdt/1.0`, `cqdt/2.0`, `dttm/1.0`")
    parts = sections(out)
    assert set(parts) == {"cqdt/1.0", "cqdt/2.0", "dttm/1.0"}
    for text in parts.values():
        assert f"dữ liệu dùng chung đã thay đổi: `{LAW}`" in text
        assert f"kien-truc/chung/{LAW}/" in text
    assert "không phiên bản nào" not in out


def test_common_data_no_version_cites_touches_no_version(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "arch/common/thai-binh/van-ban.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - id: vn.vb.thu-nghiem\n    type: legal_document\n"
                    "    name: {vi: \"Văn bản thử nghiệm\"}\n    number: 1/2020/TT\n"
                    "    doc_type: tt\n    issuer: Bộ Thông tin và Truyền thông\n"
                    "    title: Văn bản thử nghiệm\n"
                    "    provenance: illustrative\n", encoding="utf-8")
    out = review(repo, monkeypatch, capsys)
    assert "Văn bản thử nghiệm (`vn.vb.thu-nghiem`) | bổ sung" in out
    assert "không phiên bản nào chịu ảnh hưởng" in out
    assert sections(out) == {}


def test_version_fields_show_the_changed_words_and_the_heading_names_the_base(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / "arch/cqdt/2.0/version.yaml", "lấy dữ liệu làm trung tâm,",
         "lấy dữ liệu và người dân làm trung tâm,")
    out = review(repo, monkeypatch, capsys)
    assert set(sections(out)) == {"cqdt/2.0"}
    row = next(line for line in out.splitlines() if line.startswith("| Tóm tắt |"))
    assert "lấy dữ liệu <ins>và người dân</ins> làm trung tâm" in row
    assert "…" in row  # the unchanged rest of a long summary is elided, not the change
    assert "**" not in row  # the summary's Markdown is rendered away
    assert "So với bản trên `main`" in out
    assert "cqdt/2.0 → cqdt/2.0" not in out


def test_an_added_element_comes_with_its_relations_and_its_page(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "arch/cqdt/2.0/ung-dung.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - id: tb.app.thu-nghiem\n    type: application\n"
        "    name: {vi: \"Ứng dụng thử nghiệm\"}\n    layer: applications\n"
        "    owner: tb.org.so-tttt\n    uses: [tb.ch.cong-ttdt]\n"
        "    provenance: illustrative\n"), encoding="utf-8")
    out = review(repo, monkeypatch, capsys, "--site-url", "https://preview.example.org/pr-7",
                 "--file-urls")
    row = next(line for line in out.splitlines() if "`tb.app.thu-nghiem`" in line)
    assert "| Bổ sung |" in row
    assert "Sử dụng: Cổng TTĐT tỉnh" in row and "Chủ quản: Sở TT&TT" in row
    assert ("[Ứng dụng thử nghiệm](https://preview.example.org/pr-7/kien-truc/cqdt/2.0/"
            "thanh-phan/tb.app.thu-nghiem.html)") in out
    assert "**1** bổ sung" in out


def test_a_framework_change_names_the_versions_that_follow_it(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / "arch/frameworks/vneaf-1.0.yaml", 'name: {vi: "Kênh giao tiếp"',
         'name: {vi: "Kênh giao tiếp với người dân"')
    out = review(repo, monkeypatch, capsys)
    assert "### Khung kiến trúc" in out
    assert re.search(r"\(`vneaf-1\.0`\): thay đổi; phiên bản dùng khung: `cqdt/1\.0`$", out,
                     re.M)
    parts = sections(out)
    assert set(parts) == {"cqdt/1.0"}
    assert "khung kiến trúc của phiên bản thay đổi" in parts["cqdt/1.0"]


def test_a_new_version_is_compared_with_the_one_it_supersedes(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    assert cli.main(["new-version", "cqdt", "3.0", "--from", "2.0"]) == 0
    capsys.readouterr()
    edit(repo / "arch/cqdt/3.0/version.yaml", "lấy dữ liệu làm trung tâm,",
         "lấy dữ liệu số làm trung tâm,")
    out = review(repo, monkeypatch, capsys)
    parts = sections(out)
    assert set(parts) == {"cqdt/3.0"}
    assert "Phiên bản mới, so với phiên bản trước `cqdt/2.0`." in parts["cqdt/3.0"]
    assert "lấy dữ liệu <ins>số</ins> làm trung tâm" in parts["cqdt/3.0"]
    assert "So sánh cqdt/2.0 → cqdt/3.0: `kien-truc/cqdt/so-sanh/2.0-3.0/`" in out


def test_a_deleted_version_is_reported(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo / "arch/dttm")
    out = review(repo, monkeypatch, capsys)
    assert "Phiên bản bị xoá khỏi mã nguồn (có trên `main`)." in sections(out)["dttm/1.0"]


def test_a_base_without_sources_makes_every_version_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("x\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "empty")
    shutil.copytree(REPO / "arch", root / "arch")
    out = review(root, monkeypatch, capsys)
    parts = sections(out)
    assert set(parts) == {"cqdt/1.0", "cqdt/2.0", "dttm/1.0"}
    assert "Phiên bản mới; không có phiên bản trước" in parts["cqdt/1.0"]
    assert "Phiên bản mới, so với phiên bản trước `cqdt/1.0`." in parts["cqdt/2.0"]


def test_outside_git_or_with_an_unknown_base_is_a_usage_error(
        tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(REPO / "arch", outside / "arch")
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert cli.main(["review", "--base", "main"]) == 2
    assert "không nằm trong một kho git" in capsys.readouterr().err
    monkeypatch.chdir(repo)
    assert cli.main(["review", "--base", "nhanh-khong-co"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kientruc: git") and "Traceback" not in err


def test_word_diff_keeps_context_around_each_change() -> None:
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "MOI")
    text = word_diff(old, new, on_site=False, context=3)
    assert text == "… w17 w18 w19 <del>w20</del> <ins>MOI</ins> w21 w22 w23 …"
    whole = word_diff(old, new, on_site=False)  # no context: the whole text
    assert whole.startswith("w0 w1 ") and whole.endswith(" w38 w39") and "…" not in whole


def test_the_editors_schemas_are_not_architecture_changes(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``kientruc validate`` rewrites ``arch/schema/ids.schema.json``: that changes no version."""
    (repo / "arch/schema/ids.schema.json").write_text("{}\n", encoding="utf-8")
    (repo / "arch/schema/moi.schema.json").write_text("{}\n", encoding="utf-8")
    out = review(repo, monkeypatch, capsys)
    assert "0 tệp thay đổi trong mã nguồn kiến trúc" in out and "schema" not in out


def test_the_comment_is_cut_to_its_limit_and_the_summary_file_gets_the_whole_review(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """One run gives the pull-request comment (GitHub: at most 65,536 characters) and the job
    summary (the whole review), so the workflow does not compare the versions twice."""
    edit(repo / "arch/common/thai-binh/van-ban.yaml", "description: Luật được Quyết định",
         "description: Luật Công nghệ thông tin được Quyết định")
    whole = review(repo, monkeypatch, capsys)
    summary = repo.parent / "summary.md"
    summary.write_text("trước\n", encoding="utf-8")
    cut = review(repo, monkeypatch, capsys, "--limit", "1500", "--summary-file", str(summary))
    assert len(cut) <= 1501 and "Bản tóm tắt quá dài cho một bình luận" in cut
    assert cut.split("\n\n… Bản tóm tắt")[0] in whole
    assert summary.read_text(encoding="utf-8") == "trước\n" + whole.rstrip("\n") + "\n"
