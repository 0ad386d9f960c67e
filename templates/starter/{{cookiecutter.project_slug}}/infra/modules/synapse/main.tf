{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "synapse" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics with context -%}
{%- set c = ak.component["synapse"] -%}
# Azure Synapse Analytics workspace, the methodology's "big data cluster" for data volumes
# that outgrow serverless Spark in Machine Learning. Its default file system (`synapse`) is
# on the Data Lake; the workspace's system identity holds Storage Blob Data Contributor
# there. Spark and pipelines run in a managed virtual network with data exfiltration
# protection (outbound only through approved managed private endpoints; the lake's is
# created with the workspace). Microsoft Entra-only authentication: no SQL administrator
# login or password is sent; the deploying principal becomes the workspace's Entra SQL
# administrator, and people get Synapse RBAC roles in Synapse Studio.
# Serverless SQL is billed per query; add Spark or dedicated SQL pools when needed.
{%- if ak.private %}
# No public network access: Sql, SqlOnDemand and Dev private endpoints (Synapse Studio's
# web endpoint needs a private link hub, not created here).
{%- else %}
# The public endpoint has no firewall rule: add azurerm_synapse_firewall_rule for your client
# ranges, or deploy in private mode.
{%- endif %}
#
# An azapi resource: azurerm_synapse_workspace cannot ask for the default lake's managed
# private endpoint (createManagedPrivateEndpoint), and its managed-private-endpoint resource
# is a data-plane call the workspace firewall blocks. `archkit validate` checks the body
# against the Azure type index.
data "azurerm_resource_group" "this" {
  name = var.resource_group_name
}

data "azurerm_subscription" "current" {}

resource "azurerm_storage_container" "file_system" {
  name                  = "synapse"
  storage_account_id    = var.data_lake_id
  container_access_type = "private"
}

resource "azapi_resource" "workspace" {
  type                      = "Microsoft.Synapse/workspaces@{{ c.api_version }}"
  name                      = var.name
  parent_id                 = data.azurerm_resource_group.this.id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  identity {
    type = "SystemAssigned"
  }

  body = {
    properties = {
      defaultDataLakeStorage = {
        resourceId                   = var.data_lake_id
        accountUrl                   = trimsuffix(var.data_lake_dfs_endpoint, "/")
        filesystem                   = azurerm_storage_container.file_system.name
        createManagedPrivateEndpoint = true
      }
      managedVirtualNetwork = "default"
      managedVirtualNetworkSettings = {
        preventDataExfiltration       = true
        allowedAadTenantIdsForLinking = []
      }
      azureADOnlyAuthentication = true
      publicNetworkAccess       = "{{ "Disabled" if ak.private else "Enabled" }}"
    }
  }
}

# The workspace identity reads and writes its default file system (Spark, pipelines, serverless SQL).
resource "azurerm_role_assignment" "lake" {
  scope              = var.data_lake_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Storage Blob Data Contributor"] }}" # Storage Blob Data Contributor
  principal_id       = azapi_resource.workspace.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{{- diagnostics(c, "azapi_resource.workspace.id") }}
{%- if ak.private %}

locals {
  private_endpoints = {
{%- set ns = namespace(pairs=[]) %}
{%- for g in c.private_endpoint.group_ids %}{% set ns.pairs = ns.pairs + [(g, "var.private_dns_zone_ids[" ~ (1 if g == "Dev" else 0) ~ "]")] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }
}

resource "azurerm_private_endpoint" "this" {
  for_each = local.private_endpoints

  name                = "pe-${var.name}-${lower(each.key)}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}-${lower(each.key)}"
    private_connection_resource_id = azapi_resource.workspace.id
    is_manual_connection           = false
    subresource_names              = [each.key]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value]
  }
}
{%- endif %}
{%- endif %}
