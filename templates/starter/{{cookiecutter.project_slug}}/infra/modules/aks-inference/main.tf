{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "aks-inference" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics with context -%}
{%- set c = ak.component["aks-inference"] %}
{%- set in_vnet = "virtual-network" in ak.component_ids %}
{%- set udr = in_vnet and "firewall" in ak.component_ids and ak.private and not ak.landing_zone -%}
# The inference tier of the baseline: an AKS cluster ({{ "private API server" if ak.private else "public API server for a throwaway dev loop" }}{{ ", nodes in the inference subnet" if in_vnet }}{{ ", egress through the firewall" if udr }},
# three zone-spread nodes at least, Entra ID with Azure RBAC, workload identity, Container
# insights), the Azure Machine Learning extension with a highly available inference router
# ({{ "on an internal load balancer, " if in_vnet }}TLS only), the cluster attached to the workspace as a Kubernetes compute
# target that runs as the workload identity (AcrPull on the registry, Storage Blob Data
# Reader on the model files), and one Kubernetes online endpoint with AML token auth for
# the model pipeline to deploy into. Deployments and traffic splits belong to that pipeline.
#
# The router serves TLS only: before it takes traffic, put the certificate (from Key Vault,
# for example with the Secrets Store CSI driver) into the Kubernetes secret named by
# router_tls_secret_name in the `azureml` namespace, for the host name in router_host_name.
# Local accounts stay enabled because the extension needs them (the page's reviewed exception).
#
# azurerm has no resource for the extension-based Kubernetes compute or for online
# endpoints, so those two are azapi resources with the ARM bodies the Bicep flavour uses.
resource "azurerm_kubernetes_cluster" "this" {
  name                              = var.name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  dns_prefix                        = var.name
  sku_tier                          = "Standard"
  local_account_disabled            = false
  role_based_access_control_enabled = true
{%- if ak.private %}
  private_cluster_enabled           = true
{%- endif %}
  oidc_issuer_enabled               = true
  workload_identity_enabled         = true
  azure_policy_enabled              = true
  automatic_upgrade_channel         = "patch"
  node_os_upgrade_channel           = "NodeImage"
  tags                              = var.tags

  default_node_pool {
    name                 = "system"
    type                 = "VirtualMachineScaleSets"
    os_sku               = "AzureLinux"
    vm_size              = var.node_vm_size
    os_disk_type         = "Ephemeral"
    max_pods             = 110
    auto_scaling_enabled = true
    node_count           = var.min_node_count
    min_count            = var.min_node_count
    max_count            = var.max_node_count
    zones                = ["1", "2", "3"]
{%- if in_vnet %}
    vnet_subnet_id       = var.inference_subnet_id
{%- endif %}
  }

  identity {
    type = "SystemAssigned"
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    load_balancer_sku   = "standard"
{%- if udr %}
    outbound_type       = "userDefinedRouting" # egress follows the subnet's route to the firewall
{%- else %}
    outbound_type       = "loadBalancer"
{%- endif %}
  }

  oms_agent {
    log_analytics_workspace_id      = var.log_analytics_workspace_id
    msi_auth_for_monitoring_enabled = true
  }

  # Mounts the router's TLS certificate from Key Vault and picks up renewals.
  # Polls for renewed secrets every 2 minutes (the default interval).
  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }
}
{{- diagnostics(c, "azurerm_kubernetes_cluster.this.id") }}
{%- if in_vnet %}

# The cluster's identity manages the inference router's internal load balancer in a subnet it
# did not create: Network Contributor on that subnet only (deployments outside the CLI must
# grant it themselves), before the extension asks for the load balancer.
data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "subnet_network_contributor" {
  scope              = var.inference_subnet_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Network Contributor"] }}" # Network Contributor
  principal_id       = azurerm_kubernetes_cluster.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}

resource "azurerm_kubernetes_cluster_extension" "azureml" {
  name              = "azureml"
  cluster_id        = azurerm_kubernetes_cluster.this.id
  extension_type    = "microsoft.azureml.kubernetes"
  release_train     = "stable"
  release_namespace = "azureml"

{%- set settings = [("enableTraining", '"False"'), ("enableInference", '"True"'), ("inferenceRouterHA", '"True"'),
                     ("inferenceRouterServiceType", '"loadBalancer"')] %}
{%- if in_vnet %}{% set settings = settings + [("internalLoadBalancerProvider", '"azure"')] %}{% endif %}
{%- set settings = settings + [("allowInsecureConnections", '"False"'), ("sslSecret", "var.router_tls_secret_name"),
                               ("sslCname", 'coalesce(var.router_host_name, "scoring.${var.name}.internal")'),
                               ("clusterPurpose", '"FastProd"')] %}
  configuration_settings = {
{{- attrs(settings, 4) }}
  }
{%- if in_vnet %}

  depends_on = [azurerm_role_assignment.subnet_network_contributor]
{%- endif %}
}

resource "azapi_resource" "compute" {
  type                      = "Microsoft.MachineLearningServices/workspaces/computes@{{ ak.api["Microsoft.MachineLearningServices/workspaces/computes"] }}"
  name                      = "aks-inference"
  parent_id                 = var.workspace_id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  identity {
    type         = "UserAssigned"
    identity_ids = [var.compute_identity_id]
  }

  body = {
    properties = {
      computeType      = "Kubernetes"
      resourceId       = azurerm_kubernetes_cluster.this.id
      description      = "AKS inference cluster with the Azure Machine Learning extension."
      disableLocalAuth = true
      properties = {
        namespace = "azureml"
      }
    }
  }

  depends_on = [azurerm_kubernetes_cluster_extension.azureml]
}

{%- if "api-management" in ak.component_ids %}
# The model pipeline adds deployments and shifts traffic; API Management exchanges the
# caller's Entra ID token for an AML token.
{%- else %}
# The model pipeline adds deployments and shifts traffic; callers present an AML token.
{%- endif %}
resource "azapi_resource" "endpoint" {
  type                      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@{{ ak.api["Microsoft.MachineLearningServices/workspaces/onlineEndpoints"] }}"
  name                      = var.endpoint_name
  parent_id                 = var.workspace_id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  # The same identity as the compute: it pulls the scoring image and reads the model files.
  identity {
    type         = "UserAssigned"
    identity_ids = [var.compute_identity_id]
  }

  body = {
    kind = "Kubernetes"
    properties = {
      authMode    = "AMLToken"
      compute     = azapi_resource.compute.id
      description = "Kubernetes online endpoint; deployments come from the model pipeline."
    }
  }
}
{%- endif %}
