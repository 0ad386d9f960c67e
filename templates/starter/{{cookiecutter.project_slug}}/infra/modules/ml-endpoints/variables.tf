{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-endpoints" in ak.modules -%}
{%- set c = ak.component["ml-endpoints"] -%}
variable "online_endpoint_name" {
  description = "Name of the managed online endpoint (3-32 characters, unique in the region)."
  type        = string

  validation {
    condition     = length(var.online_endpoint_name) >= 3 && length(var.online_endpoint_name) <= 32
    error_message = "Use 3 to 32 characters."
  }
}

variable "batch_endpoint_name" {
  description = "Name of the batch endpoint (3-32 characters, unique in the region)."
  type        = string

  validation {
    condition     = length(var.batch_endpoint_name) >= 3 && length(var.batch_endpoint_name) <= 32
    error_message = "Use 3 to 32 characters."
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
  description = "Resource ID of the Machine Learning workspace that owns the endpoints."
  type        = string
}

variable "identity_id" {
  description = "Resource ID of the user-assigned identity the endpoints run as."
  type        = string
}
{%- if c.diagnostics %}

variable "log_analytics_workspace_id" {
  description = "Resource ID of the Log Analytics workspace that receives diagnostics."
  type        = string
}
{%- endif %}
{%- endif %}
