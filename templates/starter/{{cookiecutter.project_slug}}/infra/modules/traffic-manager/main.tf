{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "traffic-manager" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["traffic-manager"] -%}
# Traffic Manager profile (priority routing) in front of the gateway: clients call
# <name>.trafficmanager.net, and Traffic Manager answers with the healthiest gateway,
# probing API Management's built-in status endpoint. This region's gateway is the first
# endpoint; add each gateway you deploy in another region with the next priority.
resource "azurerm_traffic_manager_profile" "this" {
  name                   = var.name
  resource_group_name    = var.resource_group_name
  profile_status         = "Enabled"
  traffic_routing_method = "Priority"
  tags                   = var.tags

  dns_config {
    relative_name = var.name
    ttl           = 60
  }

  monitor_config {
    protocol                     = "HTTPS"
    port                         = 443
    path                         = "/status-0123456789abcdef"
    interval_in_seconds          = 30
    timeout_in_seconds           = 10
    tolerated_number_of_failures = 3
  }
}

resource "azurerm_traffic_manager_external_endpoint" "primary" {
  name       = "gateway-primary"
  profile_id = azurerm_traffic_manager_profile.this.id
  target     = var.gateway_host_name
  enabled    = true
  priority   = 1
}
{{- diagnostics(c, "azurerm_traffic_manager_profile.this.id") }}
{%- endif %}
