"""Checklist ticks are earned and stay earned.

Structural claims (an NSG on every workload subnet, every workload subnet routed to the
firewall, a diagnostic setting to the workspace, a role for the workload identity) are
re-proven by `archkit validate`: take a real render, remove the one thing a done item
depends on, and validate must report exactly that item, on its checklist line.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import line_of, mutate
from generator.cli import app
from generator.validate import validate_repository

TVN = "infra/modules/virtual-network/main.tf"
BVN = "infra/modules/virtual-network.bicep"


def copy(rendered, tmp_path: Path, arch: str, iac: str, mode: str = "private") -> Path:
    dest = tmp_path / f"{arch}-{iac}"
    shutil.copytree(rendered[(arch, iac, mode)][0], dest)
    return dest


def block(root: Path, file: str, header: str) -> str:
    """The text of the top-level block that starts with ``header`` (up to its closing brace)."""
    text = (root / file).read_text()
    m = re.search(re.escape(header) + r".*?\n[}\]]+\n", text, re.S)
    assert m, f"drifted: no block {header!r} in {file}"
    return m.group(0)


def checklist_line(root: Path, item: str) -> tuple[str, int]:
    for md in sorted((root / "docs" / "checklists").glob("*.md")):
        rel = str(md.relative_to(root))
        if f"**{item}**" in md.read_text():
            return rel, line_of(root, rel, f"**{item}**")
    raise AssertionError(f"{item} is on no checklist")


def ticked(root: Path, item: str) -> bool:
    file, n = checklist_line(root, item)
    return (root / file).read_text().splitlines()[n - 1].startswith("- [x]")


# (id, entry, flavour, file, header of the block to remove or (old, new), item that depended on it)
CASES = [
    ("nsg-association-tf", "chat-baseline", "terraform", TVN,
     'resource "azurerm_subnet_network_security_group_association" "app_service" {', "NET-06"),
    ("nsg-association-bicep", "chat-baseline", "bicep", BVN,
     ("    networkSecurityGroup: {\n      id: appServiceNsg.id\n    }\n", ""), "NET-06"),
    ("route-association-tf", "chat-baseline", "terraform", TVN,
     'resource "azurerm_subnet_route_table_association" "app_service" {', "NET-08"),
    ("route-to-internet-tf", "chat-baseline", "terraform", TVN,
     ('  next_hop_type          = "VirtualAppliance"\n', '  next_hop_type          = "Internet"\n'), "NET-08"),
    ("route-association-bicep", "chat-baseline", "bicep", BVN,
     ("    routeTable: {\n      id: egressRouteTable.id\n    }\n    delegations: [\n      {\n        name: 'Microsoft.Web.serverFarms'",
      "    delegations: [\n      {\n        name: 'Microsoft.Web.serverFarms'"), "NET-08"),
    ("firewall-diagnostics-tf", "chat-baseline", "terraform", "infra/modules/firewall/main.tf",
     'resource "azurerm_monitor_diagnostic_setting" "this" {', "NET-08"),
    ("firewall-diagnostics-bicep", "chat-baseline", "bicep", "infra/modules/firewall.bicep",
     "resource diagnostics 'Microsoft.Insights/diagnosticSettings@", "NET-08"),
    ("storage-role-tf", "aml-baseline", "terraform", "infra/modules/storage/main.tf",
     'resource "azurerm_role_assignment" "workload" {', "SEC-17"),
    # rag's storage roles are the ingestion function's own identity's (one identity per function)
    ("storage-role-bicep", "rag", "bicep", "infra/modules/storage.bicep",
     "resource functionAppRoleAssignments 'Microsoft.Authorization/roleAssignments@", "SEC-17"),
    # the web app's own grant on the same account stays; the function's roles, left in their
    # map with no assignment using it, must not count
    ("storage-role-own-tf", "rag", "terraform", "infra/modules/storage/main.tf",
     'resource "azurerm_role_assignment" "function_app" {', "SEC-17"),
]


def apply(rendered, tmp_path, case) -> Path:
    _id, arch, iac, file, change, item = case
    root = copy(rendered, tmp_path, arch, iac)
    assert ticked(root, item), f"{item} should be done in the unbroken {arch} {iac} render"
    assert validate_repository(root).findings == []
    if isinstance(change, tuple):
        mutate(root, file, *change)
    else:
        mutate(root, file, block(root, file, change), "")
    return root


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_removing_what_earned_a_tick_reports_that_item(case, rendered, tmp_path):
    root = apply(rendered, tmp_path, case)
    item = case[-1]
    report = validate_repository(root)
    # errors only: dropping a diagnostic setting also leaves its workspace parameter unused (a warning)
    found = [(f.file, f.line, f.rule) for f in report.errors]
    # one finding per broken citation of that item (rag's storage cites two roles from one block)
    assert found and set(found) == {(*checklist_line(root, item), "claim-structure")}, [str(f) for f in report.findings]
    assert report.errors[0].message.startswith(f"{item} (ticked as done)")
    assert report.exit_code == 1


def test_the_finding_through_the_cli_names_the_item_and_status_shows_it_partly(rendered, tmp_path):
    case = next(c for c in CASES if c[0] == "nsg-association-tf")
    root = apply(rendered, tmp_path, case)
    result = CliRunner().invoke(app, ["validate", str(root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "NET-06 (ticked as done) cites `infra/modules/virtual-network/main.tf: check nsg-on-subnets`" in result.output
    assert "snet-appServicePlan have no NSG association" in result.output
    status = CliRunner().invoke(app, ["checklist", "status", str(root), "--json"])
    import json

    net06 = next(i for i in json.loads(status.stdout)["items"] if i["id"] == "NET-06")
    assert set(net06["states"].values()) == {"partly"}


def test_partly_done_evidence_is_rechecked_too(rendered, tmp_path):
    """MGT-03 is partly done (no AMBA alerts); its Foundry diagnostic setting is listed evidence."""
    root = copy(rendered, tmp_path, "chat-baseline", "terraform")
    assert not ticked(root, "MGT-03")
    file = "infra/modules/ai-foundry/main.tf"
    mutate(root, file, block(root, file, 'resource "azurerm_monitor_diagnostic_setting" "this" {'), "")
    report = validate_repository(root)
    assert [(f.file, f.line, f.rule) for f in report.findings] == [(*checklist_line(root, "MGT-03"), "claim-structure")]
    assert report.findings[0].message.startswith("MGT-03 (listed as partly done)")


def test_a_role_removed_from_the_list_is_reported(rendered, tmp_path):
    """The role assignment resource stays, but the role it should grant is gone from its list."""
    root = copy(rendered, tmp_path, "rag", "bicep")
    file = "infra/modules/storage.bicep"
    text = (root / file).read_text()
    ids = re.findall(r"'([0-9a-f-]{36})'", text)
    assert ids, "drifted: no role ids in the storage module"
    for rid in ids:
        mutate(root, file, f"'{rid}'", "'00000000-0000-0000-0000-000000000000'")
    report = validate_repository(root)
    # the role check also reports the all-zero id as a role the catalog does not know
    assert {f.rule for f in report.findings} == {"claim-structure", "role-unlisted"}
    assert any(f.message.startswith("SEC-17 (ticked as done)") for f in report.findings)


def test_a_users_own_tick_without_a_claim_is_kept(rendered, tmp_path):
    root = copy(rendered, tmp_path, "chat-baseline", "terraform")
    file, n = checklist_line(root, "SEC-09")  # MFA and PIM: no code can do it
    lines = (root / file).read_text().splitlines(keepends=True)
    assert lines[n - 1].startswith("- [ ] **SEC-09**")
    lines[n - 1] = lines[n - 1].replace("- [ ]", "- [x]", 1)
    (root / file).write_text("".join(lines))
    assert validate_repository(root).findings == []
    result = CliRunner().invoke(app, ["checklist", "status", str(root), "--json"])
    import json

    sec09 = next(i for i in json.loads(result.stdout)["items"] if i["id"] == "SEC-09")
    assert sec09["source"] == "team" and set(sec09["states"].values()) == {"done"}

