{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "storage" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments, delete_lock with context %}
{%- set c = ak.component["storage"] -%}
// Storage account ({{ c.kind }}; redundancy per environment: {{ (c.sizing | first).summary }}) with Entra ID-only data access: no shared
// keys, no anonymous blob access, no SFTP local users; TLS 1.2 and HTTPS only; blob
// versioning and soft delete. {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource storage 'Microsoft.Storage/storageAccounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    isLocalUserEnabled: false
    isSftpEnabled: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: '{{ "Deny" if ak.private else "Allow" }}'
    }
  }
}

// Blob versioning plus blob and container soft delete, so grounding and training data
// can be traced and recovered.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices"] }}' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
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
{%- if c.diagnostics %}
{{- diagnostics(c, "storage", logs=False) }}

// The account level only supports metrics; the logs come from the blob service.
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
{%- endif %}
{%- if "app-service" in ak.component_ids %}

// The web app runs its package from this container (WEBSITE_RUN_FROM_PACKAGE), read with
// {{ "its own identity (a Storage Blob Data role)" if "app-service" in ak.principal_for else "the workload identity (Storage Blob Data Reader)" }}.
resource deployContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@{{ ak.api["Microsoft.Storage/storageAccounts/blobServices/containers"] }}' = {
  parent: blobService
  name: 'deploy'
  properties: {
    publicAccess: 'None'
  }
}
{%- endif %}
{{- private_endpoint(c, "storage") }}
{%- for h in c.host_endpoints %}

// The Functions host keeps queues and tables here; with public access off they need endpoints too.
resource {{ h.group }}PrivateEndpoint 'Microsoft.Network/privateEndpoints@{{ ak.api["Microsoft.Network/privateEndpoints"] }}' = {
  name: 'pe-${name}-{{ h.group }}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}-{{ h.group }}'
        properties: {
          privateLinkServiceId: storage.id
          groupIds: [
            '{{ h.group }}'
          ]
        }
      }
    ]
  }
}

resource {{ h.group }}PrivateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@{{ ak.api["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] }}' = {
  parent: {{ h.group }}PrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'zone-0'
        properties: {
          privateDnsZoneId: hostPrivateDnsZoneIds[{{ loop.index0 }}]
        }
      }
    ]
  }
}
{%- endfor %}
{{- delete_lock(c, "storage") }}
{{- role_assignments(c, "storage") }}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
{%- endif %}
