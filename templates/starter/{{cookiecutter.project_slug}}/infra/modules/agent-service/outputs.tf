{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "agent-service" in ak.modules -%}
output "capability_host_name" {
  description = "Name of the project capability host."
  value       = azapi_resource.capability_host.name
}

output "connection_names" {
  description = "Names of the project connections the capability host uses (Cosmos DB, storage, AI Search)."
  value       = [azapi_resource.thread_storage.name, azapi_resource.file_storage.name, azapi_resource.vector_store.name]
}
{%- endif %}
