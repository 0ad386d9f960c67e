{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-endpoints" in ak.modules %}
{%- from "bicep/macros.j2" import diagnostics with context %}
{%- set c = ak.component["ml-endpoints"] -%}
// The production targets of the outer loop: a managed online endpoint and a batch endpoint
// on the workspace. Both accept only Microsoft Entra ID tokens (no keys) and run as the
// workload identity, which already pulls images (AcrPull) and reads model files (Storage
// Blob Data Contributor). The endpoints are empty: the model pipeline creates the
// deployments, tests them and shifts traffic after its approval gate.
{%- if ak.private %}
// The online endpoint takes no public traffic; clients score through the workspace's
// private endpoint. Batch endpoints follow the workspace's network settings.
{%- endif %}

@description('Name of the managed online endpoint (3-32 characters, unique in the region).')
@minLength(3)
@maxLength(32)
param onlineEndpointName string

@description('Name of the batch endpoint (3-32 characters, unique in the region).')
@minLength(3)
@maxLength(32)
param batchEndpointName string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Name of the Machine Learning workspace that owns the endpoints.')
param workspaceName string

@description('Resource ID of the user-assigned identity the endpoints run as.')
param identityId string
{%- if c.diagnostics %}

@description('Resource ID of the Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string
{%- endif %}

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ ak.api["Microsoft.MachineLearningServices/workspaces"] }}' existing = {
  name: workspaceName
}

resource onlineEndpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@{{ c.api_version }}' = {
  parent: workspace
  name: onlineEndpointName
  location: location
  tags: tags
  kind: 'Managed'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    authMode: 'AADToken'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    description: 'Managed online endpoint; deployments and traffic come from the model pipeline.'
  }
}

resource batchEndpoint 'Microsoft.MachineLearningServices/workspaces/batchEndpoints@{{ ak.api["Microsoft.MachineLearningServices/workspaces/batchEndpoints"] }}' = {
  parent: workspace
  name: batchEndpointName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    authMode: 'AADToken'
    description: 'Batch endpoint; deployments come from the model pipeline.'
  }
}
{{- diagnostics(c, "onlineEndpoint") }}

output onlineEndpointId string = onlineEndpoint.id
output onlineEndpointName string = onlineEndpoint.name
output onlineEndpointScoringUri string = onlineEndpoint.properties.scoringUri
output batchEndpointId string = batchEndpoint.id
output batchEndpointName string = batchEndpoint.name
{%- endif %}
