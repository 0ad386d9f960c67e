{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-registry" in ak.modules -%}
output "id" {
  description = "Resource ID of the Machine Learning registry."
  value       = azapi_resource.registry.id
}

output "name" {
  description = "Name of the Machine Learning registry."
  value       = azapi_resource.registry.name
}
{%- endif %}
