"""Same sources, same bytes: two clean builds are identical file for file, downloads included."""

from __future__ import annotations

import hashlib

from sitebuild import build_site, make_site


def _digests(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = _digests(build_site(make_site(tmp_path / "a", options="cache_dir: .cache-a")))
    second = _digests(build_site(make_site(tmp_path / "b", options="cache_dir: .cache-b")))
    assert any(name.endswith("so-tay.pdf") for name in first)
    assert any(name.endswith("archimate.xml") for name in first)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files differ between two clean builds: {differing[:10]}"
