{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "managed-identity" in ak.modules -%}
output "id" {
  description = "Resource ID of the identity."
  value       = azurerm_user_assigned_identity.this.id
}

output "principal_id" {
  description = "Principal (object) ID used in role assignments."
  value       = azurerm_user_assigned_identity.this.principal_id
}

output "client_id" {
  description = "Client ID the application uses to request tokens."
  value       = azurerm_user_assigned_identity.this.client_id
}
{%- endif %}
