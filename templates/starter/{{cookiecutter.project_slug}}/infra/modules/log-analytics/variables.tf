{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "log-analytics" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["log-analytics"]) }}
{%- endif %}
