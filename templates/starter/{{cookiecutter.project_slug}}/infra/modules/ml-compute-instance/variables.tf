{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-instance" in ak.modules -%}
variable "name" {
  description = "Name of the compute instance (3-24 characters, unique in the region)."
  type        = string

  validation {
    condition     = length(var.name) >= 3 && length(var.name) <= 24
    error_message = "Use 3 to 24 characters."
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
  description = "Resource ID of the Machine Learning workspace the compute instance belongs to."
  type        = string
}

variable "enabled" {
  description = "Create the compute instance in this environment (notebooks belong in Dev only). Set per environment in environments/<environment>.tfvars."
  type        = bool
}

variable "vm_size" {
  description = "VM size of the compute instance. Set per environment in environments/<environment>.tfvars."
  type        = string
}

variable "user_object_id" {
  description = "Microsoft Entra object ID of the user who owns the compute instance; empty creates none."
  type        = string
}

variable "idle_time_before_shutdown" {
  description = "Idle time before the compute instance shuts down (ISO 8601 duration, 15 minutes to 3 days)."
  type        = string
  default     = "PT60M"
}
{%- endif %}
