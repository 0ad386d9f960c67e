{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "blob-containers" in ak.modules -%}
output "container_names" {
  description = "Names of the containers."
  value       = [for c in azurerm_storage_container.this : c.name]
}
{%- endif %}
