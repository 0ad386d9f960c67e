{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "ml-compute-instance" in ak.modules -%}
{%- set c = ak.component["ml-compute-instance"] -%}
# The data scientist's Machine Learning compute instance for notebooks (Dev only: the page
# keeps interactive compute out of Stage and Prod; `enabled` comes from the environment's
# tfvars file). Personal: only the assigned user may use it. No public IP and no SSH;
# {{ "it runs in the workspace's managed network, and " if ak.private }}it shuts down after an hour idle.
# azurerm_machine_learning_compute_instance has no idle-shutdown argument, so this is the
# ARM body the Bicep flavour deploys, through azapi. Created only when user_object_id is set.
data "azurerm_client_config" "current" {}

resource "azapi_resource" "this" {
  count = var.enabled && var.user_object_id != "" ? 1 : 0

  type                      = "Microsoft.MachineLearningServices/workspaces/computes@{{ c.api_version }}"
  name                      = var.name
  parent_id                 = var.workspace_id
  location                  = var.location
  tags                      = var.tags
  schema_validation_enabled = false

  body = {
    properties = {
      computeType      = "ComputeInstance"
      description      = "Personal notebook compute of the data scientist; shuts down when idle."
      disableLocalAuth = true
      properties = {
        vmSize                           = var.vm_size
        enableNodePublicIp               = false
        enableSSO                        = true
        idleTimeBeforeShutdown           = var.idle_time_before_shutdown
        computeInstanceAuthorizationType = "personal"
        personalComputeInstanceSettings = {
          assignedUser = {
            objectId = var.user_object_id
            tenantId = data.azurerm_client_config.current.tenant_id
          }
        }
        sshSettings = {
          sshPublicAccess = "Disabled"
        }
      }
    }
  }
}
{%- endif %}
