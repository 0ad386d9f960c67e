{%- set ak = archkit(cookiecutter) %}
{%- if ak.terraform and "build-agents" in ak.modules and ak.private -%}
{%- set c = ak.component["build-agents"] -%}
# Self-hosted CI/CD runners: an Ubuntu 24.04 scale set in snet-buildAgents with private
# line of sight to the workspace, registry and cluster. No public IP; egress takes the
# workload's route (Azure Firewall: allow your CI service's endpoints in its policy).
# Sign-in is SSH keys only (no passwords), through Azure Bastion or a peered network.
# Trusted Launch, automatic OS image upgrades (health from the SSH port) and the Azure
# Monitor agent (syslog and performance counters to the Log Analytics workspace).
# The scale set's own identity holds no role: pipelines sign in with their own workload
# identities (OIDC), one per pipeline, as the page asks. Install and register the runner
# software with your CI service's registration token (a credential this starter does not hold).
# Deployed only when ssh_public_key is set (every resource below has count 0 otherwise).

locals {
  count = var.ssh_public_key == "" ? 0 : 1
}

resource "azurerm_linux_virtual_machine_scale_set" "this" {
  count = local.count

  name                            = var.name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  sku                             = var.vm_size
  instances                       = var.instance_count
  zones                           = ["1", "2", "3"]
  zone_balance                    = false
  overprovision                   = false
  upgrade_mode                    = "Automatic"
  computer_name_prefix            = "runner"
  admin_username                  = "azureuser"
  disable_password_authentication = true
  provision_vm_agent              = true
  secure_boot_enabled             = true
  vtpm_enabled                    = true
  tags                            = var.tags

  admin_ssh_key {
    username   = "azureuser"
    public_key = var.ssh_public_key
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  network_interface {
    name                          = "nic"
    primary                       = true
    enable_accelerated_networking = true

    ip_configuration {
      name      = "ipconfig"
      primary   = true
      subnet_id = var.subnet_id
    }
  }

  identity {
    type = "SystemAssigned"
  }

  automatic_os_upgrade_policy {
    enable_automatic_os_upgrade = true
    disable_automatic_rollback  = false
  }

  boot_diagnostics {}

  # Automatic OS image upgrades roll on only while instances report healthy.
  extension {
    name                       = "HealthExtension"
    publisher                  = "Microsoft.ManagedServices"
    type                       = "ApplicationHealthLinux"
    type_handler_version       = "2.0"
    auto_upgrade_minor_version = true
    settings                   = jsonencode({ protocol = "tcp", port = 22 })
  }

  extension {
    name                       = "AzureMonitorLinuxAgent"
    publisher                  = "Microsoft.Azure.Monitor"
    type                       = "AzureMonitorLinuxAgent"
    type_handler_version       = "1.0"
    auto_upgrade_minor_version = true
    automatic_upgrade_enabled  = true
  }
}

resource "azurerm_monitor_data_collection_rule" "this" {
  count = local.count

  name                = {{ c.derived.dcr.terraform }}
  location            = var.location
  resource_group_name = var.resource_group_name
  kind                = "Linux"
  tags                = var.tags

  data_sources {
    syslog {
      name           = "syslog"
      streams        = ["Microsoft-Syslog"]
      facility_names = ["auth", "authpriv", "daemon", "syslog"]
      log_levels     = ["Warning", "Error", "Critical", "Alert", "Emergency"]
    }

    performance_counter {
      name                          = "perfCounters"
      streams                       = ["Microsoft-Perf"]
      sampling_frequency_in_seconds = 60
      counter_specifiers            = ["Processor(*)\\% Processor Time", "Memory(*)\\% Used Memory", "Logical Disk(*)\\% Used Space"]
    }
  }

  destinations {
    log_analytics {
      name                  = "workspace"
      workspace_resource_id = var.log_analytics_workspace_id
    }
  }

  data_flow {
    streams      = ["Microsoft-Syslog", "Microsoft-Perf"]
    destinations = ["workspace"]
  }
}

resource "azurerm_monitor_data_collection_rule_association" "this" {
  count = local.count

  name                    = "build-agents-monitoring"
  target_resource_id      = azurerm_linux_virtual_machine_scale_set.this[0].id
  data_collection_rule_id = azurerm_monitor_data_collection_rule.this[0].id
}
{%- endif %}
