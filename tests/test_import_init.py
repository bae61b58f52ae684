"""``kientruc init``: a new site for another government, and the plugin inside an existing site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kientruc.cli import main
from kientruc.model import load_model

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "SOURCE_DATE_EPOCH": "1700000000"}


def _mkdocs(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                          cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("kind", "name", "unit"), [
    ("province", "Nam Định", "tỉnh Nam Định"),
    ("city", "Hải Phòng", "thành phố Hải Phòng"),
    ("ministry", "Tài chính", "Bộ Tài chính"),
])
def test_init_makes_a_valid_site_worded_for_its_kind(tmp_path: Path, kind: str, name: str,
                                                     unit: str) -> None:
    """The example version validates, names the government, and holds nothing of Thái Bình."""
    site = tmp_path / "moi"
    assert main(["init", str(site), "--kind", kind, "--name", name]) == 0
    for path in ("mkdocs.yml", "README.md", "docs/index.md", ".gitignore",
                 "arch/frameworks/vneaf-2.0.yaml", "arch/common/quoc-gia/he-thong-quoc-gia.yaml",
                 "arch/kien-truc/1.0/version.yaml"):
        assert (site / path).is_file(), path
    texts = [p.read_text("utf-8") for p in site.rglob("*") if p.is_file()]
    assert not [t for t in texts if "Thái Bình" in t or "id: tb." in t]
    assert not [t for t in texts if re.search(r"(?<!\$){{", t)]  # GitHub keeps its ${{ }}
    model = load_model(site / "arch", repo_root=site)
    snapshot = model.snapshots["kien-truc/1.0"]
    assert unit in snapshot.title_vi
    assert snapshot.elements["org.don-vi-chu-tri"].attrs["level"] == (
        "trung-uong" if kind == "ministry" else "tinh")
    assert unit in (site / "mkdocs.yml").read_text("utf-8")
    schemas = site / "arch" / "schema"  # what the template's modelines name, ids included
    assert sorted(p.name for p in schemas.iterdir()) == [
        "catalogue.schema.json", "framework.schema.json", "ids.schema.json",
        "version.schema.json"]
    assert "org.don-vi-chu-tri" in (schemas / "ids.schema.json").read_text("utf-8")


def test_init_refuses_a_folder_with_content(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert not (tmp_path / "mkdocs.yml").exists()


def test_init_site_builds_strict_also_mounted_inside_another_site(tmp_path: Path) -> None:
    """The two README commands work; the same sources build under a prefix of an existing nav."""
    site = tmp_path / "moi"
    assert main(["init", str(site), "--name", "Nam Định"]) == 0
    assert subprocess.run([sys.executable, "-m", "kientruc.cli", "validate", "arch"], cwd=site,
                          env=ENV, capture_output=True, check=False).returncode == 0
    built = _mkdocs(site, "-d", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    page = tmp_path / "out" / "kien-truc" / "kien-truc" / "1.0" / "thanh-phan"
    assert (page / "app.giai-quyet-tthc" / "index.html").is_file()
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "tỉnh Nam Định" in home

    # An existing Material site with its own nav mounts the pages under so-tay/kien-truc/.
    (site / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n\nTrang có sẵn.\n", "utf-8")
    (site / "docs" / "index.md").write_text(
        "# Cổng tài liệu\n\n- [Kiến trúc](so-tay/kien-truc/index.md)\n", "utf-8")
    (site / "existing.yml").write_text("""site_name: Cổng tài liệu có sẵn
theme: {name: material, language: vi, font: false}
plugins:
  - search
  - kientruc:
      arch_dir: arch
      output_dir: so-tay/kien-truc
nav:
  - Trang chủ: index.md
  - Giới thiệu: gioi-thieu.md
  - Sổ tay:
      - Kiến trúc: so-tay/kien-truc/
""", "utf-8")
    mounted = _mkdocs(site, "-f", "existing.yml", "-d", str(tmp_path / "mounted"))
    assert mounted.returncode == 0, mounted.stderr
    root = tmp_path / "mounted" / "so-tay" / "kien-truc"
    assert (root / "kien-truc" / "1.0" / "thanh-phan" / "app.giai-quyet-tthc"
            / "index.html").is_file()
    assert not (tmp_path / "mounted" / "kien-truc").exists()
    assert (tmp_path / "mounted" / "gioi-thieu" / "index.html").is_file()


def test_adoption_guide_documents_every_plugin_option() -> None:
    """Each option of ``KientrucConfig`` has a row (with its default) in the adoption guide."""
    import ast

    root = Path(__file__).resolve().parents[1]
    tree = ast.parse((root / "plugins" / "kientruc" / "plugin.py").read_text("utf-8"))
    config = next(n for n in tree.body
                  if isinstance(n, ast.ClassDef) and n.name == "KientrucConfig")
    options = {t.id: n.value for n in config.body if isinstance(n, ast.Assign)
               for t in n.targets if isinstance(t, ast.Name)}
    assert len(options) >= 10
    guide = (root / "docs" / "huong-dan" / "ap-dung.md").read_text("utf-8")
    for name, call in options.items():
        assert isinstance(call, ast.Call)
        default = next(k.value for k in call.keywords if k.arg == "default")
        assert isinstance(default, ast.Constant)
        shown = str(default.value).lower() if isinstance(default.value, bool) else default.value
        assert f"| `{name}` | `{shown}` |" in guide, name


def test_nav_without_the_architecture_warns(tmp_path: Path) -> None:
    """An explicit nav that leaves the architecture pages unreachable fails a strict build."""
    site = tmp_path / "moi"
    assert main(["init", str(site)]) == 0
    text = (site / "mkdocs.yml").read_text("utf-8").replace("  - Kiến trúc: kien-truc/\n", "")
    (site / "mkdocs.yml").write_text(text, "utf-8")
    (site / "docs" / "index.md").write_text("# Trang chủ\n", "utf-8")
    built = _mkdocs(site, "-d", str(tmp_path / "out"))
    assert built.returncode != 0
    assert "không dẫn tới trang kiến trúc nào" in built.stderr


def test_template_frameworks_follow_the_repository() -> None:
    """The frameworks ``init`` ships are this repository's, so fixes reach new sites too."""
    root = Path(__file__).resolve().parents[1]
    template = root / "plugins" / "kientruc" / "templates" / "site" / "arch" / "frameworks"
    for path in sorted(template.glob("*.yaml")):
        assert path.read_bytes() == (root / "arch" / "frameworks" / path.name).read_bytes()


def test_the_national_reference_data_is_one_set_for_this_site_and_every_new_one() -> None:
    """``arch/common/quoc-gia/`` is what ``kientruc init`` gives an adopter, byte for byte, and
    holds nothing of Thái Bình (which lives in ``arch/common/thai-binh/``)."""
    from importlib import resources

    repo = Path(__file__).resolve().parent.parent / "arch" / "common" / "quoc-gia"
    shipped = resources.files("kientruc").joinpath("templates/site/arch/common/quoc-gia")
    names = sorted(p.name for p in repo.glob("*.yaml"))
    assert names == sorted(p.name for p in shipped.iterdir())
    for name in names:
        text = (repo / name).read_text("utf-8")
        assert shipped.joinpath(name).read_text("utf-8") == text, name
        assert "id: tb." not in text and "Thái Bình" not in text, name
