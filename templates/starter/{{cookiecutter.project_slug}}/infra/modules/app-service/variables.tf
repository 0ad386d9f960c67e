{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/web.j2" import site_variables with context -%}
{{ site_variables(ak.component["app-service"], "AZURE_CLIENT_ID for DefaultAzureCredential") }}
{%- endif %}
