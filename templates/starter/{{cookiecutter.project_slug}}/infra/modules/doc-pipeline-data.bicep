{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "doc-pipeline-data" in ak.modules %}
{%- set c = ak.component["doc-pipeline-data"] -%}
// The data the document flow writes, in the accounts the storage and cosmos-db modules
// create: the private blob container uploads land in, and the Cosmos DB container for each
// document's type, location, page range and correlation ID (its database's shared
// throughput applies). The Durable Functions task hub keeps its queues and tables in the
// same storage account through the host's identity-based connection.
{%- if ak.private %}
// Public access to the account is off, so the task hub needs queue and table private
// endpoints next to the blob one the storage module creates.
{%- endif %}

@description('Name of the storage account that holds uploads and the Functions task hub.')
param storageAccountName string

@description('Name of the Cosmos DB account that holds document metadata.')
param cosmosDbAccountName string

@description('Name of the Cosmos DB database of the workload.')
param cosmosDbDatabaseName string

@description('Name of the blob container uploads are written to.')
param uploadContainerName string = 'documents'

@description('Name of the Cosmos DB container for document metadata.')
param metadataContainerName string = 'document-metadata'
{%- if ak.private %}

@description('Azure region of the private endpoints.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the subnet that hosts the private endpoints.')
param privateEndpointSubnetId string

@description('Resource IDs of the queue and table private DNS zones, in that order.')
param privateDnsZoneIds array
{%- endif %}

resource storage 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices"] }}' existing = {
  parent: storage
  name: 'default'
}

resource uploadContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@{{ c.api_version }}' = {
  parent: blobService
  name: uploadContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@{{ ak.api["Microsoft.DocumentDB/databaseAccounts"] }}' existing = {
  name: cosmosDbAccountName
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@{{ ak.api["Microsoft.DocumentDB/databaseAccounts/sqlDatabases"] }}' existing = {
  parent: cosmosAccount
  name: cosmosDbDatabaseName
}

// One item per embedded document, partitioned by the correlation ID that AI Search
// results carry, so a search hit leads to its record with a point read.
resource metadataContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@{{ ak.api["Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"] }}' = {
  parent: database
  name: metadataContainerName
  tags: tags
  properties: {
    resource: {
      id: metadataContainerName
      partitionKey: {
        paths: [
          '/correlationId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        automatic: true
        indexingMode: 'consistent'
      }
    }
  }
}
{%- if ak.private %}
{%- for g in ["queue", "table"] %}

resource {{ g }}PrivateEndpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: 'pe-${storageAccountName}-{{ g }}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${storageAccountName}-{{ g }}'
        properties: {
          privateLinkServiceId: storage.id
          groupIds: [
            '{{ g }}'
          ]
        }
      }
    ]
  }
}

resource {{ g }}PrivateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@{{ ak.api["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] }}' = {
  parent: {{ g }}PrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'zone-0'
        properties: {
          privateDnsZoneId: privateDnsZoneIds[{{ loop.index0 }}]
        }
      }
    ]
  }
}
{%- endfor %}
{%- endif %}

output uploadContainerName string = uploadContainer.name
output metadataContainerName string = metadataContainer.name
{%- endif %}
