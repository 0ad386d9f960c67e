{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ai-search" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments, delete_lock with context %}
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
{%- if ak.search_connection_roles %}

@description('Name of the Foundry account whose project gets the connection to this service.')
param foundryName string

@description('Name of the Foundry project that gets the connection.')
param projectName string

@description('Principal ID of the Foundry project identity, which queries the indexes.')
param projectPrincipalId string
{%- endif %}

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
    // No trusted-service exception (as in the reference); clients come through the private endpoint.
    networkRuleSet: {
      bypass: 'None'
    }
    semanticSearch: 'disabled'
  }
}
{{- diagnostics(c, "search") }}
{{- private_endpoint(c, "search") }}
{{- delete_lock(c, "search") }}
{{- role_assignments(c, "search") }}
{%- if ak.search_connection_roles %}

// The Foundry project reaches this service through a keyless (Entra ID) project connection,
// with the project identity's own data-plane role{{ "s" if ak.search_connection_roles | length > 1 }}: {{ ak.search_connection_roles | map(attribute="name") | join(", ") }}.
resource foundry 'Microsoft.CognitiveServices/accounts@{{ ak.component["ai-foundry"].api_version }}' existing = {
  name: foundryName

  resource project 'projects' existing = {
    name: projectName
  }
}

resource projectConnection 'Microsoft.CognitiveServices/accounts/projects/connections@{{ ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] }}' = {
  parent: foundry::project
  name: search.name
  properties: {
    category: 'CognitiveSearch'
    target: 'https://${search.name}.search.windows.net'
    authType: 'AAD'
    metadata: {
      ApiType: 'Azure'
      ResourceId: search.id
      location: location
    }
  }
}

var projectRoleDefinitionIds = [
{%- for r in ak.search_connection_roles %}
  '{{ r.id }}' // {{ r.name }}
{%- endfor %}
]

resource projectRoleAssignments 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = [for roleId in projectRoleDefinitionIds: {
  name: guid(search.id, projectPrincipalId, roleId)
  scope: search
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: projectPrincipalId
    principalType: 'ServicePrincipal'
  }
}]
{%- endif %}

output id string = search.id
output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
output principalId string = search.identity.principalId
{%- endif %}
