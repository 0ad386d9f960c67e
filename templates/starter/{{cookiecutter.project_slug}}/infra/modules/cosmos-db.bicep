{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "cosmos-db" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["cosmos-db"] %}
{%- set prod = ak.environment == "prod" -%}
// Cosmos DB for NoSQL account with Entra ID-only data access (no account keys, no
// key-based metadata writes), TLS 1.2, continuous backup{{ " and zone redundancy" if prod }}.
// {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}
// Data-plane access needs a Cosmos DB SQL role assignment (not an Azure RBAC role).

@description('Name of the Cosmos DB account (3-44 lowercase letters, digits and hyphens, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource account 'Microsoft.DocumentDB/databaseAccounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: {{ "true" if prod else "false" }}
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: '{{ "Continuous30Days" if prod else "Continuous7Days" }}'
      }
    }
  }
}
{{- diagnostics(c, "account") }}
{{- private_endpoint(c, "account") }}
{{- role_assignments(c, "account") }}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
{%- endif %}
