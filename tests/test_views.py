from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from kientruc.draw.embed import text_alternative
from kientruc.errors import UnknownViewError
from kientruc.model import load_model
from kientruc.paths import SitePaths
from kientruc.views import (
    View,
    ViewEdge,
    ViewNode,
    context_view,
    integration_view,
    named_view,
    organization_view,
    overall_view,
    roll_up,
    smart_city_view,
    union_view,
)

if TYPE_CHECKING:
    from kientruc.model.types import Model

FIXTURE = Path(__file__).parent / "fixtures" / "sample_arch"
PATHS = SitePaths()


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(FIXTURE)


def write_arch(root: Path, elements: list[str], *, key: str = "big/1.0") -> Path:
    """A tiny arch/ with the fixture's frameworks and common data, plus one version."""
    arch = root / "arch"
    shutil.copytree(FIXTURE / "frameworks", arch / "frameworks")
    shutil.copytree(FIXTURE / "common", arch / "common")
    name, version = key.split("/")
    folder = arch / name / version
    folder.mkdir(parents=True)
    (folder / "version.yaml").write_text(
        f'architecture: {name}\nversion: "{version}"\ntitle: {{vi: Kiến trúc thử}}\n'
        "framework: vneaf-2.0\nstatus: draft\nperiod: {from: 2021, to: 2025}\n"
        "summary: Thử.\nprovenance: illustrative\n", encoding="utf-8")
    (folder / "thanh-phan.yaml").write_text("elements:\n" + "\n".join(elements) + "\n",
                                            encoding="utf-8")
    return arch


def org(i: int) -> str:
    return (f"  - {{id: org.o{i}, type: organization, name: {{vi: 'Sở số {i}'}}, level: tinh, "
            "provenance: illustrative}")


def app(i: int, extra: str = "") -> str:
    return (f"  - {{id: app.a{i}, type: application, name: {{vi: 'Ứng dụng số {i}'}}, "
            f"owner: org.o0, provenance: illustrative{extra}}}")


def many_apps(tmp_path: Path, count: int) -> Model:
    lgsp = ("  - {id: platform.lgsp, type: platform, name: {vi: LGSP tỉnh}, short: LGSP, "
            "owner: org.o0, provenance: illustrative}")
    flows = ", relations: [{type: exchanges_with, target: app.a1, via: platform.lgsp, data: Hồ sơ}]"
    apps = [app(i, flows if i == 0 else "") for i in range(count)]
    return load_model(write_arch(tmp_path, [org(0), lgsp, *apps]))


# -- overall -----------------------------------------------------------------------------


def test_overall_bands_follow_the_framework(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    view = overall_view(model, snapshot, PATHS)
    clusters = {c.id: c for c in view.clusters}
    assert view.layered
    assert view.direction == "TB"
    assert clusters["l-applications"].label == "Ứng dụng"
    assert clusters["l-applications"].orientation == "horizontal"
    assert clusters["l-governance"].orientation == "vertical"
    assert clusters["l-applications"].parent == "frame"
    assert clusters["l-external"].parent is None  # national systems sit outside the frame
    ngsp = view.node("vn.platform.ngsp")
    assert ngsp is not None
    assert ngsp.cluster == "l-external"
    assert ngsp.link == "kien-truc/chung/vn.platform.ngsp.md"
    assert ngsp.icon == "national"  # category quoc-gia
    lgsp = view.node("platform.lgsp")
    assert lgsp is not None
    assert lgsp.link == "kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"
    # projects and issues have their own pages; they are not boxes of the overall picture
    assert view.node("prj.lgsp") is None
    assert view.node("issue.kinh-phi") is None
    assert view.edges == ()  # flows are drawn by the integration diagram
    assert view.summary.endswith(".")
    assert view.summary.count(". ") == 0


def test_view_ids_are_unique_site_wide(model: Model) -> None:
    ids = []
    for snapshot in model.snapshots.values():
        ids += [overall_view(model, snapshot, PATHS).id,
                integration_view(model, snapshot, PATHS).id]
        for element in snapshot.elements.values():
            ids.append(named_view(model, snapshot, element.id, PATHS).id)
    old, new = model.snapshots["demo/1.0"], model.snapshots["demo/2.0"]
    ids.append(union_view(model, old, new, {}, PATHS).id)
    assert len(ids) == len(set(ids))
    assert all(i.replace("-", "").replace("_", "").isalnum() for i in ids)


def test_smart_city_view_is_layered(model: Model) -> None:
    view = smart_city_view(model, model.snapshots["demo/2.0"], PATHS)
    assert view.layered
    assert view.kind == "tham-chieu-ict"
    assert view.id != overall_view(model, model.snapshots["demo/2.0"], PATHS).id


# -- integration -------------------------------------------------------------------------


def test_integration_goes_through_the_platform_with_the_data_named(model: Model) -> None:
    view = integration_view(model, model.snapshots["demo/2.0"], PATHS)
    pairs = {(e.source, e.target): e.label for e in view.edges}
    assert pairs[("app.giai-quyet-tthc", "platform.lgsp")] == "Hồ sơ đất đai"
    assert pairs[("platform.lgsp", "app.quan-ly-dat-dai")] == "Hồ sơ đất đai"
    assert pairs[("platform.lgsp", "vn.platform.ngsp")] == "Dữ liệu dùng chung"
    clusters = {n.id: n.cluster for n in view.nodes}
    assert clusters["platform.lgsp"] == "nen-tang"
    assert clusters["vn.platform.ngsp"] == "ngoai"
    assert clusters["app.giai-quyet-tthc"] == "he-thong"
    assert "LGSP" in view.summary


def test_integration_without_flows_says_so(model: Model) -> None:
    view = integration_view(model, model.snapshots["demo/1.0"], PATHS)
    assert view.nodes == ()
    assert "chưa khai báo" in view.summary


# -- one element -------------------------------------------------------------------------


def test_context_shows_both_directions(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    view = context_view(model, snapshot, snapshot.elements["platform.lgsp"], PATHS)
    edges = {(e.source, e.target, e.label) for e in view.edges}
    assert ("platform.lgsp", "org.so-tttt", "chủ quản") in edges  # outgoing
    assert ("platform.lgsp", "node.ttdl", "đặt tại hạ tầng") in edges
    assert ("prj.lgsp", "platform.lgsp", "tạo ra") in edges  # incoming
    assert ("issue.kinh-phi", "platform.lgsp", "liên quan đến") in edges
    assert ("app.giai-quyet-tthc", "platform.lgsp", "Hồ sơ đất đai") in edges  # passes via it
    assert view.focus == "platform.lgsp"
    assert view.nodes[0].id == "platform.lgsp"


def test_organization_view_groups_owned_operated_and_led(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    tttt = organization_view(model, snapshot, snapshot.elements["org.so-tttt"], PATHS)
    groups = {n.id: n.cluster for n in tttt.nodes}
    assert groups["org.so-tttt"] == "don-vi"
    assert groups["platform.lgsp"] == "chu-quan"
    assert groups["prj.lgsp"] == "du-an"
    assert "issue.kinh-phi" not in groups  # reported to it, but not owned, operated or led
    labels = {c.id: c.label for c in tttt.clusters}
    assert labels["du-an"] == "Dự án, nhiệm vụ do đơn vị chủ trì"
    assert tttt.layered
    tnmt = organization_view(model, snapshot, snapshot.elements["org.so-tnmt"], PATHS)
    both = [n for n in tnmt.nodes if n.id == "app.quan-ly-dat-dai"]
    assert [n.cluster for n in both] == ["chu-quan-van-hanh"]  # one box, both relations
    assert "là chủ quản của 1 thành phần và vận hành 1 thành phần" in tnmt.summary


def test_organization_view_shares_the_bound(tmp_path: Path) -> None:
    model = many_apps(tmp_path, 40)
    snapshot = model.snapshots["big/1.0"]
    view = organization_view(model, snapshot, snapshot.elements["org.o0"], PATHS, max_nodes=10)
    assert len(view.nodes) <= 10
    more = [n for n in view.nodes if n.kind == "rollup"]
    assert sum(n.count for n in more) + len(view.nodes) - 1 - len(more) == 41  # apps + LGSP


def test_named_view_rejects_unknown_names(model: Model) -> None:
    with pytest.raises(UnknownViewError, match="overall, integration, smart-city"):
        named_view(model, model.snapshots["demo/2.0"], "khong-co", PATHS)


# -- roll-up -----------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "bound", "rolled"), [(6, 6, False), (7, 6, True), (12, 5, True)])
def test_roll_up_bound_per_band(tmp_path: Path, count: int, bound: int, rolled: bool) -> None:
    model = many_apps(tmp_path, count)
    snapshot = model.snapshots["big/1.0"]
    view = overall_view(model, snapshot, PATHS, max_nodes=bound)
    band = [n for n in view.nodes if n.cluster == "l-applications"]
    assert len(band) <= bound
    rollups = [n for n in band if n.kind == "rollup"]
    assert bool(rollups) is rolled
    shown = [n for n in band if n.kind == "element"]
    assert len(shown) + sum(n.count for n in rollups) == count  # nothing silently lost
    if rolled:
        (more,) = rollups
        assert more.label == f"+ {more.count} ứng dụng khác"
        assert more.link == PATHS.catalogue("big/1.0", "application")


def test_roll_up_in_a_neighbourhood_keeps_counts_and_redirects_edges(tmp_path: Path) -> None:
    model = many_apps(tmp_path, 30)
    snapshot = model.snapshots["big/1.0"]
    view = context_view(model, snapshot, snapshot.elements["org.o0"], PATHS, max_nodes=8)
    assert len(view.nodes) <= 8
    more = [n for n in view.nodes if n.kind == "rollup"]
    assert more
    assert all(n.link and n.link.endswith(".md") for n in more)
    ids = {n.id for n in view.nodes}
    assert all(e.source in ids and e.target in ids for e in view.edges)
    assert "thu gọn" in view.summary


def test_roll_up_merges_redirected_edges() -> None:
    nodes = [ViewNode(id=f"a{i}", label=f"A{i}", name=f"A{i}", type="application",
                      icon="application", link=None, cluster="c") for i in range(6)]
    hub = ViewNode(id="hub", label="Hub", name="Hub", type="platform", icon="platform",
                   link=None, cluster="h")
    edges = [ViewEdge(source="hub", target=f"a{i}", label=f"dữ liệu {i}") for i in range(6)]
    kept, merged = roll_up([hub, *nodes], edges, max_nodes=3, link_of=lambda _: "x.md",
                           priority=lambda n: 0)
    assert [n.id for n in kept if n.cluster == "c"] == ["a0", "a1", "more~c~application"]
    to_more = [e for e in merged if e.target == "more~c~application"]
    assert len(to_more) == 1
    assert to_more[0].label == "4 liên kết"


# -- comparison --------------------------------------------------------------------------


def test_union_marks_changes_and_has_a_legend(model: Model) -> None:
    old, new = model.snapshots["demo/1.0"], model.snapshots["demo/2.0"]
    status = {"platform.lgsp": "added", "app.mot-cua": "removed", "node.ttdl": "changed"}
    view = union_view(model, old, new, status, PATHS)
    changes = {n.id: n.change for n in view.nodes if n.kind == "element"}
    assert changes["platform.lgsp"] == "added"
    assert changes["app.mot-cua"] == "removed"
    assert changes["node.ttdl"] == "changed"
    assert changes["db.dung-chung"] == "unchanged"
    assert "app.dat-dai" not in changes  # renamed: the new id stands for it
    removed = view.node("app.mot-cua")
    assert removed is not None
    assert removed.link == "kien-truc/demo/1.0/thanh-phan/app.mot-cua.md"
    legend = [n for n in view.nodes if n.kind == "legend"]
    assert [n.change for n in legend] == ["added", "removed", "changed", "unchanged"]
    assert "1 thành phần được bổ sung" in view.summary


# -- text alternative --------------------------------------------------------------------


def test_text_alternative_lists_elements_and_relations(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    view = integration_view(model, snapshot, PATHS)
    page = "kien-truc/demo/2.0/mo-hinh-lien-thong.md"
    text = text_alternative(view, page)
    assert text.startswith('<details class="kt-diagram-text">')  # collapsed by default
    assert f"<summary>Nội dung sơ đồ dạng văn bản: {view.title}</summary>" in text
    assert f"<p>{view.summary}</p>" in text
    for head in ("Thành phần", "Loại", "Nhóm, lớp", "Từ", "Quan hệ, dữ liệu", "Đến"):
        assert f'<th scope="col">{head}</th>' in text
    assert '<a href="../thanh-phan/platform.lgsp/">Nền tảng tích hợp, chia sẻ dữ liệu tỉnh</a>' \
        in text
    assert "<td>LGSP</td><td>Dữ liệu dùng chung</td><td>NGSP</td>" in text
    assert text.count("<tr><td>") == len(view.nodes) + len(view.edges)
    assert "\n\n" not in text
    assert "Thay đổi" not in text


def test_text_alternative_placeholders_and_changes(model: Model) -> None:
    old, new = model.snapshots["demo/1.0"], model.snapshots["demo/2.0"]
    view = union_view(model, old, new, {"platform.lgsp": "added"}, PATHS)
    text = text_alternative(view, open_=True)
    assert text.startswith('<details class="kt-diagram-text" open>')
    assert 'href="kt:kien-truc/demo/2.0/thanh-phan/platform.lgsp.md"' in text
    assert '<th scope="col">Thay đổi</th>' in text
    assert "<td>Bổ sung</td>" in text
    assert "Chú giải" not in text  # the legend is not content


def test_text_alternative_escapes_names() -> None:
    node = ViewNode(id="x", label="A<b>", name="A & <b>", type="application",
                    icon="application", link=None)
    view = View(id="v", kind="test", title="T <1>", summary="S.", clusters=(), nodes=(node,),
                edges=())
    text = text_alternative(view)
    assert "A &amp; &lt;b&gt;" in text
    assert "T &lt;1&gt;" in text
    assert "<b>" not in text


def test_roll_up_never_folds_a_single_element() -> None:
    def node(i: str, type_id: str) -> ViewNode:
        return ViewNode(id=i, label=i, name=i, type=type_id, icon="x", link=None, cluster="c")

    nodes = [*(node(f"a{i}", "application") for i in range(5)), node("d0", "database")]
    kept, _ = roll_up(nodes, [], max_nodes=4, link_of=lambda _: None, priority=lambda n: 0)
    assert [n.id for n in kept] == ["a0", "a1", "d0", "more~c~application"]
    assert kept[-1].count == 3


def test_text_alternative_of_a_context_has_no_empty_group_column(model: Model) -> None:
    snapshot = model.snapshots["demo/2.0"]
    view = context_view(model, snapshot, snapshot.elements["platform.lgsp"], PATHS)
    text = text_alternative(view, PATHS.element("demo/2.0", "platform.lgsp"))
    assert "Nhóm, lớp" not in text
    row = '<tr><td><a href="./">Nền tảng tích hợp, chia sẻ dữ liệu tỉnh</a></td><td>Nền tảng</td></tr>'
    assert row in text
