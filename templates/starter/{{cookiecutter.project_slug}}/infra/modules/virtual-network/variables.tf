{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "virtual-network" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["virtual-network"]) }}

variable "address_plan" {
  description = "Address plan: {{ "virtual_network (prefix) and " if not ak.landing_zone }}subnets (prefix per subnet key)."
  type = object({
{%- if not ak.landing_zone %}
    virtual_network = string
{%- endif %}
    subnets{{ "        " if not ak.landing_zone }} = map(string)
  })
}
{%- if not ak.landing_zone %}

variable "enable_ddos_protection" {
  description = "Create an Azure DDoS Network Protection plan and attach it to the virtual network (protects the public IPs in it). Off by default, as in the reference: a plan is a large fixed monthly cost, usually shared by a platform team."
  type        = bool
}
{%- endif %}
{%- if ak.landing_zone %}

variable "spoke_virtual_network_id" {
  description = "Resource ID of the existing spoke virtual network that the platform team provides."
  type        = string
}

variable "egress_route_table_id" {
  description = "Resource ID of the platform route table that sends egress to the hub firewall."
  type        = string
}
{%- endif %}
{%- endif %}
