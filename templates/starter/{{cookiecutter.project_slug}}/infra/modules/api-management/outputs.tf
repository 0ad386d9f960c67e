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
{%- if "ai-foundry" in ak.component_ids %}

output "foundry_backend_id" {
  description = "Resource ID of the Foundry backend, the member of the AI gateway's backend pool."
  value       = azurerm_api_management_backend.ai_foundry.id
}
{%- endif %}
{%- endif %}
