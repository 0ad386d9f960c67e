{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway-identity" in ak.modules -%}
# Application Gateway's own identity: it reads the listener's TLS certificate from Key
# Vault ("Key Vault Secrets User" on the vault) and nothing else, so the ingress does not
# share the inference workload's identity or its roles.
resource "azurerm_user_assigned_identity" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "key_vault_secrets_user" {
  scope              = var.key_vault_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Key Vault Secrets User"] }}"
  principal_id       = azurerm_user_assigned_identity.this.principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
