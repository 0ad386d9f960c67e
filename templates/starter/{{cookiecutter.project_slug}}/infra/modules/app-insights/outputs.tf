{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-insights" in ak.modules -%}
output "id" {
  description = "Resource ID of the Application Insights component."
  value       = azurerm_application_insights.this.id
}

output "name" {
  description = "Name of the Application Insights component."
  value       = azurerm_application_insights.this.name
}

output "connection_string" {
  description = "Connection string for the SDK and OpenTelemetry exporters (ingestion needs an Entra ID token; local auth is off)."
  value       = azurerm_application_insights.this.connection_string
  sensitive   = true
}
{%- endif %}
