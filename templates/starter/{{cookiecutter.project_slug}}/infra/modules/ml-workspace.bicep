{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-workspace" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["ml-workspace"] -%}
// Azure Machine Learning workspace with a system-assigned identity, identity-based
// access to its default datastores (no storage keys) and a managed network that
{%- if ak.private %}
// allows only approved outbound traffic. Clients reach it through its private endpoint.
{%- else %}
// allows internet outbound traffic.
{%- endif %}

@description('Name of the Azure Machine Learning workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the storage account that holds the workspace default datastores.')
param storageAccountId string

@description('Resource ID of the Key Vault the workspace uses for its secrets.')
param keyVaultId string

@description('Resource ID of the workspace-based Application Insights component.')
param applicationInsightsId string

@description('Resource ID of the container registry for environment images.')
param containerRegistryId string

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  sku: {
    name: '{{ c.sku }}'
    tier: '{{ c.sku }}'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    storageAccount: storageAccountId
    keyVault: keyVaultId
    applicationInsights: applicationInsightsId
    containerRegistry: containerRegistryId
    systemDatastoresAuthMode: 'Identity'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    managedNetwork: {
      isolationMode: '{{ "AllowOnlyApprovedOutbound" if ak.private else "AllowInternetOutbound" }}'
    }
    v1LegacyMode: false
    hbiWorkspace: false
  }
}
{{- diagnostics(c, "workspace") }}
{{- private_endpoint(c, "workspace") }}
{{- role_assignments(c, "workspace") }}

output id string = workspace.id
output name string = workspace.name
{%- endif %}
