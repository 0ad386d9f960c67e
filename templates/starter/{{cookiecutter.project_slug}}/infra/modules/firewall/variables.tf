{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "firewall" in ak.modules and ak.private and not ak.landing_zone -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["firewall"]) }}

variable "subnet_id" {
  description = "Resource ID of AzureFirewallSubnet in the workload virtual network."
  type        = string
}

variable "source_address_prefixes" {
  description = "Address prefixes of the workload subnets whose egress goes through the firewall."
  type        = list(string)
}
{%- if "jump-box" in ak.component_ids %}

variable "jump_box_subnet_prefix" {
  description = "Address prefix of the jump box subnet."
  type        = string
}
{%- endif %}
{%- if "aks-inference" in ak.component_ids %}

variable "inference_subnet_prefix" {
  description = "Address prefix of the AKS inference subnet."
  type        = string
}
{%- endif %}
{%- if ak.apim_internal %}

variable "api_management_subnet_prefix" {
  description = "Address prefix of the API Management subnet."
  type        = string
}
{%- endif %}
{%- if ak.component["firewall"].sku == "Basic" %}

variable "management_subnet_id" {
  description = "Resource ID of AzureFirewallManagementSubnet (the Basic tier needs it for management traffic)."
  type        = string
}
{%- endif %}
{%- endif %}
