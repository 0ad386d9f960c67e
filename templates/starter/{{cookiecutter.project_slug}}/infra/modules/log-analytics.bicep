{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "log-analytics" in ak.modules -%}
{%- from "bicep/macros.j2" import std_params with context -%}
// Log Analytics workspace: the single destination for every diagnostic setting.

@description('Name of the Log Analytics workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(ak.component["log-analytics"]) }}

resource workspace 'Microsoft.OperationalInsights/workspaces@{{ ak.api["Microsoft.OperationalInsights/workspaces"] }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    features: {
      disableLocalAuth: true
    }
{%- if ak.private and "monitor-private-link" in ak.component_ids %}
    // Agents send through the Azure Monitor Private Link Scope only; diagnostic settings use
    // the Azure backbone and are not affected, and queries stay open for the portal.
    publicNetworkAccessForIngestion: 'Disabled'
    publicNetworkAccessForQuery: 'Enabled'
{%- endif %}
  }
}

output id string = workspace.id
output name string = workspace.name
{%- endif %}
