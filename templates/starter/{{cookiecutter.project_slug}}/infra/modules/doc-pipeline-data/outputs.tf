{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "doc-pipeline-data" in ak.modules -%}
output "upload_container_name" {
  description = "Name of the blob container uploads are written to."
  value       = azurerm_storage_container.uploads.name
}

output "metadata_container_name" {
  description = "Name of the Cosmos DB container for document metadata."
  value       = azurerm_cosmosdb_sql_container.metadata.name
}
{%- endif %}
