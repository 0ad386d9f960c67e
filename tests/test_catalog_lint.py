"""`archkit catalog lint` on broken copies of the catalog: one clear file:line message each."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.paths import catalog_dir

runner = CliRunner()


@pytest.fixture
def copy(tmp_path):
    dst = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), dst)
    return dst


def lint(path):
    return runner.invoke(app, ["catalog", "lint", str(path)])


def test_shipped_catalog_is_clean():
    result = lint(catalog_dir())
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path, needle):
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_bad_yaml(copy):
    f = copy / "architectures" / "rag.yaml"
    edit(f, "kind: guide", "kind: [guide")
    result = lint(copy)
    assert result.exit_code == 1
    assert "architectures/rag.yaml:" in result.output and "not valid YAML" in result.output


def test_missing_field(copy):
    f = copy / "architectures" / "chat-basic.yaml"
    text = f.read_text()
    f.write_text("\n".join(l for l in text.splitlines() if not l.startswith("category:")) + "\n")
    result = lint(copy)
    assert result.exit_code == 1
    top = line_of(f, "id: chat-basic")  # the mapping starts here, after the schema comment
    assert f"architectures/chat-basic.yaml:{top}: (top): 'category' is required but missing" in result.output


def test_duplicate_id(copy):
    src = copy / "architectures" / "tdsp.yaml"
    shutil.copy(src, copy / "architectures" / "tdsp-copy.yaml")
    result = lint(copy)
    assert result.exit_code == 1
    assert "tdsp-copy.yaml" in result.output
    assert "duplicate architecture id 'tdsp'" in result.output


def test_dangling_component(copy):
    f = copy / "architectures" / "rag.yaml"
    edit(f, "  - ai-search\n", "  - ai-serch\n")
    n = line_of(f, "- ai-serch")
    result = lint(copy)
    assert result.exit_code == 1
    assert f"architectures/rag.yaml:{n}: components." in result.output
    assert "unknown component 'ai-serch'" in result.output


def test_bad_url(copy):
    f = copy / "architectures" / "tdsp.yaml"
    text = f.read_text()
    old = next(l for l in text.splitlines() if l.strip().startswith("current:"))
    edit(f, old, "  current: http://example.com/tdsp")
    n = line_of(f, "http://example.com/tdsp")
    result = lint(copy)
    assert result.exit_code == 1
    assert f"architectures/tdsp.yaml:{n}: links.current: 'http://example.com/tdsp' is not an https learn.microsoft.com or github.com URL" in result.output


@pytest.mark.parametrize("option", [True, False], ids=["--oracles", "shipped index by default"])
def test_unknown_api_version_against_the_oracle(copy, oracle_root, option):
    edit(copy / "components.yaml", 'api_version: "2026-02-01"', 'api_version: "2099-01-01"')
    result = runner.invoke(app, ["catalog", "lint", str(copy), *(["--oracles", str(oracle_root)] if option else [])])
    assert result.exit_code == 1
    assert "Microsoft.KeyVault/vaults: API version 2099-01-01 does not exist" in result.output


def test_unquoted_yes_gets_a_hint(copy):
    f = copy / "design-areas" / "security.yaml"
    text = f.read_text()
    assert 'iac: "yes"' in text
    edit(f, 'iac: "yes"', "iac: yes")
    result = lint(copy)
    assert result.exit_code == 1
    assert "quote the value" in result.output


def test_lint_json(copy):
    edit(copy / "architectures" / "rag.yaml", "  - ai-search\n", "  - nope\n")
    result = runner.invoke(app, ["catalog", "lint", str(copy), "--json"])
    import json

    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["problems"][0]["file"].endswith("architectures/rag.yaml")
    assert data["problems"][0]["line"] > 1


@pytest.mark.parametrize("old, new, message", [
    # two identities for one compute: the point of `compute` is one identity per function
    ("    compute: app-service\n", "    compute: function-app\n", "'function-app' already has an identity; one identity per function"),
    ("    compute: app-service\n", "    compute: ai-search\n", "'ai-search' cannot run as its own identity"),
])
def test_compute_identities_are_checked(copy, old, new, message):
    f = copy / "architectures" / "rag.yaml"
    edit(f, old, new)
    # the identity at fault: the second one for the same compute, or the one edited
    n = [i for i, line in enumerate(f.read_text().splitlines(), 1) if line.strip() == new.strip()][-1]
    result = lint(copy)
    assert result.exit_code == 1
    assert f"architectures/rag.yaml:{n}: identities." in result.output and message in result.output, result.output


def test_a_flow_node_that_is_neither_component_nor_actor(copy):
    f = copy / "architectures" / "tdsp.yaml"
    edit(f, "{from: data-sources, to: storage,", "{from: data-source, to: storage,")
    n = line_of(f, "from: data-source,")
    result = lint(copy)
    assert result.exit_code == 1
    assert f"architectures/tdsp.yaml:{n}: flow.0.from:" in result.output, result.output
    assert "'data-source' is neither a component of this entry nor one of" in result.output
