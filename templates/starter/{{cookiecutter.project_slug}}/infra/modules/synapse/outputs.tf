{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "synapse" in ak.modules -%}
output "id" {
  description = "Resource ID of the Synapse workspace."
  value       = azapi_resource.workspace.id
}

output "name" {
  description = "Name of the Synapse workspace."
  value       = azapi_resource.workspace.name
}

output "principal_id" {
  description = "Principal ID of the workspace's system-assigned identity."
  value       = azapi_resource.workspace.identity[0].principal_id
}
{%- endif %}
