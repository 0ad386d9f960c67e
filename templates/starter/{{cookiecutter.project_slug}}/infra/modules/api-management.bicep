{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "api-management" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["api-management"] %}
{%- set foundry = "ai-foundry" in ak.component_ids %}
{%- set ml = "ml-endpoints" in ak.component_ids and not foundry %}
{%- set internal = ak.apim_internal -%}
{%- if internal -%}
// API Management behind Application Gateway: injected into its own subnet in internal mode,
// so it has no public endpoint and the WAF is the only way in from the internet. The tier
// comes from skuName per environment (internal mode needs Developer or Premium). Internal
// mode registers no public DNS name: a private zone for the gateway host name
// (<name>.azure-api.net), linked to the virtual network, resolves it to the private address
// that Application Gateway calls. Add records for the portal and management host names
// there if you use them. No public IP resource: injection in internal mode does not need
// one. System-assigned identity for backend calls; SSL 3.0 / TLS 1.0 / TLS 1.1 off on both
// the client and the backend side.
{%- else -%}
// API Management ({{ c.sku }}) as the AI gateway in front of the workload, with a
// system-assigned identity for backend calls and SSL 3.0 / TLS 1.0 / TLS 1.1 off on
// both the client and the backend side.
{%- endif %}
{%- if ak.private and not internal %}
// Outbound virtual network integration (the v2 tiers' 'External' mode): the gateway stays
// reachable from the internet, while its calls to the backends leave through a delegated
// subnet, so it reaches their private endpoints and resolves them with the private DNS zones.
{%- endif %}
{%- if foundry %}
// Its identity holds 'Cognitive Services OpenAI User' on the Foundry account, which
// is registered as the 'ai-foundry' backend. Add APIs that use that backend with the
// authentication-managed-identity policy (resource https://cognitiveservices.azure.com).
{%- endif %}
{%- if ml %}
// It publishes the workspace's managed online endpoint as the 'ml-scoring' API, so Defender
// for APIs can cover it: callers present an Entra ID token of this tenant, and the gateway
// signs in to the endpoint with its own identity, which holds 'AzureML Data Scientist' on
// that endpoint only (the built-in role that carries the score action).
{%- endif %}

@description('Name of the API Management service.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Email address that receives API Management system notifications.')
param publisherEmail string = 'platform@contoso.com'

@description('Organisation name shown in the developer portal and in notification emails.')
param publisherName string = 'Contoso'
{%- if internal %}

@description('Resource ID of the subnet API Management is injected into (no delegation; its NSG admits the management endpoint and the load balancer).')
param apiManagementSubnetId string

@description('Resource ID of the virtual network whose clients (Application Gateway first) resolve the gateway host name to its private address.')
param virtualNetworkId string
{%- elif ak.private %}

@description('Resource ID of the subnet (delegated to Microsoft.Web/serverFarms) for outbound VNet integration.')
param apiManagementSubnetId string
{%- endif %}
{%- if foundry %}

@description('Resource ID of the Foundry account the gateway fronts.')
param aiFoundryAccountId string

@description('Endpoint of the Foundry account (ends with a slash).')
param aiFoundryEndpoint string
{%- endif %}
{%- if ml %}

@description('Name of the Machine Learning workspace that owns the online endpoint.')
param mlWorkspaceName string

@description('Name of the managed online endpoint the gateway publishes.')
param onlineEndpointName string

@description('Scoring URI of the managed online endpoint (ends with /score).')
param onlineEndpointScoringUri string
{%- endif %}

resource service 'Microsoft.ApiManagement/service@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: capacity
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
    // Public network access cannot be disabled when the service is created.{{ " Internal mode
    // publishes no public endpoint whatever this says." if internal }}
    publicNetworkAccess: 'Enabled'
{%- if internal %}
    virtualNetworkType: 'Internal'
    virtualNetworkConfiguration: {
      subnetResourceId: apiManagementSubnetId
    }
{%- elif ak.private %}
    virtualNetworkType: 'External'
    virtualNetworkConfiguration: {
      subnetResourceId: apiManagementSubnetId
    }
{%- endif %}
    apiVersionConstraint: {
      minApiVersion: '2021-08-01'
    }
{%- if internal %}
    // Legacy protocols off.
{%- else %}
    // Legacy protocols off. {{ c.sku }} does not accept cipher changes; its
    // defaults already exclude the legacy cipher suites.
{%- endif %}
    customProperties: {
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Ssl30': 'false'
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10': 'false'
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls11': 'false'
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Ssl30': 'false'
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls10': 'false'
      'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls11': 'false'
    }
  }
}
{%- if foundry %}

resource aiFoundryBackend 'Microsoft.ApiManagement/service/backends@{{ ak.api["Microsoft.ApiManagement/service/backends"] }}' = {
  parent: service
  name: 'ai-foundry'
  properties: {
    title: 'Microsoft Foundry'
    description: 'Azure OpenAI endpoint of the Foundry account.'
    url: '${aiFoundryEndpoint}openai'
    protocol: 'http'
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
    // Trips on throttling (429) or server errors and honours Retry-After, so a pool
    // that holds this backend skips it until it recovers.
    circuitBreaker: {
      rules: [
        {
          name: 'throttled-or-failing'
          failureCondition: {
            count: 3
            interval: 'PT1M'
            statusCodeRanges: [
              {
                min: 429
                max: 429
              }
              {
                min: 500
                max: 599
              }
            ]
          }
          tripDuration: 'PT1M'
          acceptRetryAfter: true
        }
      ]
    }
  }
}

// The gateway's identity calls the models: 'Cognitive Services OpenAI User' on the account.
var cognitiveServicesOpenAiUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource aiFoundryAccount 'Microsoft.CognitiveServices/accounts@{{ ak.api["Microsoft.CognitiveServices/accounts"] }}' existing = {
  name: last(split(aiFoundryAccountId, '/'))
}

resource openAiUserRoleAssignment 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(aiFoundryAccount.id, service.id, cognitiveServicesOpenAiUserRoleId)
  scope: aiFoundryAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAiUserRoleId)
    principalId: service.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endif %}
{%- if ml %}

resource onlineEndpointBackend 'Microsoft.ApiManagement/service/backends@{{ ak.api["Microsoft.ApiManagement/service/backends"] }}' = {
  parent: service
  name: 'ml-online-endpoint'
  properties: {
    title: 'Managed online endpoint'
    description: 'The workspace managed online endpoint (Entra ID token auth).'
    url: replace(onlineEndpointScoringUri, '/score', '')
    protocol: 'http'
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
  }
}

resource scoringApi 'Microsoft.ApiManagement/service/apis@{{ ak.api["Microsoft.ApiManagement/service/apis"] }}' = {
  parent: service
  name: 'ml-scoring'
  properties: {
    displayName: 'Model scoring'
    description: 'The managed online endpoint through the gateway; callers present an Entra ID token.'
    path: 'online-endpoint'
    apiType: 'http'
    protocols: [
      'https'
    ]
    // Callers are identified by their Entra ID token, not by subscription keys.
    subscriptionRequired: false
  }
}

resource scoreOperation 'Microsoft.ApiManagement/service/apis/operations@{{ ak.api["Microsoft.ApiManagement/service/apis/operations"] }}' = {
  parent: scoringApi
  name: 'score'
  properties: {
    displayName: 'Score'
    method: 'POST'
    urlTemplate: '/score'
  }
}

// Narrow the token check to your callers with <client-application-ids> or <audiences>.
resource scoringPolicy 'Microsoft.ApiManagement/service/apis/policies@{{ ak.api["Microsoft.ApiManagement/service/apis/policies"] }}' = {
  parent: scoringApi
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: '<policies><inbound><base /><validate-azure-ad-token tenant-id="${tenant().tenantId}" header-name="Authorization" failed-validation-httpcode="401"><audiences><audience>https://ml.azure.com</audience></audiences></validate-azure-ad-token><set-backend-service backend-id="${onlineEndpointBackend.name}" /><authentication-managed-identity resource="https://ml.azure.com" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
  }
}

// The gateway's identity scores: 'AzureML Data Scientist' on the online endpoint only.
var azureMlDataScientistRoleId = '{{ ak.role_ids["AzureML Data Scientist"] }}'

resource onlineEndpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@{{ ak.api["Microsoft.MachineLearningServices/workspaces/onlineEndpoints"] }}' existing = {
  name: '${mlWorkspaceName}/${onlineEndpointName}'
}

resource scorerRoleAssignment 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(onlineEndpoint.id, service.id, azureMlDataScientistRoleId)
  scope: onlineEndpoint
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', azureMlDataScientistRoleId)
    principalId: service.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endif %}
{%- if internal %}

resource gatewayZone 'Microsoft.Network/privateDnsZones@{{ ak.api["Microsoft.Network/privateDnsZones"] }}' = {
  name: '${name}.azure-api.net'
  location: 'global'
  tags: tags
}

resource gatewayRecord 'Microsoft.Network/privateDnsZones/A@{{ ak.api["Microsoft.Network/privateDnsZones/A"] }}' = {
  parent: gatewayZone
  name: '@'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: service.properties.privateIPAddresses[0]
      }
    ]
  }
}

resource gatewayZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@{{ ak.api["Microsoft.Network/privateDnsZones/virtualNetworkLinks"] }}' = {
  parent: gatewayZone
  name: last(split(virtualNetworkId, '/'))
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: {
      id: virtualNetworkId
    }
    registrationEnabled: false
  }
}
{%- endif %}
{{- diagnostics(c, "service") }}

output id string = service.id
output name string = service.name
output gatewayUrl string = service.properties.gatewayUrl
{%- if internal %}
output privateIpAddress string = service.properties.privateIPAddresses[0]
// The gateway's host name; callers of this output wait for the module, so the record above exists.
output gatewayHostName string = gatewayZone.name
{%- endif %}
{%- if foundry %}
output foundryBackendName string = aiFoundryBackend.name
{%- endif %}
{%- endif %}
