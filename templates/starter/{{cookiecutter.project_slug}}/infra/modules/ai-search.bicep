{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ai-search" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["ai-search"] -%}
// Azure AI Search with Entra ID only (API keys off), a system-assigned identity for
// indexers and vectorizers, replicas per environment ({{ (c.sizing | selectattr("setting", "equalto", "replica_count") | first).summary }};
// three or more carry the availability SLA) and
// {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.

@description('Name of the search service (lowercase, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource search 'Microsoft.Search/searchServices@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: '{{ c.sku }}'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    replicaCount: replicaCount
    partitionCount: 1
    // Keys off: authOptions must stay unset while disableLocalAuth is true.
    disableLocalAuth: true
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkRuleSet: {
      bypass: 'AzureServices'
    }
    semanticSearch: 'disabled'
  }
}
{{- diagnostics(c, "search") }}
{{- private_endpoint(c, "search") }}
{{- role_assignments(c, "search") }}

output id string = search.id
output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
output principalId string = search.identity.principalId
{%- endif %}
