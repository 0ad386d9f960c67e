{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-endpoints" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["ml-endpoints"] -%}
# The production targets of the outer loop: a managed online endpoint and a batch endpoint
# on the workspace. Both accept only Microsoft Entra ID tokens (no keys) and run as the
# workload identity, which already pulls images (AcrPull) and reads model files (Storage
# Blob Data Contributor). The endpoints are empty: the model pipeline creates the
# deployments, tests them and shifts traffic after its approval gate.
{%- if ak.private %}
# The online endpoint takes no public traffic; clients score through the workspace's
# private endpoint. Batch endpoints follow the workspace's network settings.
{%- endif %}
#
# azurerm has no resource for either endpoint, so these are azapi resources with the ARM
# bodies the Bicep flavour uses; `archkit validate` checks them against the Azure type index.
resource "azapi_resource" "online" {
  type                      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@{{ c.api_version }}"
  name                      = var.online_endpoint_name
  parent_id                 = var.workspace_id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  # The gateway (api-management option) publishes the scoring URI.
  response_export_values = ["properties.scoringUri"]

  body = {
    kind = "Managed"
    properties = {
      authMode            = "AADToken"
      publicNetworkAccess = "{{ "Disabled" if ak.private else "Enabled" }}"
      description         = "Managed online endpoint; deployments and traffic come from the model pipeline."
    }
  }
}

resource "azapi_resource" "batch" {
  type                      = "Microsoft.MachineLearningServices/workspaces/batchEndpoints@{{ ak.api["Microsoft.MachineLearningServices/workspaces/batchEndpoints"] }}"
  name                      = var.batch_endpoint_name
  parent_id                 = var.workspace_id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  body = {
    properties = {
      authMode    = "AADToken"
      description = "Batch endpoint; deployments come from the model pipeline."
    }
  }
}
{{- diagnostics(c, "azapi_resource.online.id") }}
{%- endif %}
