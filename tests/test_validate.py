"""`archkit validate`: every rule on a hand-written fixture plus one mutation of it.

The fixtures under tests/fixtures/validate are valid (no findings at all); each case
changes one line and asserts the exact rule id, severity and line, through the library
and through the CLI. Cases that need the Azure oracles use conftest's ``oracle_root``, the
index archkit ships.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from conftest import VALIDATE_FIXTURES, copy_validate_fixture as copy
from conftest import line_of, missing, mutate
from generator.cli import app
from generator.validate import parity, validate_repository
from generator.validate.claims import normalise, parse_line

FIXTURES = VALIDATE_FIXTURES
runner = CliRunner()


def keyed(findings) -> set[tuple]:
    return {(f["file"], f["line"], f["rule"], f["severity"]) if isinstance(f, dict)
            else (f.file, f.line, f.rule, f.severity) for f in findings}


def cli(*args: str):
    result = runner.invoke(app, ["validate", *args])
    assert "Traceback" not in result.output
    return result


def cli_json(root: Path, *args: str):
    result = cli(str(root), "--json", *args)
    return result.exit_code, json.loads(result.stdout)


# --- clean fixtures -----------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["bicep", "terraform"])
def test_fixture_is_clean_with_oracles(flavour, oracle_root):
    report = validate_repository(FIXTURES / flavour, oracle_root)
    assert [str(f) for f in report.findings] == []
    assert "azure-resource-types" in report.tools_used or "azurerm-schema" in report.tools_used
    code, data = cli_json(FIXTURES / flavour, "--oracles", str(oracle_root))
    assert code == 0 and data["findings"] == [] and data["errors"] == 0


def test_plain_output_is_file_line_rule_message(tmp_path):
    root = copy(tmp_path, "terraform")
    mutate(root, "infra/modules/key-vault/main.tf", "var.location", "var.region")
    result = cli(str(root))
    assert result.exit_code == 1
    line = line_of(root, "infra/modules/key-vault/main.tf", "var.region")
    assert (f"infra/modules/key-vault/main.tf:{line}: tf-var-undeclared: var.region is used but no variable "
            '"region" is declared in infra/modules/key-vault/') in result.stdout.splitlines()
    assert "1 error(s), 0 warning(s)" in result.stdout


# --- one mutation per rule ----------------------------------------------------------------
# (id, flavour, file, old, new, rule, severity, finding file, needle whose line is expected
#  or None for the resource/module line given by `at`, exit code, needs oracles)

KV = "infra/modules/key-vault.bicep"
MAIN = "infra/main.bicep"
TKV = "infra/modules/key-vault/main.tf"
TMAIN = "infra/main.tf"
SEC = "docs/checklists/security.md"

CASES = [
    ("bicep-syntax", "bicep", KV, "    enablePurgeProtection: true\n", "    enablePurgeProtection: true true\n",
     "bicep-syntax", "error", KV, "true true", 1, False),
    ("arm-property-unknown", "bicep", KV, "    enablePurgeProtection: true\n",
     "    enablePurgeProtection: true\n    enableMagic: true\n", "arm-property-unknown", "error", KV, "enableMagic", 1, True),
    ("arm-property-unknown-nested", "bicep", KV, "      defaultAction: 'Deny'\n",
     "      defaultAction: 'Deny'\n      magic: 1\n", "arm-property-unknown", "error", KV, "magic: 1", 1, True),
    ("arm-property-unknown-in-loop", "bicep", KV, "    principalType: 'ServicePrincipal'\n",
     "    principalType: 'ServicePrincipal'\n    colour: 'blue'\n", "arm-property-unknown", "error", KV, "colour", 1, True),
    ("arm-property-readonly", "bicep", KV, "    enablePurgeProtection: true\n",
     "    enablePurgeProtection: true\n    hsmPoolResourceId: 'x'\n", "arm-property-readonly", "error", KV, "hsmPoolResourceId", 1, True),
    ("arm-api-version-unknown", "bicep", KV, "vaults@2026-02-01", "vaults@2019-13-01",
     "arm-api-version-unknown", "error", KV, "resource vault", 1, True),
    ("arm-api-version-old", "bicep", KV, "vaults@2026-02-01", "vaults@2019-09-01",
     "arm-api-version-old", "warning", KV, "resource vault", 0, True),
    ("arm-type-unknown", "bicep", KV, "Microsoft.KeyVault/vaults@", "Microsoft.KeyVault/vault@",
     "arm-type-unknown", "error", KV, "resource vault", 1, True),
    ("bicep-module-param-unknown", "bicep", MAIN, "    logAnalyticsWorkspaceId: logAnalytics.outputs.id\n",
     "    logAnalyticsWorkspaceId: logAnalytics.outputs.id\n    colour: 'blue'\n",
     "bicep-module-param-unknown", "error", MAIN, "colour", 1, False),
    ("bicep-module-param-missing", "bicep", MAIN, "    logAnalyticsWorkspaceId: logAnalytics.outputs.id\n", "",
     "bicep-module-param-missing", "error", MAIN, "module keyVault", 1, False),
    ("bicep-module-path", "bicep", MAIN, "'modules/key-vault.bicep'", "'modules/keyvault.bicep'",
     "bicep-module-path", "error", MAIN, "module keyVault", 1, False),
    ("bicep-param-unused", "bicep", MAIN, "param workloadName string = 'fixture'\n",
     "param workloadName string = 'fixture'\n\nparam unusedThing string = 'x'\n",
     "bicep-param-unused", "warning", MAIN, "param unusedThing", 0, False),
    ("claim-bicep", "bicep", KV, "    enableRbacAuthorization: true\n", "    enableRbacAuthorization: false\n",
     "claim", "error", SEC, "properties.enableRbacAuthorization = true", 1, False),
    ("tf-syntax", "terraform", TKV, '  sku_name                      = "standard"\n', '  sku_name                      =\n',
     "tf-syntax", "error", TKV, "sku_name", 1, False),
    ("tf-syntax-duplicate", "terraform", TKV, '  sku_name                      = "standard"\n',
     '  sku_name                      = "standard"\n  sku_name = "premium"\n', "tf-syntax", "error", TKV, '"premium"', 1, False),
    ("tf-var-undeclared", "terraform", TKV, "var.location", "var.region",
     "tf-var-undeclared", "error", TKV, "var.region", 1, False),
    ("tf-argument-unknown", "terraform", TKV, '  sku_name                      = "standard"\n',
     '  sku_name                      = "standard"\n  magic_enabled                 = true\n',
     "tf-argument-unknown", "error", TKV, "magic_enabled", 1, True),
    ("tf-argument-unknown-in-block", "terraform", TKV, '    default_action = "Deny"\n',
     '    default_action = "Deny"\n    magic          = 1\n', "tf-argument-unknown", "error", TKV, "magic ", 1, True),
    ("tf-argument-unknown-in-dynamic", "terraform", TKV, "      category = enabled_metric.value\n",
     "      category = enabled_metric.value\n      colour   = 1\n", "tf-argument-unknown", "error", TKV, "colour", 1, True),
    ("tf-argument-deprecated", "terraform", TKV, 'dynamic "enabled_metric"', 'dynamic "metric"',
     "tf-argument-deprecated", "warning", TKV, 'dynamic "metric"', 0, True),
    ("tf-argument-deprecated-arg", "terraform", TKV, "  rbac_authorization_enabled    = true\n",
     "  rbac_authorization_enabled    = true\n  enable_rbac_authorization     = true\n",
     "tf-argument-deprecated", "warning", TKV, "enable_rbac_authorization", 0, True),
    ("tf-argument-missing", "terraform", TKV, '  sku_name                      = "standard"\n', "",
     "tf-argument-missing", "error", TKV, 'resource "azurerm_key_vault"', 1, True),
    ("tf-type-unknown", "terraform", TMAIN, '"azurerm_log_analytics_workspace" "this"', '"azurerm_log_analytic_workspace" "this"',
     "tf-type-unknown", "error", TMAIN, "azurerm_log_analytic_workspace", 1, True),
    ("tf-type-deprecated", "terraform", TMAIN, 'module "key_vault" {',
     'resource "azurerm_ai_services" "old" {\n  name                = "ais"\n  location            = var.location\n'
     '  resource_group_name = var.resource_group_name\n  sku_name            = "S0"\n}\n\nmodule "key_vault" {',
     "tf-type-deprecated", "warning", TMAIN, "azurerm_ai_services", 0, True),
    ("tf-module-source", "terraform", TMAIN, '"./modules/key-vault"', '"./modules/key-vaults"',
     "tf-module-source", "error", TMAIN, "key-vaults", 1, False),
    ("tf-module-arg-unknown", "terraform", TMAIN, "azurerm_log_analytics_workspace.this.id\n}",
     "azurerm_log_analytics_workspace.this.id\n  colour                     = \"blue\"\n}",
     "tf-module-arg-unknown", "error", TMAIN, "colour", 1, False),
    ("tf-module-arg-missing", "terraform", TMAIN, "  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n", "",
     "tf-module-arg-missing", "error", TMAIN, 'module "key_vault"', 1, False),
    ("tf-tfvars-undeclared", "terraform", "infra/environments/dev.tfvars", 'workload_name       = "fixture"\n',
     'workload_name       = "fixture"\nregion              = "x"\n', "tf-tfvars-undeclared", "warning",
     "infra/environments/dev.tfvars", "region", 0, False),
    ("claim-terraform", "terraform", TKV, '    default_action = "Deny"\n', '    default_action = "Allow"\n',
     "claim", "error", SEC, 'network_acls.default_action = "Deny"', 1, False),
]


def _apply(tmp_path, case):
    _id, flavour, file, old, new, rule, severity, at, needle, code, _oracles = case
    root = copy(tmp_path, flavour)
    mutate(root, file, old, new)
    return root, (at, line_of(root, at, needle), rule, severity), code


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_through_library(case, tmp_path, request):
    oracles = request.getfixturevalue("oracle_root") if case[-1] else None
    root, expected, code = _apply(tmp_path, case)
    report = validate_repository(root, oracles)
    assert expected in keyed(report.findings), [str(f) for f in report.findings]
    assert report.exit_code == code


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_through_cli(case, tmp_path, request):
    args = ("--oracles", str(request.getfixturevalue("oracle_root"))) if case[-1] else ()
    root, expected, code = _apply(tmp_path, case)
    exit_code, data = cli_json(root, *args)
    assert expected in keyed(data["findings"]), data["findings"]
    assert exit_code == code


def test_mutations_are_caught_only_by_the_expected_rule_family(tmp_path, oracle_root):
    """A property typo must not also trip unrelated rules (noise hides the real problem)."""
    root = copy(tmp_path, "bicep")
    mutate(root, KV, "    enablePurgeProtection: true\n", "    enablePurgeProtection: true\n    enableMagic: true\n")
    report = validate_repository(root, oracle_root)
    assert [f.rule for f in report.findings] == ["arm-property-unknown"]


# --- could not run: exit 2, a message, no traceback ----------------------------------------

def test_missing_directory_exits_2(tmp_path):
    result = cli(str(tmp_path / "nope"))
    assert result.exit_code == 2 and "no such directory" in result.output


def test_directory_without_iac_exits_2(tmp_path):
    (tmp_path / "README.md").write_text("hello\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "notes.txt").write_text("no iac\n")
    result = cli(str(tmp_path))
    assert result.exit_code == 2 and "no infra/*.bicep or infra/**/*.tf" in result.output


def test_file_instead_of_directory_exits_2(tmp_path):
    f = tmp_path / "main.bicep"
    f.write_text("param a string\n")
    assert cli(str(f)).exit_code == 2


def test_bad_oracles_option_exits_2(tmp_path):
    result = cli(str(FIXTURES / "bicep"), "--oracles", str(tmp_path))
    assert result.exit_code == 2 and f"--oracles {tmp_path}: no PROVENANCE.json there" in result.output


def test_unreadable_directory_exits_2(tmp_path, monkeypatch):
    # chmod cannot take read access away from root (CI containers often run as root), so
    # the permission check itself is made to fail.
    import generator.validate as validate

    root = copy(tmp_path, "bicep")
    real = os.access
    monkeypatch.setattr(validate.os, "access", lambda p, mode: False if Path(p) == root else real(p, mode))
    result = cli(str(root))
    assert result.exit_code == 2 and "not readable" in result.output


# --- files a parser must never see -------------------------------------------------------

@pytest.mark.parametrize("name,data,needle", [
    ("infra/extra.tf", b"\x00\x01\x02binary", "binary"),
    ("infra/extra.bicep", "param a string = 'caf\u00e9'\n".encode("latin-1"), "not UTF-8"),
    ("infra/extra.tf", b"# big\n" + b"#" * (5 * 1024 * 1024 + 10), "5 MB"),
])
def test_unreadable_files_are_findings(tmp_path, name, data, needle):
    root = copy(tmp_path, "bicep" if name.endswith(".bicep") else "terraform")
    (root / name).write_bytes(data)
    report = validate_repository(root, None)
    hits = [f for f in report.findings if f.rule == "file-unreadable" and f.file == name]
    assert hits and needle in hits[0].message and report.exit_code == 1


@pytest.mark.parametrize("flavour,name,text", [
    ("bicep", "infra/junk.bicep", "resource {{{ ''' \x7f @@@ = ]\n"),
    ("terraform", "infra/junk.tf", 'resource "a" {\n  x = [1, 2\n'),
    ("terraform", "infra/junk.tf", 'resource "a" "b" {\n  y = "${unterminated\n}\n'),
])
def test_garbage_is_a_syntax_finding_not_a_traceback(tmp_path, flavour, name, text):
    root = copy(tmp_path, flavour)
    (root / name).write_text(text)
    exit_code, data = cli_json(root)
    assert exit_code == 1
    assert any(f["file"] == name and f["rule"].endswith("-syntax") for f in data["findings"]), data["findings"]


def test_construct_pycep_cannot_read_is_checked_on_the_tree_sitter_tree(tmp_path, oracle_root):
    from generator.validate import bicep_ts

    if not bicep_ts.available():
        missing("tree-sitter-bicep (archkit[validate])", "`make test` installs it")
    root = copy(tmp_path, "bicep")
    extra = root / "infra" / "extra.bicep"
    extra.write_text(
        "param names array = []\n"
        "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = [for n in names: if (n != 'x') {\n"
        "  name: n\n  properties: {\n    enablePurgeProtection: true\n  }\n}]\n")
    report = validate_repository(root, oracle_root)
    assert [str(f) for f in report.findings if f.file == "infra/extra.bicep"] == []
    extra.write_text(extra.read_text().replace("enablePurgeProtection", "enablePurgeProtectio"))
    report = validate_repository(root, oracle_root)
    hits = [(f.rule, f.severity, f.line) for f in report.findings if f.file == "infra/extra.bicep"]
    assert hits == [("arm-property-unknown", "error", 5)]


# --- reference-rule details ---------------------------------------------------------------

def test_nullable_and_defaulted_module_params_are_optional(tmp_path):
    root = copy(tmp_path, "bicep")
    mutate(root, KV, "param readerPrincipalIds array = []\n",
           "param readerPrincipalIds array = []\n\nparam optionalNote string?\n\n"
           "output note string = optionalNote ?? ''\n")
    report = validate_repository(root, None)
    assert [str(f) for f in report.findings] == []


def test_unused_param_sees_through_keys_strings_and_comments(tmp_path):
    root = copy(tmp_path, "bicep")
    (root / "infra" / "extra.bicep").write_text(
        "param keyOnly string\n"            # used only as an object key: unused
        "param inComment string\n"          # mentioned only in a comment: unused
        "param inLiteral string\n"          # mentioned only in literal text: unused
        "param interpolated string\n"       # used in an interpolation: used
        "param ternary bool\n"              # used before ` ? ... : ...`: used
        "param asKey string\n"             # used as an interpolated key: used
        "#disable-next-line no-unused-params\n"
        "param optedOut string\n"
        "var o = {\n  keyOnly: 'x'\n  v: ternary ? 'a' : 'b'\n  '${asKey}': {}\n}\n"
        "// inComment\n"
        "var s = 'inLiteral and ${interpolated}'\n"
        "output r object = { o: o, s: s }\n")
    report = validate_repository(root, None)
    unused = {(f.line, f.message.split("'")[1]) for f in report.findings
              if f.rule == "bicep-param-unused" and f.file == "infra/extra.bicep"}
    assert unused == {(1, "keyOnly"), (2, "inComment"), (3, "inLiteral")}


def test_root_terraform_variables_without_defaults_are_not_required(tmp_path):
    # workload_name has no default and no caller: it comes from a tfvars file
    report = validate_repository(copy(tmp_path, "terraform"), None)
    assert not [f for f in report.findings if f.rule == "tf-module-arg-missing"]


def test_azapi_resource_body_is_checked_like_bicep(tmp_path, oracle_root):
    root = copy(tmp_path, "terraform")
    (root / "infra" / "azapi.tf").write_text(
        'resource "azapi_resource" "vault" {\n'
        '  type      = "Microsoft.KeyVault/vaults@2026-02-01"\n'
        '  name      = "kv"\n'
        '  parent_id = var.resource_group_name\n'
        '  body = {\n'
        '    properties = {\n'
        '      enableRbacAuthorization = true\n'
        '      enableMagic             = true\n'
        '    }\n'
        '  }\n'
        '}\n'
        'resource "azapi_resource" "old" {\n'
        '  type = "Microsoft.KeyVault/vaults@2019-13-01"\n'
        '  body = {}\n'
        '}\n')
    report = validate_repository(root, oracle_root)
    assert ("infra/azapi.tf", 8, "arm-property-unknown", "error") in keyed(report.findings)
    assert ("infra/azapi.tf", 13, "arm-api-version-unknown", "error") in keyed(report.findings)


def test_without_oracles_type_checks_are_skipped_and_said_so(tmp_path):
    root = copy(tmp_path, "bicep")
    mutate(root, KV, "    enablePurgeProtection: true\n", "    enablePurgeProtection: true\n    enableMagic: true\n")
    report = validate_repository(root, None)
    assert report.findings == []
    assert any("oracles not found" in n for n in report.tools_skipped)


# --- checklist claims ---------------------------------------------------------------------

def test_claim_line_parsing():
    line = ("- [x] **SEC-07** (high) Turn off keys — satisfied by `infra/a.bicep: properties.x = true`; "
            "`infra/b/main.tf: y.z = \"Deny\"; infra/c.bicep: p = 'v'`")
    assert parse_line(line) == [("infra/a.bicep", "properties.x", "true"), ("infra/b/main.tf", "y.z", '"Deny"'),
                                ("infra/c.bicep", "p", "'v'")]
    assert parse_line("- [ ] **SEC-01** open — satisfied by `infra/a.bicep: x = 1`") is None
    assert normalise(True) == normalise("true") and normalise(90) == normalise("90")
    assert normalise("'Deny'") == normalise('"Deny"') == normalise("Deny")


def test_claim_naming_a_missing_file(tmp_path):
    root = copy(tmp_path, "bicep")
    mutate(root, SEC, "satisfied by `infra/modules/key-vault.bicep: properties.enableRbacAuthorization",
           "satisfied by `infra/modules/gone.bicep: properties.enableRbacAuthorization")
    report = validate_repository(root, None)
    hits = [f for f in report.findings if f.rule == "claim"]
    assert [(f.file, f.line) for f in hits] == [(SEC, 3)] and "does not exist" in hits[0].message


def test_claim_path_no_resource_sets(tmp_path):
    root = copy(tmp_path, "terraform")
    mutate(root, SEC, "network_acls.default_action", "network_acls.default_actions")
    report = validate_repository(root, None)
    assert [(f.file, f.line, f.rule) for f in report.findings] == [(SEC, 4, "claim")]
    assert "no resource" in report.findings[0].message


# --- parity -------------------------------------------------------------------------------

def test_parity_of_the_two_fixtures_is_clean(catalog):
    assert parity(FIXTURES / "bicep", FIXTURES / "terraform", catalog) == []


def test_parity_reports_a_type_only_one_flavour_declares(tmp_path):
    tf = copy(tmp_path, "terraform")
    main = (tf / TKV).read_text()
    start = main.index('resource "azurerm_monitor_diagnostic_setting"')
    end = main.index('resource "azurerm_role_assignment"')
    (tf / TKV).write_text(main[:start] + main[end:])
    stub = SimpleNamespace(azurerm_to_arm=lambda: {
        "azurerm_log_analytics_workspace": {"Microsoft.OperationalInsights/workspaces"},
        "azurerm_key_vault": {"Microsoft.KeyVault/vaults"},
        "azurerm_monitor_diagnostic_setting": {"Microsoft.Insights/diagnosticSettings"},
        "azurerm_role_assignment": {"Microsoft.Authorization/roleAssignments"},
    })
    findings = parity(FIXTURES / "bicep", tf, stub)
    assert [(f.file, f.line, f.rule) for f in findings] == [(KV, line_of(FIXTURES / "bicep", KV, "resource diagnostics"), "parity")]
    assert "Microsoft.Insights/diagnosticSettings" in findings[0].message


def test_parity_through_the_cli(tmp_path):
    exit_code, data = cli_json(FIXTURES / "bicep", "--compare", str(FIXTURES / "terraform"))
    assert exit_code == 0 and "parity" in data["tools_used"]
    tf = copy(tmp_path, "terraform")
    (tf / TMAIN).write_text((tf / TMAIN).read_text() + '\nresource "azurerm_user_assigned_identity" "extra" {\n'
                            '  name                = "id"\n  location            = var.location\n'
                            '  resource_group_name = var.resource_group_name\n}\n')
    exit_code, data = cli_json(FIXTURES / "bicep", "--compare", str(tf))
    assert exit_code == 1
    assert [(f["file"], f["rule"]) for f in data["findings"]] == [(TMAIN, "parity")]


# --- --scan -------------------------------------------------------------------------------

FAKE_CHECKOV = """#!/bin/sh
echo "$@" > "$(dirname "$0")/args.txt"
cat <<'JSON'
[{"check_type": "terraform", "results": {"failed_checks": [
  {"check_id": "CKV_AZURE_42", "check_name": "Ensure the key vault is recoverable",
   "file_path": "/modules/key-vault/main.tf", "file_line_range": [3, 20],
   "resource": "azurerm_key_vault.this"}]}}]
JSON
exit 1
"""


def test_scan_runs_checkov_and_honours_the_repo_config(tmp_path, monkeypatch):
    root = copy(tmp_path, "terraform")
    (root / ".checkov.yaml").write_text("skip-check:\n  - CKV_AZURE_1\n")
    exe = root / ".venv-scan" / "bin" / "checkov"
    exe.parent.mkdir(parents=True)
    exe.write_text(FAKE_CHECKOV)
    exe.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    exit_code, data = cli_json(root, "--scan")
    assert exit_code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in data["findings"]] == [(TKV, 3, "checkov-CKV_AZURE_42")]
    args = (exe.parent / "args.txt").read_text()
    assert "--config-file" in args and str(root / ".checkov.yaml") in args and "-d" in args
    assert "checkov" in data["tools_used"]


def test_scan_without_checkov_is_a_note_not_a_failure(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.chdir(tmp_path)
    result = cli(str(FIXTURES / "bicep"), "--scan")
    assert result.exit_code == 0
    assert "checkov not installed; run `make scan`" in result.stdout


def test_attribute_as_block_fields_are_checked(tmp_path, oracle_root):
    root = copy(tmp_path, "terraform")
    (root / "infra" / "nsg.tf").write_text(
        'resource "azurerm_network_security_group" "this" {\n'
        '  name                = "nsg"\n'
        '  location            = var.location\n'
        '  resource_group_name = var.resource_group_name\n'
        '\n'
        '  security_rule {\n'
        '    name      = "deny-all"\n'
        '    priority  = 4096\n'
        '    direction = "Inbound"\n'
        '    access    = "Deny"\n'
        '    protocol  = "*"\n'
        '    colour    = "red"\n'
        '  }\n'
        '}\n')
    report = validate_repository(root, oracle_root)
    assert [(f.file, f.line, f.rule) for f in report.findings] == [("infra/nsg.tf", 12, "tf-argument-unknown")]


def test_attributes_and_blocks_in_the_wrong_kind_of_file(tmp_path):
    root = copy(tmp_path, "terraform")
    (root / "infra" / "stray.tf").write_text('# stray\nlocation = "x"\n')
    (root / "infra" / "environments" / "dev.tfvars").write_text('workload_name = "f"\n\nlocals {\n  a = 1\n}\n')
    report = validate_repository(root, None)
    assert {(f.file, f.line, f.rule) for f in report.findings} == {
        ("infra/stray.tf", 2, "tf-syntax"), ("infra/environments/dev.tfvars", 3, "tf-syntax")}
