{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "log-analytics" in ak.modules -%}
# Log Analytics workspace: the single destination for every diagnostic setting.
resource "azurerm_log_analytics_workspace" "this" {
  name                         = var.name
  location                     = var.location
  resource_group_name          = var.resource_group_name
  sku                          = "PerGB2018"
  retention_in_days            = var.retention_days
  local_authentication_enabled = false
  tags                         = var.tags
{%- if ak.private and "monitor-private-link" in ak.component_ids %}

  # Agents send through the Azure Monitor Private Link Scope only; diagnostic settings use
  # the Azure backbone and are not affected, and queries stay open for the portal.
  internet_ingestion_enabled = false
  internet_query_enabled     = true
{%- endif %}
}
{%- endif %}
