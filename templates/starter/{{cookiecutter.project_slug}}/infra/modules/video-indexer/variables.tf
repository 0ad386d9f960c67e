{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "video-indexer" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["video-indexer"]) }}

variable "storage_account_id" {
  description = "Resource ID of the workload storage account the account keeps media in."
  type        = string
}
{%- endif %}
