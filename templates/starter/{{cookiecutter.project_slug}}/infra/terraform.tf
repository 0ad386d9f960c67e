{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.79"
    }
{%- if "agent-service" in ak.component_ids or ak.search_connection_roles %}
    # Foundry project connections{{ " and Agent Service's capability host" if "agent-service" in ak.component_ids }} have no azurerm resource.
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.6"
    }
{%- endif %}
  }
}
{%- endif %}
