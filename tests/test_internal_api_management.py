"""API Management behind Application Gateway (aml-baseline) is injected into its own subnet in
internal mode, in every network mode the entry supports: the WAF is the gateway's only way in,
Application Gateway calls the gateway's own host name, and a private zone for that name, linked
to the virtual network, holds the gateway's private address. API Management without Application
Gateway (ai-gateway) keeps the v2 tiers' outbound integration."""

from __future__ import annotations

import json
from pathlib import Path

import hcl2
import pytest
from pycep import BicepParser

from generator.render import render_files
from generator.render.answers import resolve


def _render(catalog, arch_id, iac, network, tmp_path):
    files, ak = render_files(catalog, resolve(catalog, given={"architecture": arch_id, "iac": iac, "network": network}))
    root = tmp_path / f"{arch_id}-{iac}-{network}"
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root, ak


def _dotted(node) -> str:
    """A pycep property/index accessor chain as source text (a.b.c[0])."""
    if not isinstance(node, dict):
        return str(node)
    op = node["operator"]
    a, b = op["operands"]["operand_1"], op["operands"]["operand_2"]
    if op["type"] == "index_accessor":
        return f"{_dotted(a)}[{_dotted(b)}]"
    return f"{_dotted(a)}.{_dotted(b)}"


def _bicep(root, rel):
    return BicepParser().parse(file_path=Path(root / rel))


def _tf(root, rel):
    return hcl2.loads((root / rel).read_text())


def _tf_resources(parsed, rtype):
    return {name.strip('"'): body for block in parsed.get("resource", []) for t, insts in block.items()
            if t.strip('"') == rtype for name, body in insts.items()}


def _unq(value):
    return value.strip('"') if isinstance(value, str) else value


@pytest.mark.parametrize("network", ["private", "public"])
def test_bicep_gateway_is_internal_and_app_gateway_calls_its_private_name(catalog, network, tmp_path):
    root, ak = _render(catalog, "aml-baseline", "bicep", network, tmp_path)
    assert ak["apim_internal"]
    apim = _bicep(root, "infra/modules/api-management.bicep")
    res = apim["resources"]
    props = res["service"]["config"]["properties"]
    assert props["virtualNetworkType"] == "Internal"
    assert props["virtualNetworkConfiguration"]["subnetResourceId"] == "apiManagementSubnetId"
    assert res["service"]["config"]["sku"]["name"] == "skuName"
    assert res["gatewayZone"]["config"]["name"] == "${name}.azure-api.net"
    record = res["gatewayRecord"]["config"]
    assert (record["parent"], record["name"]) == ("gatewayZone", "@")
    assert _dotted(record["properties"]["aRecords"][0]["ipv4Address"]) == "service.properties.privateIPAddresses[0]"
    link = res["gatewayZoneLink"]["config"]
    assert link["parent"] == "gatewayZone" and link["properties"]["virtualNetwork"]["id"] == "virtualNetworkId"
    assert _dotted(apim["outputs"]["gatewayHostName"]["value"]) == "gatewayZone.name"

    main = _bicep(root, "infra/main.bicep")["modules"]
    gw = main["appGateway"]["config"]["params"]
    assert _dotted(gw["backendHostName"]) == "apiManagement.outputs.gatewayHostName"
    assert gw["probePath"] == "/status-0123456789abcdef"
    params = main["apiManagement"]["config"]["params"]
    assert _dotted(params["apiManagementSubnetId"]) == "virtualNetwork.outputs.apiManagementSubnetId"
    assert _dotted(params["virtualNetworkId"]) == "virtualNetwork.outputs.id"
    probe = _bicep(root, "infra/modules/app-gateway.bicep")["resources"]["gateway"]["config"]["properties"]["probes"][0]
    assert probe["properties"]["path"] == "probePath"

    vnet = _bicep(root, "infra/modules/virtual-network.bicep")["resources"]
    subnet = vnet["apiManagementInternalSubnet"]["config"]
    assert subnet["name"] == "snet-apiManagement" and "delegations" not in subnet["properties"]
    rules = {r["name"]: r["properties"] for r in vnet["apiManagementInternalNsg"]["config"]["properties"]["securityRules"]}
    mgmt = rules["AllowApiManagementInbound"]
    assert (mgmt["sourceAddressPrefix"], mgmt["destinationPortRange"], mgmt["access"]) == ("ApiManagement", "3443", "Allow")
    assert rules["AllowAzureLoadBalancerInbound"]["destinationPortRange"] == "6390"
    assert "AllowWebInbound" not in rules  # nothing from the internet: Application Gateway is the way in
    assert ak["address_plan"]["subnets"]["apiManagementInternal"] and "apiManagement" not in ak["address_plan"]["subnets"]

    tiers = {env: json.loads((root / f"infra/parameters/{env}.parameters.json").read_text())["parameters"]["apiManagementSkuName"]["value"]
             for env in ("dev", "test", "prod")}
    assert tiers == {"dev": "Developer", "test": "Developer", "prod": "Premium"}


@pytest.mark.parametrize("network", ["private", "public"])
def test_terraform_gateway_is_internal_and_app_gateway_calls_its_private_name(catalog, network, tmp_path):
    root, _ak = _render(catalog, "aml-baseline", "terraform", network, tmp_path)
    apim = _tf(root, "infra/modules/api-management/main.tf")
    service = _tf_resources(apim, "azurerm_api_management")["this"]
    assert _unq(service["virtual_network_type"]) == "Internal"
    assert _unq(service["sku_name"]) == "${var.sku_name}_${var.capacity}"
    assert service["virtual_network_configuration"][0]["subnet_id"] == "${var.api_management_subnet_id}"
    zone = _tf_resources(apim, "azurerm_private_dns_zone")["gateway"]
    assert _unq(zone["name"]) == "${var.name}.azure-api.net"
    record = _tf_resources(apim, "azurerm_private_dns_a_record")["gateway"]
    assert _unq(record["name"]) == "@"
    assert record["records"] == ["${azurerm_api_management.this.private_ip_addresses[0]}"]
    link = _tf_resources(apim, "azurerm_private_dns_zone_virtual_network_link")["gateway"]
    assert link["virtual_network_id"] == "${var.virtual_network_id}"

    modules = {name.strip('"'): body for block in _tf(root, "infra/main.tf")["module"] for name, body in block.items()}
    assert modules["app_gateway"]["backend_host_name"] == "${module.api_management.gateway_host_name}"
    assert _unq(modules["app_gateway"]["probe_path"]) == "/status-0123456789abcdef"
    assert modules["api_management"]["virtual_network_id"] == "${module.virtual_network.id}"
    outputs = {k.strip('"'): v for block in _tf(root, "infra/modules/api-management/outputs.tf")["output"] for k, v in block.items()}
    assert outputs["gateway_host_name"]["value"] == "${azurerm_private_dns_zone.gateway.name}"

    vnet = _tf(root, "infra/modules/virtual-network/main.tf")
    subnet = _tf_resources(vnet, "azurerm_subnet")["api_management"]
    assert "delegation" not in subnet and _unq(subnet["name"]) == "snet-apiManagement"
    nsg = _tf_resources(vnet, "azurerm_network_security_group")["api_management"]
    rules = {_unq(r["name"]): r for r in nsg["security_rule"]}
    assert _unq(rules["AllowApiManagementInbound"]["source_address_prefix"]) == "ApiManagement"
    assert _unq(rules["AllowApiManagementInbound"]["destination_port_range"]) == "3443"

    tiers = {env: hcl2.loads((root / f"infra/environments/{env}.tfvars").read_text())["api_management_sku_name"]
             for env in ("dev", "test", "prod")}
    assert {k: _unq(v) for k, v in tiers.items()} == {"dev": "Developer", "test": "Developer", "prod": "Premium"}


def test_api_management_without_app_gateway_keeps_v2_integration(catalog, tmp_path):
    root, ak = _render(catalog, "ai-gateway", "bicep", "private", tmp_path)
    assert not ak["apim_internal"]
    res = _bicep(root, "infra/modules/api-management.bicep")["resources"]
    assert res["service"]["config"]["properties"]["virtualNetworkType"] == "External"
    assert "gatewayZone" not in res
    subnet = _bicep(root, "infra/modules/virtual-network.bicep")["resources"]["apiManagementSubnet"]["config"]
    assert subnet["properties"]["delegations"][0]["properties"]["serviceName"] == "Microsoft.Web/serverFarms"
    assert "apiManagementInternal" not in ak["address_plan"]["subnets"]
