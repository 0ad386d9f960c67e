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


def _subnet_route(bicep_resources, symbol):
    props = bicep_resources[symbol]["config"]["properties"]
    route = props.get("routeTable")
    if route is None:
        return None
    op = route["id"]["operator"]["operands"]
    return op["operand_1"]


@pytest.mark.parametrize("network", ["private", "public"])
def test_aml_inference_and_gateway_subnets_egress_through_the_firewall_in_private_mode(catalog, network, tmp_path):
    """Private mode: the AKS inference and API Management subnets take the 0.0.0.0/0 route to the
    firewall, AKS uses userDefinedRouting, and the firewall allows what AKS, the Machine Learning
    extension and API Management need. Public mode has no firewall: the cluster keeps its load
    balancer outbound, while the router stays internal."""
    files, ak = render_files(catalog, resolve(catalog, given={"architecture": "aml-baseline", "iac": "bicep", "network": network}))
    root = tmp_path / network
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    private = network == "private"
    vnet = BicepParser().parse(file_path=root / "infra/modules/virtual-network.bicep")["resources"]
    for symbol in ("inferenceSubnet", "apiManagementInternalSubnet", "privateEndpointsSubnet"):
        assert _subnet_route(vnet, symbol) == ("egressRouteTable" if private else None), (network, symbol)
    aks = BicepParser().parse(file_path=root / "infra/modules/aks-inference.bicep")["resources"]
    profile = aks["cluster"]["config"]["properties"]["networkProfile"]
    assert profile["outboundType"] == ("userDefinedRouting" if private else "loadBalancer")
    settings = aks["mlExtension"]["config"]["properties"]["configurationSettings"]
    assert settings["internalLoadBalancerProvider"] == "azure"  # the router is never public
    if not private:
        assert "firewall" not in ak["address_plan"]["subnets"]
        return
    routes = {r["config"]["name"]: r["config"]["properties"] for r in vnet.values()
              if r["type"].lower() == "microsoft.network/routetables/routes"}
    assert routes["internet-via-firewall"]["addressPrefix"] == "0.0.0.0/0"
    assert routes["internet-via-firewall"]["nextHopType"] == "VirtualAppliance"
    assert routes["api-management-control-plane"] == {"addressPrefix": "ApiManagement", "nextHopType": "Internet"}

    fw = BicepParser().parse(file_path=root / "infra/modules/firewall.bicep")
    collections = {c["name"]: c for c in fw["variables"]["egressRuleCollections"]["value"]}
    app_rules = {r["name"]: r for r in collections["aks-egress"]["rules"]}
    assert all(r["ruleType"] == "ApplicationRule" and r["sourceAddresses"] == ["inferenceSubnetPrefix"]
               for r in app_rules.values())
    assert {"mcr.microsoft.com", "*.data.mcr.microsoft.com", "management.azure.com", "login.microsoftonline.com",
            "packages.aks.azure.com"} <= set(app_rules["aks-required"]["targetFqdns"])
    assert "${location}.dp.kubernetesconfiguration.azure.com" in app_rules["aks-addons"]["targetFqdns"]
    assert "${location}.experiments.azureml.net" in app_rules["azureml-extension"]["targetFqdns"]
    net_rules = {r["name"]: r for r in collections["platform-network"]["rules"]}
    assert net_rules["api-management-sql"]["destinationAddresses"] == ["Sql"]
    assert net_rules["api-management-sql"]["sourceAddresses"] == ["apiManagementSubnetPrefix"]
    main = BicepParser().parse(file_path=root / "infra/main.bicep")["modules"]
    assert main["aksInference"]["config"]["dependsOn"] == ["firewall"]  # the rules exist before the nodes start


def test_aml_terraform_routes_the_inference_subnet_and_uses_udr(catalog, tmp_path):
    root, ak = _render(catalog, "aml-baseline", "terraform", tmp_path)
    vnet = hcl2.loads((root / "infra/modules/virtual-network/main.tf").read_text())
    assocs = {name.strip('"') for block in vnet["resource"] for t, insts in block.items()
              if t.strip('"') == "azurerm_subnet_route_table_association" for name in insts}
    assert {"inference", "api_management", "private_endpoints"} <= assocs
    aks = hcl2.loads((root / "infra/modules/aks-inference/main.tf").read_text())
    cluster = next(b for block in aks["resource"] for t, insts in block.items()
                   if t.strip('"') == "azurerm_kubernetes_cluster" for b in insts.values())
    assert cluster["network_profile"][0]["outbound_type"].strip('"') == "userDefinedRouting"
    fw = hcl2.loads((root / "infra/modules/firewall/main.tf").read_text())
    group = next(b for block in fw["resource"] for t, insts in block.items()
                 if t.strip('"') == "azurerm_firewall_policy_rule_collection_group" for b in insts.values())
    apps = {c["name"].strip('"'): c for c in group["application_rule_collection"]}
    rules = {r["name"].strip('"'): r for r in apps["aks-egress"]["rule"]}
    assert all(r["source_addresses"] == ["${var.inference_subnet_prefix}"] for r in rules.values())
    assert "mcr.microsoft.com" in [f.strip('"') for f in rules["aks-required"]["destination_fqdns"]]
    modules = {name.strip('"'): body for block in hcl2.loads((root / "infra/main.tf").read_text())["module"]
               for name, body in block.items()}
    assert modules["aks_inference"]["depends_on"] == ["${module.firewall}"]
    assert modules["firewall"]["inference_subnet_prefix"] == "${module.virtual_network.inference_subnet_prefix}"
