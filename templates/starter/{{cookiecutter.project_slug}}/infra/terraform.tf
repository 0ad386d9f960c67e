{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.79"
    }
{%- set azapi_users = ak.component_ids | select("in", ["agent-service", "ai-gateway-api", "aks-inference", "ml-registry", "ml-compute-instance", "ml-endpoints", "synapse"]) | list %}
{%- if azapi_users or ak.search_connection_roles %}
    # Types azurerm lacks (Foundry project connections, Agent Service's capability host, the AI
    # gateway's backend pool and metrics-enabled API diagnostic, Machine Learning's Kubernetes
    # compute, online endpoints, registries and idle shutdown of compute instances, the Synapse
    # workspace with its default lake's managed private endpoint) are azapi resources.
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.6"
    }
{%- endif %}
  }
}
{%- endif %}
