{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-registry" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["ml-registry"]) }}
{%- endif %}
