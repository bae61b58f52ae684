"""``kientruc publish``: a built folder becomes the whole content of a branch of a repository."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from kientruc.cli import main
from kientruc.cli.publish import (
    DEFAULT_SOURCE_DATE_EPOCH,
    PushRejectedError,
    TargetError,
    publish,
)

if TYPE_CHECKING:
    from pathlib import Path

IDENTITY = ["-c", "user.name=Người thử", "-c", "user.email=thu@example.invalid"]


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *IDENTITY, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def branch_names(repo: Path, branch: str = "gh-pages") -> set[str]:
    return set(git(f"--git-dir={repo}", "ls-tree", "-r", "--name-only", branch).splitlines())


def branch_files(repo: Path, branch: str = "gh-pages") -> dict[str, str]:
    return {name: git(f"--git-dir={repo}", "show", f"{branch}:{name}")
            for name in branch_names(repo, branch)}


def commits(repo: Path, branch: str = "gh-pages") -> list[str]:
    return git(f"--git-dir={repo}", "rev-list", branch).splitlines()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "kien-truc" / "cqdt" / "2.0" / "tai-ve").mkdir(parents=True)
    (folder / "index.html").write_text("<h1>Kiến trúc Chính quyền số</h1>\n", encoding="utf-8")
    (folder / "kien-truc" / "cqdt" / "2.0" / "tai-ve" / "model.json").write_text(
        '{"version": "2.0"}\n', encoding="utf-8")
    (folder / ".gitignore").write_text("*.json\n", encoding="utf-8")  # must not hide site files
    return folder


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    repo = tmp_path / "trang.git"
    git("init", "-q", "--bare", str(repo))
    return repo


def run_publish(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["publish", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_twice_unchanged_site_makes_no_new_commit(
        site: Path, bare: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_publish(capsys, "--to", str(bare), "--site-dir", str(site), "--no-build")
    assert code == 0
    assert "Đã xuất bản" in out
    assert branch_files(bare) == {
        ".gitignore": "*.json",
        ".nojekyll": "",
        "index.html": "<h1>Kiến trúc Chính quyền số</h1>",
        "kien-truc/cqdt/2.0/tai-ve/model.json": '{"version": "2.0"}',
    }
    first = commits(bare)
    assert len(first) == 1
    author = git(f"--git-dir={bare}", "log", "-1", "--format=%an <%ae>|%cn <%ce>", "gh-pages")
    assert author == "kientruc <kientruc@localhost>|kientruc <kientruc@localhost>"

    code, out, _ = run_publish(capsys, "--to", str(bare), "--site-dir", str(site), "--no-build")
    assert code == 0
    assert "Không có thay đổi" in out
    assert commits(bare) == first
    assert not (site / ".nojekyll").exists()  # the site folder itself is left alone


def test_changed_site_makes_exactly_one_commit_with_the_new_content(
        site: Path, bare: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_publish(capsys, "--to", str(bare), "--site-dir", str(site), "--no-build")[0] == 0
    before = commits(bare)
    (site / "index.html").write_text("<h1>Phiên bản 2.1</h1>\n", encoding="utf-8")
    (site / "kien-truc" / "cqdt" / "2.0" / "tai-ve" / "model.json").unlink()

    code, _, _ = run_publish(capsys, "--to", str(bare), "--site-dir", str(site), "--no-build",
                             "--message", "Cập nhật trang")
    assert code == 0
    after = commits(bare)
    assert after[1:] == before  # one new commit, on top of the previous tip
    assert branch_names(bare) == {".gitignore", ".nojekyll", "index.html"}
    assert git(f"--git-dir={bare}", "log", "-1", "--format=%s", "gh-pages") == "Cập nhật trang"


def test_branch_content_is_replaced_and_other_branches_are_untouched(
        site: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    git("init", "-q", "-b", "main", str(work))
    (work / "README.md").write_text("nguồn\n", encoding="utf-8")
    git("add", "README.md", cwd=work)
    git("commit", "-q", "-m", "nguồn", cwd=work)
    git("checkout", "-q", "-b", "pages", cwd=work)
    (work / "cu.html").write_text("cũ\n", encoding="utf-8")
    git("add", "cu.html", cwd=work)
    git("commit", "-q", "-m", "trang cũ", cwd=work)
    old_tip = git("rev-parse", "pages", cwd=work)
    git("checkout", "-q", "main", cwd=work)
    main_tip = git("rev-parse", "main", cwd=work)

    result = publish(site_dir=site, target=str(work), branch="pages")

    assert result.created
    assert git("rev-parse", "pages^", cwd=work) == old_tip
    assert branch_names(work / ".git", "pages") == {
        ".gitignore", ".nojekyll", "index.html", "kien-truc/cqdt/2.0/tai-ve/model.json"}
    assert git("rev-parse", "main", cwd=work) == main_tip
    assert git("status", "--porcelain", cwd=work) == ""


def test_publish_to_a_file_url_and_the_result_record(site: Path, bare: Path) -> None:
    url = bare.as_uri()
    first = publish(site_dir=site, target=url)
    again = publish(site_dir=site, target=url)
    assert first.created
    assert not again.created
    assert again.commit == first.commit == commits(bare)[0]
    assert again.tree == first.tree == git(f"--git-dir={bare}", "rev-parse", "gh-pages^{tree}")


def test_push_rejected_by_a_checked_out_branch(site: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    git("init", "-q", "-b", "gh-pages", str(work))
    git("commit", "-q", "--allow-empty", "-m", "trống", cwd=work)
    with pytest.raises(PushRejectedError, match="checked out"):
        publish(site_dir=site, target=str(work))


@pytest.mark.parametrize(
    ("target", "expected"),
    [("khong-co", "không tìm thấy kho đích"), ("thu-muc", "không phải kho git")],
)
def test_bad_target_is_a_clean_one_line_error(
        site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, target: str, expected: str) -> None:
    (tmp_path / "thu-muc").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run_publish(capsys, "--to", target, "--site-dir", str(site), "--no-build")
    assert code == 1
    assert out == ""
    assert err.startswith("kientruc: ")
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_site_missing_git_and_bad_branch_are_clean_errors(
        site: Path, bare: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_publish(capsys, "--to", str(bare), "--site-dir", str(tmp_path / "nope"),
                               "--no-build")
    assert code == 1
    assert "không tìm thấy thư mục trang web" in err

    with pytest.raises(TargetError, match="tên nhánh không hợp lệ"):
        publish(site_dir=site, target=str(bare), branch="bad..name")

    code, _, err = run_publish(capsys, "--to", str(bare), "--config",
                               str(tmp_path / "mkdocs.yml"))
    assert code == 1
    assert "không tìm thấy tệp cấu hình" in err

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run_publish(capsys, "--to", str(bare), "--site-dir", str(site), "--no-build")
    assert code == 1
    assert "không tìm thấy git" in err


def test_publish_really_builds_a_deterministic_site(
        tmp_path: Path, bare: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "du-an"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Kiến trúc thử\ntheme:\n  name: material\n",
                                        encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Trang chủ\n\nXin chào các cơ quan.\n",
                                               encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    assert main(["publish", "--to", str(bare)]) == 0
    first = commits(bare)
    assert {".nojekyll", "index.html", "search/search_index.json"} <= branch_names(bare)
    assert "Xin chào các cơ quan." in git(f"--git-dir={bare}", "show", "gh-pages:index.html")
    built = (project / "site" / "sitemap.xml.gz").read_bytes()
    day = int(DEFAULT_SOURCE_DATE_EPOCH) // 86400 * 86400  # MkDocs keeps the date of the build
    assert int.from_bytes(built[4:8], "little") == day  # the gzip header's mtime

    assert main(["publish", "--to", str(bare)]) == 0  # a rebuild of unchanged sources
    assert commits(bare) == first
    assert "Không có thay đổi" in capfd.readouterr().out
