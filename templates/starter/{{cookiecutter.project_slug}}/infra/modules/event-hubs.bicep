{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "event-hubs" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["event-hubs"] -%}
{%- set gateway = "ai-gateway-api" in ak.component_ids %}
{%- if gateway %}
// Event Hubs namespace ({{ c.sku }}) for the gateway: `gateway-usage` receives one usage record
// per model call from API Management's logger, and `deferred-requests` holds low-priority
// requests for queue-based load levelling.
{%- else %}
// Event Hubs namespace ({{ c.sku }}) for the data estate's streaming sources: `data-stream`
// receives events that training and scoring jobs read (and that data engineering lands in
// the data lake).
{%- endif %}
// Entra ID only (local SAS auth off), TLS 1.2 or newer{{ ", no public network access (private endpoint)" if ak.private }}.

@description('Name of the Event Hubs namespace (6-50 characters, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Throughput units of the namespace.')
@minValue(1)
@maxValue(40)
param capacity int = 1

@description('Days an event stays in each event hub.')
@minValue(1)
@maxValue(7)
param retentionDays int = 1

var eventHubNames = [
{%- for hub in (["gateway-usage", "deferred-requests"] if gateway else ["data-stream"]) %}
  '{{ hub }}'
{%- endfor %}
]

resource namespace 'Microsoft.EventHub/namespaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: '{{ c.sku }}'
    tier: '{{ c.sku }}'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    isAutoInflateEnabled: false
  }
}

resource eventHubs 'Microsoft.EventHub/namespaces/eventhubs@{{ ak.api["Microsoft.EventHub/namespaces/eventhubs"] }}' = [for hub in eventHubNames: {
  parent: namespace
  name: hub
  properties: {
    partitionCount: 2
    messageRetentionInDays: retentionDays
  }
}]
{{- diagnostics(c, "namespace") }}
{{- private_endpoint(c, "namespace") }}
{{- role_assignments(c, "namespace") }}

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
{%- endif %}
