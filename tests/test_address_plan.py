"""The address plan: reference defaults (192.168.0.0/16), parameters per environment, and
`archkit validate` catching overlaps, undersized subnets, unsupported ranges and a missing delegation."""

from __future__ import annotations

import ipaddress
import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import mutate
from generator.cli import app
from generator.render import address_plan
from generator.validate import validate_repository


def _copy(rendered, tmp_path, combo):
    dest = tmp_path / "-".join(combo)
    shutil.copytree(rendered[combo][0], dest)
    return dest


def _rules(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_defaults_follow_the_reference_and_keep_every_rule(rendered):
    for (arch_id, iac, mode), (root, files, ak) in rendered.items():
        plan = ak["address_plan"]
        if plan is None:
            continue
        assert address_plan.check(plan, arch_id) == []
        if mode != "landing-zone":
            assert plan["virtual_network"] == "192.168.0.0/16"
        if "agent-service" in ak["component_ids"] and mode != "public":
            agents = ipaddress.ip_network(plan["subnets"]["agents"])
            assert not agents.subnet_of(ipaddress.ip_network("10.0.0.0/8"))
            assert agents.prefixlen <= 24  # the reference's /24
        # the AKS inference nodes get their own subnet in every mode (the router's load balancer is
        # internal even in public mode), sized for scale-out
        assert ("inference" in plan["subnets"]) == ("aks-inference" in ak["component_ids"])
        if "inference" in plan["subnets"]:
            assert ipaddress.ip_network(plan["subnets"]["inference"]).prefixlen <= 22
        # API Management behind Application Gateway is injected (undelegated subnet) in every mode;
        # alone, it integrates through the delegated v2 subnet in the private modes only
        behind_gateway = {"api-management", "app-gateway"} <= set(ak["component_ids"])
        assert ("apiManagementInternal" in plan["subnets"]) == behind_gateway
        assert ("apiManagement" in plan["subnets"]) == ("api-management" in ak["component_ids"]
                                                         and not behind_gateway and mode != "public")


def test_an_undersized_inference_subnet_is_a_problem():
    plan = {"virtual_network": "192.168.0.0/16", "subnets": {"inference": "192.168.8.0/25"}}
    problems = address_plan.check(plan, "aml-baseline")
    assert len(problems) == 1 and "inference (snet-inference)" in problems[0] and "/24" in problems[0]


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_validate_flags_overlap_undersized_unsupported_range_and_missing_delegation(iac, rendered, tmp_path, oracle_root):
    root = _copy(rendered, tmp_path, ("chat-baseline", iac, "private"))
    if iac == "bicep":
        main, module = "infra/main.bicep", "infra/modules/virtual-network.bicep"
        mutate(root, main, "    appGateway: '192.168.1.0/24'", "    appGateway: '192.168.0.128/27'")  # inside appService
        mutate(root, main, "    privateEndpoints: '192.168.2.0/27'", "    privateEndpoints: '192.168.2.0/29'")
        mutate(root, main, "    agents: '192.168.3.0/24'", "    agents: '10.1.3.0/24'")
        mutate(root, module, "          serviceName: 'Microsoft.App/environments'", "          serviceName: 'Microsoft.Web/serverFarms'")
    else:
        main, module = "infra/variables.tf", "infra/modules/virtual-network/main.tf"
        mutate(root, main, '      appGateway         = "192.168.1.0/24"', '      appGateway         = "192.168.0.128/27"')
        mutate(root, main, '      privateEndpoints   = "192.168.2.0/27"', '      privateEndpoints   = "192.168.2.0/29"')
        mutate(root, main, '      agents             = "192.168.3.0/24"', '      agents             = "10.1.3.0/24"')
        mutate(root, module, '      name    = "Microsoft.App/environments"', '      name    = "Microsoft.Web/serverFarms"')
    report = validate_repository(root, oracle_root)
    plan = " | ".join(f.message for f in _rules(report, "address-plan"))
    assert "subnets appGateway (192.168.0.128/27) and appService (192.168.0.0/24) overlap" in plan
    assert "subnet appGateway (snet-appGateway) is 192.168.0.128/27, smaller than /26" in plan
    assert "subnet privateEndpoints (snet-privateEndpoints) is 192.168.2.0/29, smaller than /28" in plan
    assert "subnet agents is 10.1.3.0/24: Foundry Agent Service does not support 10.x" in plan
    assert "subnet agents (10.1.3.0/24) is outside the virtual network's 192.168.0.0/16" in plan
    assert all(f.file == main for f in _rules(report, "address-plan"))
    delegation = _rules(report, "subnet-delegation")
    assert [(f.file, "agents" in f.message and "Microsoft.App/environments" in f.message) for f in delegation] == [(module, True)]


def test_validate_checks_each_environment_file_through_the_cli(rendered, tmp_path):
    root = _copy(rendered, tmp_path, ("chat-baseline-alz", "bicep", "landing-zone"))
    path = root / "infra/parameters/prod.parameters.json"
    doc = json.loads(path.read_text())
    doc["parameters"]["addressPlan"]["value"]["subnets"]["agents"] = "192.168.0.0/25"  # inside appService
    path.write_text(json.dumps(doc, indent=2))
    result = CliRunner().invoke(app, ["validate", str(root), "--json"])
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["rule"] == "address-plan"]
    assert [f["file"] for f in found] == ["infra/parameters/prod.parameters.json"]
    assert "prod.parameters.json: subnets agents (192.168.0.0/25) and appService (192.168.0.0/24) overlap" in found[0]["message"]


def test_an_injected_api_management_subnet_needs_no_delegation_and_at_least_29():
    assert address_plan.BY_KEY["apiManagementInternal"].delegation is None
    assert address_plan.BY_KEY["apiManagement"].delegation == "Microsoft.Web/serverFarms"
    plan = {"virtual_network": "192.168.0.0/16", "subnets": {"apiManagementInternal": "192.168.5.0/30"}}
    problems = address_plan.check(plan, "aml-baseline")
    assert len(problems) == 1 and "apiManagementInternal (snet-apiManagement)" in problems[0] and "/29" in problems[0]
    assert address_plan.check({"subnets": {"apiManagementInternal": "192.168.5.0/29"}}, "aml-baseline") == []
