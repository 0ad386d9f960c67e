{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "firewall" in ak.modules and ak.private and not ak.landing_zone -%}
{%- from "terraform/macros.j2" import diagnostics with context -%}
{%- set c = ak.component["firewall"] %}
{%- set basic = c.sku == "Basic" %}
{%- from "egress_rules.j2" import aks_rules, apim_rules, jump_box_rules %}
{%- set jump = "jump-box" in ak.component_ids %}
{%- set aks = "aks-inference" in ak.component_ids %}
{%- set apim = ak.apim_internal -%}
# Azure Firewall ({{ c.sku }} tier) managed by a firewall policy: the workload subnets
# send internet-bound traffic here (route table in the virtual-network module).
# The policy denies everything its rules do not allow. It starts with one network
# rule (HTTPS to the AzureMonitor service tag, so telemetry and diagnostics flow);
# add the FQDNs and service tags the workload needs to the "workload-egress" group.
{%- if aks %}
# The AKS inference subnet gets the FQDNs that AKS, its add-ons and the Machine Learning
# extension need (application rules; the cluster's outbound type is userDefinedRouting).
{%- endif %}
{%- if apim %}
# The internal API Management subnet gets the service tags its control plane depends on.
{%- endif %}
{%- if basic %}
# The Basic tier supports threat intelligence in alert mode only and no DNS proxy,
# and needs a management IP configuration in AzureFirewallManagementSubnet.
{%- endif %}

# Names of the resources this module adds: the part of var.name after its abbreviation.
locals {
  base_name = replace(var.name, "/^[^-]+-/", "")
}

resource "azurerm_firewall_policy" "this" {
  name                     = {{ c.derived.policy.terraform }}
  location                 = var.location
  resource_group_name      = var.resource_group_name
  sku                      = "{{ c.sku }}"
  threat_intelligence_mode = "{{ "Alert" if basic else "Deny" }}"
  tags                     = var.tags
{%- if not basic %}

  dns {
    proxy_enabled = true
  }
{%- endif %}
}

# Egress rules. Collections are evaluated by priority; traffic that no rule allows is denied.
resource "azurerm_firewall_policy_rule_collection_group" "egress" {
  name               = "workload-egress"
  firewall_policy_id = azurerm_firewall_policy.this.id
  priority           = 200

  network_rule_collection {
    name     = "platform-network"
    priority = 100
    action   = "Allow"

    rule {
      name                  = "azure-monitor"
      description           = "Telemetry and diagnostics to Azure Monitor (Application Insights ingestion) over HTTPS."
      protocols             = ["TCP"]
      source_addresses      = var.source_address_prefixes
      destination_addresses = ["AzureMonitor"]
      destination_ports     = ["443"]
    }
{%- if apim %}
{%- for r in apim_rules %}

    rule {
      name                  = "{{ r.name }}"
      description           = "{{ r.description }}"
      protocols             = ["TCP"]
      source_addresses      = [var.api_management_subnet_prefix]
      destination_addresses = {{ r.destinations | tojson }}
      destination_ports     = {{ r.ports | tojson }}
    }
{%- endfor %}
{%- endif %}
  }
{%- if aks %}

  application_rule_collection {
    name     = "aks-egress"
    priority = 300
    action   = "Allow"
{%- for r in aks_rules %}

    rule {
      name              = "{{ r.name }}"
      description       = "{{ r.description }}"
      source_addresses  = [var.inference_subnet_prefix]
      destination_fqdns = {{ r.fqdns | map("replace", "{location}", "${var.location}") | list | tojson }}

      protocols {
        type = "Https"
        port = 443
      }
    }
{%- endfor %}
  }
{%- endif %}
{%- if jump %}

  application_rule_collection {
    name     = "jump-box-egress"
    priority = 400
    action   = "Allow"
{%- for r in jump_box_rules %}

    rule {
      name              = "{{ r.name }}"
      description       = "{{ r.description }}"
      source_addresses  = [var.jump_box_subnet_prefix]
      destination_fqdns = {{ r.fqdns | list | tojson }}

      protocols {
        type = "Https"
        port = 443
      }
    }
{%- endfor %}
  }
{%- endif %}

  # Add an application rule collection for the FQDNs the app calls outside Azure, e.g.
  # application_rule_collection {
  #   name     = "app-fqdns"
  #   priority = 200
  #   action   = "Allow"
  #
  #   rule {
  #     name              = "partner-api"
  #     source_addresses  = var.source_address_prefixes
  #     destination_fqdns = ["api.example.com"]
  #
  #     protocols {
  #       type = "Https"
  #       port = 443
  #     }
  #   }
  # }
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
{%- if basic %}

resource "azurerm_public_ip" "management" {
  name                = {{ c.derived['pip-mgmt'].terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  allocation_method   = "Static"
  ip_version          = "IPv4"
  zones               = ["1", "2", "3"]
  tags                = var.tags
}
{%- endif %}

resource "azurerm_firewall" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku_name            = "AZFW_VNet"
  sku_tier            = "{{ c.sku }}"
  firewall_policy_id  = azurerm_firewall_policy.this.id
  zones               = ["1", "2", "3"]
  tags                = var.tags

  ip_configuration {
    name                 = "ipconfig"
    subnet_id            = var.subnet_id
    public_ip_address_id = azurerm_public_ip.this.id
  }
{%- if basic %}

  management_ip_configuration {
    name                 = "management"
    subnet_id            = var.management_subnet_id
    public_ip_address_id = azurerm_public_ip.management.id
  }
{%- endif %}
}
{{- diagnostics(c, "azurerm_firewall.this.id") }}
{%- endif %}
