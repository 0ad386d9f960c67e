{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/web.j2" import site_variables with context -%}
{{ site_variables(ak.component["app-service"], "AZURE_CLIENT_ID for DefaultAzureCredential") }}
{%- if "service-bus" in ak.component_ids %}

variable "service_bus_namespace" {
  description = "Fully qualified Service Bus namespace the app sends command messages to with its identity."
  type        = string
}

variable "service_bus_queue_name" {
  description = "Name of the queue that starts one orchestration per uploaded file."
  type        = string
}
{%- endif %}
{%- endif %}
