"""``kientruc publish``: build the site and commit it as the whole content of a git branch.

The same thing the deploy workflow does, runnable and testable on any machine::

    kientruc publish --to ../trang-web.git --branch gh-pages

The built folder becomes the *whole* tree of the branch (plus an empty ``.nojekyll``), committed
on top of the branch's current tip. Only plain ``git`` commands run, in a temporary repository:
nothing is written into the site folder or the current repository. When the tree is identical to
the tip's tree nothing is committed or pushed, so publishing an unchanged site twice leaves the
branch as it was (the build is deterministic: ``SOURCE_DATE_EPOCH`` is fixed unless already set).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import lifetime
from ..errors import (
    BuildError,
    GitMissingError,
    PublishError,
    PushRejectedError,
    SiteMissingError,
    TargetError,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

DEFAULT_SOURCE_DATE_EPOCH = "1700000000"
"""Build time used when ``SOURCE_DATE_EPOCH`` is unset (2023-11-14T22:13:20Z, as in ``.ci/setup``
and the workflows), so that two builds of the same sources are identical byte for byte."""

COMMITTER = {
    "GIT_AUTHOR_NAME": "kientruc",
    "GIT_AUTHOR_EMAIL": "kientruc@localhost",
    "GIT_COMMITTER_NAME": "kientruc",
    "GIT_COMMITTER_EMAIL": "kientruc@localhost",
}
"""Fixed identity of publish commits: they do not depend on who (or which CI) runs them."""

_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|[^/:\s]+@?[^/:\s]*:)")
"""A git URL: ``scheme://…`` or scp-like ``user@host:path``."""

_CLEAN_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                  "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX")
"""Variables that a surrounding git process (a hook, say) may leave and that would redirect ours."""


@dataclass(frozen=True, kw_only=True)
class PublishResult:
    """What a publish did.

    ``commit`` is the tip of the branch afterwards; ``created`` tells whether it is a new commit
    (``False``: the site was unchanged and nothing was pushed).
    """

    target: str
    branch: str
    tree: str
    commit: str
    created: bool


def build_site(*, config: Path, site_dir: Path, env: Mapping[str, str] | None = None) -> None:
    """Build the site with ``mkdocs build --strict`` in a subprocess of this Python.

    ``SOURCE_DATE_EPOCH`` is set to :data:`DEFAULT_SOURCE_DATE_EPOCH` unless the environment
    already has it, so the output is reproducible. MkDocs' own log goes to the terminal.

    Args:
        config: The ``mkdocs.yml`` to build.
        site_dir: Output folder (emptied first by MkDocs).
        env: Environment of the build (default: this process's environment).

    Raises:
        BuildError: The configuration is missing or the build failed.
    """
    if not config.is_file():
        raise BuildError(f"không tìm thấy tệp cấu hình '{config}' (config file not found)")
    build_env = dict(os.environ if env is None else env)
    build_env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    build_env.setdefault("NO_MKDOCS_2_WARNING", "1")
    build_env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "-f", str(config), "-d", str(site_dir.resolve())]
    parent = os.getpid()
    lifetime.prepare()
    result = subprocess.run(command, env=build_env, check=False,
                            preexec_fn=lambda: lifetime.die_with_parent(parent))
    if result.returncode != 0:
        raise BuildError(f"mkdocs build --strict thất bại (mã {result.returncode}); "
                         "xem nhật ký ở trên (build failed, see the log above)")


def publish(*, site_dir: Path, target: str, branch: str = "gh-pages",
            message: str | None = None) -> PublishResult:
    """Commit ``site_dir`` as the whole content of ``branch`` in ``target`` and push it.

    The new commit's parent is the branch's current tip (a fast-forward); a branch that does not
    exist yet starts with a root commit. If the tree equals the tip's tree, nothing is committed.

    Args:
        site_dir: The built site.
        target: A local repository (bare or with a work tree) or any git URL.
        branch: The branch to replace, created if missing.
        message: Commit message (default: names the source commit when there is one).

    Returns:
        What was done.

    Raises:
        GitMissingError: ``git`` is not installed.
        SiteMissingError: ``site_dir`` is not a folder.
        TargetError: ``target`` is not a readable git repository, or ``branch`` is not a valid name.
        PushRejectedError: The target refused the push.
    """
    git = _git_executable()
    if not site_dir.is_dir():
        raise SiteMissingError(f"không tìm thấy thư mục trang web '{site_dir}' "
                               "(site folder not found; build it or drop --no-build)")
    remote = _remote(target)
    env = _git_env()
    if _run([git, "check-ref-format", f"refs/heads/{branch}"], env=env).returncode != 0:
        raise TargetError(f"tên nhánh không hợp lệ '{branch}' (invalid branch name)")
    with tempfile.TemporaryDirectory(prefix="kientruc-publish-") as tmp:
        work = Path(tmp)
        gitdir = work / "repo"
        _checked([git, "init", "-q", "--bare", str(gitdir)], env=env, error=PublishError,
                 what="không tạo được kho tạm")

        def run_git(*args: str, stdin: str | None = None,
                    extra: Mapping[str, str] | None = None) -> str:
            return _checked([git, f"--git-dir={gitdir}", *args], env={**env, **(extra or {})},
                            stdin=stdin, error=PublishError, what=f"git {args[0]} thất bại")

        parent = _remote_tip(git, remote, branch, env, shown=target)
        if parent:
            _checked([git, f"--git-dir={gitdir}", "fetch", "-q", "--no-tags", "--depth=1", remote,
                      f"refs/heads/{branch}"], env=env, error=TargetError,
                     what=f"không lấy được nhánh '{branch}' từ '{target}'")
        index = {"GIT_INDEX_FILE": str(work / "index")}
        run_git(f"--work-tree={site_dir.resolve()}", "-c", "core.autocrlf=false",
                "-c", "core.safecrlf=false", "add", "--all", "--force", "--", ".", extra=index)
        empty = run_git("hash-object", "-w", "--stdin", stdin="").strip()
        run_git("update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll", extra=index)
        tree = run_git("write-tree", extra=index).strip()
        if parent and run_git("rev-parse", f"{parent}^{{tree}}").strip() == tree:
            return PublishResult(target=target, branch=branch, tree=tree, commit=parent,
                                 created=False)
        text = message or _default_message()
        commit = run_git("commit-tree", tree, *(["-p", parent] if parent else []),
                         "-m", text).strip()
        pushed = _run([git, f"--git-dir={gitdir}", "push", "-q", remote,
                       f"{commit}:refs/heads/{branch}"], env=env)
        if pushed.returncode != 0:
            raise PushRejectedError(f"'{target}' từ chối nhánh '{branch}' (push rejected): "
                                    f"{_last_line(pushed.stderr)}")
    return PublishResult(target=target, branch=branch, tree=tree, commit=commit, created=True)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kientruc publish`` to the command line."""
    p = sub.add_parser(
        "publish", help="dựng trang web và xuất bản lên một nhánh git",
        description="Dựng trang web (mkdocs build --strict) rồi ghi nó thành toàn bộ nội dung "
                    "của một nhánh trong kho git đích; không có thay đổi thì không tạo commit.")
    p.add_argument("--to", dest="target", required=True, metavar="ĐÍCH",
                   help="kho git đích: thư mục (kho trần hoặc kho làm việc) hoặc URL git")
    p.add_argument("--branch", default="gh-pages", help="nhánh đích (mặc định: gh-pages)")
    p.add_argument("--site-dir", default="site", help="thư mục trang web (mặc định: site)")
    p.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình MkDocs")
    p.add_argument("--message", "-m", help="nội dung commit")
    p.add_argument("--no-build", action="store_true",
                   help="không dựng lại, xuất bản thư mục trang web có sẵn")
    p.set_defaults(handler=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    """Handle ``kientruc publish``; errors propagate as :class:`PublishError`."""
    site_dir = Path(args.site_dir)
    if not args.no_build:
        _git_executable()  # fail before a long build, not after it
        build_site(config=Path(args.config), site_dir=site_dir)
    try:
        result = publish(site_dir=site_dir, target=args.target, branch=args.branch,
                         message=args.message)
    except OSError as error:  # a full or read-only temporary folder: one line, no traceback
        raise PublishError(f"không xuất bản được lên '{args.target}': "
                           f"{error.strerror or error} ({error.filename or ''})") from None
    if result.created:
        line = (f"Đã xuất bản {result.commit[:12]} lên nhánh '{result.branch}' "
                f"của '{result.target}'.")
    else:
        line = (f"Không có thay đổi: nhánh '{result.branch}' của '{result.target}' "
                f"đã là {result.commit[:12]}.")
    sys.stdout.write(line + "\n")
    return 0


def _git_executable() -> str:
    git = shutil.which("git")
    if git is None:
        raise GitMissingError("không tìm thấy git: hãy cài đặt git (apt-get install git) "
                              "(git not found)")
    return git


def _remote(target: str) -> str:
    """Return the remote as git should see it: an absolute path, or the URL unchanged."""
    path = Path(target)
    if path.exists():
        return str(path.resolve())
    if _URL.match(target):
        return target
    raise TargetError(f"không tìm thấy kho đích '{target}' (target not found)")


def _remote_tip(git: str, remote: str, branch: str, env: Mapping[str, str], *,
                shown: str) -> str:
    """Return the commit at ``refs/heads/<branch>`` of ``remote``, or "" when there is none."""
    listed = _run([git, "ls-remote", "--heads", remote, f"refs/heads/{branch}"], env=env)
    if listed.returncode != 0:
        raise TargetError(f"'{shown}' không phải kho git đọc được (not a git repository): "
                          f"{_last_line(listed.stderr)}")
    for line in listed.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        if ref == f"refs/heads/{branch}":
            return sha
    return ""


def _default_message() -> str:
    """Name the source commit when the current folder is a git repository."""
    git = _git_executable()
    head = _run([git, "rev-parse", "--short=12", "HEAD"], env=_git_env())
    source = f" từ {head.stdout.strip()}" if head.returncode == 0 and head.stdout.strip() else ""
    return f"Xuất bản trang web kiến trúc{source}"


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CLEAN_GIT_ENV}
    env.update(COMMITTER)
    env["GIT_TERMINAL_PROMPT"] = "0"  # fail instead of waiting for a password nobody types
    env["LC_ALL"] = "C"  # git's messages, quoted in ours, stay parseable
    return env


def _run(command: Sequence[str], *, env: Mapping[str, str],
         stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), env=dict(env), input=stdin if stdin is not None else "",
        capture_output=True, text=True, check=False)


def _checked(command: Sequence[str], *, env: Mapping[str, str], error: type[PublishError],
             what: str, stdin: str | None = None) -> str:
    result = _run(command, env=env, stdin=stdin)
    if result.returncode != 0:
        raise error(f"{what}: {_last_line(result.stderr)}")
    return result.stdout


def _last_line(text: str) -> str:
    """The most telling line of git's error output, on one line.

    Git ends with generic lines ("fatal: Could not read from remote repository", "error: failed
    to push some refs"), so prefer a push status line (`` ! [rejected] …``), then the first
    ``fatal:``/``error:`` line.
    """
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.startswith("hint:")]
    for prefixes in (("!",), ("fatal:", "error:", "remote: error:")):
        for line in lines:
            if line.startswith(prefixes):
                return line
    return lines[-1] if lines else "(không có thông báo)"
