{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-cluster" in ak.modules -%}
output "id" {
  description = "Resource ID of the compute cluster."
  value       = azurerm_machine_learning_compute_cluster.this.id
}

output "name" {
  description = "Name of the compute cluster."
  value       = azurerm_machine_learning_compute_cluster.this.name
}
{%- endif %}
