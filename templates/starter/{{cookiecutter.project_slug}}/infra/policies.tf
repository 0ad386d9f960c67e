{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and (ak.policies or ak.workload_policies) -%}
{%- from "terraform/macros.j2" import attrs with context -%}
{%- set who = [] %}
{%- if ak.arch.policies %}{% set who = who + ["the architecture's audit set (as " ~ ("its guidance recommends it" if ak.arch.policies | selectattr("source", "defined") | selectattr("source", "equalto", "guidance") | list else "the reference implementation assigns it") ~ ")"] %}{% endif %}
{%- if ak.policies %}{% set who = who + ["those the platform kit " ~ ak.kit.name ~ " " ~ ak.kit.version ~ " requires"] %}{% endif -%}
# Azure Policy assignments at the workload's resource group: {{ who | join(", and ") }}.

data "azurerm_resource_group" "this" {
  name = var.resource_group_name
}
{%- for p in ak.workload_policies + ak.policies %}
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
