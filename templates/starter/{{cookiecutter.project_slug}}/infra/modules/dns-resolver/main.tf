{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "dns-resolver" in ak.modules and ak.private and not ak.landing_zone -%}
# Azure DNS Private Resolver for hybrid name resolution: its inbound endpoint (a private IP
# in snet-dnsResolverInbound, delegated to Microsoft.Network/dnsResolvers) answers from the
# private DNS zones linked to this virtual network. Point your on-premises DNS servers'
# conditional forwarders for the privatelink zones (including the registry's
# <guid>.registry.<region>.privatelink.api.azureml.ms names) at `inbound_endpoint_ip`.
resource "azurerm_private_dns_resolver" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  virtual_network_id  = var.virtual_network_id
  tags                = var.tags
}

resource "azurerm_private_dns_resolver_inbound_endpoint" "this" {
  name                    = "inbound"
  private_dns_resolver_id = azurerm_private_dns_resolver.this.id
  location                = var.location
  tags                    = var.tags

  ip_configurations {
    subnet_id                    = var.inbound_subnet_id
    private_ip_allocation_method = "Dynamic"
  }
}
{%- endif %}
