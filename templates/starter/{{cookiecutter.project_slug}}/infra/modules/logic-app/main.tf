{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "logic-app" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["logic-app"] -%}
# Logic Apps (Consumption) workflow that runs as the workload's user-assigned identity,
# which holds the data roles the architecture's identity table gives it (vision APIs,
# storage), so connectors and HTTP actions authenticate with it instead of keys. The
# definition starts empty: add triggers and actions in the designer or in code.
{%- if ak.private %}
# Consumption workflows run on multitenant infrastructure and cannot take a private
# endpoint; restrict who may call request triggers with
# access_control.trigger.allowed_caller_ip_address_range when you add one.
{%- endif %}
resource "azurerm_logic_app_workflow" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  enabled             = true
  workflow_schema     = "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#"
  workflow_version    = "1.0.0.0"
  tags                = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.workload_identity_id]
  }
}
{{- diagnostics(c, "azurerm_logic_app_workflow.this.id") }}
{{- private_endpoint(c, "azurerm_logic_app_workflow.this.id") }}
{{- role_assignments(c, "azurerm_logic_app_workflow.this.id") }}
{%- endif %}
