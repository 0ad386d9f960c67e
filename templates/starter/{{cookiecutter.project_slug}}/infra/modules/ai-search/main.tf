{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-search" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments, delete_lock with context -%}
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
  network_rule_bypass_option    = "None"
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }
}
{{- diagnostics(c, "azurerm_search_service.this.id") }}
{{- private_endpoint(c, "azurerm_search_service.this.id") }}
{{- delete_lock(c, "azurerm_search_service.this.id") }}
{{- role_assignments(c, "azurerm_search_service.this.id") }}
{%- if ak.search_connection_roles %}

# The Foundry project reaches this service through a keyless (Entra ID) project connection
# (no azurerm resource exists for it), with the project identity's own data-plane role{{ "s" if ak.search_connection_roles | length > 1 }}.
resource "azapi_resource" "project_connection" {
  type                      = "Microsoft.CognitiveServices/accounts/projects/connections@{{ ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] }}"
  name                      = azurerm_search_service.this.name
  parent_id                 = var.project_id
  schema_validation_enabled = false

  body = {
    properties = {
      category = "CognitiveSearch"
      target   = "https://${azurerm_search_service.this.name}.search.windows.net"
      authType = "AAD"
      metadata = {
        ApiType    = "Azure"
        ResourceId = azurerm_search_service.this.id
        location   = var.location
      }
    }
  }
}

data "azurerm_subscription" "project" {}

resource "azurerm_role_assignment" "project" {
  for_each = {
{%- set ns = namespace(pairs=[]) %}
{%- for r in ak.search_connection_roles %}{% set ns.pairs = ns.pairs + [(r.name | tojson, r.id | tojson)] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }

  scope              = azurerm_search_service.this.id
  role_definition_id = "${data.azurerm_subscription.project.id}/providers/Microsoft.Authorization/roleDefinitions/${each.value}"
  principal_id       = var.project_principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{%- endif %}
