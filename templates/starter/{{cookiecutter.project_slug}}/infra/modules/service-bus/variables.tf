{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "service-bus" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["service-bus"]) }}

variable "queue_name" {
  description = "Name of the queue the web app sends command messages to."
  type        = string
  default     = "documents"
}

variable "max_delivery_count" {
  description = "Deliveries before a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_delivery_count >= 1 && var.max_delivery_count <= 100
    error_message = "Use 1 to 100 deliveries."
  }
}
{%- endif %}
