{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-foundry" in ak.modules -%}
output "id" {
  description = "Resource ID of the Foundry resource."
  value       = azurerm_cognitive_account.this.id
}

output "name" {
  description = "Name of the Foundry resource."
  value       = azurerm_cognitive_account.this.name
}

output "endpoint" {
  description = "Endpoint of the Foundry resource (custom subdomain)."
  value       = azurerm_cognitive_account.this.endpoint
}

output "project_id" {
  description = "Resource ID of the Foundry project."
  value       = azurerm_cognitive_account_project.this.id
}

output "project_name" {
  description = "Name of the Foundry project."
  value       = azurerm_cognitive_account_project.this.name
}

output "project_principal_id" {
  description = "Principal ID of the Foundry project's system-assigned identity, for role assignments on grounding data."
  value       = azurerm_cognitive_account_project.this.identity[0].principal_id
}
{%- endif %}
