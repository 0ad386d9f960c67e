{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-gateway-api" in ak.modules -%}
output "api_id" {
  description = "Resource ID of the model API."
  value       = azurerm_api_management_api.openai.id
}

output "backend_pool_id" {
  description = "Resource ID of the load-balanced backend pool."
  value       = azapi_resource.backend_pool.id
}
{%- endif %}
