{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "function-app" in ak.modules %}
{%- from "bicep/web.j2" import site_params, plan, site with context %}
{%- set c = ak.component["function-app"] -%}
// Linux Elastic Premium plan ({{ c.sku }}; instances and zone redundancy per environment) and a function app that runs as the
// {{ "dedicated (one identity per function)" if c.id in ak.principal_for else "workload" }} identity. The host reaches its storage account with that identity
// (AzureWebJobsStorage__*), so there is no storage key and no Azure Files content share:
// deploy a zip package (run from package). HTTPS only, TLS 1.2, no FTP, no remote debugging.
{%- if ak.private %}
// No public network access: callers use the private endpoint, and all outbound traffic
// (the host's storage traffic included) leaves through the integration subnet.
{%- else %}
// Public endpoint open; HTTP triggers still need their own authentication.
{%- endif %}

{{ site_params(c, "function app", "host storage connection and AZURE_CLIENT_ID", storage=true) }}
{%- set sb_settings = [] %}
{%- if "event-hubs" in ak.component_ids %}
{%- set sb_settings = [("EventHubConnection__fullyQualifiedNamespace", "eventHubsNamespace"),
                       ("EventHubConnection__credential", "'managedidentity'"),
                       ("EventHubConnection__clientId", "identityClientId"),
                       ("DEFERRED_REQUESTS_EVENT_HUB", "'deferred-requests'"),
                       ("GATEWAY_URL", "gatewayUrl")] %}

@description('Fully qualified Event Hubs namespace whose deferred-requests hub triggers the replay (identity-based connection).')
param eventHubsNamespace string

@description('URL of the API Management gateway the replayed requests go through.')
param gatewayUrl string
{%- endif %}
{%- if "service-bus" in ak.component_ids %}
{%- set sb_settings = sb_settings + [("ServiceBusConnection__fullyQualifiedNamespace", "serviceBusNamespace"),
                                    ("ServiceBusConnection__credential", "'managedidentity'"),
                                    ("ServiceBusConnection__clientId", "identityClientId")] %}

@description('Fully qualified Service Bus namespace whose queue triggers the orchestrations (identity-based connection).')
param serviceBusNamespace string
{%- endif %}

{{ plan(c, elastic=true) }}

{{ site(c, "functionApp", private_site_config=["functionsRuntimeScaleMonitoringEnabled: true"],
        settings=[("FUNCTIONS_EXTENSION_VERSION", "'~4'"),
                  ("FUNCTIONS_WORKER_RUNTIME", "'python'"),
                  ("WEBSITE_RUN_FROM_PACKAGE", "'1'"),
                  ("AzureWebJobsStorage__accountName", "storageAccountName"),
                  ("AzureWebJobsStorage__credential", "'managedidentity'"),
                  ("AzureWebJobsStorage__clientId", "identityClientId"),
                  ("AZURE_CLIENT_ID", "identityClientId")] + sb_settings) }}
{%- endif %}
