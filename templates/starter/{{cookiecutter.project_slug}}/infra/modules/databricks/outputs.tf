{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "databricks" in ak.modules -%}
output "id" {
  description = "Resource ID of the Databricks workspace."
  value       = azurerm_databricks_workspace.this.id
}

output "name" {
  description = "Name of the Databricks workspace."
  value       = azurerm_databricks_workspace.this.name
}

output "workspace_url" {
  description = "URL of the Databricks workspace."
  value       = azurerm_databricks_workspace.this.workspace_url
}

output "access_connector_id" {
  description = "Resource ID of the Unity Catalog access connector."
  value       = azurerm_databricks_access_connector.this.id
}
{%- endif %}
