{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "api-management" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["api-management"]) }}

variable "publisher_email" {
  description = "Email address that receives API Management system notifications."
  type        = string
  default     = "platform@contoso.com"
}

variable "publisher_name" {
  description = "Organisation name shown in the developer portal and in notification emails."
  type        = string
  default     = "Contoso"
}
{%- if ak.apim_internal %}

variable "api_management_subnet_id" {
  description = "Resource ID of the subnet API Management is injected into (no delegation; its NSG admits the management endpoint and the load balancer)."
  type        = string
}

variable "virtual_network_id" {
  description = "Resource ID of the virtual network whose clients (Application Gateway first) resolve the gateway host name to its private address."
  type        = string
}
{%- elif ak.private %}

variable "api_management_subnet_id" {
  description = "Resource ID of the subnet (delegated to Microsoft.Web/serverFarms) for outbound VNet integration."
  type        = string
}
{%- endif %}
{%- if "ai-foundry" in ak.component_ids %}

variable "ai_foundry_id" {
  description = "Resource ID of the Foundry account the gateway fronts."
  type        = string
}

variable "ai_foundry_endpoint" {
  description = "Endpoint of the Foundry account (ends with a slash)."
  type        = string
}
{%- endif %}
{%- if "ml-endpoints" in ak.component_ids and "ai-foundry" not in ak.component_ids %}

variable "online_endpoint_id" {
  description = "Resource ID of the managed online endpoint the gateway publishes."
  type        = string
}

variable "online_endpoint_scoring_uri" {
  description = "Scoring URI of the managed online endpoint (ends with /score)."
  type        = string
}
{%- endif %}
{%- endif %}
