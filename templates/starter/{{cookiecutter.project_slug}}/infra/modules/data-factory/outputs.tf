{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
output "id" {
  description = "Resource ID of the data factory."
  value       = azurerm_data_factory.this.id
}

output "name" {
  description = "Name of the data factory."
  value       = azurerm_data_factory.this.name
}
{%- endif %}
