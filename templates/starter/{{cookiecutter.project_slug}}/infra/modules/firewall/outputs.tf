{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "firewall" in ak.modules and ak.private and not ak.landing_zone -%}
output "id" {
  description = "Resource ID of the Azure Firewall."
  value       = azurerm_firewall.this.id
}

output "name" {
  description = "Name of the Azure Firewall."
  value       = azurerm_firewall.this.name
}

output "private_ip_address" {
  description = "Private IP address of the firewall (the next hop of the egress route)."
  value       = azurerm_firewall.this.ip_configuration[0].private_ip_address
}
{%- endif %}
