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

variable "identity_id" {
  description = "Resource ID of the user-assigned identity that reads the TLS certificate from Key Vault (needs Key Vault Secrets User)."
  type        = string
}

variable "tls_certificate_secret_id" {
  description = "Versionless Key Vault secret ID of the TLS certificate (PFX) for the public listener; empty serves HTTP on port 80."
  type        = string
  default     = ""
}
{%- endif %}
