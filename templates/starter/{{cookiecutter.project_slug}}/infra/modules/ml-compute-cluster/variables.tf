{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-cluster" in ak.modules -%}
variable "name" {
  description = "Name of the compute cluster (2-16 characters)."
  type        = string
  default     = "cpu-cluster"

  validation {
    condition     = length(var.name) >= 2 && length(var.name) <= 16
    error_message = "Use 2 to 16 characters."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource in this module."
  type        = map(string)
}

variable "workspace_id" {
  description = "Resource ID of the Machine Learning workspace the cluster belongs to."
  type        = string
}

variable "identity_id" {
  description = "Resource ID of the user-assigned identity the cluster runs as."
  type        = string
}

variable "vm_size" {
  description = "VM size of the nodes."
  type        = string
  default     = "Standard_DS3_v2"
}

variable "max_node_count" {
  description = "Nodes the cluster may scale out to."
  type        = number
  default     = 4

  validation {
    condition     = var.max_node_count >= 1
    error_message = "Use at least 1 node."
  }
}
{%- for s in ak.component["ml-compute-cluster"].sizing %}

variable "{{ s.setting }}" {
  description = {{ (s.description ~ " Set per environment in environments/<environment>.tfvars.") | tojson }}
  type        = {{ s.tf_type }}
}
{%- endfor %}
{%- endif %}
