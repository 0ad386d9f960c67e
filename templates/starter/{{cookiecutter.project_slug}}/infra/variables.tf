{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
variable "workload_name" {
  description = "Short workload name used in every resource name (lowercase letters, digits, single hyphens)."
  type        = string
  default     = "{{ ak.workload }}"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", var.workload_name)) && !strcontains(var.workload_name, "--")
    error_message = "Use lowercase letters, digits and single hyphens; start with a letter, end with a letter or digit."
  }

  validation {
    condition     = length(var.workload_name) >= 2 && length(var.workload_name) <= {{ ak.workload_max }}
    error_message = "Between 2 and {{ ak.workload_max }} characters: the tightest resource naming rule in this repository allows no more."
  }
}

variable "environment" {
  description = "Deployment environment; selects the short environment code used in names."
  type        = string
  default     = "{{ ak.environment }}"

  validation {
    condition     = contains(["dev", "test", "prod"], var.environment)
    error_message = "Use dev, test or prod."
  }
}

variable "location" {
  description = "Azure region for every resource."
  type        = string
  default     = "{{ ak.location }}"
{%- if ak.allowed_regions %}

  validation {
    condition     = contains([{{ ak.allowed_regions | map("tojson") | join(", ") }}], var.location)
    error_message = "The platform kit {{ ak.kit.name }} allows only these regions: {{ ak.allowed_regions | join(", ") }}."
  }
{%- endif %}
}

variable "name_suffix" {
  description = "Short suffix that keeps globally unique names unique."
  type        = string
  default     = "{{ ak.suffix }}"

  validation {
    condition     = can(regex("^[a-z0-9]{3,6}$", var.name_suffix))
    error_message = "Three to six lowercase letters or digits."
  }
}

variable "resource_group_name" {
  description = "Existing resource group that receives every resource."
  type        = string
}

variable "tags" {
  description = "Extra tags merged into the standard tags on every taggable resource."
  type        = map(string)
  default     = {}
}
{%- if ak.landing_zone %}

variable "spoke_virtual_network_id" {
  description = "Resource ID of the existing spoke virtual network that the platform team provides."
  type        = string
}

variable "egress_route_table_id" {
  description = "Resource ID of the platform route table that sends egress to the hub firewall."
  type        = string
}

variable "private_dns_zone_ids" {
  description = "Resource IDs of the platform-managed private DNS zones, keyed by zone name."
  type        = map(string)
}
{%- endif %}
{%- if "app-gateway" in ak.component_ids %}

variable "tls_certificate_secret_id" {
  description = "Versionless Key Vault secret ID of the TLS certificate for the public listener (PFX); empty serves HTTP only, which prod refuses."
  type        = string
  default     = ""

  # prod serves HTTPS only: plan and apply stop here until the certificate is given.
  validation {
    condition     = var.environment != "prod" || var.tls_certificate_secret_id != ""
    error_message = "prod serves HTTPS only: set tls_certificate_secret_id in environments/prod.tfvars to the versionless Key Vault secret ID of the listener certificate (README, TLS certificate)."
  }

  validation {
    condition     = var.tls_certificate_secret_id == "" || can(regex("^https://[^/]+/secrets/[^/]+/?$", var.tls_certificate_secret_id))
    error_message = "Use the versionless Key Vault secret ID: https://<vault-name>.vault.azure.net/secrets/<certificate-name>."
  }
}
{%- endif %}
{%- endif %}
