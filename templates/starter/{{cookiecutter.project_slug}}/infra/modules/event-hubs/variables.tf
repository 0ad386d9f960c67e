{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "event-hubs" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["event-hubs"]) }}

variable "capacity" {
  description = "Throughput units of the namespace."
  type        = number
  default     = 1

  validation {
    condition     = var.capacity >= 1 && var.capacity <= 40
    error_message = "Use 1 to 40 throughput units."
  }
}

variable "retention_days" {
  description = "Days an event stays in each event hub."
  type        = number
  default     = 1

  validation {
    condition     = var.retention_days >= 1 && var.retention_days <= 7
    error_message = "Use 1 to 7 days."
  }
}
{%- endif %}
