{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "logic-app" in ak.modules -%}
output "id" {
  description = "Resource ID of the Logic Apps workflow."
  value       = azurerm_logic_app_workflow.this.id
}

output "name" {
  description = "Name of the Logic Apps workflow."
  value       = azurerm_logic_app_workflow.this.name
}
{%- endif %}
