{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "monitor-private-link" in ak.modules and ak.private -%}
variable "name" {
  description = "Name of the private link scope."
  type        = string
}

variable "location" {
  description = "Azure region of the private endpoint."
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
  description = "Resource ID of the Log Analytics workspace to scope."
  type        = string
}

variable "app_insights_id" {
  description = "Resource ID of the Application Insights component to scope."
  type        = string
}

variable "private_endpoint_subnet_id" {
  description = "Resource ID of the subnet that hosts the private endpoint."
  type        = string
}

variable "private_dns_zone_ids" {
  description = "Resource IDs of the private DNS zones Azure Monitor needs."
  type        = list(string)
}
{%- endif %}
