"""The private-mode firewall policy allows telemetry out: a rule collection group whose
network rule lets the workload subnets reach the AzureMonitor service tag on TCP 443.

The rule collections are discriminated array items (ruleCollectionType, ruleType), which
the generic oracle walk does not follow yet, so this test checks them against the Bicep
type index and the azurerm schema itself."""

from __future__ import annotations

import hcl2
import pytest
from pycep import BicepParser

from generator.render import render_files
from generator.render.answers import resolve

ENTRIES = ["chat-baseline", "aml-baseline"]  # the entries with a workload firewall
RCG = "microsoft.network/firewallpolicies/rulecollectiongroups"


def _render(catalog, arch_id, iac, tmp_path):
    files, ak = render_files(catalog, resolve(catalog, given={"architecture": arch_id, "iac": iac, "network": "private"}))
    for rel, data in files.items():
        p = tmp_path / iac / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return tmp_path / iac, ak


def _walk(body, tree, path=""):
    """Unknown members of ``body`` under the oracle ``tree``, following discriminated items."""
    for key, value in body.items():
        d = tree.get(key)
        if d is None:
            yield f"{path}{key}"
            continue
        if isinstance(value, list) and ("items" in d or "items_variants" in d):
            for item in value:
                if not isinstance(item, dict):
                    continue
                members = dict(d.get("items") or {})
                disc = d.get("items_discriminator")
                if disc:
                    assert item.get(disc) in d["items_variants"], (path, key, item.get(disc))
                    members.update(d["items_variants"][item[disc]])
                yield from _walk(item, members, f"{path}{key}[].")
        elif isinstance(value, dict) and "properties" in d:
            yield from _walk(value, d["properties"], f"{path}{key}.")
        elif isinstance(value, str) and d.get("enum") and not d.get("enum_open"):
            assert value in d["enum"], (path, key, value)


@pytest.mark.parametrize("arch_id", ENTRIES)
def test_bicep_rule_collections_match_the_type_index(catalog, arm, arch_id, tmp_path):
    root, ak = _render(catalog, arch_id, "bicep", tmp_path)
    parsed = BicepParser().parse(file_path=root / "infra/modules/firewall.bicep")
    group = next(r for r in parsed["resources"].values() if r["type"].lower() == RCG)
    t = arm[RCG]
    assert group["api_version"] == t["latest_stable"]
    props = t["properties"][group["api_version"]]["properties"]["properties"]
    collections = parsed["variables"]["egressRuleCollections"]["value"]
    assert not list(_walk({"ruleCollections": collections}, props))
    rule = collections[0]["rules"][0]
    assert collections[0]["action"]["type"] == "Allow"
    assert (rule["ruleType"], rule["destinationAddresses"], rule["ipProtocols"], rule["destinationPorts"]) == \
        ("NetworkRule", ["AzureMonitor"], ["TCP"], ["443"])
    main = (root / "infra/main.bicep").read_text()
    assert "sourceAddressPrefixes: virtualNetwork.outputs.egressSubnetPrefixes" in main


def _block_args(body, schema, path=""):
    for key, value in body.items():
        if key in schema.get("arguments", {}) or key.startswith("__"):  # python-hcl2 markers
            continue
        block = schema.get("blocks", {}).get(key)
        assert block is not None, f"{path}{key}"
        for item in value if isinstance(value, list) else [value]:
            _block_args(item, block, f"{path}{key}.")


@pytest.mark.parametrize("arch_id", ENTRIES)
def test_terraform_rule_collection_group_matches_the_schema(catalog, azurerm, arch_id, tmp_path):
    root, ak = _render(catalog, arch_id, "terraform", tmp_path)
    parsed = hcl2.loads((root / "infra/modules/firewall/main.tf").read_text())
    bodies = [inst for block in parsed["resource"] for rtype, insts in block.items()
              if rtype.strip('"') == "azurerm_firewall_policy_rule_collection_group" for inst in insts.values()]
    assert len(bodies) == 1
    _block_args(bodies[0], azurerm["azurerm_firewall_policy_rule_collection_group"])
    rule = bodies[0]["network_rule_collection"][0]["rule"][0]
    unq = lambda xs: [x.strip('"') for x in xs]  # python-hcl2 8 keeps string quotes
    assert unq(rule["destination_addresses"]) == ["AzureMonitor"] and unq(rule["destination_ports"]) == ["443"]
    assert unq(rule["protocols"]) == ["TCP"]
    vnet_outputs = (root / "infra/modules/virtual-network/outputs.tf").read_text()
    assert 'output "egress_subnet_prefixes"' in vnet_outputs
