{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-cluster" in ak.modules -%}
# Machine Learning compute cluster for training and pipeline steps. It scales to zero when
# idle, has no node public IPs and no SSH, and runs as the workload identity (AcrPull on the
# registry, data roles on storage).{{ " Its nodes live in the workspace's managed network." if ak.private }}
resource "azurerm_machine_learning_compute_cluster" "this" {
  count = var.enabled ? 1 : 0

  name                          = var.name
  location                      = var.location
  machine_learning_workspace_id = var.workspace_id
  description                   = "Training and pipeline compute; scales to zero when idle."
  vm_size                       = var.vm_size
  vm_priority                   = "Dedicated"
  local_auth_enabled            = false
  node_public_ip_enabled        = false
  ssh_public_access_enabled     = false
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  scale_settings {
    min_node_count                       = 0
    max_node_count                       = var.max_node_count
    scale_down_nodes_after_idle_duration = "PT15M"
  }
}
{%- endif %}
