{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "video-indexer" in ak.modules %}
{%- from "bicep/macros.j2" import std_params with context %}
{%- set c = ak.component["video-indexer"] -%}
// Azure AI Video Indexer (ARM-based account): the page's alternative path, which indexes
// uploaded videos and answers natural-language searches without frame extraction. It keeps
// media in the workload's storage account and reaches it through its own user-assigned
// identity (Storage Blob Data Contributor there), so no storage key is shared; callers get
// access tokens through Azure RBAC on the account.
{%- if ak.private %}
// No public network access: the API is reachable through the private endpoint only (the
// Video Indexer web portal does not work through private endpoints).
// Known gap: Video Indexer is a multitenant service that reaches storage through the storage
// firewall's trusted-services exception, and in private mode the workload storage account's
// public endpoint is off, which that exception does not pass. Before indexing, set the storage
// account to "enabled from selected networks" (default deny, AzureServices bypass), or use
// Video Indexer with a public-mode render.
{%- endif %}

@description('Name of the Video Indexer account.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Name of the workload storage account the account keeps media in.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: storageAccountName
}

// One identity for this function: the account's access to its media storage.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@{{ ak.api["Microsoft.ManagedIdentity/userAssignedIdentities"] }}' = {
  name: 'id-${name}'
  location: location
  tags: tags
}

resource storageRole 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(storage.id, identity.id, '{{ ak.role_ids["Storage Blob Data Contributor"] }}')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Storage Blob Data Contributor"] }}') // Storage Blob Data Contributor
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource account 'Microsoft.VideoIndexer/accounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    storageServices: {
      resourceId: storage.id
      userAssignedIdentity: identity.id
    }
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
  }
  // Video Indexer checks its access to the storage account when the account is created.
  dependsOn: [
    storageRole
  ]
}

// Audit and indexing logs (the account publishes no platform metrics).
resource diagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}
{%- if ak.private %}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: 'pe-${name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}'
        properties: {
          privateLinkServiceId: account.id
          groupIds: [
{%- for g in c.private_endpoint.group_ids %}
            '{{ g }}'
{%- endfor %}
          ]
        }
      }
    ]
  }
}

resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@{{ ak.api["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] }}' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [for (zoneId, i) in privateDnsZoneIds: {
      name: 'zone-${i}'
      properties: {
        privateDnsZoneId: zoneId
      }
    }]
  }
}
{%- endif %}

output id string = account.id
output name string = account.name
output accountId string = account.properties.accountId
output identityPrincipalId string = identity.properties.principalId
{%- endif %}
