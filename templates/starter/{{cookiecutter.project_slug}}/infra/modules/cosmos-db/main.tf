{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "cosmos-db" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments, delete_lock with context -%}
{%- set c = ak.component["cosmos-db"] -%}
{#- Cosmos DB's own data-plane roles (built-in IDs 00000000-0000-0000-0000-00000000000x) are
    assigned with sql role assignments; any others are Azure RBAC roles on the account. #}
{%- set ns = namespace(sql=[], rbac=[], pairs=[]) %}
{%- for r in c.roles %}
{%- if r.id.startswith("00000000-0000-0000-0000-") %}{% set ns.sql = ns.sql + [r] %}{% else %}{% set ns.rbac = ns.rbac + [r] %}{% endif %}
{%- endfor -%}
# Cosmos DB for NoSQL account with Entra ID-only data access (no account keys, no
# key-based metadata writes), TLS 1.2, continuous backup; zone redundancy and backup window per environment.
# {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}
{%- if ns.sql %}
# {{ "Each compute's own identity reaches the data" if ak.principal_for else "The workload identity reads and writes data" }} through a Cosmos DB SQL role assignment
# ({{ ns.sql | map(attribute="name") | join(", ") }}), Cosmos DB's own RBAC, not an Azure role.
{%- else %}
# Data-plane access needs a Cosmos DB SQL role assignment (not an Azure RBAC role).
{%- endif %}
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
    zone_redundant    = var.zone_redundant
  }

  backup {
    type = "Continuous"
    tier = var.backup_tier
  }
}
{{- diagnostics(c, "azurerm_cosmosdb_account.this.id") }}
{{- private_endpoint(c, "azurerm_cosmosdb_account.this.id") }}
{{- delete_lock(c, "azurerm_cosmosdb_account.this.id") }}
{%- if ns.sql %}

# The workload's database; its containers share autoscale throughput (100-1000 RU/s).
resource "azurerm_cosmosdb_sql_database" "workload" {
  name                = var.database_name
  resource_group_name = var.resource_group_name
  account_name        = azurerm_cosmosdb_account.this.name

  autoscale_settings {
    max_throughput = 1000
  }
}

{%- for g in c.grants %}
{%- set sql = g.roles | select("in", ns.sql) | list %}
{%- set p = g.principal %}
{%- if sql %}

# Data-plane roles for {{ p.label }}, scoped to the account, by Cosmos DB role definition ID.
locals {
  {{ p.tf_prefix }}sql_role_definition_ids = {
{%- set ns.pairs = [] %}
{%- for r in sql %}{% set ns.pairs = ns.pairs + [(r.name | tojson, r.id | tojson)] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }
}

resource "azurerm_cosmosdb_sql_role_assignment" "{{ p.tf_resource }}" {
  for_each = local.{{ p.tf_prefix }}sql_role_definition_ids

  resource_group_name = var.resource_group_name
  account_name        = azurerm_cosmosdb_account.this.name
  role_definition_id  = "${azurerm_cosmosdb_account.this.id}/sqlRoleDefinitions/${each.value}"
  principal_id        = var.{{ p.tf_var }}
  scope               = azurerm_cosmosdb_account.this.id
}
{%- endif %}
{%- endfor %}
{%- endif %}
{{- role_assignments(dict(c, roles=ns.rbac), "azurerm_cosmosdb_account.this.id") }}
{%- endif %}
