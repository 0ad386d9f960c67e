{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
{%- from "terraform/macros.j2" import attrs with context -%}
# Values for the dev environment: terraform plan -var-file=environments/dev.tfvars
environment         = "dev"
resource_group_name = "rg-{{ ak.workload }}-dev"
{%- if ak.landing_zone %}

# Provided by the platform team (landing-zone mode).
spoke_virtual_network_id = "/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<spoke-vnet>"
egress_route_table_id    = "/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/routeTables/<route-table>"
private_dns_zone_ids = {
{%- set ns = namespace(pairs=[]) %}
{%- for z in ak.dns_zones %}{% set ns.pairs = ns.pairs + [(z | tojson, ("/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/" ~ z) | tojson)] %}{% endfor %}
{{- attrs(ns.pairs) }}
}
{%- endif %}
{%- endif %}
