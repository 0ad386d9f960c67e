"""Valid Bicep and Terraform that once made `archkit validate` skip a file or cry wolf.

Each fixture under tests/fixtures/validate-constructs holds one construct (see its README).
It must validate with no error; and a property or argument misspelled elsewhere in the same
file must still be caught, with its file and line: proof that the checks ran on that file,
through whichever parser read it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import line_of, missing, mutate
from generator.cli import app
from generator.validate import bicep_ts, terraform, validate_repository

FIXTURES = Path(__file__).parent / "fixtures" / "validate-constructs"
BICEP, TF = "infra/main.bicep", "infra/main.tf"
runner = CliRunner()

# fixture -> warnings it is expected to carry as it is (rule, line needle)
EXPECTED_WARNINGS = {
    "tf-block-python-hcl2-cannot-read": [("not-checked", 'variable "prefix" {')],
}

# (fixture, file, text, misspelt text, rule); the finding's line is the misspelt text's line.
# Misspellings keep the length, so `terraform fmt` alignment still holds.
MISSPELT = [
    ("nested-child-decorators", BICEP, "publicAccess: 'None'", "publicAcess: 'None'", "arm-property-unknown"),
    ("nested-child-decorators", BICEP, "minimumTlsVersion: 'TLS1_2'", "minimumTlsVer: 'TLS1_2'", "arm-property-unknown"),
    ("nested-child-api-version", BICEP, "urlTemplate: '/orders'\n", "urlTemplat: '/orders'\n", "arm-property-unknown"),
    ("nested-child-api-version", BICEP, "required: true", "requird: true", "arm-property-unknown"),
    ("resource-derived-types", BICEP, ">.properties.zoneRedundant = true", ">.properties.zoneRedundnt = true",
     "arm-property-unknown"),
    ("resource-derived-types", BICEP, "serverfarms@2025-03-01'>.kind", "serverfarms@2025-13-01'>.kind",
     "arm-api-version-unknown"),
    ("resource-derived-types", BICEP, "reserved: true", "reservd: true", "arm-property-unknown"),
    ("user-defined-types", BICEP, "enableRbacAuthorization: true", "enableRbacAuthorisation: true", "arm-property-unknown"),
    ("newer-expressions", BICEP, "principalType: 'ServicePrincipal'", "principalTyp: 'ServicePrincipal'",
     "arm-property-unknown"),
    ("newer-expressions", BICEP, "ipRules: []", "ipRule: []", "arm-property-unknown"),
    ("newer-expressions", BICEP, "categoryGroup: 'allLogs'", "categoryGrp: 'allLogs'", "arm-property-unknown"),
    ("tf-dynamic-nested", TF, "ip_range = ip_rule.value", "ip_rnage = ip_rule.value", "tf-argument-unknown"),
    ("tf-dynamic-nested", TF, "x_azure_fdid = var.front_door_ids", "x_azure_fdld = var.front_door_ids",
     "tf-argument-unknown"),
    ("tf-dynamic-nested", TF, "source_port_range          = \"*\"", "source_port_rnage          = \"*\"",
     "tf-argument-unknown"),
    ("tf-dynamic-nested", TF, "https_only          = true", "https_onyl          = true", "tf-argument-unknown"),
    ("tf-heredoc-marker-blanks", TF, "  tags = {\n", "  tagz = {\n", "tf-argument-unknown"),
    ("tf-block-python-hcl2-cannot-read", TF, "  tags = {\n", "  tagz = {\n", "tf-argument-unknown"),
]


def _copy(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / name
    shutil.copytree(FIXTURES / name, dest)
    return dest


def _cli(root: Path, oracles: Path, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["validate", str(root), "--json", "--oracles", str(oracles), *args])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def _second_parsers():
    if not bicep_ts.available():
        missing("tree-sitter-bicep (archkit[validate])", "`make test` installs it")
    if not terraform.go_available():
        missing("pygohcl (archkit[validate])", "`make test` installs it")


def test_every_fixture_has_a_misspelling_case():
    fixtures = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    assert len(fixtures) == 8
    assert sorted({case[0] for case in MISSPELT}) == fixtures


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_construct_fixture_is_valid(name, oracle_root):
    _second_parsers()
    code, data = _cli(FIXTURES / name, oracle_root)
    assert code == 0 and data["errors"] == 0, data["findings"]
    root = FIXTURES / name
    infra_file = BICEP if (root / BICEP).is_file() else TF
    expected = sorted((infra_file, line_of(root, infra_file, needle), rule)
                      for rule, needle in EXPECTED_WARNINGS.get(name, []))
    assert sorted((f["file"], f["line"], f["rule"]) for f in data["findings"]) == expected
    wanted = {"azure-resource-types"} if infra_file == BICEP else {"azurerm-schema", "pygohcl"}
    assert wanted <= set(data["tools_used"])


@pytest.mark.parametrize("name,file,old,new,rule", MISSPELT, ids=[f"{c[0]}:{c[3][:24]}" for c in MISSPELT])
def test_misspelling_next_to_the_construct_is_caught(tmp_path, oracle_root, name, file, old, new, rule):
    _second_parsers()
    root = _copy(tmp_path, name)
    mutate(root, file, old, new)
    code, data = _cli(root, oracle_root)
    errors = [(f["file"], f["line"], f["rule"]) for f in data["findings"] if f["severity"] == "error"]
    assert code == 1
    assert errors == [(file, line_of(root, file, new.strip().splitlines()[0]), rule)], data["findings"]


# --- the safety nets behind the workarounds -------------------------------------------------

def test_a_heredoc_python_hcl2_misreads_is_caught_by_hashicorps_parser(tmp_path, oracle_root, monkeypatch):
    """Without the marker rewrite, python-hcl2 reads the first heredoc into the second and
    silently loses `variable "location"`: pygohcl sees the block python-hcl2 missed, the file is
    read block by block, and var.location stays declared."""
    _second_parsers()
    monkeypatch.setattr(terraform, "_trim_heredoc_ends", lambda text: text)
    terraform._parse_text_cached.cache_clear()
    try:
        root = _copy(tmp_path, "tf-heredoc-marker-blanks")
        report = validate_repository(root, oracle_root)
    finally:
        terraform._parse_text_cached.cache_clear()
    assert report.errors == []
    assert [(f.file, f.line, f.rule) for f in report.warnings] == [
        (TF, line_of(root, TF, 'variable "name" {'), "not-checked")]
    assert 'variable "name"' in report.warnings[0].message


def test_without_hashicorps_parser_an_unreadable_block_is_a_syntax_error_but_no_cascade(tmp_path, monkeypatch):
    monkeypatch.setattr(terraform, "_go", lambda: None)
    terraform._parse_text_cached.cache_clear()
    try:
        root = _copy(tmp_path, "tf-block-python-hcl2-cannot-read")
        report = validate_repository(root, None)
    finally:
        terraform._parse_text_cached.cache_clear()
    assert [(f.file, f.rule) for f in report.errors] == [(TF, "tf-syntax")]  # not a tf-var-undeclared
    assert any(n.startswith("pygohcl not installed") for n in report.tools_skipped)


def test_broken_variables_file_keeps_its_variables_declared(tmp_path):
    root = _copy(tmp_path, "tf-heredoc-marker-blanks")
    text = (root / TF).read_text()
    (root / TF).write_text(text.replace('  default     = "rg-constructs"\n', '  default     = "rg-constructs\n'))
    report = validate_repository(root, None)
    rules = {f.rule for f in report.errors}
    assert "tf-syntax" in rules and "tf-var-undeclared" not in rules, [str(f) for f in report.findings]


def test_a_file_no_parser_reads_leaves_its_module_unchecked_with_a_warning(tmp_path):
    root = _copy(tmp_path, "tf-heredoc-marker-blanks")
    (root / "infra" / "broken.tf").write_text("}}} not hcl {{{\n")
    report = validate_repository(root, None)
    assert ("infra/broken.tf", "tf-syntax", "error") in {(f.file, f.rule, f.severity) for f in report.findings}
    assert ("infra/broken.tf", 1, "not-checked") in {(f.file, f.line, f.rule) for f in report.warnings}
    assert "tf-var-undeclared" not in {f.rule for f in report.findings}


def test_a_syntax_error_leaves_the_other_declarations_of_the_file_checked(tmp_path, oracle_root):
    _second_parsers()
    root = _copy(tmp_path, "nested-child-api-version")
    text = (root / BICEP).read_text()
    text = text.replace("@description('Name of an API Management instance that already exists.')\n",
                        "var broken = (1 +\n\n@description('Name of an API Management instance that already exists.')\n")
    (root / BICEP).write_text(text.replace("required: true", "requird: true"))
    report = validate_repository(root, oracle_root)
    assert [(f.file, f.rule) for f in report.errors] == [(BICEP, "bicep-syntax"), (BICEP, "arm-property-unknown")]
    assert report.errors[1].line == line_of(root, BICEP, "requird: true")


# --- the tree-sitter model is the model pycep would have built ------------------------------

def _key_paths(value, prefix=()) -> set[tuple[str, ...]]:
    """Every object key path in a body, through arrays, `for` and `if` (values ignored)."""
    from generator.validate.bicep import is_expression, unwrap

    value = unwrap(value)
    if isinstance(value, list):
        return set().union(*(_key_paths(v, prefix + ("[]",)) for v in value)) if value else set()
    if not isinstance(value, dict) or is_expression(value):
        return set()
    out = set()
    for key, v in value.items():
        if key != "depends_on":  # pycep adds it to nested children itself
            out |= {prefix + (key.strip("'"),)} | _key_paths(v, prefix + (key.strip("'"),))
    return out


def _views(text: str) -> tuple[dict, dict]:
    from generator.validate.bicep import _parse_text
    from generator.validate.bicep_rewrite import for_pycep, rewrite
    from generator.validate.bicep_tree import model

    return _parse_text(for_pycep(rewrite(text).text)), model(rewrite(text).text)


def _same_model(text: str) -> list[str]:
    from generator.validate.bicep import full_type

    pycep, tree = _views(text)
    problems = []
    for kind in ("parameters", "modules", "resources"):
        a, b = pycep.get(kind) or {}, tree.get(kind) or {}
        problems += [f"{kind} {sorted(set(a) ^ set(b))}"] if set(a) != set(b) else []
        for name in set(a) & set(b):
            if kind == "resources" and (full_type(a[name]["type"], a[name]["api_version"]), a[name]["existing"]) != (
                    full_type(b[name]["type"], b[name]["api_version"]), b[name]["existing"]):
                problems.append(f"{name}: type, version or existing differ")
            if kind != "parameters" and _key_paths(a[name].get("config")) != _key_paths(b[name].get("config")):
                problems.append(f"{name}: body keys differ")
            if kind == "parameters" and (a[name].get("default") is None) != (b[name].get("default") is None):
                problems.append(f"{name}: default differs")
    return problems


def test_tree_sitter_model_matches_pycep_on_every_rendered_bicep_file(rendered):
    if not bicep_ts.available():
        missing("tree-sitter-bicep (archkit[validate])", "`make test` installs it")
    problems, compared = [], 0
    for (arch_id, iac, mode), (root, files, _ak) in sorted(rendered.items()):
        for rel, data in files.items():
            if iac == "bicep" and rel.endswith(".bicep"):
                compared += 1
                problems += [f"{arch_id}/{mode}/{rel}: {p}" for p in _same_model(data.decode("utf-8"))]
    assert compared > 100 and not problems, "\n".join(problems)


def test_pycep_losing_nested_children_is_noticed(tmp_path):
    """pycep-parser drops a nested child that has children of its own and a sibling."""
    if not bicep_ts.available():
        missing("tree-sitter-bicep (archkit[validate])", "`make test` installs it")
    from generator.validate.bicep import parse_file, resources

    text = (FIXTURES / "nested-child-api-version" / BICEP).read_text()
    pycep, _tree = _views(text)
    assert "service__api__listOrders" not in pycep["resources"]  # the bug this works around
    bf, findings = parse_file(FIXTURES / "nested-child-api-version", FIXTURES / "nested-child-api-version" / BICEP)
    assert findings == [] and bf.via.startswith("tree-sitter-bicep")
    assert {sym for sym, *_ in resources(bf)} == {"service", "service__api", "service__api__listOrders",
                                                  "service__api__getOrder"}
