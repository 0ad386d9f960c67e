{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "defender-plans" in ak.modules -%}
output "containers_plan_id" {
  description = "Resource ID of the Defender for Containers plan setting."
  value       = azurerm_security_center_subscription_pricing.containers.id
}
{%- endif %}
