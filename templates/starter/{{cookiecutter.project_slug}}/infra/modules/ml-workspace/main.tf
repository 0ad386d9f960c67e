{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-workspace" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["ml-workspace"] -%}
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
{%- endif %}
