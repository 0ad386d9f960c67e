{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "log-analytics" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["log-analytics"]) }}

variable "retention_in_days" {
  description = "Days to keep interactive data."
  type        = number
  default     = {{ 90 if ak.environment == "prod" else 30 }}
}
{%- endif %}
