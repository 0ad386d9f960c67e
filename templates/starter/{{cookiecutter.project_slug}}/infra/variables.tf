{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform -%}
{%- from "terraform/macros.j2" import attrs with context -%}
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
  description = "Deployment environment; selects the short environment code used in names. Sizing follows the variables below, which environments/<environment>.tfvars sets."
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
{%- for c in ak.components if c.deployed %}
{%- for s in c.sizing %}

variable "{{ s.tf }}" {
  description = {{ (c.title ~ ": " ~ s.description ~ " (" ~ s.summary ~ ")") | tojson }}
  type        = {{ s.tf_type }}
  default     = {{ s.tf_values[ak.environment] }}
}
{%- endfor %}
{%- endfor %}
{%- if ak.components | selectattr("user_roles") | selectattr("deployed") | list %}

variable "developer_principal_id" {
  description = "Object ID of the person (or Entra ID group) who checks the deployment in the portal; they get the roles the architecture lists for people. Empty grants nothing."
  type        = string
  default     = ""
}
{%- endif %}
{%- if ak.address_plan %}

variable "address_plan" {
  description = "Address plan: {{ "the virtual network prefix and " if ak.address_plan.virtual_network }}one prefix per workload subnet{{ " in the platform spoke (the platform team allocates them)" if ak.landing_zone }}. archkit validate checks overlaps, minimum sizes and supported ranges."
  type = object({
{%- if ak.address_plan.virtual_network %}
    virtual_network = string
{%- endif %}
    subnets{{ "        " if ak.address_plan.virtual_network }} = map(string)
  })
  default = {
{%- if ak.address_plan.virtual_network %}
    virtual_network = "{{ ak.address_plan.virtual_network }}"
{%- endif %}
    subnets = {
{%- set plan = namespace(pairs=[]) %}
{%- for k, v in ak.address_plan.subnets.items() %}{% set plan.pairs = plan.pairs + [(k, v | tojson)] %}{% endfor %}
{{- attrs(plan.pairs, 6) }}
    }
  }
}
{%- if not ak.landing_zone %}

variable "enable_ddos_protection" {
  description = "Create an Azure DDoS Network Protection plan for the virtual network. Off by default, as in the reference implementation: turn it on in production unless the platform team covers the public IPs."
  type        = bool
  default     = false
}
{%- endif %}
{%- endif %}
{%- if "jump-box" in ak.component_ids and ak.private %}

variable "deploy_jump_box" {
  description = "Deploy {{ "Azure Bastion and " if not ak.landing_zone }}the Windows jump box (on by default, as in the reference implementation; people sign in with Microsoft Entra ID)."
  type        = bool
  default     = true
}

variable "jump_box_admin_password" {
  description = "Password of the jump box's local break-glass administrator (vmadmin). Pass it as TF_VAR_jump_box_admin_password, never in a .tfvars file."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = !var.deploy_jump_box || try(length(var.jump_box_admin_password) >= 12, false)
    error_message = "Set TF_VAR_jump_box_admin_password (at least 12 characters) or deploy_jump_box = false."
  }
}
{%- endif %}
{%- if "build-agents" in ak.component_ids and ak.private %}

variable "build_agents_ssh_public_key" {
  description = "OpenSSH public key of the self-hosted runners' administrator (azureuser; SSH keys only, no passwords). Empty deploys no runners; a public key is no secret, so set it per environment in environments/<environment>.tfvars."
  type        = string
  default     = ""

  validation {
    condition     = var.build_agents_ssh_public_key == "" || can(regex("^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$", var.build_agents_ssh_public_key))
    error_message = "Use an OpenSSH public key (ssh-ed25519, ssh-rsa or ecdsa-sha2-*), or leave it empty to deploy no runners."
  }
}
{%- endif %}
{%- if "ml-compute-instance" in ak.component_ids %}

variable "compute_instance_user_object_id" {
  description = "Microsoft Entra object ID of the data scientist who owns the compute instance (a user, not a group). Empty creates none; the compute instance exists only where ml_compute_instance_enabled is true (Dev)."
  type        = string
  default     = ""

  validation {
    condition     = var.compute_instance_user_object_id == "" || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.compute_instance_user_object_id))
    error_message = "Use the user's object ID (a GUID), or leave it empty to create no compute instance."
  }
}
{%- endif %}
{%- if "app-gateway" in ak.component_ids %}

variable "gateway_certificate_key_vault_uri" {
  description = "Versionless Key Vault secret URI of the gateway's TLS certificate (PFX), e.g. https://<vault>.vault.azure.net/secrets/<certificate-name>. The gateway serves HTTPS only (HTTP redirects); its own identity reads this secret."
  type        = string

  validation {
    condition     = can(regex("^https://[a-zA-Z0-9-]{3,24}\\.vault\\.azure\\.net/secrets/[a-zA-Z0-9-]{1,127}/?$", var.gateway_certificate_key_vault_uri))
    error_message = "Use the versionless secret URI of the certificate in Key Vault: https://<vault>.vault.azure.net/secrets/<certificate-name>."
  }
}
{%- endif %}
{%- if "sql-database" in ak.component_ids %}

variable "sql_admin_group_object_id" {
  description = "Object ID of the Microsoft Entra ID group that administers the SQL server (Entra-only authentication: no SQL logins or passwords)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.sql_admin_group_object_id))
    error_message = "Set sql_admin_group_object_id to the object ID (a GUID) of the Entra ID group that administers the SQL server."
  }
}

variable "sql_admin_group_name" {
  description = "Display name of that Microsoft Entra ID group."
  type        = string

  validation {
    condition     = length(var.sql_admin_group_name) > 0 && !startswith(var.sql_admin_group_name, "<")
    error_message = "Set sql_admin_group_name to the display name of the Entra ID group that administers the SQL server."
  }
}
{%- endif %}
{%- endif %}
