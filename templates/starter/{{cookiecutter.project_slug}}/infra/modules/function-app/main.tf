{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
{%- from "terraform/web.j2" import service_plan, site with context -%}
{%- set c = ak.component["function-app"] -%}
# Linux Elastic Premium plan ({{ c.sku }}; instances and zone redundancy per environment) and a function app that runs as the
# {{ "dedicated (one identity per function)" if c.id in ak.principal_for else "workload" }} identity. The host reaches its storage account with that identity
# (storage_uses_managed_identity), so there is no storage key and no Azure Files content
# share: deploy a zip package (run from package). HTTPS only, TLS 1.2, no FTP, no
# basic-auth publishing, no remote debugging.
{%- if ak.private %}
# No public network access: callers use the private endpoint, and all outbound traffic
# (the host's storage traffic included) leaves through the integration subnet.
{%- else %}
# Public endpoint open; HTTP triggers still need their own authentication.
{%- endif %}
{{ service_plan(c, elastic=true) }}

{%- set settings = [("WEBSITE_RUN_FROM_PACKAGE", '"1"'), ("AzureWebJobsStorage__credential", '"managedidentity"'),
                    ("AzureWebJobsStorage__clientId", "var.identity_client_id"), ("AZURE_CLIENT_ID", "var.identity_client_id")] %}
{%- if "event-hubs" in ak.component_ids %}
{%- set settings = settings + [("EventHubConnection__fullyQualifiedNamespace", "var.event_hubs_namespace"),
                               ("EventHubConnection__credential", '"managedidentity"'),
                               ("EventHubConnection__clientId", "var.identity_client_id"),
                               ("DEFERRED_REQUESTS_EVENT_HUB", '"deferred-requests"'),
                               ("GATEWAY_URL", "var.gateway_url")] %}
{%- endif %}
{%- if "service-bus" in ak.component_ids %}
{%- set settings = settings + [("ServiceBusConnection__fullyQualifiedNamespace", "var.service_bus_namespace"),
                               ("ServiceBusConnection__credential", '"managedidentity"'),
                               ("ServiceBusConnection__clientId", "var.identity_client_id")] %}
{%- endif %}
{%- set config_last = [] %}
{%- if "app-insights" in ak.component_ids %}
{%- set settings = settings + [("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", '"ClientId=${var.identity_client_id};Authorization=AAD"')] %}
{%- set config_last = [("application_insights_connection_string", "var.app_insights_connection_string")] %}
{%- endif %}

{{ site(c, "azurerm_linux_function_app",
       arguments=[("functions_extension_version", '"~4"'), ("storage_account_name", "var.storage_account_name"),
                  ("storage_uses_managed_identity", "true"), ("content_share_force_disabled", "true"),
                  ("builtin_logging_enabled", "false")],
       settings=settings,
       settings_comment=["storage_uses_managed_identity sets AzureWebJobsStorage__accountName; the two",
                         "AzureWebJobsStorage__ settings below make the host use the user-assigned identity."],
       private_site_config=[("runtime_scale_monitoring_enabled", "true")], site_config_last=config_last) }}
{%- endif %}
