"""Every recipe of ``docs/huong-dan/cong-thuc.md`` works when an editor copies it.

The YAML blocks are taken out of the page, applied to a copy of ``arch/`` as their first line
says ("Thêm vào cuối tệp …", "Thay khối … trong tệp …"), and the result is validated after each
recipe; the commands of the page are run with the command line.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from kientruc import cli
from kientruc.model import load_model

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "huong-dan" / "cong-thuc.md"
APPEND = re.compile(r"^# Thêm vào cuối tệp (\S+)$")
REPLACE = re.compile(r"^# Thay (?:khối|các khối) (.+) trong tệp (\S+)$")


def recipes() -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(heading, [(language, block), …]), …]`` in page order."""
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for part in re.split(r"^## ", PAGE.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading = part.splitlines()[0]
        blocks = re.findall(r"^```(\w+)\n(.*?)^```$", part, flags=re.M | re.S)
        found.append((heading, blocks))
    return found


def without_element(text: str, element_id: str) -> str:
    """``text`` with the block of one list element (``  - id: …`` and its lines) removed."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"  - id: {element_id}")
    end = start + 1
    while end < len(lines) and not lines[end].startswith("  - ") and (
            lines[end].startswith("    ") or not lines[end].strip()):
        end += 1
    return "".join(lines[:start] + lines[end:])


def apply(root: Path, block: str) -> None:
    first, _, body = block.partition("\n")
    if match := APPEND.match(first):
        path = root / match.group(1)
        text = path.read_text(encoding="utf-8")
    elif match := REPLACE.match(first):
        path = root / match.group(2)
        text = path.read_text(encoding="utf-8")
        for element_id in match.group(1).split(", "):
            text = without_element(text, element_id)
    else:
        pytest.fail(f"a YAML block of the page does not say where it goes: {first!r}")
    path.write_text(text.rstrip("\n") + "\n" + body, encoding="utf-8")


def test_the_page_has_the_recipes_the_guide_promises() -> None:
    headings = [heading for heading, _ in recipes()]
    assert len(headings) >= 5
    assert all(blocks for _, blocks in recipes())


def test_every_recipe_applies_and_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "arch", tmp_path / "arch")
    monkeypatch.chdir(tmp_path)
    for heading, blocks in recipes():
        for language, block in blocks:
            if language == "yaml":
                apply(tmp_path, block)
                continue
            for line in block.splitlines():
                argv = shlex.split(line)
                if argv[:1] != ["kientruc"] or argv[1] == "freeze":
                    continue  # freeze needs an approval decision, which a draft has not
                code = cli.main(argv[1:])
                out, err = capsys.readouterr()
                assert code == 0, f"{heading}: {line}\n{out}{err}"
        code = cli.main(["validate"])
        out, err = capsys.readouterr()
        assert code == 0, f"after «{heading}»:\n{out}{err}"
    model = load_model(tmp_path / "arch")
    current, draft = model.snapshots["cqdt/2.0"], model.snapshots["cqdt/3.0"]
    assert "tb.app.quan-ly-khoang-san" in current.elements
    assert current.elements["tb.prj.2024-khoang-san"].attrs["budget_vnd"] == 4_000_000_000
    assert draft.elements["tb.app.hop-truc-tuyen"].renamed_from == "tb.app.hop-khong-giay"
    assert draft.elements["tb.app.kinh-te-khcn"].replaces == ("tb.app.khcn",
                                                              "tb.app.cong-thuong")
    assert "tb.app.hop-khong-giay" in current.elements  # the old version keeps its element
    assert cli.main(["diff", "cqdt/2.0", "cqdt/3.0"]) == 0
    out = capsys.readouterr().out
    assert "tb.app.hop-truc-tuyen" in out and "Đổi tên, đổi mã" in out
    assert "tb.app.khcn" in out and "Hợp nhất, thay thế" in out
