{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "private-dns" in ak.modules and ak.private and not ak.landing_zone and ak.dns_zones -%}
# Private DNS zones for the private endpoints, each linked to the workload's virtual
# network so names resolve to private addresses inside it. (In a landing zone the
# platform owns these zones; this module is not used there.)
locals {
  zone_names = [
{%- for z in ak.dns_zones %}
    "{{ z }}",
{%- endfor %}
  ]
}

resource "azurerm_private_dns_zone" "this" {
  for_each = toset(local.zone_names)

  name                = each.value
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each = azurerm_private_dns_zone.this

  name                  = basename(var.virtual_network_id)
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = each.value.name
  virtual_network_id    = var.virtual_network_id
  registration_enabled  = false
  tags                  = var.tags
}
{%- endif %}
