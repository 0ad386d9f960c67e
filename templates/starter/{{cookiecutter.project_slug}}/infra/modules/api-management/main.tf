{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "api-management" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["api-management"] %}
{%- set foundry = "ai-foundry" in ak.component_ids %}
{%- set ml = "ml-endpoints" in ak.component_ids and not foundry %}
{%- set internal = ak.apim_internal -%}
{%- if internal -%}
# API Management behind Application Gateway: injected into its own subnet in internal mode,
# so it has no public endpoint and the WAF is the only way in from the internet. The tier
# comes from sku_name per environment (internal mode needs Developer or Premium). Internal
# mode registers no public DNS name: a private zone for the gateway host name
# (<name>.azure-api.net), linked to the virtual network, resolves it to the private address
# that Application Gateway calls. Add records for the portal and management host names
# there if you use them. No public IP resource: injection in internal mode does not need
# one. System-assigned identity for backend calls; SSL 3.0 / TLS 1.0 / TLS 1.1 off on both
# the client and the backend side.
{%- else -%}
# API Management ({{ c.sku }}) as the AI gateway in front of the workload, with a
# system-assigned identity for backend calls and SSL 3.0 / TLS 1.0 / TLS 1.1 off on
# both the client and the backend side.
{%- endif %}
{%- if ak.private and not internal %}
# Outbound virtual network integration (the v2 tiers' "External" mode): the gateway stays
# reachable from the internet, while its calls to the backends leave through a delegated
# subnet, so it reaches their private endpoints and resolves them with the private DNS zones.
{%- endif %}
{%- if foundry %}
# Its identity holds "Cognitive Services OpenAI User" on the Foundry account, which
# is registered as the "ai-foundry" backend. Add APIs that use that backend with the
# authentication-managed-identity policy (resource https://cognitiveservices.azure.com).
{%- endif %}
{%- if ml %}
# It publishes the workspace's managed online endpoint as the "ml-scoring" API, so Defender
# for APIs can cover it: callers present an Entra ID token of this tenant, and the gateway
# signs in to the endpoint with its own identity, which holds "AzureML Data Scientist" on
# that endpoint only (the built-in role that carries the score action).
{%- endif %}
resource "azurerm_api_management" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku_name            = "${var.sku_name}_${var.capacity}"
  publisher_email     = var.publisher_email
  publisher_name      = var.publisher_name
  # Public network access cannot be disabled when the service is created.{{ " Internal mode
  # publishes no public endpoint whatever this says." if internal }}
  public_network_access_enabled = true
  min_api_version               = "2021-08-01"
{%- if internal %}
  virtual_network_type          = "Internal"
{%- elif ak.private %}
  virtual_network_type          = "External"
{%- endif %}
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }
{%- if internal or ak.private %}

  virtual_network_configuration {
    subnet_id = var.api_management_subnet_id
  }
{%- endif %}
{%- if internal %}

  # Legacy protocols off.
{%- else %}

  # Legacy protocols off. {{ c.sku }} does not accept cipher changes; its
  # defaults already exclude the legacy cipher suites.
{%- endif %}
  security {
    frontend_ssl30_enabled = false
    frontend_tls10_enabled = false
    frontend_tls11_enabled = false
    backend_ssl30_enabled  = false
    backend_tls10_enabled  = false
    backend_tls11_enabled  = false
  }
}
{%- if foundry %}

resource "azurerm_api_management_backend" "ai_foundry" {
  name                = "ai-foundry"
  resource_group_name = var.resource_group_name
  api_management_name = azurerm_api_management.this.name
  title               = "Microsoft Foundry"
  description         = "Azure OpenAI endpoint of the Foundry account."
  url                 = "https://${trimprefix(var.ai_foundry_endpoint, "https://")}openai"
  protocol            = "http"

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }

  # Trips on throttling (429) or server errors and honours Retry-After, so a pool
  # that holds this backend skips it until it recovers.
  circuit_breaker_rule {
    name                       = "throttled-or-failing"
    trip_duration              = "PT1M"
    accept_retry_after_enabled = true

    failure_condition {
      count             = 3
      interval_duration = "PT1M"

      status_code_range {
        min = 429
        max = 429
      }

      status_code_range {
        min = 500
        max = 599
      }
    }
  }
}

data "azurerm_subscription" "current" {}

# The gateway's identity calls the models: "Cognitive Services OpenAI User" on the account.
resource "azurerm_role_assignment" "openai_user" {
  scope              = var.ai_foundry_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
  principal_id       = azurerm_api_management.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{%- if ml %}

resource "azurerm_api_management_backend" "online_endpoint" {
  name                = "ml-online-endpoint"
  resource_group_name = var.resource_group_name
  api_management_name = azurerm_api_management.this.name
  title               = "Managed online endpoint"
  description         = "The workspace managed online endpoint (Entra ID token auth)."
  url                 = "https://${trimsuffix(trimprefix(var.online_endpoint_scoring_uri, "https://"), "/score")}"
  protocol            = "http"

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }
}

resource "azurerm_api_management_api" "scoring" {
  name                = "ml-scoring"
  resource_group_name = var.resource_group_name
  api_management_name = azurerm_api_management.this.name
  revision            = "1"
  display_name        = "Model scoring"
  description         = "The managed online endpoint through the gateway; callers present an Entra ID token."
  path                = "online-endpoint"
  api_type            = "http"
  protocols           = ["https"]

  # Callers are identified by their Entra ID token, not by subscription keys.
  subscription_required = false
}

resource "azurerm_api_management_api_operation" "score" {
  operation_id        = "score"
  api_name            = azurerm_api_management_api.scoring.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  display_name        = "Score"
  method              = "POST"
  url_template        = "/score"
}

data "azurerm_client_config" "current" {}

# Narrow the token check to your callers with <client-application-ids> or <audiences>.
resource "azurerm_api_management_api_policy" "scoring" {
  api_name            = azurerm_api_management_api.scoring.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = var.resource_group_name
  xml_content         = "<policies><inbound><base /><validate-azure-ad-token tenant-id=\"${data.azurerm_client_config.current.tenant_id}\" header-name=\"Authorization\" failed-validation-httpcode=\"401\"><audiences><audience>https://ml.azure.com</audience></audiences></validate-azure-ad-token><set-backend-service backend-id=\"${azurerm_api_management_backend.online_endpoint.name}\" /><authentication-managed-identity resource=\"https://ml.azure.com\" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>"
}

data "azurerm_subscription" "current" {}

# The gateway's identity scores: "AzureML Data Scientist" on the online endpoint only.
resource "azurerm_role_assignment" "online_endpoint_scorer" {
  scope              = var.online_endpoint_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["AzureML Data Scientist"] }}"
  principal_id       = azurerm_api_management.this.identity[0].principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}
{%- if internal %}

resource "azurerm_private_dns_zone" "gateway" {
  name                = "${var.name}.azure-api.net"
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_a_record" "gateway" {
  name                = "@"
  zone_name           = azurerm_private_dns_zone.gateway.name
  resource_group_name = var.resource_group_name
  ttl                 = 300
  records             = [azurerm_api_management.this.private_ip_addresses[0]]
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "gateway" {
  name                  = element(split("/", var.virtual_network_id), length(split("/", var.virtual_network_id)) - 1)
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.gateway.name
  virtual_network_id    = var.virtual_network_id
  registration_enabled  = false
  tags                  = var.tags
}
{%- endif %}
{{- diagnostics(c, "azurerm_api_management.this.id") }}
{%- endif %}
