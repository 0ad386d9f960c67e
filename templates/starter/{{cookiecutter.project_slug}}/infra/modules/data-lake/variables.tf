{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-lake" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["data-lake"]) }}
{%- if ak.private and "ml-workspace" in ak.component_ids %}

variable "workspace_id" {
  description = "Resource ID of the Machine Learning workspace whose managed network reaches the lake."
  type        = string
}

{%- endif %}
{%- if "ml-workspace" in ak.component_ids %}

variable "workspace_principal_id" {
  description = "Principal ID of the Machine Learning workspace's identity, which approves its managed private endpoints to the lake."
  type        = string
}
{%- endif %}
{%- endif %}
