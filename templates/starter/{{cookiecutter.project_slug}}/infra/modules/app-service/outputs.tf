{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/web.j2" import site_outputs with context -%}
{{ site_outputs("azurerm_linux_web_app", "web app", "App Service plan") }}
{%- endif %}
