{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
# azurerm 4 needs the target subscription: ARM_SUBSCRIPTION_ID, which the workflows set and
# the README's commands export (az account show --query id --output tsv).
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
