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
{%- for k, v in ak.tags.items() %}{% set ns.tags = ns.tags + [(k | tojson, v | tojson)] %}{% endfor %}
{{- attrs(ns.names, 4) }}
  }

  tags = merge({
{{- attrs(ns.tags, 4) }}
  }, var.tags)
}
{%- endif %}
