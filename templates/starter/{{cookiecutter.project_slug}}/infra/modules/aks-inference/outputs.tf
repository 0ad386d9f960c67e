{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "aks-inference" in ak.modules -%}
output "id" {
  description = "Resource ID of the AKS cluster."
  value       = azurerm_kubernetes_cluster.this.id
}

output "name" {
  description = "Name of the AKS cluster."
  value       = azurerm_kubernetes_cluster.this.name
}

output "compute_id" {
  description = "Resource ID of the Kubernetes compute target in the workspace."
  value       = azapi_resource.compute.id
}

output "endpoint_name" {
  description = "Name of the Kubernetes online endpoint."
  value       = azapi_resource.endpoint.name
}
{%- endif %}
