"""Loading and validation: golden cases (tree → problems) and table tests for the rules."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import golden
import pytest
import yaml
from conftest import BASE_ELEMENTS, BASE_TREE, BASE_VERSION, with_base, write_files
from kientruc.errors import ModelError, Problem, render_problems
from kientruc.model import load_model
from kientruc.source import freeze
from kientruc.source import reader as yamlsource
from kientruc.suggest import did_you_mean, suggest_slug

GOLDENS = Path(__file__).parent / "goldens" / "load"
SAMPLE = Path(__file__).parent / "fixtures" / "sample_arch"
V = "arch/cqdt/2.0/version.yaml"
E = "arch/cqdt/2.0/thanh-phan.yaml"


def load_tree(root: Path, files: dict[str, str | bytes | None], *, base: bool = True):
    """Write a tree (over the base tree unless ``base`` is false) and load it."""
    write_files(root, with_base(files) if base else files)
    return load_model(root / "arch", repo_root=root)


def problems_of(root: Path, files: dict[str, str | bytes | None], *,
                base: bool = True) -> list[Problem]:
    """Load a tree that must be invalid; return its problems."""
    with pytest.raises(ModelError) as info:
        load_tree(root, files, base=base)
    return info.value.problems


def element(text: str) -> dict[str, str | bytes | None]:
    """The base tree plus elements appended to the base catalogue (``text`` is YAML items)."""
    return {E: BASE_ELEMENTS + text}


# -- goldens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(GOLDENS.glob("*.yml")), ids=lambda p: p.stem)
def test_golden(path: Path, tmp_path: Path) -> None:
    data = golden.read(path)
    files = data.get("files") or {}
    try:
        model = load_tree(tmp_path, files, base=data.get("base", True))
    except ModelError as error:
        actual: dict[str, object] = {"problems": [str(p) for p in error.problems]}
    else:
        actual = {"valid": True, "warnings": [str(w) for w in model.warnings]}
    golden.check(path, data, actual)


def test_goldens_cover_every_bad_input_of_the_issue() -> None:
    names = {p.stem for p in GOLDENS.glob("*.yml")}
    wanted = {
        "yaml-syntax-errors", "wrong-types", "unknown-fields", "missing-required-fields",
        "duplicate-ids", "missing-references", "wrong-type-references", "part-of-cycle",
        "bad-slugs", "non-utf8", "empty-files", "yaml-tags", "anchors-aliases", "raw-html",
        "project-outside-period", "version-without-version-yaml", "unknown-element-type",
        "unknown-layer", "duplicate-keys", "yml-extension", "funding-not-summing",
        "five-mistakes-three-files", "valid-base", "framework-legal-basis", "lineage",
        "nested-errors",
    }
    assert wanted <= names, f"missing golden cases: {sorted(wanted - names)}"


def test_golden_messages_are_located_and_helpful() -> None:
    """Every expected problem names a file and (but for whole files/folders) a line:col."""
    for path in sorted(GOLDENS.glob("*.yml")):
        for text in golden.read(path).get("problems") or []:
            assert text.startswith("arch/"), (path.name, text)
            file, _, rest = text.partition(": ")
            assert rest, (path.name, text)
            if ":" in file:
                _, line, col = file.rsplit(":", 2)
                assert int(line) > 0, (path.name, text)
                assert int(col) > 0, (path.name, text)


# -- one run reports everything, sorted and deduplicated ------------------------------------------


def test_five_mistakes_in_three_files_in_one_run(tmp_path: Path) -> None:
    data = golden.read(GOLDENS / "five-mistakes-three-files.yml")
    found = problems_of(tmp_path, data["files"])
    assert len(found) == 5
    assert len({p.file for p in found}) == 3


def test_problems_are_sorted_and_deduplicated() -> None:
    a = Problem(file="arch/b.yaml", line=3, column=1, message="x")
    b = Problem(file="arch/a.yaml", line=9, column=2, message="y")
    c = Problem(file="arch/a.yaml", line=2, column=7, message="z")
    error = ModelError([a, b, c, a, b])
    assert error.problems == [c, b, a]
    assert str(error).splitlines()[0] == "3 lỗi trong mã nguồn kiến trúc:"


def test_loaded_problems_are_sorted(tmp_path: Path) -> None:
    data = golden.read(GOLDENS / "five-mistakes-three-files.yml")
    found = problems_of(tmp_path, data["files"])
    assert found == sorted(set(found))


# -- inputs that do not fit in a golden file -----------------------------------------------------


def test_file_above_the_size_bound(tmp_path: Path) -> None:
    big = "elements: []\n" + "# " + "x" * (yamlsource.MAX_BYTES) + "\n"
    found = problems_of(tmp_path, {"arch/cqdt/2.0/lon.yaml": big})
    assert [str(p) for p in found] == [
        f"arch/cqdt/2.0/lon.yaml: tệp quá lớn: {len(big):,} byte, giới hạn "
        f"{yamlsource.MAX_BYTES:,} byte; hãy tách thành nhiều tệp"]


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    found = problems_of(tmp_path, {"arch/cqdt/2.0/bom.yaml": "\n".join(lines) + "\n"})
    assert len(found) == 1
    assert "alias" in found[0].message
    assert found[0].line == 2


@pytest.mark.parametrize("deep", [
    "elements:\n  - " + "[" * 60 + "]" * 60 + "\n",
    "elements:\n  - " + "[" * 10_000 + "]" * 10_000 + "\n",  # deeper than libyaml goes
    "elements:\n  - " + "{a: " * 3_000 + "}" * 3_000 + "\n",
    "elements:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(2_000)) + " " * 2001 + "x\n",
], ids=["60-lists", "10000-lists", "3000-flow-maps", "2000-block-maps"])
def test_deep_nesting_is_one_located_problem(tmp_path: Path, deep: str) -> None:
    found = problems_of(tmp_path, {"arch/cqdt/2.0/sau.yaml": deep})
    assert [p.file for p in found] == ["arch/cqdt/2.0/sau.yaml"]
    assert found[0].line >= 2 and found[0].column > 1
    assert f"lồng nhau quá sâu: hơn {yamlsource.MAX_DEPTH} cấp" in found[0].message


def test_an_id_longer_than_a_portable_file_name_is_refused(tmp_path: Path) -> None:
    long_id = "app." + "a" * 296
    found = problems_of(tmp_path, element(
        f"  - id: {long_id}\n    type: application\n    name: {{vi: X}}\n"
        "    provenance: illustrative\n"))
    assert len(found) == 1
    assert found[0].where.endswith("].id")
    assert "mã dài 300 ký tự, tối đa 80 ký tự" in found[0].message


def test_misspelt_layer_map_layers_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "t"
    shutil.copytree(SAMPLE, root / "arch")
    target = root / "arch" / "frameworks" / "vneaf-2.0.yaml"
    text = target.read_text(encoding="utf-8")
    lines = text.split("layer_map:", 1)[1].splitlines()
    other = next(x.strip().rstrip(":") for x in lines if x.startswith("  ") and x.endswith(":"))
    mapping = next(x for x in lines if x.startswith("    "))
    theirs, ours = (part.strip() for part in mapping.split(":"))
    target.write_text(text.replace(mapping, f"    {theirs}x: {ours}y", 1), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(root / "arch", repo_root=root)
    messages = [p.message for p in info.value.problems]
    assert any(f"khung '{other}' không có lớp '{theirs}x'; có phải là '{theirs}'?" in m
               for m in messages), messages
    assert any(f"không có lớp '{ours}y'; có phải là '{ours}'?" in m for m in messages), messages


def test_frozen_version_edited(tmp_path: Path) -> None:
    approved = BASE_VERSION.replace("status: draft", "status: approved") + (
        "approval: {number: 1234/QĐ-UBND, date: '2021-06-30', provenance: illustrative}\n")
    # As `kientruc freeze` does: a placeholder digest first, so that writing the real one
    # leaves the digested text unchanged.
    write_files(tmp_path, {**BASE_TREE, V: approved + "digest: {}\n"})
    folder = tmp_path / "arch" / "cqdt" / "2.0"
    total, files = freeze.folder_digest(folder)
    digest = yaml.safe_dump({"digest": {"total": total, "files": files}}, sort_keys=True)
    (folder / "version.yaml").write_text(approved + digest, encoding="utf-8")
    model = load_model(tmp_path / "arch", repo_root=tmp_path)  # frozen and unchanged: valid
    assert model.snapshots["cqdt/2.0"].digest == total
    assert not any("chưa được khóa" in w.message for w in model.warnings)
    catalogue = folder / "thanh-phan.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "Hệ thống một cửa điện tử", "Hệ thống một cửa"), encoding="utf-8")
    (folder / "moi.yaml").write_text("elements: []\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(tmp_path / "arch", repo_root=tmp_path)
    [problem] = info.value.problems
    assert (problem.file, problem.where) == (V, "digest")
    assert problem.line > 0
    assert "moi.yaml, thanh-phan.yaml" in problem.message
    assert "kientruc new-version" in problem.message


def test_a_folder_named_like_a_yaml_file_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "arch" / "cqdt" / "2.0" / "thu-muc.yaml").mkdir(parents=True)
    assert "cqdt/2.0" in load_tree(tmp_path, {}).snapshots


@pytest.mark.parametrize("bad", [
    "../x", "a b", "App.X", "ứng-dụng", "tb.app.lgsp/", "a..b", "-a", "a_b", "đ", "x.",
])
def test_ids_that_are_not_slugs(tmp_path: Path, bad: str) -> None:
    item = (f"  - id: {yaml.safe_dump(bad).splitlines()[0]}\n    type: application\n"
            "    name: {vi: X}\n    provenance: illustrative\n")
    [problem] = problems_of(tmp_path, element(item))
    assert problem.where == "elements[4].id"
    assert problem.line == BASE_ELEMENTS.count("\n") + 1
    assert problem.message.startswith(f"mã không hợp lệ '{bad}'")
    assert "chữ thường a-z" in problem.message


@pytest.mark.parametrize(("bad", "suggestion"), [
    ("Ứng dụng", "ung-dung"), ("../x", "x"), ("App.X", "app.x"), ("a b", "a-b"),
    ("Sở TT&TT", "so-tt-tt"), ("a..b", "a.b"), ("--", None),
])
def test_suggest_slug(bad: str, suggestion: str | None) -> None:
    assert suggest_slug(bad) == suggestion


@pytest.mark.parametrize(("word", "choices", "hint"), [
    ("aplication", ["application", "platform"], "application"),
    ("hien_trang", ["hien-trang", "muc-tieu"], "hien-trang"),
    ("qđ", ["qd", "nd"], "qd"),
    ("tb.app.lgps", ["tb.app.lgsp", "tb.app.mot-cua"], "tb.app.lgsp"),
    ("zzz", ["application"], None),
])
def test_did_you_mean(word: str, choices: list[str], hint: str | None) -> None:
    assert did_you_mean(word, choices) == (f"; có phải là '{hint}'?" if hint else "")


# -- loading never raises anything but ModelError ------------------------------------------------


def test_truncated_files_give_model_error_or_success(tmp_path: Path) -> None:
    rng = random.Random(20240601)
    texts = [(E, BASE_ELEMENTS), (V, BASE_VERSION),
             ("arch/frameworks/vneaf-2.0.yaml", BASE_TREE["arch/frameworks/vneaf-2.0.yaml"])]
    write_files(tmp_path, BASE_TREE)
    for _ in range(60):
        name, text = rng.choice(texts)
        assert isinstance(text, str)
        raw = text.encode()
        cut = raw[: rng.randrange(len(raw) + 1)]
        if rng.random() < 0.3 and cut:  # flip one byte as well
            i = rng.randrange(len(cut))
            cut = cut[:i] + bytes([rng.randrange(256)]) + cut[i + 1:]
        write_files(tmp_path, {**BASE_TREE, name: cut})
        try:
            load_model(tmp_path / "arch", repo_root=tmp_path)
        except ModelError as error:
            found = error.problems
        else:
            found = []
        assert all(p.file.startswith("arch/") for p in found)


WEIRD = [[], {}, [1], None, 1.5, True, ""]
MUTATED = [
    (E, ("elements", 0, "type")), (E, ("elements", 0, "id")), (E, ("elements", 2, "name")),
    (E, ("elements", 2, "relations")), (E, ("elements", 2, "relations", 0)),
    (E, ("elements", 2, "hosted_on")), (V, ("period",)), (V, ("legal_basis",)),
    ("arch/frameworks/vneaf-2.0.yaml", ("type_defaults",)),
    ("arch/frameworks/vneaf-2.0.yaml", ("layers", 0)),
]


def test_values_of_the_wrong_shape_give_model_error(tmp_path: Path) -> None:
    """Any value where a field expects another shape: a located problem, never a crash."""
    for name, path in MUTATED:
        text = BASE_TREE[name]
        assert isinstance(text, str)
        for weird in WEIRD:
            data = yaml.safe_load(text)
            holder = data
            for part in path[:-1]:
                holder = holder[part]
            holder[path[-1]] = weird
            write_files(tmp_path, {**BASE_TREE, name: yaml.safe_dump(data, allow_unicode=True)})
            try:
                load_model(tmp_path / "arch", repo_root=tmp_path)
            except ModelError as error:
                found = error.problems
            else:  # an empty list where a list is expected is fine
                assert weird == [], (name, path, weird)
                continue
            assert all(p.line > 0 for p in found), (name, path, weird)


# -- the model keeps soft warnings and precise origins -------------------------------------------


def test_soft_warnings_end_up_in_the_model(tmp_path: Path) -> None:
    approved = BASE_VERSION.replace("status: draft", "status: approved") + (
        "approval: {number: 1234/QĐ-UBND, provenance: illustrative}\n")
    confirmed = ("  - id: app.x\n    type: application\n    name: {vi: X}\n"
                 "    provenance: confirmed\n")
    model = load_tree(tmp_path, {V: approved, E: BASE_ELEMENTS + confirmed})
    assert [str(w) for w in model.warnings] == [
        f"{E}:{BASE_ELEMENTS.count(chr(10)) + 1}:5: 'app.x' ghi provenance: confirmed nhưng "
        "không có 'sources' (nguồn công khai)",
        f"{V}: phiên bản đã phê duyệt chưa được khóa; chạy 'kientruc freeze cqdt/2.0'",
    ]
    first = model.warnings[0]  # located like an error, not a string to take apart
    assert (first.file, first.line) == (E, BASE_ELEMENTS.count(chr(10)) + 1)


def test_relation_origins_point_at_the_value(tmp_path: Path) -> None:
    model = load_tree(tmp_path, element(
        "  - id: app.x\n    type: application\n    name: {vi: X}\n    provenance: illustrative\n"
        "    owner: org.so-tttt\n    hosted_on: [node.ttdl, platform.lgsp]\n"
        "    relations:\n"
        "      - {type: exchanges_with, target: app.mot-cua, via: platform.lgsp}\n"))
    relations = {(r.type, r.target): r.origin for r in model.snapshots["cqdt/2.0"]
                 .elements["app.x"].relations}
    line = BASE_ELEMENTS.count("\n") + 5
    assert (relations[("owned_by", "org.so-tttt")].line,
            relations[("owned_by", "org.so-tttt")].column) == (line, 12)
    assert relations[("hosted_on", "node.ttdl")].column == 17
    assert relations[("hosted_on", "platform.lgsp")].column == 28
    assert relations[("exchanges_with", "app.mot-cua")].line == line + 3
    assert relations[("exchanges_with", "app.mot-cua")].column == 40


def test_sample_fixture_is_valid() -> None:
    model = load_model(SAMPLE, repo_root=SAMPLE.parent)
    assert list(model.snapshots) == ["demo/1.0", "demo/2.0"]


def test_missing_arch_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_model(tmp_path / "arch", repo_root=tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "arch: không tìm thấy thư mục mã nguồn kiến trúc"]


def test_render_problems_formats() -> None:
    problems = [Problem(file="arch/a.yaml", line=3, column=5, where="elements[0].id",
                        message="50% sai\ndòng hai")]
    assert render_problems(problems, "github") == (
        "::error file=arch/a.yaml,line=3,col=5::elements[0].id: 50%25 sai%0Adòng hai")
    assert render_problems([], "text") == "Không có lỗi."
    assert "1 lỗi" in render_problems(problems, "text")


# -- causes first ----------------------------------------------------------------------------


def test_one_slip_in_shared_data_gives_its_syntax_error_first_and_little_else(
        tmp_path: Path) -> None:
    root = tmp_path / "t"
    shutil.copytree(SAMPLE, root / "arch")
    shared = root / "arch" / "common" / "he-thong-quoc-gia.yaml"
    text = shared.read_text(encoding="utf-8")
    shared.write_text(text.replace("\n    type: organization", "\n   type: organization", 1),
                      encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(root / "arch", repo_root=root)
    found = info.value.problems
    assert found[0].file == "arch/common/he-thong-quoc-gia.yaml"
    assert found[0].message.startswith("lỗi cú pháp YAML")
    assert len(found) <= 3, [str(p) for p in found]
    assert found[-1].message.startswith("và ") and "he-thong-quoc-gia.yaml" in found[-1].message


def test_a_tab_in_a_version_others_refer_to_gives_its_syntax_error_and_little_else(
        tmp_path: Path) -> None:
    """The smart-city architecture refers to elements of cqdt/2.0 (``cqdt/2.0:tb.app.…``): a
    Tab in one of cqdt/2.0's files must not turn each of those references into a problem."""
    root = tmp_path / "t"
    shutil.copytree(Path(__file__).resolve().parent.parent / "arch", root / "arch")
    apps = root / "arch" / "cqdt" / "2.0" / "ung-dung.yaml"
    text = apps.read_text(encoding="utf-8")
    apps.write_text(text.replace("\n    short: ", "\n\tshort: ", 1), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(root / "arch", repo_root=root)
    found = info.value.problems
    assert found[0].file == "arch/cqdt/2.0/ung-dung.yaml" and "phím Tab" in found[0].message
    assert len(found) == 2, [str(p) for p in found]
    assert found[1].message.startswith("và ") and "ung-dung.yaml" in found[1].message


def test_problems_in_other_versions_are_still_shown(tmp_path: Path) -> None:
    root = tmp_path / "t"
    shutil.copytree(SAMPLE, root / "arch")
    (root / "arch" / "demo" / "2.0" / "hong.yaml").write_text("elements: [\n", encoding="utf-8")
    old = root / "arch" / "demo" / "1.0" / "thanh-phan.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace(
        "owner: org.so-tttt", "owner: org.so-ttt", 1), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(root / "arch", repo_root=root)
    found = info.value.problems
    assert found[0].file == "arch/demo/2.0/hong.yaml"
    assert any(p.file == "arch/demo/1.0/thanh-phan.yaml" and "org.so-ttt" in p.message
               for p in found), [str(p) for p in found]


def test_the_comma_trap_says_put_it_in_quotes(tmp_path: Path) -> None:
    found = problems_of(tmp_path, element(
        "  - id: app.x\n    type: application\n"
        "    name: {vi: Hệ thống một cửa, liên thông, en: One-stop}\n"
        "    provenance: illustrative\n"))
    assert len(found) == 1
    assert found[0].where == "elements[" + found[0].where.split("[", 1)[1].split("]")[0] + \
        "].name.liên thông"
    assert "đặt trong dấu nháy kép" in found[0].message
