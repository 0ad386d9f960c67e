{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "data-lake" in ak.modules %}
{%- from "bicep/macros.j2" import diagnostics, role_assignments with context %}
{%- set c = ak.component["data-lake"] -%}
// Azure Data Lake Storage (a storage account with a hierarchical namespace), the data
// source and offline feature layer the page keeps apart from the workspace's own storage:
// `raw` for data as it lands, `curated` for prepared features. Entra ID only (no shared
// keys), TLS 1.2, blob and container soft delete{{ ", no public network access (dfs and blob private endpoints)" if ak.private }}.
// Grant data roles to the identities that read or write it (the page: Contributor for
// feature materialization, Reader for training), scoped to the containers they need.

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string
{%- for g in c.grants %}

@description('Principal ID of {{ g.principal.label }} that gets data-plane roles here.')
param {{ g.principal.bicep_param }} string
{%- endfor %}
{%- if c.user_roles %}

@description('Object ID of the person (or group) who works with this resource directly; empty grants nothing.')
param developerPrincipalId string
{%- endif %}
{%- if ak.private %}

@description('Resource ID of the subnet that hosts the private endpoints.')
param privateEndpointSubnetId string

@description('Resource IDs of the dfs and blob private DNS zones, in that order.')
param privateDnsZoneIds array
{%- endif %}
{%- if "ml-workspace" in ak.component_ids %}

@description('Name of the Machine Learning workspace that reaches the lake{{ " through its managed network" if ak.private }}.')
param workspaceName string
{%- endif %}

resource lake 'Microsoft.Storage/storageAccounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  sku: {
    // prod adds geo-replication (ZRS -> GZRS), like the workload's own storage.
    name: '{{ c.sku.replace("_ZRS", "_GZRS") if ak.environment == "prod" else c.sku }}'
  }
  properties: {
    isHnsEnabled: true
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    isLocalUserEnabled: false
    isSftpEnabled: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: '{{ "Deny" if ak.private else "Allow" }}'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices"] }}' = {
  parent: lake
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices/containers"] }}' = [for container in [
  'raw'
  'curated'
]: {
  parent: blobService
  name: container
  properties: {
    publicAccess: 'None'
  }
}]
{{- diagnostics(c, "lake", logs=False) }}

// Read, write and delete requests on the blob service (StorageRead/Write/Delete).
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}
{%- if "ml-workspace" in ak.component_ids %}

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ ak.api["Microsoft.MachineLearningServices/workspaces"] }}' existing = {
  name: workspaceName
}

// The workspace's identity approves the private endpoints its managed network creates to
// the lake (nothing grants that role implicitly; the catalog grants it in every mode, so a
// move to private mode needs no new role).
resource workspaceApprover 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(lake.id, workspace.id, '{{ ak.role_ids["Azure AI Enterprise Network Connection Approver"] }}')
  scope: lake
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Azure AI Enterprise Network Connection Approver"] }}') // Azure AI Enterprise Network Connection Approver
    principalId: workspace.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endif %}
{%- if ak.private %}
{%- for g in c.private_endpoint.group_ids %}

resource {{ g }}PrivateEndpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: 'pe-${name}-{{ g }}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}-{{ g }}'
        properties: {
          privateLinkServiceId: lake.id
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
{%- if "ml-workspace" in ak.component_ids %}

// The workspace's managed network allows only approved outbound traffic: managed compute
// and serverless Spark reach the lake through these managed private endpoints.
{%- for g in c.private_endpoint.group_ids %}

resource {{ g }}OutboundRule 'Microsoft.MachineLearningServices/workspaces/outboundRules@{{ ak.api["Microsoft.MachineLearningServices/workspaces/outboundRules"] }}' = {
  parent: workspace
  name: 'data-lake-{{ g }}'
  properties: {
    type: 'PrivateEndpoint'
    category: 'UserDefined'
    destination: {
      serviceResourceId: lake.id
      subresourceTarget: '{{ g }}'
      sparkEnabled: true
    }
  }
  // The workspace applies one outbound rule change at a time, once it may approve them.
  dependsOn: [
    {{ "workspaceApprover" if loop.first else loop.previtem ~ "OutboundRule" }}
  ]
}
{%- endfor %}
{%- endif %}
{%- endif %}
{{- role_assignments(c, "lake") }}

output id string = lake.id
output name string = lake.name
output dfsEndpoint string = lake.properties.primaryEndpoints.dfs
{%- endif %}
