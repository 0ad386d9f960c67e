{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-insights" in ak.modules -%}
{%- from "terraform/macros.j2" import role_assignments with context -%}
{%- set c = ak.component["app-insights"] -%}
# Workspace-based Application Insights: telemetry lands in the Log Analytics
# workspace, and local (instrumentation key) authentication is off, so the SDK
# and exporters must send telemetry with Entra ID tokens.
resource "azurerm_application_insights" "this" {
  name                         = var.name
  location                     = var.location
  resource_group_name          = var.resource_group_name
  application_type             = "web"
  workspace_id                 = var.log_analytics_workspace_id
  local_authentication_enabled = false
{%- if ak.private and "monitor-private-link" in ak.component_ids %}
  # Telemetry arrives only through the Azure Monitor Private Link Scope (private-only
  # ingestion); queries stay open so operators can use the portal from outside.
  internet_ingestion_enabled = false
{%- else %}
  # Public ingestion and query stay on: they can only be closed behind an Azure
  # Monitor Private Link Scope, which this entry does not create.
  internet_ingestion_enabled = true
{%- endif %}
  internet_query_enabled     = true
  tags                       = var.tags
}

# No diagnostic setting: the component's telemetry already lives in the workspace,
# so exporting it there again would only duplicate (and double-bill) the data.
{{- role_assignments(c, "azurerm_application_insights.this.id") }}
{%- endif %}
