{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["app-gateway"] -%}
# Application Gateway ({{ c.sku }}) with a WAF policy in prevention mode (OWASP 3.2):
# the workload's only internet entry point. It calls the backend over HTTPS with the
# backend's own host name{{ ", which resolves to its private endpoint inside the virtual network" if ak.private }}.
# The listener serves HTTPS with the Key Vault certificate in tls_certificate_secret_id,
# read with the workload identity; while that is empty it serves HTTP on port 80.

locals {
  # Names of the resources this module adds: the part of var.name after its abbreviation.
  base_name = replace(var.name, "/^[^-]+-/", "")
  use_tls   = var.tls_certificate_secret_id != ""
}

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
      type    = "OWASP"
      version = "3.2"
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
    identity_ids = [var.identity_id]
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
    name = "listener"
    port = local.use_tls ? 443 : 80
  }

  dynamic "ssl_certificate" {
    for_each = local.use_tls ? [var.tls_certificate_secret_id] : []

    content {
      name                = "tls"
      key_vault_secret_id = ssl_certificate.value
    }
  }

  http_listener {
    name                           = "public"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "listener"
    protocol                       = local.use_tls ? "Https" : "Http"
    ssl_certificate_name           = local.use_tls ? "tls" : null
  }

  backend_address_pool {
    name  = "app"
    fqdns = [var.backend_host_name]
  }

  probe {
    name                                      = "app-https"
    protocol                                  = "Https"
    path                                      = "/"
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
    name                       = "public-to-app"
    rule_type                  = "Basic"
    priority                   = 100
    http_listener_name         = "public"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app-https"
  }
}
{{- diagnostics(c, "azurerm_application_gateway.this.id") }}
{%- endif %}
