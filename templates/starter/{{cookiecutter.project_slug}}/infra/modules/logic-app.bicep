{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "logic-app" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics, private_endpoint, role_assignments with context %}
{%- set c = ak.component["logic-app"] -%}
// Logic Apps (Consumption) workflow that runs as the workload's user-assigned identity,
// which holds the data roles the architecture's identity table gives it (vision APIs,
// storage), so connectors and HTTP actions authenticate with it instead of keys. The
// definition starts empty: add triggers and actions in the designer or in code.
{%- if ak.private %}
// Consumption workflows run on multitenant infrastructure and cannot take a private
// endpoint; restrict who may call request triggers with
// properties.accessControl.triggers.allowedCallerIpAddresses when you add one.
{%- endif %}

@description('Name of the Logic Apps workflow.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Resource ID of the workload\'s user-assigned identity, which the workflow runs as.')
param workloadIdentityId string

resource workflow 'Microsoft.Logic/workflows@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${workloadIdentityId}': {}
    }
  }
  properties: {
    state: 'Enabled'
    definition: {
      '$schema': 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#'
      contentVersion: '1.0.0.0'
      parameters: {}
      triggers: {}
      actions: {}
      outputs: {}
    }
  }
}
{{- diagnostics(c, "workflow") }}
{{- private_endpoint(c, "workflow") }}
{{- role_assignments(c, "workflow") }}

output id string = workflow.id
output name string = workflow.name
{%- endif %}
