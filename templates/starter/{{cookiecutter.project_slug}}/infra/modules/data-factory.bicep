{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "data-factory" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["data-factory"] -%}
// Data Factory with a system-assigned identity for linked services (no stored
// credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- set scopes = grants | map(attribute="scope") | unique | list %}
{%- if grants %}
// The factory's own identity runs its pipelines (one identity per function) and holds the
// roles the architecture gives it: {{ grants | map(attribute="role") | join(", ") }}.
{%- endif %}

@description('Name of the data factory.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}
{%- for scope in scopes %}

@description('Name of the {{ ak.component[scope].title }} that the factory identity is granted roles on.')
param {{ ak.component[scope].symbol }}Name string
{%- endfor %}

resource factory 'Microsoft.DataFactory/factories@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
  }
}

// Registration of the self-hosted integration runtime that moves on-premises data; install
// the runtime on a machine next to the sources and register it with the runtime's auth key.
resource selfHostedRuntime 'Microsoft.DataFactory/factories/integrationRuntimes@{{ ak.api["Microsoft.DataFactory/factories/integrationRuntimes"] }}' = {
  parent: factory
  name: 'shir-onpremises'
  properties: {
    type: 'SelfHosted'
    description: 'Moves data from on-premises sources into the Data Lake.'
  }
}
{{- diagnostics(c, "factory") }}
{{- private_endpoint(c, "factory") }}
{{- role_assignments(c, "factory") }}
{%- for scope in scopes %}
{%- set t = ak.component[scope] %}

resource {{ t.symbol }} '{{ t.arm_type }}@{{ t.api_version }}' existing = {
  name: {{ t.symbol }}Name
}
{%- for g in grants if g.scope == scope %}

resource {{ t.symbol }}{{ g.role | replace(" ", "") }} 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid({{ t.symbol }}.id, factory.id, '{{ ak.role_ids[g.role] }}')
  scope: {{ t.symbol }}
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids[g.role] }}') // {{ g.role }}
    principalId: factory.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endfor %}
{%- endfor %}

output id string = factory.id
output name string = factory.name
{%- endif %}
