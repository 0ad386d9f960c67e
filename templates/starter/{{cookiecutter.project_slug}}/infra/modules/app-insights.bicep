{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-insights" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, role_assignments with context %}
{%- set c = ak.component["app-insights"] -%}
// Workspace-based Application Insights: telemetry lands in the Log Analytics
// workspace, and local (instrumentation key) authentication is off, so the SDK
// and exporters must send telemetry with Entra ID tokens.

@description('Name of the Application Insights component.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

resource component 'Microsoft.Insights/components@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalyticsWorkspaceId
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
{%- if ak.private and "monitor-private-link" in ak.component_ids %}
    // Telemetry arrives only through the Azure Monitor Private Link Scope (private-only
    // ingestion); queries stay open so operators can use the portal from outside.
    publicNetworkAccessForIngestion: 'Disabled'
{%- else %}
    // Public ingestion and query stay on: they can only be closed behind an Azure
    // Monitor Private Link Scope, which this entry does not create.
    publicNetworkAccessForIngestion: 'Enabled'
{%- endif %}
    publicNetworkAccessForQuery: 'Enabled'
  }
}
// No diagnostic setting: the component's telemetry already lives in the workspace,
// so exporting it there again would only duplicate (and double-bill) the data.
{{- role_assignments(c, "component") }}

output id string = component.id
output name string = component.name
output connectionString string = component.properties.ConnectionString
{%- endif %}
