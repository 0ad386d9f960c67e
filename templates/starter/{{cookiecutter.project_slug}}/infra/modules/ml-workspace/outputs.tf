{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-workspace" in ak.modules -%}
output "id" {
  description = "Resource ID of the Azure Machine Learning workspace."
  value       = azurerm_machine_learning_workspace.this.id
}

output "name" {
  description = "Name of the Azure Machine Learning workspace."
  value       = azurerm_machine_learning_workspace.this.name
}

output "principal_id" {
  description = "Principal ID of the workspace's system-assigned identity."
  value       = azurerm_machine_learning_workspace.this.identity[0].principal_id
}
{%- endif %}
