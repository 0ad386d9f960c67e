{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-instance" in ak.modules -%}
output "id" {
  description = "Resource ID of the compute instance (empty when it is not created)."
  value       = length(azapi_resource.this) == 1 ? azapi_resource.this[0].id : ""
}

output "name" {
  description = "Name of the compute instance."
  value       = var.name
}
{%- endif %}
