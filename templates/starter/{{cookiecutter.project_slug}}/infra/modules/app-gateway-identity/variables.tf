{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway-identity" in ak.modules -%}
variable "name" {
  description = "Name of the user-assigned identity of the Application Gateway."
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

variable "key_vault_id" {
  description = "Resource ID of the Key Vault that holds the listener certificate."
  type        = string
}
{%- endif %}
