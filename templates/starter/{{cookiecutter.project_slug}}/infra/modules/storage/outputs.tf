{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "storage" in ak.modules -%}
output "id" {
  description = "Resource ID of the storage account."
  value       = azurerm_storage_account.this.id
}

output "name" {
  description = "Name of the storage account."
  value       = azurerm_storage_account.this.name
}

output "blob_endpoint" {
  description = "Primary blob service endpoint (https://<name>.blob.core.windows.net/)."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}
{%- endif %}
