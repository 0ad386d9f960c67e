{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "container-registry" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["container-registry"] -%}
// Container Registry ({{ c.sku }}) without the admin user or anonymous pull: pull with
// the workload identity (AcrPull). Zone redundancy per environment.{{ " Dedicated data endpoints; untagged manifests deleted after 7 days." if c.sku == "Premium" }}
// {{ "No public network access and no image export: reach it through the private endpoint." if ak.private else "Public endpoint open; every pull still needs an Entra ID token." }}

@description('Name of the container registry (5-50 letters and digits, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource registry 'Microsoft.ContainerRegistry/registries@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: '{{ c.sku }}'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkRuleBypassOptions: 'AzureServices'
    zoneRedundancy: zoneRedundant ? 'Enabled' : 'Disabled'
{%- if c.sku == "Premium" %}
    dataEndpointEnabled: true
{%- endif %}
{%- if ak.private or c.sku == "Premium" %}
    policies: {
{%- if c.sku == "Premium" %}
      retentionPolicy: {
        status: 'enabled'
        days: 7
      }
{%- endif %}
{%- if ak.private %}
      exportPolicy: {
        status: 'disabled'
      }
{%- endif %}
    }
{%- endif %}
  }
}
{{- diagnostics(c, "registry") }}
{{- private_endpoint(c, "registry") }}
{{- role_assignments(c, "registry") }}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
{%- endif %}
