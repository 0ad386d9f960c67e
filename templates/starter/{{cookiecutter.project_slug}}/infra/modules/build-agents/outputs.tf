{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "build-agents" in ak.modules and ak.private -%}
output "id" {
  description = "Resource ID of the runners' scale set (empty when it is not deployed)."
  value       = local.count == 1 ? azurerm_linux_virtual_machine_scale_set.this[0].id : ""
}

output "name" {
  description = "Name of the runners' scale set."
  value       = var.name
}
{%- endif %}
