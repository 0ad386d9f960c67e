{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "sql-database" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["sql-database"]) }}

variable "admin_group_object_id" {
  description = "Object ID of the Microsoft Entra ID group that administers the server."
  type        = string
}

variable "admin_group_name" {
  description = "Display name of that Microsoft Entra ID group."
  type        = string
}
{%- endif %}
