{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "service-bus" in ak.modules -%}
output "id" {
  description = "Resource ID of the Service Bus namespace."
  value       = azurerm_servicebus_namespace.this.id
}

output "name" {
  description = "Name of the Service Bus namespace."
  value       = azurerm_servicebus_namespace.this.name
}

output "fully_qualified_namespace" {
  description = "Host name clients use with their managed identity (ServiceBusConnection__fullyQualifiedNamespace)."
  value       = "${azurerm_servicebus_namespace.this.name}.servicebus.windows.net"
}

output "queue_name" {
  description = "Name of the command queue."
  value       = azurerm_servicebus_queue.documents.name
}
{%- endif %}
