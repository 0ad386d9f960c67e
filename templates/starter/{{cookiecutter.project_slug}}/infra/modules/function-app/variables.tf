{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "function-app" in ak.modules -%}
{%- from "terraform/web.j2" import site_variables with context -%}
{{ site_variables(ak.component["function-app"], "host storage connection and AZURE_CLIENT_ID", storage=true) }}
{%- if "event-hubs" in ak.component_ids %}

variable "event_hubs_namespace" {
  description = "Fully qualified Event Hubs namespace whose deferred-requests hub triggers the replay (identity-based connection)."
  type        = string
}

variable "gateway_url" {
  description = "URL of the API Management gateway the replayed requests go through."
  type        = string
}
{%- endif %}
{%- if "service-bus" in ak.component_ids %}

variable "service_bus_namespace" {
  description = "Fully qualified Service Bus namespace whose queue triggers the orchestrations (identity-based connection)."
  type        = string
}
{%- endif %}
{%- endif %}
