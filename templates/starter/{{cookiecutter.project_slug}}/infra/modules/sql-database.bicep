{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "sql-database" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint with context %}
{%- set c = ak.component["sql-database"] -%}
// Azure SQL logical server and one database. Microsoft Entra-only authentication: the
// admin is an Entra ID group, and no SQL login or password exists. TLS 1.2 at least,
// {{ "no public network access (private endpoint only)" if ak.private else "public endpoint with no firewall rule (add your clients' addresses, or use private mode)" }}.
// Server auditing goes to Log Analytics through the master database's diagnostic setting.

@description('Name of the logical server.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Object ID of the Microsoft Entra ID group that administers the server.')
param adminGroupObjectId string

@description('Display name of that Microsoft Entra ID group.')
param adminGroupName string

var serverless = contains(skuName, '_S_')

resource server 'Microsoft.Sql/servers@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  properties: {
    version: '12.0'
    minimalTlsVersion: '1.2'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    administrators: {
      administratorType: 'ActiveDirectory'
      principalType: 'Group'
      login: adminGroupName
      sid: adminGroupObjectId
      tenantId: tenant().tenantId
      azureADOnlyAuthentication: true
    }
  }
}

resource database 'Microsoft.Sql/servers/databases@{{ ak.api["Microsoft.Sql/servers/databases"] }}' = {
  parent: server
  name: {{ c.derived.database.bicep }}
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    zoneRedundant: zoneRedundant
    requestedBackupStorageRedundancy: backupRedundancy
    // Serverless databases pause after an idle hour; provisioned ones never pause.
    // auto-pause exists on serverless databases only; provisioned ones must not set it
    autoPauseDelay: serverless ? 60 : null
  }
}
{{- diagnostics(c, "database") }}

resource auditing 'Microsoft.Sql/servers/auditingSettings@{{ ak.api["Microsoft.Sql/servers/auditingSettings"] }}' = {
  parent: server
  name: 'default'
  properties: {
    state: 'Enabled'
    isAzureMonitorTargetEnabled: true
  }
}

resource master 'Microsoft.Sql/servers/databases@{{ ak.api["Microsoft.Sql/servers/databases"] }}' existing = {
  parent: server
  name: 'master'
}

// Audit records of the whole server reach Log Analytics through the master database.
resource auditDiagnostics 'Microsoft.Insights/diagnosticSettings@{{ ak.api["Microsoft.Insights/diagnosticSettings"] }}' = {
  name: 'audit-to-log-analytics'
  scope: master
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'SQLSecurityAuditEvents'
        enabled: true
      }
    ]
  }
  dependsOn: [
    auditing
  ]
}
{{- private_endpoint(c, "server") }}

output id string = server.id
output name string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
{%- endif %}
