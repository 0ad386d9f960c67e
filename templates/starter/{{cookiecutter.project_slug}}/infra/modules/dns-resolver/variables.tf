{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "dns-resolver" in ak.modules and ak.private and not ak.landing_zone -%}
variable "name" {
  description = "Name of the DNS Private Resolver."
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

variable "virtual_network_id" {
  description = "Resource ID of the workload virtual network the resolver serves."
  type        = string
}

variable "inbound_subnet_id" {
  description = "Resource ID of snet-dnsResolverInbound (delegated to Microsoft.Network/dnsResolvers, at least /28)."
  type        = string
}
{%- endif %}
