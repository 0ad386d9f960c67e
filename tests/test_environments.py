"""One repository deploys dev, test and prod: the values that reach each resource, per environment.

Terraform is evaluated with tfparse once per `infra/environments/<env>.tfvars` (the same
resolver `archkit validate` uses for claims). Bicep is resolved by following the resource
property to its module parameter, the argument `main.bicep` passes, and the value in
`infra/parameters/<env>.parameters.json` (else the parameter's default).
"""

from __future__ import annotations

import json
from pathlib import Path

import hcl2
import pytest
from pycep import BicepParser

from conftest import missing
from generator.validate import resolved

CHAT = ("chat-baseline", "chat-basic", "chat-baseline-alz")

# What production must get and dev must keep cheap: check name -> component, where the value
# lives in each flavour (module, resource, path), and the predicate per environment.
# Terraform paths go through tfparse's instance bodies; Bicep paths through the resource body.
CHECKS = {
    "App Service plan instances": (
        "app-service", ("app-service", "azurerm_service_plan.this", "worker_count"), ("app-service", "plan", "sku.capacity"),
        {"prod": lambda v: v >= 3, "dev": lambda v: v == 1}),
    "App Service plan zone redundancy": (
        "app-service", ("app-service", "azurerm_service_plan.this", "zone_balancing_enabled"),
        ("app-service", "plan", "properties.zoneRedundant"), {"prod": lambda v: v is True, "dev": lambda v: v is False}),
    "App Service autoscale minimum": (
        "app-service", ("app-service", "azurerm_monitor_autoscale_setting.this", "profile.capacity.minimum"),
        ("app-service", None, "capacity"), {"prod": lambda v: v >= 3, "dev": lambda v: v == 1}),
    "App Service autoscale maximum": (
        "app-service", ("app-service", "azurerm_monitor_autoscale_setting.this", "profile.capacity.maximum"),
        ("app-service", None, "maxCapacity"), {"prod": lambda v: v > 3, "dev": lambda v: v <= 2}),
    "AI Search replicas": (
        "ai-search", ("ai-search", "azurerm_search_service.this", "replica_count"), ("ai-search", "search", "properties.replicaCount"),
        {"prod": lambda v: v >= 3, "dev": lambda v: v == 1}),
    "Application Gateway minimum capacity": (
        "app-gateway", ("app-gateway", "azurerm_application_gateway.this", "autoscale_configuration.min_capacity"),
        ("app-gateway", "gateway", "properties.autoscaleConfiguration.minCapacity"),
        {"prod": lambda v: v >= 2, "dev": lambda v: v == 0}),
    "Application Gateway zones": (
        "app-gateway", ("app-gateway", "azurerm_application_gateway.this", "zones"), ("app-gateway", "gateway", "zones"),
        {"prod": lambda v: sorted(v) == ["1", "2", "3"]}),
    "Cosmos DB zone redundancy": (
        "cosmos-db", ("cosmos-db", "azurerm_cosmosdb_account.this", "geo_location.zone_redundant"),
        ("cosmos-db", "account", "properties.locations.0.isZoneRedundant"),
        {"prod": lambda v: v is True, "dev": lambda v: v is False}),
    "Storage geo-redundancy": (
        "storage", ("storage", "azurerm_storage_account.this", "account_replication_type"), ("storage", "storage", "sku.name"),
        {"prod": lambda v: v.endswith("GZRS"), "dev": lambda v: "GZRS" not in v and "GRS" not in v}),
}


def _unquote(value):
    """python-hcl2 8 keeps the quotes of string literals."""
    return json.loads(value) if isinstance(value, str) and value.startswith('"') else value


def _walk(body, path: str):
    for key in path.split("."):
        if isinstance(body, list):
            body = body[int(key)] if key.isdigit() else body[0][key]
        else:
            body = body[key]
    return body


def _terraform_values(root: Path) -> dict:
    """(module, resource, env) -> tfparse body."""
    if not resolved.available():
        missing("tfparse", "install archkit[validate] (make venv does)")
    infra = root / "infra"
    files = sorted((infra / "environments").glob("*.tfvars"))
    assert [f.stem for f in files] == ["dev", "prod", "test"]
    resolver = resolved.Resolver(root, [infra], {infra: files})
    out = {}
    for module in {c[1][0] for c in CHECKS.values()}:
        for inst in resolver.instances(f"infra/modules/{module}/main.tf"):
            env = Path(inst.context).stem
            out[(module, inst.resource, env)] = inst.body
    assert not resolver.failed, resolver.notes
    return out


class BicepValues:
    """Resource property -> module parameter -> main.bicep argument -> parameter file value."""

    def __init__(self, root: Path):
        self.root = root / "infra"
        self.main = BicepParser().parse(file_path=self.root / "main.bicep")
        self.modules = {}

    def _module(self, module: str):
        if module not in self.modules:
            self.modules[module] = BicepParser().parse(file_path=self.root / "modules" / f"{module}.bicep")
        return self.modules[module]

    def value(self, module: str, resource: str | None, path: str, env: str):
        parsed = self._module(module)
        expr = path if resource is None else _walk(parsed["resources"][resource]["config"], path)
        if not (isinstance(expr, str) and expr in parsed["parameters"]):
            return expr  # a literal in the module
        calls = [m for m in self.main["modules"].values() if m["detail"]["path"] == f"modules/{module}.bicep"]
        assert len(calls) == 1, f"main.bicep should call modules/{module}.bicep once"
        arg = calls[0]["config"]["params"][expr]
        assert isinstance(arg, str) and arg in self.main["parameters"], f"{module}.{expr} is passed {arg!r}, not a parameter"
        params = json.loads((self.root / "parameters" / f"{env}.parameters.json").read_text())["parameters"]
        assert arg in params, f"parameters/{env}.parameters.json does not set {arg}"
        return params[arg]["value"]


@pytest.mark.parametrize("arch_id", CHAT)
@pytest.mark.parametrize("iac", ["terraform", "bicep"])
def test_prod_is_sized_for_production_and_dev_stays_economical(arch_id, iac, rendered, catalog):
    mode = catalog.architecture(arch_id).network_default
    root, files, ak = rendered[(arch_id, iac, mode)]
    checked = 0
    values = _terraform_values(root) if iac == "terraform" else BicepValues(root)
    for name, (component, tf, bicep, expectations) in CHECKS.items():
        if component not in ak["component_ids"]:
            continue
        for env, ok in expectations.items():
            if iac == "terraform":
                module, resource, path = tf
                body = values.get((module, resource, env))
                assert body is not None, f"{name}: {resource} not created in {env}"
                value = _walk(body, path)
            else:
                value = values.value(*bicep, env)
            assert ok(value), f"{arch_id} {iac} {env}: {name} resolves to {value!r}"
            checked += 1
    assert checked >= 4, "every chat entry has at least the App Service plan checks"


@pytest.mark.parametrize("iac", ["terraform", "bicep"])
def test_every_environment_file_sets_every_sizing_value(iac, rendered, catalog):
    """Per-environment values come from the catalog's sizing data for every entry, not only chat."""
    for arch_id, arch in catalog.architectures.items():
        root, files, ak = rendered[(arch_id, iac, arch.network_default)]
        expected = {s["bicep" if iac == "bicep" else "tf"]: s["by_env"] for c in ak["components"] if c["deployed"]
                    for s in c["sizing"]}
        for env in ("dev", "test", "prod"):
            if iac == "bicep":
                params = json.loads(files[f"infra/parameters/{env}.parameters.json"])["parameters"]
                got = {k: v["value"] for k, v in params.items() if k in expected}
                assert params["environmentName"]["value"] == env
            else:
                tfvars = {k: _unquote(v) for k, v in hcl2.loads(files[f"infra/environments/{env}.tfvars"].decode()).items()}
                got = {k: v for k, v in tfvars.items() if k in expected}
                assert tfvars["environment"] == env and tfvars["resource_group_name"].endswith(f"-{env}")
            assert got == {k: v[env] for k, v in expected.items()}, f"{arch_id} {iac} {env}"


@pytest.mark.parametrize("iac", ["terraform", "bicep"])
def test_optional_components_are_sized_per_environment_too(iac, rendered_options, catalog):
    """A component behind an option keeps the catalog's per-environment sizing once chosen
    (options=all renders): choosing it needs no values the catalog does not already hold."""
    sized = 0
    for (arch_id, flavour, mode, _), (root, files, ak) in rendered_options.items():
        if flavour != iac:
            continue
        optional = {cid for o in catalog.architecture(arch_id).options for cid in o.components}
        expected = {s["bicep" if iac == "bicep" else "tf"]: s["by_env"] for c in ak["components"]
                    if c["deployed"] and c["id"] in optional for s in c["sizing"]}
        assert not [c["id"] for c in ak["components"] if c["id"] in optional and not c["sizing"]
                    and catalog.components[c["id"]].sizing], f"{arch_id} {mode}: an option lost its sizing"
        for env in ("dev", "test", "prod"):
            if iac == "bicep":
                params = json.loads(files[f"infra/parameters/{env}.parameters.json"])["parameters"]
                got = {k: v["value"] for k, v in params.items() if k in expected}
            else:
                tfvars = {k: _unquote(v) for k, v in hcl2.loads(files[f"infra/environments/{env}.tfvars"].decode()).items()}
                got = {k: v for k, v in tfvars.items() if k in expected}
            assert got == {k: v[env] for k, v in expected.items()}, f"{arch_id} {mode} {iac} {env}"
        sized += len(expected)
    assert sized, "at least one option is sized per environment (aml-baseline's runners and compute instance)"
