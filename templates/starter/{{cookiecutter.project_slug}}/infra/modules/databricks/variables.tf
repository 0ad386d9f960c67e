{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "databricks" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["databricks"]) }}

variable "virtual_network_id" {
  description = "Resource ID of the virtual network the clusters are injected into."
  type        = string
}

variable "host_subnet_name" {
  description = "Name of the host (public) subnet delegated to Microsoft.Databricks/workspaces."
  type        = string
}

variable "container_subnet_name" {
  description = "Name of the container (private) subnet delegated to Microsoft.Databricks/workspaces."
  type        = string
}

variable "host_subnet_nsg_association_id" {
  description = "ID of the NSG association of the host subnet."
  type        = string
}

variable "container_subnet_nsg_association_id" {
  description = "ID of the NSG association of the container subnet."
  type        = string
}

variable "data_lake_id" {
  description = "Resource ID of the Data Lake Storage account the access connector reads and writes."
  type        = string
}
{%- endif %}
