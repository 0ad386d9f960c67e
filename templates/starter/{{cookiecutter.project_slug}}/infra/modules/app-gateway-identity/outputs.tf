{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway-identity" in ak.modules -%}
output "id" {
  description = "Resource ID of the gateway's identity; available once it may read Key Vault secrets."
  value       = azurerm_user_assigned_identity.this.id

  # The gateway reads its certificate as soon as it is created: the role must exist first.
  depends_on = [azurerm_role_assignment.key_vault_secrets_user]
}

output "principal_id" {
  description = "Principal ID of the gateway's identity."
  value       = azurerm_user_assigned_identity.this.principal_id
}
{%- endif %}
