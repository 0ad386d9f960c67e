{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "agent-service" in ak.modules %}
{%- set c = ak.component["agent-service"] %}
{%- set pre = [("cosmosOperator", "cosmos", "Cosmos DB Operator"),
               ("storageBlobDataContributor", "storage", "Storage Blob Data Contributor"),
               ("searchIndexDataContributor", "search", "Search Index Data Contributor"),
               ("searchServiceContributor", "search", "Search Service Contributor")] -%}
// Foundry Agent Service, standard setup: the project keeps conversation threads, agent
// definitions, uploaded files and vector stores in this workload's own Cosmos DB,
// storage account and AI Search service instead of Microsoft-managed ones.
// Order matters: the project identity gets its roles, the project gets one Entra ID
// connection per dependency, then the capability host binds them. Agent Service then
// creates the `enterprise_memory` database, and the project gets data access to it.
{%- if ak.private %}
// Agent traffic leaves through the delegated agent subnet (networkInjections on the
// Foundry resource), so the dependencies' private endpoints must resolve before this
// module runs; main.bicep passes their names from the modules' outputs for that reason.
{%- endif %}

@description('Name of the Foundry resource (Cognitive Services account) that holds the project.')
param accountName string

@description('Name of the Foundry project the agents run in.')
param projectName string

@description('Name of the Cosmos DB account that stores threads and agent definitions.')
param cosmosDbAccountName string

@description('Name of the storage account that stores files uploaded to agents.')
param storageAccountName string

@description('Name of the AI Search service that holds the agents\' vector stores.')
param searchServiceName string

@description('Name of the project capability host.')
param capabilityHostName string = 'agents'

resource account 'Microsoft.CognitiveServices/accounts@{{ ak.api["Microsoft.CognitiveServices/accounts"] }}' existing = {
  name: accountName
}

resource project 'Microsoft.CognitiveServices/accounts/projects@{{ ak.api["Microsoft.CognitiveServices/accounts/projects"] }}' existing = {
  parent: account
  name: projectName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@{{ ak.api["Microsoft.DocumentDB/databaseAccounts"] }}' existing = {
  name: cosmosDbAccountName
}

resource storage 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: storageAccountName
}

resource search 'Microsoft.Search/searchServices@{{ ak.api["Microsoft.Search/searchServices"] }}' existing = {
  name: searchServiceName
}

// Roles the project identity needs before the capability host is created.
{%- for symbol, scope, role in pre %}
{%- if not loop.first %}
{% endif %}
resource {{ symbol }} 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid({{ scope }}.id, project.id, '{{ ak.role_ids[role] }}')
  scope: {{ scope }}
  properties: {
    description: '{{ role }}: Foundry project ${projectName} (Agent Service standard setup)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids[role] }}')
    principalId: project.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endfor %}

// Project-level connections (never account-level), all with Entra ID auth: no keys.
// Named for their role: connection names allow 3-33 characters, fewer than resource names.
resource cosmosConnection 'Microsoft.CognitiveServices/accounts/projects/connections@{{ ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] }}' = {
  parent: project
  name: 'agent-thread-storage'
  properties: {
    category: 'CosmosDb'
    target: cosmos.properties.documentEndpoint
    authType: 'AAD'
    metadata: {
      ApiType: 'Azure'
      ResourceId: cosmos.id
      location: cosmos.location
    }
  }
}

resource storageConnection 'Microsoft.CognitiveServices/accounts/projects/connections@{{ ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] }}' = {
  parent: project
  name: 'agent-file-storage'
  properties: {
    category: 'AzureStorageAccount'
    target: storage.properties.primaryEndpoints.blob
    authType: 'AAD'
    metadata: {
      ApiType: 'Azure'
      ResourceId: storage.id
      location: storage.location
    }
  }
  // One connection at a time: concurrent changes to a project fail with conflicts.
  dependsOn: [
    cosmosConnection
  ]
}

resource searchConnection 'Microsoft.CognitiveServices/accounts/projects/connections@{{ ak.api["Microsoft.CognitiveServices/accounts/projects/connections"] }}' = {
  parent: project
  name: 'agent-vector-store'
  properties: {
    category: 'CognitiveSearch'
    target: 'https://${search.name}.search.windows.net'
    authType: 'AAD'
    metadata: {
      ApiType: 'Azure'
      ResourceId: search.id
      location: search.location
    }
  }
  // One connection at a time: concurrent changes to a project fail with conflicts.
  dependsOn: [
    storageConnection
  ]
}

resource capabilityHost 'Microsoft.CognitiveServices/accounts/projects/capabilityHosts@{{ c.api_version }}' = {
  parent: project
  name: capabilityHostName
  properties: {
    threadStorageConnections: [
      cosmosConnection.name
    ]
    storageConnections: [
      storageConnection.name
    ]
    vectorStoreConnections: [
      searchConnection.name
    ]
  }
  dependsOn: [
{%- for symbol, scope, role in pre %}
    {{ symbol }}
{%- endfor %}
  ]
}

// Cosmos DB's own data-plane role on the database Agent Service created, so it exists
// only after the capability host.
resource enterpriseMemoryDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@{{ ak.api["Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"] }}' = {
  parent: cosmos
  name: guid(cosmos.id, project.id, 'enterprise_memory')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/{{ ak.role_ids["Cosmos DB Built-in Data Contributor"] }}'
    principalId: project.identity.principalId
    scope: '${cosmos.id}/dbs/enterprise_memory'
  }
  dependsOn: [
    capabilityHost
  ]
}

output capabilityHostName string = capabilityHost.name
output connectionNames array = [
  cosmosConnection.name
  storageConnection.name
  searchConnection.name
]
{%- endif %}
