{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-gateway-api" in ak.modules -%}
variable "resource_group_name" {
  description = "Resource group that holds the API Management service."
  type        = string
}

variable "api_management_name" {
  description = "Name of the API Management service that hosts the API."
  type        = string
}

variable "foundry_backend_id" {
  description = "Resource ID of the Foundry backend the pool balances over (declared with its circuit breaker in the api-management module)."
  type        = string
}

variable "app_insights_connection_string" {
  description = "Connection string of the Application Insights component that receives token metrics."
  type        = string
  sensitive   = true
}

variable "app_insights_id" {
  description = "Resource ID of the Application Insights component that receives token metrics."
  type        = string
}
{%- if "event-hubs" in ak.component_ids %}

variable "event_hubs_namespace_id" {
  description = "Resource ID of the Event Hubs namespace whose gateway-usage event hub receives usage records."
  type        = string
}

variable "event_hubs_namespace_name" {
  description = "Name of the Event Hubs namespace whose gateway-usage event hub receives usage records."
  type        = string
}
{%- endif %}

variable "sampling_percentage" {
  description = "Percentage of requests the API diagnostic samples into Application Insights."
  type        = number
  default     = 100

  validation {
    condition     = var.sampling_percentage >= 0 && var.sampling_percentage <= 100
    error_message = "Use 0 to 100."
  }
}
{%- endif %}
