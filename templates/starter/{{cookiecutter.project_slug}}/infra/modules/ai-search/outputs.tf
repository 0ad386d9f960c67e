{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-search" in ak.modules -%}
output "id" {
  description = "Resource ID of the search service."
  value       = azurerm_search_service.this.id
}

output "name" {
  description = "Name of the search service."
  value       = azurerm_search_service.this.name
}

output "endpoint" {
  description = "Endpoint of the search service."
  value       = "https://${azurerm_search_service.this.name}.search.windows.net"
}

output "principal_id" {
  description = "Principal ID of the search service's system-assigned identity, for role assignments on data sources and models."
  value       = azurerm_search_service.this.identity[0].principal_id
}
{%- endif %}
