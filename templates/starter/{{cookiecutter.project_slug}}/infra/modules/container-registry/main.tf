{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "container-registry" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["container-registry"] -%}
# Container Registry ({{ c.sku }}) without the admin user or anonymous pull: pull with
# the workload identity (AcrPull). Zone redundancy per environment.{{ " Dedicated data endpoints; untagged manifests deleted after 7 days." if c.sku == "Premium" }}
# {{ "No public network access and no image export: reach it through the private endpoint." if ak.private else "Public endpoint open; every pull still needs an Entra ID token." }}
resource "azurerm_container_registry" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "{{ c.sku }}"
  admin_enabled                 = false
  anonymous_pull_enabled        = false
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  network_rule_bypass_option    = "AzureServices"
  zone_redundancy_enabled       = var.zone_redundant
{%- if c.sku == "Premium" %}
  data_endpoint_enabled         = true
  retention_policy_in_days      = 7
{%- endif %}
{%- if ak.private %}
  export_policy_enabled         = false
{%- endif %}
  tags                          = var.tags
}
{{- diagnostics(c, "azurerm_container_registry.this.id") }}
{{- private_endpoint(c, "azurerm_container_registry.this.id") }}
{{- role_assignments(c, "azurerm_container_registry.this.id") }}
{%- endif %}
