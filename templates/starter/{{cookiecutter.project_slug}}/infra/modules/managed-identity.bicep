{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "managed-identity" in ak.modules -%}
// The workload's user-assigned identity: it holds the data-plane roles, so no keys
// or connection strings are needed anywhere.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@{{ ak.api["Microsoft.ManagedIdentity/userAssignedIdentities"] }}' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
{%- endif %}
