{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-lake" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics_metrics_only, role_assignments with context -%}
{%- set c = ak.component["data-lake"] -%}
# Azure Data Lake Storage (a storage account with a hierarchical namespace), the data
# source and offline feature layer the page keeps apart from the workspace's own storage:
# `raw` for data as it lands, `curated` for prepared features. Entra ID only (no shared
# keys), TLS 1.2, blob and container soft delete{{ ", no public network access (dfs and blob private endpoints)" if ak.private }}.
# Grant data roles to the identities that read or write it (the page: Contributor for
# feature materialization, Reader for training), scoped to the containers they need.
resource "azurerm_storage_account" "this" {
  name                             = var.name
  location                         = var.location
  resource_group_name              = var.resource_group_name
  account_kind                     = "{{ c.kind }}"
  account_tier                     = "{{ c.sku.split("_")[0] }}"
  account_replication_type         = "{{ "GZRS" if ak.environment == "prod" and c.sku.endswith("_ZRS") else c.sku.split("_")[1] }}"
  is_hns_enabled                   = true
  access_tier                      = "Hot"
  shared_access_key_enabled        = false
  default_to_oauth_authentication  = true
  allow_nested_items_to_be_public  = false
  cross_tenant_replication_enabled = false
  local_user_enabled               = false
  sftp_enabled                     = false
  min_tls_version                  = "TLS1_2"
  https_traffic_only_enabled       = true
  public_network_access_enabled    = {{ "false" if ak.private else "true" }}
  tags                             = var.tags

  blob_properties {
    delete_retention_policy {
      days = 7
    }

    container_delete_retention_policy {
      days = 7
    }
  }

  network_rules {
    default_action = "{{ "Deny" if ak.private else "Allow" }}"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_storage_container" "this" {
  for_each = toset(["raw", "curated"])

  name                  = each.key
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}
{{- diagnostics_metrics_only(c, "azurerm_storage_account.this.id") }}

# Read, write and delete requests on the blob service (StorageRead/Write/Delete).
resource "azurerm_monitor_diagnostic_setting" "blob" {
  name                       = "to-log-analytics"
  target_resource_id         = "${azurerm_storage_account.this.id}/blobServices/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
{%- if ak.private %}

locals {
  private_endpoints = {
{%- set ns = namespace(pairs=[]) %}
{%- for g in c.private_endpoint.group_ids %}{% set ns.pairs = ns.pairs + [(g, "var.private_dns_zone_ids[" ~ loop.index0 ~ "]")] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }
}

resource "azurerm_private_endpoint" "this" {
  for_each = local.private_endpoints

  name                = "pe-${var.name}-${each.key}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}-${each.key}"
    private_connection_resource_id = azurerm_storage_account.this.id
    is_manual_connection           = false
    subresource_names              = [each.key]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value]
  }
}
{%- if "ml-workspace" in ak.component_ids %}

# The workspace's managed network allows only approved outbound traffic: managed compute
# and serverless Spark reach the lake through these managed private endpoints.
resource "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint" "this" {
  for_each = local.private_endpoints

  name                = "data-lake-${each.key}"
  workspace_id        = var.workspace_id
  service_resource_id = azurerm_storage_account.this.id
  sub_resource_target = each.key
  spark_enabled       = true

  depends_on = [azurerm_role_assignment.workspace_approver]
}
{%- endif %}
{%- endif %}
{%- if "ml-workspace" in ak.component_ids %}

# The workspace's identity approves the private endpoints its managed network creates to the
# lake (nothing grants that role implicitly; the catalog grants it in every mode, so a move
# to private mode needs no new role).
data "azurerm_subscription" "approver" {}

resource "azurerm_role_assignment" "workspace_approver" {
  scope              = azurerm_storage_account.this.id
  role_definition_id = "${data.azurerm_subscription.approver.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Azure AI Enterprise Network Connection Approver"] }}" # Azure AI Enterprise Network Connection Approver
  principal_id       = var.workspace_principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{{- role_assignments(c, "azurerm_storage_account.this.id") }}
{%- endif %}
