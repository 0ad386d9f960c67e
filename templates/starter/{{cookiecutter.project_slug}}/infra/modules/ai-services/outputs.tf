{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-services" in ak.modules -%}
output "id" {
  description = "Resource ID of the Azure AI services account."
  value       = azurerm_cognitive_account.this.id
}

output "name" {
  description = "Name of the Azure AI services account."
  value       = azurerm_cognitive_account.this.name
}

output "endpoint" {
  description = "Endpoint of the Azure AI services account (custom subdomain)."
  value       = azurerm_cognitive_account.this.endpoint
}
{%- endif %}
