{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "api-management" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["api-management"] %}
{%- set foundry = "ai-foundry" in ak.component_ids -%}
// API Management ({{ c.sku }}) as the AI gateway in front of the workload, with a
// system-assigned identity for backend calls and SSL 3.0 / TLS 1.0 / TLS 1.1 off on
// both the client and the backend side.
{%- if ak.private %}
// Outbound virtual network integration (the v2 tiers' 'External' mode): the gateway stays
// reachable from the internet, while its calls to the backends leave through a delegated
// subnet, so it reaches their private endpoints and resolves them with the private DNS zones.
{%- endif %}
{%- if foundry %}
// Its identity holds 'Cognitive Services OpenAI User' on the Foundry account, which
// is registered as the 'ai-foundry' backend. Add APIs that use that backend with the
// authentication-managed-identity policy (resource https://cognitiveservices.azure.com).
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
{%- if ak.private %}

@description('Resource ID of the subnet (delegated to Microsoft.Web/serverFarms) for outbound VNet integration.')
param apiManagementSubnetId string
{%- endif %}
{%- if foundry %}

@description('Resource ID of the Foundry account the gateway fronts.')
param aiFoundryAccountId string

@description('Endpoint of the Foundry account (ends with a slash).')
param aiFoundryEndpoint string
{%- endif %}

resource service 'Microsoft.ApiManagement/service@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: '{{ c.sku }}'
    capacity: capacity
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
    // Public network access cannot be disabled when the service is created.
    publicNetworkAccess: 'Enabled'
{%- if ak.private %}
    virtualNetworkType: 'External'
    virtualNetworkConfiguration: {
      subnetResourceId: apiManagementSubnetId
    }
{%- endif %}
    apiVersionConstraint: {
      minApiVersion: '2021-08-01'
    }
    // Legacy protocols off. {{ c.sku }} does not accept cipher changes; its
    // defaults already exclude the legacy cipher suites.
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
{{- diagnostics(c, "service") }}

output id string = service.id
output name string = service.name
output gatewayUrl string = service.properties.gatewayUrl
{%- if foundry %}
output foundryBackendName string = aiFoundryBackend.name
{%- endif %}
{%- endif %}
