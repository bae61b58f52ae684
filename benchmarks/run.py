"""Run the build benchmark: per model size, cold and warm builds against the plain-MkDocs floor.

Usage::

    python -m benchmarks.run --sizes S,M [--out docs/assets/benchmark.json] \\
        [--page docs/hieu-nang.md]

For each size the runner generates a model (:mod:`benchmarks.generate`) into a work folder and,
each time in a fresh process so that peak memory belongs to one build:

1. *prepare*: runs the plugin's own pipeline in-process (``on_pre_build`` → ``build_site``) with
   an empty diagram cache, timing its phases (load, plan, diagrams, downloads), and writes the
   generated Markdown, SVG and downloads as real files into a *floor* site with the same theme,
   Markdown extensions, stylesheets and navigation, but without the ``kientruc`` plugin;
2. *floor*: ``mkdocs build`` of that floor site (plain MkDocs + Material + search);
3. *cold*: ``mkdocs build`` of the real site with an empty diagram cache;
4. *warm*: one element's description edited, ``mkdocs build`` again with the cache kept on disk.

Results are merged into the JSON file (sizes not run keep their previous results) and the page
``docs/hieu-nang.md`` and the plot ``docs/assets/benchmark.svg`` are written from the JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from . import generate as gen
from .serve import reference_site, save_to_page

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORK = ROOT / ".cache" / "benchmark"
DEFAULT_OUT = ROOT / "docs" / "assets" / "benchmark.json"
DEFAULT_PAGE = ROOT / "docs" / "hieu-nang.md"
NOTES = Path(__file__).with_name("phan-tich.md")
"""Hand-written analysis (Vietnamese) inserted into the page."""

THEME: dict[str, Any] = {
    "name": "material", "language": "vi", "font": False,
    "features": ["navigation.tabs", "navigation.sections", "navigation.indexes",
                 "navigation.path", "navigation.top", "navigation.footer", "content.action.edit",
                 "search.suggest", "search.highlight", "toc.follow"],
    "palette": [{"scheme": "default", "primary": "indigo", "accent": "indigo",
                 "toggle": {"icon": "material/weather-night", "name": "Chuyển sang nền tối"}},
                {"scheme": "slate", "primary": "indigo", "accent": "indigo",
                 "toggle": {"icon": "material/weather-sunny", "name": "Chuyển sang nền sáng"}}],
}
"""The theme of the project's ``mkdocs.yml``."""
MARKDOWN_EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables",
                                  {"toc": {"permalink": True}}, "pymdownx.details",
                                  "pymdownx.superfences"]
"""The Markdown extensions of the project's ``mkdocs.yml``."""

ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"}
PAGES_LOG = re.compile(r"(\d+) nội dung, (\d+) nguyên trang, \d+ mục tìm kiếm \(trên (\d+) trang")
DIAGRAM_LOG = re.compile(r"sơ đồ: (\d+) vẽ mới, (\d+) lấy từ bộ nhớ đệm")

TARGETS = (
    ("cold_vs_floor", "M", "Dựng lần đầu ≤ 0,8 × nền (cỡ M)", 0.8),
    ("warm_vs_floor", "M", "Dựng lại sau khi sửa một trường ≤ 0,15 × nền (cỡ M)", 0.15),
    ("serve_vs_warm", "TB", "Xem trước (mkdocs serve) từ lúc lưu đến khi trang đổi ≤ 0,15 × "
     "dựng lại (trang Thái Bình)", 0.15),
    ("serve_vs_warm", "M", "Xem trước từ lúc lưu đến khi trang đổi ≤ 0,15 × dựng lại (cỡ M)",
     0.15),
    ("l_over_m_time", "L", "Thời gian dựng L/M ≤ 6 (mô hình lớn gấp 5)", 6.0),
    ("median_html_kb", "*", "Trang HTML trung vị ≤ 80 KB", 80.0),
    ("largest_html_mb", "*", "Không trang nào vượt 1 MB", 1.0),
    ("peak_rss_gb", "L", "Bộ nhớ đỉnh ở cỡ L < 4 GB", 4.0),
    ("search_index_mb", "M", "Chỉ mục tìm kiếm ở cỡ M < 10 MB", 10.0),
)
"""(metric, size it applies to ("*" = every size), Vietnamese label, bound)."""


# -- helpers run in child processes ---------------------------------------------------------------

FLOOR_HOOKS = '''"""Floor site: the plugin's late step and nothing else (from benchmarks.run)."""

import json
from pathlib import Path

from kientruc.text import slugify

_LATE = json.loads(Path(__file__).with_name("late.json").read_text(encoding="utf-8"))


def on_config(config):
    # Same heading anchors as the plugin's pages (their links rely on them).
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    return config


def on_post_page(output, page, config):
    # The diagrams, put into the final HTML where the Markdown left their markers.
    for marker, block in _LATE.get(page.file.src_uri, ()):
        output = output.replace(marker, block, 1)
    return output
'''
"""Hooks of the floor site: the same heading anchors and the same inline diagrams."""


def site_config(*, plugin: dict[str, Any] | None, nav: Any = None,
                extra_css: list[str] | None = None, hooks: list[str] | None = None) -> str:
    """The ``mkdocs.yml`` of a benchmark site (with the plugin) or of its floor (without)."""
    plugins: dict[str, Any] = {"search": {"lang": "vi"}}
    if plugin is not None:
        plugins["kientruc"] = plugin
    theme = dict(THEME)
    if (ROOT / "overrides").is_dir():  # the project's theme overrides (a11y, search query side)
        theme["custom_dir"] = str(ROOT / "overrides")
    config: dict[str, Any] = {
        "site_name": "Đo hiệu năng kientruc", "site_url": "",
        "repo_url": "https://example.org/kientruc", "edit_uri": "edit/main/docs/",
        "theme": theme, "plugins": plugins, "markdown_extensions": MARKDOWN_EXTENSIONS,
    }
    if extra_css:
        config["extra_css"] = extra_css
    if hooks:
        config["hooks"] = hooks
    if nav is not None:
        config["nav"] = nav
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _timed(owner: Any, name: str, bucket: dict[str, Any], key: str,
           progress: Path | None = None) -> None:
    """Wrap ``owner.name`` so that each call adds its wall time to ``bucket[key]``.

    With ``progress``, the bucket is written there when the call starts and ends, so that a
    run stopped by the time budget still tells which phases finished and which was running.
    """
    original = getattr(owner, name, None)
    if original is None:
        return
    bucket.setdefault(key, 0.0)

    def save(running: str | None) -> None:
        if progress is not None:
            progress.write_text(json.dumps({**bucket, "running": running}), encoding="utf-8")

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        save(key)
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            bucket[key] += time.perf_counter() - start
            save(None)

    setattr(owner, name, wrapper)


def prepare(site: Path, floor: Path, *, profile: Path | None = None) -> dict[str, Any]:
    """Run the plugin's pipeline in-process (empty diagram cache) and write the floor site.

    Returns:
        Phase times in seconds, diagram counts and generated-file counts.
    """
    import importlib

    from kientruc.build import pipeline as kbuild
    from kientruc.site.nav import splice_nav
    from mkdocs.config import load_config

    phases: dict[str, Any] = {}
    progress = site.parent / "prepare-progress.json"
    _timed(kbuild, "load_model", phases, "load_s", progress)
    _timed(kbuild, "plan_site", phases, "plan_s", progress)
    _timed(importlib.import_module("kientruc.build.downloads"), "site_downloads", phases,
           "downloads_s", progress)
    for module, name, key, track in (("kientruc.draw.dot", "to_dot", "dot_s", None),
                                     ("kientruc.draw.render", "render_svgs", "render_s", progress),
                                     ("kientruc.draw.embed", "diagram_html", "embed_s", None)):
        with contextlib.suppress(ImportError):
            _timed(importlib.import_module(module), name, phases, key, track)
    config = load_config(config_file=str(site / "mkdocs.yml"))
    plugin: Any = config.plugins["kientruc"]
    shutil.rmtree(site / ".cache", ignore_errors=True)
    plugin.on_startup(command="build", dirty=False)
    plugin.config["background"] = False  # phases are timed in this process
    plugin.on_config(config)
    start = time.perf_counter()
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(plugin.on_pre_build, config=config)
        profiler.dump_stats(str(profile))
    else:
        plugin.on_pre_build(config=config)
    total = time.perf_counter() - start
    import resource

    pipeline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the floor
    result = plugin._result
    if result is None:
        raise RuntimeError("plugin produced no result")
    finished = result.pending.wait()
    if floor.exists():
        shutil.rmtree(floor)
    docs = floor / "docs"
    for item in result.files:
        path = docs / item.src
        path.parent.mkdir(parents=True, exist_ok=True)
        data = item.content.encode("utf-8") if isinstance(item.content, str) else item.content
        path.write_bytes(data)
    late = {item.src: list(blocks) for item in result.files
            if (blocks := finished.late.blocks(item.src))}
    with (floor / "late.json").open("w", encoding="utf-8") as out:  # streamed: it is big
        json.dump(late, out, ensure_ascii=False)
    (floor / "floor_hooks.py").write_text(FLOOR_HOOKS, encoding="utf-8")
    nav = splice_nav(config.nav, plugin.config.output_dir, result.nav)
    (floor / "mkdocs.yml").write_text(
        site_config(plugin=None, nav=nav, extra_css=list(config.extra_css),
                    hooks=["floor_hooks.py"]), encoding="utf-8")
    stats = {**result.stats, **finished.stats}
    return {
        "pipeline_s": total, "pipeline_peak_rss_mb": round(pipeline_rss, 1), **phases,
        "diagrams": stats.get("diagrams", 0), "diagrams_drawn": stats.get("diagrams_drawn", 0),
        "generated_files": len(result.files),
        "generated_pages": sum(1 for f in result.files if f.src.endswith(".md")),
        "generated_bytes": sum(len(f.content.encode("utf-8") if isinstance(f.content, str)
                                   else f.content) for f in result.files),
        "diagram_html_bytes": sum(len(block.encode("utf-8")) for blocks in late.values()
                                  for _, block in blocks),
    }


# -- measuring builds -----------------------------------------------------------------------------

def measured(cmd: list[str], cwd: Path, log: Path, timeout: float | None = None) -> dict[str, Any]:
    """Run ``cmd`` in a fresh process; return wall time, CPU time and its own peak memory.

    ``os.wait4`` gives the resource usage of that one child (and the processes it waited for,
    such as Graphviz), so each build's peak RSS is measured separately.
    """
    env = {**os.environ, **ENV}
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        deadline = None if timeout is None else start + timeout
        tree_peak, next_sample = 0.0, start
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() >= next_sample:  # the build may fork a helper process
                tree_peak = max(tree_peak, session_memory_mb(proc.pid))
                next_sample = time.perf_counter() + 0.5
            if deadline is not None and time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise TimeoutError(f"{' '.join(cmd)} vượt quá {timeout:.0f} s")
            time.sleep(0.05)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} thất bại (mã {proc.returncode}):\n{text[-4000:]}")
    drawn = DIAGRAM_LOG.search(text)
    return {
        "wall_s": round(wall, 3), "load_avg_after": round(os.getloadavg()[0], 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(max(usage.ru_maxrss / 1024, tree_peak), 1),
        "peak_single_process_mb": round(usage.ru_maxrss / 1024, 1),
        "warnings": sum(1 for line in text.splitlines() if line.startswith("WARNING")),
        **({"diagrams_drawn": int(drawn.group(1)), "diagrams_cached": int(drawn.group(2))}
           if drawn else {}),
    }


def session_memory_mb(session: int) -> float:
    """Memory of every process of a session, in MB: the sum of their proportional set sizes.

    ``ru_maxrss`` is the peak of one process only; a build that forks a helper uses the sum.
    Pages shared after the fork count once in total (PSS splits them between the sharers).
    """
    total_kb = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # fields after the name: state ppid pgrp session
                continue
            rollup = (stat.parent / "smaps_rollup").read_text(encoding="utf-8")
        except (OSError, IndexError, ValueError):
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total_kb += int(found.group(1)) if found else 0
    return total_kb / 1024


def mkdocs_build(site: Path, log: Path, timeout: float | None) -> dict[str, Any]:
    """``mkdocs build`` of ``site`` in a fresh process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", "site", "--clean"]
    return measured(cmd, site, log, timeout)


def site_stats(site_dir: Path) -> dict[str, Any]:
    """Pages, HTML sizes, total size and search-index size of a built site."""
    html = sorted((p.stat().st_size, p.relative_to(site_dir).as_posix())
                   for p in site_dir.rglob("*.html") if p.name != "404.html")
    total = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    index = site_dir / "search" / "search_index.json"
    sizes = [s for s, _ in html]
    return {
        "pages": len(html),
        "median_html_kb": round(statistics.median(sizes) / 1024, 1) if sizes else 0.0,
        "largest_html_kb": round(sizes[-1] / 1024, 1) if sizes else 0.0,
        "largest_html_page": html[-1][1] if html else "",
        "pages_over_1mb": sum(1 for s in sizes if s > 1024 * 1024),
        "site_mb": round(total / 1024 / 1024, 2),
        "html_mb": round(sum(sizes) / 1024 / 1024, 2),
        "search_index_mb": round(index.stat().st_size / 1024 / 1024, 2) if index.exists() else 0,
    }


def _model_counts(arch: Path) -> dict[str, Any]:
    per_version: dict[str, int] = {}
    relations = 0
    for folder in sorted((arch / gen.ARCH).iterdir()):
        count = 0
        for path in folder.glob("*.yaml"):
            if path.name == "version.yaml":
                continue
            text = path.read_text(encoding="utf-8")
            count += len(re.findall(r"^- id: ", text, re.MULTILINE))
            relations += len(re.findall(r"^  - type: ", text, re.MULTILINE))
        per_version[f"{gen.ARCH}/{folder.name}"] = count
    return {"elements_per_version": per_version,
            "elements": sum(per_version.values()), "explicit_relations": relations,
            "source_mb": round(sum(p.stat().st_size for p in arch.rglob("*.yaml")) / 2**20, 2)}


def run_size(size: str, work: Path, *, seed: int = 0, plugin: dict[str, Any] | None = None,
             timeout: float | None = None, budget: float | None = None,
             serve: bool = False) -> dict[str, Any]:
    """Benchmark one model size; every build runs in its own process.

    Args:
        size: A key of :data:`benchmarks.generate.SIZES`.
        work: Folder for the generated sites (emptied first).
        seed: Seed of the generator.
        plugin: Extra ``kientruc`` plugin options (the benchmark uses the defaults).
        timeout: Seconds allowed for each build.
        budget: Seconds allowed for the whole size; when it runs out the result has
            ``status: timeout``, a Vietnamese ``note`` and the steps finished so far.
        serve: Also measure save-to-page in ``mkdocs serve`` (:mod:`benchmarks.serve`).

    Returns:
        Every metric of this size (see ``benchmarks/README.md``).
    """
    root = work / size
    if root.exists():
        shutil.rmtree(root)
    site, floor = root / "site-root", root / "floor"
    (site / "docs").mkdir(parents=True)
    started = time.perf_counter()
    gen.generate(size, site / "arch", seed)
    generate_s = time.perf_counter() - started
    options = {"arch_dir": "arch", "cache_dir": ".cache/kientruc", **(plugin or {})}
    (site / "mkdocs.yml").write_text(site_config(plugin=options), encoding="utf-8")
    result: dict[str, Any] = {"size": size, "seed": seed, "status": "ok",
                              "generate_s": round(generate_s, 3), **_model_counts(site / "arch")}
    if plugin:
        result["plugin_options"] = plugin

    def allowed() -> float | None:
        if budget is None:
            return timeout
        left = budget - (time.perf_counter() - started)
        if left <= 0:
            raise TimeoutError("hết thời gian")
        return left if timeout is None else min(left, timeout)

    step = "prepare"
    try:
        prep = measured([sys.executable, "-m", "benchmarks.run", "--prepare", str(site),
                         str(floor)], ROOT, root / "prepare.log", allowed())
        phases = json.loads((floor / "prepare.json").read_text(encoding="utf-8"))
        result["pipeline"] = {**{k: round(v, 3) if isinstance(v, float) else v
                                 for k, v in phases.items()}, "peak_rss_mb": prep["peak_rss_mb"]}
        step = "floor"
        result["floor"] = mkdocs_build(floor, root / "floor.log", allowed())
        result["floor"].update(site_stats(floor / "site"))
        step = "cold"
        shutil.rmtree(site / ".cache", ignore_errors=True)
        result["cold"] = mkdocs_build(site, root / "cold.log", allowed())
        result["cold"].update(site_stats(site / "site"))
        step = "warm"
        before = _digests(site / "site")
        edited, element = gen.edit_one_field(site / "arch")
        result["warm_edit"] = {"file": edited.relative_to(site).as_posix(), "element": element}
        result["warm"] = mkdocs_build(site, root / "warm.log", allowed())
        after = _digests(site / "site")
        result["warm"]["files_written"] = len(after)
        result["warm"]["files_changed"] = sum(
            1 for name in after.keys() | before.keys() if after.get(name) != before.get(name))
        reused = PAGES_LOG.search((root / "warm.log").read_text(encoding="utf-8"))
        if reused:
            result["warm"]["pages_reused_whole"] = int(reused.group(2))
            result["warm"]["pages_generated"] = int(reused.group(3))
        if serve:
            step = "serve"
            version = sorted(p.name for p in (site / "arch" / gen.ARCH).iterdir())
            newest = max(version, key=lambda v: tuple(map(int, v.split("."))))
            result["serve"] = save_to_page(
                site, edited, gen.EDIT_TEXT, f"kien-truc/{gen.ARCH}/{newest}/thanh-phan/{element}/",
                edits=2 if size in ("M", "L") else 3, timeout=allowed() or 1800.0,
                log=root / "serve.log")
    except TimeoutError:
        spent = time.perf_counter() - started
        progress = root / "prepare-progress.json"
        if "pipeline" not in result and progress.exists():
            partial = json.loads(progress.read_text(encoding="utf-8"))
            result["pipeline_partial"] = {k: round(v, 1) if isinstance(v, float) else v
                                          for k, v in partial.items() if v}
        steps = {"prepare": "chạy quy trình của công cụ", "floor": "dựng nền",
                 "cold": "dựng lần đầu", "warm": "dựng lại", "serve": "xem trước khi sửa"}
        result.update(status="timeout", elapsed_s=round(spent, 1), unfinished_step=step,
                      note=(f"Chưa hoàn thành trong {_num(spent / 60, 0)} phút cho phép: "
                            f"dừng ở bước {steps[step]}."))
        return result
    floor_s = result["floor"]["wall_s"]
    result["cold_vs_floor"] = round(result["cold"]["wall_s"] / floor_s, 3)
    result["warm_vs_floor"] = round(result["warm"]["wall_s"] / floor_s, 3)
    result["cold_vs_floor_cpu"] = round(result["cold"]["cpu_s"] / result["floor"]["cpu_s"], 3)
    result["warm_vs_floor_cpu"] = round(result["warm"]["cpu_s"] / result["floor"]["cpu_s"], 3)
    if "serve" in result:
        result["serve_vs_warm"] = round(result["serve"]["save_to_page_s"]
                                        / result["warm"]["wall_s"], 3)
    return result


def _digests(site_dir: Path) -> dict[str, str]:
    """sha256 of every file of a built site, by path (to count what a rebuild changed)."""
    return {p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site_dir.rglob("*") if p.is_file()}


# -- the JSON file, the page and the plot ---------------------------------------------------------

def machine() -> dict[str, Any]:
    """Facts about the machine and the tool versions."""
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    return {
        "nproc": os.cpu_count(), "python": platform.python_version(),
        "platform": platform.platform(), "machine": platform.machine(),
        "mkdocs": version("mkdocs"), "mkdocs_material": version("mkdocs-material"),
        "kientruc": version("kientruc"), "graphviz": (dot.stderr or dot.stdout).strip(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def targets(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Check the targets of issue 7 against the results; a missing size gives ``None``.

    A size that ran out of its time budget still counts where it measured something: its
    separately measured cold build (``cold_only``), or for page sizes its floor site, whose HTML
    pages are the same as the plugin's.
    """
    def build(size: str) -> dict[str, Any] | None:
        found = results.get(size) or {}
        cold = found.get("cold") or found.get("cold_only")
        return cold if isinstance(cold, dict) else None

    def pages(result: dict[str, Any]) -> dict[str, Any] | None:
        for key in ("cold", "cold_only", "floor"):
            if "largest_html_kb" in result.get(key, {}):
                return dict(result[key])
        return None

    out = []
    for metric, size, label, bound in TARGETS:
        value: float | None = None
        where = size
        found = results.get(size, {})
        if metric in {"cold_vs_floor", "warm_vs_floor", "serve_vs_warm"} and metric in found:
            value = found[metric]
        elif metric == "l_over_m_time" and (big := build("L")) and (mid := build("M")):
            value = round(big["wall_s"] / mid["wall_s"], 2)
        elif metric == "peak_rss_gb" and (big := build("L")):
            value = round(big["peak_rss_mb"] / 1024, 2)
        elif metric == "search_index_mb" and (mid := build("M")):
            value = mid["search_index_mb"]
        elif metric in {"median_html_kb", "largest_html_mb"}:
            key = "median_html_kb" if metric == "median_html_kb" else "largest_html_kb"
            measured = [(stats[key], r["size"]) for r in results.values()
                        if (stats := pages(r)) is not None]
            if measured:
                worst, where = max(measured)
                value = worst if metric == "median_html_kb" else round(worst / 1024, 2)
        strict = metric in {"peak_rss_gb", "search_index_mb"}
        met = None if value is None else (value < bound if strict else value <= bound)
        out.append({"metric": metric, "size": where, "label": label, "bound": bound,
                    "value": value, "met": met})
    return out


def _num(value: float, digits: int = 1) -> str:
    """Vietnamese number format: ``1234.5`` → ``1.234,5``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _seconds(value: float) -> str:
    return f"{_num(value, 1)} s"


def render_page(data: dict[str, Any]) -> str:
    """The Vietnamese results page, from the JSON data."""
    results: dict[str, dict[str, Any]] = data["results"]
    sizes = [s for s in gen.SIZES if s in results]
    m = data["machine"]
    lines = [
        "# Hiệu năng và quy mô",
        "",
        "Trang này ghi lại kết quả đo thời gian dựng trang, bộ nhớ và dung lượng của trang web "
        "kiến trúc khi mô hình lớn dần: từ một tỉnh cỡ trang mẫu (S), một tỉnh đầy đủ (M: khoảng "
        "500 ứng dụng, 300 cơ sở dữ liệu, 120 cơ quan, 2.000 dịch vụ công trong mỗi phiên bản, "
        "ba phiên bản) đến quy mô gấp năm lần (L). Mô hình được sinh tự động, có cấu trúc giống "
        "thực tế (cơ quan theo cấp, ứng dụng sở hữu cơ sở dữ liệu, liên thông qua nền tảng tích "
        "hợp LGSP, dự án theo năm, thay đổi giữa các phiên bản).",
        "",
        "Mỗi lần dựng chạy trong một tiến trình riêng. **Nền** là cùng các trang Markdown, sơ đồ "
        "SVG và tệp tải về do công cụ sinh ra, nhưng được dựng bằng MkDocs và Material thuần "
        "(cùng giao diện, cùng mục lục, có tìm kiếm) mà không có phần việc của công cụ; tỷ số "
        "so với nền cho biết chi phí riêng của công cụ, đo trong cùng một lần chạy. **Bộ nhớ "
        "đỉnh** là tổng bộ nhớ của mọi tiến trình của lần dựng (PSS: phần dùng chung giữa các "
        "tiến trình chỉ tính một lần), lấy mẫu hai lần mỗi giây, và không nhỏ hơn đỉnh của "
        "tiến trình lớn nhất.",
        "",
        "Chạy lại toàn bộ phép đo và cập nhật trang này bằng một lệnh:",
        "",
        "```sh",
        "python -m benchmarks.run --sizes S,M,L",
        "```",
        "",
        f"Lần đo gần nhất: {data['updated']}. Máy đo: {m['nproc']} nhân, "
        f"{_num(m['memory_gb'], 0)} GB bộ nhớ, Python {m['python']}, MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs_material']}, {m['graphviz']}. Máy đo dùng chung với các công "
        "việc khác nên thời gian tuyệt đối có thể dao động giữa các lần đo; thời gian CPU và "
        "tỷ số so với nền đo trong cùng lần chạy ổn định hơn.",
        "",
        "## Các mục tiêu",
        "",
        "| Mục tiêu | Cỡ | Kết quả | Đạt |",
        "|---|---|---|---|",
    ]
    units = {"cold_vs_floor": " × nền", "warm_vs_floor": " × nền", "l_over_m_time": " lần",
             "serve_vs_warm": " × dựng lại",
             "median_html_kb": " KB", "largest_html_mb": " MB", "peak_rss_gb": " GB",
             "search_index_mb": " MB"}
    for t in data["targets"]:
        value = _num(t["value"], 2) + units.get(t["metric"], "") if t["value"] is not None \
            else "chưa đo"
        unfinished = results.get(t["size"], {})
        if t["value"] is None and unfinished.get("status") == "timeout":
            value = (f"chưa có: cỡ {t['size']} chưa dựng xong sau "
                     f"{_num(unfinished.get('elapsed_s', 0) / 60, 0)} phút")
        mark = "–" if t["met"] is None else ("✓" if t["met"] else "✗")
        lines.append(f"| {t['label']} | {t['size']} | {value} | {mark} |")
    lines += ["", "## Thời gian dựng và dung lượng theo cỡ mô hình", "",
              "![Biểu đồ thời gian dựng và dung lượng trang theo số thành phần của mô hình]"
              "(assets/benchmark.svg)", "",
              "| Cỡ | Thành phần (3 phiên bản) | Trang | Dựng lần đầu | Dựng lại | Nền "
              "| Dung lượng trang | Bộ nhớ đỉnh |",
              "|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        r = results[size]
        if r.get("status") != "ok":
            f, c = r.get("floor", {}), r.get("cold_only", {})
            cold = (f"{_seconds(c['wall_s'])} (đo riêng)" if c else
                    f"chưa xong sau {_num(r.get('elapsed_s', 0) / 60, 0)} phút")
            lines.append(
                f"| {size} | {_num(r['elements'], 0)} "
                f"| {_num(f['pages'], 0) if f else '–'} | {cold} | – "
                f"| {_seconds(f['wall_s']) if f else '–'} "
                f"| {_num((c or f)['site_mb'], 1) + ' MB' if (c or f) else '–'} "
                f"| {_num(c['peak_rss_mb'], 0) + ' MB' if c else '–'} |")
            continue
        lines.append(
            f"| {size} | {_num(r['elements'], 0)} | {_num(r['cold']['pages'], 0)} "
            f"| {_seconds(r['cold']['wall_s'])} | {_seconds(r['warm']['wall_s'])} "
            f"| {_seconds(r['floor']['wall_s'])} | {_num(r['cold']['site_mb'], 1)} MB "
            f"| {_num(r['cold']['peak_rss_mb'], 0)} MB |")
    lines += _editor_rows(results, sizes)
    for size in sizes:
        lines += ["", f"## Cỡ {size}", ""]
        lines += _size_rows(results[size])
    notes = _fill(NOTES.read_text(encoding="utf-8").strip(), results) if NOTES.exists() else ""
    if notes:
        lines += ["", notes]
    return "\n".join(lines) + "\n"


def _editor_rows(results: dict[str, dict[str, Any]], sizes: list[str]) -> list[str]:
    """The editor's loop: save-to-page in ``mkdocs serve`` and what a one-field rebuild rewrote."""
    rows = [(name, r) for name, r in [("TB", results.get("TB")),
                                       *((s, results[s]) for s in sizes)]
            if r and (r.get("serve") or r.get("warm", {}).get("files_changed") is not None)]
    if not rows:
        return []
    out = ["", "## Vòng sửa của biên tập viên", "",
           "Từ lúc lưu một tệp YAML (sửa mô tả của một thành phần) đến khi trang của thành phần "
           "đó hiện nội dung mới trong `mkdocs serve`, đo qua HTTP như trình duyệt thấy; bên "
           "cạnh là lần `mkdocs build` lại sau khi sửa một trường (bộ nhớ đệm giữ nguyên) và số "
           "tệp của trang web thực sự thay đổi so với lần dựng trước. TB là trang Thái Bình "
           "của kho mã này.", "",
           "| Cỡ | Khởi động serve | Lưu → trang đổi | Dựng lại | Tỷ số | Dòng nhật ký mỗi lần "
           "| Tệp thay đổi / tệp ghi |", "|---|---|---|---|---|---|---|"]
    for name, r in rows:
        sv, w = r.get("serve", {}), r.get("warm", {})
        changed = (f"{_num(w['files_changed'], 0)} / {_num(w['files_written'], 0)}"
                   if "files_changed" in w else "–")
        out.append(
            f"| {name} | {_seconds(sv['start_s']) if sv else '–'} "
            f"| {_seconds(sv['save_to_page_s']) if sv else '–'} "
            f"| {_seconds(w['wall_s']) if 'wall_s' in w else '–'} "
            f"| {_num(r['serve_vs_warm'], 2) if 'serve_vs_warm' in r else '–'} "
            f"| {_num(sv['log_lines_per_rebuild'], 0) if sv else '–'} | {changed} |")
    return out


_PLACEHOLDER = re.compile(r"\{(LOAD|PLAN|RENDER|DOWNLOADS|PIPELINE|INDEX|COLD|WARM|FLOOR|PEAK"
                          r"|FLOORPEAK|OVER1MB|XCOLD|XWARM|LARGEST|SERVE|XSERVE|START|CHANGED)_([A-Z]+)\}")


def _fill(text: str, results: dict[str, dict[str, Any]]) -> str:
    """Put measured values into the analysis text: ``{PLAN_M}`` → ``97,2 giây``."""
    def value(match: re.Match[str]) -> str:
        what, size = match.groups()
        r = results.get(size, {})
        cold = r.get("cold") or r.get("cold_only") or {}
        found: float | None
        if what == "INDEX":
            found = cold.get("search_index_mb")
            return "chưa đo" if found is None else f"{_num(found, 1)} MB"
        if what in {"PEAK", "FLOORPEAK"}:
            found = (cold if what == "PEAK" else r.get("floor", {})).get("peak_rss_mb")
            return "chưa đo" if found is None else f"{_num(found / 1024, 1)} GB"
        if what == "OVER1MB":
            found = (cold or r.get("floor", {})).get("pages_over_1mb")
            return "chưa đo" if found is None else _num(found, 0)
        if what == "LARGEST":
            found = (cold or r.get("floor", {})).get("largest_html_kb")
            return "chưa đo" if found is None else f"{_num(found, 0)} KB"
        if what in {"SERVE", "START"}:
            found = r.get("serve", {}).get("save_to_page_s" if what == "SERVE" else "start_s")
            return "chưa đo" if found is None else _seconds(found)
        if what == "XSERVE":
            found = r.get("serve_vs_warm")
            return "chưa đo" if found is None else f"{_num(found, 2)} lần dựng lại"
        if what == "CHANGED":
            w = r.get("warm", {})
            return ("chưa đo" if "files_changed" not in w else
                    f"{_num(w['files_changed'], 0)} trên {_num(w['files_written'], 0)} tệp")
        if what in {"XCOLD", "XWARM"}:
            found = r.get("cold_vs_floor" if what == "XCOLD" else "warm_vs_floor")
            return "chưa đo" if found is None else f"{_num(found, 2)} lần nền"
        if what == "COLD":
            found = cold.get("wall_s")
        elif what in {"WARM", "FLOOR"}:
            found = r.get(what.lower(), {}).get("wall_s")
        else:
            found = r.get("pipeline", {}).get(f"{what.lower()}_s")
        return "chưa đo" if found is None else f"{_num(found, 0)} giây"

    return _PLACEHOLDER.sub(value, text)


def _size_rows(r: dict[str, Any]) -> list[str]:
    """The table of one size (what was measured, when a size did not finish)."""
    out = [] if r.get("status") == "ok" else [r.get("note", "Phép đo chưa hoàn thành."), ""]
    p, c, w, f = (r.get(k, {}) for k in ("pipeline", "cold", "warm", "floor"))

    def phase(key: str) -> str:
        return _seconds(p[key]) if key in p else "không đo được"

    rows = [("Đo lúc", r["measured"])] if "measured" in r else []
    rows += [("Thành phần mỗi phiên bản",
             ", ".join(f"{k}: {_num(v, 0)}" for k, v in r["elements_per_version"].items()))]
    if not c and r.get("cold_only"):
        c = r["cold_only"]
        ratio = f"; {_num(c['wall_s'] / f['wall_s'], 2)} × nền" if f else ""
        rows.append(("Dựng lần đầu, đo riêng sau khi hết thời gian cho phép",
                     f"{_seconds(c['wall_s'])} (CPU {_seconds(c['cpu_s'])}{ratio}); bộ nhớ "
                     f"đỉnh {_num(c['peak_rss_mb'], 0)} MB"))
    elif c:
        rows.append(("Dựng lần đầu (bộ nhớ đệm sơ đồ rỗng)", f"{_seconds(c['wall_s'])} "
                     f"(CPU {_seconds(c['cpu_s'])}; {_num(r['cold_vs_floor'], 2)} × nền)"))
    if w:
        rows.append(("Dựng lại sau khi sửa một mô tả", f"{_seconds(w['wall_s'])} "
                     f"(CPU {_seconds(w['cpu_s'])}; {_num(r['warm_vs_floor'], 2)} × nền)"))
    if f:
        rows.append(("Nền: MkDocs và Material thuần",
                     f"{_seconds(f['wall_s'])} (CPU {_seconds(f['cpu_s'])}; bộ nhớ đỉnh "
                     f"{_num(f['peak_rss_mb'], 0)} MB)"))
    if c and w and f:
        rows.append(("Bộ nhớ đỉnh: lần đầu / dựng lại / nền",
                     f"{_num(c['peak_rss_mb'], 0)} / {_num(w['peak_rss_mb'], 0)} / "
                     f"{_num(f['peak_rss_mb'], 0)} MB"))
    shown = c or f  # the floor's pages are the plugin's pages
    if shown:
        c = shown
        rows += [
            ("Số trang HTML", _num(c["pages"], 0)),
            ("Trang HTML trung vị / lớn nhất", f"{_num(c['median_html_kb'], 1)} KB / "
             f"{_num(c['largest_html_kb'], 0)} KB (`{c['largest_html_page']}`)"),
            ("Tổng dung lượng trang / riêng HTML", f"{_num(c['site_mb'], 1)} MB / "
             f"{_num(c['html_mb'], 1)} MB"),
            ("Trang vượt 1 MB", _num(c.get("pages_over_1mb", 0), 0)),
            ("Chỉ mục tìm kiếm", f"{_num(c['search_index_mb'], 2)} MB"
             + (f" (nền: {_num(f['search_index_mb'], 2)} MB)" if f and c is not f
                else " (của nền)" if c is f else "")),
        ]
    if p:
        rows += [
            ("Quy trình của công cụ, bộ nhớ đệm rỗng (đo riêng)", phase("pipeline_s") + (
                f"; bộ nhớ đỉnh {_num(p['pipeline_peak_rss_mb'], 0)} MB"
                if "pipeline_peak_rss_mb" in p else "")),
            ("Số sơ đồ / thời gian vẽ bằng Graphviz",
             f"{_num(p.get('diagrams', 0), 0)} / {phase('render_s')}"),
            ("Các bước: đọc YAML / lập trang / DOT / nhúng sơ đồ / tệp tải về",
             " / ".join(phase(k) for k in ("load_s", "plan_s", "dot_s", "embed_s",
                                           "downloads_s"))),
        ]
    if w:
        rows.append(("Sơ đồ vẽ lại khi dựng lại", _num(w.get("diagrams_drawn", 0), 0)))
    partial = r.get("pipeline_partial")
    if partial:
        names = {"load_s": "đọc YAML", "plan_s": "lập trang", "render_s": "vẽ sơ đồ",
                 "downloads_s": "tệp tải về"}
        done = [f"{names[k]} {_seconds(v)}" for k, v in partial.items()
                if k in names and k != partial.get("running")]
        running = names.get(partial.get("running") or "", "")
        rows.append(("Quy trình của công cụ khi dừng", "; ".join(
            [*done, *([f"đang {running}"] if running else [])]) or "chưa xong bước nào"))
    out += ["| Chỉ số | Giá trị |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in rows]
    return out


def _nice_step(raw: float) -> float:
    """A round tick step (1, 2 or 5 × a power of ten) not smaller than ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def render_svg(data: dict[str, Any]) -> str:
    """A small hand-written SVG: build times and site size against model size."""
    rows = [r for s in gen.SIZES if (r := data["results"].get(s)) and r.get("status") == "ok"]
    width, height, pad = 720, 300, 56
    panel = (width - 3 * pad) / 2
    series_time = (("cold", "Dựng lần đầu", "#c62828"), ("warm", "Dựng lại", "#1565c0"),
                   ("floor", "Nền (MkDocs thuần)", "#616161"))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" font-family="sans-serif" '
           'font-size="11">',
           "<title>Thời gian dựng và dung lượng trang theo số thành phần của mô hình</title>",
           '<rect width="100%" height="100%" fill="#fff"/>']
    if not rows:
        out.append('<text x="20" y="40">Chưa có kết quả đo.</text></svg>')
        return "\n".join(out) + "\n"
    xmax = float(max(r["elements"] for r in rows)) * 1.05

    def axes(x0: float, title: str, ymax: float, unit: str,
             series: list[tuple[list[tuple[float, float]], str, str]]) -> None:
        top, bottom = 40, height - 50

        def sx(v: float) -> float:
            return x0 + v / xmax * panel

        def sy(v: float) -> float:
            return bottom - v / ymax * (bottom - top)

        out.append(f'<text x="{x0 + panel / 2:.1f}" y="22" text-anchor="middle" '
                   f'font-size="13" font-weight="bold">{title}</text>')
        out.append(f'<line x1="{x0}" y1="{bottom}" x2="{x0 + panel:.1f}" y2="{bottom}" '
                   'stroke="#333"/>')
        out.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{bottom}" stroke="#333"/>')
        step = _nice_step(ymax / 4)
        for i in range(int(ymax / step) + 1):
            v = step * i
            y = sy(v)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + panel:.1f}" y2="{y:.1f}" '
                       'stroke="#ddd"/>')
            out.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">'
                       f'{_num(v, 0 if step >= 1 else 1)}</text>')
        for r in rows:
            x = sx(r["elements"])
            out.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">'
                       f'{r["size"]} ({_num(r["elements"], 0)})</text>')
        out.append(f'<text x="{x0 + panel / 2:.1f}" y="{bottom + 30}" text-anchor="middle">'
                   'Số thành phần (ba phiên bản)</text>')
        out.append(f'<text x="{x0 - 40}" y="{(top + bottom) / 2:.1f}" text-anchor="middle" '
                   f'transform="rotate(-90 {x0 - 40} {(top + bottom) / 2:.1f})">{unit}</text>')
        for k, (points, label, color) in enumerate(series):
            path = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                       'stroke-width="2"/>')
            for a, b in points:
                out.append(f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="3" fill="{color}"/>')
            ly = top + 4 + 14 * k
            out.append(f'<rect x="{x0 + 8}" y="{ly - 8}" width="10" height="10" '
                       f'fill="{color}"/>')
            out.append(f'<text x="{x0 + 22}" y="{ly + 1}">{label}</text>')

    times = [([(r["elements"], r[key]["wall_s"]) for r in rows], label, color)
             for key, label, color in series_time]
    tmax = max(b for points, _, _ in times for _, b in points) * 1.1
    axes(pad, "Thời gian dựng", tmax, "giây", times)
    sizes_ = [([(r["elements"], r["cold"]["site_mb"]) for r in rows], "Toàn trang", "#2e7d32"),
              ([(r["elements"], r["cold"]["html_mb"]) for r in rows], "Riêng HTML", "#ef6c00")]
    smax = max(b for points, _, _ in sizes_ for _, b in points) * 1.1
    axes(2 * pad + panel, "Dung lượng trang", smax, "MB", sizes_)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_outputs(data: dict[str, Any], out: Path, page: Path | None) -> None:
    """Write the JSON, and (when ``page`` is given) the page and the plot next to it."""
    data["targets"] = targets(data["results"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if page is not None:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render_page(data), encoding="utf-8")
        (page.parent / "assets").mkdir(parents=True, exist_ok=True)
        (page.parent / "assets" / "benchmark.svg").write_text(render_svg(data), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line of the runner (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated sizes (XS, S, M, L)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the JSON results file")
    parser.add_argument("--page", type=Path, default=DEFAULT_PAGE,
                        help="the Markdown page to write ('-' for none)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds allowed per build; a size over it is recorded as unfinished")
    parser.add_argument("--budget", type=float, default=None,
                        help="seconds allowed per size (all its builds together)")
    parser.add_argument("--serve", action="store_true",
                        help="also measure save-to-page in mkdocs serve for each size")
    parser.add_argument("--reference", action="store_true",
                        help="also measure the Thái Bình site (warm build and mkdocs serve)")
    parser.add_argument("--page-only", action="store_true",
                        help="rewrite the page and plot from the JSON without measuring")
    parser.add_argument("--prepare", nargs=2, type=Path, metavar=("SITE", "FLOOR"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        site, floor = args.prepare
        phases = prepare(site, floor, profile=args.profile)
        (floor / "prepare.json").write_text(json.dumps(phases), encoding="utf-8")
        return 0
    page = None if str(args.page) == "-" else args.page
    data: dict[str, Any] = {"results": {}}
    if args.out.exists():
        data = json.loads(args.out.read_text(encoding="utf-8"))
    if args.page_only:
        write_outputs(data, args.out, page)
        return 0
    data["machine"] = machine()
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size not in gen.SIZES:
            parser.error(f"không có cỡ '{size}'; chọn một trong: {', '.join(gen.SIZES)}")
        print(f"[{size}] đang đo …", flush=True)
        result = run_size(size, args.work, seed=args.seed, timeout=args.timeout,
                          budget=args.budget, serve=args.serve)
        data["results"][size] = result
        data["updated"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        result["measured"] = data["updated"]
        write_outputs(data, args.out, page)
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
    if args.reference:
        print("[TB] đang đo …", flush=True)
        result = reference_site(args.work, timeout=args.timeout or 900.0)
        data["results"]["TB"] = result
        data["updated"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        result["measured"] = data["updated"]
        write_outputs(data, args.out, page)
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
