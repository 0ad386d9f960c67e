{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-search" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["ai-search"]) }}
{%- if ak.search_connection_roles %}

variable "project_id" {
  description = "Resource ID of the Foundry project that gets the connection to this service."
  type        = string
}

variable "project_principal_id" {
  description = "Principal ID of the Foundry project identity, which queries the indexes."
  type        = string
}
{%- endif %}
{%- endif %}
