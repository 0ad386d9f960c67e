{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["data-factory"]) }}
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- set targets = (["data-lake", "key-vault", "ml-workspace", "databricks"] | select("in", ak.component_ids) | list) if ak.private else [] %}
{%- for ref in (grants | map(attribute="scope") | list + targets) | unique %}

variable "{{ ak.component[ref].tf_name }}_id" {
  description = "Resource ID of the {{ ak.component[ref].title }} the factory reaches."
  type        = string
}
{%- endfor %}
{%- endif %}
