{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ai-services" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{#- One module for every single-service Azure AI account (Document Intelligence, Speech,
    Language, Vision): kind and SKU come from the caller; the rest is shared. -#}
{%- set c = ak.components | selectattr("module", "equalto", "ai-services") | first %}
{%- for x in ak.components if x.module == "ai-services" and (x.roles != c.roles or x.diagnostics != c.diagnostics
    or (x.private_endpoint or {}).get("group_ids") != (c.private_endpoint or {}).get("group_ids")) %}
{#- The module file is rendered once, from the first such component: refuse to render
    a module whose parameters or role list would not fit every caller. -#}
{{- ak["components " ~ c.id ~ " and " ~ x.id ~ " share the ai-services module but differ in roles, diagnostics or private endpoint"] }}
{%- endfor -%}
// Azure AI services account (single-service Cognitive Services account; the caller picks
// kind and SKU). Entra ID only (local auth off);
// {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.

@description('Name of the account; also its custom subdomain, so it must be globally unique.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Account kind, for example FormRecognizer, SpeechServices, TextAnalytics or ComputerVision.')
param kind string

@description('Pricing tier (SKU name) of the account, for example S0.')
param sku string
{{- std_params(c) }}

resource account 'Microsoft.CognitiveServices/accounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: kind
  sku: {
    name: sku
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    // Entra ID tokens and private endpoints need the custom subdomain; it cannot change later.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkAcls: {
      defaultAction: '{{ "Deny" if ak.private else "Allow" }}'
      bypass: 'AzureServices'
    }
  }
}
{{- diagnostics(c, "account") }}
{{- private_endpoint(c, "account") }}
{{- role_assignments(c, "account") }}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
{%- endif %}
