"""An element across versions: history entries, the sentence, switcher pages, retired ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kientruc.compare.history import element_history, history_sentence, retired_elements
from kientruc.model import load_model
from kientruc.paths import SitePaths
from test_diff import BASE, app, write_versions

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"


def summary(entries: list[Any]) -> list[tuple[str, str, str | None]]:
    return [(e.version, e.status, e.element_id) for e in entries]


def test_fixture_histories() -> None:
    model = load_model(FIXTURE)
    renamed = element_history(model, "demo", "app.quan-ly-dat-dai")
    assert summary(renamed) == [("1.0", "new", "app.dat-dai"),
                                ("2.0", "renamed", "app.quan-ly-dat-dai")]
    assert renamed[1].previous_id == "app.dat-dai"
    assert renamed[1].changed_fields == ("tên", "đơn vị vận hành")
    assert [p.page for p in renamed] == ["kien-truc/demo/1.0/thanh-phan/app.dat-dai.md",
                                         "kien-truc/demo/2.0/thanh-phan/app.quan-ly-dat-dai.md"]
    assert history_sentence(model, renamed) == (
        "Có từ 1.0; đổi mã ở 2.0 (mã cũ: app.dat-dai), thay đổi: tên, đơn vị vận hành.")
    # the old id leads to the same history (a page of 1.0 calls it with its own id)
    assert summary(element_history(model, "demo", "app.dat-dai")) == summary(renamed)

    merged = element_history(model, "demo", "app.mot-cua")
    assert summary(merged) == [("1.0", "new", "app.mot-cua"), ("2.0", "retired", "app.mot-cua")]
    assert merged[1].replaced_by == ("app.giai-quyet-tthc",)
    assert merged[1].page == "kien-truc/demo/2.0/thanh-phan/app.mot-cua.md"
    assert history_sentence(model, merged) == (
        "Có từ 1.0; được thay thế ở 2.0 bởi Hệ thống thông tin giải quyết thủ tục hành chính "
        "tỉnh.")

    new = element_history(model, "demo", "app.giai-quyet-tthc")
    assert summary(new) == [("1.0", "absent", None), ("2.0", "new", "app.giai-quyet-tthc")]
    assert new[0].page is None
    assert new[1].replaces == ("app.mot-cua", "app.cong-dvc")
    assert history_sentence(model, new) == (
        "Có từ 2.0 (thay thế Hệ thống một cửa điện tử, Cổng dịch vụ công tỉnh).")

    assert history_sentence(model, element_history(model, "demo", "prj.nen-tang")) == (
        "Có từ 1.0; loại bỏ ở 2.0.")
    assert history_sentence(model, element_history(model, "demo", "org.so-tttt")) == (
        "Có từ 1.0; không thay đổi ở 2.0.")
    assert history_sentence(model, element_history(model, "demo", "node.ttdl")) == (
        "Có từ 1.0; thay đổi ở 2.0: tên.")
    assert element_history(model, "demo", "khong-co") == []
    assert element_history(model, "demo", "app.dat-dai", version="2.0") == []


def test_fixture_retired_ids() -> None:
    model = load_model(FIXTURE)
    got = [(r.id, r.status, r.successors, r.last_seen, r.retired_in)
           for r in retired_elements(model, "demo/2.0")]
    assert got == [
        ("app.cong-dvc", "replaced", ("app.giai-quyet-tthc",), "demo/1.0", "demo/2.0"),
        ("app.dat-dai", "renamed", ("app.quan-ly-dat-dai",), "demo/1.0", "demo/2.0"),
        ("app.mot-cua", "replaced", ("app.giai-quyet-tthc",), "demo/1.0", "demo/2.0"),
        ("prj.nen-tang", "removed", (), "demo/1.0", "demo/2.0"),
    ]
    assert retired_elements(model, "demo/2.0")[0].element.name_vi == "Cổng dịch vụ công tỉnh"
    assert retired_elements(model, "demo/1.0") == []


@pytest.fixture
def four_versions(tmp_path: Path) -> Any:
    """1.0 → 4.0: x renamed to y (2.0), then merged into n (3.0), n renamed to o (4.0);
    r removed in 2.0 and back in 4.0; s changes name in 3.0."""
    return write_versions(tmp_path, [
        [*BASE, app("app.x"), app("app.r"), app("app.s")],
        [*BASE, app("app.y", name={"vi": "Ứng dụng app.x"}, renamed_from="app.x"),
         app("app.s")],
        [*BASE, app("app.n", replaces=["app.y"]), app("app.s", name={"vi": "S mới"})],
        [*BASE, app("app.o", name={"vi": "Ứng dụng app.n"}, renamed_from="app.n"),
         app("app.r"), app("app.s", name={"vi": "S mới"})],
    ])


def test_history_over_four_versions(four_versions: Any) -> None:
    model = four_versions
    paths = SitePaths("kt")
    x = element_history(model, "cqdt", "app.x", paths=paths)
    assert summary(x) == [("1.0", "new", "app.x"), ("2.0", "renamed", "app.y"),
                          ("3.0", "retired", "app.y"), ("4.0", "retired", "app.y")]
    assert [e.replaced_by for e in x] == [(), (), ("app.n",), ("app.o",)]
    assert [e.retired_in for e in x] == [None, None, "cqdt/3.0", "cqdt/3.0"]
    assert [e.page for e in x] == ["kt/cqdt/1.0/thanh-phan/app.x.md",
                                   "kt/cqdt/2.0/thanh-phan/app.y.md",
                                   "kt/cqdt/3.0/thanh-phan/app.y.md",
                                   "kt/cqdt/4.0/thanh-phan/app.y.md"]
    assert history_sentence(model, x) == (
        "Có từ 1.0; đổi mã ở 2.0 (mã cũ: app.x); được thay thế ở 3.0 bởi Ứng dụng app.n.")

    r = element_history(model, "cqdt", "app.r", version="1.0")
    assert summary(r) == [("1.0", "new", "app.r"), ("2.0", "retired", "app.r"),
                          ("3.0", "retired", "app.r"), ("4.0", "new", "app.r")]
    assert history_sentence(model, r) == "Có từ 1.0; loại bỏ ở 2.0; có lại ở 4.0."

    s = element_history(model, "cqdt", "app.s")
    assert [e.changed_fields for e in s] == [(), (), ("tên",), ()]
    assert [e.exists for e in s] == [True, True, True, True]


def test_retired_ids_over_four_versions(four_versions: Any) -> None:
    model = four_versions
    got = {r.id: (r.status, r.successors, r.last_seen, r.retired_in)
           for r in retired_elements(model, "cqdt/4.0")}
    assert got == {
        "app.x": ("replaced", ("app.o",), "cqdt/1.0", "cqdt/2.0"),
        "app.y": ("replaced", ("app.o",), "cqdt/2.0", "cqdt/3.0"),
        "app.n": ("renamed", ("app.o",), "cqdt/3.0", "cqdt/4.0"),
    }
    assert {r.id: r.status for r in retired_elements(model, "cqdt/3.0")} == {
        "app.x": "replaced", "app.y": "replaced", "app.r": "removed"}


def test_a_build_compares_each_pair_of_versions_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """History, comparison pages and the current-state chapter share one comparison per pair."""
    from kientruc.compare import diff
    from kientruc.site.plan import SiteOptions, plan_site

    model = load_model(Path(__file__).resolve().parent.parent / "arch")
    pairs: list[tuple[str, str]] = []
    real = diff.fates

    def counting(m, old, new):  # type: ignore[no-untyped-def]
        pairs.append((old.key, new.key))
        return real(m, old, new)

    monkeypatch.setattr(diff, "fates", counting)
    plan_site(model, SiteOptions(diagrams=False))
    assert sorted(pairs) == [("cqdt/1.0", "cqdt/2.0")]
