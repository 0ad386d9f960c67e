{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-search" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["ai-search"] -%}
# Azure AI Search with Entra ID only (API keys off), a system-assigned identity for
# indexers and vectorizers, replicas per environment ({{ (c.sizing | selectattr("setting", "equalto", "replica_count") | first).summary }};
# three or more carry the availability SLA) and
# {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.
# Semantic ranker stays off (semantic_search_sku unset); authentication_failure_mode
# must stay unset while local authentication is off.
resource "azurerm_search_service" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "{{ c.sku }}"
  replica_count                 = var.replica_count
  partition_count               = 1
  local_authentication_enabled  = false
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  network_rule_bypass_option    = "AzureServices"
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }
}
{{- diagnostics(c, "azurerm_search_service.this.id") }}
{{- private_endpoint(c, "azurerm_search_service.this.id") }}
{{- role_assignments(c, "azurerm_search_service.this.id") }}
{%- endif %}
