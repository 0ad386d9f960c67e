{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "private-dns" in ak.modules and ak.private and not ak.landing_zone and ak.dns_zones -%}
variable "resource_group_name" {
  description = "Resource group that holds the zones."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource in this module."
  type        = map(string)
}

variable "virtual_network_id" {
  description = "Resource ID of the virtual network the zones are linked to."
  type        = string
}
{%- endif %}
