{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "video-indexer" in ak.modules -%}
output "id" {
  description = "Resource ID of the Video Indexer account."
  value       = azurerm_video_indexer_account.this.id
}

output "name" {
  description = "Name of the Video Indexer account."
  value       = azurerm_video_indexer_account.this.name
}

output "identity_principal_id" {
  description = "Principal ID of the account's storage identity."
  value       = azurerm_user_assigned_identity.this.principal_id
}
{%- endif %}
