{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-registry" in ak.modules %}
{%- set c = ak.component["ml-registry"] -%}
// Azure Machine Learning registry: the promotion gate that holds approved model and
// environment versions, with its own system-created storage account and Premium container
// registry in a managed resource group. The page places one registry in a platform
// subscription shared by every environment: deploy this module once there, and point the
// other environments' pipelines at it.
{%- if ak.private %}
// No public network access; workspaces and pipelines reach it through the private endpoint
// (the backing storage and registry get their own endpoints from the managed resource group).
{%- endif %}
// Grant the promotion pipeline's identity 'AzureML Registry User' here; that identity is yours.

@description('Name of the registry (3-33 characters: letters, digits, hyphens, underscores).')
param name string

@description('Azure region; also the only replication region of the registry.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{%- if ak.private %}

@description('Resource ID of the subnet that hosts the private endpoint.')
param privateEndpointSubnetId string

@description('Resource IDs of the private DNS zones for the private endpoint.')
param privateDnsZoneIds array
{%- endif %}

resource registry 'Microsoft.MachineLearningServices/registries@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    regionDetails: [
      {
        location: location
        acrDetails: [
          {
            systemCreatedAcrAccount: {
              acrAccountSku: 'Premium'
            }
          }
        ]
        storageAccountDetails: [
          {
            systemCreatedStorageAccount: {
              storageAccountType: 'Standard_ZRS'
              storageAccountHnsEnabled: false
              allowBlobPublicAccess: false
            }
          }
        ]
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
          privateLinkServiceId: registry.id
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

output id string = registry.id
output name string = registry.name
{%- endif %}
