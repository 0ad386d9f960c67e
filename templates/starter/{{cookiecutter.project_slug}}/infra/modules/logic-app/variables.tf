{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "logic-app" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["logic-app"]) }}

variable "workload_identity_id" {
  description = "Resource ID of the workload's user-assigned identity, which the workflow runs as."
  type        = string
}
{%- endif %}
