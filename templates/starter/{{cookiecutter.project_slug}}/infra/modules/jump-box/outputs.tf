{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "jump-box" in ak.modules and ak.private -%}
output "id" {
  description = "Resource ID of the jump box (empty when it is not deployed)."
  value       = var.deploy_jump_box ? azurerm_windows_virtual_machine.this[0].id : ""
}

output "name" {
  description = "Name of the jump box."
  value       = var.name
}
{%- endif %}
