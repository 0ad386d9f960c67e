{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "monitor-private-link" in ak.modules and ak.private -%}
output "id" {
  description = "Resource ID of the Azure Monitor Private Link Scope."
  value       = azurerm_monitor_private_link_scope.this.id
}
{%- endif %}
