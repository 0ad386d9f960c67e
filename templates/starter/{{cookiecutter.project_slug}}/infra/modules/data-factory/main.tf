{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["data-factory"] -%}
# Data Factory with a system-assigned identity for linked services (no stored
# credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.
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
{{- diagnostics(c, "azurerm_data_factory.this.id") }}
{{- private_endpoint(c, "azurerm_data_factory.this.id") }}
{{- role_assignments(c, "azurerm_data_factory.this.id") }}
{%- endif %}
