{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "sql-database" in ak.modules -%}
output "id" {
  description = "Resource ID of the logical server."
  value       = azurerm_mssql_server.this.id
}

output "name" {
  description = "Name of the logical server."
  value       = azurerm_mssql_server.this.name
}

output "fully_qualified_domain_name" {
  description = "Host name clients connect to."
  value       = azurerm_mssql_server.this.fully_qualified_domain_name
}

output "database_name" {
  description = "Name of the database."
  value       = azurerm_mssql_database.this.name
}
{%- endif %}
