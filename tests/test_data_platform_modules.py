"""The Databricks, SQL and Data Factory modules of churn-prediction hold the settings its fact
sheet and the secure defaults ask for, in both flavours and both network modes: read from the
rendered files, so removing a setting from a template fails here."""

from __future__ import annotations

import re

import pytest

from generator.render import render_files
from generator.render.answers import resolve

COMBOS = [(iac, net) for iac in ("bicep", "terraform") for net in ("private", "public")]


@pytest.fixture(scope="module")
def renders(catalog):
    out = {}
    for iac, net in COMBOS:
        answers = resolve(catalog, given={"architecture": "churn-prediction", "iac": iac, "network": net})
        files, _ = render_files(catalog, answers)
        out[iac, net] = {rel: data.decode("utf-8") for rel, data in files.items() if rel.startswith("infra/")}
    return out


def _module(files, iac, name):
    if iac == "bicep":
        return files[f"infra/modules/{name}.bicep"]
    return "\n".join(text for rel, text in files.items() if rel.startswith(f"infra/modules/{name}/"))


@pytest.mark.parametrize("iac,net", COMBOS)
def test_databricks_is_premium_vnet_injected_without_public_ips(renders, iac, net):
    text = _module(renders[iac, net], iac, "databricks")
    private = net == "private"
    if iac == "bicep":
        assert "name: 'premium'" in text and "enableNoPublicIp: {\n        value: true" in text
        assert "customVirtualNetworkId" in text and "customPrivateSubnetName" in text
        assert f"publicNetworkAccess: '{'Disabled' if private else 'Enabled'}'" in text
        assert f"requiredNsgRules: '{'NoAzureDatabricksRules' if private else 'AllRules'}'" in text
        groups = re.findall(r"groupIds: \[\s*'(\w+)'", text)
    else:
        assert 'sku                                   = "premium"' in text
        assert re.search(r"no_public_ip\s+= true", text) and "virtual_network_id" in text
        assert re.search(rf"public_network_access_enabled\s+= {'false' if private else 'true'}\b", text)
        assert f'"{"NoAzureDatabricksRules" if private else "AllRules"}"' in text
        groups = re.findall(r'subresource_names\s+= \["(\w+)"\]', text)
    assert groups == (["databricks_ui_api", "browser_authentication"] if private else [])
    assert "Microsoft.Databricks/accessConnectors" in text or "azurerm_databricks_access_connector" in text
    assert "ba92f5b4-2d11-453d-a403-e96b0029c9fe" in text  # Storage Blob Data Contributor for the connector


@pytest.mark.parametrize("iac,net", COMBOS)
def test_databricks_subnets_are_delegated_with_nsgs_and_nat_egress(renders, iac, net):
    text = _module(renders[iac, net], iac, "virtual-network")
    for subnet in ("snet-databricksHost", "snet-databricksContainer"):
        assert subnet in text
    assert text.count("Microsoft.Databricks/workspaces") >= 2
    # The intent policy's rules are declared, so a redeployment keeps them; the AzureDatabricks
    # rule only where the back-end Private Link path does not replace it.
    assert text.count("UseOnly_databricks-worker-to-worker-inbound") == 2
    assert text.count("UseOnly_databricks-worker-to-databricks-webapp") == (0 if net == "private" else 2)
    if iac == "bicep":
        assert "resource natGateway 'Microsoft.Network/natGateways@" in text
        assert len(re.findall(r"natGateway: \{\s*id: natGateway.id", text)) == 2
        assert "databricksHostNsg.id" in text and "databricksContainerNsg.id" in text
    else:
        assert 'resource "azurerm_subnet_nat_gateway_association" "databricks_host"' in text
        assert 'resource "azurerm_subnet_nat_gateway_association" "databricks_container"' in text
        assert 'resource "azurerm_subnet_network_security_group_association" "databricks_container"' in text


@pytest.mark.parametrize("iac,net", COMBOS)
def test_sql_server_allows_entra_sign_in_only(renders, iac, net):
    text = _module(renders[iac, net], iac, "sql-database")
    assert "administratorLoginPassword" not in text and "administrator_login_password" not in text
    if iac == "bicep":
        assert "azureADOnlyAuthentication: true" in text and "minimalTlsVersion: '1.2'" in text
        assert f"publicNetworkAccess: '{'Disabled' if net == 'private' else 'Enabled'}'" in text
        assert "isAzureMonitorTargetEnabled: true" in text
        assert ("groupIds: [\n            'sqlServer'" in text) == (net == "private")
    else:
        assert re.search(r"azuread_authentication_only\s+= true", text)
        assert re.search(r'minimum_tls_version\s+= "1.2"', text)
        assert re.search(rf"public_network_access_enabled\s+= {'false' if net == 'private' else 'true'}\b", text)
        assert re.search(r"log_monitoring_enabled\s+= true", text)
        assert ('subresource_names              = ["sqlServer"]' in text) == (net == "private")


def test_sql_sizing_differs_between_dev_and_prod(renders):
    bicep = renders["bicep", "private"]
    dev, prod = bicep["infra/parameters/dev.parameters.json"], bicep["infra/parameters/prod.parameters.json"]
    assert '"sqlDatabaseSkuName": { "value": "GP_S_Gen5_2" }' in dev
    assert '"sqlDatabaseSkuName": { "value": "GP_Gen5_4" }' in prod
    assert '"sqlDatabaseZoneRedundant": { "value": true }' in prod
    tf = renders["terraform", "private"]
    assert re.search(r'sql_database_backup_redundancy\s+= "GeoZone"', tf["infra/environments/prod.tfvars"])
    assert re.search(r'sql_database_backup_redundancy\s+= "Local"', tf["infra/environments/dev.tfvars"])


@pytest.mark.parametrize("iac,net", COMBOS)
def test_data_factory_identity_holds_the_pipeline_roles_and_private_mode_uses_a_managed_network(renders, iac, net):
    text = _module(renders[iac, net], iac, "data-factory")
    for role in ("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "4633458b-17de-408a-b874-0445c86b69e6",
                 "f6c7c914-8db3-469d-8ca1-694a8f32e121"):  # Blob Data Contributor, Secrets User, AzureML Data Scientist
        assert role in text
    managed = "managedPrivateEndpoints" in text or "azurerm_data_factory_managed_private_endpoint" in text
    assert managed == (net == "private")
    assert "SelfHosted" in text or "azurerm_data_factory_integration_runtime_self_hosted" in text
