{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ai-foundry" in ak.modules -%}
{%- from "terraform/macros.j2" import diagnostics, private_endpoint, role_assignments with context -%}
{%- set c = ak.component["ai-foundry"] -%}
{%- set agents = ak.private and "agent-service" in ak.component_ids -%}
# Microsoft Foundry resource (Cognitive Services account of kind {{ c.kind }}) with one
# project and the model deployments of this architecture. Entra ID only (local auth
# off); {{ "no public network access, reached through a private endpoint" if ak.private else "public network access on, protected by identity and roles only" }}.
resource "azurerm_cognitive_account" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  kind                          = "{{ c.kind }}"
  sku_name                      = "{{ c.sku }}"
  custom_subdomain_name         = var.name
  project_management_enabled    = true
  local_auth_enabled            = false
  public_network_access_enabled = {{ "false" if ak.private else "true" }}
  tags                          = var.tags

  identity {
    type = "SystemAssigned"
  }

  network_acls {
    default_action = "{{ "Deny" if ak.private else "Allow" }}"
    bypass         = "None" # no trusted-service exception, as in the reference
  }
{%- if agents %}

  # Agent Service standard setup with your own network: agents reach their
  # dependencies and tools from this delegated subnet, not a Microsoft-managed network.
  network_injection {
    scenario  = "agent"
    subnet_id = var.agent_subnet_id
  }
{%- endif %}
}

resource "azurerm_cognitive_account_project" "this" {
  name                 = var.project_name
  cognitive_account_id = azurerm_cognitive_account.this.id
  location             = var.location
  display_name         = var.project_name
  tags                 = var.tags

  identity {
    type = "SystemAssigned"
  }
}
{%- if ak.models %}

# Model deployments, one after another: the account accepts one deployment change at
# a time. Versions are pinned; plan upgrades before a version retires.
{%- set ns = namespace(prev="azurerm_cognitive_account_project.this") %}
{%- for m in ak.models %}
{%- set label = m.name.replace(".", "_").replace("-", "_") %}

resource "azurerm_cognitive_deployment" "{{ label }}" {
  name                   = "{{ m.name }}"
  cognitive_account_id   = azurerm_cognitive_account.this.id
  version_upgrade_option = "NoAutoUpgrade"

  model {
    format  = "{{ m.format }}"
    name    = "{{ m.name }}"
    version = "{{ m.version }}"
  }

  sku {
    name     = "{{ m.sku }}"
    capacity = {{ m.capacity }}
  }

  depends_on = [{{ ns.prev }}]
}
{%- set ns.prev = "azurerm_cognitive_deployment." ~ label %}
{%- endfor %}
{%- endif %}
{{- diagnostics(c, "azurerm_cognitive_account.this.id") }}
{{- private_endpoint(c, "azurerm_cognitive_account.this.id") }}
{{- role_assignments(c, "azurerm_cognitive_account.this.id") }}
{%- endif %}
