{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "fabric-capacity" in ak.modules -%}
output "id" {
  description = "Resource ID of the Fabric capacity."
  value       = azurerm_fabric_capacity.this.id
}

output "name" {
  description = "Name of the Fabric capacity."
  value       = azurerm_fabric_capacity.this.name
}
{%- endif %}
