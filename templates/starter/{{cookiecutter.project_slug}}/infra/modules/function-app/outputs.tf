{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
output "id" {
  description = "Resource ID of the function app."
  value       = azurerm_linux_function_app.this.id
}

output "name" {
  description = "Name of the function app."
  value       = azurerm_linux_function_app.this.name
}

output "default_hostname" {
  description = "Default host name (<name>.azurewebsites.net) of the function app."
  value       = azurerm_linux_function_app.this.default_hostname
}

output "plan_id" {
  description = "Resource ID of the Elastic Premium plan."
  value       = azurerm_service_plan.this.id
}
{%- endif %}
