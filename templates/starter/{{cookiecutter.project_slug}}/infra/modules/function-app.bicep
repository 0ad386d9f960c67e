{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "function-app" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["function-app"] %}
{%- set plan = c.resources | selectattr("arm_type", "equalto", "Microsoft.Web/serverfarms") | first %}
{%- set prod = ak.environment == "prod" %}
{%- set appi = "app-insights" in ak.component_ids -%}
// Linux Elastic Premium plan ({{ c.sku }}{{ ", zone-redundant" if prod }}) and a function app that runs as the
// workload identity. The host reaches its storage account with that identity
// (AzureWebJobsStorage__*), so there is no storage key and no Azure Files content share:
// deploy a zip package (run from package). HTTPS only, TLS 1.2, no FTP, no remote debugging.
{%- if ak.private %}
// No public network access: callers use the private endpoint, and all outbound traffic
// (the host's storage traffic included) leaves through the integration subnet.
{%- else %}
// Public endpoint open; HTTP triggers still need their own authentication.
{%- endif %}

@description('Name of the function app (globally unique; also the default host name).')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the workload user-assigned identity the app runs as.')
param identityId string

@description('Client ID of the workload identity (host storage connection and AZURE_CLIENT_ID).')
param identityClientId string

@description('Name of the storage account the Functions host uses (AzureWebJobsStorage), reached with the workload identity.')
param storageAccountName string
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
  kind: 'elastic'
  sku: {
    name: '{{ c.sku }}'
    tier: 'ElasticPremium'
    capacity: {{ 3 if prod else 1 }}
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: 20
    zoneRedundant: {{ "true" if prod else "false" }}
  }
}

resource functionApp 'Microsoft.Web/sites@{{ c.api_version }}' = {
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
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    keyVaultReferenceIdentity: identityId
{%- if ak.private %}
    virtualNetworkSubnetId: appServiceSubnetId
{%- endif %}
    siteConfig: {
      linuxFxVersion: 'PYTHON|3.12'
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
{%- if ak.private %}
      vnetRouteAllEnabled: true
      functionsRuntimeScaleMonitoringEnabled: true
{%- endif %}
      appSettings: [
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'python'
        }
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
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
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@{{ ak.api["Microsoft.Web/sites/basicPublishingCredentialsPolicies"] }}' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}
{%- endif %}
{{- diagnostics(c, "functionApp") }}
{{- private_endpoint(c, "functionApp") }}
{{- role_assignments(c, "functionApp") }}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostname string = functionApp.properties.defaultHostName
output planId string = plan.id
{%- endif %}
