{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "doc-pipeline-data" in ak.modules -%}
# The data the document flow writes, in the accounts the storage and cosmos-db modules
# create: the private blob container uploads land in, and the Cosmos DB container for each
# document's type, location, page range and correlation ID (its database's shared
# throughput applies). The Durable Functions task hub keeps its queues and tables in the
# same storage account through the host's identity-based connection.
{%- if ak.private %}
# Public access to the account is off, so the task hub needs queue and table private
# endpoints next to the blob one the storage module creates.
{%- endif %}
resource "azurerm_storage_container" "uploads" {
  name                  = var.upload_container_name
  storage_account_id    = var.storage_account_id
  container_access_type = "private"
}

# One item per embedded document, partitioned by the correlation ID that AI Search
# results carry, so a search hit leads to its record with a point read.
resource "azurerm_cosmosdb_sql_container" "metadata" {
  name                  = var.metadata_container_name
  resource_group_name   = var.resource_group_name
  account_name          = var.cosmos_db_account_name
  database_name         = var.cosmos_db_database_name
  partition_key_paths   = ["/correlationId"]
  partition_key_kind    = "Hash"
  partition_key_version = 2

  indexing_policy {
    indexing_mode = "consistent"
  }
}
{%- if ak.private %}

locals {
  task_hub_endpoints = {
    queue = var.private_dns_zone_ids[0]
    table = var.private_dns_zone_ids[1]
  }
}

resource "azurerm_private_endpoint" "task_hub" {
  for_each = local.task_hub_endpoints

  name                = "pe-${var.storage_account_name}-${each.key}"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.storage_account_name}-${each.key}"
    private_connection_resource_id = var.storage_account_id
    is_manual_connection           = false
    subresource_names              = [each.key]
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value]
  }
}
{%- endif %}
{%- endif %}
