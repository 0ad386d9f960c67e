{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-workspace" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["ml-workspace"] %}
{#- The workspace identity's own grants from the entry's identity table (module ml-workspace):
    roles on the workspace's dependencies or on the resource group. #}
{%- set own = namespace(grants=[]) %}
{%- for i in ak.arch.identities if i.module == "ml-workspace" %}
{%- for g in i.roles if g.scope in ("resource-group", "storage", "key-vault", "container-registry") %}{% set own.grants = own.grants + [g] %}{% endfor %}
{%- endfor -%}
// Azure Machine Learning workspace with a system-assigned identity, identity-based
// access to its default datastores (no storage keys) and a managed network that
{%- if ak.private %}
// allows only approved outbound traffic. Clients reach it through its private endpoint.
{%- else %}
// allows internet outbound traffic.
{%- endif %}

@description('Name of the Azure Machine Learning workspace.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the storage account that holds the workspace default datastores.')
param storageAccountId string

@description('Resource ID of the Key Vault the workspace uses for its secrets.')
param keyVaultId string

@description('Resource ID of the workspace-based Application Insights component.')
param applicationInsightsId string

@description('Resource ID of the container registry for environment images.')
param containerRegistryId string

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  sku: {
    name: '{{ c.sku }}'
    tier: '{{ c.sku }}'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    storageAccount: storageAccountId
    keyVault: keyVaultId
    applicationInsights: applicationInsightsId
    containerRegistry: containerRegistryId
    systemDatastoresAuthMode: 'Identity'
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    managedNetwork: {
      isolationMode: '{{ "AllowOnlyApprovedOutbound" if ak.private else "AllowInternetOutbound" }}'
    }
    v1LegacyMode: false
    hbiWorkspace: false
  }
}
{{- diagnostics(c, "workspace") }}
{{- private_endpoint(c, "workspace") }}
{{- role_assignments(c, "workspace") }}
{%- if own.grants %}
{%- set targets = {"storage": ("workspaceStorage", "Microsoft.Storage/storageAccounts", "storageAccountId"),
                   "key-vault": ("workspaceKeyVault", "Microsoft.KeyVault/vaults", "keyVaultId"),
                   "container-registry": ("workspaceRegistry", "Microsoft.ContainerRegistry/registries", "containerRegistryId")} %}
{%- set used = own.grants | map(attribute="scope") | unique | list %}

// The workspace identity's own roles ({{ own.grants | map(attribute="role") | unique | join(", ") }}): it approves the
// private endpoints its managed network creates to its dependencies, and administers the
// workspace's resources without Contributor.
{%- for scope, t in targets.items() if scope in used %}

resource {{ t[0] }} '{{ t[1] }}@{{ ak.api[t[1]] }}' existing = {
  name: last(split({{ t[2] }}, '/'))
}
{%- endfor %}
{%- for g in own.grants %}
{%- set rid = ak.role_ids[g.role] %}
{%- set target = "resourceGroup()" if g.scope == "resource-group" else targets[g.scope][0] %}

resource workspaceRole{{ loop.index }} 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid({{ target }}.id, workspace.id, '{{ rid }}')
{%- if g.scope != "resource-group" %}
  scope: {{ target }}
{%- endif %}
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ rid }}') // {{ g.role }}
    principalId: workspace.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endfor %}
{%- endif %}

output id string = workspace.id
output name string = workspace.name
{%- endif %}
