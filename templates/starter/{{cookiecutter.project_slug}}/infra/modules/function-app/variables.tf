{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
{%- from "terraform/web.j2" import site_variables with context -%}
{{ site_variables(ak.component["function-app"], "host storage connection and AZURE_CLIENT_ID", storage=true) }}
{%- endif %}
