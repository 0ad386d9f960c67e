"""The speed-ups keep results identical: catalog cache, one-pass YAML, Jinja bytecode, parse caches."""

from __future__ import annotations

import copy
import os
import pickle
import shutil
from pathlib import Path

import pytest
import yaml

from generator import yamlio
from generator.catalog import load_catalog
from generator.catalog import cache, loader
from generator.errors import CatalogError
from generator.paths import catalog_dir

FIXTURES = Path(__file__).parent / "fixtures" / "validate"


@pytest.fixture
def cat_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), root)
    return root


def _cache_files(tmp_path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("catalog-*.pickle"))


# --- catalog cache --------------------------------------------------------------------------


def test_warm_cache_equals_a_fresh_build_and_unpickles_entries_on_use(cat_copy, tmp_path):
    fresh = load_catalog(cat_copy, use_cache=False)
    load_catalog(cat_copy)  # fills the cache
    assert len(_cache_files(tmp_path)) == 1
    warm = load_catalog(cat_copy)
    entries = warm.architectures
    assert type(entries) is not dict  # the lazy mapping
    assert list(entries) == list(fresh.architectures) and len(entries) == len(fresh.architectures)
    assert "chat-baseline" in entries and "nope" not in entries
    assert entries["chat-baseline"] == fresh.architectures["chat-baseline"]
    assert warm.architecture("rag") == fresh.architectures["rag"]
    assert "2 loaded" in repr(entries)
    with pytest.raises(KeyError):
        entries["nope"]
    assert entries.get("nope") is None
    assert warm == fresh and fresh == warm
    assert dict(entries.items()) == fresh.architectures
    # pickling or copying a cached catalog gives a plain dict of entries
    for other in (pickle.loads(pickle.dumps(warm)), copy.deepcopy(load_catalog(cat_copy)), copy.copy(warm)):
        assert other == fresh


def _cache_bytes(tmp_path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in _cache_files(tmp_path)}


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename", "schema", "components"])
def test_any_change_to_the_catalog_files_is_seen_and_the_cache_rewritten(cat_copy, tmp_path, change):
    arch = cat_copy / "architectures"
    extra = arch / "rag-two.yaml"
    if change in ("remove", "rename"):  # every shipped entry is named in recommend.yaml: use an extra one
        extra.write_text((arch / "rag.yaml").read_text(encoding="utf-8").replace("id: rag\n", "id: rag-two\n", 1),
                         encoding="utf-8")
    assert ("rag-two" in load_catalog(cat_copy).architectures) == (change in ("remove", "rename"))
    before = _cache_bytes(tmp_path)
    if change == "edit":  # in place, same size: only the mtime tells
        f = arch / "rag.yaml"
        st = f.stat()
        text = f.read_text(encoding="utf-8")
        assert "\ntitle: Design " in text
        f.write_text(text.replace("\ntitle: Design ", "\ntitle: Xesign ", 1), encoding="utf-8")
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        assert f.stat().st_size == st.st_size
    elif change == "add":
        text = (arch / "rag.yaml").read_text(encoding="utf-8").replace("id: rag\n", "id: rag-two\n", 1)
        extra.write_text(text, encoding="utf-8")
    elif change == "remove":
        extra.unlink()
    elif change == "rename":  # the id must follow the file name: a renamed file is a broken entry
        extra.rename(arch / "rag-three.yaml")
    elif change == "schema":
        f = cat_copy / "schema" / "regions.schema.json"
        f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        f = cat_copy / "components.yaml"
        f.write_text(f.read_text(encoding="utf-8").replace("title: Azure AI Search", "title: Azure AI Zearch", 1),
                     encoding="utf-8")
    if change == "rename":
        with pytest.raises(CatalogError, match=r"rag-three\.yaml:\d+: id: id 'rag-two' does not match"):
            load_catalog(cat_copy)
        return
    cat = load_catalog(cat_copy)
    assert ("rag-two" in cat.architectures) == (change == "add")
    assert cat.architectures["rag"].title.startswith("Xesign ") == (change == "edit")
    assert (cat.components["ai-search"].title == "Azure AI Zearch") == (change == "components")
    assert cat == load_catalog(cat_copy, use_cache=False)
    assert _cache_bytes(tmp_path) != before
    # and the rewritten cache serves the change without building again
    again = load_catalog(cat_copy)
    assert again.architectures["rag"].title.startswith("Xesign ") == (change == "edit")
    assert again == cat


def test_an_entry_is_checked_when_used_so_other_entries_do_not_pay_for_it(cat_copy, monkeypatch):
    load_catalog(cat_copy)
    f = cat_copy / "architectures" / "rag.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("\ntitle: Design ", "\ntitle: Xesign ", 1) + "\n",
                 encoding="utf-8")
    builds = []
    real_build = loader._build
    monkeypatch.setattr(loader, "_build", lambda root: builds.append(root) or real_build(root))
    cat = load_catalog(cat_copy)
    assert cat.architecture("chat-baseline").id == "chat-baseline" and builds == []
    assert "rag" in cat.architectures and len(cat.architectures) == 13 and builds == []
    assert cat.architectures["rag"].title.startswith("Xesign ") and len(builds) == 1
    assert cat.architectures["chat-baseline"] == load_catalog(cat_copy, use_cache=False).architectures["chat-baseline"]
    assert len(builds) == 2  # the uncached load above; the cached catalog did not build again
    assert load_catalog(cat_copy).architectures["rag"].title.startswith("Xesign ") and len(builds) == 2


@pytest.mark.parametrize("use", ["show", "list"])
def test_a_broken_entry_edited_after_caching_is_reported_when_used(cat_copy, use):
    load_catalog(cat_copy)
    f = cat_copy / "architectures" / "rag.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("category: generative", "category: sometimes"), encoding="utf-8")
    cat = load_catalog(cat_copy)
    with pytest.raises(CatalogError) as info:
        if use == "show":
            cat.architectures["rag"]
        else:
            list(cat.architectures.values())
    problem = info.value.problems[0]  # then recommend.yaml's rule that names the entry
    assert problem.file.endswith("rag.yaml") and problem.field == "category" and "'sometimes'" in problem.message
    assert problem.line == f.read_text(encoding="utf-8").splitlines().index("category: sometimes") + 1
    with pytest.raises(CatalogError):  # a cold load says the same
        load_catalog(cat_copy, use_cache=False)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_cache_file_is_rebuilt(cat_copy, tmp_path, damage):
    fresh = load_catalog(cat_copy, use_cache=False)
    load_catalog(cat_copy)
    (cache,) = _cache_files(tmp_path)
    data = cache.read_bytes()
    cache.write_bytes({"truncate": data[: len(data) - 10], "garbage": b"x" * 100, "empty": b""}[damage])
    assert load_catalog(cat_copy) == fresh
    assert load_catalog(cat_copy) == fresh  # and the rebuilt file is good again


def test_an_unusable_cache_folder_costs_speed_only(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(blocker / "cache"))
    assert load_catalog() == load_catalog(use_cache=False)


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "a"))
    assert cache.cache_dir() == str(tmp_path / "a")
    monkeypatch.delenv("ARCHKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "archkit")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == str(tmp_path / "home" / ".cache" / "archkit")


# --- YAML: libyaml for speed, PyYAML's answers --------------------------------------------------


def _pure(text: str, file: str = "f.yaml"):
    """What yamlio did before libyaml: PyYAML's pure-Python loader, compose then load."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader) if node is not None else None
    except yaml.YAMLError:
        return "error"
    lines: dict = {}
    if node is not None:
        yamlio._walk(node, (), lines)
    return data, lines


def _ours(text: str, file: str = "f.yaml"):
    try:
        doc = yamlio.load_text(text, file)
    except yamlio.YamlProblem as exc:
        return "error", exc.problem
    return doc.data, doc.lines


@pytest.mark.parametrize("path", sorted(Path(catalog_dir()).rglob("*.yaml")), ids=lambda p: p.name)
def test_catalog_files_parse_exactly_as_with_pure_python_yaml(path):
    text = path.read_text(encoding="utf-8")
    assert _ours(text) == _pure(text)


# Texts libyaml and PyYAML read differently (found by differential fuzzing): PyYAML's reading wins.
DIVERGENT = [
    "a: {b: x\ty}\n",                       # tab inside a flow plain scalar
    "a: {b: what?, c: d}\n",                 # ? inside a flow plain scalar
    "a: [x?y]\n",
    "k: >#-\n  folded\n  text\n",             # comment glued to a block scalar header
    "k: |#\n  text\n",
    "a: 1\n\ufeff# comment\nb: 2\n",         # byte-order mark after the start
    "a: 1\n\ufeffb: 2\n",
    "!\n",                                   # non-specific tag on an empty node
    "a: !\n",
    "---",                                   # empty document at the end of the text
    "summary: >-\t\n  text\n",
]


@pytest.mark.parametrize("text", DIVERGENT)
def test_texts_libyaml_reads_differently_get_pure_python_results(text):
    expected = _pure(text)
    got = _ours(text)
    if expected == "error":
        assert got[0] == "error"
    else:
        assert got == expected


def test_yaml_error_messages_and_lines_are_pure_python_ones():
    text = "a: 1\nb: [1, 2\nc: 3\n"
    with pytest.raises(yaml.MarkedYAMLError) as info:
        yaml.load(text, Loader=yaml.SafeLoader)
    _, problem = _ours(text, "x.yaml")
    assert problem.line == info.value.problem_mark.line + 1
    assert problem.message == f"not valid YAML: {info.value.problem}"


# --- templates --------------------------------------------------------------------------------


def test_jinja_bytecode_cache_is_used_and_output_is_unchanged(tmp_path, monkeypatch, catalog):
    from generator.render import render_files
    from generator.render import engine
    from generator.render.answers import resolve

    answers = resolve(catalog, given={"architecture": "chat-baseline", "iac": "terraform"})
    expected, _ = render_files(catalog, answers)  # whatever cache the session uses
    for folder in (tmp_path / "cache", tmp_path / "file" / "cache"):  # the second cannot be created
        (tmp_path / "file").write_text("x")
        monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(folder))
        engine._environment.cache_clear()
        engine._path_template.cache_clear()
        try:
            for _ in range(2):  # compile + write, then read back
                files, _ = render_files(catalog, answers)
                assert files == expected
        finally:
            engine._environment.cache_clear()
            engine._path_template.cache_clear()
    assert list((tmp_path / "cache" / "jinja").glob("*.cache"))


def test_jinja_bytecode_cache_survives_a_corrupt_entry(tmp_path, monkeypatch, catalog):
    from generator.render import render_files
    from generator.render import engine
    from generator.render.answers import resolve

    answers = resolve(catalog, given={"architecture": "rag", "iac": "bicep"})
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path))
    engine._environment.cache_clear()
    try:
        expected, _ = render_files(catalog, answers)
        for f in (tmp_path / "jinja").glob("*.cache"):
            f.write_bytes(f.read_bytes()[:40])
        engine._environment.cache_clear()
        assert render_files(catalog, answers)[0] == expected
    finally:
        engine._environment.cache_clear()


# --- validation parse caches --------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["terraform", "bicep"])
def test_validation_leaves_the_shared_parse_results_untouched(flavour, tmp_path, oracle_root):
    """Parses are shared between callers (and repositories): validating must not change them."""
    from generator.validate import bicep, terraform, validate_repository
    from generator.validate.sources import infra_files, read_source, rel

    root = tmp_path / flavour
    shutil.copytree(FIXTURES / flavour, root)
    first = validate_repository(root, oracle_root)
    parsed = {}
    for path in infra_files(root, (".tf", ".tfvars", ".bicep")):
        text, _ = read_source(root, path)
        if path.suffix == ".bicep":
            parsed[path] = bicep._parse_text(text)
        else:
            parsed[path] = terraform._parse_text_cached(text, rel(root, path))
    assert parsed
    snapshot = copy.deepcopy(parsed)
    second = validate_repository(root, oracle_root)
    assert [str(f) for f in second.findings] == [str(f) for f in first.findings]
    assert parsed == snapshot
    # and the cache hands back the very same objects, not a re-parse
    for path, value in parsed.items():
        text, _ = read_source(root, path)
        again = bicep._parse_text(text) if path.suffix == ".bicep" else terraform._parse_text_cached(text, rel(root, path))
        assert again is value


def test_terraform_parse_text_returns_fresh_lists():
    from generator.validate.terraform import parse_text

    text = 'variable "a" {\n  type = string\n}\n'
    blocks, problems = parse_text(text, "x.tf")
    blocks.append("junk")
    problems.append("junk")
    again, problems_again = parse_text(text, "x.tf")
    assert "junk" not in again and "junk" not in problems_again
    assert again[0] is blocks[0]  # shared, read-only
