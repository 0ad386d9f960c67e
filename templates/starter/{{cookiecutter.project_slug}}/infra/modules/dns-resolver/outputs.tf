{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "dns-resolver" in ak.modules and ak.private and not ak.landing_zone -%}
output "id" {
  description = "Resource ID of the DNS Private Resolver."
  value       = azurerm_private_dns_resolver.this.id
}

output "name" {
  description = "Name of the DNS Private Resolver."
  value       = azurerm_private_dns_resolver.this.name
}

output "inbound_endpoint_ip" {
  description = "Private IP of the inbound endpoint: the target of on-premises conditional forwarders."
  value       = azurerm_private_dns_resolver_inbound_endpoint.this.ip_configurations[0].private_ip_address
}
{%- endif %}
