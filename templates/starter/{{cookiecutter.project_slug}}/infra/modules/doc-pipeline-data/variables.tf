{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "doc-pipeline-data" in ak.modules -%}
variable "resource_group_name" {
  description = "Resource group that holds the resources."
  type        = string
}

variable "storage_account_id" {
  description = "Resource ID of the storage account that holds uploads and the Functions task hub."
  type        = string
}

variable "storage_account_name" {
  description = "Name of the storage account that holds uploads and the Functions task hub."
  type        = string
}

variable "cosmos_db_account_name" {
  description = "Name of the Cosmos DB account that holds document metadata."
  type        = string
}

variable "cosmos_db_database_name" {
  description = "Name of the Cosmos DB database of the workload."
  type        = string
}

variable "upload_container_name" {
  description = "Name of the blob container uploads are written to."
  type        = string
  default     = "documents"
}

variable "metadata_container_name" {
  description = "Name of the Cosmos DB container for document metadata."
  type        = string
  default     = "document-metadata"
}
{%- if ak.private %}

variable "location" {
  description = "Azure region of the private endpoints."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource in this module."
  type        = map(string)
}

variable "private_endpoint_subnet_id" {
  description = "Resource ID of the subnet that hosts the private endpoints."
  type        = string
}

variable "private_dns_zone_ids" {
  description = "Resource IDs of the queue and table private DNS zones, in that order."
  type        = list(string)
}
{%- endif %}
{%- endif %}
