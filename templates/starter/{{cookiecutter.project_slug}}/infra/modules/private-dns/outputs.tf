{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "private-dns" in ak.modules and ak.private and not ak.landing_zone and ak.dns_zones -%}
# The module manages several zones; `id` and `name` are the first zone's.
output "id" {
  description = "Resource ID of the first private DNS zone."
  value       = azurerm_private_dns_zone.this["{{ ak.dns_zones[0] }}"].id
}

output "name" {
  description = "Name of the first private DNS zone."
  value       = azurerm_private_dns_zone.this["{{ ak.dns_zones[0] }}"].name
}

output "zone_ids" {
  description = "Resource IDs of the private DNS zones, keyed by zone name."
  value       = { for name, zone in azurerm_private_dns_zone.this : name => zone.id }
}
{%- endif %}
