{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-foundry" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["ai-foundry"]) }}

variable "project_name" {
  description = "Name of the Foundry project created in the Foundry resource."
  type        = string
}
{%- endif %}
