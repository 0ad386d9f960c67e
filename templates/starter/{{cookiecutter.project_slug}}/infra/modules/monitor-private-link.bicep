{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "monitor-private-link" in ak.modules and ak.private %}
{%- set c = ak.component["monitor-private-link"] -%}
// Azure Monitor Private Link Scope: agents and SDKs inside the virtual network send
// telemetry to the Log Analytics workspace and Application Insights over a private
// endpoint only (ingestion PrivateOnly). Queries stay open so the portal keeps working
// from outside; set queryAccessMode to PrivateOnly once operators query from the network.
// One scope serves the whole network: Azure Monitor's DNS zones are shared, so a network
// must not have two.

@description('Name of the private link scope.')
param name string

@description('Azure region of the private endpoint.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the Log Analytics workspace to scope.')
param logAnalyticsWorkspaceId string

@description('Resource ID of the Application Insights component to scope.')
param appInsightsId string

@description('Resource ID of the subnet that hosts the private endpoint.')
param privateEndpointSubnetId string

@description('Resource IDs of the private DNS zones Azure Monitor needs.')
param privateDnsZoneIds array

resource scope 'Microsoft.Insights/privateLinkScopes@{{ c.api_version }}' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    accessModeSettings: {
      ingestionAccessMode: 'PrivateOnly'
      queryAccessMode: 'Open'
    }
  }
}

resource workspaceLink 'Microsoft.Insights/privateLinkScopes/scopedResources@{{ ak.api["Microsoft.Insights/privateLinkScopes/scopedResources"] }}' = {
  parent: scope
  name: 'log-analytics'
  properties: {
    linkedResourceId: logAnalyticsWorkspaceId
  }
}

resource appInsightsLink 'Microsoft.Insights/privateLinkScopes/scopedResources@{{ ak.api["Microsoft.Insights/privateLinkScopes/scopedResources"] }}' = {
  parent: scope
  name: 'app-insights'
  properties: {
    linkedResourceId: appInsightsId
  }
}

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
          privateLinkServiceId: scope.id
          groupIds: [
{%- for g in c.private_endpoint.group_ids %}
            '{{ g }}'
{%- endfor %}
          ]
        }
      }
    ]
  }
  // The endpoint's DNS records cover every resource in the scope: link them first.
  dependsOn: [
    workspaceLink
    appInsightsLink
  ]
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

output id string = scope.id
{%- endif %}
