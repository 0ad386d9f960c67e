{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-services" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{#- One module for every single-service Azure AI account (Document Intelligence, Speech,
    Language, Vision): kind and SKU come from the caller; the rest is shared. -#}
{%- set c = ak.components | selectattr("module", "equalto", "ai-services") | first %}
{%- for x in ak.components if x.module == "ai-services" and (x.roles != c.roles or x.diagnostics != c.diagnostics
    or (x.private_endpoint or {}).get("group_ids") != (c.private_endpoint or {}).get("group_ids")) %}
{#- The module file is rendered once, from the first such component: refuse to render
    a module whose parameters or role list would not fit every caller. -#}
{{- ak["components " ~ c.id ~ " and " ~ x.id ~ " share the ai-services module but differ in roles, diagnostics or private endpoint"] }}
{%- endfor -%}
# Azure AI services account (single-service Cognitive Services account; the caller picks
# kind and SKU). Entra ID only (local auth off);
# {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.
resource "azurerm_cognitive_account" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  kind                          = var.kind
  sku_name                      = var.sku_name
  custom_subdomain_name         = var.name
  local_auth_enabled            = false
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }

  network_acls {
    default_action = "{{ "Deny" if ak.private else "Allow" }}"
    bypass         = "AzureServices"
  }
}
{{- diagnostics(c, "azurerm_cognitive_account.this.id") }}
{{- private_endpoint(c, "azurerm_cognitive_account.this.id") }}
{{- role_assignments(c, "azurerm_cognitive_account.this.id") }}
{%- endif %}
