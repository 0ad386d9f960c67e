{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "synapse" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["synapse"] -%}
// Azure Synapse Analytics workspace, the methodology's "big data cluster" for data volumes
// that outgrow serverless Spark in Machine Learning. Its default file system (`synapse`) is
// on the Data Lake; the workspace's system identity holds Storage Blob Data Contributor
// there. Spark and pipelines run in a managed virtual network with data exfiltration
// protection (outbound only through approved managed private endpoints; the lake's is
// created with the workspace). Microsoft Entra-only authentication: no SQL administrator
// login or password is sent; the deploying principal becomes the workspace's Entra SQL
// administrator, and people get Synapse RBAC roles in Synapse Studio.
// Serverless SQL is billed per query; add Spark or dedicated SQL pools when needed.
{%- if ak.private %}
// No public network access: Sql, SqlOnDemand and Dev private endpoints (Synapse Studio's
// web endpoint needs a private link hub, not created here).
{%- else %}
// The public endpoint has no firewall rule: add Microsoft.Synapse/workspaces/firewallRules
// for your client ranges, or deploy in private mode.
{%- endif %}

@description('Name of the Synapse workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Name of the Data Lake Storage account that holds the workspace\'s default file system.')
param dataLakeName string

resource lake 'Microsoft.Storage/storageAccounts@{{ ak.api["Microsoft.Storage/storageAccounts"] }}' existing = {
  name: dataLakeName
}

resource lakeBlobService 'Microsoft.Storage/storageAccounts/blobServices@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices"] }}' existing = {
  parent: lake
  name: 'default'
}

resource fileSystem 'Microsoft.Storage/storageAccounts/blobServices/containers@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices/containers"] }}' = {
  parent: lakeBlobService
  name: 'synapse'
  properties: {
    publicAccess: 'None'
  }
}

resource workspace 'Microsoft.Synapse/workspaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    defaultDataLakeStorage: {
      resourceId: lake.id
      accountUrl: lake.properties.primaryEndpoints.dfs
      filesystem: fileSystem.name
      createManagedPrivateEndpoint: true
    }
    managedVirtualNetwork: 'default'
    managedVirtualNetworkSettings: {
      preventDataExfiltration: true
      allowedAadTenantIdsForLinking: []
    }
    azureADOnlyAuthentication: true
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
  }
}

// The workspace identity reads and writes its default file system (Spark, pipelines, serverless SQL).
resource lakeRole 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(lake.id, workspace.id, '{{ ak.role_ids["Storage Blob Data Contributor"] }}')
  scope: lake
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Storage Blob Data Contributor"] }}') // Storage Blob Data Contributor
    principalId: workspace.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{{- diagnostics(c, "workspace") }}
{%- if ak.private %}
{%- for g in c.private_endpoint.group_ids %}

resource {{ g | lower }}PrivateEndpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: 'pe-${name}-{{ g | lower }}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}-{{ g | lower }}'
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

resource {{ g | lower }}PrivateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@{{ ak.api["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] }}' = {
  parent: {{ g | lower }}PrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'zone-0'
        properties: {
          privateDnsZoneId: privateDnsZoneIds[{{ 1 if g == "Dev" else 0 }}] // {{ c.private_endpoint.dns_zones[1 if g == "Dev" else 0] }}
        }
      }
    ]
  }
}
{%- endfor %}
{%- endif %}

output id string = workspace.id
output name string = workspace.name
output principalId string = workspace.identity.principalId
{%- endif %}
