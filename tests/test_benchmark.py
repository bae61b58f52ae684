"""The build benchmark (``benchmarks/``) cannot rot: its generator writes valid models and a smoke
run of the runner produces every metric.

The smoke run uses the tiny one-version size ``XS`` with diagrams drawn and downloads (PDF)
switched off, so that its four builds (pipeline, floor, cold, warm) take seconds; the real sizes
are measured by ``python -m benchmarks.run``, never timed in tests.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from kientruc.model import load_model

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate as gen  # noqa: E402
from benchmarks import run  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_size_s_is_valid_deterministic_and_changes_between_versions(tmp_path: Path) -> None:
    counts = gen.generate("S", tmp_path / "a" / "arch", seed=3)
    gen.generate("S", tmp_path / "b" / "arch", seed=3)
    assert _tree(tmp_path / "a" / "arch") == _tree(tmp_path / "b" / "arch")
    gen.generate("S", tmp_path / "c" / "arch", seed=4)
    assert _tree(tmp_path / "a" / "arch") != _tree(tmp_path / "c" / "arch")

    model = load_model(tmp_path / "a" / "arch")
    assert list(model.snapshots) == ["cqdt/1.0", "cqdt/2.0", "cqdt/3.0"]
    assert {k: len(s.elements) for k, s in model.snapshots.items()} == counts
    assert all(120 <= n <= 200 for n in counts.values())  # "about the reference site"
    assert not model.warnings

    old, new = model.snapshots["cqdt/1.0"], model.snapshots["cqdt/2.0"]
    assert new.supersedes == "cqdt/1.0"
    assert set(new.elements) - set(old.elements), "nothing added"
    assert set(old.elements) - set(new.elements), "nothing removed"
    assert any(e.renamed_from for e in new.elements.values())
    assert any(e.replaces for e in new.elements.values())
    kept = set(old.elements) & set(new.elements)
    assert any(old.elements[i].attrs != new.elements[i].attrs
               or old.elements[i].description != new.elements[i].description for i in kept)
    assert any({r.key for r in old.elements[i].relations}
               != {r.key for r in new.elements[i].relations} for i in kept)

    snapshot = model.snapshots["cqdt/3.0"]
    orgs = list(snapshot.of_type("organization"))
    assert {o.attrs["level"] for o in orgs} == {"tinh", "huyen", "xa"}
    assert all(o.related("part_of") for o in orgs if o.id != "org.ubnd-tinh")
    assert any(r.type == "exchanges_with" and r.via == "plt.lgsp"
               for r in snapshot.relations())
    assert any(r.type == "accesses" for r in snapshot.relations())
    for project in snapshot.of_type("project"):
        budget = project.attrs["budget_vnd"]
        assert sum(project.attrs["funding"].values()) == budget
        assert sum(p["budget_vnd"] for p in project.attrs["year_plan"].values()) == budget
        assert snapshot.period[0] <= project.attrs["start"] <= project.attrs["end"] \
            <= snapshot.period[1]


def test_medium_size_has_the_shape_the_issue_asks_for() -> None:
    m = gen.SIZES["M"]
    assert (m.applications, m.databases, m.public_services, m.versions) == (500, 300, 2000, 3)
    assert 1 + m.departments + m.centres + m.districts + m.communes == 120
    big = gen.SIZES["L"]
    assert big.applications == 5 * m.applications
    assert big.public_services == 5 * m.public_services


def test_edit_one_field_changes_only_one_description(tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    gen.generate("XS", arch)
    before = _tree(arch)
    path, element = gen.edit_one_field(arch)
    after = _tree(arch)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [path.relative_to(arch).as_posix()]
    old = {e["id"]: e for e in yaml.safe_load(before[changed[0]])["elements"]}
    new = {e["id"]: e for e in yaml.safe_load(after[changed[0]])["elements"]}
    assert [i for i in old if old[i] != new[i]] == [element]
    assert {k for k in old[element] if old[element][k] != new[element][k]} == {"description"}
    load_model(arch)


def _leaves(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {leaf for k, v in data.items() for leaf in _leaves(v, f"{prefix}{k}.")}
    return {prefix.rstrip(".")}


def test_smoke_run_reports_every_metric(tmp_path: Path) -> None:
    result = run.run_size("XS", tmp_path / "work", plugin={"downloads": False}, serve=True)
    leaves = _leaves(result)
    for build in ("cold", "warm", "floor"):
        for metric in ("wall_s", "cpu_s", "peak_rss_mb"):
            assert f"{build}.{metric}" in leaves
            assert result[build][metric] > 0
    for metric in ("pages", "median_html_kb", "largest_html_kb", "site_mb", "search_index_mb",
                   "pages_over_1mb"):
        assert f"cold.{metric}" in leaves
    assert result["cold"]["pages"] == result["floor"]["pages"] > 20
    assert result["cold"]["search_index_mb"] > 0
    for phase in ("pipeline_s", "load_s", "plan_s", "dot_s", "render_s", "embed_s",
                  "diagrams", "generated_pages"):
        assert f"pipeline.{phase}" in leaves, phase
    diagrams = result["pipeline"]["diagrams"]
    assert diagrams > 10
    # Cold build draws every diagram; the warm rebuild after one edit takes almost all from
    # the disk cache.
    assert result["cold"]["diagrams_drawn"] == diagrams
    assert result["warm"]["diagrams_drawn"] < diagrams // 4
    assert result["warm"]["diagrams_cached"] > 0
    assert result["cold_vs_floor"] > 0 and result["warm_vs_floor"] > 0
    # The one-field rebuild rewrites every file but changes few; most pages come whole from
    # the page cache.
    warm = result["warm"]
    assert 0 < warm["files_changed"] < warm["files_written"] // 4
    assert warm["pages_generated"] - 10 <= warm["pages_reused_whole"] < warm["pages_generated"]
    # The editor's loop: mkdocs serve showed each saved edit on the element's page.
    serve = result["serve"]
    assert len(serve["runs"]) == 3 and all(t > 0 for t in serve["runs"])
    assert serve["start_s"] > 0 and result["serve_vs_warm"] > 0

    data = {"machine": run.machine(), "updated": "2025-01-01 00:00 UTC",
            "results": {"XS": result}}
    out, page = tmp_path / "docs" / "assets" / "benchmark.json", tmp_path / "docs" / "trang.md"
    run.write_outputs(data, out, page)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["machine"]["nproc"] >= 1 and saved["machine"]["mkdocs"] != "?"
    labels = {t["metric"]: t for t in saved["targets"]}
    assert labels["median_html_kb"]["value"] == result["cold"]["median_html_kb"]
    assert labels["cold_vs_floor"]["met"] is None  # M was not measured: no verdict
    text = page.read_text(encoding="utf-8")
    assert "](assets/benchmark.svg)" in text and "## Cỡ XS" in text
    svg = ET.fromstring((tmp_path / "docs" / "assets" / "benchmark.svg").read_text("utf-8"))
    assert svg.tag.endswith("svg") and len(list(svg.iter())) > 10


def test_targets_verdicts() -> None:
    def size(name: str, wall: float, rss: float, index: float, median: float,
             largest: float) -> dict[str, Any]:
        cold = {"wall_s": wall, "peak_rss_mb": rss, "search_index_mb": index,
                "median_html_kb": median, "largest_html_kb": largest}
        return {"size": name, "status": "ok", "cold": cold, "cold_vs_floor": 1.4,
                "warm_vs_floor": 1.2}

    results = {"M": size("M", 100, 900, 12, 30, 500), "L": size("L", 700, 3000, 60, 90, 2048)}
    results["M"]["serve_vs_warm"] = 0.1
    verdicts = {(t["metric"], t["size"]): (t["value"], t["met"]) for t in run.targets(results)}
    assert verdicts == {
        ("cold_vs_floor", "M"): (1.4, False), ("warm_vs_floor", "M"): (1.2, False),
        ("serve_vs_warm", "TB"): (None, None), ("serve_vs_warm", "M"): (0.1, True),
        ("l_over_m_time", "L"): (7.0, False), ("median_html_kb", "L"): (90, False),
        ("largest_html_mb", "L"): (2.0, False), ("peak_rss_gb", "L"): (2.93, True),
        ("search_index_mb", "M"): (12, False),
    }


def test_targets_use_what_an_unfinished_size_measured() -> None:
    floor = {"wall_s": 500, "largest_html_kb": 2048, "median_html_kb": 50}
    middle = {"size": "M", "status": "ok", "cold_vs_floor": 1.4, "warm_vs_floor": 1.1,
              "cold": {"wall_s": 100, "peak_rss_mb": 900, "search_index_mb": 5,
                       "median_html_kb": 40, "largest_html_kb": 500}}
    unfinished = {"size": "L", "status": "timeout", "floor": floor}
    verdicts = {t["metric"]: (t["value"], t["met"])
                for t in run.targets({"M": middle, "L": unfinished})}
    assert verdicts["largest_html_mb"] == (2.0, False)  # the floor's pages are the same pages
    assert verdicts["l_over_m_time"] == (None, None)
    assert verdicts["peak_rss_gb"] == (None, None)
    unfinished["cold_only"] = {"wall_s": 550, "peak_rss_mb": 4608}
    verdicts = {t["metric"]: (t["value"], t["met"])
                for t in run.targets({"M": middle, "L": unfinished})}
    assert verdicts["l_over_m_time"] == (5.5, True)
    assert verdicts["peak_rss_gb"] == (4.5, False)


@pytest.mark.parametrize(("value", "text"), [(1234.5, "1.234,5"), (0.25, "0,2"), (3, "3,0")])
def test_vietnamese_numbers(value: float, text: str) -> None:
    assert run._num(value) == text
