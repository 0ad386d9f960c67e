{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["data-factory"] -%}
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- set targets = (["data-lake", "key-vault", "ml-workspace", "databricks"] | select("in", ak.component_ids) | list) if ak.private else [] -%}
# Data Factory with a system-assigned identity for linked services (no stored
# credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.
{%- if grants %}
# The factory's own identity runs its pipelines (one identity per function) and holds the
# roles the entry's identity table gives it: {{ grants | map(attribute="role") | join(", ") }}.
{%- endif %}
{%- if targets %}
# Its pipelines run on an Azure integration runtime inside the factory's managed virtual
# network and reach {{ targets | map("replace", "-", " ") | join(", ") }} through managed private endpoints
# (their public access is off). Azure asks the owner of each target to approve the
# connection: approve them once after the first deployment.
{%- endif %}
resource "azurerm_data_factory" "this" {
{%- set pairs = [("name", "var.name"), ("location", "var.location"), ("resource_group_name", "var.resource_group_name"),
                 ("public_network_enabled", "false" if ak.private else "true")] %}
{%- if targets %}{% set pairs = pairs + [("managed_virtual_network_enabled", "true")] %}{% endif %}
{{- attrs(pairs + [("tags", "var.tags")]) }}

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
{%- if targets %}

resource "azurerm_data_factory_integration_runtime_azure" "managed_network" {
  name                    = "ir-managed-network"
  data_factory_id         = azurerm_data_factory.this.id
  location                = "AutoResolve"
  virtual_network_enabled = true
  description             = "Azure integration runtime in the managed virtual network (private endpoints only)."
}

locals {
  managed_endpoints = {
{%- set ns = namespace(pairs=[]) %}
{%- for ref in targets %}{% set ns.pairs = ns.pairs + [(("mpe-" ~ ref) | tojson, "{ target = var." ~ ak.component[ref].tf_name ~ "_id, group = " ~ (ak.component[ref].private_endpoint.group_ids[0] | tojson) ~ " }")] %}{% endfor %}
{{- attrs(ns.pairs, 4) }}
  }
}

resource "azurerm_data_factory_managed_private_endpoint" "this" {
  for_each = local.managed_endpoints

  name               = each.key
  data_factory_id    = azurerm_data_factory.this.id
  target_resource_id = each.value.target
  subresource_name   = each.value.group
}
{%- endif %}
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
