{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "service-bus" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["service-bus"] -%}
// Service Bus namespace with the queue whose command messages start one orchestration per
// uploaded file. Entra ID only (local SAS auth off), TLS 1.2 or newer,
// {{ "no public network access: private endpoints need the Premium tier" if ak.private else "Standard tier (Premium only adds private endpoints and isolation)" }}.

@description('Name of the Service Bus namespace (6-50 characters, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Name of the queue the web app sends command messages to.')
param queueName string = 'documents'

@description('Deliveries before a message moves to the dead-letter queue.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 5

resource namespace 'Microsoft.ServiceBus/namespaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  sku: {
    name: '{{ "Premium" if ak.private else "Standard" }}'
    tier: '{{ "Premium" if ak.private else "Standard" }}'
{%- if ak.private %}
    capacity: 1
{%- endif %}
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
  }
}

// Peek-lock with a lock long enough for the orchestration starter; poison messages go to
// the dead-letter queue after maxDeliveryCount tries.
resource queue 'Microsoft.ServiceBus/namespaces/queues@{{ ak.api["Microsoft.ServiceBus/namespaces/queues"] }}' = {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: 'PT5M'
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    requiresDuplicateDetection: false
  }
}
{{- diagnostics(c, "namespace") }}
{{- private_endpoint(c, "namespace") }}
{{- role_assignments(c, "namespace") }}

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output queueName string = queue.name
{%- endif %}
