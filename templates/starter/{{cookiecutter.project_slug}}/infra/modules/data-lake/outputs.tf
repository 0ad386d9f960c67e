{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-lake" in ak.modules -%}
output "id" {
  description = "Resource ID of the Data Lake Storage account."
  value       = azurerm_storage_account.this.id
}

output "name" {
  description = "Name of the Data Lake Storage account."
  value       = azurerm_storage_account.this.name
}

output "dfs_endpoint" {
  description = "Data Lake (dfs) endpoint for Spark and datastores."
  value       = azurerm_storage_account.this.primary_dfs_endpoint
}
{%- endif %}
