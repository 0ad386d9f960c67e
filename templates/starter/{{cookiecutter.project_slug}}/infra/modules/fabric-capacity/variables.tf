{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "fabric-capacity" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["fabric-capacity"]) }}

variable "administration_members" {
  description = "Capacity administrators: Microsoft Entra user principal names or object IDs of users or service principals."
  type        = list(string)
}
{%- endif %}
