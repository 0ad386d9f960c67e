{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "dns-resolver" in ak.modules and ak.private and not ak.landing_zone %}
{%- set c = ak.component["dns-resolver"] -%}
// Azure DNS Private Resolver for hybrid name resolution: its inbound endpoint (a private IP
// in snet-dnsResolverInbound, delegated to Microsoft.Network/dnsResolvers) answers from the
// private DNS zones linked to this virtual network. Point your on-premises DNS servers'
// conditional forwarders for the privatelink zones (including the registry's
// <guid>.registry.<region>.privatelink.api.azureml.ms names) at `inboundEndpointIp`.

@description('Name of the DNS Private Resolver.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the workload virtual network the resolver serves.')
param virtualNetworkId string

@description('Resource ID of snet-dnsResolverInbound (delegated to Microsoft.Network/dnsResolvers, at least /28).')
param inboundSubnetId string

resource resolver 'Microsoft.Network/dnsResolvers@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    virtualNetwork: {
      id: virtualNetworkId
    }
  }
}

resource inboundEndpoint 'Microsoft.Network/dnsResolvers/inboundEndpoints@{{ ak.api["Microsoft.Network/dnsResolvers/inboundEndpoints"] }}' = {
  parent: resolver
  name: 'inbound'
  location: location
  tags: tags
  properties: {
    ipConfigurations: [
      {
        subnet: {
          id: inboundSubnetId
        }
        privateIpAllocationMethod: 'Dynamic'
      }
    ]
  }
}

output id string = resolver.id
output name string = resolver.name
output inboundEndpointIp string = inboundEndpoint.properties.ipConfigurations[0].privateIpAddress
{%- endif %}
