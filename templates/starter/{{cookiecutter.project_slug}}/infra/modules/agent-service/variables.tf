{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "agent-service" in ak.modules -%}
variable "location" {
  description = "Azure region of the dependencies (written into the connections' metadata)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the Cosmos DB account."
  type        = string
}

variable "project_id" {
  description = "Resource ID of the Foundry project the agents run in."
  type        = string
}

variable "project_name" {
  description = "Name of the Foundry project (used in role assignment descriptions)."
  type        = string
}

variable "project_principal_id" {
  description = "Principal ID of the Foundry project's system-assigned identity."
  type        = string
}

variable "cosmos_db_account_id" {
  description = "Resource ID of the Cosmos DB account that stores threads and agent definitions."
  type        = string
}

variable "cosmos_db_account_name" {
  description = "Name of that Cosmos DB account."
  type        = string
}

variable "cosmos_db_endpoint" {
  description = "Document endpoint of that Cosmos DB account."
  type        = string
}

variable "storage_account_id" {
  description = "Resource ID of the storage account that stores files uploaded to agents."
  type        = string
}

variable "storage_blob_endpoint" {
  description = "Blob endpoint of that storage account."
  type        = string
}

variable "search_service_id" {
  description = "Resource ID of the AI Search service that holds the agents' vector stores."
  type        = string
}

variable "search_service_name" {
  description = "Name of that search service (its endpoint is https://<name>.search.windows.net)."
  type        = string
}

variable "capability_host_name" {
  description = "Name of the project capability host."
  type        = string
  default     = "agents"
}
{%- endif %}
