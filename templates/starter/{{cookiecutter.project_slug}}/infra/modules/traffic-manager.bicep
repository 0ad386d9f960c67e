{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "traffic-manager" in ak.modules %}
{%- from "bicep/macros.j2" import diagnostics with context %}
{%- set c = ak.component["traffic-manager"] -%}
// Traffic Manager profile (priority routing) in front of the gateway: clients call
// <name>.trafficmanager.net, and Traffic Manager answers with the healthiest gateway,
// probing API Management's built-in status endpoint. This region's gateway is the first
// endpoint; add each gateway you deploy in another region with the next priority.

@description('Name of the profile; also its DNS label under trafficmanager.net (globally unique).')
param name string

@description('Tags applied to every resource in this module.')
param tags object

@description('Resource ID of the Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

@description('Host name of the API Management gateway in this region.')
param gatewayHostName string

resource profile 'Microsoft.Network/trafficmanagerprofiles@{{ c.api_version }}' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    profileStatus: 'Enabled'
    trafficRoutingMethod: 'Priority'
    dnsConfig: {
      relativeName: name
      ttl: 60
    }
    monitorConfig: {
      protocol: 'HTTPS'
      port: 443
      path: '/status-0123456789abcdef'
      intervalInSeconds: 30
      timeoutInSeconds: 10
      toleratedNumberOfFailures: 3
    }
  }
}

resource primaryGateway 'Microsoft.Network/trafficmanagerprofiles/ExternalEndpoints@{{ ak.api["Microsoft.Network/trafficmanagerprofiles/ExternalEndpoints"] }}' = {
  parent: profile
  name: 'gateway-primary'
  properties: {
    target: gatewayHostName
    endpointStatus: 'Enabled'
    priority: 1
  }
}
{{- diagnostics(c, "profile") }}

output id string = profile.id
output fqdn string = '${name}.trafficmanager.net'
{%- endif %}
