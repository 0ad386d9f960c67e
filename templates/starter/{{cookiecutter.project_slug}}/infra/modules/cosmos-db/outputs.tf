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
{%- set ns = namespace(sql=false) %}
{%- for r in ak.component["cosmos-db"].roles if r.id.startswith("00000000-0000-0000-0000-") %}{% set ns.sql = true %}{% endfor %}
{%- if ns.sql %}

output "database_name" {
  description = "Name of the workload's NoSQL database."
  value       = azurerm_cosmosdb_sql_database.workload.name
}
{%- endif %}
{%- endif %}
