{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "key-vault" in ak.modules -%}
output "id" {
  description = "Resource ID of the Key Vault."
  value       = azurerm_key_vault.this.id
}

output "name" {
  description = "Name of the Key Vault."
  value       = azurerm_key_vault.this.name
}

output "uri" {
  description = "Vault URI for SDK clients."
  value       = azurerm_key_vault.this.vault_uri
}
{%- endif %}
