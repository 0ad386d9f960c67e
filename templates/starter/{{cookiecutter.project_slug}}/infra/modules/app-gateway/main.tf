{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["app-gateway"] -%}
{%- set kv = "key-vault" in ak.component_ids %}
{%- set apim_backend = ak.apim_internal and "app-service" not in ak.component_ids and "function-app" not in ak.component_ids -%}
# Application Gateway ({{ c.sku }}), the workload's only internet entry point: HTTPS on 443
# with the certificate read from Key Vault, HTTP on 80 answered with a permanent redirect to
# HTTPS, and a WAF policy in prevention mode (Microsoft default rule set 2.1 + Bot Manager).
{%- if apim_backend %}
# It calls the internal API Management gateway over HTTPS with the gateway's own host name,
# which the gateway's private DNS zone resolves to its private address, and probes the
# gateway's health endpoint.
{%- else %}
# It calls the backend over HTTPS with the backend's own host name{{ ", which resolves to its private endpoint inside the virtual network" if ak.private }}.
{%- endif %}
# The gateway has its own user-assigned identity, which only reads the certificate
# (Key Vault Secrets User{{ " on the workload's vault" if kv }}); the gateway is created after that grant.

locals {
  # Names of the resources this module adds: the part of var.name after its abbreviation.
  base_name = replace(var.name, "/^[^-]+-/", "")
}

# One identity per function: this one only reads the gateway's certificate.
resource "azurerm_user_assigned_identity" "gateway" {
  name                = {{ c.derived.identity.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}
{%- if kv %}

data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "certificate_reader" {
  scope              = var.key_vault_id
  role_definition_id = "${data.azurerm_subscription.current.id}/providers/Microsoft.Authorization/roleDefinitions/{{ ak.role_ids["Key Vault Secrets User"] }}" # Key Vault Secrets User
  principal_id       = azurerm_user_assigned_identity.gateway.principal_id
  principal_type     = "ServicePrincipal"
}
{%- endif %}

resource "azurerm_web_application_firewall_policy" "this" {
  name                = {{ c.derived.waf.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  policy_settings {
    enabled                          = true
    mode                             = "Prevention"
    request_body_check               = true
    request_body_inspect_limit_in_kb = 128
    max_request_body_size_in_kb      = 128
    file_upload_limit_in_mb          = 100
  }

  managed_rules {
    managed_rule_set {
      type    = "Microsoft_DefaultRuleSet"
      version = "2.1"
    }

    managed_rule_set {
      type    = "Microsoft_BotManagerRuleSet"
      version = "1.1"
    }

    # Chat turns carry markdown, code and quotes in the JSON "content" field; scored by the
    # content rules they add up over a conversation until the WAF answers 403. Only that
    # field skips those rule groups (as in the reference implementation).
    exclusion {
      match_variable          = "RequestArgValues"
      selector_match_operator = "Contains"
      selector                = "content"

      excluded_rule_set {
        type    = "Microsoft_DefaultRuleSet"
        version = "2.1"
{%- for g in ["SQLI", "MS-ThreatIntel-SQLI", "PROTOCOL-ATTACK", "XSS", "RCE", "LFI", "RFI", "PHP", "MS-ThreatIntel-AppSec", "MS-ThreatIntel-WebShells", "MS-ThreatIntel-CVEs"] %}

        rule_group {
          rule_group_name = "{{ g }}"
        }
{%- endfor %}
      }
    }
  }
}

resource "azurerm_public_ip" "this" {
  name                = {{ c.derived.pip.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}

resource "azurerm_application_gateway" "this" {
  name                              = var.name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  zones                             = ["1", "2", "3"]
  http2_enabled                     = true
  firewall_policy_id                = azurerm_web_application_firewall_policy.this.id
  force_firewall_policy_association = true
  tags                              = var.tags

  sku {
    name = "{{ c.sku }}"
    tier = "{{ c.sku }}"
  }

  autoscale_configuration {
    min_capacity = var.min_capacity
    max_capacity = var.max_capacity
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.gateway.id]
  }

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = var.subnet_id
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.this.id
  }

  frontend_port {
    name = "https"
    port = 443
  }

  frontend_port {
    name = "http"
    port = 80
  }

  ssl_certificate {
    name                = "tls"
    key_vault_secret_id = var.certificate_secret_uri
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "tls"
  }

  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  redirect_configuration {
    name                 = "http-to-https"
    redirect_type        = "Permanent"
    target_listener_name = "https"
    include_path         = true
    include_query_string = true
  }

  backend_address_pool {
    name  = "app"
    fqdns = [var.backend_host_name]
  }

  probe {
    name                                      = "app-https"
    protocol                                  = "Https"
    path                                      = {{ "var.probe_path" if apim_backend else '"/"' }}
    interval                                  = 30
    timeout                                   = 30
    unhealthy_threshold                       = 3
    pick_host_name_from_backend_http_settings = true

    match {
      status_code = ["200-399"]
    }
  }

  backend_http_settings {
    name                                = "app-https"
    port                                = 443
    protocol                            = "Https"
    cookie_based_affinity               = "Disabled"
    pick_host_name_from_backend_address = true
    request_timeout                     = 30
    probe_name                          = "app-https"
  }

  request_routing_rule {
    name                       = "https-to-app"
    rule_type                  = "Basic"
    priority                   = 100
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app-https"
  }

  request_routing_rule {
    name                        = "http-to-https"
    rule_type                   = "Basic"
    priority                    = 200
    http_listener_name          = "http"
    redirect_configuration_name = "http-to-https"
  }
{%- if kv %}

  # The gateway reads the certificate when it is created.
  depends_on = [azurerm_role_assignment.certificate_reader]
{%- endif %}
}
{{- diagnostics(c, "azurerm_application_gateway.this.id") }}
{%- endif %}
