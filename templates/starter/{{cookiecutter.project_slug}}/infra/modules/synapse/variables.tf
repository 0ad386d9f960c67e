{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "synapse" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["synapse"]) }}

variable "data_lake_id" {
  description = "Resource ID of the Data Lake Storage account that holds the workspace's default file system."
  type        = string
}

variable "data_lake_dfs_endpoint" {
  description = "DFS endpoint of that account (https://<account>.dfs.core.windows.net/)."
  type        = string
}
{%- endif %}
