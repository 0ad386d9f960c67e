{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["data-factory"] -%}
# Data Factory with a system-assigned identity for linked services (no stored
# credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- if grants %}
# The factory's own identity runs its pipelines (one identity per function) and holds the
# roles the architecture gives it: {{ grants | map(attribute="role") | join(", ") }}.
{%- endif %}
resource "azurerm_data_factory" "this" {
  name                   = var.name
  location               = var.location
  resource_group_name    = var.resource_group_name
  public_network_enabled = {{ "false" if ak.private else "true" }}
  tags                   = var.tags

  identity {
    type = "SystemAssigned"
  }
}


# Registration of the self-hosted integration runtime that moves on-premises data; install
# the runtime on a machine next to the sources and register it with the runtime's auth key.
resource "azurerm_data_factory_integration_runtime_self_hosted" "this" {
  name            = "shir-onpremises"
  data_factory_id = azurerm_data_factory.this.id
  description     = "Moves data from on-premises sources into the Data Lake."
}
{{- diagnostics(c, "azurerm_data_factory.this.id") }}
{{- private_endpoint(c, "azurerm_data_factory.this.id") }}
{{- role_assignments(c, "azurerm_data_factory.this.id") }}
{%- if grants %}
{%- if not (c.roles or c.user_roles) %}

data "azurerm_subscription" "current" {}
{%- endif %}

locals {
  factory_grants = {
{%- set ns = namespace(pairs=[]) %}
{%- for g in grants %}{% set ns.pairs = ns.pairs + [((g.scope ~ "/" ~ g.role) | tojson, "{ scope = var." ~ ak.component[g.scope].tf_name ~ "_id, role = " ~ (ak.role_ids[g.role] | tojson) ~ " }")] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }
}

resource "azurerm_role_assignment" "factory" {
  for_each = local.factory_grants

  scope              = each.value.scope
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/${each.value.role}"
  principal_id       = azurerm_data_factory.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{%- endif %}
