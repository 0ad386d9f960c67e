{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "firewall" in ak.modules and ak.private and not ak.landing_zone -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["firewall"] %}
{%- set basic = c.sku == "Basic" -%}
# Azure Firewall ({{ c.sku }} tier) managed by a firewall policy: the workload subnets
# send internet-bound traffic here (route table in the virtual-network module).
# The policy has no rule collections yet, so all egress is denied until you add
# the FQDNs and service tags the workload needs.
{%- if basic %}
# The Basic tier supports threat intelligence in alert mode only and no DNS proxy,
# and needs a management IP configuration in AzureFirewallManagementSubnet.
{%- endif %}

# Names of the resources this module adds: the part of var.name after its abbreviation.
locals {
  base_name = replace(var.name, "/^[^-]+-/", "")
}

resource "azurerm_firewall_policy" "this" {
  name                     = "afwp-${local.base_name}"
  location                 = var.location
  resource_group_name      = var.resource_group_name
  sku                      = "{{ c.sku }}"
  threat_intelligence_mode = "{{ "Alert" if basic else "Deny" }}"
  tags                     = var.tags
{%- if not basic %}

  dns {
    proxy_enabled = true
  }
{%- endif %}
}

resource "azurerm_public_ip" "this" {
  name                = "pip-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}
{%- if basic %}

resource "azurerm_public_ip" "management" {
  name                = "pip-${var.name}-mgmt"
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}
{%- endif %}

resource "azurerm_firewall" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku_name            = "AZFW_VNet"
  sku_tier            = "{{ c.sku }}"
  firewall_policy_id  = azurerm_firewall_policy.this.id
  zones               = ["1", "2", "3"]
  tags                = var.tags

  ip_configuration {
    name                 = "ipconfig"
    subnet_id            = var.subnet_id
    public_ip_address_id = azurerm_public_ip.this.id
  }
{%- if basic %}

  management_ip_configuration {
    name                 = "management"
    subnet_id            = var.management_subnet_id
    public_ip_address_id = azurerm_public_ip.management.id
  }
{%- endif %}
}
{{- diagnostics(c, "azurerm_firewall.this.id") }}
{%- endif %}
