{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "firewall" in ak.modules and ak.private and not ak.landing_zone %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["firewall"] %}
{%- set basic = c.sku == "Basic" %}
{%- from "egress_rules.j2" import aks_rules, apim_rules, jump_box_rules %}
{%- set jump = "jump-box" in ak.component_ids %}
{%- set aks = "aks-inference" in ak.component_ids %}
{%- set apim = ak.apim_internal -%}
// Azure Firewall ({{ c.sku }} tier) managed by a firewall policy: the workload subnets
// send internet-bound traffic here (route table in the virtual-network module).
// The policy denies everything its rules do not allow. It starts with one network
// rule (HTTPS to the AzureMonitor service tag, so telemetry and diagnostics flow);
// add the FQDNs and service tags the workload needs to the 'workload-egress' group.
{%- if aks %}
// The AKS inference subnet gets the FQDNs that AKS, its add-ons and the Machine Learning
// extension need (application rules; the cluster's outbound type is userDefinedRouting).
{%- endif %}
{%- if apim %}
// The internal API Management subnet gets the service tags its control plane depends on.
{%- endif %}
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

@description('Address prefixes of the workload subnets whose egress goes through the firewall.')
param sourceAddressPrefixes array
{%- if aks %}

@description('Address prefix of the AKS inference subnet.')
param inferenceSubnetPrefix string
{%- endif %}
{%- if jump %}

@description('Address prefix of the jump box subnet.')
param jumpBoxSubnetPrefix string
{%- endif %}
{%- if apim %}

@description('Address prefix of the API Management subnet.')
param apiManagementSubnetPrefix string
{%- endif %}
{%- if basic %}

@description('Resource ID of AzureFirewallManagementSubnet (the Basic tier needs it for management traffic).')
param managementSubnetId string
{%- endif %}

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)

resource policy 'Microsoft.Network/firewallPolicies@{{ ak.api["Microsoft.Network/firewallPolicies"] }}' = {
  name: {{ c.derived.policy.bicep }}
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

// Egress rules. Collections are evaluated by priority; traffic that no rule allows is
// denied. Add an application rule collection to this list for the FQDNs the app calls
// outside Azure, for example:
//   {
//     ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
//     name: 'app-fqdns'
//     priority: 200
//     action: { type: 'Allow' }
//     rules: [
//       {
//         ruleType: 'ApplicationRule'
//         name: 'partner-api'
//         sourceAddresses: sourceAddressPrefixes
//         targetFqdns: [ 'api.example.com' ]
//         protocols: [ { protocolType: 'Https', port: 443 } ]
//       }
//     ]
//   }
var egressRuleCollections = [
  {
    ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
    name: 'platform-network'
    priority: 100
    action: {
      type: 'Allow'
    }
    rules: [
      {
        ruleType: 'NetworkRule'
        name: 'azure-monitor'
        description: 'Telemetry and diagnostics to Azure Monitor (Application Insights ingestion) over HTTPS.'
        ipProtocols: [
          'TCP'
        ]
        sourceAddresses: sourceAddressPrefixes
        destinationAddresses: [
          'AzureMonitor'
        ]
        destinationPorts: [
          '443'
        ]
      }
{%- if apim %}
{%- for r in apim_rules %}
      {
        ruleType: 'NetworkRule'
        name: '{{ r.name }}'
        description: '{{ r.description }}'
        ipProtocols: [
          'TCP'
        ]
        sourceAddresses: [
          apiManagementSubnetPrefix
        ]
        destinationAddresses: [
{%- for d in r.destinations %}
          '{{ d }}'
{%- endfor %}
        ]
        destinationPorts: [
{%- for p in r.ports %}
          '{{ p }}'
{%- endfor %}
        ]
      }
{%- endfor %}
{%- endif %}
    ]
  }
{%- if aks %}
  {
    ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
    name: 'aks-egress'
    priority: 300
    action: {
      type: 'Allow'
    }
    rules: [
{%- for r in aks_rules %}
      {
        ruleType: 'ApplicationRule'
        name: '{{ r.name }}'
        description: '{{ r.description }}'
        sourceAddresses: [
          inferenceSubnetPrefix
        ]
        targetFqdns: [
{%- for f in r.fqdns %}
          '{{ f | replace("{location}", "${location}") }}'
{%- endfor %}
        ]
        protocols: [
          {
            protocolType: 'Https'
            port: 443
          }
        ]
      }
{%- endfor %}
    ]
  }
{%- endif %}
{%- if jump %}
  {
    ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
    name: 'jump-box-egress'
    priority: 400
    action: {
      type: 'Allow'
    }
    rules: [
{%- for r in jump_box_rules %}
      {
        ruleType: 'ApplicationRule'
        name: '{{ r.name }}'
        description: '{{ r.description }}'
        sourceAddresses: [
          jumpBoxSubnetPrefix
        ]
        targetFqdns: [
{%- for f in r.fqdns %}
          '{{ f }}'
{%- endfor %}
        ]
        protocols: [
          {
            protocolType: 'Https'
            port: 443
          }
        ]
      }
{%- endfor %}
    ]
  }
{%- endif %}
]

resource egressRules 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@{{ ak.api["Microsoft.Network/firewallPolicies/ruleCollectionGroups"] }}' = {
  parent: policy
  name: 'workload-egress'
  properties: {
    priority: 200
    ruleCollections: egressRuleCollections
  }
}

resource publicIp 'Microsoft.Network/publicIPAddresses@{{ ak.api["Microsoft.Network/publicIPAddresses"] }}' = {
  name: {{ c.derived.pip.bicep }}
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
  name: {{ c.derived['pip-mgmt'].bicep }}
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
