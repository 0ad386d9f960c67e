{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "data-factory" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["data-factory"] -%}
// Data Factory with a system-assigned identity for linked services (no stored
// credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.

@description('Name of the data factory.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource factory 'Microsoft.DataFactory/factories@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
  }
}
{{- diagnostics(c, "factory") }}
{{- private_endpoint(c, "factory") }}
{{- role_assignments(c, "factory") }}

output id string = factory.id
output name string = factory.name
{%- endif %}
