"""Build a small site in a temporary folder through MkDocs' Python API (PITFALLS §6)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"

MKDOCS_YML = """\
site_name: Thử nghiệm
theme: {{name: material, language: vi, font: false, features: [content.action.edit]}}
repo_url: https://example.org/repo
edit_uri: edit/main/docs/
plugins:
  search: {{lang: vi}}
  kientruc: {{{options}}}
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc, pymdownx.details]
"""


def make_site(root: Path, *, options: str = "", arch: Path = FIXTURE) -> Path:
    """Write mkdocs.yml, docs/ and a copy of an arch/ tree into ``root``."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(arch, root / "arch", dirs_exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options=options), encoding="utf-8")
    return root


def build_site(root: Path, *, strict: bool = True, command: str = "build") -> Path:
    """Build the site in ``root`` like ``mkdocs build --strict`` and return the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"),
                         strict=strict)
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return root / "site"
