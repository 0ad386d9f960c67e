{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "databricks" in ak.modules %}
{%- from "bicep/macros.j2" import std_params with context %}
{%- set c = ak.component["databricks"] -%}
// Azure Databricks (Premium) for cleaning, feature engineering, training with MLflow and
// scheduled batch scoring, injected into the workload network: clusters run in the two
// delegated subnets with no public IPs (secure cluster connectivity) and leave through the
// NAT gateway of the virtual network.
{%- if ak.private %}
// The workspace UI and REST API accept only private traffic: one private endpoint for
// databricks_ui_api and one for browser_authentication (single sign-on callbacks; one such
// endpoint serves every workspace of the region), both in privatelink.azuredatabricks.net.
// NoAzureDatabricksRules: clusters reach the control plane over the back-end Private Link
// path instead of NSG rules to the AzureDatabricks service tag.
{%- endif %}
//
// The Unity Catalog access connector has its own system-assigned identity (one identity
// per function) with Storage Blob Data Contributor on the Data Lake: register it as a storage
// credential in the metastore, so notebooks read the lake without keys or secrets.

@description('Name of the Databricks workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the virtual network the clusters are injected into.')
param virtualNetworkId string

@description('Resource ID of the host (public) subnet delegated to Microsoft.Databricks/workspaces.')
param hostSubnetId string

@description('Resource ID of the container (private) subnet delegated to Microsoft.Databricks/workspaces.')
param containerSubnetId string

@description('Name of the Data Lake Storage account the access connector reads and writes.')
param dataLakeName string

resource dataLake 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: dataLakeName
}

resource accessConnector 'Microsoft.Databricks/accessConnectors@{{ ak.api["Microsoft.Databricks/accessConnectors"] }}' = {
  name: {{ c.derived.connector.bicep }}
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource connectorLakeAccess 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(dataLake.id, accessConnector.id, '{{ ak.role_ids["Storage Blob Data Contributor"] }}')
  scope: dataLake
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Storage Blob Data Contributor"] }}') // Storage Blob Data Contributor
    principalId: accessConnector.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workspace 'Microsoft.Databricks/workspaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: '{{ c.sku }}'
  }
  properties: {
    // Classic clusters in the workload's own network (VNet injection).
    computeMode: 'Hybrid'
    // Databricks creates and locks this group for the workspace's own storage and disks.
    managedResourceGroupId: subscriptionResourceId('Microsoft.Resources/resourceGroups', 'mrg-${name}')
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    requiredNsgRules: '{{ "NoAzureDatabricksRules" if ak.private else "AllRules" }}'
    parameters: {
      customVirtualNetworkId: {
        value: virtualNetworkId
      }
      customPublicSubnetName: {
        value: last(split(hostSubnetId, '/'))
      }
      customPrivateSubnetName: {
        value: last(split(containerSubnetId, '/'))
      }
      enableNoPublicIp: {
        value: true
      }
    }
  }
}

// Databricks emits logs only (no platform metrics).
resource diagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = {
  name: 'to-log-analytics'
  scope: workspace
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
{%- for g, pe in [("databricks_ui_api", c.derived.pe), ("browser_authentication", c.derived["pe-auth"])] %}
{%- set sym = "uiApi" if loop.first else "browserAuth" %}

resource {{ sym }}Endpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: {{ pe.bicep }}
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: {{ pe.bicep }}
        properties: {
          privateLinkServiceId: workspace.id
          groupIds: [
            '{{ g }}'
          ]
        }
      }
    ]
  }
}

resource {{ sym }}DnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@{{ ak.api["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] }}' = {
  parent: {{ sym }}Endpoint
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
{%- endfor %}
{%- endif %}

output id string = workspace.id
output name string = workspace.name
output workspaceUrl string = workspace.properties.workspaceUrl
output accessConnectorId string = accessConnector.id
{%- endif %}
