{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
output "workload_identity_client_id" {
  description = "Client ID of the workload identity; configure it in the application."
  value       = module.managed_identity.client_id
}

output "log_analytics_workspace_id" {
  description = "Resource ID of the Log Analytics workspace that receives all diagnostics."
  value       = module.log_analytics.id
}
{%- endif %}
