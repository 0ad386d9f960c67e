{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "cosmos-db" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["cosmos-db"]) }}
{%- set ns = namespace(sql=false) %}
{%- for r in ak.component["cosmos-db"].roles if r.id.startswith("00000000-0000-0000-0000-") %}{% set ns.sql = true %}{% endfor %}
{%- if ns.sql %}

variable "database_name" {
  description = "Name of the NoSQL database the workload keeps its data in."
  type        = string
  default     = "appdata"
}
{%- endif %}
{%- endif %}
