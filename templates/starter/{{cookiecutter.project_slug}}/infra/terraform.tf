{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.79"
    }
  }
}
{%- endif %}
