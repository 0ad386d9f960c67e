{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "aks-inference" in ak.modules %}
{%- from "bicep/macros.j2" import std_params, diagnostics with context %}
{%- set c = ak.component["aks-inference"] %}
{%- set in_vnet = "virtual-network" in ak.component_ids %}
{%- set udr = in_vnet and "firewall" in ak.component_ids and ak.private and not ak.landing_zone -%}
// The inference tier of the baseline: an AKS cluster ({{ "private API server" if ak.private else "public API server for a throwaway dev loop" }}{{ ", nodes in the inference subnet" if in_vnet }}{{ ", egress through the firewall" if udr }},
// three zone-spread nodes at least, Entra ID with Azure RBAC, workload identity, Container
// insights), the Azure Machine Learning extension with a highly available inference router
// ({{ "on an internal load balancer, " if in_vnet }}TLS only), the cluster attached to the workspace as a Kubernetes compute
// target that runs as the workload identity (AcrPull on the registry, Storage Blob Data
// Reader on the model files), and one Kubernetes online endpoint with AML token auth for
// the model pipeline to deploy into. Deployments and traffic splits belong to that pipeline.
//
// The router serves TLS only: before it takes traffic, put the certificate (from Key Vault,
// for example with the Secrets Store CSI driver) into the Kubernetes secret named by
// routerTlsSecretName in the `azureml` namespace, for the host name in routerHostName.
// Local accounts stay enabled because the extension needs them (the page's reviewed exception).

@description('Name of the AKS cluster.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource in this module.')
param tags object
{{- std_params(c) }}

@description('Name of the Machine Learning workspace the cluster is attached to.')
param workspaceName string

@description('Resource ID of the user-assigned identity the Kubernetes compute runs as.')
param computeIdentityId string

@description('Name of the Kubernetes online endpoint (3-32 characters, unique in the region).')
param endpointName string
{%- if in_vnet %}

@description('Resource ID of the subnet for the nodes and the internal inference router.')
param inferenceSubnetId string
{%- endif %}

@description('VM size of the node pool.')
param nodeVmSize string = 'Standard_D4ds_v5'

@description('Minimum node count; three spread over zones keep the inference router highly available.')
@minValue(3)
param minNodeCount int = 3

@description('Maximum node count the cluster autoscaler may reach.')
@minValue(3)
param maxNodeCount int = 6

@description('Kubernetes secret (namespace azureml) holding the inference router TLS certificate.')
param routerTlsSecretName string = 'azureml-fe-tls'

@description('Host name the inference router certificate is issued for.')
param routerHostName string = 'scoring.${name}.internal'

resource cluster 'Microsoft.ContainerService/managedClusters@{{ c.api_version }}' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Base'
    tier: 'Standard'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: name
    disableLocalAccounts: false
    enableRBAC: true
    aadProfile: {
      managed: true
      enableAzureRBAC: true
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        type: 'VirtualMachineScaleSets'
        osType: 'Linux'
        osSKU: 'AzureLinux'
        vmSize: nodeVmSize
        osDiskType: 'Ephemeral'
        maxPods: 110
        count: minNodeCount
        minCount: minNodeCount
        maxCount: maxNodeCount
        enableAutoScaling: true
        availabilityZones: [
          '1'
          '2'
          '3'
        ]
{%- if in_vnet %}
        vnetSubnetID: inferenceSubnetId
{%- endif %}
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      networkDataplane: 'cilium'
      networkPolicy: 'cilium'
      loadBalancerSku: 'standard'
{%- if udr %}
      // Egress follows the subnet's route to the workload firewall (no outbound public IP).
      outboundType: 'userDefinedRouting'
{%- else %}
      outboundType: 'loadBalancer'
{%- endif %}
    }
{%- if ak.private %}
    apiServerAccessProfile: {
      enablePrivateCluster: true
    }
{%- endif %}
    oidcIssuerProfile: {
      enabled: true
    }
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
    }
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: logAnalyticsWorkspaceId
          useAADAuth: 'true'
        }
      }
      // Mounts the router's TLS certificate from Key Vault and picks up renewals.
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: {
          // The API takes the string 'true'.
          enableSecretRotation: string(true)
          rotationPollInterval: '2m'
        }
      }
      azurepolicy: {
        enabled: true
      }
      kubeDashboard: {
        enabled: false
      }
    }
  }
}
{{- diagnostics(c, "cluster") }}
{%- if in_vnet %}

// The cluster's identity manages the inference router's internal load balancer in a subnet it
// did not create: Network Contributor on that subnet only (deployments outside the CLI must
// grant it themselves), before the extension asks for the load balancer.
resource inferenceVnet 'Microsoft.Network/virtualNetworks@{{ ak.api["Microsoft.Network/virtualNetworks"] }}' existing = {
  name: split(inferenceSubnetId, '/')[8]
}

resource inferenceSubnet 'Microsoft.Network/virtualNetworks/subnets@{{ ak.api["Microsoft.Network/virtualNetworks/subnets"] }}' existing = {
  parent: inferenceVnet
  name: last(split(inferenceSubnetId, '/'))
}

resource subnetNetworkContributor 'Microsoft.Authorization/roleAssignments@{{ ak.api["Microsoft.Authorization/roleAssignments"] }}' = {
  name: guid(inferenceSubnetId, name, '{{ ak.role_ids["Network Contributor"] }}')
  scope: inferenceSubnet
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{ ak.role_ids["Network Contributor"] }}') // Network Contributor
    principalId: cluster.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
{%- endif %}

resource mlExtension 'Microsoft.KubernetesConfiguration/extensions@{{ ak.api["Microsoft.KubernetesConfiguration/extensions"] }}' = {
  name: 'azureml'
  scope: cluster
  properties: {
    extensionType: 'microsoft.azureml.kubernetes'
    autoUpgradeMinorVersion: true
    releaseTrain: 'stable'
    scope: {
      cluster: {
        releaseNamespace: 'azureml'
      }
    }
    configurationSettings: {
      enableTraining: 'False'
      enableInference: 'True'
      inferenceRouterHA: 'True'
      inferenceRouterServiceType: 'loadBalancer'
{%- if in_vnet %}
      internalLoadBalancerProvider: 'azure'
{%- endif %}
      allowInsecureConnections: 'False'
      sslSecret: routerTlsSecretName
      sslCname: routerHostName
      clusterPurpose: 'FastProd'
    }
  }
{%- if in_vnet %}
  dependsOn: [
    subnetNetworkContributor
  ]
{%- endif %}
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@{{ ak.api["Microsoft.MachineLearningServices/workspaces"] }}' existing = {
  name: workspaceName
}

resource compute 'Microsoft.MachineLearningServices/workspaces/computes@{{ ak.api["Microsoft.MachineLearningServices/workspaces/computes"] }}' = {
  parent: workspace
  name: 'aks-inference'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${computeIdentityId}': {}
    }
  }
  properties: {
    computeType: 'Kubernetes'
    resourceId: cluster.id
    description: 'AKS inference cluster with the Azure Machine Learning extension.'
    disableLocalAuth: true
    properties: {
      namespace: 'azureml'
    }
  }
  dependsOn: [
    mlExtension
  ]
}

{%- if "api-management" in ak.component_ids %}
// The model pipeline adds deployments and shifts traffic; API Management exchanges the
// caller's Entra ID token for an AML token.
{%- else %}
// The model pipeline adds deployments and shifts traffic; callers present an AML token.
{%- endif %}
resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@{{ ak.api["Microsoft.MachineLearningServices/workspaces/onlineEndpoints"] }}' = {
  parent: workspace
  name: endpointName
  location: location
  tags: tags
  kind: 'Kubernetes'
  // The same identity as the compute: it pulls the scoring image and reads the model files.
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${computeIdentityId}': {}
    }
  }
  properties: {
    authMode: 'AMLToken'
    compute: compute.id
    description: 'Kubernetes online endpoint; deployments come from the model pipeline.'
  }
}

output id string = cluster.id
output name string = cluster.name
output computeId string = compute.id
output endpointName string = endpoint.name
{%- endif %}
