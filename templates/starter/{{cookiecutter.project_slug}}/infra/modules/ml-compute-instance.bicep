{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-compute-instance" in ak.modules %}
{%- from "bicep/macros.j2" import std_params with context %}
{%- set c = ak.component["ml-compute-instance"] -%}
// The data scientist's Machine Learning compute instance for notebooks (Dev only: the page
// keeps interactive compute out of Stage and Prod; `enabled` comes from the environment's
// parameter file). Personal: only the assigned user may use it. No public IP and no SSH;
// {{ "it runs in the workspace's managed network, and " if ak.private }}it shuts down after an hour idle.
// Created only when userObjectId is set.

@description('Name of the compute instance (3-24 characters, unique in the region).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Name of the Machine Learning workspace the compute instance belongs to.')
param workspaceName string

@description('Microsoft Entra object ID of the user who owns the compute instance; empty creates none.')
param userObjectId string

@description('Idle time before the compute instance shuts down (ISO 8601 duration, 15 minutes to 3 days).')
param idleTimeBeforeShutdown string = 'PT60M'

var deployInstance = enabled && !empty(userObjectId)

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ ak.api["Microsoft.MachineLearningServices/workspaces"] }}' existing = {
  name: workspaceName
}

resource computeInstance 'Microsoft.MachineLearningServices/workspaces/computes@{{ c.api_version }}' = if (deployInstance) {
  parent: workspace
  name: name
  location: location
  tags: tags
  properties: {
    computeType: 'ComputeInstance'
    description: 'Personal notebook compute of the data scientist; shuts down when idle.'
    disableLocalAuth: true
    properties: {
      vmSize: vmSize
      enableNodePublicIp: false
      enableSSO: true
      idleTimeBeforeShutdown: idleTimeBeforeShutdown
      computeInstanceAuthorizationType: 'personal'
      personalComputeInstanceSettings: {
        assignedUser: {
          objectId: userObjectId
          tenantId: tenant().tenantId
        }
      }
      sshSettings: {
        sshPublicAccess: 'Disabled'
      }
    }
  }
}

output id string = deployInstance ? computeInstance.id : ''
output name string = name
{%- endif %}
