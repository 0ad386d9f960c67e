{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "service-bus" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["service-bus"] -%}
# Service Bus namespace with the queue whose command messages start one orchestration per
# uploaded file. Entra ID only (local SAS auth off), TLS 1.2 or newer,
# {{ "no public network access: private endpoints need the Premium tier" if ak.private else "Standard tier (Premium only adds private endpoints and isolation)" }}.
resource "azurerm_servicebus_namespace" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "{{ "Premium" if ak.private else "Standard" }}"
{%- if ak.private %}
  capacity                      = 1
  premium_messaging_partitions  = 1
{%- endif %}
  local_auth_enabled            = false
  minimum_tls_version           = "1.2"
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }
}

# Peek-lock with a lock long enough for the orchestration starter; poison messages go to
# the dead-letter queue after max_delivery_count tries.
resource "azurerm_servicebus_queue" "documents" {
  name                                 = var.queue_name
  namespace_id                         = azurerm_servicebus_namespace.this.id
  lock_duration                        = "PT5M"
  max_delivery_count                   = var.max_delivery_count
  dead_lettering_on_message_expiration = true
  default_message_ttl                  = "P14D"
  requires_duplicate_detection         = false
}
{{- diagnostics(c, "azurerm_servicebus_namespace.this.id") }}
{{- private_endpoint(c, "azurerm_servicebus_namespace.this.id") }}
{{- role_assignments(c, "azurerm_servicebus_namespace.this.id") }}
{%- endif %}
