{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-foundry" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["ai-foundry"]) }}

variable "project_name" {
  description = "Name of the Foundry project created in the Foundry resource."
  type        = string
}
{%- if ak.private and "agent-service" in ak.component_ids %}

variable "agent_subnet_id" {
  description = "Resource ID of the subnet delegated to Agent Service; agent traffic leaves the network through it."
  type        = string
}
{%- endif %}
{%- endif %}
