{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.79"
    }
{%- if "agent-service" in ak.component_ids %}
    # Agent Service's project connections and capability host have no azurerm resource.
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.6"
    }
{%- endif %}
  }
}
{%- endif %}
