{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "virtual-network" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["virtual-network"]) }}
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
