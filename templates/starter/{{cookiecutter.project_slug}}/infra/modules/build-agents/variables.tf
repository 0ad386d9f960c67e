{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "build-agents" in ak.modules and ak.private -%}
{%- from "terraform/macros.j2" import std_variables with context -%}
{%- set c = ak.component["build-agents"] -%}
{{ std_variables(c) }}

variable "subnet_id" {
  description = "Resource ID of snet-buildAgents."
  type        = string
}

variable "ssh_public_key" {
  description = "OpenSSH public key of the runners' administrator (azureuser); empty deploys no runners."
  type        = string
}
{%- endif %}
