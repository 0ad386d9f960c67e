{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "traffic-manager" in ak.modules -%}
variable "name" {
  description = "Name of the profile; also its DNS label under trafficmanager.net (globally unique)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the resources."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource in this module."
  type        = map(string)
}

variable "log_analytics_workspace_id" {
  description = "Resource ID of the Log Analytics workspace that receives diagnostics."
  type        = string
}

variable "gateway_host_name" {
  description = "Host name of the API Management gateway in this region."
  type        = string
}
{%- endif %}
