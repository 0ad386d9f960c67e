{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "cosmos-db" in ak.modules -%}
output "id" {
  description = "Resource ID of the Cosmos DB account."
  value       = azurerm_cosmosdb_account.this.id
}

output "name" {
  description = "Name of the Cosmos DB account."
  value       = azurerm_cosmosdb_account.this.name
}

output "endpoint" {
  description = "Document endpoint (https://<name>.documents.azure.com:443/) for SDK clients."
  value       = azurerm_cosmosdb_account.this.endpoint
}
{%- endif %}
