{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "ml-compute-cluster" in ak.modules %}
{%- set c = ak.component["ml-compute-cluster"] -%}
// Machine Learning compute cluster for training and pipeline steps. It scales to zero when
// idle, has no node public IPs and no SSH, and runs as the workload identity (AcrPull on the
// registry, data roles on storage).{{ " Its nodes live in the workspace's managed network." if ak.private }}

@description('Name of the compute cluster (2-16 characters).')
@minLength(2)
@maxLength(16)
param name string = 'cpu-cluster'

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object

@description('Name of the Machine Learning workspace the cluster belongs to.')
param workspaceName string

@description('Resource ID of the user-assigned identity the cluster runs as.')
param identityId string

@description('VM size of the nodes.')
param vmSize string = 'Standard_DS3_v2'

@description('Nodes the cluster may scale out to.')
@minValue(1)
param maxNodeCount int = 4
{%- for s in c.sizing %}

@description('{{ s.description | replace("'", "\\'") }} Set per environment in parameters/<environment>.parameters.json.')
param {{ s.bicep_param }} {{ s.bicep_type }}
{%- endfor %}

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ ak.api["Microsoft.MachineLearningServices/workspaces"] }}' existing = {
  name: workspaceName
}

resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@{{ c.api_version }}' = if ({{ (c.sizing | selectattr("setting", "equalto", "enabled") | first).bicep_param }}) {
  parent: workspace
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    computeType: 'AmlCompute'
    description: 'Training and pipeline compute; scales to zero when idle.'
    disableLocalAuth: true
    properties: {
      osType: 'Linux'
      vmSize: vmSize
      vmPriority: 'Dedicated'
      enableNodePublicIp: false
      remoteLoginPortPublicAccess: 'Disabled'
      scaleSettings: {
        minNodeCount: 0
        maxNodeCount: maxNodeCount
        nodeIdleTimeBeforeScaleDown: 'PT15M'
      }
    }
  }
}

output id string = cluster.id
output name string = cluster.name
{%- endif %}
