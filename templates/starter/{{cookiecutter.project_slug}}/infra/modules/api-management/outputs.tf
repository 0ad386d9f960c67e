{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "api-management" in ak.modules -%}
output "id" {
  description = "Resource ID of the API Management service."
  value       = azurerm_api_management.this.id
}

output "name" {
  description = "Name of the API Management service."
  value       = azurerm_api_management.this.name
}

output "gateway_url" {
  description = "URL of the API gateway that clients call."
  value       = azurerm_api_management.this.gateway_url
}
{%- endif %}
