{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "key-vault" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["key-vault"] -%}
// Key Vault with Azure RBAC (no access policies), purge protection and
// {{ "no public network access" if ak.private else "public access limited by firewall rules" }}.

@description('Name of the Key Vault (3-24 characters).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource vault 'Microsoft.KeyVault/vaults@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: '{{ c.sku }}'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: '{{ "Deny" if ak.private else "Allow" }}'
    }
  }
}
{{- diagnostics(c, "vault") }}
{{- private_endpoint(c, "vault") }}
{{- role_assignments(c, "vault") }}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
{%- endif %}
