{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "video-indexer" in ak.modules -%}
{%- set c = ak.component["video-indexer"] -%}
# Azure AI Video Indexer (ARM-based account): the page's alternative path, which indexes
# uploaded videos and answers natural-language searches without frame extraction. It keeps
# media in the workload's storage account and reaches it through its own user-assigned
# identity (Storage Blob Data Contributor there), so no storage key is shared; callers get
# access tokens through Azure RBAC on the account.
{%- if ak.private %}
# No public network access: the API is reachable through the private endpoint only (the
# Video Indexer web portal does not work through private endpoints).
# Known gap: Video Indexer is a multitenant service that reaches storage through the storage
# firewall's trusted-services exception, and in private mode the workload storage account's
# public endpoint is off, which that exception does not pass. Before indexing, set the storage
# account to "enabled from selected networks" (default deny, AzureServices bypass), or use
# Video Indexer with a public-mode render.
{%- endif %}
data "azurerm_subscription" "current" {}

# One identity for this function: the account's access to its media storage.
resource "azurerm_user_assigned_identity" "this" {
  name                = "id-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_role_assignment" "storage" {
  scope              = var.storage_account_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Storage Blob Data Contributor"] }}" # Storage Blob Data Contributor
  principal_id       = azurerm_user_assigned_identity.this.principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_video_indexer_account" "this" {
  name                  = var.name
  location              = var.location
  resource_group_name   = var.resource_group_name
  public_network_access = "{{ "Disabled" if ak.private else "Enabled" }}"
  tags                  = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  storage {
    storage_account_id        = var.storage_account_id
    user_assigned_identity_id = azurerm_user_assigned_identity.this.id
  }

  # Video Indexer checks its access to the storage account when the account is created.
  depends_on = [azurerm_role_assignment.storage]
}

# Audit and indexing logs (the account publishes no platform metrics).
resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_video_indexer_account.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}
{%- if ak.private %}

resource "azurerm_private_endpoint" "this" {
  name                = "pe-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}"
    private_connection_resource_id = azurerm_video_indexer_account.this.id
    is_manual_connection           = false
    subresource_names              = [{% for g in c.private_endpoint.group_ids %}"{{ g }}"{{ ", " if not loop.last }}{% endfor %}]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = var.private_dns_zone_ids
  }
}
{%- endif %}
{%- endif %}
