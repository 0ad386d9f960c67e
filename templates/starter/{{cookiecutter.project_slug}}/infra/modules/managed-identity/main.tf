{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "managed-identity" in ak.modules -%}
# The workload's user-assigned identity: it holds the data-plane roles, so no keys
# or connection strings are needed anywhere.
resource "azurerm_user_assigned_identity" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}
{%- endif %}
