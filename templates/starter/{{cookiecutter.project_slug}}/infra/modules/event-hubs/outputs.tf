{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "event-hubs" in ak.modules -%}
output "id" {
  description = "Resource ID of the Event Hubs namespace."
  value       = azurerm_eventhub_namespace.this.id
}

output "name" {
  description = "Name of the Event Hubs namespace."
  value       = azurerm_eventhub_namespace.this.name
}

output "fully_qualified_namespace" {
  description = "Host name clients use with their managed identity."
  value       = "${azurerm_eventhub_namespace.this.name}.servicebus.windows.net"
}
{%- endif %}
