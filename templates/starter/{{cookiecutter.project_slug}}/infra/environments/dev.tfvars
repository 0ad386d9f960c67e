{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
{%- from "terraform/macros.j2" import attrs with context -%}
# Values for the dev environment: terraform plan -var-file=environments/dev.tfvars
environment         = "dev"
resource_group_name = "rg-{{ ak.workload }}-dev"
{%- if "app-gateway" in ak.component_ids %}

# Import the gateway certificate into Key Vault first (az keyvault certificate import).
gateway_certificate_key_vault_uri = "https://<key-vault-name>.vault.azure.net/secrets/<certificate-name>"
{%- endif %}
{%- if "sql-database" in ak.component_ids %}

# The Microsoft Entra ID group that administers the SQL server (no SQL logins exist).
sql_admin_group_object_id = "<entra-group-object-id>"
sql_admin_group_name      = "<entra-group-name>"
{%- endif %}
{%- set sizing = namespace(pairs=[]) %}
{%- for c in ak.components if c.deployed %}{% for s in c.sizing %}{% set sizing.pairs = sizing.pairs + [(s.tf, s.tf_values["dev"])] %}{% endfor %}{% endfor %}
{%- if sizing.pairs %}

# Sizing and resilience for dev (the architecture's catalog sizing).
{{- attrs(sizing.pairs, 0) }}
{%- endif %}
{%- if ak.landing_zone %}

# Provided by the platform team (landing-zone mode).
spoke_virtual_network_id = "/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<spoke-vnet>"
egress_route_table_id    = "/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/routeTables/<route-table>"
private_dns_zone_ids = {
{%- set ns = namespace(pairs=[]) %}
{%- for z in ak.dns_zones %}{% set ns.pairs = ns.pairs + [(z | tojson, ("/subscriptions/<subscription-id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/" ~ z) | tojson)] %}{% endfor %}
{{- attrs(ns.pairs) }}
}

# Subnet prefixes inside the spoke, allocated by the platform team for this environment.
address_plan = {
  subnets = {
{%- set plan = namespace(pairs=[]) %}
{%- for k, v in ak.address_plan.subnets.items() %}{% set plan.pairs = plan.pairs + [(k, v | tojson)] %}{% endfor %}
{{- attrs(plan.pairs, 4) }}
  }
}
{%- endif %}
{%- endif %}
