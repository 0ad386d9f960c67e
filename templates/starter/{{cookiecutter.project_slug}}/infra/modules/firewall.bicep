{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "firewall" in ak.modules and ak.private and not ak.landing_zone %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["firewall"] %}
{%- set basic = c.sku == "Basic" -%}
// Azure Firewall ({{ c.sku }} tier) managed by a firewall policy: the workload subnets
// send internet-bound traffic here (route table in the virtual-network module).
// The policy has no rule collections yet, so all egress is denied until you add
// the FQDNs and service tags the workload needs.
{%- if basic %}
// The Basic tier supports threat intelligence in alert mode only and no DNS proxy,
// and needs a management IP configuration in AzureFirewallManagementSubnet.
{%- endif %}

@description('Name of the Azure Firewall.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of AzureFirewallSubnet in the workload virtual network.')
param subnetId string
{%- if basic %}

@description('Resource ID of AzureFirewallManagementSubnet (the Basic tier needs it for management traffic).')
param managementSubnetId string
{%- endif %}

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)

resource policy 'Microsoft.Network/firewallPolicies@{{ ak.api["Microsoft.Network/firewallPolicies"] }}' = {
  name: 'afwp-${baseName}'
  location: location
  tags: tags
  properties: {
    sku: {
      tier: '{{ c.sku }}'
    }
    threatIntelMode: '{{ "Alert" if basic else "Deny" }}'
{%- if not basic %}
    dnsSettings: {
      enableProxy: true
    }
{%- endif %}
  }
}

resource publicIp 'Microsoft.Network/publicIPAddresses@{{ ak.api["Microsoft.Network/publicIPAddresses"] }}' = {
  name: 'pip-${name}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  zones: [
    '1'
    '2'
    '3'
  ]
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}
{%- if basic %}

resource managementPublicIp 'Microsoft.Network/publicIPAddresses@{{ ak.api["Microsoft.Network/publicIPAddresses"] }}' = {
  name: 'pip-${name}-mgmt'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  zones: [
    '1'
    '2'
    '3'
  ]
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}
{%- endif %}

resource firewall 'Microsoft.Network/azureFirewalls@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  zones: [
    '1'
    '2'
    '3'
  ]
  properties: {
    sku: {
      name: 'AZFW_VNet'
      tier: '{{ c.sku }}'
    }
    firewallPolicy: {
      id: policy.id
    }
    ipConfigurations: [
      {
        name: 'ipconfig'
        properties: {
          subnet: {
            id: subnetId
          }
          publicIPAddress: {
            id: publicIp.id
          }
        }
      }
    ]
{%- if basic %}
    managementIpConfiguration: {
      name: 'management'
      properties: {
        subnet: {
          id: managementSubnetId
        }
        publicIPAddress: {
          id: managementPublicIp.id
        }
      }
    }
{%- endif %}
  }
}
{{- diagnostics(c, "firewall") }}

output id string = firewall.id
output name string = firewall.name
output privateIpAddress string = firewall.properties.ipConfigurations[0].properties.privateIPAddress
{%- endif %}
