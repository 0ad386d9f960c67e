"""Foundry Agent Service standard setup: the order Azure needs, keyless connections, the
delegated agent subnet in private modes, the azapi provider wiring in Terraform, and the
entry's documented project-identity roles matching what the module grants."""

from __future__ import annotations

import hcl2
import pytest
from pycep import BicepParser

from conftest import matrix

COMBOS = matrix()
PRE_CAPHOST = {"Cosmos DB Operator": "cosmos", "Storage Blob Data Contributor": "storage",
               "Search Index Data Contributor": "search", "Search Service Contributor": "search"}
CONNECTIONS = {"cosmosConnection": "CosmosDb", "storageConnection": "AzureStorageAccount",
               "searchConnection": "CognitiveSearch"}


def _plain(x):
    """python-hcl2 8 keeps the quotes of string literals and labels and adds __is_block__ keys."""
    if isinstance(x, dict):
        return {_plain(k): _plain(v) for k, v in x.items() if k != "__is_block__"}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, str) and len(x) >= 2 and x[0] == x[-1] == '"':
        return x[1:-1]
    return x


def _hcl(text: str) -> dict:
    return _plain(hcl2.loads(text))


def _has_agents(catalog, arch_id):
    return "agent-service" in catalog.architectures[arch_id].components


def _accessor(expr):
    ops = expr["operator"]["operands"]
    return ops["operand_1"], ops["operand_2"]


def _project_identity_roles(catalog, arch_id) -> set[str]:
    (ident,) = [i for i in catalog.architectures[arch_id].identities if "agent-service module" in i.name]
    return {g.role for g in ident.roles}


def test_the_entries_that_promise_the_standard_setup_have_it(catalog):
    promised = {a.id for a in catalog.architectures.values() if "Agent Service in its standard setup" in a.summary}
    with_agents = {a.id for a in catalog.architectures.values() if "agent-service" in a.components}
    assert promised and promised <= with_agents
    for arch_id in with_agents:
        assert not any("capability host" in x["name"].lower() for x in catalog.architectures[arch_id].not_generated)


@pytest.mark.parametrize("combo", [c for c in COMBOS if c[1] == "bicep"], ids=lambda c: "-".join(c))
def test_bicep_agent_setup(combo, rendered, catalog):
    arch_id, _, mode = combo
    root, files, ak = rendered[combo]
    private = mode in ("private", "landing-zone")
    injections = None
    if "infra/modules/ai-foundry.bicep" in files:
        account = BicepParser().parse(file_path=root / "infra/modules/ai-foundry.bicep")["resources"]["account"]
        injections = account["config"]["properties"].get("networkInjections")
    vnet = files.get("infra/modules/virtual-network.bicep", b"").decode()
    if not _has_agents(catalog, arch_id):
        assert "infra/modules/agent-service.bicep" not in files
        assert injections is None and "snet-agentsEgress" not in vnet
        return
    res = BicepParser().parse(file_path=root / "infra/modules/agent-service.bicep")["resources"]
    role_ids = {r.id: r.name for r in catalog.roles.values()}
    pre = {}
    for name, r in res.items():
        if r["type"] == "Microsoft.Authorization/roleAssignments":
            role = role_ids[r["config"]["properties"]["roleDefinitionId"]["function"]["parameters"]["resource_name_1"]]
            pre[role] = r["config"]["scope"]
            assert _accessor(r["config"]["properties"]["principalId"])[0] == "project"
    assert pre == PRE_CAPHOST
    for symbol, category in CONNECTIONS.items():
        props = res[symbol]["config"]["properties"]
        assert props["category"] == category and props["authType"] == "AAD", symbol
        assert res[symbol]["config"]["parent"] == "project"
    cap = res["capabilityHost"]["config"]
    assert {k: [_accessor(x)[0] for x in v] for k, v in cap["properties"].items()} == {
        "threadStorageConnections": ["cosmosConnection"], "storageConnections": ["storageConnection"],
        "vectorStoreConnections": ["searchConnection"]}
    assert sorted(cap["dependsOn"]) == sorted(n for n, r in res.items()
                                              if r["type"] == "Microsoft.Authorization/roleAssignments")
    memory = res["enterpriseMemoryDataContributor"]["config"]
    assert memory["dependsOn"] == ["capabilityHost"] and memory["parent"] == "cosmos"
    assert memory["properties"]["roleDefinitionId"].endswith(catalog.roles["Cosmos DB Built-in Data Contributor"].id)
    assert memory["properties"]["scope"].endswith("/dbs/enterprise_memory")
    assert set(pre) | {"Cosmos DB Built-in Data Contributor"} == _project_identity_roles(catalog, arch_id)
    if private:
        (inj,) = injections
        assert inj == {"scenario": "agent", "subnetArmId": "agentSubnetId", "useMicrosoftManagedNetwork": False}
        subnet = BicepParser().parse(file_path=root / "infra/modules/virtual-network.bicep")["resources"]["agentsSubnet"]
        props = subnet["config"]["properties"]
        assert subnet["config"]["name"] == "snet-agentsEgress"
        assert props["delegations"][0]["properties"]["serviceName"] == "Microsoft.App/environments"
        assert "routeTable" in props and "networkSecurityGroup" in props
        assert "agentSubnetId: virtualNetwork.outputs.agentSubnetId" in files["infra/main.bicep"].decode()
    else:
        assert injections is None and "snet-agentsEgress" not in vnet


def _uses_azapi(catalog, arch_id):
    comps = [catalog.components[c] for c in catalog.architecture(arch_id).components]
    return any(c.azurerm_type == "azapi_resource" or any("azapi_resource" in r.azurerm for r in c.resources)
               for c in comps)


@pytest.mark.parametrize("combo", [c for c in COMBOS if c[1] == "terraform"], ids=lambda c: "-".join(c))
def test_terraform_agent_setup(combo, rendered, catalog):
    arch_id, _, mode = combo
    root, files, ak = rendered[combo]
    private = mode in ("private", "landing-zone")
    required = _hcl(files["infra/terraform.tf"].decode())["terraform"][0]["required_providers"][0]
    foundry = _hcl(files.get("infra/modules/ai-foundry/main.tf", b"").decode())
    account = next((b["azurerm_cognitive_account"]["this"] for b in foundry.get("resource", [])
                    if "azurerm_cognitive_account" in b), {})
    if not _has_agents(catalog, arch_id):
        # Components with types azurerm lacks, and the project connection the ai-search module adds
        # (chat-basic), need azapi; then the root pins it and every module using it names it.
        assert ("azapi" in required) == (_uses_azapi(catalog, arch_id) or bool(ak["search_connection_roles"]))
        if ak["search_connection_roles"]:
            search = _hcl(files["infra/modules/ai-search/versions.tf"].decode())
            assert search["terraform"][0]["required_providers"][0]["azapi"]["source"] == "Azure/azapi"
        assert not any("agent-service" in f for f in files)
        for rel in (f for f in files if f.endswith("/main.tf") and b"azapi_resource" in files[f]):
            versions = _hcl(files[rel.replace("main.tf", "versions.tf")].decode())
            assert versions["terraform"][0]["required_providers"][0]["azapi"]["source"] == "Azure/azapi", rel
        assert "network_injection" not in account
        return
    assert required["azapi"]["source"] == "Azure/azapi" and required["azapi"]["version"].startswith("~> 2.")
    versions = _hcl(files["infra/modules/agent-service/versions.tf"].decode())
    assert versions["terraform"][0]["required_providers"][0]["azapi"]["source"] == "Azure/azapi"
    parsed = _hcl(files["infra/modules/agent-service/main.tf"].decode())
    res = {}
    for block in parsed["resource"]:
        for rtype, instances in block.items():
            for name, body in instances.items():
                res[(rtype, name)] = body
    roles = {r.id: r.name for r in catalog.roles.values()}
    local_roles = parsed["locals"][0]["project_roles"]
    assert {roles[v["role"]] for v in local_roles.values()} == set(PRE_CAPHOST)
    assert res[("azurerm_role_assignment", "project")]["principal_id"] == "${var.project_principal_id}"
    chain = ["thread_storage", "file_storage", "vector_store"]  # one after another: else conflict errors
    for i, symbol in enumerate(chain):
        conn = res[("azapi_resource", symbol)]
        assert conn["type"].startswith("Microsoft.CognitiveServices/accounts/projects/connections@")
        assert conn["body"]["properties"]["authType"] == "AAD" and conn["parent_id"] == "${var.project_id}"
        assert conn.get("depends_on") == ([f"${{azapi_resource.{chain[i - 1]}}}"] if i else None)
    specs = parsed["locals"][1]["connections"]
    assert {k: v["category"] for k, v in specs.items()} == {
        "agent-thread-storage": "CosmosDb", "agent-file-storage": "AzureStorageAccount",
        "agent-vector-store": "CognitiveSearch"}
    cap = res[("azapi_resource", "capability_host")]
    assert cap["depends_on"] == ["${azurerm_role_assignment.project}"]
    assert cap["body"]["properties"] == {
        "threadStorageConnections": ["${azapi_resource.thread_storage.name}"],
        "storageConnections": ["${azapi_resource.file_storage.name}"],
        "vectorStoreConnections": ["${azapi_resource.vector_store.name}"]}
    memory = res[("azurerm_cosmosdb_sql_role_assignment", "enterprise_memory")]
    assert memory["depends_on"] == ["${azapi_resource.capability_host}"]
    assert memory["scope"] == "${var.cosmos_db_account_id}/dbs/enterprise_memory"
    assert memory["role_definition_id"].endswith(catalog.roles["Cosmos DB Built-in Data Contributor"].id)
    if private:
        (inj,) = account["network_injection"]
        assert inj == {"scenario": "agent", "subnet_id": "${var.agent_subnet_id}"}
        vnet = files["infra/modules/virtual-network/main.tf"].decode()
        subnet = next(b["azurerm_subnet"]["agents"] for b in _hcl(vnet)["resource"]
                      if "agents" in b.get("azurerm_subnet", {}))
        assert subnet["name"] == "snet-agentsEgress"
        assert subnet["delegation"][0]["service_delegation"][0]["name"] == "Microsoft.App/environments"
        assert "agent_subnet_id" in files["infra/main.tf"].decode()
    else:
        assert "network_injection" not in account
