{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "agent-service" in ak.modules -%}
{%- set c = ak.component["agent-service"] -%}
{%- set conn = ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] -%}
# Foundry Agent Service, standard setup: the project keeps conversation threads, agent
# definitions, uploaded files and vector stores in this workload's own Cosmos DB,
# storage account and AI Search service instead of Microsoft-managed ones.
# Order matters: the project identity gets its roles, the project gets one Entra ID
# connection per dependency, then the capability host binds them. Agent Service then
# creates the `enterprise_memory` database, and the project gets data access to it.
#
# azurerm has no resource for project connections or capability hosts, so they are
# azapi resources with the ARM bodies the Bicep flavour uses. azapi's own schema check is
# off because the provider release you pin may predate the API version; `archkit
# validate` checks these bodies against the Azure type index instead.
{%- if ak.private %}
# Agent traffic leaves through the delegated agent subnet (network_injection on the
# Foundry resource), so the dependencies' private endpoints must resolve before this
# module runs; main.tf passes their IDs from the modules' outputs for that reason.
{%- endif %}

data "azurerm_subscription" "current" {}

# Roles the project identity needs before the capability host is created.
locals {
  project_roles = {
    cosmos_db_operator            = { scope = var.cosmos_db_account_id, role = "{{ ak.role_ids["Cosmos DB Operator"] }}" }
    storage_blob_data_contributor = { scope = var.storage_account_id, role = "{{ ak.role_ids["Storage Blob Data Contributor"] }}" }
    search_index_data_contributor = { scope = var.search_service_id, role = "{{ ak.role_ids["Search Index Data Contributor"] }}" }
    search_service_contributor    = { scope = var.search_service_id, role = "{{ ak.role_ids["Search Service Contributor"] }}" }
  }
}

resource "azurerm_role_assignment" "project" {
  for_each = local.project_roles

  scope              = each.value.scope
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/${each.value.role}"
  principal_id       = var.project_principal_id
  principal_type     = "ServicePrincipal"
  description        = "${each.key}: Foundry project ${var.project_name} (Agent Service standard setup)"
}

# Project-level connections (never account-level), all with Entra ID auth: no keys.
# Named for their role: connection names allow 3-33 characters, fewer than resource names.
locals {
  connections = {
    agent-thread-storage = { category = "CosmosDb", target = var.cosmos_db_endpoint, resource_id = var.cosmos_db_account_id }
    agent-file-storage   = { category = "AzureStorageAccount", target = var.storage_blob_endpoint, resource_id = var.storage_account_id }
    agent-vector-store   = { category = "CognitiveSearch", target = "https://${var.search_service_name}.search.windows.net", resource_id = var.search_service_id }
  }
}

# One connection at a time (depends_on chain): concurrent changes to a project fail with conflicts.
{%- for key, symbol in (("agent-thread-storage", "thread_storage"), ("agent-file-storage", "file_storage"), ("agent-vector-store", "vector_store")) %}
{%- if not loop.first %}
{% endif %}
resource "azapi_resource" "{{ symbol }}" {
  type                      = "Microsoft.CognitiveServices/accounts/projects/connections@{{ conn }}"
  name                      = "{{ key }}"
  parent_id                 = var.project_id
  schema_validation_enabled = false

  body = {
    properties = {
      category = local.connections["{{ key }}"].category
      target   = local.connections["{{ key }}"].target
      authType = "AAD"
      metadata = {
        ApiType    = "Azure"
        ResourceId = local.connections["{{ key }}"].resource_id
        location   = var.location
      }
    }
  }
{%- if not loop.first %}

  depends_on = [azapi_resource.{{ loop.previtem[1] }}]
{%- endif %}
}
{%- endfor %}

resource "azapi_resource" "capability_host" {
  type                      = "{{ c.arm_type }}@{{ c.api_version }}"
  name                      = var.capability_host_name
  parent_id                 = var.project_id
  schema_validation_enabled = false

  body = {
    properties = {
      threadStorageConnections = [azapi_resource.thread_storage.name]
      storageConnections       = [azapi_resource.file_storage.name]
      vectorStoreConnections   = [azapi_resource.vector_store.name]
    }
  }

  depends_on = [azurerm_role_assignment.project]
}

# Cosmos DB's own data-plane role on the database Agent Service created, so it exists
# only after the capability host.
resource "azurerm_cosmosdb_sql_role_assignment" "enterprise_memory" {
  resource_group_name = var.resource_group_name
  account_name        = var.cosmos_db_account_name
  role_definition_id  = "${var.cosmos_db_account_id}/sqlRoleDefinitions/{{ ak.role_ids["Cosmos DB Built-in Data Contributor"] }}"
  principal_id        = var.project_principal_id
  scope               = "${var.cosmos_db_account_id}/dbs/enterprise_memory"

  depends_on = [azapi_resource.capability_host]
}
{%- endif %}
