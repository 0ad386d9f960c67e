{%- set ak = archkit(cookiecutter) %}
{%- if ak.bicep and "function-app" in ak.modules %}
{%- from "bicep/web.j2" import site_params, plan, site with context %}
{%- set c = ak.component["function-app"] -%}
// Linux Elastic Premium plan ({{ c.sku }}; instances and zone redundancy per environment) and a function app that runs as the
// workload identity. The host reaches its storage account with that identity
// (AzureWebJobsStorage__*), so there is no storage key and no Azure Files content share:
// deploy a zip package (run from package). HTTPS only, TLS 1.2, no FTP, no remote debugging.
{%- if ak.private %}
// No public network access: callers use the private endpoint, and all outbound traffic
// (the host's storage traffic included) leaves through the integration subnet.
{%- else %}
// Public endpoint open; HTTP triggers still need their own authentication.
{%- endif %}

{{ site_params(c, "function app", "host storage connection and AZURE_CLIENT_ID", storage=true) }}

{{ plan(c, elastic=true) }}

{{ site(c, "functionApp", private_site_config=["functionsRuntimeScaleMonitoringEnabled: true"],
        settings=[("FUNCTIONS_EXTENSION_VERSION", "'~4'"),
                  ("FUNCTIONS_WORKER_RUNTIME", "'python'"),
                  ("WEBSITE_RUN_FROM_PACKAGE", "'1'"),
                  ("AzureWebJobsStorage__accountName", "storageAccountName"),
                  ("AzureWebJobsStorage__credential", "'managedidentity'"),
                  ("AzureWebJobsStorage__clientId", "identityClientId"),
                  ("AZURE_CLIENT_ID", "identityClientId")]) }}
{%- endif %}
