{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
# State lives in Azure Storage and is read and written with Entra ID (the account created
# by scripts/bootstrap.sh has shared keys off). Partial configuration: each environment
# has its own container and key, passed at init time by the workflows, the README's
# commands (-backend-config) or azd (infra/provider.conf.json).
terraform {
  backend "azurerm" {
    use_azuread_auth = true
  }
}
{%- endif %}
