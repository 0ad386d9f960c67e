{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-gateway" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["app-gateway"] -%}
// Application Gateway ({{ c.sku }}) with a WAF policy in prevention mode (OWASP 3.2):
// the workload's only internet entry point. It calls the backend over HTTPS with the
// backend's own host name{{ ", which resolves to its private endpoint inside the virtual network" if ak.private }}.
// The listener serves HTTPS with the Key Vault certificate in tlsCertificateSecretId,
// read with the workload identity; while that is empty it serves HTTP on port 80.

@description('Name of the Application Gateway.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the subnet dedicated to the Application Gateway.')
param subnetId string

@description('Host name of the backend (for example the web app default host name); the gateway calls it over HTTPS.')
param backendHostName string

@description('Resource ID of the user-assigned identity that reads the TLS certificate from Key Vault (needs Key Vault Secrets User).')
param identityId string

@description('Versionless Key Vault secret ID of the TLS certificate (PFX) for the public listener; empty serves HTTP on port 80.')
param tlsCertificateSecretId string = ''

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)
var useTls = !empty(tlsCertificateSecretId)
var gatewayId = resourceId('Microsoft.Network/applicationGateways', name)

resource wafPolicy 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies@{{ ak.api["Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies"] }}' = {
  name: {{ c.derived.waf.bicep }}
  location: location
  tags: tags
  properties: {
    policySettings: {
      state: 'Enabled'
      mode: 'Prevention'
      requestBodyCheck: true
      requestBodyInspectLimitInKB: 128
      maxRequestBodySizeInKb: 128
      fileUploadLimitInMb: 100
    }
    managedRules: {
      managedRuleSets: [
        {
          ruleSetType: 'OWASP'
          ruleSetVersion: '3.2'
        }
      ]
    }
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

resource gateway 'Microsoft.Network/applicationGateways@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  zones: [
    '1'
    '2'
    '3'
  ]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    sku: {
      name: '{{ c.sku }}'
      tier: '{{ c.sku }}'
    }
    autoscaleConfiguration: {
      minCapacity: minCapacity
      maxCapacity: maxCapacity
    }
    enableHttp2: true
    firewallPolicy: {
      id: wafPolicy.id
    }
    forceFirewallPolicyAssociation: true
    sslPolicy: {
      policyType: 'Predefined'
      policyName: 'AppGwSslPolicy20220101S'
    }
    gatewayIPConfigurations: [
      {
        name: 'gateway'
        properties: {
          subnet: {
            id: subnetId
          }
        }
      }
    ]
    frontendIPConfigurations: [
      {
        name: 'public'
        properties: {
          publicIPAddress: {
            id: publicIp.id
          }
        }
      }
    ]
    frontendPorts: [
      {
        name: 'listener'
        properties: {
          port: useTls ? 443 : 80
        }
      }
    ]
    sslCertificates: useTls ? [
      {
        name: 'tls'
        properties: {
          keyVaultSecretId: tlsCertificateSecretId
        }
      }
    ] : []
    httpListeners: [
      {
        name: 'public'
        properties: {
          frontendIPConfiguration: {
            id: '${gatewayId}/frontendIPConfigurations/public'
          }
          frontendPort: {
            id: '${gatewayId}/frontendPorts/listener'
          }
          protocol: useTls ? 'Https' : 'Http'
          sslCertificate: useTls ? {
            id: '${gatewayId}/sslCertificates/tls'
          } : null
        }
      }
    ]
    backendAddressPools: [
      {
        name: 'app'
        properties: {
          backendAddresses: [
            {
              fqdn: backendHostName
            }
          ]
        }
      }
    ]
    probes: [
      {
        name: 'app-https'
        properties: {
          protocol: 'Https'
          path: '/'
          interval: 30
          timeout: 30
          unhealthyThreshold: 3
          pickHostNameFromBackendHttpSettings: true
          match: {
            statusCodes: [
              '200-399'
            ]
          }
        }
      }
    ]
    backendHttpSettingsCollection: [
      {
        name: 'app-https'
        properties: {
          port: 443
          protocol: 'Https'
          cookieBasedAffinity: 'Disabled'
          pickHostNameFromBackendAddress: true
          requestTimeout: 30
          probe: {
            id: '${gatewayId}/probes/app-https'
          }
        }
      }
    ]
    requestRoutingRules: [
      {
        name: 'public-to-app'
        properties: {
          ruleType: 'Basic'
          priority: 100
          httpListener: {
            id: '${gatewayId}/httpListeners/public'
          }
          backendAddressPool: {
            id: '${gatewayId}/backendAddressPools/app'
          }
          backendHttpSettings: {
            id: '${gatewayId}/backendHttpSettingsCollection/app-https'
          }
        }
      }
    ]
  }
}
{{- diagnostics(c, "gateway") }}

output id string = gateway.id
output name string = gateway.name
output publicIpAddress string = publicIp.properties.ipAddress
{%- endif %}
