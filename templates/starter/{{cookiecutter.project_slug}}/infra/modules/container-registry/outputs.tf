{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "container-registry" in ak.modules -%}
output "id" {
  description = "Resource ID of the container registry."
  value       = azurerm_container_registry.this.id
}

output "name" {
  description = "Name of the container registry."
  value       = azurerm_container_registry.this.name
}

output "login_server" {
  description = "Login server (<name>.azurecr.io) for image references."
  value       = azurerm_container_registry.this.login_server
}
{%- endif %}
