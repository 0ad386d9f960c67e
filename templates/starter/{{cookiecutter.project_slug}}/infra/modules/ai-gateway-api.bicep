{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ai-gateway-api" in ak.modules %}
{%- set c = ak.component["ai-gateway-api"] -%}
// The AI gateway's configuration in API Management, as the gateway guide describes it:
// one API for the Azure OpenAI-compatible inference surface, its policy (Entra ID caller
// check, managed-identity sign-in to the backend, a token limit per caller, token metrics),
// the `tenant-id` named value the policy reads, an Application Insights logger with custom
// metrics switched on for the API (the token-metric policy needs both), and a load-balanced
// backend pool whose members trip a circuit breaker on throttling and outages.
// The policy text lives in apim/policies/ai-backend.xml so it can be reviewed as XML.

@description('Name of the API Management service that hosts the API.')
param apiManagementName string

@description('Name of the single Foundry backend the pool balances over (declared with its circuit breaker in api-management.bicep).')
param foundryBackendName string

@description('Connection string of the Application Insights component that receives token metrics.')
param appInsightsConnectionString string

@description('Resource ID of the Application Insights component that receives token metrics.')
param appInsightsId string
{%- if "event-hubs" in ak.component_ids %}

@description('Name of the Event Hubs namespace whose gateway-usage event hub receives usage records.')
param eventHubsNamespaceName string
{%- endif %}

@description('Percentage of requests the API diagnostic samples into Application Insights.')
@minValue(0)
@maxValue(100)
param samplingPercentage int = 100

resource service 'Microsoft.ApiManagement/service@{{ ak.api["Microsoft.ApiManagement/service"] }}' existing = {
  name: apiManagementName
}

resource foundryBackend 'Microsoft.ApiManagement/service/backends@{{ ak.api["Microsoft.ApiManagement/service/backends"] }}' existing = {
  parent: service
  name: foundryBackendName
}

// Read by the policy's validate-azure-ad-token as {{ '{{' }}tenant-id{{ '}}' }}.
resource tenantIdNamedValue 'Microsoft.ApiManagement/service/namedValues@{{ ak.api["Microsoft.ApiManagement/service/namedValues"] }}' = {
  parent: service
  name: 'tenant-id'
  properties: {
    displayName: 'tenant-id'
    value: tenant().tenantId
    secret: false
  }
}

// Add more members (other deployments or regions) to `services`; priority and weight decide the order.
resource backendPool 'Microsoft.ApiManagement/service/backends@{{ ak.api["Microsoft.ApiManagement/service/backends"] }}' = {
  parent: service
  name: 'ai-foundry-pool'
  properties: {
    description: 'Load-balanced pool of model backends; members with an open circuit are skipped.'
    type: 'Pool'
    pool: {
      services: [
        {
          id: foundryBackend.id
          priority: 1
          weight: 1
        }
      ]
    }
  }
}

resource appInsights 'Microsoft.Insights/components@{{ ak.api["Microsoft.Insights/components"] }}' existing = {
  name: last(split(appInsightsId, '/'))
}

// Application Insights takes Entra ID-authenticated telemetry only (local auth off): the
// gateway's system identity publishes as 'Monitoring Metrics Publisher'.
var metricsPublisherRoleId = '{{ ak.role_ids["Monitoring Metrics Publisher"] }}'

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(appInsights.id, service.id, metricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    principalId: service.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logger 'Microsoft.ApiManagement/service/loggers@{{ ak.api["Microsoft.ApiManagement/service/loggers"] }}' = {
  parent: service
  name: 'app-insights'
  properties: {
    loggerType: 'applicationInsights'
    description: 'Token metrics and request telemetry of the AI gateway.'
    resourceId: appInsightsId
    credentials: {
      connectionString: appInsightsConnectionString
      identityClientId: 'SystemAssigned'
    }
    isBuffered: true
  }
  dependsOn: [
    telemetryPublisher
  ]
}
{%- if "event-hubs" in ak.component_ids %}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@{{ ak.api["Microsoft.EventHub/namespaces"] }}' existing = {
  name: eventHubsNamespaceName
}

// The gateway's system identity sends usage records: 'Azure Event Hubs Data Sender' on the namespace.
var eventHubsDataSenderRoleId = '{{ ak.role_ids["Azure Event Hubs Data Sender"] }}'

resource usageSender 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(eventHubsNamespace.id, service.id, eventHubsDataSenderRoleId)
  scope: eventHubsNamespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSenderRoleId)
    principalId: service.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Read by the policy's log-to-eventhub: one usage record per call, for chargeback.
resource usageLogger 'Microsoft.ApiManagement/service/loggers@{{ ak.api["Microsoft.ApiManagement/service/loggers"] }}' = {
  parent: service
  name: 'event-hubs'
  properties: {
    loggerType: 'azureEventHub'
    description: 'Usage records of the AI gateway, to the gateway-usage event hub.'
    credentials: {
      name: 'gateway-usage'
      endpointAddress: '${eventHubsNamespaceName}.servicebus.windows.net'
      identityClientId: 'SystemAssigned'
    }
  }
  dependsOn: [
    usageSender
  ]
}
{%- endif %}

resource api 'Microsoft.ApiManagement/service/apis@{{ c.api_version }}' = {
  parent: service
  name: 'azure-openai'
  properties: {
    displayName: 'Azure OpenAI'
    description: 'Model inference through the AI gateway; callers present an Entra ID token.'
    path: 'openai'
    apiType: 'http'
    protocols: [
      'https'
    ]
    // Callers are identified by their Entra ID token, not by subscription keys.
    subscriptionRequired: false
  }
}

resource chatCompletions 'Microsoft.ApiManagement/service/apis/operations@{{ ak.api["Microsoft.ApiManagement/service/apis/operations"] }}' = {
  parent: api
  name: 'chat-completions'
  properties: {
    displayName: 'Chat completions'
    method: 'POST'
    urlTemplate: '/deployments/{deployment-id}/chat/completions'
    templateParameters: [
      {
        name: 'deployment-id'
        description: 'Name of the model deployment.'
        type: 'string'
        required: true
      }
    ]
  }
}

resource embeddings 'Microsoft.ApiManagement/service/apis/operations@{{ ak.api["Microsoft.ApiManagement/service/apis/operations"] }}' = {
  parent: api
  name: 'embeddings'
  properties: {
    displayName: 'Embeddings'
    method: 'POST'
    urlTemplate: '/deployments/{deployment-id}/embeddings'
    templateParameters: [
      {
        name: 'deployment-id'
        description: 'Name of the model deployment.'
        type: 'string'
        required: true
      }
    ]
  }
}

resource policy 'Microsoft.ApiManagement/service/apis/policies@{{ ak.api["Microsoft.ApiManagement/service/apis/policies"] }}' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('../../apim/policies/ai-backend.xml')
  }
  // The policy names the named value and the pool; both must exist when it is saved.
  dependsOn: [
    tenantIdNamedValue
    backendPool
{%- if "event-hubs" in ak.component_ids %}
    usageLogger
{%- endif %}
  ]
}

// `metrics: true` lets llm-emit-token-metric publish to Application Insights.
resource diagnostic 'Microsoft.ApiManagement/service/apis/diagnostics@{{ ak.api["Microsoft.ApiManagement/service/apis/diagnostics"] }}' = {
  parent: api
  name: 'applicationinsights'
  properties: {
    loggerId: logger.id
    alwaysLog: 'allErrors'
    metrics: true
    logClientIp: false
    verbosity: 'information'
    httpCorrelationProtocol: 'W3C'
    sampling: {
      samplingType: 'fixed'
      percentage: samplingPercentage
    }
  }
}

output apiId string = api.id
output backendPoolId string = backendPool.id
{%- endif %}
