{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "app-gateway" in ak.modules -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{{ std_variables(ak.component["app-gateway"]) }}

variable "subnet_id" {
  description = "Resource ID of the subnet dedicated to the Application Gateway."
  type        = string
}

variable "backend_host_name" {
  description = "Host name of the backend (for example the web app default host name); the gateway calls it over HTTPS."
  type        = string
}

variable "certificate_secret_uri" {
  description = "Versionless Key Vault secret URI of the TLS certificate (PFX) for the HTTPS listener, e.g. https://<vault>.vault.azure.net/secrets/<certificate-name>."
  type        = string
}
{%- if ak.apim_internal and "app-service" not in ak.component_ids and "function-app" not in ak.component_ids %}

variable "probe_path" {
  description = "Path of the backend health probe (API Management answers 200 on its status endpoint)."
  type        = string
}
{%- endif %}
{%- if "key-vault" in ak.component_ids %}

variable "key_vault_id" {
  description = "Resource ID of the Key Vault that holds the certificate; the gateway identity gets Key Vault Secrets User on it."
  type        = string
}
{%- endif %}
{%- endif %}
