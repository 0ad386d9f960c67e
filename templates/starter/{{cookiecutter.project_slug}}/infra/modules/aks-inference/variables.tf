{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "aks-inference" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["aks-inference"]) }}

variable "workspace_id" {
  description = "Resource ID of the Machine Learning workspace the cluster is attached to."
  type        = string
}

variable "compute_identity_id" {
  description = "Resource ID of the user-assigned identity the Kubernetes compute runs as."
  type        = string
}

variable "endpoint_name" {
  description = "Name of the Kubernetes online endpoint (3-32 characters, unique in the region)."
  type        = string
}
{%- if "virtual-network" in ak.component_ids %}

variable "inference_subnet_id" {
  description = "Resource ID of the subnet for the nodes and the internal inference router."
  type        = string
}
{%- endif %}

variable "node_vm_size" {
  description = "VM size of the node pool."
  type        = string
  default     = "Standard_D4ds_v5"
}

variable "min_node_count" {
  description = "Minimum node count; three spread over zones keep the inference router highly available."
  type        = number
  default     = 3

  validation {
    condition     = var.min_node_count >= 3
    error_message = "Use at least 3 nodes."
  }
}

variable "max_node_count" {
  description = "Maximum node count the cluster autoscaler may reach."
  type        = number
  default     = 6

  validation {
    condition     = var.max_node_count >= 3
    error_message = "Use at least 3 nodes."
  }
}

variable "router_tls_secret_name" {
  description = "Kubernetes secret (namespace azureml) holding the inference router TLS certificate."
  type        = string
  default     = "azureml-fe-tls"
}

variable "router_host_name" {
  description = "Host name the inference router certificate is issued for; null means scoring.<cluster name>.internal."
  type        = string
  default     = null
}
{%- endif %}
