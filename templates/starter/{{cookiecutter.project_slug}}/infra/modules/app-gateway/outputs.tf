{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway" in ak.modules -%}
output "id" {
  description = "Resource ID of the Application Gateway."
  value       = azurerm_application_gateway.this.id
}

output "name" {
  description = "Name of the Application Gateway."
  value       = azurerm_application_gateway.this.name
}

output "public_ip_address" {
  description = "Public IP address of the gateway listener."
  value       = azurerm_public_ip.this.ip_address
}
{%- endif %}
