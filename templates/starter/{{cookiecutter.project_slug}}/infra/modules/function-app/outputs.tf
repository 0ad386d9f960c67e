{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
{%- from "terraform/web.j2" import site_outputs with context -%}
{{ site_outputs("azurerm_linux_function_app", "function app", "Elastic Premium plan") }}
{%- endif %}
