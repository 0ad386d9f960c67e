{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ai-foundry" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["ai-foundry"] -%}
{%- set agents = ak.private and "agent-service" in ak.component_ids -%}
// Microsoft Foundry resource (Cognitive Services account of kind {{ c.kind }}) with one
// project and the model deployments of this architecture. Entra ID only (local auth
// off); {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.

@description('Name of the Foundry resource; also its custom subdomain, so it must be globally unique.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Name of the Foundry project created in the Foundry resource.')
param projectName string
{%- if agents %}

@description('Resource ID of the subnet delegated to Agent Service; agent traffic leaves the network through it.')
param agentSubnetId string
{%- endif %}
{{- std_params(c) }}

resource account 'Microsoft.CognitiveServices/accounts@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  kind: '{{ c.kind }}'
  sku: {
    name: '{{ c.sku }}'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    // Entra ID tokens and private endpoints need the custom subdomain; it cannot change later.
    customSubDomainName: name
    allowProjectManagement: true
    disableLocalAuth: true
    publicNetworkAccess: '{{ "Disabled" if ak.private else "Enabled" }}'
    networkAcls: {
      defaultAction: '{{ "Deny" if ak.private else "Allow" }}'
      // No trusted-service exception (as in the reference): only the private endpoint{{ " and the agent subnet" if agents }}.
      bypass: 'None'
    }
{%- if agents %}
    // Agent Service standard setup with your own network: agents reach their
    // dependencies and tools from this delegated subnet, not a Microsoft-managed network.
    networkInjections: [
      {
        scenario: 'agent'
        subnetArmId: agentSubnetId
        useMicrosoftManagedNetwork: false
      }
    ]
{%- endif %}
  }
}

resource project 'Microsoft.CognitiveServices/accounts/projects@{{ ak.api["Microsoft.CognitiveServices/accounts/projects"] }}' = {
  parent: account
  name: projectName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    displayName: projectName
  }
}
{%- if ak.models %}

// Model deployments, one after another: the account accepts one deployment change at
// a time. Versions are pinned; plan upgrades before a version retires.
{%- set ns = namespace(prev="project") %}
{%- for m in ak.models %}
{%- set symbol = "deployment" ~ (m.name.replace(".", "-").replace("_", "-").split("-") | map("capitalize") | join) %}

resource {{ symbol }} 'Microsoft.CognitiveServices/accounts/deployments@{{ ak.api["Microsoft.CognitiveServices/accounts/deployments"] }}' = {
  parent: account
  name: '{{ m.name }}'
  tags: tags
  sku: {
    name: '{{ m.sku }}'
    capacity: {{ m.capacity }}
  }
  properties: {
    model: {
      format: '{{ m.format }}'
      name: '{{ m.name }}'
      version: '{{ m.version }}'
    }
    versionUpgradeOption: 'NoAutoUpgrade'
  }
  dependsOn: [
    {{ ns.prev }}
  ]
}
{%- set ns.prev = symbol %}
{%- endfor %}
{%- endif %}
{{- diagnostics(c, "account") }}
{{- private_endpoint(c, "account") }}
{{- role_assignments(c, "account") }}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
output projectName string = project.name
output projectPrincipalId string = project.identity.principalId
{%- endif %}
