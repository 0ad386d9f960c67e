{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "sql-database" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint with context -%}
{%- set c = ak.component["sql-database"] -%}
# Azure SQL logical server and one database. Microsoft Entra-only authentication: the
# admin is an Entra ID group, and no SQL login or password exists. TLS 1.2 at least,
# {{ "no public network access (private endpoint only)" if ak.private else "public endpoint with no firewall rule (add your clients' addresses, or use private mode)" }}.
# Server auditing goes to Log Analytics through the master database's diagnostic setting.

# Names of the resources this module adds: the part of var.name after its abbreviation.
locals {
  base_name  = replace(var.name, "/^[^-]+-/", "")
  serverless = strcontains(var.sku_name, "_S_")
}

resource "azurerm_mssql_server" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags

  azuread_administrator {
    login_username              = var.admin_group_name
    object_id                   = var.admin_group_object_id
    azuread_authentication_only = true
  }
}

# Serverless databases pause after an idle hour; provisioned ones never pause.
resource "azurerm_mssql_database" "this" {
  name                        = {{ c.derived.database.terraform }}
  server_id                   = azurerm_mssql_server.this.id
  sku_name                    = var.sku_name
  zone_redundant              = var.zone_redundant
  storage_account_type        = var.backup_redundancy
  auto_pause_delay_in_minutes = local.serverless ? 60 : null # serverless databases only
  tags                        = var.tags
}
{{- diagnostics(c, "azurerm_mssql_database.this.id") }}

resource "azurerm_mssql_server_extended_auditing_policy" "this" {
  server_id              = azurerm_mssql_server.this.id
  enabled                = true
  log_monitoring_enabled = true
}

# Audit records of the whole server reach Log Analytics through the master database.
resource "azurerm_monitor_diagnostic_setting" "audit" {
  name                       = "audit-to-log-analytics"
  target_resource_id         = "${azurerm_mssql_server.this.id}/databases/master"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "SQLSecurityAuditEvents"
  }

  depends_on = [azurerm_mssql_server_extended_auditing_policy.this]
}
{{- private_endpoint(c, "azurerm_mssql_server.this.id") }}
{%- endif %}
