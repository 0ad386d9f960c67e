{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "log-analytics" in ak.modules -%}
// Log Analytics workspace: the single destination for every diagnostic setting.

@description('Name of the Log Analytics workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Days to keep interactive data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = {{ 90 if ak.environment == "prod" else 30 }}

resource workspace 'Microsoft.OperationalInsights/workspaces@{{ ak.api["Microsoft.OperationalInsights/workspaces"] }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

output id string = workspace.id
output name string = workspace.name
{%- endif %}
