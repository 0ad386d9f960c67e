{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "key-vault" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["key-vault"] -%}
# Key Vault with Azure RBAC (no access policies), purge protection and
# {{ "no public network access" if ak.private else "public access limited by firewall rules" }}.
data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "{{ c.sku }}"
  rbac_authorization_enabled    = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = 90
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags

  network_acls {
    bypass         = "AzureServices"
    default_action = "{{ "Deny" if ak.private else "Allow" }}"
  }
}
{{- diagnostics(c, "azurerm_key_vault.this.id") }}
{{- private_endpoint(c, "azurerm_key_vault.this.id") }}
{{- role_assignments(c, "azurerm_key_vault.this.id") }}
{%- endif %}
