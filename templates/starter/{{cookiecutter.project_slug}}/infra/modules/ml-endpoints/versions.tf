{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-endpoints" in ak.modules -%}
# A module that uses a provider outside the hashicorp namespace must name its source,
# or Terraform looks for hashicorp/azapi. The root module pins the versions.
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
    azapi = {
      source = "Azure/azapi"
    }
  }
}
{%- endif %}
