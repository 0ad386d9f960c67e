{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "api-management" in ak.modules -%}
output "id" {
  description = "Resource ID of the API Management service."
  value       = azurerm_api_management.this.id
}

output "name" {
  description = "Name of the API Management service."
  value       = azurerm_api_management.this.name
}

output "gateway_url" {
  description = "URL of the API gateway that clients call."
  value       = azurerm_api_management.this.gateway_url
}
{%- if ak.apim_internal %}

output "private_ip_address" {
  description = "Private address of the internal gateway."
  value       = azurerm_api_management.this.private_ip_addresses[0]
}

output "gateway_host_name" {
  description = "Host name of the gateway, which its private zone resolves to the private address (the record exists first)."
  value       = azurerm_private_dns_zone.gateway.name
  depends_on  = [azurerm_private_dns_a_record.gateway, azurerm_private_dns_zone_virtual_network_link.gateway]
}
{%- endif %}
{%- if "ai-foundry" in ak.component_ids %}

output "foundry_backend_id" {
  description = "Resource ID of the Foundry backend, the member of the AI gateway's backend pool."
  value       = azurerm_api_management_backend.ai_foundry.id
}
{%- endif %}
{%- endif %}
