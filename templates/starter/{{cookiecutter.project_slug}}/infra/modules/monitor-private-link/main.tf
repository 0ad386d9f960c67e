{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "monitor-private-link" in ak.modules and ak.private -%}
{%- set c = ak.component["monitor-private-link"] -%}
# Azure Monitor Private Link Scope: agents and SDKs inside the virtual network send
# telemetry to the Log Analytics workspace and Application Insights over a private
# endpoint only (ingestion PrivateOnly). Queries stay open so the portal keeps working
# from outside; set query_access_mode to PrivateOnly once operators query from the network.
# One scope serves the whole network: Azure Monitor's DNS zones are shared, so a network
# must not have two.
resource "azurerm_monitor_private_link_scope" "this" {
  name                  = var.name
  resource_group_name   = var.resource_group_name
  ingestion_access_mode = "PrivateOnly"
  query_access_mode     = "Open"
  tags                  = var.tags
}

resource "azurerm_monitor_private_link_scoped_service" "this" {
  for_each = {
    log-analytics = var.log_analytics_workspace_id
    app-insights  = var.app_insights_id
  }

  name                = each.key
  resource_group_name = var.resource_group_name
  scope_name          = azurerm_monitor_private_link_scope.this.name
  linked_resource_id  = each.value
}

resource "azurerm_private_endpoint" "this" {
  name                = "pe-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}"
    private_connection_resource_id = azurerm_monitor_private_link_scope.this.id
    is_manual_connection           = false
    subresource_names              = [{% for g in c.private_endpoint.group_ids %}"{{ g }}"{{ ", " if not loop.last }}{% endfor %}]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = var.private_dns_zone_ids
  }

  # The endpoint's DNS records cover every resource in the scope: link them first.
  depends_on = [azurerm_monitor_private_link_scoped_service.this]
}
{%- endif %}
