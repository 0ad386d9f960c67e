{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-gateway-identity" in ak.modules %}
{%- set c = ak.component["app-gateway-identity"] -%}
// Application Gateway's own identity: it reads the listener's TLS certificate from Key
// Vault ('Key Vault Secrets User' on the vault) and nothing else, so the ingress does not
// share the inference workload's identity or its roles.

@description('Name of the user-assigned identity of the Application Gateway.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Name of the Key Vault that holds the listener certificate.')
param keyVaultName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
}

resource vault 'Microsoft.KeyVault/vaults@{{ ak.api["Microsoft.KeyVault/vaults"] }}' existing = {
  name: keyVaultName
}

var keyVaultSecretsUserRoleId = '{{ ak.role_ids["Key Vault Secrets User"] }}'

resource secretsUser 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Consumers wait for this module, so the role exists before the gateway reads the secret.
output id string = identity.id
output principalId string = identity.properties.principalId
{%- endif %}
