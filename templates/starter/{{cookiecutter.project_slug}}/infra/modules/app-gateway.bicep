{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-gateway" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["app-gateway"] %}
{%- set kv = "key-vault" in ak.component_ids %}
{%- set apim_backend = ak.apim_internal and "app-service" not in ak.component_ids and "function-app" not in ak.component_ids -%}
// Application Gateway ({{ c.sku }}), the workload's only internet entry point: HTTPS on 443
// with the certificate read from Key Vault, HTTP on 80 answered with a permanent redirect to
// HTTPS, and a WAF policy in prevention mode (Microsoft default rule set 2.1 + Bot Manager).
{%- if apim_backend %}
// It calls the internal API Management gateway over HTTPS with the gateway's own host name,
// which the gateway's private DNS zone resolves to its private address, and probes the
// gateway's health endpoint.
{%- else %}
// It calls the backend over HTTPS with the backend's own host name{{ ", which resolves to its private endpoint inside the virtual network" if ak.private }}.
{%- endif %}
// The gateway has its own user-assigned identity, which only reads the certificate
// (Key Vault Secrets User{{ " on the workload's vault" if kv }}); the gateway is created after that grant.

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

@description('Versionless Key Vault secret URI of the TLS certificate (PFX) for the HTTPS listener, e.g. https://<vault>.vault.azure.net/secrets/<certificate-name>.')
param certificateSecretUri string
{%- if apim_backend %}

@description('Path of the backend health probe (API Management answers 200 on its status endpoint).')
param probePath string
{%- endif %}
{%- if kv %}

@description('Name of the Key Vault that holds the certificate; the gateway identity gets Key Vault Secrets User on it.')
param keyVaultName string
{%- endif %}

// Names of the resources this module adds: the part of `name` after its abbreviation.
var baseName = substring(name, indexOf(name, '-') + 1)
var gatewayId = resourceId('Microsoft.Network/applicationGateways', name)

// One identity per function: this one only reads the gateway's certificate.
resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@{{ ak.api["Microsoft.ManagedIdentity/userAssignedIdentities"] }}' = {
  name: {{ c.derived.identity.bicep }}
  location: location
  tags: tags
}
{%- if kv %}

resource keyVault 'Microsoft.KeyVault/vaults@{{ ak.component["key-vault"].api_version }}' existing = {
  name: keyVaultName
}

resource certificateReader 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(keyVault.id, gatewayIdentity.id, '{{ ak.role_ids["Key Vault Secrets User"] }}')
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Key Vault Secrets User"] }}') // Key Vault Secrets User
    principalId: gatewayIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endif %}

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
          ruleSetType: 'Microsoft_DefaultRuleSet'
          ruleSetVersion: '2.1'
        }
        {
          ruleSetType: 'Microsoft_BotManagerRuleSet'
          ruleSetVersion: '1.1'
        }
      ]
      // Chat turns carry markdown, code and quotes in the JSON "content" field; scored by the
      // content rules they add up over a conversation until the WAF answers 403. Only that
      // field skips those rule groups (as in the reference implementation).
      exclusions: [
        {
          matchVariable: 'RequestArgValues'
          selectorMatchOperator: 'Contains'
          selector: 'content'
          exclusionManagedRuleSets: [
            {
              ruleSetType: 'Microsoft_DefaultRuleSet'
              ruleSetVersion: '2.1'
              ruleGroups: [
{%- for g in ["SQLI", "MS-ThreatIntel-SQLI", "PROTOCOL-ATTACK", "XSS", "RCE", "LFI", "RFI", "PHP", "MS-ThreatIntel-AppSec", "MS-ThreatIntel-WebShells", "MS-ThreatIntel-CVEs"] %}
                {
                  ruleGroupName: '{{ g }}'
                }
{%- endfor %}
              ]
            }
          ]
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
      '${gatewayIdentity.id}': {}
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
        name: 'https'
        properties: {
          port: 443
        }
      }
      {
        name: 'http'
        properties: {
          port: 80
        }
      }
    ]
    sslCertificates: [
      {
        name: 'tls'
        properties: {
          keyVaultSecretId: certificateSecretUri
        }
      }
    ]
    httpListeners: [
      {
        name: 'https'
        properties: {
          frontendIPConfiguration: {
            id: '${gatewayId}/frontendIPConfigurations/public'
          }
          frontendPort: {
            id: '${gatewayId}/frontendPorts/https'
          }
          protocol: 'Https'
          sslCertificate: {
            id: '${gatewayId}/sslCertificates/tls'
          }
        }
      }
      {
        name: 'http'
        properties: {
          frontendIPConfiguration: {
            id: '${gatewayId}/frontendIPConfigurations/public'
          }
          frontendPort: {
            id: '${gatewayId}/frontendPorts/http'
          }
          protocol: 'Http'
        }
      }
    ]
    redirectConfigurations: [
      {
        name: 'http-to-https'
        properties: {
          redirectType: 'Permanent'
          targetListener: {
            id: '${gatewayId}/httpListeners/https'
          }
          includePath: true
          includeQueryString: true
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
          path: {{ "probePath" if apim_backend else "'/'" }}
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
        name: 'https-to-app'
        properties: {
          ruleType: 'Basic'
          priority: 100
          httpListener: {
            id: '${gatewayId}/httpListeners/https'
          }
          backendAddressPool: {
            id: '${gatewayId}/backendAddressPools/app'
          }
          backendHttpSettings: {
            id: '${gatewayId}/backendHttpSettingsCollection/app-https'
          }
        }
      }
      {
        name: 'http-to-https'
        properties: {
          ruleType: 'Basic'
          priority: 200
          httpListener: {
            id: '${gatewayId}/httpListeners/http'
          }
          redirectConfiguration: {
            id: '${gatewayId}/redirectConfigurations/http-to-https'
          }
        }
      }
    ]
  }
{%- if kv %}
  dependsOn: [
    certificateReader // the gateway reads the certificate when it is created
  ]
{%- endif %}
}
{{- diagnostics(c, "gateway") }}

output id string = gateway.id
output name string = gateway.name
output publicIpAddress string = publicIp.properties.ipAddress
output identityPrincipalId string = gatewayIdentity.properties.principalId
{%- endif %}
