{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "data-factory" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["data-factory"] -%}
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- set targets = (["data-lake", "key-vault", "ml-workspace", "databricks"] | select("in", ak.component_ids) | list) if ak.private else [] %}
{%- set refs = (grants | map(attribute="scope") | list + targets) | unique | list -%}
// Data Factory with a system-assigned identity for linked services (no stored
// credentials) and {{ "no public network access (private endpoint only)" if ak.private else "public network access" }}.
{%- if grants %}
// The factory's own identity runs its pipelines (one identity per function) and holds the
// roles the entry's identity table gives it: {{ grants | map(attribute="role") | join(", ") }}.
{%- endif %}
{%- if targets %}
// Its pipelines run on an Azure integration runtime inside the factory's managed virtual
// network and reach {{ targets | map("replace", "-", " ") | join(", ") }} through managed private endpoints
// (their public access is off). Azure asks the owner of each target to approve the
// connection: approve them once after the first deployment.
{%- endif %}

@description('Name of the data factory.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}
{%- for ref in refs %}

@description('Name of the {{ ak.component[ref].title }} the factory reaches.')
param {{ ak.component[ref].symbol }}Name string
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
{%- for ref in refs %}
{%- set t = ak.component[ref] %}

resource {{ t.symbol }} '{{ t.arm_type }}@{{ t.api_version }}' existing = {
  name: {{ t.symbol }}Name
}
{%- endfor %}
{%- if targets %}

resource managedNetwork 'Microsoft.DataFactory/factories/managedVirtualNetworks@{{ ak.api["Microsoft.DataFactory/factories/managedVirtualNetworks"] }}' = {
  parent: factory
  name: 'default'
  properties: {}
}

resource managedRuntime 'Microsoft.DataFactory/factories/integrationRuntimes@{{ ak.api["Microsoft.DataFactory/factories/integrationRuntimes"] }}' = {
  parent: factory
  name: 'ir-managed-network'
  properties: {
    type: 'Managed'
    description: 'Azure integration runtime in the managed virtual network (private endpoints only).'
    managedVirtualNetwork: {
      referenceName: managedNetwork.name
      type: 'ManagedVirtualNetworkReference'
    }
    typeProperties: {
      computeProperties: {
        location: 'AutoResolve'
      }
    }
  }
}
{%- for ref in targets %}
{%- set t = ak.component[ref] %}

resource {{ t.symbol }}ManagedEndpoint 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints@{{ ak.api["Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints"] }}' = {
  parent: managedNetwork
  name: 'mpe-{{ ref }}'
  properties: {
    privateLinkResourceId: {{ t.symbol }}.id
    groupId: '{{ t.private_endpoint.group_ids[0] }}'
  }
}
{%- endfor %}
{%- endif %}
{{- diagnostics(c, "factory") }}
{{- private_endpoint(c, "factory") }}
{{- role_assignments(c, "factory") }}
{%- for g in grants %}
{%- set t = ak.component[g.scope] %}

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

output id string = factory.id
output name string = factory.name
{%- endif %}
