{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-endpoints" in ak.modules -%}
output "online_endpoint_id" {
  description = "Resource ID of the managed online endpoint."
  value       = azapi_resource.online.id
}

output "online_endpoint_name" {
  description = "Name of the managed online endpoint."
  value       = azapi_resource.online.name
}

output "online_endpoint_scoring_uri" {
  description = "Scoring URI of the managed online endpoint."
  value       = azapi_resource.online.output.properties.scoringUri
}

output "batch_endpoint_id" {
  description = "Resource ID of the batch endpoint."
  value       = azapi_resource.batch.id
}

output "batch_endpoint_name" {
  description = "Name of the batch endpoint."
  value       = azapi_resource.batch.name
}
{%- endif %}
