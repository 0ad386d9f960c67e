{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-service" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["app-service"]) }}

variable "identity_id" {
  description = "Resource ID of the workload user-assigned identity the app runs as."
  type        = string
}

variable "identity_client_id" {
  description = "Client ID of the workload identity (AZURE_CLIENT_ID for DefaultAzureCredential)."
  type        = string
}
{%- if ak.private %}

variable "app_service_subnet_id" {
  description = "Resource ID of the subnet (delegated to Microsoft.Web/serverFarms) used for outbound VNet integration."
  type        = string
}
{%- endif %}
{%- if "app-insights" in ak.component_ids %}

variable "app_insights_connection_string" {
  description = "Application Insights connection string (telemetry is sent with the workload identity)."
  type        = string
  sensitive   = true
}
{%- endif %}
{%- endif %}
