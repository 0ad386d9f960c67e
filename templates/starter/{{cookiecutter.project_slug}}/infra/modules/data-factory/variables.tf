{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "data-factory" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["data-factory"]) }}
{%- set grants = [] %}
{%- for i in ak.arch.identities if i.module == "data-factory" %}{% for g in i.roles %}{% set _ = grants.append(g) %}{% endfor %}{% endfor %}
{%- for scope in grants | map(attribute="scope") | unique %}

variable "{{ ak.component[scope].tf_name }}_id" {
  description = "Resource ID of the {{ ak.component[scope].title }} that the factory identity is granted roles on."
  type        = string
}
{%- endfor %}
{%- endif %}
