{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and ak.policies -%}
{%- from "terraform/macros.j2" import attrs with context -%}
# Azure Policy assignments required by the platform kit {{ ak.kit.name }} {{ ak.kit.version }},
# at the scope of the workload's resource group.

data "azurerm_resource_group" "this" {
  name = var.resource_group_name
}
{%- for p in ak.policies %}
{%- set t = p.terraform %}
{%- set pairs = [("name", t.name), ("resource_group_id", "data.azurerm_resource_group.this.id"),
                 ("policy_definition_id", t.definition_id), ("display_name", t.display_name)] %}
{%- if t.description %}{% set pairs = pairs + [("description", t.description)] %}{% endif %}
{%- set pairs = pairs + [("enforce", t.enforce)] %}

resource "azurerm_resource_group_policy_assignment" "{{ p.tf_name }}" {
{{- attrs(pairs) }}
{%- if t.parameters %}
  parameters = {{ t.parameters }}
{%- endif %}
{%- if t.message %}

  non_compliance_message {
    content = {{ t.message }}
  }
{%- endif %}
}
{%- endfor %}
{% endif -%}
