{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "app-service" in ak.modules %}
{%- from "bicep/web.j2" import site_params, plan, site with context %}
{%- set c = ak.component["app-service"] -%}
// Linux App Service plan ({{ c.sku }}; instances and zone redundancy per environment) and a web app that runs as {{ "its own" if c.id in ak.principal_for else "the workload" }}
// identity: HTTPS only, TLS 1.2, no FTP, no remote debugging.
{%- if ak.private %}
// No public network access: {{ "Application Gateway reaches" if "app-gateway" in ak.component_ids else "clients in the network reach" }} the app
// through its private endpoint, and all outbound traffic leaves through the integration subnet.
{%- else %}
// Public endpoint open (the app is the internet-facing entry point).
{%- endif %}

{{ site_params(c, "web app", "AZURE_CLIENT_ID for DefaultAzureCredential") }}
{%- set sb_settings = [] %}
{%- if "service-bus" in ak.component_ids %}
{%- set sb_settings = [("SERVICE_BUS_NAMESPACE", "serviceBusNamespace"), ("SERVICE_BUS_QUEUE", "serviceBusQueueName")] %}

@description('Fully qualified Service Bus namespace the app sends command messages to with its identity.')
param serviceBusNamespace string

@description('Name of the queue that starts one orchestration per uploaded file.')
param serviceBusQueueName string
{%- endif %}

{{ plan(c) }}

{{ site(c, "app", properties=["clientAffinityEnabled: false"], site_config=["alwaysOn: true"],
        settings=[("AZURE_CLIENT_ID", "identityClientId")] + sb_settings) }}
{%- endif %}
