"""The default Bicep render of each chat entry deploys at least 90% of the distinct ARM resource
types its reference implementation declares (not counting `existing` references).

The lists were read from the references' `infra-as-code/bicep/**/*.bicep` at the commits named
below (child resources declared inside a parent counted under their full type). Types a
reference declares that we do not generate must be listed in the entry's `not_generated`.
"""

from __future__ import annotations

import re

import pytest
from pycep import BicepParser

REFERENCES = {
    "chat-baseline": {
        "repo": "Azure-Samples/microsoft-foundry-baseline",
        "commit": "1d6dd6815011d88ebfbe2acec65fb2ba3455c804",
        "types": [
            "Microsoft.Authorization/locks", "Microsoft.Authorization/policyAssignments",
            "Microsoft.Authorization/roleAssignments", "Microsoft.Bing/accounts", "Microsoft.CognitiveServices/accounts",
            "Microsoft.CognitiveServices/accounts/deployments", "Microsoft.CognitiveServices/accounts/projects",
            "Microsoft.CognitiveServices/accounts/projects/capabilityHosts",
            "Microsoft.CognitiveServices/accounts/projects/connections", "Microsoft.Compute/virtualMachines",
            "Microsoft.Compute/virtualMachines/extensions", "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments", "Microsoft.Insights/autoscalesettings",
            "Microsoft.Insights/components", "Microsoft.Insights/dataCollectionRuleAssociations",
            "Microsoft.Insights/dataCollectionRules", "Microsoft.Insights/diagnosticSettings", "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets", "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Network/applicationGateways", "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
            "Microsoft.Network/azureFirewalls", "Microsoft.Network/bastionHosts", "Microsoft.Network/ddosProtectionPlans",
            "Microsoft.Network/firewallPolicies", "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
            "Microsoft.Network/publicIPAddresses", "Microsoft.Network/routeTables", "Microsoft.Network/routeTables/routes",
            "Microsoft.Network/virtualNetworks", "Microsoft.OperationalInsights/workspaces", "Microsoft.Search/searchServices",
            "Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/blobServices/containers", "Microsoft.Web/serverfarms", "Microsoft.Web/sites",
            "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "Microsoft.Web/sites/config",
        ],
    },
    "chat-basic": {
        "repo": "Azure-Samples/microsoft-foundry-basic",
        "commit": "21afda6606879b89896b1924f7a47383a47e97d8",
        "types": [
            "Microsoft.Authorization/roleAssignments", "Microsoft.Bing/accounts", "Microsoft.CognitiveServices/accounts",
            "Microsoft.CognitiveServices/accounts/deployments", "Microsoft.CognitiveServices/accounts/projects",
            "Microsoft.CognitiveServices/accounts/projects/connections", "Microsoft.Insights/components",
            "Microsoft.Insights/diagnosticSettings", "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.OperationalInsights/workspaces", "Microsoft.Web/serverfarms", "Microsoft.Web/sites",
            "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "Microsoft.Web/sites/config",
        ],
    },
    "chat-baseline-alz": {
        "repo": "Azure-Samples/microsoft-foundry-baseline-landing-zone",
        "commit": "ecf2bdff2b1d922490dc62bdab72c7126ed25063",
        "types": [
            "Microsoft.Authorization/locks", "Microsoft.Authorization/policyAssignments",
            "Microsoft.Authorization/roleAssignments", "Microsoft.Bing/accounts", "Microsoft.CognitiveServices/accounts",
            "Microsoft.CognitiveServices/accounts/deployments", "Microsoft.CognitiveServices/accounts/projects",
            "Microsoft.CognitiveServices/accounts/projects/capabilityHosts",
            "Microsoft.CognitiveServices/accounts/projects/connections", "Microsoft.Compute/virtualMachines",
            "Microsoft.Compute/virtualMachines/extensions", "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments", "Microsoft.Insights/autoscalesettings",
            "Microsoft.Insights/components", "Microsoft.Insights/dataCollectionRuleAssociations",
            "Microsoft.Insights/dataCollectionRules", "Microsoft.Insights/diagnosticSettings", "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets", "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Network/applicationGateways", "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
            "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
            "Microsoft.Network/publicIPAddresses", "Microsoft.Network/virtualNetworks/subnets",
            "Microsoft.OperationalInsights/workspaces", "Microsoft.Search/searchServices", "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices", "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Web/serverfarms", "Microsoft.Web/sites", "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
            "Microsoft.Web/sites/config",
        ],
    },
}


def _deployed_types(root) -> set[str]:
    types = set()
    for path in (root / "infra").rglob("*.bicep"):
        for res in (BicepParser().parse(file_path=path).get("resources") or {}).values():
            if not res.get("existing"):
                types.add(res["type"].lower())
    return types


@pytest.mark.parametrize("arch_id", sorted(REFERENCES))
def test_default_render_covers_90_percent_of_the_reference_types(arch_id, rendered, catalog):
    ref = REFERENCES[arch_id]
    assert len(ref["types"]) == len(set(ref["types"])), "the reference list holds each type once"
    mode = catalog.architecture(arch_id).network_default
    ours = _deployed_types(rendered[(arch_id, "bicep", mode)][0])
    wanted = {t.lower() for t in ref["types"]}
    missing = sorted(wanted - ours)
    coverage = len(wanted & ours) / len(wanted)
    assert coverage >= 0.9, f"{arch_id}: {coverage:.0%} of {ref['repo']}@{ref['commit'][:7]}; missing {missing}"


@pytest.mark.parametrize("arch_id", sorted(REFERENCES))
def test_every_reference_type_we_do_not_generate_is_listed_with_a_reason(arch_id, rendered, catalog):
    arch = catalog.architecture(arch_id)
    ours = _deployed_types(rendered[(arch_id, "bicep", arch.network_default)][0])
    listed = " ".join(f"{x['name']} {x.get('types', '')}" for x in arch.not_generated).lower()
    for arm_type in REFERENCES[arch_id]["types"]:
        if arm_type.lower() not in ours:
            assert arm_type.lower() in listed, f"{arch_id}: {arm_type} is neither generated nor in not_generated"


ABSENCE = re.compile(r"(not in|no ARM type in)\b[^;.]*\b(oracle|type index)", re.I)


def test_not_generated_reasons_that_cite_the_type_index_are_true(catalog, arm):
    """A reason may say a type is missing from the oracles only when the index really lacks it."""
    claims = 0
    for arch in catalog.architectures.values():
        for item in arch.not_generated:
            if ABSENCE.search(item["reason"]):
                claims += 1
                assert item.get("types"), f"{arch.id}: {item['name']}: name the ARM types the reason says are missing"
                cited = [t for t in item["types"] if t in item["reason"]] or item["types"]
                for arm_type in cited:
                    assert arm_type.lower() not in arm, f"{arch.id}: {item['name']}: the type index has {arm_type}"
            for arm_type in item.get("types", ()):
                assert "/" in arm_type and arm_type.startswith("Microsoft."), f"{arch.id}: {item['name']}: {arm_type}"
    assert claims >= 1  # Grounding with Bing Search: Microsoft.Bing/accounts is not in the index
