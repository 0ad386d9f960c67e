{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["function-app"] %}
{%- set plan = c.resources | selectattr("arm_type", "equalto", "Microsoft.Web/serverfarms") | first %}
{%- set prod = ak.environment == "prod" %}
{%- set appi = "app-insights" in ak.component_ids -%}
# Linux Elastic Premium plan ({{ c.sku }}{{ ", zone-redundant" if prod }}) and a function app that runs as the
# workload identity. The host reaches its storage account with that identity
# (storage_uses_managed_identity), so there is no storage key and no Azure Files content
# share: deploy a zip package (run from package). HTTPS only, TLS 1.2, no FTP, no
# basic-auth publishing, no remote debugging.
{%- if ak.private %}
# No public network access: callers use the private endpoint, and all outbound traffic
# (the host's storage traffic included) leaves through the integration subnet.
{%- else %}
# Public endpoint open; HTTP triggers still need their own authentication.
{%- endif %}
resource "azurerm_service_plan" "this" {
  name                         = "{{ plan.abbreviation }}-${var.name}"
  location                     = var.location
  resource_group_name          = var.resource_group_name
  os_type                      = "Linux"
  sku_name                     = "{{ c.sku }}"
  worker_count                 = {{ 3 if prod else 1 }}
  maximum_elastic_worker_count = 20
  zone_balancing_enabled       = {{ "true" if prod else "false" }}
  tags                         = var.tags
}

resource "azurerm_linux_function_app" "this" {
  name                                           = var.name
  location                                       = var.location
  resource_group_name                            = var.resource_group_name
  service_plan_id                                = azurerm_service_plan.this.id
  functions_extension_version                    = "~4"
  storage_account_name                           = var.storage_account_name
  storage_uses_managed_identity                  = true
  content_share_force_disabled                   = true
  builtin_logging_enabled                        = false
  https_only                                     = true
  public_network_access_enabled                  = {{ "false" if ak.private else "true" }}
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  key_vault_reference_identity_id                = var.identity_id
{%- if ak.private %}
  virtual_network_subnet_id                      = var.app_service_subnet_id
{%- endif %}
  tags                                           = var.tags

  # storage_uses_managed_identity sets AzureWebJobsStorage__accountName; the two
  # AzureWebJobsStorage__ settings below make the host use the user-assigned identity.
  app_settings = {
{%- set ns = namespace(settings=[("WEBSITE_RUN_FROM_PACKAGE", '"1"'),
                                 ("AzureWebJobsStorage__credential", '"managedidentity"'),
                                 ("AzureWebJobsStorage__clientId", "var.identity_client_id"),
                                 ("AZURE_CLIENT_ID", "var.identity_client_id")]) %}
{%- if appi %}{% set ns.settings = ns.settings + [("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", '"ClientId=${var.identity_client_id};Authorization=AAD"')] %}{% endif %}
{{- attrs(ns.settings, 4) }}
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  site_config {
{%- set ns.site = [("http2_enabled", "true"), ("minimum_tls_version", '"1.2"'), ("scm_minimum_tls_version", '"1.2"'),
                   ("ftps_state", '"Disabled"'), ("remote_debugging_enabled", "false")] %}
{%- if ak.private %}{% set ns.site = ns.site + [("vnet_route_all_enabled", "true"), ("runtime_scale_monitoring_enabled", "true")] %}{% endif %}
{%- if appi %}{% set ns.site = ns.site + [("application_insights_connection_string", "var.app_insights_connection_string")] %}{% endif %}
{{- attrs(ns.site, 4) }}

    application_stack {
      python_version = "3.12"
    }
  }
}
{{- diagnostics(c, "azurerm_linux_function_app.this.id") }}
{{- private_endpoint(c, "azurerm_linux_function_app.this.id") }}
{{- role_assignments(c, "azurerm_linux_function_app.this.id") }}
{%- endif %}
