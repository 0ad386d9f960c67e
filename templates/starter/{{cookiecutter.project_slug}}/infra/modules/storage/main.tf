{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "storage" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics_metrics_only, private_endpoint, role_assignments, delete_lock with context -%}
{%- set c = ak.component["storage"] -%}
# Storage account ({{ c.kind }}; redundancy per environment: {{ (c.sizing | first).summary }}) with Entra ID-only data access: no shared
# keys, no anonymous blob access, no SFTP local users; TLS 1.2 and HTTPS only; blob
# versioning and soft delete. {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}
resource "azurerm_storage_account" "this" {
  name                              = var.name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  account_kind                      = "{{ c.kind }}"
  account_tier                      = split("_", var.sku_name)[0]
  account_replication_type          = split("_", var.sku_name)[1]
  access_tier                       = "Hot"
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  allow_nested_items_to_be_public   = false
  cross_tenant_replication_enabled  = false
  local_user_enabled                = false
  sftp_enabled                      = false
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  infrastructure_encryption_enabled = true
  public_network_access_enabled     = {{ "false" if ak.private else "true" }}
  tags                              = var.tags

  # Blob versioning plus blob and container soft delete, so grounding and training
  # data can be traced and recovered.
  blob_properties {
    versioning_enabled = true

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
{{- diagnostics_metrics_only(c, "azurerm_storage_account.this.id") }}
{%- if c.diagnostics %}

# The account level only supports metrics; the logs come from the blob service.
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
{%- endif %}
{%- if "app-service" in ak.component_ids %}

# The web app runs its package from this container (WEBSITE_RUN_FROM_PACKAGE), read with
# {{ "its own identity (a Storage Blob Data role)" if "app-service" in ak.principal_for else "the workload identity (Storage Blob Data Reader)" }}.
resource "azurerm_storage_container" "deploy" {
  name                  = "deploy"
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}
{%- endif %}
{{- private_endpoint(c, "azurerm_storage_account.this.id") }}
{%- if c.host_endpoints %}

# The Functions host keeps queues and tables here; with public access off they need endpoints too.
resource "azurerm_private_endpoint" "host" {
  for_each = { {% for h in c.host_endpoints %}{{ h.group }} = var.host_private_dns_zone_ids[{{ loop.index0 }}]{{ ", " if not loop.last }}{% endfor %} }

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
{%- endif %}
{{- delete_lock(c, "azurerm_storage_account.this.id") }}
{{- role_assignments(c, "azurerm_storage_account.this.id") }}
{%- endif %}
