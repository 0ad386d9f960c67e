{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "cosmos-db" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["cosmos-db"] -%}
{%- set prod = ak.environment == "prod" -%}
# Cosmos DB for NoSQL account with Entra ID-only data access (no account keys, no
# key-based metadata writes), TLS 1.2, continuous backup{{ " and zone redundancy" if prod }}.
# {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}
# Data-plane access needs a Cosmos DB SQL role assignment (not an Azure RBAC role).
resource "azurerm_cosmosdb_account" "this" {
  name                               = var.name
  location                           = var.location
  resource_group_name                = var.resource_group_name
  kind                               = "{{ c.kind }}"
  offer_type                         = "Standard"
  local_authentication_enabled       = false
  access_key_metadata_writes_enabled = false
  minimal_tls_version                = "Tls12"
  public_network_access_enabled      = {{ "false" if ak.private else "true" }}
  tags                               = var.tags

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = var.location
    failover_priority = 0
    zone_redundant    = {{ "true" if prod else "false" }}
  }

  backup {
    type = "Continuous"
    tier = "{{ "Continuous30Days" if prod else "Continuous7Days" }}"
  }
}
{{- diagnostics(c, "azurerm_cosmosdb_account.this.id") }}
{{- private_endpoint(c, "azurerm_cosmosdb_account.this.id") }}
{{- role_assignments(c, "azurerm_cosmosdb_account.this.id") }}
{%- endif %}
