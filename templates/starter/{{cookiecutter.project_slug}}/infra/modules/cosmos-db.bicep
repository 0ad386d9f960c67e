{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "cosmos-db" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments, delete_lock with context %}
{%- set c = ak.component["cosmos-db"] %}
{#- Cosmos DB's own data-plane roles (built-in IDs 00000000-0000-0000-0000-00000000000x) are
    assigned with sqlRoleAssignments; any others are Azure RBAC roles on the account. #}
{%- set ns = namespace(sql=[], rbac=[]) %}
{%- for r in c.roles %}
{%- if r.id.startswith("00000000-0000-0000-0000-") %}{% set ns.sql = ns.sql + [r] %}{% else %}{% set ns.rbac = ns.rbac + [r] %}{% endif %}
{%- endfor -%}
// Cosmos DB for NoSQL account with Entra ID-only data access (no account keys, no
// key-based metadata writes), TLS 1.2, continuous backup; zone redundancy and backup window per environment.
// {{ "No public network access: reach it through the private endpoint." if ak.private else "Public endpoint open; every request still needs an Entra ID token." }}
{%- if ns.sql %}
// {{ "Each compute's own identity reaches the data" if ak.principal_for else "The workload identity reads and writes data" }} through a Cosmos DB SQL role assignment
// ({{ ns.sql | map(attribute="name") | join(", ") }}), Cosmos DB's own RBAC, not an Azure role.
{%- else %}
// Data-plane access needs a Cosmos DB SQL role assignment (not an Azure RBAC role).
{%- endif %}

@description('Name of the Cosmos DB account (3-44 lowercase letters, digits and hyphens, globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}
{%- if ns.sql %}

@description('Name of the NoSQL database the workload keeps its data in.')
param databaseName string = 'appdata'
{%- endif %}

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
        isZoneRedundant: zoneRedundant
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    enableMultipleWriteLocations: false
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: backupTier
      }
    }
  }
}
{{- diagnostics(c, "account") }}
{{- private_endpoint(c, "account") }}
{{- delete_lock(c, "account") }}
{%- if ns.sql %}

// The workload's database; its containers share autoscale throughput (100-1000 RU/s).
resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@{{ ak.api["Microsoft.DocumentDB/databaseAccounts/sqlDatabases"] }}' = {
  parent: account
  name: databaseName
  tags: tags
  properties: {
    resource: {
      id: databaseName
    }
    options: {
      autoscaleSettings: {
        maxThroughput: 1000
      }
    }
  }
}

{%- for g in c.grants %}
{%- set sql = g.roles | select("in", ns.sql) | list %}
{%- set p = g.principal %}
{%- set ids = p.prefix ~ "SqlRoleDefinitionIds" if p.prefix else "sqlRoleDefinitionIds" %}
{%- if sql %}

// Data-plane roles for {{ p.label }}, scoped to the account: {{ sql | map(attribute="name") | join(", ") }}.
var {{ ids }} = [
{%- for r in sql %}
  '{{ r.id }}' // {{ r.name }}
{%- endfor %}
]

resource {{ p.prefix ~ "SqlRoleAssignments" if p.prefix else "sqlRoleAssignments" }} 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@{{ ak.api["Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"] }}' = [for roleId in {{ ids }}: {
  parent: account
  name: guid(account.id, {{ p.bicep_param }}, roleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${roleId}'
    principalId: {{ p.bicep_param }}
    scope: account.id
  }
}]
{%- endif %}
{%- endfor %}
{%- endif %}
{{- role_assignments(dict(c, roles=ns.rbac), "account") }}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
{%- if ns.sql %}
output databaseName string = database.name
{%- endif %}
{%- endif %}
