{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "databricks" in ak.modules -%}
{%- set c = ak.component["databricks"] -%}
# Azure Databricks (Premium) for cleaning, feature engineering, training with MLflow and
# scheduled batch scoring, injected into the workload network: clusters run in the two
# delegated subnets with no public IPs (secure cluster connectivity) and leave through the
# NAT gateway of the virtual network.
{%- if ak.private %}
# The workspace UI and REST API accept only private traffic: one private endpoint for
# databricks_ui_api and one for browser_authentication (single sign-on callbacks; one such
# endpoint serves every workspace of the region), both in privatelink.azuredatabricks.net.
# NoAzureDatabricksRules: clusters reach the control plane over the back-end Private Link
# path instead of NSG rules to the AzureDatabricks service tag.
{%- endif %}
#
# The Unity Catalog access connector has its own system-assigned identity (one identity
# per function) with Storage Blob Data Contributor on the Data Lake: register it as a storage
# credential in the metastore, so notebooks read the lake without keys or secrets.

# Names of the resources this module adds: the part of var.name after its abbreviation.
locals {
  base_name = replace(var.name, "/^[^-]+-/", "")
}

data "azurerm_subscription" "current" {}

resource "azurerm_databricks_access_connector" "this" {
  name                = {{ c.derived.connector.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_assignment" "connector_lake_access" {
  scope              = var.data_lake_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Storage Blob Data Contributor"] }}" # Storage Blob Data Contributor
  principal_id       = azurerm_databricks_access_connector.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_databricks_workspace" "this" {
  name                                  = var.name
  location                              = var.location
  resource_group_name                   = var.resource_group_name
  sku                                   = "{{ c.sku }}"
  managed_resource_group_name           = "mrg-${var.name}"
  public_network_access_enabled         = {{ "false" if ak.private else "true" }}
  network_security_group_rules_required = "{{ "NoAzureDatabricksRules" if ak.private else "AllRules" }}"
  tags                                  = var.tags

  custom_parameters {
    no_public_ip                                         = true
    virtual_network_id                                   = var.virtual_network_id
    public_subnet_name                                   = var.host_subnet_name
    private_subnet_name                                  = var.container_subnet_name
    public_subnet_network_security_group_association_id  = var.host_subnet_nsg_association_id
    private_subnet_network_security_group_association_id = var.container_subnet_nsg_association_id
  }
}

# Databricks emits logs only (no platform metrics).
resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_databricks_workspace.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}
{%- if ak.private %}
{%- for g, pe in [("databricks_ui_api", c.derived.pe), ("browser_authentication", c.derived["pe-auth"])] %}

resource "azurerm_private_endpoint" "{{ g }}" {
  name                = {{ pe.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = {{ pe.terraform }}
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    is_manual_connection           = false
    subresource_names              = ["{{ g }}"]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = var.private_dns_zone_ids
  }
}
{%- endfor %}
{%- endif %}
{%- endif %}
