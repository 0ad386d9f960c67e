{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-gateway-api" in ak.modules -%}
{%- set c = ak.component["ai-gateway-api"] -%}
# The AI gateway's configuration in API Management, as the gateway guide describes it:
# one API for the Azure OpenAI-compatible inference surface, its policy (Entra ID caller
# check, managed-identity sign-in to the backend, a token limit per caller, token metrics),
# the `tenant-id` named value the policy reads, an Application Insights logger with custom
# metrics switched on for the API (the token-metric policy needs both), and a load-balanced
# backend pool whose members trip a circuit breaker on throttling and outages.
# The policy text lives in apim/policies/ai-backend.xml so it can be reviewed as XML.
#
# azurerm has no pool backend and no `metrics` switch on API diagnostics, so those two are
# azapi resources with the ARM bodies the Bicep flavour uses; `archkit validate` checks the
# bodies against the Azure type index.

data "azurerm_client_config" "current" {}

data "azurerm_api_management" "this" {
  name                = var.api_management_name
  resource_group_name = var.resource_group_name
}

# Read by the policy's validate-azure-ad-token as {{ '{{' }}tenant-id{{ '}}' }}.
resource "azurerm_api_management_named_value" "tenant_id" {
  name                = "tenant-id"
  resource_group_name = var.resource_group_name
  api_management_name = var.api_management_name
  display_name        = "tenant-id"
  value               = data.azurerm_client_config.current.tenant_id
  secret              = false
}

# Add more members (other deployments or regions) to `services`; priority and weight decide the order.
resource "azapi_resource" "backend_pool" {
  type                      = "Microsoft.ApiManagement/service/backends@{{ ak.api["Microsoft.ApiManagement/service/backends"] }}"
  name                      = "ai-foundry-pool"
  parent_id                 = data.azurerm_api_management.this.id
  schema_validation_enabled = false

  body = {
    properties = {
      description = "Load-balanced pool of model backends; members with an open circuit are skipped."
      type        = "Pool"
      pool = {
        services = [
          {
            id       = var.foundry_backend_id
            priority = 1
            weight   = 1
          }
        ]
      }
    }
  }
}

data "azurerm_subscription" "current" {}

# Application Insights takes Entra ID-authenticated telemetry only (local auth off): the
# gateway's system identity publishes as "Monitoring Metrics Publisher".
resource "azurerm_role_assignment" "telemetry_publisher" {
  scope              = var.app_insights_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Monitoring Metrics Publisher"] }}"
  principal_id       = data.azurerm_api_management.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}

# azurerm's logger cannot sign in with the gateway's identity, so the same ARM body as Bicep.
resource "azapi_resource" "app_insights_logger" {
  type                      = "Microsoft.ApiManagement/service/loggers@{{ ak.api["Microsoft.ApiManagement/service/loggers"] }}"
  name                      = "app-insights"
  parent_id                 = data.azurerm_api_management.this.id
  schema_validation_enabled = false

  body = {
    properties = {
      loggerType  = "applicationInsights"
      description = "Token metrics and request telemetry of the AI gateway."
      resourceId  = var.app_insights_id
      isBuffered  = true
      credentials = {
        connectionString = var.app_insights_connection_string
        identityClientId = "SystemAssigned"
      }
    }
  }

  depends_on = [azurerm_role_assignment.telemetry_publisher]
}
{%- if "event-hubs" in ak.component_ids %}

# The gateway's system identity sends usage records: "Azure Event Hubs Data Sender" on the namespace.
resource "azurerm_role_assignment" "usage_sender" {
  scope              = var.event_hubs_namespace_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Azure Event Hubs Data Sender"] }}"
  principal_id       = data.azurerm_api_management.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}

# Read by the policy's log-to-eventhub: one usage record per call, for chargeback.
resource "azurerm_api_management_logger" "event_hubs" {
  name                = "event-hubs"
  resource_group_name = var.resource_group_name
  api_management_name = var.api_management_name
  description         = "Usage records of the AI gateway, to the gateway-usage event hub."

  eventhub {
    name                             = "gateway-usage"
    endpoint_uri                     = "${var.event_hubs_namespace_name}.servicebus.windows.net"
    user_assigned_identity_client_id = "SystemAssigned"
  }

  depends_on = [azurerm_role_assignment.usage_sender]
}
{%- endif %}

resource "azurerm_api_management_api" "openai" {
  name                = "azure-openai"
  resource_group_name = var.resource_group_name
  api_management_name = var.api_management_name
  revision            = "1"
  display_name        = "Azure OpenAI"
  description         = "Model inference through the AI gateway; callers present an Entra ID token."
  path                = "openai"
  api_type            = "http"
  protocols           = ["https"]

  # Callers are identified by their Entra ID token, not by subscription keys.
  subscription_required = false
}

locals {
  operations = {
    chat-completions = { display_name = "Chat completions", url_template = "/deployments/{deployment-id}/chat/completions" }
    embeddings       = { display_name = "Embeddings", url_template = "/deployments/{deployment-id}/embeddings" }
  }
}

resource "azurerm_api_management_api_operation" "this" {
  for_each = local.operations

  operation_id        = each.key
  api_name            = azurerm_api_management_api.openai.name
  api_management_name = var.api_management_name
  resource_group_name = var.resource_group_name
  display_name        = each.value.display_name
  method              = "POST"
  url_template        = each.value.url_template

  template_parameter {
    name        = "deployment-id"
    description = "Name of the model deployment."
    type        = "string"
    required    = true
  }
}

resource "azurerm_api_management_api_policy" "openai" {
  api_name            = azurerm_api_management_api.openai.name
  api_management_name = var.api_management_name
  resource_group_name = var.resource_group_name
  xml_content         = file("${path.module}/../../../apim/policies/ai-backend.xml")

  # The policy names the named value and the pool; both must exist when it is saved.
  depends_on = [azurerm_api_management_named_value.tenant_id, azapi_resource.backend_pool{{ ", azurerm_api_management_logger.event_hubs" if "event-hubs" in ak.component_ids }}]
}

# `metrics = true` lets llm-emit-token-metric publish to Application Insights.
resource "azapi_resource" "diagnostic" {
  type                      = "Microsoft.ApiManagement/service/apis/diagnostics@{{ ak.api["Microsoft.ApiManagement/service/apis/diagnostics"] }}"
  name                      = "applicationinsights"
  parent_id                 = azurerm_api_management_api.openai.id
  schema_validation_enabled = false

  body = {
    properties = {
      loggerId                = azapi_resource.app_insights_logger.id
      alwaysLog               = "allErrors"
      metrics                 = true
      logClientIp             = false
      verbosity               = "information"
      httpCorrelationProtocol = "W3C"
      sampling = {
        samplingType = "fixed"
        percentage   = var.sampling_percentage
      }
    }
  }
}
{%- endif %}
