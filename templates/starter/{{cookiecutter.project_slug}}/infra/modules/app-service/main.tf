{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/macros.j2" import attrs, diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["app-service"] %}
{%- set plan = c.resources | selectattr("arm_type", "equalto", "Microsoft.Web/serverfarms") | first %}
{%- set prod = ak.environment == "prod" %}
{%- set appi = "app-insights" in ak.component_ids -%}
# Linux App Service plan ({{ c.sku }}{{ ", zone-redundant" if prod }}) and a web app that runs as the workload
# identity: HTTPS only, TLS 1.2, no FTP, no basic-auth publishing, no remote debugging.
{%- if ak.private %}
# No public network access: {{ "Application Gateway reaches" if "app-gateway" in ak.component_ids else "clients in the network reach" }} the app
# through its private endpoint, and all outbound traffic leaves through the integration subnet.
{%- else %}
# Public endpoint open (the app is the internet-facing entry point).
{%- endif %}
resource "azurerm_service_plan" "this" {
  name                   = "{{ plan.abbreviation }}-${var.name}"
  location               = var.location
  resource_group_name    = var.resource_group_name
  os_type                = "Linux"
  sku_name               = "{{ c.sku }}"
  worker_count           = {{ 3 if prod else 1 }}
  zone_balancing_enabled = {{ "true" if prod else "false" }}
  tags                   = var.tags
}

resource "azurerm_linux_web_app" "this" {
  name                                           = var.name
  location                                       = var.location
  resource_group_name                            = var.resource_group_name
  service_plan_id                                = azurerm_service_plan.this.id
  https_only                                     = true
  client_affinity_enabled                        = false
  public_network_access_enabled                  = {{ "false" if ak.private else "true" }}
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  key_vault_reference_identity_id                = var.identity_id
{%- if ak.private %}
  virtual_network_subnet_id                      = var.app_service_subnet_id
{%- endif %}
  tags                                           = var.tags

  app_settings = {
{%- set ns = namespace(settings=[("AZURE_CLIENT_ID", "var.identity_client_id")]) %}
{%- if appi %}
{%- set ns.settings = ns.settings + [("APPLICATIONINSIGHTS_CONNECTION_STRING", "var.app_insights_connection_string"),
                                     ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", '"ClientId=${var.identity_client_id};Authorization=AAD"')] %}
{%- endif %}
{{- attrs(ns.settings, 4) }}
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  site_config {
{%- set ns.site = [("always_on", "true"), ("http2_enabled", "true"), ("minimum_tls_version", '"1.2"'),
                   ("scm_minimum_tls_version", '"1.2"'), ("ftps_state", '"Disabled"'), ("remote_debugging_enabled", "false")] %}
{%- if ak.private %}{% set ns.site = ns.site + [("vnet_route_all_enabled", "true")] %}{% endif %}
{{- attrs(ns.site, 4) }}

    application_stack {
      python_version = "3.12"
    }
  }
}
{{- diagnostics(c, "azurerm_linux_web_app.this.id") }}
{{- private_endpoint(c, "azurerm_linux_web_app.this.id") }}
{{- role_assignments(c, "azurerm_linux_web_app.this.id") }}
{%- endif %}
