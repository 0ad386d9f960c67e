{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-workspace" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["ml-workspace"] %}
{#- The workspace identity's own grants from the entry's identity table (module ml-workspace):
    roles on the workspace's dependencies or on the resource group. #}
{%- set own = namespace(grants=[]) %}
{%- for i in ak.arch.identities if i.module == "ml-workspace" %}
{%- for g in i.roles if g.scope in ("resource-group", "storage", "key-vault", "container-registry") %}{% set own.grants = own.grants + [g] %}{% endfor %}
{%- endfor -%}
# Azure Machine Learning workspace with a system-assigned identity, identity-based
# access to its default datastores (no storage keys) and a managed network that
{%- if ak.private %}
# allows only approved outbound traffic. Clients reach it through its private endpoint.
{%- else %}
# allows internet outbound traffic.
{%- endif %}
resource "azurerm_machine_learning_workspace" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  kind                          = "{{ c.kind }}"
  sku_name                      = "{{ c.sku }}"
  storage_account_id            = var.storage_account_id
  key_vault_id                  = var.key_vault_id
  application_insights_id       = var.application_insights_id
  container_registry_id         = var.container_registry_id
  storage_account_access_type   = "Identity"
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  v1_legacy_mode_enabled        = false
  high_business_impact          = false
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }

  managed_network {
    isolation_mode = "{{ "AllowOnlyApprovedOutbound" if ak.private else "AllowInternetOutbound" }}"
  }
}
{{- diagnostics(c, "azurerm_machine_learning_workspace.this.id") }}
{{- private_endpoint(c, "azurerm_machine_learning_workspace.this.id") }}
{{- role_assignments(c, "azurerm_machine_learning_workspace.this.id") }}
{%- if own.grants %}
{%- set targets = {"storage": "var.storage_account_id", "key-vault": "var.key_vault_id", "container-registry": "var.container_registry_id"} %}

# The workspace identity's own roles ({{ own.grants | map(attribute="role") | unique | join(", ") }}): it approves the
# private endpoints its managed network creates to its dependencies, and administers the
# workspace's resources without Contributor.
{%- if not (c.roles or c.user_roles) %}
data "azurerm_subscription" "current" {}
{%- endif %}
{%- if own.grants | selectattr("scope", "equalto", "resource-group") | list %}

data "azurerm_resource_group" "this" {
  name = var.resource_group_name
}
{%- endif %}

resource "azurerm_role_assignment" "workspace" {
{%- set grants = namespace(pairs=[]) %}
{%- for g in own.grants %}{% set grants.pairs = grants.pairs + [((g.role ~ " on " ~ g.scope) | tojson, "{ scope = " ~ ("data.azurerm_resource_group.this.id" if g.scope == "resource-group" else targets[g.scope]) ~ ", role = " ~ (ak.role_ids[g.role] | tojson) ~ " }")] %}{% endfor %}
  for_each = {
{{- attrs(grants.pairs, 4) }}
  }
  scope              = each.value.scope
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/${each.value.role}"
  principal_id       = azurerm_machine_learning_workspace.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{%- endif %}
