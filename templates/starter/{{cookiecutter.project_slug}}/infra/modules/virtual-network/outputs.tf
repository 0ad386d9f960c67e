{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "virtual-network" in ak.modules -%}
{%- set lz = ak.landing_zone %}
{%- set fw = "firewall" in ak.component_ids and ak.private and not lz %}
{%- set vnet = "data.azurerm_virtual_network.spoke" if lz else "azurerm_virtual_network.this" -%}
output "id" {
  description = "Resource ID of the virtual network{{ " (the platform's spoke)" if lz }}."
  value       = {{ vnet }}.id
}

output "name" {
  description = "Name of the virtual network{{ " (the platform's spoke)" if lz }}."
  value       = {{ vnet }}.name
}

# Subnet IDs come from the NSG associations, so resources placed in a subnet wait for its NSG.
output "private_endpoint_subnet_id" {
  description = "Resource ID of the subnet that hosts private endpoints."
  value       = azurerm_subnet_network_security_group_association.private_endpoints.subnet_id
}
{%- if "app-service" in ak.component_ids or "function-app" in ak.component_ids %}

output "app_service_subnet_id" {
  description = "Resource ID of the subnet delegated to App Service plans (VNet integration)."
  value       = azurerm_subnet_network_security_group_association.app_service.subnet_id
}
{%- endif %}
{%- if ak.apim_internal %}

output "api_management_subnet_id" {
  description = "Resource ID of the subnet API Management is injected into (internal mode)."
  value       = azurerm_subnet_network_security_group_association.api_management.subnet_id
{%- if fw %}
  depends_on  = [azurerm_subnet_route_table_association.api_management]
{%- endif %}
}

output "api_management_subnet_prefix" {
  description = "Address prefix of the API Management subnet."
  value       = azurerm_subnet.api_management.address_prefixes[0]
}
{%- elif "api-management" in ak.component_ids and ak.private %}

output "api_management_subnet_id" {
  description = "Resource ID of the subnet delegated to Microsoft.Web/serverFarms for API Management VNet integration."
  value       = azurerm_subnet_network_security_group_association.api_management.subnet_id
}
{%- endif %}
{%- if "agent-service" in ak.component_ids and ak.private %}

output "agent_subnet_id" {
  description = "Resource ID of the subnet delegated to Foundry Agent Service (Microsoft.App/environments)."
  value       = azurerm_subnet_network_security_group_association.agents.subnet_id
}
{%- endif %}
{%- if "aks-inference" in ak.component_ids %}

# A cluster with userDefinedRouting needs the egress route on its subnet before it is created.
output "inference_subnet_id" {
  description = "Resource ID of the subnet of the AKS inference cluster's nodes and internal router."
  value       = azurerm_subnet_network_security_group_association.inference.subnet_id
{%- if fw %}
  depends_on  = [azurerm_subnet_route_table_association.inference]
{%- endif %}
}

output "inference_subnet_prefix" {
  description = "Address prefix of the AKS inference subnet."
  value       = azurerm_subnet.inference.address_prefixes[0]
}
{%- endif %}
{%- if "databricks" in ak.component_ids %}
{%- for key, title in [("databricks_host", "host (public)"), ("databricks_container", "container (private)")] %}

output "{{ key }}_subnet_name" {
  description = "Name of the Databricks {{ title }} subnet."
  value       = azurerm_subnet.{{ key }}.name
}

output "{{ key }}_nsg_association_id" {
  description = "ID of the NSG association of the Databricks {{ title }} subnet (the workspace needs it)."
  value       = azurerm_subnet_network_security_group_association.{{ key }}.id
}
{%- endfor %}
{%- endif %}
{%- if "jump-box" in ak.component_ids and ak.private %}

output "jump_box_subnet_id" {
  description = "Resource ID of snet-jumpBoxes."
  value       = azurerm_subnet_network_security_group_association.jump_box.subnet_id
}
{%- if fw %}

output "jump_box_subnet_prefix" {
  description = "Address prefix of snet-jumpBoxes (the firewall lets it reach Microsoft Entra ID)."
  value       = azurerm_subnet.jump_box.address_prefixes[0]
}
{%- endif %}
{%- if not lz %}

output "bastion_subnet_id" {
  description = "Resource ID of AzureBastionSubnet."
  value       = azurerm_subnet_network_security_group_association.bastion.subnet_id
}
{%- endif %}
{%- endif %}
{%- if "dns-resolver" in ak.component_ids and ak.private and not ak.landing_zone %}

output "dns_resolver_subnet_id" {
  description = "Resource ID of snet-dnsResolverInbound (the DNS Private Resolver's inbound endpoint)."
  value       = azurerm_subnet_network_security_group_association.dns_resolver.subnet_id
}
{%- endif %}
{%- if "build-agents" in ak.component_ids and ak.private %}

output "build_agents_subnet_id" {
  description = "Resource ID of snet-buildAgents (the self-hosted CI/CD runners)."
  value       = azurerm_subnet_network_security_group_association.build_agents.subnet_id
}
{%- endif %}
{%- if "app-gateway" in ak.component_ids %}

output "app_gateway_subnet_id" {
  description = "Resource ID of the Application Gateway subnet."
  value       = azurerm_subnet_network_security_group_association.app_gateway.subnet_id
}
{%- endif %}
{%- if fw %}

output "firewall_subnet_id" {
  description = "Resource ID of AzureFirewallSubnet."
  value       = azurerm_subnet.firewall.id
}

output "egress_subnet_prefixes" {
  description = "Address prefixes of the workload subnets whose egress goes through the firewall."
{%- set routed = ["private_endpoints"] + (["app_service"] if ("app-service" in ak.component_ids or "function-app" in ak.component_ids) else []) + (["api_management"] if ak.apim_internal else []) + (["agents"] if "agent-service" in ak.component_ids else []) + (["inference"] if "aks-inference" in ak.component_ids else []) + (["jump_box"] if "jump-box" in ak.component_ids else []) %}
{%- if "build-agents" in ak.component_ids %}{% set routed = routed + ["build_agents"] %}{% endif %}
{%- if routed | length == 1 %}
  value       = azurerm_subnet.{{ routed[0] }}.address_prefixes
{%- else %}
  value       = concat({% for k in routed %}azurerm_subnet.{{ k }}.address_prefixes{{ ", " if not loop.last }}{% endfor %})
{%- endif %}
}
{%- if ak.component["firewall"].sku == "Basic" %}

output "firewall_management_subnet_id" {
  description = "Resource ID of AzureFirewallManagementSubnet (Basic tier management traffic)."
  value       = azurerm_subnet.firewall_management.id
}
{%- endif %}
{%- endif %}
{%- endif %}
