"""`archkit validate` on real renders: break one thing, get exactly that finding.

tests/test_validate.py proves each rule on small hand-written fixtures; these cases take a
repository archkit actually renders (chat-baseline, private network, both flavours, from
conftest's ``rendered`` fixture), copy it, change one line and assert that validation
reports that one problem: the rule id, the file and the line, and nothing else.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import line_of, mutate
from generator.cli import app
from generator.validate import parity, validate_repository

ARCH, MODE = "chat-baseline", "private"
KV = "infra/modules/key-vault.bicep"
MAIN = "infra/main.bicep"
TKV = "infra/modules/key-vault/main.tf"
TMAIN = "infra/main.tf"
TFW = "infra/modules/firewall/main.tf"
MI = "infra/modules/managed-identity.bicep"
TMI = "infra/modules/managed-identity/main.tf"
CHECKLISTS = "docs/checklists/*.md"  # a claim finding sits on every checklist line that makes the claim


def copy(rendered, tmp_path: Path, iac: str) -> Path:
    src = rendered[(ARCH, iac, MODE)][0]
    dest = tmp_path / iac
    shutil.copytree(src, dest)
    return dest


def keyed(findings) -> list[tuple]:
    return sorted((f["file"], f["line"], f["rule"]) if isinstance(f, dict) else (f.file, f.line, f.rule)
                  for f in findings)


# (id, flavour, file, old, new, rule, file of the finding, needle on the finding's line)
CASES = [
    # A syntax error goes in a module no checklist claim points at: a claim on an unparsable
    # file is (rightly) reported as unverifiable as well.
    ("bicep-syntax", "bicep", MI, "  location: location\n", "  location: location location\n",
     "bicep-syntax", MI, "location location"),
    ("wrong-resource-type", "bicep", KV, "'Microsoft.KeyVault/vaults@", "'Microsoft.KeyVault/vault@",
     "arm-type-unknown", KV, "resource vault"),
    ("wrong-api-version", "bicep", KV, "'Microsoft.KeyVault/vaults@2026-02-01'", "'Microsoft.KeyVault/vaults@2026-02-31'",
     "arm-api-version-unknown", KV, "resource vault"),
    ("misspelled-property", "bicep", KV, "    softDeleteRetentionInDays: 90\n", "    softDeleteRetentionDays: 90\n",
     "arm-property-unknown", KV, "softDeleteRetentionDays"),
    ("dangling-module-param", "bicep", MAIN, "    ]\n  }\n}\n\nmodule storage",
     "    ]\n    colour: 'blue'\n  }\n}\n\nmodule storage",
     "bicep-module-param-unknown", MAIN, "colour: 'blue'"),
    ("false-claim-bicep", "bicep", KV, "    enableRbacAuthorization: true\n", "    enableRbacAuthorization: false\n",
     "claim", CHECKLISTS, "infra/modules/key-vault.bicep: properties.enableRbacAuthorization = true"),
    ("tf-syntax", "terraform", TMI, "  location            = var.location\n", "  location            =\n",
     "tf-syntax", TMI, "location            ="),
    ("unknown-azurerm-argument", "terraform", TKV, '  sku_name                      = "standard"\n',
     '  sku_name                      = "standard"\n  magic_enabled                 = true\n',
     "tf-argument-unknown", TKV, "magic_enabled"),
    # sku_name is Required on azurerm_key_vault; the finding sits on the resource line.
    ("missing-required-argument", "terraform", TKV, '  sku_name                      = "standard"\n', "",
     "tf-argument-missing", TKV, 'resource "azurerm_key_vault" "this"'),
    ("dangling-module-argument", "terraform", TMAIN,
     "  log_analytics_workspace_id = module.log_analytics.id\n  private_endpoint_subnet_id = module.virtual_network.private_endpoint_subnet_id\n  private_dns_zone_ids = [\n    module.private_dns.zone_ids[\"privatelink.vaultcore.azure.net\"],",
     "  log_analytics_workspace_id = module.log_analytics.id\n  colour                     = \"blue\"\n  private_endpoint_subnet_id = module.virtual_network.private_endpoint_subnet_id\n  private_dns_zone_ids = [\n    module.private_dns.zone_ids[\"privatelink.vaultcore.azure.net\"],",
     "tf-module-arg-unknown", TMAIN, 'colour                     = "blue"'),
    ("false-claim-terraform", "terraform", TKV, "  rbac_authorization_enabled    = true\n",
     "  rbac_authorization_enabled    = false\n",
     "claim", CHECKLISTS, "infra/modules/key-vault/main.tf: rbac_authorization_enabled = true"),
]


def apply(rendered, tmp_path, case) -> tuple[Path, list[tuple]]:
    _id, iac, file, old, new, rule, at, needle = case
    root = copy(rendered, tmp_path, iac)
    mutate(root, file, old, new)
    if at != CHECKLISTS:
        return root, [(at, line_of(root, at, needle), rule)]
    expected = sorted((str(p.relative_to(root)), line_of(root, str(p.relative_to(root)), needle), rule)
                      for p in root.glob(at) if needle in p.read_text())
    assert expected, f"no checklist claims {needle!r}"
    return root, expected


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_the_unbroken_render_is_clean(iac, rendered, oracle_root, catalog):
    root = rendered[(ARCH, iac, MODE)][0]
    assert validate_repository(root, oracle_root, catalog=catalog).findings == []


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mutation_reports_exactly_that_finding(case, rendered, tmp_path, oracle_root, catalog):
    root, expected = apply(rendered, tmp_path, case)
    report = validate_repository(root, oracle_root, catalog=catalog)
    assert keyed(report.findings) == expected, [str(f) for f in report.findings]
    assert report.exit_code == 1


def test_mutation_through_the_cli(rendered, tmp_path, oracle_root):
    case = next(c for c in CASES if c[0] == "misspelled-property")
    root, expected = apply(rendered, tmp_path, case)
    result = CliRunner().invoke(app, ["validate", str(root), "--json", "--oracles", str(oracle_root)])
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    assert keyed(json.loads(result.stdout)["findings"]) == expected
    plain = CliRunner().invoke(app, ["validate", str(root), "--oracles", str(oracle_root)])
    (file, line, rule), = expected
    assert f"{file}:{line}: {rule}:" in " ".join(plain.output.split())


def _drop_block(root: Path, file: str, header: str) -> None:
    path = root / file
    text = path.read_text()
    start = text.index(header)
    end = text.index("\n}\n", start) + 3
    path.write_text(text[:start] + text[end:].lstrip("\n"))


def test_parity_drift_is_reported_at_the_bicep_resource(rendered, tmp_path, catalog, oracle_root):
    """Remove the firewall rule collection group from the Terraform of the pair."""
    bicep = rendered[(ARCH, "bicep", MODE)][0]
    tf = copy(rendered, tmp_path, "terraform")
    assert parity(bicep, tf, catalog) == []
    _drop_block(tf, TFW, 'resource "azurerm_firewall_policy_rule_collection_group" "egress"')
    expected = [("infra/modules/firewall.bicep", line_of(bicep, "infra/modules/firewall.bicep", "resource egressRules"),
                 "parity")]
    assert keyed(parity(bicep, tf, catalog)) == expected
    report = validate_repository(tf, oracle_root, catalog=catalog, compare=bicep)
    assert keyed(report.findings) == expected, [str(f) for f in report.findings]
    assert "ruleCollectionGroups" in report.findings[0].message
