{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-workspace" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["ml-workspace"]) }}

variable "storage_account_id" {
  description = "Resource ID of the storage account that holds the workspace default datastores."
  type        = string
}

variable "key_vault_id" {
  description = "Resource ID of the Key Vault the workspace uses for its secrets."
  type        = string
}

variable "application_insights_id" {
  description = "Resource ID of the workspace-based Application Insights component."
  type        = string
}

variable "container_registry_id" {
  description = "Resource ID of the container registry for environment images."
  type        = string
}
{%- endif %}
