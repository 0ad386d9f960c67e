{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-service" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["app-service"] %}
{%- set plan = c.resources | selectattr("arm_type", "equalto", "Microsoft.Web/serverfarms") | first %}
{%- set prod = ak.environment == "prod" %}
{%- set appi = "app-insights" in ak.component_ids -%}
// Linux App Service plan ({{ c.sku }}{{ ", zone-redundant" if prod }}) and a web app that runs as the workload
// identity: HTTPS only, TLS 1.2, no FTP, no remote debugging.
{%- if ak.private %}
// No public network access: {{ "Application Gateway reaches" if "app-gateway" in ak.component_ids else "clients in the network reach" }} the app
// through its private endpoint, and all outbound traffic leaves through the integration subnet.
{%- else %}
// Public endpoint open (the app is the internet-facing entry point).
{%- endif %}

@description('Name of the web app (globally unique; also the default host name).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the workload user-assigned identity the app runs as.')
param identityId string

@description('Client ID of the workload identity (AZURE_CLIENT_ID for DefaultAzureCredential).')
param identityClientId string
{%- if ak.private %}

@description('Resource ID of the subnet (delegated to Microsoft.Web/serverFarms) used for outbound VNet integration.')
param appServiceSubnetId string
{%- endif %}
{%- if appi %}

@description('Application Insights connection string (telemetry is sent with the workload identity).')
@secure()
param appInsightsConnectionString string
{%- endif %}

resource plan 'Microsoft.Web/serverfarms@{{ plan.api_version }}' = {
  name: '{{ plan.abbreviation }}-${name}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: '{{ c.sku }}'
    capacity: {{ 3 if prod else 1 }}
  }
  properties: {
    reserved: true
    zoneRedundant: {{ "true" if prod else "false" }}
  }
}

resource app 'Microsoft.Web/sites@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    keyVaultReferenceIdentity: identityId
{%- if ak.private %}
    virtualNetworkSubnetId: appServiceSubnetId
{%- endif %}
    siteConfig: {
      linuxFxVersion: 'PYTHON|3.12'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
{%- if ak.private %}
      vnetRouteAllEnabled: true
{%- endif %}
      appSettings: [
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
{%- if appi %}
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
{%- endif %}
      ]
    }
  }
}
{%- if "Microsoft.Web/sites/basicPublishingCredentialsPolicies" in ak.api %}

// No basic-auth (user name and password) publishing over FTP or Web Deploy; deploy with Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@{{ ak.api["Microsoft.Web/sites/basicPublishingCredentialsPolicies"] }}' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@{{ ak.api["Microsoft.Web/sites/basicPublishingCredentialsPolicies"] }}' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}
{%- endif %}
{{- diagnostics(c, "app") }}
{{- private_endpoint(c, "app") }}
{{- role_assignments(c, "app") }}

output id string = app.id
output name string = app.name
output defaultHostname string = app.properties.defaultHostName
output planId string = plan.id
{%- endif %}
