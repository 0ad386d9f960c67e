{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "traffic-manager" in ak.modules -%}
output "id" {
  description = "Resource ID of the Traffic Manager profile."
  value       = azurerm_traffic_manager_profile.this.id
}

output "fqdn" {
  description = "Host name clients call instead of a regional gateway."
  value       = azurerm_traffic_manager_profile.this.fqdn
}
{%- endif %}
