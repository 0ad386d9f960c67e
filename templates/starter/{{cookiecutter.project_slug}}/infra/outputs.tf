{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
{% for p in ak.principals if p.compute -%}
output "{{ p.tf_name }}_client_id" {
  description = "Client ID of the identity {{ p.compute }} runs as (no other compute shares it)."
  value       = module.{{ p.tf_name }}.client_id
}

{% endfor -%}
{% if not ak.principals or ak.principals | rejectattr("compute") | list -%}
output "workload_identity_client_id" {
  description = "Client ID of the workload identity; configure it in the application."
  value       = module.managed_identity.client_id
}

{% endif -%}
output "log_analytics_workspace_id" {
  description = "Resource ID of the Log Analytics workspace that receives all diagnostics."
  value       = module.log_analytics.id
}
{%- endif %}
