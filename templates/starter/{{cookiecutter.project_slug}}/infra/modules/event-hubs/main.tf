{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "event-hubs" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["event-hubs"] -%}
{%- set gateway = "ai-gateway-api" in ak.component_ids %}
{%- if gateway %}
# Event Hubs namespace ({{ c.sku }}) for the gateway: `gateway-usage` receives one usage record
# per model call from API Management's logger, and `deferred-requests` holds low-priority
# requests for queue-based load levelling.
{%- else %}
# Event Hubs namespace ({{ c.sku }}) for the data estate's streaming sources: `data-stream`
# receives events that training and scoring jobs read (and that data engineering lands in
# the data lake).
{%- endif %}
# Entra ID only (local SAS auth off), TLS 1.2 or newer{{ ", no public network access (private endpoint)" if ak.private }}.
resource "azurerm_eventhub_namespace" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "{{ c.sku }}"
  capacity                      = var.capacity
  auto_inflate_enabled          = false
  local_authentication_enabled  = false
  minimum_tls_version           = "1.2"
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags
}

resource "azurerm_eventhub" "this" {
  for_each = toset({{ (["gateway-usage", "deferred-requests"] if gateway else ["data-stream"]) | tojson }})

  name              = each.key
  namespace_id      = azurerm_eventhub_namespace.this.id
  partition_count   = 2
  message_retention = var.retention_days
}
{{- diagnostics(c, "azurerm_eventhub_namespace.this.id") }}
{{- private_endpoint(c, "azurerm_eventhub_namespace.this.id") }}
{{- role_assignments(c, "azurerm_eventhub_namespace.this.id") }}
{%- endif %}
