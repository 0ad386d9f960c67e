{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
{%- from "terraform/macros.j2" import attrs with context -%}
locals {
  environment_codes = {
    dev  = "dev"
    test = "tst"
    prod = "prd"
  }
  environment_code = local.environment_codes[var.environment]

  # One abbreviation table (CAF) for every name.
  names = {
{%- set ns = namespace(names=[], tags=[]) %}
{%- for c in ak.components if c.name_style != "fixed" %}{% set ns.names = ns.names + [(c.tf_name, c.tf_name_expr)] %}{% endfor %}
{#- workload and environment follow the variables, so a prod deployment is tagged prod. #}
{%- for t in ak.tag_literals if t.name not in ak.kit_tags %}
{%- set value = "var.workload_name" if (t.name == "workload" and t.value == ak.workload) else "var.environment" if (t.name == "environment" and t.value == ak.environment) else t.hcl_value %}
{%- set ns.tags = ns.tags + [(t.hcl_key, value)] %}
{%- endfor %}
{{- attrs(ns.names, 4) }}
  }

{%- if ak.kit_tags %}

  # Mandatory tags of kit {{ ak.kit.name }} {{ ak.kit.version }}: merged last, so var.tags cannot
  # drop or change them.
  kit_tags = {
{{- attrs(ak.kit_tags_hcl, 4) }}
  }

  tags = merge({
{{- attrs(ns.tags, 4) }}
  }, var.tags, local.kit_tags)
{%- else %}

  tags = merge({
{{- attrs(ns.tags, 4) }}
  }, var.tags)
{%- endif %}
}
{%- endif %}
