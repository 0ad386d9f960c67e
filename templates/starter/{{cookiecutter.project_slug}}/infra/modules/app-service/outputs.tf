{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
output "id" {
  description = "Resource ID of the web app."
  value       = azurerm_linux_web_app.this.id
}

output "name" {
  description = "Name of the web app."
  value       = azurerm_linux_web_app.this.name
}

output "default_hostname" {
  description = "Default host name (<name>.azurewebsites.net) of the web app."
  value       = azurerm_linux_web_app.this.default_hostname
}

output "plan_id" {
  description = "Resource ID of the App Service plan."
  value       = azurerm_service_plan.this.id
}
{%- endif %}
