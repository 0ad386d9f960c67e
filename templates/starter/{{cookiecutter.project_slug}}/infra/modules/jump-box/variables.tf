{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "jump-box" in ak.modules and ak.private -%}
variable "name" {
  description = "Name of the jump box virtual machine."
  type        = string
}

variable "location" {
  description = "Azure region."
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

variable "deploy_jump_box" {
  description = "Deploy the jump box{{ " and Azure Bastion" if not ak.landing_zone }}."
  type        = bool
}

variable "jump_box_subnet_id" {
  description = "Resource ID of snet-jumpBoxes."
  type        = string
}
{%- if not ak.landing_zone %}

variable "bastion_subnet_id" {
  description = "Resource ID of AzureBastionSubnet."
  type        = string
}
{%- endif %}

variable "admin_password" {
  description = "Password of the local break-glass administrator (vmadmin). People sign in with Microsoft Entra ID."
  type        = string
  sensitive   = true
}
{%- endif %}
