{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
provider "azurerm" {
  # Storage data-plane calls use Entra ID, so shared keys can stay disabled.
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
  }
}
{%- endif %}
