{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/web.j2" import service_plan, site with context -%}
{%- set c = ak.component["app-service"] -%}
# Linux App Service plan ({{ c.sku }}; instances and zone redundancy per environment) and a web app that runs as {{ "its own" if c.id in ak.principal_for else "the workload" }}
# identity: HTTPS only, TLS 1.2, no FTP, no basic-auth publishing, no remote debugging.
{%- if ak.private %}
# No public network access: {{ "Application Gateway reaches" if "app-gateway" in ak.component_ids else "clients in the network reach" }} the app
# through its private endpoint, and all outbound traffic leaves through the integration subnet.
{%- else %}
# Public endpoint open (the app is the internet-facing entry point).
{%- endif %}
{{ service_plan(c) }}

{%- set settings = [("AZURE_CLIENT_ID", "var.identity_client_id")] %}
{%- if "service-bus" in ak.component_ids %}
{%- set settings = settings + [("SERVICE_BUS_NAMESPACE", "var.service_bus_namespace"), ("SERVICE_BUS_QUEUE", "var.service_bus_queue_name")] %}
{%- endif %}
{%- if "app-insights" in ak.component_ids %}
{%- set settings = settings + [("APPLICATIONINSIGHTS_CONNECTION_STRING", "var.app_insights_connection_string"),
                               ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", '"ClientId=${var.identity_client_id};Authorization=AAD"')] %}
{%- endif %}

{{ site(c, "azurerm_linux_web_app", arguments_after=[("client_affinity_enabled", "false")], settings=settings,
       site_config_first=[("always_on", "true")]) }}
{%- endif %}
